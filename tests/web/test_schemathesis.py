"""Property-based API tests from the OpenAPI document (schemathesis 4, in-process over ASGI).

For every documented API operation, schemathesis generates valid and invalid requests (bodies,
parameters, headers) and checks each answer: never a 5xx, a status code and content type the
document declares, a body that conforms to the declared schema, and invalid input refused.

Two runs over one app whose records store is a temporary SQLite file (never the user's data
directory: the `store` dependency is overridden):

- anonymous: every operation of the document; the records API answers 401 problems there.
- signed in: every records operation (tag `records`) with a bearer token of a clinician whose
  clinic holds a seeded patient, episode, visits and alerts. Generated path ids are swapped for
  these real ids half of the time (a schema hook), so the answers are not only 404s; and
  `test_every_records_operation_succeeds_with_real_ids` sends one real request to each
  operation and needs a 2xx answer that conforms to the document and to the response models.

Bounded for CI (about 45 s in all on two cores): 50 examples per operation anonymously, 20
signed in, no deadline; the two operations whose body is a whole Case skip the coverage phase.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.schemas import OpenApiSchema
from sqlalchemy import delete

from sciatica.records import auth
from sciatica.records import services as sv
from sciatica.records.db import Store
from sciatica.records.models import LoginAttempt
from sciatica.records.scores import SBI_ITEMS
from sciatica.web import create_app
from sciatica.web.api import assess as api
from sciatica.web.api import selfcheck as api_selfcheck
from sciatica.web.api import text as api_text
from sciatica.web.pages import diary as pages_diary
from sciatica.web.patient_records import api as api_records
from sciatica.web.patient_records import diary_import as api_diary_import
from sciatica.web.patient_records import schemas as rs
from sciatica.web.patient_records.diary_import import DiaryImport
from tests.records.cases import foot_drop

app = create_app()
# The pages are HTML for people, not part of the API: the document should not list them, and
# test_api.py::test_openapi_documents_only_the_api says so. The filter keeps this run on the API
# whatever the pages do.
# A body over the size limit is refused with 413 Content Too Large before it is read (e.g. a diary
# with more entries than `maxItems` allows is also over 64 KiB): a refusal like 400/422.
REFUSALS = [
    "400",
    "401",
    "403",
    "404",
    "405",
    "406",
    "409",
    "413",
    "415",
    "422",
    "428",
    "429",
    "5XX",
]
CHECKS = {"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}}
BASE = SchemathesisConfig.from_dict(CHECKS)
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=BASE).include(
    path_regex="^/api/"
)
# A visit's body holds a whole Case: the coverage phase takes some 25 s per such operation on two
# cores. The Case schema's coverage is POST /api/v1/assess's (anonymous run); these two
# operations get the examples and fuzzing phases only (a schema of their own: a config with
# per-operation phases would override `include`, schemathesis 4.32).
CASE_BODIES: dict[str, Any] = {"path_regex": r"/visits(/\{visit_id\})?$", "method": ["POST", "PUT"]}
NO_COVERAGE = SchemathesisConfig.from_dict({**CHECKS, "phases": {"coverage": {"enabled": False}}})


def without_coverage() -> OpenApiSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=NO_COVERAGE)


anonymous = schema.exclude(**CASE_BODIES)
anonymous_case_bodies = without_coverage().include(**CASE_BODIES)
signed_in = schemathesis.openapi.from_asgi("/openapi.json", app, config=BASE).include(tag="records")
signed_in_case_bodies = without_coverage().include(**CASE_BODIES)
signed_in = signed_in.exclude(**CASE_BODIES)

USERNAME = "schemathesis-clinician"  # no generated login is likely to hit it (rate limit)
PASSWORD = "correct horse battery staple"
MAX_ID = api_records.MAX_ID


# --- the temporary store and its seeded record ---------------------------------------------------


@dataclass
class Seed:
    """A clinician's token and a patient with an episode, three visits and their alerts."""

    store: Store
    token: str = ""
    patient: int = 0
    episode: int = 0
    visit: int = 0
    alert: int = 0
    spares: list[int] = field(default_factory=list)  # patients that DELETE may remove

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def new_token(self) -> str:
        """Another token of the same clinician (DELETE /auth/token revokes the one it sends)."""
        with self.store.session() as s:
            token, _ = auth.login(s, USERNAME, PASSWORD, None, "bearer")
        return token

    def real_ids(self, method: str, path: str) -> dict[str, int]:
        ids = {
            "patient_id": self.patient,
            "episode_id": self.episode,
            "visit_id": self.visit,
            "alert_id": self.alert,
        }
        return {name: value for name, value in ids.items() if "{" + name + "}" in path}


