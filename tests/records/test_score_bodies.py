"""A score's body says exactly what the scorer accepts (issue 13, part 6): each instrument's items,
ranges and required answers are in /openapi.json, and a refusal names the item and the fix."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sciatica.records.scores import ODI_SECTIONS, SBI_ITEMS, STARTBACK_ITEMS
from sciatica.web.patient_records.score_requests import ANSWER_MODELS

from .conftest import bearer
from .test_api import make_record

SECTIONS = {"sbi": SBI_ITEMS, "startback": STARTBACK_ITEMS, "odi": ODI_SECTIONS}


@pytest.mark.parametrize("instrument", sorted(SECTIONS))
def test_each_model_lists_the_scorers_items(instrument: str) -> None:
    assert tuple(ANSWER_MODELS[instrument].model_fields) == SECTIONS[instrument]


def test_the_document_says_each_instruments_items_and_ranges(app_client: TestClient) -> None:
    schemas = app_client.get("/openapi.json").json()["components"]["schemas"]
    sbi = schemas["SbiAnswers"]
    assert sorted(sbi["required"]) == sorted(SBI_ITEMS)
    assert sbi["properties"]["leg_pain"]["maximum"] == 6
    assert sbi["additionalProperties"] is False
    assert schemas["OdiAnswers"]["minProperties"] == 8
    sitting = schemas["OdiAnswers"]["properties"]["sitting"]
    assert (sitting["type"], sitting["minimum"], sitting["maximum"]) == ("integer", 0, 5)
    assert len(schemas["NprsAnswers"]["anyOf"]) == 2


BAD: list[tuple[dict[str, Any], str]] = [
    ({"instrument": "sbi", "answers": {"leg_pain": 3}}, "numbness_tingling"),
    ({"instrument": "sbi", "answers": dict.fromkeys(SBI_ITEMS, 7)}, "leg_pain"),
    ({"instrument": "nprs", "answers": {}}, "leg or back"),
    ({"instrument": "nprs", "answers": {"leg": None, "back": None}}, "leg or back"),
    ({"instrument": "nprs", "answers": {"foot": 3}}, "foot"),
    ({"instrument": "odi", "answers": dict.fromkeys(ODI_SECTIONS[:7], 2)}, "at least 8"),
    ({"instrument": "odi", "answers": {**dict.fromkeys(ODI_SECTIONS, 2), "sitting": None}}, "left out"),
    ({"instrument": "startback", "answers": dict.fromkeys(STARTBACK_ITEMS, 2)}, "referred_leg_pain"),
    ({"instrument": "eq5d", "answers": {}}, "instrument"),
    ({"instrument": "startback", "answers": {**dict.fromkeys(STARTBACK_ITEMS, 0), "bothersomeness": True}},
     "bothersomeness"),
    ({"instrument": "nprs", "answers": {"leg": True}}, "leg"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "named"), BAD)
def test_a_bad_score_is_refused_naming_the_item(
    app_client: TestClient, body: dict[str, Any], named: str
) -> None:
    headers = bearer(app_client, "alice")
    pid = make_record(app_client, headers)["pid"]
    answer = app_client.post(f"/api/v1/patients/{pid}/scores", json=body, headers=headers)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert any(named in e["path"] + " " + e["message"] for e in problem["errors"]), problem


GOOD: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"instrument": "nprs", "answers": {"back": 4}}, {"back": 4}),
    ({"instrument": "sbi", "answers": dict.fromkeys(SBI_ITEMS, 6)}, {"total": 24, "max": 24}),
    ({"instrument": "odi", "answers": dict.fromkeys(ODI_SECTIONS[:8], 5)},
     {"percent": 100.0, "sections_answered": 8}),
]  # fmt: skip


@pytest.mark.parametrize(("body", "result"), GOOD)
def test_a_valid_score_is_recorded_with_only_the_items_sent(
    app_client: TestClient, body: dict[str, Any], result: dict[str, Any]
) -> None:
    headers = bearer(app_client, "alice")
    pid = make_record(app_client, headers)["pid"]
    made = app_client.post(f"/api/v1/patients/{pid}/scores", json=body, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["result"] == result
    assert made.json()["answers"] == body["answers"]
