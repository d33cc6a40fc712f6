"""The one PDF engine (web/pdf.py): real WeasyPrint, read back with pypdf; it fetches nothing but
the application's own static files, and without the extra the address says 501, not 500."""

from __future__ import annotations

import io
import sys

import pypdf
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.testclient import TestClient

from sciatica.web import pdf


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_document_renders_and_reads_back_with_accents() -> None:
    data = pdf.render_pdf(
        "<!doctype html><html lang=fr><body><h1>Lettre d'adresse</h1>"
        "<p>Faiblesse de la dorsiflexion gauche 2/5</p></body></html>"
    )
    assert data.startswith(b"%PDF-")
    text = text_of(data)
    assert "Lettre d'adresse" in text and "dorsiflexion gauche 2/5" in text


def test_the_static_stylesheet_is_served_from_the_package() -> None:
    fetched = pdf._fetch("sciatica-internal://app/static/base.css")
    assert fetched["mime_type"] == "text/css" and len(fetched["string"]) > 100


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "sciatica-internal://app/static/../pdf.py",
        "sciatica-internal://app/records/1",
        "sciatica-internal://app/static/none.css",
    ],
)
def test_nothing_else_is_fetched(url: str) -> None:
    with pytest.raises(pdf.RefusedAddress):
        pdf._fetch(url)


def test_a_document_asking_for_a_remote_image_still_renders_without_fetching_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    real = pdf._fetch

    def spy(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        asked.append(url)
        return real(url)

    monkeypatch.setattr(pdf, "_fetch", spy)
    data = pdf.render_pdf('<p>Name</p><img src="http://example.org/x.png" alt="">')
    assert "Name" in text_of(data)
    assert asked  # the engine asked, and the fetcher refused (no network use happened)


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/doc.pdf")
    async def doc(request: Request) -> Response:
        return pdf.pdf_response(request, "<p>Plan</p>", "plan.pdf")

    return app


def test_the_response_is_a_download_that_no_cache_keeps() -> None:
    answer = TestClient(_app()).get("/doc.pdf")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "no-store"
    assert 'filename="plan.pdf"' in answer.headers["content-disposition"]
    assert "Plan" in text_of(answer.content)


def test_without_the_extra_the_address_says_501_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    answer = TestClient(_app()).get("/doc.pdf", headers={"accept": "application/json"})
    assert answer.status_code == 501
    assert "pip install 'sciatica[pdf]'" in answer.json()["detail"]
