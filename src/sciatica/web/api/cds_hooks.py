"""CDS Hooks 2.0 over HTTP: discovery, the `sciatica-triage` patient-view service, and the check of
the CDS client's JSON web token.

    GET  /cds-services                  discovery (public: it holds no patient data)
    POST /cds-services/sciatica-triage  cards for the patient in context

Trust (CDS Hooks "Trusting CDS Clients"): every service call carries `Authorization: Bearer <JWT>`
signed with an asymmetric key of an issuer configured in SCIATICA_CDS_TRUSTED_ISSUERS (a JSON object
issuer -> a JWK Set, a PEM public key, or the https URL of a JWK Set that the token's `jku` must
name); `aud` must be this service's URL, `exp`, `iat` and `jti` are required, a `jti` is accepted
once. Anything else is refused with 401 and a problem+json body naming the reason.

Data: the prefetch keys of the discovery document; a key the client did not send is fetched from
`fhirServer` with `fhirAuthorization` (httpx, following at most `max_pages` search pages on the same
server). With neither, the answer is a card that says what is missing.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.resource import Resource
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ...engine import assess, compiled
from ...errors import InvalidCase
from ...fhir import cds
from ...fhir.from_fhir import case_from_resources, parse_resource
from ...validation import parse_json
from ..problems import problem

log = logging.getLogger("sciatica.web.cds")
router = APIRouter(include_in_schema=False, tags=["cds-hooks"])

ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "jti"]
JWKS_TTL_S = 300.0


class CdsSettings(BaseSettings):
    """CDS Hooks settings, from environment variables prefixed SCIATICA_CDS_."""

    model_config = SettingsConfigDict(env_prefix="SCIATICA_CDS_", extra="ignore")

    # issuer -> {"keys": [...]} (a JWK Set), "-----BEGIN PUBLIC KEY-----..." (PEM) or
    # "https://ehr.example/jwks.json" (a JWK Set URL; the token's jku, when present, must equal it)
    trusted_issuers: dict[str, Any] = Field(default_factory=dict)
    require_jwt: bool = True  # false only for local trials: then no token is checked at all
    base_url: str | None = None  # the public base URL (for `aud` and links) behind a proxy
    leeway_s: int = 60  # clock skew allowed on exp and iat
    max_token_lifetime_s: int = 3600  # exp - iat above this is refused
    fetch_timeout_s: float = 5.0
    max_pages: int = 5  # search result pages followed per query
    locale: str = "en"  # language of the cards ("en" or "fr")
    country: str | None = None  # ISO code for the emergency numbers in the advice


@dataclass
class CdsState:
    """Settings and caches of one app (on `app.state.cds`); `transport` lets tests route httpx."""

    settings: CdsSettings
    transport: httpx.AsyncBaseTransport | None = None
    seen_jti: dict[tuple[str, str], float] = field(default_factory=dict)
    jwks: dict[str, tuple[float, jwt.PyJWKSet]] = field(default_factory=dict)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=self.transport,
            timeout=self.settings.fetch_timeout_s,
            follow_redirects=False,
        )


def _state(request: Request) -> CdsState:
    state = getattr(request.app.state, "cds", None)
    if not isinstance(state, CdsState):
        state = CdsState(CdsSettings())
        request.app.state.cds = state
    return state


def _base_url(request: Request, settings: CdsSettings) -> str:
    return (settings.base_url or str(request.base_url)).rstrip("/")


# --- trusting the CDS client ----------------------------------------------------------------------


class Refused(Exception):
    """The CDS client's token was refused; the message says why (no secret in it)."""


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _secure(url: str) -> bool:
    """https, or http on this machine only (tests and local trials)."""
    scheme = urlsplit(url).scheme
    return scheme == "https" or (scheme == "http" and _loopback(url))


