"""The CDS Hooks service in process: discovery, the official example requests, the cards, fetching
from the FHIR server (through an httpx mock transport: no network), and the JWT check."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from fhir.resources.R4B.servicerequest import ServiceRequest

from sciatica import assess, parse_case
from sciatica.clinical_words import level_action
from sciatica.fhir import assessment_bundle
from sciatica.fhir import cds as cds_model
from sciatica.knowledge import load_knowledge
from sciatica.web import create_app
from sciatica.web.api.cds_hooks import CdsSettings, CdsState
from sciatica.web.settings import Settings

from ..code_like import code_like
from .conftest import ISSUER, KID, RSA_ISSUER, Keys, TokenFactory, fixture

ENDPOINT = "http://testserver/cds-services/sciatica-triage"
SPEC = "cds-hooks-spec/"
Handler = Callable[[httpx.Request], httpx.Response]


def _no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"unexpected request to {request.url}")


class Harness:
    """The app with CDS settings, a TestClient, and the requests its httpx client made."""

    def __init__(self, settings: CdsSettings, handler: Handler = _no_network) -> None:
        self.app = create_app(Settings(max_body_bytes=1 << 20))
        self.sent: list[httpx.Request] = []
        self.handler = handler

        def record(request: httpx.Request) -> httpx.Response:
            self.sent.append(request)
            return self.handler(request)

        self.app.state.cds = CdsState(settings, transport=httpx.MockTransport(record))
        self.client = TestClient(self.app)

    def call(self, body: Any, token: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post("/cds-services/sciatica-triage", json=body, headers=headers)


@pytest.fixture
def trusted(keys: Keys) -> CdsSettings:
    return CdsSettings(trusted_issuers={ISSUER: keys.jwks, RSA_ISSUER: keys.rsa_pem})


@pytest.fixture
def open_service() -> Iterator[Harness]:
    """The service with the JWT check switched off, to test what it does with data."""
    harness = Harness(CdsSettings(require_jwt=False))
    with harness.client:
        yield harness


def request_for(case: dict[str, Any], patient_id: str = "p1", **extra: Any) -> dict[str, Any]:
    """A patient-view request whose prefetch holds the case as the EHR would: the Observations
    of our mapping, in a searchset Bundle."""
    parsed = parse_case(case)
    bundle = assessment_bundle(parsed, assess(parsed), patient=f"Patient/{patient_id}")
    observations = [
        {"resource": json.loads(e.resource.model_dump_json())}
        for e in bundle.entry or []
        if e.resource is not None and e.resource.get_resource_type() == "Observation"
    ]
    sex = (case.get("patient") or {}).get("sex")
    patient: dict[str, Any] = {"resourceType": "Patient", "id": patient_id}
    if sex:
        patient["gender"] = sex
    body: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/example", "patientId": patient_id},
        "prefetch": {
            "patient": patient,
            "observations": {"resourceType": "Bundle", "type": "searchset", "entry": observations},
            "conditions": None,
        },
    }
    body.update(extra)
    return body


def only_card(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code == 200, answer.text
    cards = answer.json()["cards"]
    assert len(cards) == 1, cards
    card: dict[str, Any] = cards[0]
    return card


# --- discovery ------------------------------------------------------------------------------------


def test_discovery_lists_the_patient_view_service(open_service: Harness) -> None:
    answer = open_service.client.get("/cds-services")
    assert answer.status_code == 200
    (service,) = answer.json()["services"]
    assert service["id"] == "sciatica-triage" and service["hook"] == "patient-view"
    assert service["title"] and service["description"]
    prefetch = service["prefetch"]
    assert prefetch["patient"] == "Patient/{{context.patientId}}"
    assert prefetch["observations"].startswith("Observation?patient={{context.patientId}}&code=")
    assert "http://loinc.org|72514-3" in prefetch["observations"]
    assert prefetch["conditions"] == "Condition?patient={{context.patientId}}"


def test_the_openapi_document_stays_the_api_s(open_service: Harness) -> None:
    paths = open_service.client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith(("/cds-services", "/fhir"))]


# --- the official example requests ----------------------------------------------------------------


def test_the_spec_example_request_is_refused_an_http_fhir_server(open_service: Harness) -> None:
    """The example sends fhirServer over http: the spec requires https for production data, so
    the service does not send the access token there; it says so in a card."""
    card = only_card(open_service.call(fixture(SPEC + "calling-a-cds-service.json")))
    assert card["indicator"] == "info"
    assert "did not run" in card["summary"]
    assert "https" in card["detail"]
    assert not open_service.sent


def test_the_spec_example_request_fetches_what_prefetch_lacks() -> None:
    """The example's prefetch (`patientToGreet`) is not ours: the service fetches its own keys from
    the FHIR server with the access token (here over https, answered by a mock)."""

    def ehr(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/Patient/1288992"):
            return httpx.Response(
                200, json={"resourceType": "Patient", "id": "1288992", "gender": "male"}
            )
        return httpx.Response(200, json={"resourceType": "Bundle", "type": "searchset"})

    harness = Harness(CdsSettings(require_jwt=False), ehr)
    body = fixture(SPEC + "calling-a-cds-service.json")
    body["fhirServer"] = "https://hooks.smarthealthit.org:9080"
    with harness.client:
        answer = harness.call(body)
    assert answer.status_code == 200 and answer.json() == {"cards": []}  # nothing about sciatica
    assert [r.url.path for r in harness.sent] == [
        "/Patient/1288992",
        "/Observation",
        "/Condition",
    ]
    assert {r.headers["authorization"] for r in harness.sent} == {
        "Bearer some-opaque-fhir-access-token"
    }
    observation_query = harness.sent[1].url.params
    assert observation_query["patient"] == "1288992"
    assert observation_query["code"] == cds_model.OBSERVATION_CODES


def test_the_spec_example_without_server_access_gets_a_card_saying_what_is_missing(
    open_service: Harness,
) -> None:
    body = fixture(SPEC + "calling-a-cds-service.json")
    del body["fhirServer"], body["fhirAuthorization"]
    card = only_card(open_service.call(body))
    assert card["indicator"] == "info"
    assert card["summary"] == "Sciatica triage did not run: missing prefetch and FHIR server access"
    for key in ("`patient`", "`observations`", "`conditions`", "fhirServer", "fhirAuthorization"):
        assert key in card["detail"]


@pytest.mark.parametrize("context", fixture(SPEC + "patient-view-contexts.json"))
def test_the_patient_view_contexts(
    open_service: Harness, context: dict[str, Any], examples: dict[str, dict[str, Any]]
) -> None:
    body = request_for(examples["cauda-equina-self-check"], patient_id=context["patientId"])
    body["context"] = context
    assert only_card(open_service.call(body))["indicator"] == "critical"


# --- cards ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "indicator"),
    [
        ("paralysing-l5-contract", "critical"),
        ("cauda-equina-self-check", "critical"),
        ("foot-drop-self-check-fr", "warning"),
        ("peroneal-palsy", "warning"),
        ("s1-sensory-radiculopathy", "info"),
        ("pain-only-sciatica", "info"),
    ],
)
def test_the_card_follows_the_level(
    open_service: Harness, examples: dict[str, dict[str, Any]], name: str, indicator: str
) -> None:
    case = examples[name]
    card = only_card(open_service.call(request_for(case)))
    assert card["indicator"] == indicator
    assert len(card["summary"]) < 140
    expected = assess({k: v for k, v in case.items() if k not in ("locale", "country", "id")})
    assert card["summary"].startswith(f"Sciatica triage: {expected.triage.level.split('_')[0]}")
    titles = {r.id: r.title.en for r in load_knowledge().rules}
    for reason in expected.triage.reasons:
        assert f"**{titles[reason.rule]}**" in card["detail"]
        assert ", ".join(reason.sources) in card["detail"]
    # the clinician register: what to arrange (E2.2), no field path, snake-case name or rule id
    assert level_action(expected.triage.level, "en") in card["detail"]
    assert expected.triage.action not in card["detail"]
    assert code_like(card["detail"]) == []
    assert card["source"]["label"].startswith("sciatica decision support")
    if indicator == "info":
        assert "suggestions" not in card and "selectionBehavior" not in card
    else:
        assert card["selectionBehavior"] == "any"
        for suggestion in card["suggestions"]:
            (action,) = suggestion["actions"]
            assert action["type"] == "create"
            request = ServiceRequest.model_validate(action["resource"])
            assert request.subject.reference == "Patient/p1"
            assert (request.status, request.intent) == ("draft", "proposal")


def test_no_card_shows_a_field_path_or_rule_id(
    open_service: Harness, examples: dict[str, dict[str, Any]]
) -> None:
    """Every example's card reads in the clinician register (the detail used to list raw findings
    such as `exam.strength.left.ankle_dorsiflexion = 2` and the rules by their ids)."""
    for name, case in examples.items():
        card = only_card(open_service.call(request_for(case)))
        assert code_like(card["detail"]) == [], name


def test_the_smart_link_carries_the_case(
    open_service: Harness, examples: dict[str, dict[str, Any]]
) -> None:
    card = only_card(open_service.call(request_for(examples["paralysing-l5-contract"])))
    (link,) = card["links"]
    assert link["type"] == "smart"
    url, _, fragment = link["url"].partition("#")
    assert url == "http://testserver/clinician"
    assert fragment.startswith("case=")
    encoded = fragment.removeprefix("case=")
    case = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    assert json.loads(link["appContext"]) == case
    assert case["exam"]["strength"]["left"]["great_toe_extension"] == 1
    assert parse_case(case)  # a valid sciatica-case/1


def test_no_sciatica_data_gives_no_card(open_service: Harness) -> None:
    body = request_for({})
    body["prefetch"]["observations"] = None  # the client had nothing for this key
    assert open_service.call(body).json() == {"cards": []}


def test_an_unreadable_record_gets_a_card(open_service: Harness) -> None:
    body = request_for({"exam": {"strength": {"left": {"hip_flexion": 3}}}})
    obs = body["prefetch"]["observations"]["entry"][0]["resource"]
    del obs["bodySite"]  # a per-side finding without its side
    card = only_card(open_service.call(body))
    assert card["indicator"] == "info" and "cannot read" in card["summary"]
    assert "laterality" in card["detail"]


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (
            {"hook": "order-sign", "hookInstance": "x", "context": {"patientId": "1"}},
            "Unsupported hook",
        ),
        ({"hook": "patient-view", "hookInstance": "x", "context": {}}, "No patient in context"),
        ({"hook": "patient-view", "context": {"patientId": "1"}}, "Not a CDS Hooks request"),
        ([1, 2], "Not a CDS Hooks request"),
    ],
)
def test_bad_requests_are_400_problems(open_service: Harness, body: Any, title: str) -> None:
    answer = open_service.call(body)
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["title"] == title


def test_search_pages_are_followed_on_the_same_server_only() -> None:
    first = {
        "resourceType": "Bundle",
        "type": "searchset",
        "link": [{"relation": "next", "url": "https://ehr.test/fhir/Observation?page=2"}],
        "entry": [
            {
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]},
                    "valueInteger": 6,
                }
            }
        ],
    }
    second = {
        "resourceType": "Bundle",
        "type": "searchset",
        "link": [{"relation": "next", "url": "https://elsewhere.test/fhir/Observation?page=3"}],
        "entry": [
            {
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {
                        "coding": [
                            {"system": cds_model.k.CS_CASE_FIELD, "code": "symptoms.leg_pain"}
                        ]
                    },
                    "valueCodeableConcept": {
                        "coding": [{"system": cds_model.k.CS_ANSWER, "code": "left"}]
                    },
                }
            }
        ],
    }

    def ehr(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/Observation"):
            return httpx.Response(200, json=second if "page" in request.url.params else first)
        if request.url.path.endswith("/Condition"):
            return httpx.Response(200, json={"resourceType": "Bundle", "type": "searchset"})
        return httpx.Response(404)

    harness = Harness(CdsSettings(require_jwt=False), ehr)
    body = {
        "hook": "patient-view",
        "hookInstance": "h",
        "fhirServer": "https://ehr.test/fhir",
        "fhirAuthorization": {
            "access_token": "t",
            "token_type": "Bearer",
            "expires_in": 60,
            "scope": "s",
            "subject": "c",
        },
        "context": {"patientId": "p9"},
    }
    with harness.client:
        card = only_card(harness.call(body))
    assert [str(r.url.host) for r in harness.sent] == ["ehr.test"] * 4
    assert "Read from the record: 2 values" in card["detail"]


def test_a_fhir_server_error_is_said_in_a_card() -> None:
    harness = Harness(CdsSettings(require_jwt=False), lambda request: httpx.Response(403))
    body = fixture(SPEC + "calling-a-cds-service.json")
    body["fhirServer"] = "https://hooks.smarthealthit.org:9080"
    with harness.client:
        card = only_card(harness.call(body))
    assert "observations: the FHIR server answered 403" in card["detail"]


# --- trusting the CDS client ----------------------------------------------------------------------


@pytest.fixture
def guarded(trusted: CdsSettings) -> Iterator[Harness]:
    harness = Harness(trusted)
    with harness.client:
        yield harness


def test_a_signed_token_from_a_trusted_issuer_is_accepted(
    guarded: Harness, make_token: TokenFactory, examples: dict[str, dict[str, Any]]
) -> None:
    body = request_for(examples["pain-only-sciatica"])
    assert guarded.call(body, make_token(ENDPOINT)).status_code == 200  # ES384, a JWK Set
    assert guarded.call(body, make_token([ENDPOINT, "https://other"])).status_code == 200
    rsa_token = make_token(ENDPOINT, alg="RS384", iss=RSA_ISSUER)  # a PEM key
    assert guarded.call(body, rsa_token).status_code == 200


def test_discovery_needs_no_token(guarded: Harness) -> None:
    assert guarded.client.get("/cds-services").status_code == 200


def _refusal(answer: httpx.Response) -> str:
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["www-authenticate"].startswith("Bearer")
    detail: str = answer.json()["detail"]
    return detail


REFUSALS: list[tuple[str, Callable[[TokenFactory, Keys], str | None], str]] = [
    ("no token", lambda make, keys: None, "no Authorization: Bearer token"),
    ("not a JWT", lambda make, keys: "not-a-jwt", "not a JSON web token"),
    (
        "alg none",
        lambda make, keys: jwt.encode({"iss": ISSUER}, None, algorithm="none"),
        "asymmetric",
    ),
    ("HMAC", lambda make, keys: make(ENDPOINT, alg="HS256", key="s" * 32), "asymmetric"),
    (
        "unknown issuer",
        lambda make, keys: make(ENDPOINT, iss="https://evil.test"),
        "issuer is not trusted",
    ),
    (
        "wrong audience",
        lambda make, keys: make("https://cds.example.org/cds-services/x"),
        "aud must be",
    ),
    (
        "expired",
        lambda make, keys: make(ENDPOINT, iat=int(time.time()) - 900, exp=int(time.time()) - 300),
        "expired",
    ),
    (
        "issued in the future",
        lambda make, keys: make(ENDPOINT, iat=int(time.time()) + 600, exp=int(time.time()) + 900),
        "in the future",
    ),
    ("no jti", lambda make, keys: make(ENDPOINT, drop=("jti",)), "no jti claim"),
    ("no iat", lambda make, keys: make(ENDPOINT, drop=("iat",)), "no iat claim"),
    ("no exp", lambda make, keys: make(ENDPOINT, drop=("exp",)), "no exp claim"),
    (
        "another key",
        lambda make, keys: make(ENDPOINT, key=ec.generate_private_key(ec.SECP384R1())),
        "signature does not verify",
    ),
    ("unknown kid", lambda make, keys: make(ENDPOINT, headers={"kid": "other"}), "kid"),
    (
        "too long-lived",
        lambda make, keys: make(ENDPOINT, exp=int(time.time()) + 86400),
        "lives longer than 3600 s",
    ),
    ("typ", lambda make, keys: make(ENDPOINT, headers={"typ": "at+jwt"}), "typ must be JWT"),
    (
        "alg of another key",
        lambda make, keys: make(ENDPOINT, alg="ES256", key=ec.generate_private_key(ec.SECP256R1())),
        "alg is not the one of its key",
    ),
]


@pytest.mark.parametrize(("what", "token", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_bad_token_is_refused(
    guarded: Harness,
    make_token: TokenFactory,
    keys: Keys,
    what: str,
    token: Callable[[TokenFactory, Keys], str | None],
    reason: str,
    examples: dict[str, dict[str, Any]],
) -> None:
    answer = guarded.call(request_for(examples["cauda-equina-self-check"]), token(make_token, keys))
    assert reason in _refusal(answer), what
    assert "cards" not in answer.text


def test_a_token_is_accepted_once(guarded: Harness, make_token: TokenFactory) -> None:
    token = make_token(ENDPOINT)
    body = request_for({})
    assert guarded.call(body, token).status_code == 200
    assert "already used" in _refusal(guarded.call(body, token))


def test_no_trusted_issuer_means_every_call_is_refused(make_token: TokenFactory) -> None:
    harness = Harness(CdsSettings())
    with harness.client:
        assert "not trusted" in _refusal(harness.call(request_for({}), make_token(ENDPOINT)))


def test_the_spec_example_token() -> None:
    """The spec's token verifies with the spec's JWK Set, and is refused: it expired in 2015 (and
    names another service). A fresh token signed with the spec's example key is accepted."""
    example = fixture(SPEC + "jwt-example.json")
    issuer = example["payload"]["iss"]
    public = jwt.PyJWKSet.from_dict(example["jwks"])["example-kid"].key
    claims = jwt.decode(
        example["token"],
        public,
        algorithms=["ES384"],
        options={"verify_exp": False, "verify_aud": False, "verify_iat": False},
    )
    assert claims["jti"] == example["payload"]["jti"]
    assert jwt.get_unverified_header(example["token"]) == example["header"]

    settings = CdsSettings(
        trusted_issuers={issuer: example["jwks"]}, base_url="https://cds.example.org"
    )
    harness = Harness(settings)
    with harness.client:
        assert "expired" in _refusal(harness.call(request_for({}), example["token"]))
        now = int(time.time())
        fresh = jwt.encode(
            {
                **example["payload"],
                "aud": "https://cds.example.org/cds-services/sciatica-triage",
                "iat": now,
                "exp": now + 300,
                "jti": str(uuid.uuid4()),
            },
            jwt.PyJWK.from_dict(example["private_jwk"]).key,
            algorithm="ES384",
            headers={k: v for k, v in example["header"].items() if k != "alg"},
        )
        assert harness.call(request_for({}), fresh).status_code == 200