SEED: list[Seed] = []  # the hook below reads the seed of the running module


def seed_record(store: Store, spares: int = 20) -> Seed:
    seed = Seed(store)
    with store.session() as s:
        clinic = auth.create_clinic(s, "Schemathesis clinic")
        # an administrator: every operation, downloads and deletion included, must succeed
        user = auth.create_user(s, clinic.id, USERNAME, PASSWORD, "clinic_admin")
        actor = auth.actor_for(user, "127.0.0.1")
        # Spares first, so that small ids (1, 2, ... which the coverage phase likes to send to
        # DELETE /patients/{patient_id}) are spares, not the seeded patient.
        seed.spares = [sv.create_patient(s, actor).id for _ in range(spares)]
        patient = sv.create_patient(s, actor, birth_year=1970, sex="female")
        episode = sv.create_episode(s, actor, patient.id, "seeded")
        for day, grade in ((1, 4), (8, 3), (15, 2)):
            seen = datetime(2025, 3, day, 9, tzinfo=UTC)
            visit = sv.add_visit(s, actor, episode.id, foot_drop(grade), seen_at=seen)
        sv.record_score(s, actor, patient.id, "nprs", {"leg": 6}, visit.id)
        alerts = sv.list_alerts(s, actor, patient.id)
        assert alerts, "the seeded visits should raise follow-up alerts"
        seed.patient, seed.episode, seed.visit, seed.alert = (
            patient.id,
            episode.id,
            visit.id,
            alerts[-1].id,
        )
    seed.token = seed.new_token()
    return seed


