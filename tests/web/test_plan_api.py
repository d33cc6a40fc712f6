"""The plan in the self-check API: an additive `plan` member of `sciatica-self-check/1` once the
result is certain, below emergency only; the rest of the answer is unchanged."""

from __future__ import annotations

from datetime import date
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from sciatica.flow import next_step
from sciatica.knowledge import load_knowledge
from sciatica.plan import build_plan
from sciatica.web.api_selfcheck import RESPONSE_SCHEMA
from tests.test_flow import walk

URL = "/api/v1/self-check"
FORMAT = "sciatica-self-check/1"
PAIN_ONLY = {"symptoms.leg_pain": "left", "history.symptom_days": 4}


def finished(persona: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    _, _, answers, unsure = walk(persona)
    return answers, unsure


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_a_finished_self_care_check_carries_the_plan(client: TestClient, locale: str) -> None:
    answers, unsure = finished(PAIN_ONLY)
    body = client.post(
        URL,
        json={
            "format": FORMAT,
            "locale": locale,
            "country": "GB",
            "answers": answers,
            "unsure": unsure,
        },
    ).json()
    assert body["done"] is True and body["assessment"]["triage"]["level"] == "self_care"
    plan = body["plan"]
    step = next_step(answers, unsure, locale, "GB")
    expected = build_plan(step.assessment, step.case, date.today())
    assert expected is not None and plan == expected.to_json()
    assert (
        plan["format"] == "sciatica-plan/1"
        and plan["action"] == body["assessment"]["triage"]["action"]
    )
    known = {s.id for s in load_knowledge().sources}
    statements = [s for section in plan["sections"] for s in section["statements"]]
    assert statements and all(s["sources"] and set(s["sources"]) <= known for s in statements)
    assert plan["dates"]["review"] > date.today().isoformat()
    jsonschema.validate(body, {**RESPONSE_SCHEMA, "properties": {
        k: v for k, v in RESPONSE_SCHEMA["properties"].items() if k != "assessment"}})  # fmt: skip


def test_an_emergency_carries_no_plan(client: TestClient) -> None:
    body = client.post(
        URL,
        json={"answers": {"screen.call_now": False, "symptoms.saddle_numbness": True}},
    ).json()
    assert body["done"] is True and body["assessment"]["triage"]["level"] == "emergency"
    assert "plan" not in body


def test_a_question_step_carries_no_plan(client: TestClient) -> None:
    body = client.post(URL, json={"answers": {"screen.call_now": False}}).json()
    assert body["done"] is False and "plan" not in body and "assessment" not in body
