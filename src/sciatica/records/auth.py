"""Accounts and logins: argon2 password hashes, session and bearer tokens, a login rate limit.

A token is 32 random bytes (URL-safe, prefixed `sct_`); only its SHA-256 is stored, so a copy of
the database does not give anyone a working login.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from . import audit
from .audit import Actor
from .models import ROLES, AuthToken, Clinic, Clinician, LoginAttempt, now

TOKEN_PREFIX = "sct_"
SESSION_HOURS = 12
BEARER_HOURS = 24
MAX_FAILURES = 5
"""Failed logins allowed for one username from one address in WINDOW, before that pair is refused.
Keyed on the pair, so that a colleague's typos behind the same clinic address, or a stranger
trying a clinician's name from elsewhere, never lock anyone else out."""
MAX_ADDRESS_FAILURES = 50
"""Failed logins from one address across all usernames in WINDOW (password spraying)."""
MAX_USERNAME_FAILURES = 200
"""Failed logins for one username across all addresses in WINDOW (a distributed guess): high
enough that locking a colleague out needs a botnet, low enough to stop guessing."""
WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verifying an unknown username against this keeps the timing of both failures alike.
_DUMMY = _hasher.hash("not a password")


class AuthError(Exception):
    """Wrong username or password (deliberately not saying which)."""


class RateLimited(Exception):
    """Too many failed logins: try again later."""


class AccountError(ValueError):
    """An account cannot be created as asked (role, duplicate name, short password)."""


def hash_password(password: str) -> str:
    if len(password) < 12:
        raise AccountError("the password must be at least 12 characters long")
    return _hasher.hash(password)


def create_clinic(session: Session, name: str) -> Clinic:
    if session.scalar(select(Clinic).where(Clinic.name == name)) is not None:
        raise AccountError(f"a clinic named {name!r} exists")
    clinic = Clinic(name=name)
    session.add(clinic)
    session.flush()
    audit.record(session, None, "clinic.create", "clinic", clinic.id)
    return clinic


def create_user(
    session: Session,
    clinic_id: int,
    username: str,
    password: str,
    role: str = "clinician",
    display_name: str = "",
) -> Clinician:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if session.get(Clinic, clinic_id) is None:
        raise AccountError(f"no clinic with id {clinic_id}")
    if session.scalar(select(Clinician).where(Clinician.username == username)) is not None:
        raise AccountError(f"the username {username!r} is taken")
    user = Clinician(
        clinic_id=clinic_id,
        username=username,
        password_hash=hash_password(password),
        role=role,
        display_name=display_name or username,
    )
    session.add(user)
    session.flush()
    audit.record(session, None, "user.create", "clinician", user.id, detail=f"role={role}")
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX) and 40 <= len(token) <= 60


def is_rate_limited(session: Session, username: str, address: str | None) -> bool:
    since = now() - WINDOW
    failures = select(func.count()).where(LoginAttempt.at >= since, ~LoginAttempt.success)
    same_name = failures.where(LoginAttempt.username == username)
    pair = same_name.where(
        LoginAttempt.address == address if address else LoginAttempt.address.is_(None)
    )
    if (session.scalar(pair) or 0) >= MAX_FAILURES:
        return True
    if (
        address
        and (session.scalar(failures.where(LoginAttempt.address == address)) or 0)
        >= MAX_ADDRESS_FAILURES
    ):
        return True
    return (session.scalar(same_name) or 0) >= MAX_USERNAME_FAILURES


def login(
    session: Session, username: str, password: str, address: str | None, kind: str = "session"
) -> tuple[str, Clinician]:
    """Checks the password and issues a token. Raises RateLimited or AuthError.

    The attempt is recorded in the session's transaction: the caller commits it even on failure.
    """
    has_nul = "\x00" in username  # no username holds one, and PostgreSQL refuses NUL in text
    username = username.replace("\x00", "")
    if is_rate_limited(session, username, address):
        audit.record(session, None, "login.refused", "clinician", address=address)
        raise RateLimited
    user = session.scalar(select(Clinician).where(Clinician.username == username))
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY, password) and user is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    ok = ok and user is not None and user.active and not has_nul
    session.add(LoginAttempt(username=username[:100], address=address, success=ok))
    if not ok or user is None:
        audit.record(session, None, "login.failed", "clinician", address=address)
        raise AuthError
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    hours = SESSION_HOURS if kind == "session" else BEARER_HOURS
    session.add(
        AuthToken(
            token_hash=_digest(token),
            clinician_id=user.id,
            kind=kind,
            expires_at=now() + timedelta(hours=hours),
        )
    )
    actor = actor_for(user, address)
    audit.record(session, actor, "login", "clinician", user.id, detail=kind)
    return token, user


def actor_for(user: Clinician, address: str | None) -> Actor:
    return Actor(user.id, user.username, user.clinic_id, user.role, address)


def authenticate(session: Session, token: str, kind: str, address: str | None) -> Actor | None:
    """The clinician a live token belongs to, or None."""
    if not looks_like_token(token):
        return None
    found = session.scalar(
        select(AuthToken).where(
            AuthToken.token_hash == _digest(token),
            AuthToken.kind == kind,
            AuthToken.expires_at > now(),
        )
    )
    if found is None or not found.clinician.active:
        return None
    return actor_for(found.clinician, address)


def logout(session: Session, token: str, actor: Actor | None) -> None:
    session.execute(delete(AuthToken).where(AuthToken.token_hash == _digest(token)))
    audit.record(session, actor, "logout", "clinician", actor.clinician_id if actor else None)


def purge_expired(session: Session) -> None:
    session.execute(delete(AuthToken).where(or_(AuthToken.expires_at <= now())))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now() - WINDOW * 4))
