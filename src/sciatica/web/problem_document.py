"""The `application/problem+json` document (RFC 9457) itself, with no page or template behind it.

Apart from `problems.py` (which also renders HTML error pages) so that the lowest layers, such as
the request-size guard in `security.py`, can refuse a request without importing the templates:
templating needs security's CSRF token, and an import circle would follow.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from ..errors import FieldProblem

PROBLEM = "application/problem+json"


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
