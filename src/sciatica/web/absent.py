"""What the addresses of an optional extra answer when it is not installed (`sciatica.extras`).

One rule for every extra: its routers are not mounted (nor in the OpenAPI document) and its
addresses answer **501 Not Implemented naming the extra** and `pip install 'sciatica[NAME]'`: an
`application/problem+json` document for API, FHIR and CDS Hooks clients, the HTML error page for a
browser. Never a 500, never a bare 404 that would read as "no such patient". The pages hide the
links and forms that would only lead there (the self-check's own-words box without `text`, the
error page's link to the records without `records`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..extras import EXTRAS, install_hint
from .problems import error_page, problem, wants_page

# The addresses each extra serves, as route paths (`{rest:path}`: everything below).
PATHS: dict[str, tuple[str, ...]] = {
    "records": (
        "/login",
        "/logout",
        "/records",
        "/records/{rest:path}",
        "/api/v1/auth/{rest:path}",
        "/api/v1/patients",
        "/api/v1/patients/{rest:path}",
        "/api/v1/alerts",
    ),
    "fhir": ("/fhir/{rest:path}", "/cds-services", "/cds-services/{rest:path}"),
    "text": ("/api/v1/assess-text", "/check/text"),
}
# With the fhir extra but not records, FHIR still has no patient to export ($everything).
RECORDS_UNDER_FHIR = ("/fhir/Patient/{rest:path}",)
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
KIND = "/problems/extra-not-installed"


def not_installed(request: Request, extra: str) -> Response:
    """The 501 answer for an address of the extra `extra`, which is not installed."""
    if wants_page(request):
        return error_page(request, 501, extra=extra)
    return problem(
        501,
        f"The {extra!r} extra is not installed",
        f"This server was installed without the optional extra {extra!r}, which this address "
        f"needs ({EXTRAS[extra].gives}). To add it: {install_hint(extra)}",
        kind=KIND,
    )


def router(extra: str, paths: tuple[str, ...]) -> APIRouter:
    """Routes answering 501 for `paths`, which the absent extra `extra` would serve."""
    stubs = APIRouter(include_in_schema=False)

    async def absent(request: Request) -> Response:
        return not_installed(request, extra)

    for path in paths:
        stubs.add_api_route(path, absent, methods=METHODS, include_in_schema=False)
    return stubs
