"""The adaptive self-check (sciatica.flow, clinical-spec Part I §4a): how many questions each
presentation takes, how fast an emergency is shown, and, as properties, that it never stops while
an unasked question could still change the level."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica import assess
from sciatica.assessment import LEVELS
from sciatica.errors import InvalidCase
from sciatica.flow import CES_QUESTIONS, Step, case_of, catalogue, next_step, read_answers
from sciatica.severity import NEGATIVE

RANK = {level: i for i, level in enumerate(LEVELS)}
NEGATIVES: tuple[object, ...] = (None, False, "none", "normal")


def answer_for(name: str, persona: Mapping[str, Any]) -> Any:
    """What this person answers to a question or a screen ("none of these" unless a member
    is present)."""
    cat = catalogue()
    if name in cat.screens:
        return any(persona.get(m) not in NEGATIVES for m in cat.items[name].members)
    if name in persona:
        return persona[name]
    if name in NEGATIVE:
        return NEGATIVE[name]
    item = cat.items[name]
    return item.best if item.best is not None else item.options[0][0]


def benign(name: str) -> Any:
    """The reassuring answer to a question or screen: no, none of these, neither leg, the best
    choice (a weakness getting better), the first band, age 40."""
    if catalogue().items[name].kind == "number":
        return 40
    return answer_for(name, {})


def walk(
    persona: Mapping[str, Any],
    unsure: frozenset[str] = frozenset(),
    country: str = "GB",
    pre: Mapping[str, Any] | None = None,
) -> tuple[Step, list[str], dict[str, Any], list[str]]:
    """Answer every question the flow asks as this person would, until the result (after any
    answers read from their own words, `pre`)."""
    cat = catalogue()
    answers: dict[str, Any] = dict(pre or {})
    unsure_list: list[str] = []
    asked: list[str] = []
    while True:
        step = next_step(answers, unsure_list, "en", country)
        if step.done:
            return step, asked, answers, unsure_list
        assert step.question is not None
        name = step.question.field
        asked.append(name)
        assert len(asked) <= 80, asked
        if name in unsure or (
            name in cat.screens and any(m in unsure for m in cat.items[name].members)
        ):
            if name in cat.screens:
                answers[name] = True
            else:
                unsure_list.append(name)
            continue
        answers[name] = answer_for(name, persona)


# --- The common presentations (issue 10: at most 20 answers) ---------------------------------

BASE = {"patient.age": 45, "history.symptom_days": 15, "symptoms.back_pain": True}
PRESENTATIONS: dict[str, dict[str, Any]] = {
    "pain-only sciatica, 2-6 weeks": {**BASE, "symptoms.leg_pain": "left"},
    "pain-only sciatica, 6-12 weeks, severe": {
        **BASE,
        "symptoms.leg_pain": "left",
        "history.symptom_days": 43,
        "symptoms.pain_score": 8,
        "symptoms.pain_prevents_sleep": True,
    },
    "L5 weakness (cannot heel-walk), stable": {
        **BASE,
        "symptoms.leg_pain": "left",
        "symptoms.weakness": "left",
        "symptoms.cannot_heel_walk": "left",
        "history.weakness_course": "stable",
        "history.weakness_days": 8,
    },
    "S1 weakness (cannot toe-walk), improving": {
        **BASE,
        "symptoms.leg_pain": "right",
        "symptoms.weakness": "right",
        "symptoms.cannot_toe_walk": "right",
        "history.weakness_course": "improving",
    },
    "foot drop, stable for 6-12 weeks": {
        **BASE,
        "symptoms.leg_pain": "left",
        "symptoms.weakness": "left",
        "symptoms.foot_drop": "left",
        "symptoms.cannot_heel_walk": "left",
        "history.weakness_course": "stable",
        "history.weakness_days": 43,
        "history.symptom_days": 43,
    },
    "numbness in one leg, no pain": {**BASE, "symptoms.numbness": "right"},
}
EXPECTED_LEVEL = {
    "pain-only sciatica, 2-6 weeks": "self_care",
    "pain-only sciatica, 6-12 weeks, severe": "soon",
    "L5 weakness (cannot heel-walk), stable": "urgent",
    "S1 weakness (cannot toe-walk), improving": "urgent",
    "foot drop, stable for 6-12 weeks": "urgent",
    "numbness in one leg, no pain": "routine",
}


@pytest.mark.parametrize("name", PRESENTATIONS)
def test_common_presentations_reach_a_result_within_20_answers(name: str) -> None:
    step, asked, _, _ = walk(PRESENTATIONS[name])
    assert step.assessment.triage.level == EXPECTED_LEVEL[name]
    assert len(asked) <= 20, asked
    assert step.done and step.red_flags_answered


def test_stroke_and_cauda_equina_questions_come_within_the_first_8() -> None:
    _, asked, _, _ = walk(PRESENTATIONS["pain-only sciatica, 2-6 weeks"])
    first = asked[:8]
    assert "screen.call_now" in first
    assert all(q in first for q in CES_QUESTIONS)


# --- Each red flag: the emergency result at most 2 answers after the revealing one -----------

RED_FLAGS: dict[str, tuple[str, dict[str, Any]]] = {
    "face or arm": ("symptoms.face_or_arm_symptoms", {"symptoms.face_or_arm_symptoms": True}),
    "speech": ("symptoms.speech_difficulty", {"symptoms.speech_difficulty": True}),
    "breathing": (
        "symptoms.breathing_or_swallowing_difficulty",
        {"symptoms.breathing_or_swallowing_difficulty": True},
    ),
    "saddle numbness": ("symptoms.saddle_numbness", {"symptoms.saddle_numbness": True}),
    "urine retention": ("symptoms.bladder", {"symptoms.bladder": "retention"}),
    "bowel incontinence": ("symptoms.bowel", {"symptoms.bowel": "incontinence"}),
    "new sexual problem": (
        "symptoms.sexual_dysfunction_new",
        {"symptoms.sexual_dysfunction_new": True},
    ),
    "a part of the leg that cannot move": (
        "symptoms.complete_paralysis",
        {"symptoms.complete_paralysis": "left", "history.weakness_days": 1},
    ),
    "paralysis, and also weak": (
        "symptoms.complete_paralysis",
        {
            "symptoms.weakness": "left",
            "symptoms.complete_paralysis": "left",
            "history.weakness_days": 4,
        },
    ),
    "weakness in both legs": (
        "symptoms.weakness",
        {"symptoms.leg_pain": "left", "symptoms.weakness": "both", "history.symptom_days": 4},
    ),
    "pain in both legs": ("symptoms.leg_pain", {"symptoms.leg_pain": "both"}),
    "ascending weakness": ("symptoms.ascending_weakness", {"symptoms.ascending_weakness": True}),
    "foot drop getting worse": (
        "history.weakness_course",
        {
            "symptoms.leg_pain": "left",
            "symptoms.foot_drop": "left",
            "history.weakness_course": "worsening",
        },
    ),
    "cold pale foot, sudden": (
        "symptoms.cold_pale_foot",
        {"symptoms.cold_pale_foot": "left", "history.onset": "sudden"},
    ),
    "fever after a spinal injection": (
        "history.recent_spinal_procedure",
        {
            "symptoms.leg_pain": "left",
            "history.fever": True,
            "history.recent_spinal_procedure": True,
        },
    ),
}


@pytest.mark.parametrize("name", RED_FLAGS)
def test_each_red_flag_reaches_the_emergency_result_within_2_answers(name: str) -> None:
    revealing, persona = RED_FLAGS[name]
    step, asked, _, _ = walk({"symptoms.leg_pain": "left", **persona})
    assert step.assessment.triage.level == "emergency", asked
    after = len(asked) - 1 - asked.index(revealing)
    assert after <= 2, f"{name}: {asked[asked.index(revealing) :]}"


# --- "I don't know" ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", CES_QUESTIONS)
def test_unsure_about_a_cauda_equina_sign_is_re_asked_then_urgent(field: str) -> None:
    step, asked, _, unsure = walk(
        PRESENTATIONS["pain-only sciatica, 2-6 weeks"], frozenset({field})
    )
    assert asked.count(field) == 2, "asked again in simpler words"
    assert unsure.count(field) == 2
    assert step.assessment.triage.level == "urgent"
    assert "RF-CES-UNSURE" in [r.rule for r in step.assessment.triage.reasons]


def test_the_re_asked_question_uses_the_simpler_words() -> None:
    first = next_step({"screen.call_now": False}, [])
    assert first.question is not None and first.question.field == "symptoms.saddle_numbness"
    again = next_step({"screen.call_now": False}, ["symptoms.saddle_numbness"])
    assert again.question is not None
    assert again.question.field == "symptoms.saddle_numbness"
    assert again.question.simpler_wording and again.question.text != first.question.text
    assert "toilet paper" in again.question.text


def test_stopping_early_is_not_a_result() -> None:
    step = next_step({}, [])
    assert not step.done and not step.red_flags_answered
    step = next_step({"screen.call_now": False}, [])
    assert not step.red_flags_answered


# --- Refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "unsure", "path"),
    [
        ({"symptoms.nope": True}, [], "answers.symptoms.nope"),
        ({"symptoms.bladder": "sometimes"}, [], "answers.symptoms.bladder"),
        ({"history.symptom_days": 10}, [], "answers.history.symptom_days"),  # not a band value
        ({"screen.motor": "no"}, [], "answers.screen.motor"),
        ({"screen.motor": False, "symptoms.foot_drop": "left"}, [], "answers.symptoms.foot_drop"),
        ({"symptoms.bladder": "normal"}, ["symptoms.bladder"], "unsure.0"),
        ({}, ["history.fever", "history.fever"], "unsure.1"),
        ({}, ["symptoms.bladder"] * 3, "unsure.2"),
        ({}, ["exam.anal_tone"], "unsure.0"),
    ],
)
def test_bad_answers_are_refused_naming_the_entry(
    answers: dict[str, Any], unsure: list[str], path: str
) -> None:
    with pytest.raises(InvalidCase) as caught:
        next_step(answers, unsure)
    assert path in [p.path for p in caught.value.problems]


# --- Properties ---------------------------------------------------------------------------------


@st.composite
def personas(draw: st.DrawFn) -> tuple[dict[str, Any], frozenset[str]]:
    """A whole set of answers to every self-check question, and some "I don't know"s."""
    cat = catalogue()
    persona: dict[str, Any] = {}
    unsure: set[str] = set()
    for name, item in cat.items.items():
        if name in cat.screens:
            continue
        if item.kind == "number":
            persona[name] = draw(st.integers(item.minimum or 0, min(item.maximum or 100, 100)))
        else:
            values = [v for v, _ in item.options] or ["left", "right", "both", "none"]
            if item.kind == "side":
                values = ["left", "right", "both", "none"]
            # Mostly the plain negative, so that walks reach every kind of result.
            negative = NEGATIVE.get(name)
            if negative is not None and draw(st.integers(0, 3)) > 0:
                persona[name] = negative
            else:
                persona[name] = draw(st.sampled_from(values))
        if draw(st.integers(0, 30)) == 0:
            unsure.add(name)
    return persona, frozenset(unsure)


def worst_completion(
    answers: dict[str, Any], unsure: list[str], persona: Mapping[str, Any], band: Any
) -> dict[str, Any]:
    """The answers plus every question the flow did not ask, answered the worst way (durations at
    `band`; questions with no worse answer as the persona would)."""
    cat = catalogue()
    expanded, counts = read_answers(answers, unsure)
    filled = dict(expanded)
    for name, item in cat.items.items():
        if name in cat.screens or name in filled or name in counts:
            continue
        if item.bands:
            filled[name] = band
        elif item.worst is not None:
            filled[name] = item.worst
        else:
            filled[name] = persona[name]
    return case_of(filled, counts)


@settings(max_examples=60)
@given(personas())
def test_when_it_stops_no_unasked_answer_could_raise_the_level(
    drawn: tuple[dict[str, Any], frozenset[str]],
) -> None:
    persona, unsure = drawn
    step, asked, answers, unsure_list = walk(persona, unsure)
    expanded, counts = read_answers(answers, unsure_list)
    shown = step.assessment.triage.level
    # The level shown is the engine's on the same answers.
    assert shown == assess(case_of(expanded, counts, "en", "GB")).triage.level
    bands = catalogue().items["history.symptom_days"].bands
    given_days = expanded.get("history.symptom_days")
    for band in [given_days] if given_days is not None else bands:
        worst = assess(worst_completion(answers, unsure_list, persona, band)).triage.level
        assert RANK[worst] <= RANK[shown], (shown, worst, band, asked)


def one_answer_each(name: str) -> list[Any]:
    """Every answer a question offers, read from the catalogue's options alone (not from the
    flow's own idea of a best or worst answer, which this test checks)."""
    item = catalogue().items[name]
    if item.kind == "side":
        return ["left", "right", "both", "none"]
    if item.kind == "number":
        return [item.minimum or 0, item.maximum or 0]
    return [v for v, _ in item.options]


