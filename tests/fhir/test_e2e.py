"""End to end over HTTP on loopback: a small test FHIR server (serving the FHIR JSON fixtures, with a
bearer token, paged searches and the EHR's JWK Set), the sciatica app under uvicorn, and a CDS client
that signs its JWT, reads the discovery document and calls the service."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from sciatica.web import create_app
from sciatica.web.api.cds_hooks import CdsSettings, CdsState
from sciatica.web.settings import Settings

from .conftest import ISSUER, Keys, TokenFactory, fixture, serve

FHIR_TOKEN = "fhir-access-token-for-the-cds-service"
FHIR_JSON = "application/fhir+json"
PAGE = 4  # small pages, so that the service has to follow `next` links


@dataclass
class FakeEhr:
    """A FHIR server over the fixture bundle: read Patient, search Observation and Condition by
    patient (and Observation by code tokens), paged; it also publishes the EHR's JWK Set."""

    keys: Keys
    resources: list[dict[str, Any]] = field(
        default_factory=lambda: [e["resource"] for e in fixture("ehr.json")["entry"]]
    )
    requests: list[str] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/jwks.json")
        async def jwks() -> JSONResponse:
            return JSONResponse(self.keys.jwks)

        @app.get("/fhir/{kind}/{rid}")
        async def read(kind: str, rid: str, request: Request) -> JSONResponse:
            if (denied := self._check(request)) is not None:
                return denied
            for resource in self.resources:
                if resource["resourceType"] == kind and resource.get("id") == rid:
                    return JSONResponse(resource, media_type=FHIR_JSON)
            return self._outcome(404, "not-found")

        @app.get("/fhir/{kind}")
        async def search(kind: str, request: Request) -> JSONResponse:
            if (denied := self._check(request)) is not None:
                return denied
            params = request.query_params
            found = [
                r
                for r in self.resources
                if r["resourceType"] == kind
                and r.get("subject", {}).get("reference") == f"Patient/{params.get('patient')}"
                and self._code_matches(r, params.get("code"))
            ]
            page = int(params.get("_page", "0"))
            size = int(params.get("_count", str(PAGE)))
            chunk = found[page * size : (page + 1) * size]
            bundle: dict[str, Any] = {
                "resourceType": "Bundle",
                "type": "searchset",
                "total": len(found),
                "entry": [
                    {
                        "fullUrl": f"{request.base_url}fhir/{kind}/{r['id']}",
                        "resource": r,
                        "search": {"mode": "match"},
                    }
                    for r in chunk
                ],
            }
            if (page + 1) * size < len(found):
                following = {**dict(params), "_page": str(page + 1)}
                bundle["link"] = [
                    {
                        "relation": "next",
                        "url": f"{request.base_url}fhir/{kind}?{urlencode(following)}",
                    }
                ]
            return JSONResponse(bundle, media_type=FHIR_JSON)

        return app

    def _check(self, request: Request) -> JSONResponse | None:
        self.requests.append(f"{request.url.path}?{request.url.query}")
        if request.headers.get("authorization") != f"Bearer {FHIR_TOKEN}":
            return self._outcome(401, "login")
        return None

    @staticmethod
    def _outcome(status: int, code: str) -> JSONResponse:
        outcome = {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code}],
        }
        return JSONResponse(outcome, status_code=status, media_type=FHIR_JSON)

    @staticmethod
    def _code_matches(resource: dict[str, Any], tokens: str | None) -> bool:
        if not tokens:
            return True
        codings = resource.get("code", {}).get("coding", [])
        for token in tokens.split(","):
            system, bar, code = token.rpartition("|")
            for coding in codings:
                if bar and coding.get("system") != system:
                    continue
                if not code or coding.get("code") == (code if bar else token):
                    return True
        return False


@dataclass
class Stack:
    ehr: FakeEhr
    ehr_url: str
    service_url: str


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    keys = Keys(ec.generate_private_key(ec.SECP384R1()), rsa.generate_private_key(65537, 2048))
    ehr = FakeEhr(keys)
    with serve(ehr.app()) as ehr_url:
        app = create_app(Settings(max_body_bytes=1 << 20))
        app.state.cds = CdsState(CdsSettings(trusted_issuers={ISSUER: f"{ehr_url}/jwks.json"}))
        with serve(app) as service_url:
            yield Stack(ehr, ehr_url, service_url)


@pytest.fixture
def sign(stack: Stack, make_token: TokenFactory) -> Any:
    def token(aud: str) -> str:
        return make_token(
            aud, key=stack.ehr.keys.ec_private, headers={"jku": f"{stack.ehr_url}/jwks.json"}
        )

    return token


