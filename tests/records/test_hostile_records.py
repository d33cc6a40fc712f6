"""Hostile JSON to the records API (issue 13, part 1) on SQLite and PostgreSQL: refused with a 4xx
problem, nothing stored. PostgreSQL cannot store a lone surrogate, so it must never reach it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.records.conftest import bearer

BODIES = {
    "a lone surrogate": '{"display_name": "\\ud800"}',
    "nested 3,000 deep": '{"display_name": ' + "[" * 3000 + "]" * 3000 + "}",
    "an integer of 5,000 digits": '{"birth_year": ' + "9" * 5000 + "}",
    "NaN": '{"birth_year": NaN}',
}


@pytest.mark.parametrize("name", sorted(BODIES))
def test_a_hostile_patient_is_refused_and_nothing_stored(
    app_client: TestClient, actors: object, name: str
) -> None:
    auth = {**bearer(app_client, "bob"), "content-type": "application/json"}
    before = app_client.get("/api/v1/patients", headers=auth).json()
    answer = app_client.post("/api/v1/patients", content=BODIES[name], headers=auth)
    assert 400 <= answer.status_code < 500, answer.text[:300]
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert app_client.get("/api/v1/patients", headers=auth).json() == before


def test_a_hostile_visit_case_is_refused(app_client: TestClient, actors: object) -> None:
    auth = {**bearer(app_client, "bob"), "content-type": "application/json"}
    patient = app_client.post("/api/v1/patients", json={"display_name": "P"}, headers=auth).json()
    episode = app_client.post(
        f"/api/v1/patients/{patient['id']}/episodes", json={"note": ""}, headers=auth
    ).json()
    url = f"/api/v1/patients/{patient['id']}/episodes/{episode['id']}/visits"
    body = '{"case": {"format": "sciatica-case/1", "id": "\\udfff"}}'
    answer = app_client.post(url, content=body, headers=auth)
    assert answer.status_code == 422, answer.text[:300]
    assert "surrogate" in answer.text
    timeline = app_client.get(f"/api/v1/patients/{patient['id']}/timeline", headers=auth).json()
    assert "\\udfff" not in str(timeline)
