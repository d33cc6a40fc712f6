"""A side read from own words as "present, side not stated" (case format 1.1, `"unspecified"`):
the self-check keeps the symptom as present, still asks which leg when that can change the
outcome, and never lets the partial answer hide or lower anything (Part I §2 "Side not stated")."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica.engine import assess
from sciatica.errors import InvalidCase
from sciatica.flow import STATED_SIDES, UNSTATED, case_of, catalogue, next_step, read_answers
from tests.test_flow import RANK, benign, personas, walk

SIDED_SYMPTOMS = sorted(
    n
    for n, item in catalogue().items.items()
    if item.kind == "side" and n.startswith("symptoms.") and n != "symptoms.leg_pain"
)


def test_a_sided_symptom_question_accepts_unspecified_and_a_whole_body_one_does_not() -> None:
    expanded, _ = read_answers({"symptoms.weakness": UNSTATED}, ())
    assert expanded == {"symptoms.weakness": UNSTATED}
    with pytest.raises(InvalidCase) as refused:
        read_answers({"symptoms.bladder": UNSTATED}, ())
    assert refused.value.problems[0].path == "answers.symptoms.bladder"


@pytest.mark.parametrize("field", ["symptoms.complete_paralysis", "symptoms.foot_drop"])
def test_an_unstated_side_asks_the_same_deciding_question_as_a_named_one(field: str) -> None:
    unstated = next_step({field: UNSTATED}, (), "en", "GB")
    named = next_step({field: "left"}, (), "en", "GB")
    assert unstated.assessment.triage.level == named.assessment.triage.level == "emergency"
    assert unstated.question is not None and named.question is not None
    assert unstated.question.field == named.question.field
    assert unstated.question.field.startswith("history.weakness")


def test_a_screen_holding_a_partly_known_symptom_is_not_asked() -> None:
    """ "Any of these?" would invite "none of these" about a symptom already read as present."""
    cat = catalogue()
    seen: list[str] = []
    answers: dict[str, Any] = {"symptoms.foot_drop": UNSTATED}
    for _ in range(40):
        step = next_step(answers, (), "en", "GB")
        if step.done:
            break
        assert step.question is not None
        name = step.question.field
        seen.append(name)
        answers[name] = benign(name)
    for name in seen:
        if name in cat.screens:
            assert "symptoms.foot_drop" not in cat.items[name].members, seen


@settings(max_examples=40, deadline=None)
@given(personas(), st.sampled_from(SIDED_SYMPTOMS), st.sampled_from(["left", "right", "both"]))
def test_a_partial_side_never_hides_a_higher_level(
    drawn: tuple[dict[str, Any], frozenset[str]], field: str, side: str
) -> None:
    """Whatever leg it turns out to be, the shown level is the engine's on the answers and no
    side the person could still name would have raised it."""
    persona, unsure = drawn
    persona = {**persona, field: side}
    step, asked, answers, unsure_list = walk(persona, unsure - {field}, pre={field: UNSTATED})
    expanded, counts = read_answers(answers, unsure_list)
    shown = step.assessment.triage.level
    assert shown == assess(case_of(expanded, counts, "en", "GB")).triage.level
    # The symptom stays present: answered with its leg, or still "unspecified".
    assert expanded[field] in STATED_SIDES
    if expanded[field] == UNSTATED:
        for named in STATED_SIDES:
            level = assess(case_of({**expanded, field: named}, counts, "en", "GB")).triage.level
            assert RANK[level] <= RANK[shown], (field, named, level, shown, asked)