async def _jwks_from_url(state: CdsState, url: str, refresh: bool) -> jwt.PyJWKSet:
    cached = state.jwks.get(url)
    if cached is not None and not refresh and time.monotonic() - cached[0] < JWKS_TTL_S:
        return cached[1]
    async with state.client() as client:
        try:
            answer = await client.get(url, headers={"Accept": "application/json"})
            answer.raise_for_status()
            keys = jwt.PyJWKSet.from_dict(answer.json())
        except (httpx.HTTPError, ValueError, jwt.PyJWKSetError) as error:
            raise Refused(
                f"the issuer's key set could not be read ({type(error).__name__})"
            ) from None
    state.jwks[url] = (time.monotonic(), keys)
    return keys


def _from_set(keys: jwt.PyJWKSet, kid: str | None, alg: str) -> Any:
    if kid is None:
        raise Refused("the token header has no kid")
    try:
        key = keys[kid]
    except KeyError:
        raise Refused("no trusted key has the token's kid") from None
    named = key._jwk_data.get("alg")  # the key's own alg, when the key set names one
    if named is not None and named != alg:
        raise Refused("the token's alg is not the one of its key")
    return key.key


async def _key(state: CdsState, trusted: Any, header: dict[str, Any], alg: str) -> Any:
    kid = header.get("kid")
    if isinstance(trusted, dict) and "keys" in trusted:
        try:
            keys = jwt.PyJWKSet.from_dict(trusted)
        except jwt.PyJWKSetError:
            raise Refused("the configured key set for this issuer is not valid") from None
        return _from_set(keys, kid, alg)
    if isinstance(trusted, str) and trusted.lstrip().startswith("-----BEGIN"):
        return trusted
    if isinstance(trusted, str) and _secure(trusted):
        jku = header.get("jku")
        if jku is not None and jku != trusted:
            raise Refused("the token's jku is not the key set trusted for this issuer")
        keys = await _jwks_from_url(state, trusted, refresh=False)
        if kid is not None and kid not in {k.key_id for k in keys.keys}:
            keys = await _jwks_from_url(state, trusted, refresh=True)  # the keys may have rotated
        return _from_set(keys, kid, alg)
    raise Refused("the configured key for this issuer is not a JWK Set, a PEM key or an https URL")


async def verify_client(request: Request, state: CdsState) -> dict[str, Any]:
    """The claims of the CDS client's token, or `Refused` saying why."""
    settings = state.settings
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused("the request has no Authorization: Bearer token")
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise Refused("the token is not a JSON web token") from None
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise Refused(f"the token's alg must be an asymmetric one ({', '.join(ALGORITHMS)})")
    if str(header.get("typ", "JWT")).upper() != "JWT":
        raise Refused("the token's typ must be JWT")
    issuer = unverified.get("iss")
    if not isinstance(issuer, str) or issuer not in settings.trusted_issuers:
        raise Refused("the token's issuer is not trusted")
    key = await _key(state, settings.trusted_issuers[issuer], header, alg)
    audience = f"{_base_url(request, settings)}{request.url.path}"
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[alg],
            audience=[audience, audience + "/"],
            issuer=issuer,
            leeway=settings.leeway_s,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError:
        raise Refused("the token has expired") from None
    except jwt.InvalidAudienceError:
        raise Refused(f"the token's aud must be {audience}") from None
    except jwt.ImmatureSignatureError:
        raise Refused("the token's iat or nbf is in the future") from None
    except jwt.MissingRequiredClaimError as error:
        raise Refused(f"the token has no {error.claim} claim") from None
    except jwt.InvalidSignatureError:
        raise Refused("the token's signature does not verify") from None
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        raise Refused(f"the token is not valid ({type(error).__name__})") from None
    if claims["exp"] - claims["iat"] > settings.max_token_lifetime_s:
        raise Refused(f"the token lives longer than {settings.max_token_lifetime_s} s")
    jti = claims["jti"]
    if not isinstance(jti, str) or not jti:
        raise Refused("the token's jti must be a non-empty string")
    now = time.time()
    for seen, expiry in list(state.seen_jti.items()):
        if expiry + settings.leeway_s < now:
            del state.seen_jti[seen]
    if (issuer, jti) in state.seen_jti:
        raise Refused("the token's jti was already used (a replay)")
    state.seen_jti[(issuer, jti)] = float(claims["exp"])
    return claims


