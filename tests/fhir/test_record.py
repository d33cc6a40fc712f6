"""A stored patient record as a FHIR Bundle: `record_bundle` on a real export (SQLite store), and
GET /fhir/Patient/{id}/$everything with the records API's bearer token."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter

from sciatica import assess, parse_case
from sciatica.fhir import codes as k
from sciatica.fhir import record_bundle
from sciatica.fhir.from_fhir import case_from_bundle
from sciatica.fhir.record import NotExportable
from tests.records.conftest import bearer

from .conftest import Record
from .test_bundle import codings_of, references, resources, through_json


def bundle_json(export: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(through_json(record_bundle(export)).model_dump_json())
    return data


def of_kind(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def score_code(resource: dict[str, Any]) -> str | None:
    for coding in resource.get("code", {}).get("coding", []):
        if coding["system"] == k.CS_OUTCOME_SCORE:
            return str(coding["code"])
    return None


# --- the pure mapping -----------------------------------------------------------------------------


def test_every_resource_round_trips_and_the_bundle_is_repeatable(stored_record: Record) -> None:
    first = record_bundle(stored_record.export)
    again = record_bundle(copy.deepcopy(stored_record.export))
    assert first.model_dump_json() == again.model_dump_json()
    assert first.type == "collection"
    for entry in first.entry or []:
        assert entry.resource is not None
        model = type(entry.resource)
        text = entry.resource.model_dump_json()
        assert model.model_validate_json(text).model_dump_json() == text
        assert str(entry.fullUrl).startswith("urn:uuid:")
    urls = [e.fullUrl for e in first.entry or []]
    assert len(urls) == len(set(urls))


def test_another_record_gets_other_ids(stored_record: Record) -> None:
    other = copy.deepcopy(stored_record.export)
    other["patient"]["record_number"] = "P-AAAA-BBBB"
    mine = {e.fullUrl for e in record_bundle(stored_record.export).entry or []}
    theirs = {e.fullUrl for e in record_bundle(other).entry or []}
    assert not mine & theirs


def test_every_reference_resolves_inside_the_bundle(stored_record: Record) -> None:
    data = bundle_json(stored_record.export)
    urls = {e["fullUrl"] for e in data["entry"]}
    found = references(data)
    assert found and set(found) <= urls


def test_the_patient_is_pseudonymous(stored_record: Record) -> None:
    data = bundle_json(stored_record.export)
    (patient,) = of_kind(data, "Patient")
    number = stored_record.export["patient"]["record_number"]
    assert patient["identifier"] == [{"system": k.IDENTIFIER_RECORD_NUMBER, "value": number}]
    assert patient["birthDate"] == "1971" and patient["gender"] == "female"
    assert "name" not in patient


def test_episodes_and_visits_are_episodes_of_care_and_encounters(stored_record: Record) -> None:
    data = bundle_json(stored_record.export)
    url_of = {id(e["resource"]): e["fullUrl"] for e in data["entry"]}
    (episode,) = of_kind(data, "EpisodeOfCare")
    assert episode["status"] == "active"
    encounters = of_kind(data, "Encounter")
    visits = stored_record.export["episodes"][0]["visits"]
    assert len(encounters) == len(visits) == 2
    for encounter, visit in zip(encounters, visits, strict=True):
        assert encounter["episodeOfCare"] == [{"reference": url_of[id(episode)]}]
        assert encounter["period"]["start"].startswith(visit["seen_at"][:19])
        assert encounter["class"]["code"] == "AMB"
    # each visit's RiskAssessment is in that visit's Encounter and says the stored level
    risks = of_kind(data, "RiskAssessment")
    assert [r["encounter"]["reference"] for r in risks] == [url_of[id(e)] for e in encounters]
    levels = [r["prediction"][0]["qualitativeRisk"]["coding"][0]["code"] for r in risks]
    assert levels == [v["assessment"]["triage"]["level"] for v in visits]
    assert levels[1] == "emergency"


def test_each_visit_carries_what_assessment_bundle_writes(stored_record: Record) -> None:
    data = bundle_json(stored_record.export)
    (patient,) = [e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "Patient"]
    encounters = {
        e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "Encounter"
    }
    kinds = ("Observation", "Condition", "RiskAssessment", "ServiceRequest", "CarePlan")
    for kind in kinds:
        found = of_kind(data, kind)
        assert found, kind
        for resource in found:
            assert resource["subject"]["reference"] == patient
            if score_code(resource) is None:  # the case's own findings and conclusions
                assert resource["encounter"]["reference"] in encounters
    # the second visit's grade 2 is an Observation of that visit
    second = stored_record.export["episodes"][0]["visits"][1]
    grades = [
        o
        for o in of_kind(data, "Observation")
        if o["code"]["coding"][0]["code"] == "exam.strength.ankle_dorsiflexion"
    ]
    assert sorted(o["valueInteger"] for o in grades) == [2, 4]
    assert second["case"]["exam"]["strength"]["left"]["ankle_dorsiflexion"] == 2


def test_alerts_are_flags_with_rule_level_escalation_and_sources(stored_record: Record) -> None:
    data = bundle_json(stored_record.export)
    flags = of_kind(data, "Flag")
    alerts = stored_record.export["alerts"]
    assert len(flags) == len(alerts) >= 2
    for flag, alert in zip(flags, alerts, strict=True):
        (reason,) = [e for e in flag["extension"] if e["url"] == k.EXT_REASON]
        parts: dict[str, list[str]] = {}
        for part in reason["extension"]:
            parts.setdefault(part["url"], []).append(part.get("valueCode") or part["valueString"])
        assert parts["rule"] == [alert["rule"]] and parts["level"] == [alert["level"]]
        assert parts["source"] == alert["sources"]
        assert parts["label"][0] in ("C", "S", "U")
        assert flag["code"]["coding"][0] == {"system": k.CS_ESCALATION, "code": alert["escalation"]}
        closed = alert["acknowledged_at"] or alert["superseded_at"]  # superseded: closed too
        assert flag["status"] == ("inactive" if closed else "active")
        assert ("end" in flag["period"]) == bool(closed)
    assert {f["status"] for f in flags} == {"active", "inactive"}


def test_scores_are_observations_with_their_codes(stored_record: Record) -> None:
    data = bundle_json(stored_record.export)
    scores = {score_code(o): o for o in of_kind(data, "Observation") if score_code(o)}
    assert set(scores) == {"nprs-leg", "nprs-back", "sbi", "startback", "odi"}
    for name in ("nprs-leg", "nprs-back"):
        loinc = [c for c in scores[name]["code"]["coding"] if c["system"] == "http://loinc.org"]
        assert [c["code"] for c in loinc] == ["72514-3"]
        assert loinc[0]["extension"][0] == {"url": k.EXT_VERIFICATION, "valueCode": "S"}
    assert (scores["nprs-leg"]["valueInteger"], scores["nprs-back"]["valueInteger"]) == (7, 3)
    assert scores["nprs-leg"]["bodySite"]["coding"][0]["code"] == "leg"
    assert scores["nprs-leg"]["encounter"]["reference"].startswith("urn:uuid:")
    for name in ("sbi", "startback", "odi"):
        (coding,) = scores[name]["code"]["coding"]  # no LOINC code (clinical-spec E9.3)
        assert coding["extension"] == [{"url": k.EXT_VERIFICATION, "valueCode": "U"}]
        assert "E9.3" in scores[name]["note"][0]["text"]
        assert "encounter" not in scores[name]  # recorded without a visit
    assert scores["sbi"]["valueInteger"] == 14
    assert scores["odi"]["valueQuantity"] == {
        "value": 40.0,
        "unit": "%",
        "system": "http://unitsofmeasure.org",
        "code": "%",
    }
    parts = {c["code"]["coding"][0]["code"]: c for c in scores["startback"]["component"]}
    assert parts["startback.risk"]["valueCodeableConcept"]["coding"][0]["code"] == "high"
    assert any("Keele University" in n["text"] for n in scores["startback"]["note"])


def test_every_outside_code_carries_its_verification_label(stored_record: Record) -> None:
    data = bundle_json(stored_record.export)
    outside = set(k.table().systems.values())
    codings = [c for c in codings_of(data) if c["system"] in outside]
    assert codings
    for coding in codings:
        labels = [
            e["valueCode"] for e in coding.get("extension", []) if e["url"] == k.EXT_VERIFICATION
        ]
        assert labels in (["C"], ["S"], ["U"]), coding


def test_reading_the_export_back_ignores_the_scores(stored_record: Record) -> None:
    """The back pain rating carries LOINC 72514-3 but is not the case's worst leg pain: read back,
    the second visit gives its own pain score, and the five score Observations are skipped."""
    bundle = record_bundle(stored_record.export)
    encounters = [e.fullUrl for e in bundle.entry or [] if isinstance(e.resource, Encounter)]

    def keep(resource: Any) -> bool:
        encounter = getattr(resource, "encounter", None)
        codings = getattr(getattr(resource, "code", None), "coding", None) or []
        is_score = any(c.system == k.CS_OUTCOME_SCORE for c in codings)
        return is_score or (encounter is not None and encounter.reference == encounters[1])

    second = Bundle(
        type="collection",
        entry=[e for e in bundle.entry or [] if e.resource is not None and keep(e.resource)],
    )
    reading = case_from_bundle(second)
    assert reading.case.symptoms is not None and reading.case.symptoms.pain_score == 8
    assert sum("an outcome score" in i for i in reading.ignored) == 5


def test_another_format_is_refused(stored_record: Record) -> None:
    with pytest.raises(ValueError, match="sciatica-record/1"):
        record_bundle({**stored_record.export, "format": "sciatica-case/1"})
    broken = copy.deepcopy(stored_record.export)
    broken["episodes"][0]["visits"][0]["case"]["patient"] = {"age": 400}
    with pytest.raises(NotExportable, match="InvalidCase"):
        record_bundle(broken)


def test_the_stored_assessment_is_written_not_recomputed(stored_record: Record) -> None:
    """The second visit was assessed against the first (a fall of two grades): its stored reasons
    are exported, though the case alone would not fire the follow-up rule."""
    data = bundle_json(stored_record.export)
    second = stored_record.export["episodes"][0]["visits"][1]
    alone = assess(parse_case(second["case"]))
    stored_rules = [r["rule"] for r in second["assessment"]["triage"]["reasons"]]
    assert "RF-MOT-PROGRESSIVE" in stored_rules
    assert "RF-MOT-PROGRESSIVE" not in [r.rule for r in alone.triage.reasons]
    risk = of_kind(data, "RiskAssessment")[1]
    written = [
        p["valueCode"]
        for e in risk["extension"]
        if e["url"] == k.EXT_REASON
        for p in e["extension"]
        if p["url"] == "rule"
    ]
    assert written == stored_rules


# --- over HTTP ------------------------------------------------------------------------------------


@pytest.fixture
def client(stored_record: Record, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from sciatica.records import db
    from sciatica.web import create_app

    monkeypatch.setenv(db.ENV_URL, stored_record.url)
    with TestClient(create_app()) as test_client:
        yield test_client
    for opened in db._stores.values():
        opened.close()
    db._stores.clear()


def everything(client: TestClient, patient_id: int, headers: dict[str, str] | None = None) -> Any:
    return client.get(f"/fhir/Patient/{patient_id}/$everything", headers=headers or {})


def test_the_record_is_served_as_fhir(client: TestClient, stored_record: Record) -> None:
    answer = everything(client, stored_record.patient_id, bearer(client, "alice"))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/fhir+json")
    assert answer.headers["cache-control"] == "no-store"
    served = Bundle.model_validate_json(answer.text)
    expected = record_bundle(stored_record.export)
    # the same record (only the export time differs)
    assert [e.fullUrl for e in served.entry or []] == [e.fullUrl for e in expected.entry or []]
    assert len(resources(served, "Encounter")) == 2
    engine = sa.create_engine(stored_record.url)
    try:
        with engine.connect() as connection:
            actions = connection.execute(
                sa.text("SELECT action FROM audit_log WHERE patient_id = :p ORDER BY id"),
                {"p": stored_record.patient_id},
            ).scalars()
            logged = list(actions)
    finally:
        engine.dispose()
    assert logged[-2:] == ["patient.export", "patient.export.fhir"]


def test_another_clinic_gets_404_as_for_a_missing_patient(
    client: TestClient, stored_record: Record
) -> None:
    carol = bearer(client, "carol")
    theirs = everything(client, stored_record.patient_id, carol)
    missing = everything(client, 999_999, carol)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert stored_record.export["patient"]["record_number"] not in theirs.text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic YWxpY2U6eA=="}],
)
def test_without_a_valid_token_it_is_401(
    client: TestClient, stored_record: Record, headers: dict[str, str]
) -> None:
    answer = everything(client, stored_record.patient_id, headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert stored_record.export["patient"]["record_number"] not in answer.text


def test_without_the_records_extra_the_route_answers_501_naming_it() -> None:
    """sqlalchemy made unimportable in a fresh interpreter: the app still starts, with the other
    FHIR routes; $everything is not served and says which extra to install."""
    script = (
        "import sys\n"
        "sys.modules['sqlalchemy'] = None\n"
        "from fastapi.testclient import TestClient\n"
        "from sciatica.web import create_app\n"
        "from sciatica.web.api import fhir as fhir_routes\n"
        "client = TestClient(create_app())\n"
        "everything = client.get('/fhir/Patient/1/$everything')\n"
        "print(fhir_routes.HAS_RECORDS, everything.status_code,\n"
        "      \"pip install 'sciatica[records]'\" in everything.json()['detail'],\n"
        "      client.get('/fhir/ConceptMap/condition-to-case-field').status_code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "501", "True", "200"]


def _audit_actions(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            query = sa.text("SELECT action FROM audit_log ORDER BY id")
            return list(connection.execute(query).scalars())
    finally:
        engine.dispose()


def _spoil_first_visit(url: str) -> None:
    """A visit as an older version might have stored it: its assessment lacks a required part."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            row = connection.execute(sa.text("SELECT id, assessment_json FROM visits")).first()
            assert row is not None
            old = json.loads(row[1]) if isinstance(row[1], str) else dict(row[1])
            del old["triage"]
            connection.execute(
                sa.text("UPDATE visits SET assessment_json = :a WHERE id = :i"),
                {"a": json.dumps(old), "i": row[0]},
            )
    finally:
        engine.dispose()


def test_an_old_stored_visit_is_a_409_naming_it_never_a_500(
    client: TestClient, stored_record: Record
) -> None:
    spoiled = copy.deepcopy(stored_record.export)
    del spoiled["episodes"][0]["visits"][0]["assessment"]["triage"]
    with pytest.raises(NotExportable, match="visit"):
        record_bundle(spoiled)
    _spoil_first_visit(stored_record.url)
    before = _audit_actions(stored_record.url)
    answer = everything(client, stored_record.patient_id, bearer(client, "alice"))
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "visit" in answer.json()["detail"] and "JSON" in answer.json()["detail"]
    exported = _audit_actions(stored_record.url)[len(before) :]
    assert "patient.export.fhir" not in exported and "patient.export" not in exported
