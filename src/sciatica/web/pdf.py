"""PDF documents rendered by a real engine (WeasyPrint), from the same HTML the pages print.

One place renders every PDF the product gives (the referral letter, the personal plan, the diary),
so the rules are said once:

- **Nothing is fetched.** A document may only use the application's own static files
  (`/static/...`, read from the package); any other address (http, file, data of unknown kind) is
  refused, so a name typed into a form can never make the server fetch a URL or read a file.
- **Nothing is kept.** The bytes are built in memory and returned; nothing is written to disk or
  logged (a referral letter carries identifiers).
- **The extra may be missing.** Without `sciatica[pdf]` (or without the system's Pango) the
  address answers 501 naming the extra, as every other optional part does (`web/absent.py`).
"""

from __future__ import annotations

import importlib.resources
import mimetypes
from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from ..extras import available
from .absent import not_installed

__all__ = ["pdf_available", "pdf_response", "render_pdf"]

_STATIC = "/static/"
_BASE = "sciatica-internal://app/"  # a base no real fetcher answers: relative links stay ours


class RefusedAddress(ValueError):
    """A document asked for something other than the application's own static files."""


def _fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: serves `/static/...` from the package, refuses the rest."""
    path = url.removeprefix(_BASE.rstrip("/"))
    if not path.startswith(_STATIC) or ".." in path:
        raise RefusedAddress(f"a document may not fetch {url!r}")
    name = path[len(_STATIC) :]
    resource = importlib.resources.files("sciatica.web").joinpath("static", *name.split("/"))
    if not resource.is_file():
        raise RefusedAddress(f"no static file {name!r}")
    return {
        "string": resource.read_bytes(),
        "mime_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
    }


def pdf_available() -> bool:
    """Whether PDF documents can be rendered here (the extra and the system's Pango)."""
    if not available("pdf"):
        return False
    try:
        import weasyprint  # noqa: F401  (Pango is loaded on import; OSError when absent)
    except OSError:
        return False
    return True


def _fetcher() -> Any:
    """A WeasyPrint fetcher whose only source is `_fetch` (its own opener is never used)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            found = _fetch(url)
            return URLFetcherResponse(url, found["string"], {"Content-Type": found["mime_type"]})

    return OwnFilesOnly(allowed_protocols=(), fail_on_errors=False)


def render_pdf(html: str | Sequence[str]) -> bytes:
    """The PDF of `html` (a whole document; its stylesheets are `/static/...` links or inline).

    Given several versions of a document (the same letter in smaller type, say), the PDF of the
    first that fits on one page, else of the last: laid out once each, never guessed.
    """
    import weasyprint  # the engine loads in ~0.6 s: only when a document is asked for

    versions = [html] if isinstance(html, str) else list(html)
    for i, version in enumerate(versions):
        laid_out = weasyprint.HTML(string=version, base_url=_BASE, url_fetcher=_fetcher()).render()
        if len(laid_out.pages) == 1 or i == len(versions) - 1:
            pdf: bytes = laid_out.write_pdf()
            return pdf
    raise ValueError("no document to render")


def pdf_response(request: Request, html: str | Sequence[str], filename: str) -> Response:
    """The PDF of `html` as a download named `filename`, or 501 when PDFs cannot be made here.

    `Cache-Control: no-store`: the document may carry identifiers and health data, and must not
    stay in a shared cache or the browser's.
    """
    if not pdf_available():
        return not_installed(request, "pdf")
    return Response(
        render_pdf(html),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