def _unauthorised(reason: str) -> JSONResponse:
    return problem(
        401,
        "The CDS client was not trusted",
        f"Refused: {reason}.",
        kind="/problems/cds-client-not-trusted",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


# --- the data -------------------------------------------------------------------------------------


@dataclass
class _Gathered:
    resources: list[Resource] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # prefetch keys neither sent nor fetched
    failed: list[str] = field(default_factory=list)  # fetches that went wrong, and how


def _queries(patient_id: str) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        "patient": (f"Patient/{patient_id}", {}),
        "observations": ("Observation", {"patient": patient_id, "code": cds.OBSERVATION_CODES}),
        "conditions": ("Condition", {"patient": patient_id}),
    }


def _same_server(url: str, base: str) -> bool:
    return url.startswith(base.rstrip("/") + "/")


async def _fetch(
    client: httpx.AsyncClient, base: str, path: str, params: dict[str, str], max_pages: int
) -> Resource | None:
    url: str | None = f"{base.rstrip('/')}/{path}"
    query: dict[str, str] | None = params
    pages: list[Bundle] = []
    while url is not None and len(pages) < max_pages:
        answer = await client.get(url, params=query)
        if answer.status_code == 404 and not params:
            return None  # a read of a resource the server does not have: no data
        answer.raise_for_status()
        data = answer.json()
        if not params:
            return parse_resource(data, Patient)
        page = parse_resource(data, Bundle)
        pages.append(page)
        following = [link.url for link in page.link or [] if link.relation == "next"]
        url = str(following[0]) if following and _same_server(str(following[0]), base) else None
        query = None
    entries = [e for page in pages for e in page.entry or []]
    return Bundle(type="searchset", entry=entries or None)


async def _gather(body: cds.CdsRequest, patient_id: str, state: CdsState) -> _Gathered:
    out = _Gathered()
    sent = body.prefetch or {}
    to_fetch = []
    for key in cds.PREFETCH:
        if key not in sent:
            to_fetch.append(key)
            continue
        value = sent[key]
        if value is None:
            continue  # the client has no data for this key
        model: type[Resource] = Patient if key == "patient" else Bundle
        out.resources.append(parse_resource(value, model))
    if not to_fetch:
        return out
    server, auth = body.fhirServer, body.fhirAuthorization
    if server is None or auth is None:
        out.missing = to_fetch
        return out
    if not _secure(server):
        out.failed = [f"{k}: fhirServer must be an https URL" for k in to_fetch]
        return out
    headers = {"Authorization": f"Bearer {auth.access_token}", "Accept": "application/fhir+json"}
    queries = _queries(patient_id)
    async with state.client() as client:
        client.headers.update(headers)
        for key in to_fetch:
            path, params = queries[key]
            try:
                resource = await _fetch(client, server, path, params, state.settings.max_pages)
            except httpx.HTTPStatusError as error:
                out.failed.append(f"{key}: the FHIR server answered {error.response.status_code}")
                continue
            except httpx.HTTPError as error:
                out.failed.append(
                    f"{key}: the FHIR server could not be reached ({type(error).__name__})"
                )
                continue
            except (InvalidCase, ValueError) as error:
                out.failed.append(
                    f"{key}: the FHIR server sent something unreadable ({error!s:.100})"
                )
                continue
            if resource is not None:
                out.resources.append(resource)
    return out


# --- the routes -----------------------------------------------------------------------------------


@router.get("/cds-services")
async def discovery() -> JSONResponse:
    return JSONResponse(cds.discovery())


