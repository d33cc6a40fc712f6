"""Reason evidence in the clinician's words: the engine's trail as a colleague writes it, English or French.

The engine gives each reason its evidence as data (assessment.Evidence: a case field path and its
value, an earlier value, a side, a muscle or reflex, or a note kind such as "worsening"). `plain`
words those items, e.g. "Left ankle dorsiflexion: MRC 4 → 3"; it never reads the `finding` string.
It returns None when any item has no words here yet (a half-translated finding would be harder to
trust than a plain fallback); `clinical` then words each item by its field's label and value, so a
clinician never reads a field path. Items are laid out as the
finding is: clauses joined by "; ", each starting with a capital, items within a clause by ", ".
"""

from __future__ import annotations

from collections.abc import Sequence

from .assessment import Evidence, Note
from .clinical_words import field_label, words
from .knowledge import label, load_knowledge

# A case field answered yes -> its string key.
YES = {
    "symptoms.saddle_numbness": "rec_fd_saddle_numbness",
    "symptoms.sexual_dysfunction_new": "rec_fd_sexual_dysfunction_new",
    "symptoms.face_or_arm_symptoms": "rec_fd_face_or_arm_symptoms",
    "symptoms.speech_difficulty": "rec_fd_speech_difficulty",
    "symptoms.ascending_weakness": "rec_fd_ascending_weakness",
    "history.fever": "rec_fd_fever",
    "history.iv_drug_use": "rec_fd_iv_drug_use",
    "history.immunosuppression": "rec_fd_immunosuppression",
    "history.long_term_steroids": "rec_fd_long_term_steroids",
    "history.cancer_history": "rec_fd_cancer_history",
    "history.unexplained_weight_loss": "rec_fd_unexplained_weight_loss",
    "symptoms.night_pain": "rec_fd_night_pain",
    "history.recent_spinal_procedure": "rec_fd_recent_spinal_procedure",
    "history.became_bilateral": "rec_fd_became_bilateral",
}
# A (field, value) always worded the same way -> its string key.
VALUES = {
    ("exam.anal_tone", "reduced"): "rec_fd_anal_tone_reduced",
    ("history.weakness_course", "worsening"): "rec_fd_weakness_worsening",
}
# A note that is a fact of its own -> its string key.
NOTES: dict[Note, str] = {
    "newly_bilateral": "rec_fd_newly_bilateral",
    "worsening": "rec_fd_worsening",
    "not_new": "rec_fd_not_new",
    "not_worsening": "rec_fd_not_worsening",
    "motor_deficit": "rec_fd_motor_deficit",
    "exam_sensory_loss": "rec_fd_sensory_loss",
    "reflex_loss": "rec_fd_reflex_loss",
    "back_or_leg_pain": "rec_fd_back_or_leg_pain",
    "pain_unanswered": "rec_fd_pain_unanswered",
    "gbs_pattern": "rec_fd_gbs_pattern",
}
# (note, field) of an unknown or unanswered value -> its string key.
UNKNOWN: dict[tuple[Note, str], str] = {
    ("read_as_recent", "history.symptom_days"): "rec_fd_symptom_days_unknown",
    ("read_as_worsening", "history.weakness_course"): "rec_fd_weakness_course_unknown",
    ("not_answered", "history.became_bilateral"): "rec_fd_became_bilateral_unanswered",
}
# (note or None, field) of a number -> its string key, `{n}` being the number.
NUMBERS: dict[tuple[Note | None, str], str] = {
    (None, "symptoms.pain_score"): "rec_fd_pain_score",
    (None, "history.conservative_care_weeks"): "rec_fd_conservative_weeks",
    (None, "history.symptom_days"): "rec_fd_symptom_days",
    ("leg_pain_days", "history.symptom_days"): "rec_fd_leg_pain_days",
    ("leg_symptoms_days", "history.symptom_days"): "rec_fd_leg_symptoms_days",
    ("over_limit", "exam.post_void_residual_ml"): "rec_fd_pvr",
}
BOTH_LEGS: dict[Note, str] = {
    "radicular_both_legs": "rec_fd_radicular_both",
    "numbness_both_legs": "rec_fd_numbness_both",
}
SIDED_SIGNS = {"exam.babinski": "rec_fd_babinski", "exam.clonus": "rec_fd_clonus"}
REPORTED = {
    "symptoms.foot_drop": "rec_fd_foot_drop",
    "symptoms.complete_paralysis": "rec_fd_complete_paralysis",
}
ORGANS = {"symptoms.bladder": "rec_bladder", "symptoms.bowel": "rec_bowel"}
SADDLE = {"reduced": "rec_fd_v_reduced", "absent": "rec_fd_v_absent"}
SIDES = ("left", "right")
REPORTED_SIDES = ("left", "right", "both", "unspecified")
# A note with words of its own -> its string key.
OWN_WORDS: dict[Note, str] = {
    "not_yet_graded": "rec_fd_not_yet_graded",
    "sensory_without_motor": "rec_fd_sensory_without_motor",
    "pain_without_deficit": "rec_fd_pain_without_deficit",
    "no_leg_symptoms": "rec_fd_no_leg_symptoms",
    "leg_questions_unanswered": "rec_fd_leg_questions_unanswered",
    "too_little_information": "rec_fd_too_little_information",
}
# A note that qualifies the item's own words -> the string wrapping them (`{what}`).
QUALIFIERS: dict[Note, str] = {
    "with_leg_weakness": "rec_fd_with_leg_weakness",
    "grades_normal": "rec_fd_grades_normal",
}