def test_a_key_set_url_is_fetched_and_its_jku_must_match(
    keys: Keys, make_token: TokenFactory
) -> None:
    jwks_url = "https://ehr.example.test/jwks.json"

    def ehr(request: httpx.Request) -> httpx.Response:
        assert str(request.url) == jwks_url
        return httpx.Response(200, json=keys.jwks)

    harness = Harness(CdsSettings(trusted_issuers={ISSUER: jwks_url}), ehr)
    with harness.client:
        body = request_for({})
        assert (
            harness.call(body, make_token(ENDPOINT, headers={"jku": jwks_url})).status_code == 200
        )
        assert harness.call(body, make_token(ENDPOINT)).status_code == 200  # no jku: out of band
        assert len(harness.sent) == 1  # cached
        elsewhere = make_token(ENDPOINT, headers={"jku": "https://evil.test/jwks.json"})
        assert "jku" in _refusal(harness.call(body, elsewhere))
        assert "kid" in _refusal(harness.call(body, make_token(ENDPOINT, headers={"kid": "new"})))
        assert len(harness.sent) == 2  # an unknown kid fetches the set again (rotation)
    assert KID in json.dumps(keys.jwks)


def test_optional_data_missing_is_said_but_does_not_stop_the_triage(
    open_service: Harness, examples: dict[str, dict[str, Any]]
) -> None:
    body = request_for(examples["cauda-equina-self-check"])
    del body["prefetch"]["conditions"], body["prefetch"]["patient"]
    card = only_card(open_service.call(body))
    assert card["indicator"] == "critical"
    assert "Not available, so not read: patient: not sent" in card["detail"]
    assert "conditions: not sent, no server access" in card["detail"]
