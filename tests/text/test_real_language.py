"""Real people's words (issue 12): safety by construction, scopes that stay narrow, and the general
forms of weakness, paralysis, saddle and spreading symptoms. Every text here is this project's own."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.engine import assess
from sciatica.text.extract import extract

TODAY = date(2026, 3, 12)


def read(text: str) -> tuple[dict[str, Any], str, dict[str, str]]:
    x = extract(text, today=TODAY)
    return x.findings(), assess(x.case).triage.level, {s.text: s.reason or "" for s in x.ignored}


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "since the op her legs are so weak she cant move them",
            "symptoms.complete_paralysis",
            "both",
        ),
        (
            "his toes could not be moved after the reoperation",
            "symptoms.complete_paralysis",
            "unspecified",
        ),
        ("I can't move my left foot at all", "symptoms.complete_paralysis", "left"),
        ("je ne peux plus bouger le pied gauche", "symptoms.complete_paralysis", "left"),
        ("my legs feel like jelly", "symptoms.weakness", "both"),
        ("I'm losing control of my right leg", "symptoms.weakness", "right"),
        ("mes jambes ne me tiennent plus", "symptoms.weakness", "both"),
        ("j'ai les jambes qui lâchent", "symptoms.weakness", "both"),
        ("a buzzing feeling in my genital area", "symptoms.saddle_numbness", True),
        ("des fourmillements dans le sexe", "symptoms.saddle_numbness", True),
        ("my right leg keeps falling asleep", "symptoms.numbness", "right"),
        ("left leg pain now spreading to my right leg", "history.became_bilateral", True),
        (
            "douleur gauche, maintenant ça passe dans l'autre jambe",
            "history.became_bilateral",
            True,
        ),
        ("I can't walk without a cane", "symptoms.walking", "needs_help"),
        ("la jambe gauche est froide et pâle", "symptoms.cold_pale_foot", "left"),
        ("pain in my left calf", "symptoms.pain_below_knee", True),
    ],
)
def test_general_forms(text: str, field: str, value: Any) -> None:
    assert read(text)[0].get(field) == value


def test_an_asserted_symptom_without_a_side_is_kept_and_reads_urgent() -> None:
    found, level, _ = read("Feelings of muscle weakness and pins and needles down to my toes.")
    assert found["symptoms.weakness"] == "unspecified"
    assert found["symptoms.numbness"] == "unspecified"
    assert level == "urgent"  # RF-MOT-REPORTED on a leg not graded


def test_a_past_episode_said_to_be_back_is_current() -> None:
    found, level, _ = read("I had foot drop years ago. It's back, my left foot slaps again.")
    assert found["symptoms.foot_drop"] == "left"
    assert level in ("urgent", "emergency")
    found, _, ignored = read("I had foot drop years ago that recovered fully.")
    assert "symptoms.foot_drop" not in found
    assert ignored["foot drop"] == "historical"


def test_a_relative_writing_about_the_patient() -> None:
    found, level, _ = read("My mother's legs are weak and she can't pee since yesterday.")
    assert found["symptoms.weakness"] == "both"
    assert found["symptoms.bladder"] == "retention"
    assert level == "emergency"
    # a relative's history beside the writer's own story is family history
    found, _, ignored = read("Sciatica down my left leg. My father has diabetes.")
    assert "history.diabetes" not in found
    assert ignored["diabetes"] == "family"


def test_general_knowledge_and_quoted_lists_are_not_findings() -> None:
    text = (
        "Sciatica usually affects both legs in some cases. The warning signs include:\n"
        "- numbness between the legs\n- loss of bladder control\n"
        "I don't have those, just pain in my right thigh."
    )
    found, level, ignored = read(text)
    assert found["symptoms.leg_pain"] == "right"
    assert "symptoms.saddle_numbness" not in found
    assert "symptoms.bladder" not in found
    assert level == "self_care"
    assert ignored["numbness"] == "generic"


def test_transient_exertional_symptoms_are_not_emergencies() -> None:
    found, level, ignored = read(
        "Lifting weights I lost control of my legs for a second, then fine."
    )
    assert "symptoms.weakness" not in found
    assert ignored["lost control of my legs"] == "transient"
    assert level != "emergency"


def test_long_standing_numbness_of_both_feet_is_not_new() -> None:
    found, level, _ = read("Both feet have been numb for years and nothing has changed.")
    assert found["history.symptom_days"] > 14
    assert level != "emergency"


def test_a_dated_red_flag_stays_current_a_dated_symptom_does_not() -> None:
    found, _, _ = read("In March 2018 I lost feeling around my back passage.")
    assert found["symptoms.saddle_numbness"] is True
    found, _, ignored = read("In December 2010 I had tingling in my legs. Now my left leg aches.")
    assert found["symptoms.leg_pain"] == "left"
    assert "symptoms.numbness" not in found
    assert ignored["tingling"] == "historical"


def test_a_negation_word_right_before_a_finding_negates_it() -> None:
    assert read("No trouble speaking.")[0]["symptoms.speech_difficulty"] is False


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # a general-knowledge cue in a terse note drops no red flag and no motor symptom
        ("Symptoms include L foot drop and urinary retention.", "symptoms.bladder", "retention"),
        ("Symptoms include:\n- L foot drop\n- urinary retention", "symptoms.foot_drop", "left"),
        ("Pt usually walks fine, now weak L leg.", "symptoms.weakness", "left"),
        (
            "Your advice please: cant feel the toilet paper since monday.",
            "symptoms.saddle_numbness",
            True,
        ),
        # a leg gives way for a moment by nature
        ("My legs gave way for a second and I fell.", "symptoms.leg_gives_way", True),
        # a feeling is not a hypothetical scope; a worry about something is
        ("I'm so worried, I can't feel my bum when I wipe.", "symptoms.saddle_numbness", True),
        (
            "Ma famille s'inquiète, je ne sens plus mes fesses ni mon sexe.",
            "symptoms.saddle_numbness",
            True,
        ),
        ("I'm worried about losing bladder control.", "symptoms.bladder", None),
    ],
)
def test_narrow_scopes_keep_red_flags(text: str, field: str, value: Any) -> None:
    assert read(text)[0].get(field) == value