@settings(max_examples=40)
@given(personas())
def test_an_emergency_result_is_certain_no_single_unasked_answer_lowers_it(
    drawn: tuple[dict[str, Any], frozenset[str]],
) -> None:
    """Part I §4a: the emergency result comes once emergency is certain; an emergency that rests
    on an unknown timing asks the deciding question first."""
    persona, unsure = drawn
    step, asked, answers, unsure_list = walk(persona, unsure)
    if step.assessment.triage.level != "emergency":
        return
    assert_certain_emergency(answers, unsure_list, asked)


def assert_certain_emergency(answers: dict[str, Any], unsure: list[str], asked: list[str]) -> None:
    cat = catalogue()
    expanded, counts = read_answers(answers, unsure)
    for name in cat.items:
        if name in cat.screens or name in expanded or name in counts:
            continue
        for value in one_answer_each(name):
            case = case_of({**expanded, name: value}, counts)
            assert assess(case).triage.level == "emergency", (name, value, asked)


@pytest.mark.parametrize("name", RED_FLAGS)
def test_each_red_flag_emergency_is_certain_when_shown(name: str) -> None:
    _, persona = RED_FLAGS[name]
    _, asked, answers, unsure = walk({"symptoms.leg_pain": "left", **persona})
    assert_certain_emergency(answers, unsure, asked)


