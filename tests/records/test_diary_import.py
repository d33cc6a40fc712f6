"""A recovery diary imported into a clinician's record (`POST /api/v1/patients/{id}/diary`): the
Bundle the person exported becomes pain ratings and SBI scores at the entries' dates, audited;
importing it again adds nothing; another clinic's patient is a 404, no token a 401, a bad Bundle
a 422 naming the field; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from sciatica.records.audit import Actor
from sciatica.records.db import Store
from sciatica.records.models import AuditEvent

from .conftest import bearer

ENTRIES = [
    {"date": "2026-11-20", "legs": "left", "leg_pain": 3, "back_pain": 2, "weak": "none",
     "saddle_numbness": "no", "bladder": "no", "bowel": "no"},
    {"date": "2026-11-27", "legs": "left", "leg_pain": 5, "back_pain": 1, "weak": "none",
     "saddle_numbness": "no", "bladder": "no", "bowel": "no",
     "sbi": {"leg_pain": 4, "numbness_tingling": 2, "weakness": 0, "back_or_leg_pain_sitting": 3}},
]  # fmt: skip


def exported(client: TestClient) -> dict[str, Any]:
    answer = client.post("/api/v1/diary/fhir", json={"entries": ENTRIES})
    assert answer.status_code == 200
    bundle: dict[str, Any] = answer.json()
    return bundle


def test_import_records_the_scores_once_and_audits(
    app_client: TestClient, store: Store, actors: tuple[Actor, Actor, Actor]
) -> None:
    alice = bearer(app_client, "alice")
    patient = app_client.post("/api/v1/patients", json={"birth_year": 1970}, headers=alice)
    assert patient.status_code == 201, patient.text
    pid = patient.json()["id"]
    bundle = exported(app_client)
    fhir = {**alice, "content-type": "application/fhir+json"}
    first = app_client.post(f"/api/v1/patients/{pid}/diary", json=bundle, headers=fhir)
    assert first.status_code == 201, first.text
    assert first.json()["entries"] == 2
    assert first.json()["already_recorded"] == 0
    scores = app_client.get(f"/api/v1/patients/{pid}/scores", headers=alice).json()
    got = {(s["instrument"], s["recorded_at"][:10]): s for s in scores}
    assert got[("nprs", "2026-11-20")]["answers"] == {"leg": 3, "back": 2}
    assert got[("nprs", "2026-11-27")]["answers"] == {"leg": 5, "back": 1}
    assert got[("sbi", "2026-11-27")]["result"]["total"] == 9
    assert len(scores) == 3

    again = app_client.post(f"/api/v1/patients/{pid}/diary", json=bundle, headers=fhir)
    assert again.status_code == 201
    assert again.json()["already_recorded"] == 3
    assert again.json()["scores"] == []
    assert len(app_client.get(f"/api/v1/patients/{pid}/scores", headers=alice).json()) == 3

    with store.session() as s:
        events = s.scalars(sa.select(AuditEvent).where(AuditEvent.action == "diary.import")).all()
        assert [(e.username, e.patient_id) for e in events] == [("alice", pid)] * 2


def test_import_is_refused_without_a_token_for_another_clinic_and_when_bad(
    app_client: TestClient, actors: tuple[Actor, Actor, Actor]
) -> None:
    alice, carol = bearer(app_client, "alice"), bearer(app_client, "carol")
    pid = app_client.post("/api/v1/patients", json={}, headers=alice).json()["id"]
    bundle = exported(app_client)
    url = f"/api/v1/patients/{pid}/diary"
    assert app_client.post(url, json=bundle).status_code == 401
    assert app_client.post(url, json=bundle, headers=carol).status_code == 404
    broken = {**bundle, "entry": [dict(bundle["entry"][0])]}
    resource = dict(broken["entry"][0]["resource"])
    resource["item"] = [i for i in resource["item"] if i["linkId"] != "leg_pain"]
    broken["entry"][0]["resource"] = resource
    answer = app_client.post(url, json=broken, headers=alice)
    assert answer.status_code == 422
    assert [e["path"] for e in answer.json()["errors"]] == ["entry[0].leg_pain"]
    other = app_client.post(url, json={"resourceType": "Patient"}, headers=alice)
    assert other.status_code == 422
    assert app_client.get(f"/api/v1/patients/{pid}/scores", headers=alice).json() == []