class _Words:
    """The strings of one language, with the helpers the item wordings share."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t = words(lang)

    def side(self, side: str) -> str:
        return label("side", side, self.lang)

    def field(self, field: str) -> str | None:
        """The clinician form's label of a case field (its last name: `symptoms.numbness`)."""
        return self.t.get(f"cl_f_{field.rsplit('.', 1)[-1]}")

    def option(self, value: str) -> str | None:
        return self.t.get(f"cl_o_{value}")

    def fits(self, condition: str | None) -> str:
        """RF-MIMIC: the findings fit this condition (None: another cause) better than a root."""
        for mimic in load_knowledge().mimics:
            if mimic.condition == condition:
                name = str(getattr(mimic.name, self.lang))
                return self.t["rec_fd_fits_mimic"].format(condition=_lower_first(name))
        return self.t["rec_fd_fits_other"]

    def limb(self, side: str | None, muscle: str | None) -> str | None:
        name = self.t.get(f"cl_m_{muscle}")
        if name is None or side not in SIDES:
            return None
        return self.t["rec_fd_limb"].format(side=self.side(side), muscle=_lower_first(name))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _field(e: Evidence) -> str:
    """The item's field without its side: `exam.strength.left.hip_flexion` -> `exam.strength.hip_flexion`."""
    return ".".join(p for p in (e.path or "").split(".") if p != e.side)


def _note(e: Evidence, w: _Words) -> str | None:
    note, field = e.note, _field(e)
    assert note is not None
    if note in NOTES:
        return w.t[NOTES[note]]
    if note in BOTH_LEGS:
        days = "" if e.value is None else w.t["rec_fd_for_days"].format(n=e.value)
        return w.t[BOTH_LEGS[note]] + days
    if note == "not_improving":
        if e.value is None:
            return w.t["rec_fd_not_improving"]
        return w.t["rec_fd_not_improving_days"].format(n=e.value)
    if (note, field) in UNKNOWN:
        return w.t[UNKNOWN[note, field]]
    if (note, field) in NUMBERS and isinstance(e.value, int):
        return w.t[NUMBERS[note, field]].format(n=e.value, limit=e.limit)
    if note in OWN_WORDS:
        return w.t[OWN_WORDS[note]]
    if note in QUALIFIERS:
        what = _item(e.model_copy(update={"note": None}), w)
        return what and w.t[QUALIFIERS[note]].format(what=what)
    if note == "read_as_sudden" and field == "history.onset":
        return w.t["rec_fd_onset_unknown"]
    if note == "not_sure":
        name = w.field(field)
        return name and f"{name}{w.t['rec_fd_colon']}{w.t['rec_fd_not_sure']}"
    if note == "claudication_relief":
        relief = w.t["rec_fd_unknown"] if e.value is None else w.option(str(e.value))
        return relief and w.t["rec_fd_claudication"].format(relief=relief)
    if note == "fits_mimic":
        return w.fits(e.value if isinstance(e.value, str) else None)
    return None


