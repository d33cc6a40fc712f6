"""What every record page module shares: the session cookie, the signed-in actor, form fields.

Sessions are cookies (`sciatica_session`, HttpOnly, SameSite=Strict, Secure when
`settings.secure_cookies`) holding a token of kind "session" from `records.auth`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ...records import auth
from ...records import services as sv
from ...records.audit import Actor
from ...records.db import Store
from ..security import require_csrf
from .api import StoreDep as StoreDep  # the page modules take it from here
from .api import client_address

SESSION_COOKIE = "sciatica_session"
NOT_FOUND = "Not found: no such record in your clinic."

CSRF = [Depends(require_csrf)]


def session_actor(request: Request, db: Store) -> Actor | None:
    token = request.cookies.get(SESSION_COOKIE, "")
    if not auth.looks_like_token(token):
        return None
    with db.session() as session:
        return auth.authenticate(session, token, "session", client_address(request))


def signed_in(request: Request, db: StoreDep) -> Actor:
    """The session's clinician. Without a valid session the page answers 303 to the sign-in page
    (problems.py answers an HTTPException with a redirect status as that redirect)."""
    actor = session_actor(request, db)
    if actor is None:
        raise HTTPException(303, "Sign in first.", headers={"Location": "/login"})
    return actor


SignedIn = Annotated[Actor, Depends(signed_in)]


@contextmanager
def scoped(db: Store) -> Iterator[Session]:
    """One transaction in which another clinic's (or a missing) record answers 404."""
    try:
        with db.session() as session:
            yield session
    except sv.NotFound as error:
        raise HTTPException(404, NOT_FOUND) from error
    except sv.Forbidden as error:
        raise HTTPException(403, f"Not allowed: {error}.") from error


def field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def int_field(form: FormData, name: str, low: int, high: int) -> int | None:
    text = field(form, name)
    if not text.lstrip("-").isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def back_to(patient_id: int, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/records/patients/{patient_id}#{anchor}", status_code=303)


def saved_redirect(patient_id: int, visit_id: int) -> RedirectResponse:
    """Back to the patient page after recording a visit: it confirms the saved visit in a banner
    above the alerts (issue 14: saving showed no confirmation)."""
    return RedirectResponse(
        f"/records/patients/{patient_id}?saved={visit_id}#alerts", status_code=303
    )