class CdsClient:
    """What an EHR does: discover, fill the prefetch templates itself or pass its FHIR server."""

    def __init__(self, stack: Stack, sign: Any) -> None:
        self.stack = stack
        self.sign = sign
        self.http = httpx.Client(timeout=10)

    def discover(self) -> dict[str, Any]:
        url = f"{self.stack.service_url}/cds-services"
        answer = self.http.get(url, headers={"Authorization": f"Bearer {self.sign(url)}"})
        assert answer.status_code == 200
        (service,) = answer.json()["services"]
        return dict(service)

    def prefetch(self, templates: dict[str, str], patient_id: str) -> dict[str, Any]:
        """Each template run against the FHIR server, all pages merged (no `next` link allowed)."""
        out: dict[str, Any] = {}
        headers = {"Authorization": f"Bearer {FHIR_TOKEN}"}
        for key, template in templates.items():
            url: str | None = f"{self.stack.ehr_url}/fhir/" + template.replace(
                "{{context.patientId}}", patient_id
            )
            merged: dict[str, Any] | None = None
            while url is not None:
                data = self.http.get(url, headers=headers).json()
                if data["resourceType"] != "Bundle":
                    merged = data
                    break
                if merged is None:
                    merged = {"resourceType": "Bundle", "type": "searchset", "entry": []}
                merged["entry"] += data.get("entry", [])
                url = next(
                    (x["url"] for x in data.get("link", []) if x["relation"] == "next"), None
                )
            out[key] = merged
        return out

    def call(self, service: dict[str, Any], patient_id: str, **fields: Any) -> httpx.Response:
        url = f"{self.stack.service_url}/cds-services/{service['id']}"
        body = {
            "hook": service["hook"],
            "hookInstance": str(uuid.uuid4()),
            "context": {"userId": "Practitioner/dr-martin", "patientId": patient_id},
            **fields,
        }
        return self.http.post(url, json=body, headers={"Authorization": f"Bearer {self.sign(url)}"})


@pytest.fixture
def client(stack: Stack, sign: Any) -> Iterator[CdsClient]:
    cds = CdsClient(stack, sign)
    yield cds
    cds.http.close()


def server_access(stack: Stack, token: str = FHIR_TOKEN) -> dict[str, Any]:
    return {
        "fhirServer": f"{stack.ehr_url}/fhir",
        "fhirAuthorization": {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/Patient.read patient/Observation.read patient/Condition.read",
            "subject": "sciatica-cds",
        },
    }


def test_the_service_fetches_the_record_and_answers_critical(
    stack: Stack, client: CdsClient
) -> None:
    service = client.discover()
    stack.ehr.requests.clear()
    answer = client.call(service, "p-foot-drop", **server_access(stack))
    assert answer.status_code == 200, answer.text
    (card,) = answer.json()["cards"]
    assert card["indicator"] == "critical"
    assert card["summary"].startswith("Sciatica triage: emergency")
    assert "**Paralysing sciatica, recent or worsening**" in card["detail"]
    assert "ICD-10-CM E11.9 (read as Diabetes)" in card["detail"]  # an unverified code, said so
    observation_pages = [r for r in stack.ehr.requests if r.startswith("/fhir/Observation")]
    assert len(observation_pages) == 3  # 11 matching Observations, 4 a page
    assert any(r.startswith("/fhir/Patient/p-foot-drop") for r in stack.ehr.requests)


def test_prefetch_filled_by_the_client_gives_the_same_card(stack: Stack, client: CdsClient) -> None:
    service = client.discover()
    prefetch = client.prefetch(service["prefetch"], "p-foot-drop")
    stack.ehr.requests.clear()
    with_prefetch = client.call(service, "p-foot-drop", prefetch=prefetch)
    assert not stack.ehr.requests  # everything was in the prefetch
    fetched = client.call(service, "p-foot-drop", **server_access(stack))
    (a,), (b,) = with_prefetch.json()["cards"], fetched.json()["cards"]
    assert (a["indicator"], a["summary"]) == (b["indicator"], b["summary"])


def test_other_patients(stack: Stack, client: CdsClient) -> None:
    service = client.discover()
    info = client.call(service, "p-pain-only", **server_access(stack))
    (card,) = info.json()["cards"]
    assert card["indicator"] == "info" and "suggestions" not in card
    assert client.call(service, "p-unrelated", **server_access(stack)).json() == {"cards": []}
    assert client.call(service, "no-such-patient", **server_access(stack)).json() == {"cards": []}


def test_a_refused_fhir_token_is_said_in_a_card(stack: Stack, client: CdsClient) -> None:
    service = client.discover()
    answer = client.call(service, "p-foot-drop", **server_access(stack, token="expired"))
    (card,) = answer.json()["cards"]
    assert card["indicator"] == "info"
    assert "the FHIR server answered 401" in card["detail"]


def test_jwt_refused_over_http(stack: Stack, client: CdsClient, make_token: TokenFactory) -> None:
    service = client.discover()
    url = f"{stack.service_url}/cds-services/{service['id']}"
    body = {"hook": "patient-view", "hookInstance": "h", "context": {"patientId": "p-foot-drop"}}
    token = client.sign(url)
    assert (
        client.http.post(url, json=body, headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    replay = client.http.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
    assert replay.status_code == 401 and "already used" in replay.json()["detail"]
    other_ehr = make_token(url)  # the test's own key, which this EHR's key set does not hold
    wrong = client.http.post(url, json=body, headers={"Authorization": f"Bearer {other_ehr}"})
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    late = make_token(
        url, key=stack.ehr.keys.ec_private, exp=int(time.time()) - 120, iat=int(time.time()) - 400
    )
    assert (
        "expired"
        in client.http.post(url, json=body, headers={"Authorization": f"Bearer {late}"}).json()[
            "detail"
        ]
    )