def _any_field(e: Evidence, field: str, w: _Words) -> str | None:
    """Any other case field, by its form label: "Leg gives way", "Age (years): 72",
    "Cold or pale foot: left (reported)", "Foot pulses reduced: left"."""
    name, value, colon = w.field(field), e.value, w.t["rec_fd_colon"]
    if name is None:
        return None
    if value is True:
        return name
    if value is None:
        return f"{name}{colon}{w.t['rec_fd_unknown']}"
    if isinstance(value, int):
        return f"{name}{colon}{value}"
    if field.startswith("symptoms.") and value in REPORTED_SIDES:
        return w.t["rec_fd_reported"].format(what=name, side=w.side(str(value)))
    said = w.option(str(value))
    if said is None:
        return None
    if e.side in SIDES:
        return w.t["rec_fd_sided_value"].format(what=name, value=said, side=w.side(e.side))
    return f"{name}{colon}{said}"


def _item(e: Evidence, w: _Words) -> str | None:
    """One item in plain words, or None when this module has no words for it."""
    if e.note is not None:
        return _note(e, w)
    field, value = _field(e), e.value
    if value is True and field in YES:
        return w.t[YES[field]]
    if isinstance(value, str) and (field, value) in VALUES:
        return w.t[VALUES[field, value]]
    if field.startswith("exam.strength.") and isinstance(value, int):
        limb = w.limb(e.side, e.site)
        if limb is None:
            return None
        if e.previous is not None:
            return w.t["rec_fd_grade_change"].format(limb=limb, before=e.previous, now=value)
        return w.t["rec_fd_grade"].format(limb=limb, grade=value)
    if field in REPORTED and isinstance(value, str):
        return w.t["rec_fd_reported"].format(what=w.t[REPORTED[field]], side=w.side(value))
    if field in SIDED_SIGNS and value is True and e.side in SIDES:
        return w.t["rec_fd_sided"].format(what=w.t[SIDED_SIGNS[field]], side=w.side(e.side))
    if field.startswith("exam.reflexes.") and value == "brisk" and e.side in SIDES:
        name = w.t.get(f"cl_r_{e.site}")
        return name and w.t["rec_fd_brisk"].format(reflex=name, side=w.side(e.side))
    if field in ORGANS and isinstance(value, str):
        said = w.t.get(f"rec_bladder_{value}")
        return said and f"{w.t[ORGANS[field]]}{w.t['rec_fd_colon']}{said}"
    if field == "exam.sensation.saddle" and value in SADDLE:
        return w.t["rec_fd_saddle_sensation"].format(value=w.t[SADDLE[str(value)]])
    if (None, field) in NUMBERS and isinstance(value, int) and not isinstance(value, bool):
        return w.t[NUMBERS[None, field]].format(n=value)
    if field.startswith(("exam.strength.", "exam.reflexes.", "exam.sensation.")):
        return None  # a muscle, reflex or area without words above
    return _any_field(e, field, w)


def plain(evidence: Sequence[Evidence], lang: str) -> str | None:
    """The evidence in plain words, or None when any item has no words here."""
    if not evidence:
        return None
    words = _Words(lang)
    clauses: list[str] = []
    for e in evidence:
        text = _item(e, words)
        if text is None:
            return None
        if not clauses or e.join == "clause":
            clauses.append(text)
        elif e.join == "list":
            clauses[-1] += ", " + text
        elif e.join == "and":
            clauses[-1] += words.t["rec_fd_and"] + text
        else:  # "aside": a remark on what came before
            clauses[-1] += " " + text
    return "; ".join(_upper_first(c) for c in clauses)


def answer_words(value: object, lang: str) -> str:
    """A case value as a clinician writes it: "yes", "left", "new difficulty", "unknown"."""
    w = words(lang)
    if value is None:
        return w["rec_fd_unknown"]
    if isinstance(value, bool):
        return w["cl_o_yes" if value else "cl_o_no"]
    return w.get(f"cl_o_{value}", str(value).replace("_", " "))


def _fallback(e: Evidence, lang: str) -> str:
    """An item without words of its own: its field's label and its value, never its path."""
    name = field_label(e.path, lang) if e.path else ""
    w = words(lang)
    said = answer_words(e.value, lang)
    if e.previous is not None:
        said = f"{e.previous} → {said}"
    return f"{name}{w['rec_fd_colon']}{said}" if name else said


def clinical(evidence: Sequence[Evidence], lang: str) -> str:
    """The evidence in the clinician's words, always (per-item fallback when `plain` has none)."""
    text = plain(evidence, lang)
    if text is not None:
        return text
    return "; ".join(_upper_first(_fallback(e, lang)) for e in evidence)
