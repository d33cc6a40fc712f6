"""Errors as `application/problem+json` (RFC 9457), naming each bad field. Never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import FieldProblem, InvalidCase

PROBLEM = "application/problem+json"
log = logging.getLogger("sciatica.web")


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    kind: str = "about:blank",
    errors: list[FieldProblem] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": kind, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = [{"path": p.path, "message": p.message} for p in errors]
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def invalid_case(error: InvalidCase) -> JSONResponse:
    return problem(
        422,
        "The case was refused",
        "Nothing was assessed. Each entry of `errors` names a field and how to fix it.",
        kind="/problems/invalid-case",
        errors=error.problems,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidCase)
    async def _invalid(_: Request, exc: InvalidCase) -> JSONResponse:
        return invalid_case(exc)

    @app.exception_handler(RequestValidationError)
    async def _request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            FieldProblem(".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in exc.errors()
        ]
        return problem(422, "The request was refused", "See `errors`.", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(
            exc.status_code, str(exc.detail), str(exc.detail), headers=getattr(exc, "headers", None)
        )


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
            response = problem(
                500, "Internal error", "Something went wrong on our side; nothing was saved."
            )
            await response(scope, receive, send)
