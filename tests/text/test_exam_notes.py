"""Clinicians' examination notes (issue 12, part 3): what `text/exam_notes.py` reads, and that a note
with an exam paragraph is triaged and localised like the same case entered as structured data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.engine import assess
from sciatica.text.exam_notes import read_exam
from sciatica.text.extract import extract

TODAY = date(2026, 3, 12)


def found(text: str, lang: str | None = None) -> dict[str, Any]:
    return extract(text, today=TODAY, lang=lang).findings()


def exam(text: str) -> dict[str, Any]:
    return {f.path: f.value for f in read_exam(text) if f.reason is None}


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("Hip flexors MRC 3 on the R, quads MRC 4 R", "exam.strength.right.hip_flexion", 3),
        ("pwr L ankle dorsflexion 2/5", "exam.strength.left.ankle_dorsiflexion", 2),
        ("Aréflexie ostéotendineuse.", "exam.reflexes.right.achilles", "absent"),
        ("ROT vifs partout, présents", "exam.reflexes.left.patellar", "brisk"),
        ("knee jerks nml", "exam.reflexes.right.patellar", "normal"),
        ("force 5/5 aux membres inférieurs", "exam.strength.right.hip_flexion", 5),
        ("Pas de trouble de la sensibilité du périnée.", "exam.sensation.saddle", "normal"),
        ("L EHL 3/5", "exam.strength.left.great_toe_extension", 3),
        ("great toe extension 4/5 on the right", "exam.strength.right.great_toe_extension", 4),
        ("tibialis anterior 2/5 L", "exam.strength.left.ankle_dorsiflexion", 2),
        ("ankle DF 1/5 R", "exam.strength.right.ankle_dorsiflexion", 1),
        ("PF 4/5 L", "exam.strength.left.ankle_plantarflexion", 4),
        ("gastrocnemius 3/5 R", "exam.strength.right.ankle_plantarflexion", 3),
        ("iliopsoas 4/5 L", "exam.strength.left.hip_flexion", 4),
        ("quads 3/5 R", "exam.strength.right.knee_extension", 3),
        ("hamstrings 4/5 L", "exam.strength.left.knee_flexion", 4),
        ("glut med 4/5 R", "exam.strength.right.hip_abduction", 4),
        ("peroneals 4/5 L", "exam.strength.left.ankle_eversion", 4),
        ("tib post 5/5 L", "exam.strength.left.ankle_inversion", 5),
        ("hip adductors 4/5 R", "exam.strength.right.hip_adduction", 4),
        ("glut max 4/5 R", "exam.strength.right.hip_extension", 4),
        # a grade named by its root goes to the root's key muscle (INT-23)
        ("L2 power 3/5 L", "exam.strength.left.hip_flexion", 3),
        ("L3 4/5 R", "exam.strength.right.knee_extension", 4),
        ("L4 power 3/5 on the left", "exam.strength.left.ankle_dorsiflexion", 3),
        ("L5 power 3/5 R", "exam.strength.right.great_toe_extension", 3),
        ("S1 2/5 L", "exam.strength.left.ankle_plantarflexion", 2),
        # sub-grades (INT-23): "+" its whole grade; "5-" is weak; "3-" is below the French "< 3"
        ("L EHL 4+/5", "exam.strength.left.great_toe_extension", 4),
        ("L EHL 4-/5", "exam.strength.left.great_toe_extension", 4),
        ("L EHL 5-/5", "exam.strength.left.great_toe_extension", 4),
        ("L EHL 3-/5", "exam.strength.left.great_toe_extension", 2),
        ("0/5 FD L", "exam.strength.left.ankle_dorsiflexion", 0),
        ("déficit releveurs 2/5 à droite", "exam.strength.right.ankle_dorsiflexion", 2),
        ("extenseur de l'hallux 3/5 à gauche", "exam.strength.left.great_toe_extension", 3),
        ("triceps sural M2 à gauche", "exam.strength.left.ankle_plantarflexion", 2),
        ("quadriceps 4/5 G", "exam.strength.left.knee_extension", 4),
        ("absent L ankle jerk", "exam.reflexes.left.achilles", "absent"),
        ("R KJ ↓", "exam.reflexes.right.patellar", "reduced"),
        ("knee jerk reduced on the left", "exam.reflexes.left.patellar", "reduced"),
        ("brisk R knee jerk", "exam.reflexes.right.patellar", "brisk"),
        ("ROT achilléen aboli à gauche", "exam.reflexes.left.achilles", "absent"),
        ("rotulien vif à droite", "exam.reflexes.right.patellar", "brisk"),
        ("AJ 0 R", "exam.reflexes.right.achilles", "absent"),
        ("reduced sensation L5 dermatome L", "exam.sensation.left.dorsum_foot", "reduced"),
        ("hypoesthésie S1 droite", "exam.sensation.right.lateral_foot_sole", "reduced"),
        ("saddle sensation intact", "exam.sensation.saddle", "normal"),
        ("saddle sensation reduced", "exam.sensation.saddle", "reduced"),
        ("saddle sensation absent", "exam.sensation.saddle", "absent"),
        ("no saddle anaesthesia", "exam.sensation.saddle", "normal"),
        ("anesthésie en selle", "exam.sensation.saddle", "absent"),
        ("pas d'anesthésie en selle", "exam.sensation.saddle", "normal"),
        ("anal tone reduced", "exam.anal_tone", "reduced"),
        ("PR: normal tone", "exam.anal_tone", "normal"),
        ("PVR 350 ml", "exam.post_void_residual_ml", 350),
        ("résidu post-mictionnel 300 mL", "exam.post_void_residual_ml", 300),
        ("Babinski negative R", "exam.babinski.right", False),
        ("up-going plantar L", "exam.babinski.left", True),
        ("no clonus L", "exam.clonus.left", False),
        ("SLR + at 40° L", "exam.straight_leg_raise.left", "positive"),
        ("SLR 80 deg R", "exam.straight_leg_raise.right", "negative"),
        ("Lasègue positif à 30° à gauche", "exam.straight_leg_raise.left", "positive"),
        ("SLR -ve R", "exam.straight_leg_raise.right", "negative"),
        ("femoral stretch +ve L", "exam.femoral_stretch.left", "positive"),
        ("crossed SLR negative", "exam.crossed_straight_leg_raise", "none"),
    ],
)
def test_reads(text: str, path: str, value: Any) -> None:
    assert exam(text).get(path) == value, exam(text)


def test_every_reading_quotes_its_words() -> None:
    text = "O/E: L EHL 3/5, AJ absent L. Saddle sensation intact. PVR 80 ml."
    x = extract(text, today=TODAY)
    exam_spans = [s for s in x.spans if s.field and s.field.startswith("exam.")]
    assert {s.field for s in exam_spans} == {p for p in x.findings() if p.startswith("exam.")}
    for span in exam_spans:
        assert text[span.start : span.end] == span.text
    assert {s.text for s in exam_spans} == {
        "EHL 3/5",
        "AJ absent",
        "Saddle sensation intact",
        "PVR 80 ml",
    }


def test_a_grade_with_no_side_is_never_dropped() -> None:
    # Part I §2 "side not stated" (INT-23): the grade becomes the symptom of unstated side
    assert found("Exam: EHL 2/5.")["symptoms.complete_paralysis"] == "unspecified"
    assert found("Exam: EHL 4/5.")["symptoms.weakness"] == "unspecified"
    a = assess(extract("Exam: EHL 4/5.", today=TODAY).case)
    assert "symptoms.weakness" in a.missing
    # a normal grade of unstated side raises nothing and is not put on a leg
    x = extract("Exam: EHL 5/5.", today=TODAY)
    assert "exam" not in x.case.model_dump(exclude_none=True)
    assert [s.reason for s in x.ignored] == ["no_side"]


def test_negations_are_normal_not_absent() -> None:
    got = found("No saddle anaesthesia. Babinski negative R. Saddle sensation intact. no clonus R.")
    assert got["exam.sensation.saddle"] == "normal"
    assert got["exam.clonus.right"] is False
    assert got["exam.babinski.right"] is False
    # a normal sign with no side before it is left out, not put on a leg
    assert "exam" not in extract("Babinski negative.", today=TODAY).case.model_dump(
        exclude_none=True
    )


def test_the_worse_of_two_readings_wins() -> None:
    got = found("L EHL 4/5. Later: L EHL 2/5. Power 5/5 throughout L except as above.")
    assert got["exam.strength.left.great_toe_extension"] == 2


# A note and the same findings entered as a structured case: same triage level, same root, same side.
EQUIVALENT: list[tuple[str, str, dict[str, Any]]] = [
    (
        "l5-foot-drop",
        "Left sciatica for 5 days, pain below the knee. O/E: L ankle DF 2/5, EHL 2/5, "
        "hip abd 4/5, PF 5/5. Reduced sensation over dorsum of foot L. SLR + at 40 deg L.",
        {
            "history": {"symptom_days": 5},
            "symptoms": {"leg_pain": "left", "pain_below_knee": True},
            "exam": {
                "strength": {
                    "left": {
                        "ankle_dorsiflexion": 2,
                        "great_toe_extension": 2,
                        "hip_abduction": 4,
                        "ankle_plantarflexion": 5,
                    }
                },
                "sensation": {"left": {"dorsum_foot": "reduced"}},
                "straight_leg_raise": {"left": "positive"},
            },
        },
    ),
    (
        "s1-absent-ankle-jerk",
        "Right sciatica 3 weeks, down to the heel. Gastroc 4/5 R, EHL 5/5 R. Right ankle jerk "
        "absent, knee jerk normal R. Reduced sensation lateral border of the foot R. SLR positive R.",
        {
            "history": {"symptom_days": 21},
            "symptoms": {"leg_pain": "right", "pain_below_knee": True},
            "exam": {
                "strength": {"right": {"ankle_plantarflexion": 4, "great_toe_extension": 5}},
                "reflexes": {"right": {"achilles": "absent", "patellar": "normal"}},
                "sensation": {"right": {"lateral_foot_sole": "reduced"}},
                "straight_leg_raise": {"right": "positive"},
            },
        },
    ),
    (
        "ces-saddle-pvr",
        "Sciatica in both legs for 2 days. Exam: saddle anaesthesia, anal tone reduced, "
        "PVR 450 ml.",
        {
            "history": {"symptom_days": 2},
            "symptoms": {"leg_pain": "both"},
            "exam": {
                "sensation": {"saddle": "absent"},
                "anal_tone": "reduced",
                "post_void_residual_ml": 450,
            },
        },
    ),
    (
        "l4-knee-jerk",
        "Left leg pain down the front of the thigh and shin for 10 days. Quads 4/5 L, ankle DF "
        "4/5 L, EHL 5/5 L. L knee jerk reduced, L ankle jerk normal. FST positive L.",
        {
            "history": {"symptom_days": 10},
            "symptoms": {"leg_pain": "left", "pain_below_knee": True},
            "exam": {
                "strength": {
                    "left": {
                        "knee_extension": 4,
                        "ankle_dorsiflexion": 4,
                        "great_toe_extension": 5,
                    }
                },
                "reflexes": {"left": {"patellar": "reduced", "achilles": "normal"}},
                "femoral_stretch": {"left": "positive"},
            },
        },
    ),
    (
        "l5-french",
        "Sciatique droite depuis 8 jours. Extenseur de l'hallux 3/5 à droite, releveurs 4/5 à "
        "droite. Hypoesthésie du dos du pied droit. Lasègue positif à 40° à droite.",
        {
            "history": {"symptom_days": 8},
            "symptoms": {"leg_pain": "right"},
            "exam": {
                "strength": {"right": {"great_toe_extension": 3, "ankle_dorsiflexion": 4}},
                "sensation": {"right": {"dorsum_foot": "reduced"}},
                "straight_leg_raise": {"right": "positive"},
            },
        },
    ),
    (
        "l5-minus-grade-stable",
        "Left sciatica for 3 weeks, weakness stable. EHL 4-/5 L, hip abduction 4/5 L, "
        "reflexes normal L. Saddle sensation intact.",
        {
            "history": {"symptom_days": 21, "weakness_course": "stable"},
            "symptoms": {"leg_pain": "left", "weakness": "left"},
            "exam": {
                "strength": {"left": {"great_toe_extension": 4, "hip_abduction": 4}},
                "reflexes": {"left": {"patellar": "normal", "achilles": "normal"}},
                "sensation": {"saddle": "normal"},
            },
        },
    ),
]


@pytest.mark.parametrize(("name", "note", "structured"), EQUIVALENT, ids=[e[0] for e in EQUIVALENT])
def test_a_note_is_assessed_like_its_structured_case(
    name: str, note: str, structured: dict[str, Any]
) -> None:
    read = assess(extract(note, today=TODAY).case)
    entered = assess({"format": "sciatica-case/1", **structured})
    assert read.triage.level == entered.triage.level, name
    assert [r.root for r in read.roots][:1] == [r.root for r in entered.roots][:1], name
    assert read.side == entered.side, name
    assert read.presentation == entered.presentation, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Babinski bilatéral.", {"exam.babinski.left": True, "exam.babinski.right": True}),
        ("clonus L", {"exam.clonus.left": True}),
        ("signe de Babinski à gauche", {"exam.babinski.left": True}),
        ("no clonus L", {"exam.clonus.left": False}),
        (
            "Babinski negative bilaterally",
            {"exam.babinski.left": False, "exam.babinski.right": False},
        ),
        ("Reflexes, Babinski and clonus tested", {}),
    ],
)
def test_a_sided_upper_motor_neurone_sign_without_a_value_is_found(
    text: str, expected: dict[str, bool]
) -> None:
    """Clinicians write the negative ("Babinski négatif"); a sign named with its side alone is a
    sign found, an emergency sign that must not be dropped (INT-23)."""
    found = {
        k: v for k, v in extract(text, today=TODAY).findings().items() if k.startswith("exam.")
    }
    assert found == expected


def test_an_earlier_examination_told_in_its_own_sentence_is_not_read() -> None:
    got = exam("Seen 2/52 ago: documented L EHL 2/5. Today: L EHL 4/5, L TA 5/5.")
    assert got["exam.strength.left.great_toe_extension"] == 4
    got = exam("ATCD : releveur droit à 1/5 à l'époque. Releveur droit 5/5.")
    assert got["exam.strength.right.ankle_dorsiflexion"] == 5
    # "not documented" is no earlier examination: the side-less grade is still read (INT-23)
    assert exam("EHL 2/5, side not documented.") == {"symptoms.complete_paralysis": "unspecified"}
    # a sentence that says "now" is the present, whatever else it says
    got = exam("At the time of referral and now: R PF 3/5.")
    assert got["exam.strength.right.ankle_plantarflexion"] == 3