def test_a_stable_foot_drop_is_urgent_not_an_emergency() -> None:
    persona = {"symptoms.leg_pain": "left", "symptoms.foot_drop": "left"}
    step, asked, _, _ = walk({**persona, "history.weakness_course": "stable"})
    assert step.assessment.triage.level == "urgent", asked


def test_a_foot_drop_of_unknown_course_asks_the_course_before_the_emergency_result() -> None:
    # A foot drop is an emergency only while its course may be worsening (RF-MOT-PROGRESSIVE on
    # the unknown-course reading); "staying the same" makes it urgent, so the course is asked.
    step = next_step({"symptoms.foot_drop": "left"})
    assert not step.done and step.question is not None
    assert step.question.field == "history.weakness_course"
    stable = next_step({"symptoms.foot_drop": "left", "history.weakness_course": "worsening"})
    assert stable.done and stable.assessment.triage.level == "emergency"


@settings(max_examples=60)
@given(personas())
def test_unsure_about_saddle_numbness_never_gives_a_routine_or_self_care_result(
    drawn: tuple[dict[str, Any], frozenset[str]],
) -> None:
    persona, unsure = drawn
    step, _, _, _ = walk(persona, unsure | {"symptoms.saddle_numbness"})
    assert step.assessment.triage.level not in ("self_care", "routine", "soon")