@router.post(f"/cds-services/{cds.SERVICE_ID}")
async def sciatica_triage(request: Request) -> JSONResponse:
    state = _state(request)
    if state.settings.require_jwt:
        try:
            await verify_client(request, state)
        except Refused as refusal:
            log.info("CDS call refused: %s", refusal)
            return _unauthorised(str(refusal))
    try:
        body = cds.CdsRequest.model_validate(parse_json(await request.body()))
    except InvalidCase as refused:  # hostile or broken JSON: named, never a 500
        detail = "; ".join(p.message for p in refused.problems)
        return problem(
            400, "Not a CDS Hooks request", f"Send a CDS Hooks 2.0 request as JSON: {detail}."
        )
    except ValidationError:
        return problem(400, "Not a CDS Hooks request", "Send a CDS Hooks 2.0 request as JSON.")
    if body.hook != cds.HOOK:
        return problem(
            400, "Unsupported hook", f"This service answers {cds.HOOK}, not {body.hook}."
        )
    patient_id = body.context.get("patientId")
    if not isinstance(patient_id, str) or not patient_id:
        return problem(
            400, "No patient in context", "context.patientId is required for patient-view."
        )
    version = compiled().kb.meta.version
    try:
        gathered = await _gather(body, patient_id, state)
    except InvalidCase as error:
        return _answer(_unreadable(error, version))
    if gathered.missing or gathered.failed:
        required_missing = [k for k in gathered.missing if k in cds.REQUIRED_PREFETCH]
        failed_required = [f for f in gathered.failed if f.split(":")[0] in cds.REQUIRED_PREFETCH]
        if required_missing or failed_required:
            return _answer(_missing_card(gathered, version))
    settings = state.settings
    locale = settings.locale if settings.locale in ("en", "fr") else "en"
    try:
        reading = case_from_resources(
            gathered.resources, today=date.today(), locale=locale, country=settings.country
        )
    except InvalidCase as error:
        return _answer(_unreadable(error, version))
    if not reading.has_findings:
        return _answer([])  # nothing about sciatica in this record: no card is the right answer
    result = assess(reading.case)
    card = cds.assessment_card(
        reading.case,
        result,
        reading,
        clinician_url=f"{_base_url(request, settings)}/clinician",
        patient_id=patient_id,
        unavailable=[f"{k}: not sent, no server access" for k in gathered.missing]
        + gathered.failed,
    )
    return _answer([card])


def _answer(cards: list[cds.Card]) -> JSONResponse:
    return JSONResponse(cds.CdsResponse(cards=cards).to_json())


def _missing_card(gathered: _Gathered, version: str) -> list[cds.Card]:
    lines = ["The sciatica triage needs the record's findings and could not get them."]
    if gathered.missing:
        keys = ", ".join(f"`{k}`" for k in gathered.missing)
        lines.append(
            f"- Prefetch not sent: {keys}; and the request has no `fhirServer` with "
            "`fhirAuthorization` to fetch them."
        )
    lines += [f"- {f}" for f in gathered.failed]
    lines.append("")
    lines.append(
        "Send the prefetch of the discovery document (GET /cds-services), or a FHIR server and "
        "an access token that can read Patient, Observation and Condition."
    )
    what = "prefetch and FHIR server access" if gathered.missing else "the FHIR server's data"
    return [
        cds.notice_card(f"Sciatica triage did not run: missing {what}", "\n".join(lines), version)
    ]


def _unreadable(error: InvalidCase, version: str) -> list[cds.Card]:
    lines = ["Some values in the record could not be read, so nothing was assessed:", ""]
    lines += [f"- {p}" for p in error.problems[:20]]
    return [
        cds.notice_card(
            "Sciatica triage did not run: the record holds values it cannot read",
            "\n".join(lines),
            version,
        )
    ]


__all__ = ["CdsSettings", "CdsState", "Refused", "router", "verify_client"]
