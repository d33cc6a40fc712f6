"""The free-text extractor (issue 6): findings, their spans, and what is not a finding."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.text.extract import durations, extract

THURSDAY = date(2026, 3, 12)


def found(text: str, **kw: Any) -> dict[str, Any]:
    return extract(text, today=THURSDAY, **kw).findings()


def test_every_finding_carries_its_span() -> None:
    text = "My left foot drags and I can't feel the toilet paper. Pain 8/10 for two months."
    x = extract(text, today=THURSDAY)
    assert x.findings() == {
        "symptoms.foot_drop": "left",
        "symptoms.saddle_numbness": True,
        "symptoms.pain_score": 8,
        "history.symptom_days": 60,
    }
    fields = {s.field for s in x.spans}
    assert fields == set(x.findings())
    for span in x.spans:
        assert text[span.start : span.end] == span.text
    assert {s.text for s in x.spans} >= {"foot drags", "can't feel the toilet paper", "Pain 8/10"}


def test_unmentioned_stays_absent_and_negated_is_the_negative() -> None:
    got = found("Sciatica down my right leg. No saddle numbness, no fever, no weakness.")
    assert got["symptoms.saddle_numbness"] is False
    assert got["history.fever"] is False
    assert got["symptoms.weakness"] == "none"
    assert "symptoms.bladder" not in got  # not mentioned: unknown, never "normal"
    assert "history.cancer_history" not in got


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("I'm afraid I could lose bladder control.", "symptoms.bladder"),
        ("What if I lose control of my bowels?", "symptoms.bowel"),
        ("Go to A&E if you get numbness between your legs.", "symptoms.saddle_numbness"),
        ("My mother had cancer.", "history.cancer_history"),
        ("My father has diabetes.", "history.diabetes"),
    ],
)
def test_hypothetical_and_family_are_not_findings(text: str, field: str) -> None:
    x = extract(text, today=THURSDAY)
    assert field not in x.findings()
    assert x.ignored and x.ignored[0].reason in ("hypothetical", "family")


def test_history_keeps_past_mentions_but_symptoms_do_not() -> None:
    got = found("History of breast cancer. I had sciatica five years ago that went away.")
    assert got["history.cancer_history"] is True
    assert got["history.previous_episodes"] == 1
    assert "symptoms.leg_pain" not in got
    assert "history.symptom_days" not in got  # five years ago dates the old episode


def test_sides_and_both_legs() -> None:
    got = found("Numb on the left, weak on the right.")
    assert got["symptoms.numbness"] == "left"
    assert got["symptoms.weakness"] == "right"
    assert found("Both legs are weak.")["symptoms.weakness"] == "both"
    assert found("My legs are weak on both sides.")["symptoms.weakness"] == "both"
    spread = found("Pain in my left leg, now it has spread to the other leg too.")
    assert spread["history.became_bilateral"] is True
    assert spread["symptoms.leg_pain"] == "both"
    assert found("R foot drop.")["symptoms.foot_drop"] == "right"


def test_side_not_said_is_not_guessed_and_not_dropped() -> None:
    # Part I §2 "Side not stated": present, side unknown; never dropped for want of a side
    x = extract("My leg is weak.", today=THURSDAY)
    assert x.findings()["symptoms.weakness"] == "unspecified"
    assert [(s.field, s.value, s.text) for s in x.spans] == [
        ("symptoms.weakness", "unspecified", "leg is weak")
    ]
    assert found("My leg is weak and my left foot drags.")["symptoms.weakness"] == "left"
    assert found("No weakness in my leg.")["symptoms.weakness"] == "none"


def test_durations_into_days() -> None:
    assert [d for _, _, d in durations("for two months", THURSDAY)] == [60]
    assert [d for _, _, d in durations("since last Tuesday", THURSDAY)] == [2]
    assert [d for _, _, d in durations("depuis 3 semaines", THURSDAY)] == [21]
    assert [d for _, _, d in durations("symptoms 6/52", THURSDAY)] == [42]
    assert [d for _, _, d in durations("since yesterday", THURSDAY)] == [1]
    assert [d for _, _, d in durations("since 1 March", THURSDAY)] == [11]
    got = found("Sciatica for 3 weeks. My left foot has been dragging since Monday.")
    assert got["history.symptom_days"] == 21
    assert got["history.weakness_days"] == 3


def test_misspellings() -> None:
    got = found(
        "i have siatica in my rite leg, the weekness is geting worse, i cant walk on my heals"
    )
    assert got["symptoms.leg_pain"] == "right"
    assert got["symptoms.weakness"] == "right"
    assert got["history.weakness_course"] == "worsening"
    assert got["symptoms.cannot_heel_walk"] == "right"
    assert found("numbess in my left foot")["symptoms.numbness"] == "left"
    assert found("trapped nurve, pain down my left leg")["symptoms.leg_pain"] == "left"


def test_hyperalgesic_criteria_and_pain() -> None:
    got = found(
        "Left leg pain 9/10, constant, keeps me awake, can't get out of bed, even with morphine, "
        "I can't think straight."
    )
    for key in (
        "symptoms.pain_constant",
        "symptoms.pain_prevents_sleep",
        "symptoms.pain_blocks_basic_activities",
        "symptoms.pain_uncontrolled_by_opioids",
        "symptoms.pain_disturbs_thinking",
    ):
        assert got[key] is True, key
    assert got["symptoms.pain_score"] == 9


def test_french() -> None:
    x = extract(
        "Sciatique gauche depuis 3 semaines. Je n'arrive pas à relever le pied gauche depuis hier. "
        "Pas de fièvre. J'ai peur de perdre le contrôle de ma vessie.",
        today=THURSDAY,
    )
    assert x.lang == "fr"
    got = x.findings()
    assert got["symptoms.leg_pain"] == "left"
    assert got["symptoms.foot_drop"] == "left"
    assert got["history.symptom_days"] == 21
    assert got["history.weakness_days"] == 1
    assert got["history.fever"] is False
    assert "symptoms.bladder" not in got
    assert x.case.locale == "fr"


def test_clinician_note() -> None:
    got = found("52M. R L5 radiculopathy 3/52. R foot drop 2/7. No saddle anaesthesia, B&B normal.")
    assert got["patient.age"] == 52
    assert got["patient.sex"] == "male"
    assert got["symptoms.foot_drop"] == "right"
    assert got["history.weakness_days"] == 2
    assert got["symptoms.saddle_numbness"] is False
    assert got["symptoms.bladder"] == got["symptoms.bowel"] == "normal"


def test_baseline_has_no_hypothetical_handling() -> None:
    text = "I'm afraid I could lose bladder control."
    assert "symptoms.bladder" in extract(text, variant="baseline", lang="en").findings()