def current_seed() -> Seed:
    """The module's seeded record, made on first use.

    First use may be at collection: schemathesis builds some cases then, with the auth provider's
    token (SeedToken below), before any fixture has run. The store is a temporary SQLite file,
    never the user's data directory (the `store` dependency is overridden by the fixture).
    """
    if not SEED:
        directory = Path(tempfile.mkdtemp(prefix="sciatica-schemathesis-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)  # if the fixture never ran
        SEED.append(seed_record(Store.open(f"sqlite:///{directory / 'records.sqlite3'}")))
    return SEED[-1]


@pytest.fixture(scope="module", autouse=True)
def seed() -> Iterator[Seed]:
    current = current_seed()
    app.dependency_overrides[api_records.store] = lambda: current.store
    try:
        yield current
    finally:
        SEED.clear()
        app.dependency_overrides.pop(api_records.store, None)
        current.store.close()


def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    """Half of the draws use the seeded record's ids; DELETE removes only spare patients.

    Only a valid draw (every id an integer in range) is swapped, so a negative test case (an id
    that is not an integer) stays negative.
    """
    if not SEED or not path_parameters or context.operation is None:
        return st.just(path_parameters)
    valid = all(
        isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_ID
        for v in path_parameters.values()
    )
    if not valid:
        return st.just(path_parameters)
    seed = SEED[-1]
    method, path = context.operation.method.upper(), context.operation.path
    if (method, path) == ("DELETE", "/api/v1/patients/{patient_id}"):
        return st.sampled_from(seed.spares).map(lambda pid: {"patient_id": pid})
    real = {**path_parameters, **seed.real_ids(method, path)}
    return st.sampled_from([real, path_parameters])


signed_in.hook(flatmap_path_parameters)
signed_in_case_bodies.hook(flatmap_path_parameters)


# --- the runs --------------------------------------------------------------------------------------


ANONYMOUS = settings(
    max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True
)
SIGNED_IN = settings(ANONYMOUS, max_examples=20)


# The self-check's answers are checked together (a question answered and also "I don't know", an
# answer contradicting its screen's "none of these"), which a schema cannot say: 422 is right there.
# Likewise a case's `unsure` must name unanswered questions (case-format 1.1).
ANONYMOUS_SEMANTIC_422 = {("POST", "/api/v1/self-check"), ("POST", "/api/v1/assess")}


@anonymous.parametrize()
@ANONYMOUS
def test_no_input_gives_a_server_error_and_answers_conform(case: Any) -> None:
    label = (case.method.upper(), case.operation.path)
    excluded = [positive_data_acceptance] if label in ANONYMOUS_SEMANTIC_422 else []
    case.call_and_validate(additional_checks=[not_a_server_error], excluded_checks=excluded)


@anonymous_case_bodies.parametrize()
@ANONYMOUS
def test_anonymous_visit_bodies(case: Any) -> None:
    case.call_and_validate(additional_checks=[not_a_server_error])


# What the schema cannot say: a visit's `seen_at` must lie within the last 50 years (the engine
# compares it with the previous visit), which a date-time schema cannot say. (A score's answers
# are typed per instrument in the document, so scores are held to "valid means accepted".)
# A diary import's body is a FHIR Bundle of the diary's QuestionnaireResponses, read by the FHIR
# models and the diary reader: the document gives only its outline.
SEMANTIC_422 = {
    ("POST", "/api/v1/patients/{patient_id}/diary"),
    ("POST", "/api/v1/patients/{patient_id}/episodes/{episode_id}/visits"),
}


@signed_in.parametrize()
@SIGNED_IN
def test_signed_in_no_input_gives_a_server_error_and_answers_conform(case: Any, seed: Seed) -> None:
    call_signed_in(case, seed)


@signed_in_case_bodies.parametrize()
@SIGNED_IN
def test_signed_in_visit_bodies(case: Any, seed: Seed) -> None:
    call_signed_in(case, seed)


def call_signed_in(case: Any, seed: Seed) -> None:
    label = (case.method.upper(), case.operation.path)
    excluded = [positive_data_acceptance] if label in SEMANTIC_422 else []
    case.call_and_validate(additional_checks=[not_a_server_error], excluded_checks=excluded)


class SeedToken:
    """The run's bearer token, as the schema's auth provider rather than a header forced onto
    every request: schemathesis then leaves it off the cases that negate the Authorization header
    (they must get a 401), where a forced header made such a case valid and its 200 read as
    "invalid data accepted". DELETE /auth/token revokes the token it sends: it gets a fresh one."""

    def get(self, case: Any, context: Any) -> str:
        seed = current_seed()
        if (case.method.upper(), case.operation.path) == ("DELETE", "/api/v1/auth/token"):
            return seed.new_token()
        return seed.token

    def set(self, case: Any, token: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


for signed_in_schema in (signed_in, signed_in_case_bodies):
    signed_in_schema.auth(refresh_interval=None)(SeedToken)


# --- every operation: documented, run, and reached with real ids ------------------------------------


def operations(loaded: Any) -> set[tuple[str, str]]:
    found = set()
    for result in loaded.get_all_operations():
        assert isinstance(result, Ok), f"schemathesis cannot read an operation: {result.err()}"
        operation = result.ok()
        found.add((operation.method.upper(), operation.path))
    return found


def api_routes(*, tag: str | None = None) -> set[tuple[str, str]]:
    """The routes of the API routers (as test_api.py::test_openapi_lists_every_api_route)."""
    return {
        (method, route.path)  # type: ignore[attr-defined]
        for module in (api, api_text, api_records, api_selfcheck, pages_diary, api_diary_import)
        for route in module.router.routes
        for method in getattr(route, "methods", ()) or ()
        if method not in ("HEAD", "OPTIONS")
        and getattr(route, "include_in_schema", False)  # not the 405 answers of api_records
        and getattr(route, "path", "").startswith("/api/")
        and (tag is None or tag in getattr(route, "tags", ()))
    }


RECORD_OPERATIONS = {
    ("POST", "/api/v1/auth/token"),
    ("DELETE", "/api/v1/auth/token"),
    ("GET", "/api/v1/patients"),
    ("POST", "/api/v1/patients"),
    ("GET", "/api/v1/patients/{patient_id}"),
    ("DELETE", "/api/v1/patients/{patient_id}"),
    ("GET", "/api/v1/patients/{patient_id}/export"),
    ("GET", "/api/v1/patients/{patient_id}/timeline"),
    ("POST", "/api/v1/patients/{patient_id}/episodes"),
    ("POST", "/api/v1/patients/{patient_id}/episodes/{episode_id}/close"),
    ("POST", "/api/v1/patients/{patient_id}/episodes/{episode_id}/reopen"),
    ("POST", "/api/v1/patients/{patient_id}/episodes/{episode_id}/visits"),
    ("GET", "/api/v1/patients/{patient_id}/visits/{visit_id}"),
    ("PUT", "/api/v1/patients/{patient_id}/visits/{visit_id}"),
    ("GET", "/api/v1/patients/{patient_id}/alerts"),
    ("POST", "/api/v1/patients/{patient_id}/alerts/{alert_id}/acknowledge"),
    ("GET", "/api/v1/patients/{patient_id}/scores"),
    ("POST", "/api/v1/patients/{patient_id}/scores"),
    ("POST", "/api/v1/patients/{patient_id}/diary"),
    ("GET", "/api/v1/alerts"),
}


def test_every_api_operation_is_exercised() -> None:
    everything = operations(schema)
    assert everything >= {
        ("POST", "/api/v1/assess"),
        ("GET", "/api/v1/rules"),
        ("GET", "/api/v1/rules/{rule_id}"),
        ("GET", "/api/v1/health"),
    }
    # Every API route is in the anonymous run, and every records route in the signed-in one.
    assert everything == api_routes()
    assert operations(anonymous) | operations(anonymous_case_bodies) == everything
    assert operations(anonymous_case_bodies) == {
        ("POST", "/api/v1/patients/{patient_id}/episodes/{episode_id}/visits"),
        ("PUT", "/api/v1/patients/{patient_id}/visits/{visit_id}"),
    }
    run = operations(signed_in) | operations(signed_in_case_bodies)
    assert run == api_routes(tag="records") == RECORD_OPERATIONS


# One real request per records operation, in an order that keeps the record alive to the end.
def real_requests() -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield "POST", "/api/v1/auth/token", {"body": {"username": USERNAME, "password": PASSWORD}}
    yield "POST", "/api/v1/patients", {"body": {"display_name": "A", "birth_year": 1960}}
    yield "GET", "/api/v1/patients", {}
    yield "GET", "/api/v1/alerts", {}
    yield "POST", "/api/v1/patients/{patient_id}/episodes", {"body": {"note": "x"}}
    for grade in (4, 1):
        case = {"body": {"case": foot_drop(grade), "seen_at": f"2025-0{5 - grade}-01T09:00:00Z"}}
        yield "POST", "/api/v1/patients/{patient_id}/episodes/{episode_id}/visits", case
    for path in ("", "/export", "/timeline", "/alerts", "/scores"):
        yield "GET", "/api/v1/patients/{patient_id}" + path, {}
    yield "GET", "/api/v1/patients/{patient_id}/visits/{visit_id}", {}
    answers = {"instrument": "sbi", "answers": dict.fromkeys(SBI_ITEMS, 3)}
    yield "POST", "/api/v1/patients/{patient_id}/scores", {"body": answers}
    yield "POST", "/api/v1/patients/{patient_id}/diary", {"body": diary_bundle_json()}
    yield "POST", "/api/v1/patients/{patient_id}/alerts/{alert_id}/acknowledge", {}
    yield "PUT", "/api/v1/patients/{patient_id}/visits/{visit_id}", {"version": True}
    yield "POST", "/api/v1/patients/{patient_id}/episodes/{episode_id}/close", {}
    yield "POST", "/api/v1/patients/{patient_id}/episodes/{episode_id}/reopen", {}
    yield "DELETE", "/api/v1/patients/{patient_id}", {}
    yield "DELETE", "/api/v1/auth/token", {}


def diary_bundle_json() -> dict[str, Any]:
    """A recovery diary as /diary exports it (two entries, one with an SBI)."""
    from sciatica.diary import read_entries
    from sciatica.fhir.diary import diary_bundle

    entries = read_entries(
        [
            {"date": "2025-04-01", "legs": "left", "leg_pain": 4, "back_pain": 2},
            {
                "date": "2025-04-08",
                "legs": "left",
                "leg_pain": 3,
                "back_pain": 2,
                "sbi": dict.fromkeys(SBI_ITEMS, 2),
            },
        ]
    )
    bundle: dict[str, Any] = diary_bundle(entries).model_dump(mode="json", exclude_none=True)
    return bundle


MODELS: dict[str, Any] = {
    "Token": rs.Token,
    "PatientRecord": rs.PatientRecord,
    "PatientWithEpisodes": rs.PatientWithEpisodes,
    "Episode": rs.Episode,
    "Visit": rs.Visit,
    "VisitWithAlerts": rs.VisitWithAlerts,
    "Alert": rs.Alert,
    "Score": rs.Score,
    "Export": rs.Export,
    "Timeline": rs.Timeline,
    "DiaryImport": DiaryImport,
}


def response_model(document: dict[str, Any], method: str, path: str, status: int) -> Any:
    """The pydantic model that the document names for this answer (None: no body)."""
    answer = document["paths"][path][method.lower()]["responses"][str(status)]
    content = answer.get("content")
    if not content:
        return None
    declared = content["application/json"]["schema"]
    if declared.get("type") == "array":
        name = declared["items"]["$ref"].rsplit("/", 1)[1]
        return TypeAdapter(list[MODELS[name]])  # type: ignore[valid-type]
    return TypeAdapter(MODELS[declared["$ref"].rsplit("/", 1)[1]])


def test_every_records_operation_succeeds_with_real_ids(seed: Seed) -> None:
    """Each records operation once with real ids and a valid body: a 2xx answer that passes every
    schemathesis check and validates against the pydantic model that the document names."""
    by_label = {}
    for result in schema.include(tag="records").get_all_operations():
        assert isinstance(result, Ok)
        operation = result.ok()
        by_label[(operation.method.upper(), operation.path)] = operation
    document = schema.raw_schema
    token = seed.new_token()
    with seed.store.session() as s:  # a patient of this test's own, so the order of tests is free
        s.execute(delete(LoginAttempt))  # the fuzzed logins of this module (5 failures: 429)
        actor = auth.authenticate(s, token, "bearer", None)
        assert actor is not None
        patient = sv.create_patient(s, actor).id
    state: dict[str, Any] = {"patient_id": patient}
    done = set()
    for method, path, request in real_requests():
        body = request.get("body")
        if request.get("version"):
            body = {"case": foot_drop(5), "version": state["version"]}
        ids = {k: state[k] for k in ("patient_id", "episode_id", "visit_id", "alert_id")
               if "{" + k + "}" in path}  # fmt: skip
        operation = by_label[(method, path)]
        case = operation.Case(path_parameters=ids, **({} if body is None else {"body": body}))
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"}, additional_checks=[not_a_server_error]
        )
        assert 200 <= response.status_code < 300, (method, path, response.text)
        model = response_model(document, method, path, response.status_code)
        data: Any = response.json() if model is not None else None
        if model is not None:
            assert model.dump_python(model.validate_python(data), mode="json") == data
        if path.endswith("/episodes"):
            state["episode_id"] = data["id"]
        if path.endswith("/visits"):
            state["visit_id"], state["version"] = data["id"], data["version"]
            if data["alerts"]:
                state["alert_id"] = data["alerts"][0]["id"]
        done.add((method, path))
    assert done == RECORD_OPERATIONS
    assert "alert_id" in state, "the worsening visit should have raised an alert"


def test_the_signed_in_run_reaches_the_seeded_record(seed: Seed) -> None:
    """The hook's ids are real: the seeded patient answers 200 to the token of the run."""
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        for method, path in sorted(RECORD_OPERATIONS):
            if method != "GET" or "{" not in path:
                continue
            url = path.format(**seed.real_ids(method, path))
            answer = client.get(url, headers=seed.headers())
            assert answer.status_code == 200, (url, answer.text)
        assert client.get("/api/v1/patients").status_code == 401  # and the anonymous run gets 401


def test_a_view_that_drifts_from_its_model_is_an_error_not_a_silent_change(
    seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field added to a `*_json` view without its model: FastAPI refuses the answer (500)."""
    from fastapi.testclient import TestClient

    drifted = sv.patient_json
    monkeypatch.setattr(sv, "patient_json", lambda p: {**drifted(p), "undocumented": 1})
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/v1/patients", headers=seed.headers()).status_code == 500
        monkeypatch.setattr(sv, "patient_json", drifted)
        assert client.get("/api/v1/patients", headers=seed.headers()).status_code == 200


def test_the_signed_in_run_sends_the_run_token(seed: Seed) -> None:
    """The auth provider is on the signed-in schemas: their generated valid cases answer 200,
    not the 401 of the anonymous run (a provider that silently did nothing would pass the fuzzing
    tests above on 401s alone)."""
    from hypothesis import given

    listing = signed_in["/api/v1/patients"]["GET"]

    @given(case=listing.as_strategy())
    @settings(ANONYMOUS, max_examples=5)
    def answers_200(case: Any) -> None:
        assert case.headers["Authorization"] == f"Bearer {seed.token}"
        assert case.call().status_code == 200

    answers_200()
