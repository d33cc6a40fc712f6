"""Errors as `application/problem+json` (RFC 9457), naming each bad field. Never a bare 500.

A person's browser asking for a page (Accept: text/html, a path outside the API, FHIR, CDS Hooks,
OpenAPI and static files) gets an HTML error page in its language with a link home instead;
API clients keep the problem document exactly as before.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import FieldProblem, InvalidCase
from ..extras import available
from .i18n import negotiate, translator
from .problem_document import PROBLEM, problem
from .templating import templates

__all__ = [
    "PROBLEM",
    "error_page",
    "install",
    "invalid_case",
    "media_type",
    "problem",
    "wants_page",
]
log = logging.getLogger("sciatica.web")
# Machine-facing paths: always problem+json, whatever the client accepts.
MACHINE_PATHS = ("/api/", "/fhir/", "/cds-services/", "/openapi.json/", "/static/")


def media_type(request: Request) -> str:
    """The request's media type, lower case, without parameters (JSON when not given)."""
    return request.headers.get("content-type", "application/json").split(";")[0].strip().lower()


def invalid_case(error: InvalidCase) -> JSONResponse:
    return problem(
        422,
        "The case was refused",
        "Nothing was assessed. Each entry of `errors` names a field and how to fix it.",
        kind="/problems/invalid-case",
        errors=error.problems,
    )


def wants_page(request: Request) -> bool:
    """A browser asking for a page, not a client of the API, FHIR or CDS Hooks endpoints."""
    machine = (request.url.path.rstrip("/") + "/").startswith(MACHINE_PATHS)
    return not machine and "text/html" in request.headers.get("accept", "").lower()


def error_page(
    request: Request,
    status: int,
    headers: dict[str, str] | None = None,
    *,
    extra: str | None = None,
) -> Response:
    """The HTML error page in the request's language (texts `err_title_<status>`); `extra`: the
    optional extra that is not installed (status 501, web/absent.py), named with how to add it."""

    lang = negotiate(request)
    t = translator(lang)
    key = str(status) if f"err_title_{status}" in t else "other"
    text = t[f"err_text_{key}"]
    if extra is not None:
        text = t["err_text_extra"].replace("{extra}", extra)
    context = {
        "t": t,
        "lang": lang,
        "status": status,
        "title": t[f"err_title_{key}"],
        "text": text,
        "records": request.url.path.startswith(("/records", "/login")) and available("records"),
    }
    html = templates().get_template("error.html").render(context)
    return HTMLResponse(html, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidCase)
    async def _invalid(_: Request, exc: InvalidCase) -> JSONResponse:
        return invalid_case(exc)

    @app.exception_handler(RequestValidationError)
    async def _request(request: Request, exc: RequestValidationError) -> Response:
        if wants_page(request):  # a page address with a bad part (e.g. /records/patients/x)
            in_path = all(e["loc"][:1] == ("path",) for e in exc.errors())
            return error_page(request, 404 if in_path else 400)
        errors = [
            FieldProblem(".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in exc.errors()
        ]
        return problem(422, "The request was refused", "See `errors`.", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if 300 <= exc.status_code < 400 and headers and "Location" in headers:
            return Response(status_code=exc.status_code, headers=headers)  # e.g. sign in first
        if wants_page(request):
            return error_page(request, exc.status_code, headers)
        return problem(exc.status_code, str(exc.detail), str(exc.detail), headers=headers)


class CatchAll:
    """Answers any unhandled error with a 500 problem and does not re-raise it.

    Starlette's own error middleware re-raises after answering, so the server would log the
    traceback, whose frames and message can hold the case (health data), and may drop the
    keep-alive connection. Here only the exception's type is logged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.error("internal error: %s", type(exc).__name__)
            if started:  # too late for a problem document: end the response cleanly
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await _internal_error(scope)(scope, receive, send)


def _internal_error(scope: Scope) -> Response:
    request = Request(scope)
    if wants_page(request):
        try:
            return error_page(request, 500)
        except Exception as exc:  # the page failed too: the problem document still answers
            log.error("error page failed: %s", type(exc).__name__)
    return problem(500, "Internal error", "Something went wrong on our side; nothing was saved.")
