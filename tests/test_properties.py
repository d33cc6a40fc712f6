"""Safety properties over generated valid cases (clinical-spec.md Part I §4, the issue's item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sciatica.engine as engine
from sciatica import Assessment, assess, parse_case
from sciatica.advice import answer_at
from sciatica.assessment import LEVELS
from sciatica.knowledge import load_knowledge
from sciatica.severity import NEGATIVE, WORSE
from tests.strategies import cases, set_path

RANK = {level: i for i, level in enumerate(LEVELS)}
ORDERED = sorted(WORSE)


def level(case: dict[str, Any]) -> str:
    return assess(case).triage.level


@given(cases())
def test_any_valid_case_gives_a_valid_assessment(case: dict[str, Any]) -> None:
    result = assess(case)
    again = Assessment.model_validate(result.to_json_dict())  # output always valid
    assert again.triage.level == result.triage.level
    assert result.triage.reasons, "every assessment says why"
    assert result.triage.level == max(
        (r.level for r in result.triage.reasons), key=RANK.__getitem__
    )
    if result.triage.level != "emergency":
        assert result.safety_net, "every output below emergency carries the safety-net list"


@given(cases(), st.sampled_from(ORDERED), st.data())
def test_a_worse_finding_never_lowers_the_level(case: dict[str, Any], path: str, data: Any) -> None:
    chain = data.draw(st.sampled_from(WORSE[path]))
    i = data.draw(st.integers(0, len(chain) - 2))
    j = data.draw(st.integers(i + 1, len(chain) - 1))
    better, worse = set_path(case, path, chain[i]), set_path(case, path, chain[j])
    assert RANK[level(worse)] >= RANK[level(better)], (path, chain[i], chain[j])


RED_FLAGS = sorted(
    q.field for q in load_knowledge().questions if q.kind == "red_flag" and q.field in NEGATIVE
)


@given(cases(), st.sampled_from(RED_FLAGS))
def test_an_unanswered_red_flag_is_never_reassurance(case: dict[str, Any], path: str) -> None:
    unanswered = set_path(case, path, None)
    answered_no = set_path(case, path, NEGATIVE[path])
    result = assess(unanswered)
    assert RANK[result.triage.level] >= RANK[level(answered_no)]
    question = next(q for q in load_knowledge().questions if q.field == path)
    exam_hidden = question.exam and "exam" not in unanswered
    parsed = parse_case(unanswered)
    relevant = all(c.holds(answer_at(parsed, tuple(c.field.split(".")))) for c in question.ask_if)
    if (
        result.triage.level != "emergency"
        and RANK[question.max_level] > RANK[result.triage.level]
        and not exam_hidden
        and relevant
    ):
        assert path in result.missing


@given(cases())
def test_localisation_never_lowers_urgency(case: dict[str, Any]) -> None:
    real = RANK[level(case)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "localise", lambda facts, explained: [])
        no_roots = RANK[level(case)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "explained_findings", lambda candidates: {})
        no_mimic_override = RANK[level(case)]
    assert real >= no_roots
    assert real >= no_mimic_override


@given(cases())
def test_assessment_is_deterministic(case: dict[str, Any]) -> None:
    assert assess(case).to_json_dict() == assess(case).to_json_dict()


@given(cases(), st.sampled_from(["left", "right"]))
def test_reported_foot_drop_is_never_below_urgent(case: dict[str, Any], leg: str) -> None:
    assert RANK[level(set_path(case, "symptoms.foot_drop", leg))] >= RANK["urgent"]


CES_PATHS = ("symptoms.saddle_numbness", "symptoms.bladder", "symptoms.bowel")
CES_YES = {
    "symptoms.saddle_numbness": True,
    "symptoms.bladder": "retention",
    "symptoms.bowel": "incontinence",
}


@given(cases(), st.sampled_from(CES_PATHS))
def test_unsure_lies_between_no_and_yes(case: dict[str, Any], path: str) -> None:
    """case-format 1.1: severity order no < unsure < yes, for the level."""
    no = set_path(case, path, NEGATIVE[path])
    yes = set_path(case, path, CES_YES[path])
    unsure = set_path(case, path, None)
    unsure["unsure"] = sorted({*unsure.get("unsure", []), path})
    assert RANK[level(no)] <= RANK[level(unsure)] <= RANK[level(yes)]
    assert RANK[level(unsure)] >= RANK["urgent"], "RF-CES-UNSURE: never below urgent"
