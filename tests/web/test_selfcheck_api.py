"""`POST /api/v1/self-check`: the stateless `sciatica-self-check/1` exchange of case-format.md."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica import assess
from sciatica.flow import case_of, next_step, read_answers
from tests.test_flow import answer_for, personas

URL = "/api/v1/self-check"
FORMAT = "sciatica-self-check/1"
STEP_KEYS = {"format", "done", "asked", "question", "optional", "red_flags_answered"}


def test_the_first_call_asks_the_first_question(client: TestClient) -> None:
    r = client.post(URL, json={"format": FORMAT})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == STEP_KEYS
    assert body["format"] == FORMAT and body["done"] is False and body["asked"] == 0
    q = body["question"]
    assert q["field"] == "screen.call_now" and q["kind"] == "yes_no"
    assert len(q["items"]) == 3 and q["unsure_allowed"] is True
    assert q["simpler_wording"] is False
    assert [o["value"] for o in q["options"]] == [True, False]
    assert "assessment" not in body


def test_an_emergency_answer_gives_the_assessment_at_once(client: TestClient) -> None:
    body = client.post(
        URL,
        json={
            "format": FORMAT,
            "locale": "fr",
            "country": "FR",
            "answers": {"screen.call_now": False, "symptoms.saddle_numbness": True},
        },
    ).json()
    assert body["done"] is True and body["asked"] == 2
    assert "question" not in body
    assessment = body["assessment"]
    assert assessment["format"] == "sciatica-assessment/1"
    assert assessment["triage"]["level"] == "emergency"
    assert "15" in assessment["triage"]["action"]
    assert "symptoms.bladder" in body["optional"]


def test_band_questions_offer_day_values(client: TestClient) -> None:
    answers = {"screen.call_now": False, "symptoms.saddle_numbness": False}
    answers |= {"symptoms.bladder": "normal", "symptoms.bowel": "normal"}
    answers |= {"symptoms.sexual_dysfunction_new": False, "symptoms.leg_pain": "both"}
    body = client.post(URL, json={"answers": answers}).json()
    q = body["question"]
    assert q["field"] == "history.symptom_days" and q["kind"] == "band"
    assert [o["value"] for o in q["options"]] == [0, 1, 4, 8, 15, 43, 85]


def test_unsure_is_re_asked_in_simpler_words_then_recorded(client: TestClient) -> None:
    answers = {"screen.call_now": False}
    once = client.post(URL, json={"answers": answers, "unsure": ["symptoms.saddle_numbness"]})
    q = once.json()["question"]
    assert q["field"] == "symptoms.saddle_numbness" and q["simpler_wording"] is True
    twice = client.post(
        URL, json={"answers": answers, "unsure": ["symptoms.saddle_numbness"] * 2}
    ).json()
    assert twice["question"]["field"] != "symptoms.saddle_numbness"
    assert twice["asked"] == 3


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"answers": {"symptoms.bladder": "sometimes"}}, "answers.symptoms.bladder"),
        ({"answers": {"nope": 1}}, "answers.nope"),
        ({"answers": []}, "answers"),
        ({"unsure": "symptoms.bladder"}, "unsure"),
        ({"unsure": ["symptoms.bladder"], "answers": {"symptoms.bladder": "normal"}}, "unsure.0"),
        ({"format": "sciatica-case/1"}, "format"),
        ({"locale": "de"}, "locale"),
        ({"country": "france"}, "country"),
        ({"extra": 1}, "extra"),
    ],
)
def test_bad_requests_get_a_422_naming_the_entry(
    client: TestClient, body: dict[str, Any], path: str
) -> None:
    r = client.post(URL, json=body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert path in [e["path"] for e in r.json()["errors"]]


def test_not_json_is_refused(client: TestClient) -> None:
    assert (
        client.post(URL, content=b"{", headers={"content-type": "application/json"}).status_code
        == 422
    )
    r = client.post(URL, content=b"x=1", headers={"content-type": "text/plain"})
    assert r.status_code == 415


def test_openapi_documents_the_operation_with_examples(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    operation = doc["paths"][URL]["post"]
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    assert {"start", "unsure-bladder", "emergency"} <= set(examples)
    for example in examples.values():
        assert client.post(URL, json=example["value"]).status_code == 200
    assert "422" in operation["responses"]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(personas(), st.sampled_from(["en", "fr"]))
def test_the_api_walk_equals_the_flow_and_the_engine(
    client: TestClient, drawn: tuple[dict[str, Any], frozenset[str]], locale: str
) -> None:
    persona, _ = drawn
    answers: dict[str, Any] = {}
    while True:
        body = client.post(URL, json={"answers": answers, "locale": locale}).json()
        step = next_step(answers, [], locale)
        assert body["done"] is step.done
        if body["done"]:
            break
        assert body["question"]["field"] == step.question.field if step.question else False
        answers[body["question"]["field"]] = answer_for(body["question"]["field"], persona)
    expanded, counts = read_answers(answers, [])
    expected = assess(case_of(expanded, counts, locale)).to_json_dict()
    assert body["assessment"] == expected