@settings(max_examples=40)
@given(personas())
def test_a_result_below_emergency_has_every_red_flag_answered(
    drawn: tuple[dict[str, Any], frozenset[str]],
) -> None:
    persona, unsure = drawn
    step, _, answers, unsure_list = walk(persona, unsure)
    if step.assessment.triage.level in ("emergency", "urgent"):
        return
    expanded, counts = read_answers(answers, unsure_list)
    for field in CES_QUESTIONS:
        assert field in expanded or field in counts


# --- The table in docs/selfcheck.md ------------------------------------------------------------


def counts_table() -> str:
    """Answers to a result per presentation and per red flag, as in docs/selfcheck.md."""
    lines = [
        "| presentation | level | answers to the result |",
        "|---|---|---|",
    ]
    for name, persona in PRESENTATIONS.items():
        step, asked, _, _ = walk(persona)
        lines.append(f"| {name} | {step.assessment.triage.level} | {len(asked)} |")
    lines += [
        "",
        "| red flag | answer that reveals it | answers to the emergency result | after it |",
        "|---|---|---|---|",
    ]
    for name, (revealing, persona) in RED_FLAGS.items():
        step, asked, _, _ = walk({"symptoms.leg_pain": "left", **persona})
        after = len(asked) - 1 - asked.index(revealing)
        lines.append(f"| {name} | `{revealing}` | {len(asked)} | {after} |")
    return "\n".join(lines) + "\n"


def test_the_docs_table_of_counts_is_current() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[1] / "docs" / "selfcheck.md").read_text(encoding="utf-8")
    table = counts_table()
    assert table in docs, (
        "regenerate: python -c 'from tests.test_flow import counts_table as t; print(t())'"
    )


def test_red_flags_answered_through_a_screen_count_as_answered() -> None:
    ces = {"symptoms.saddle_numbness": False, "symptoms.bladder": "normal"}
    ces |= {"symptoms.bowel": "normal", "symptoms.sexual_dysfunction_new": False}
    answers = {"screen.call_now": False, **ces, "symptoms.leg_pain": "left"}
    answers |= {"symptoms.weakness": "none"}
    assert not next_step(answers).red_flags_answered, "the motor signs are not answered yet"
    step = next_step({**answers, "screen.motor": False})
    assert not step.done
    assert step.red_flags_answered, "'none of these' answered every motor sign"
