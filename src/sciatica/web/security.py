"""Security headers, a request size limit and CSRF protection for form posts."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problem_document import problem

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
CSRF_COOKIE = "sciatica_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class SecurityHeaders:
    """Adds the headers to every response; pages and API answers are never cached (health data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(HEADERS)
                # One Cache-Control: a route that sets its own (a PDF download) is not doubled.
                if not static and all(k.lower() != b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over the limit with a 413 problem, before reading them.

    FHIR bodies (content type application/fhir+json, and CDS Hooks calls) get `fhir_limit`.
    """

    def __init__(self, app: ASGIApp, limit: int, fhir_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.fhir_limit = fhir_limit

    def _limit_for(self, scope: Scope, headers: dict[bytes, bytes]) -> int:
        media = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        fhir = media == b"application/fhir+json" or scope["path"].startswith("/cds-services")
        return self.fhir_limit if fhir else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        limit = self._limit_for(scope, headers)
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(limit, scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(limit, scope, receive, send)

    @staticmethod
    async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(413, "Request too large", f"The body must be at most {limit} bytes.")
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def csrf_token(request: Request) -> str:
    """This browser's CSRF token (set as a cookie by `CsrfCookie`), for forms and fetch headers."""
    return str(request.state.csrf_token)


class CsrfCookie:
    """Gives every browser a random token cookie (double-submit pattern with SameSite=Strict)."""

    def __init__(self, app: ASGIApp, secret: str, secure: bool) -> None:
        self.app = app
        self.secret = secret.encode()
        self.secure = secure

    def sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()[:32]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        token = cookies.get(CSRF_COOKIE, "")
        fresh = not _valid(token, self.sign)
        if fresh:
            nonce = secrets.token_urlsafe(16)
            token = f"{nonce}.{self.sign(nonce)}"
        scope.setdefault("state", {})["csrf_token"] = token

        async def send_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                flags = "Path=/; HttpOnly; SameSite=Strict" + ("; Secure" if self.secure else "")
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", f"{CSRF_COOKIE}={token}; {flags}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_cookie)


def _valid(token: str, sign: Any) -> bool:
    nonce, _, mac = token.partition(".")
    return bool(nonce) and hmac.compare_digest(mac, sign(nonce))


def _cookies(scope: Scope) -> dict[str, str]:
    raw = dict(scope.get("headers", [])).get(b"cookie", b"").decode("latin-1")
    out = {}
    for part in raw.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


async def require_csrf(request: Request) -> None:
    """Dependency for every form post: the submitted token must equal the cookie's."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent:
        form = await request.form()
        value = form.get(CSRF_FIELD, "")
        sent = value if isinstance(value, str) else ""
    if not cookie or not hmac.compare_digest(cookie, sent) or sent != csrf_token(request):
        from fastapi import HTTPException

        raise HTTPException(403, "The form expired or came from elsewhere: reload the page.")
