"""Jinja2 templates with the helpers every page needs (strings, CSRF token, language)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .i18n import LANG_COOKIE, negotiate, translator
from .security import csrf_token


@cache
def templates() -> Jinja2Templates:
    return Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    lang = context.get("lang") or negotiate(request)
    page = templates().TemplateResponse(
        request,
        name,
        {"lang": lang, "t": translator(lang), "csrf_token": csrf_token(request), **context},
        status_code=status,
    )
    if request.query_params.get("lang") == lang:
        page.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict", max_age=31536000)
    return page
