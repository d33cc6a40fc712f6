"""Alert findings in plain words: the engine's trail as a clinician reads it, in English or French.

The engine writes a finding for traceability: case paths and values joined by "; " (and ", "),
e.g. `exam.strength.left.ankle_dorsiflexion 4 -> 3` (see `finding=`/the triggers in triage.py).
`plain` rewrites a finding only when it recognises every piece of it, e.g.
"Left ankle dorsiflexion: MRC 4 → 3"; otherwise it returns None and the page shows the raw text
(a half-translated finding would be harder to trust than the raw one). The page always keeps the
raw finding available. Findings cover the rules that raise alerts (escalation.yaml) and a few more.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..knowledge import label
from .i18n import translator

SIDE = r"(?P<side>left|right|both)"
# A reported symptom may also have an unstated side (case format 1.1).
REPORTED_SIDE = r"(?P<side>left|right|both|unspecified)"
MUSCLE = r"(?P<muscle>[a-z_]+)"

# A piece that is always written the same way -> its string key.
FIXED = {
    "symptoms.saddle_numbness = yes": "rec_fd_saddle_numbness",
    "symptoms.sexual_dysfunction_new = yes": "rec_fd_sexual_dysfunction_new",
    "exam.anal_tone = reduced": "rec_fd_anal_tone_reduced",
    "symptoms.face_or_arm_symptoms = yes": "rec_fd_face_or_arm_symptoms",
    "symptoms.speech_difficulty = yes": "rec_fd_speech_difficulty",
    "symptoms.ascending_weakness = yes": "rec_fd_ascending_weakness",
    "history.fever = yes": "rec_fd_fever",
    "history.iv_drug_use = yes": "rec_fd_iv_drug_use",
    "history.immunosuppression = yes": "rec_fd_immunosuppression",
    "history.long_term_steroids = yes": "rec_fd_long_term_steroids",
    "history.cancer_history = yes": "rec_fd_cancer_history",
    "history.unexplained_weight_loss = yes": "rec_fd_unexplained_weight_loss",
    "symptoms.night_pain = yes": "rec_fd_night_pain",
    "history.recent_spinal_procedure = yes": "rec_fd_recent_spinal_procedure",
    "history.weakness_course = worsening": "rec_fd_weakness_worsening",
    "history.weakness_course unknown (read as worsening)": "rec_fd_weakness_course_unknown",
    "history.became_bilateral not answered": "rec_fd_became_bilateral_unanswered",
    "became_bilateral = yes": "rec_fd_became_bilateral",
    "newly bilateral since the last visit": "rec_fd_newly_bilateral",
    "symptom_days unknown (read as recent)": "rec_fd_symptom_days_unknown",
    "worsening": "rec_fd_worsening",
    "not new": "rec_fd_not_new",
    "not worsening": "rec_fd_not_worsening",
    "not improving": "rec_fd_not_improving",
    "motor deficit": "rec_fd_motor_deficit",
    "sensory loss on examination": "rec_fd_sensory_loss",
    "reduced or absent reflex": "rec_fd_reflex_loss",
    "back or leg pain": "rec_fd_back_or_leg_pain",
    "pain questions unanswered": "rec_fd_pain_unanswered",
    "weakness of both legs with knee and ankle reflexes reduced or absent on both sides": (
        "rec_fd_gbs_pattern"
    ),
}
BOTH_LEGS = {
    "radicular symptoms": "rec_fd_radicular_both",
    "new numbness": "rec_fd_numbness_both",
}
SIDED_SIGNS = {"babinski": "rec_fd_babinski", "clonus": "rec_fd_clonus"}
REPORTED = {"foot_drop": "rec_fd_foot_drop", "complete_paralysis": "rec_fd_complete_paralysis"}
SADDLE = {"reduced": "rec_fd_v_reduced", "absent": "rec_fd_v_absent"}
DEFICITS = ("motor deficit", "sensory loss on examination", "reduced or absent reflex")
# services stores at most 200 characters of a finding: one that long may have been cut inside a
# number ("symptom_days = 12" -> "symptom_days = 1"), so it is never rewritten.
STORED_LIMIT = 200


class _Words:
    """The strings of one language, with the helpers the rewriters share."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t = translator(lang)

    def side(self, side: str) -> str:
        return label("side", side, self.lang)

    def limb(self, side: str, muscle: str) -> str | None:
        name = self.t.get(f"cl_m_{muscle}")
        if name is None or side not in ("left", "right"):
            return None
        return self.t["rec_fd_limb"].format(side=self.side(side), muscle=_lower_first(name))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


Rewrite = Callable[[re.Match[str], _Words], str | None]


def _grade_change(m: re.Match[str], w: _Words) -> str | None:
    limb = w.limb(m["side"], m["muscle"])
    return limb and w.t["rec_fd_grade_change"].format(limb=limb, before=m["a"], now=m["b"])


def _grade(m: re.Match[str], w: _Words) -> str | None:
    limb = w.limb(m["side"], m["muscle"])
    return limb and w.t["rec_fd_grade"].format(limb=limb, grade=m["a"])


def _reported(m: re.Match[str], w: _Words) -> str:
    return w.t["rec_fd_reported"].format(what=w.t[REPORTED[m["what"]]], side=w.side(m["side"]))


def _sided_sign(m: re.Match[str], w: _Words) -> str:
    return w.t["rec_fd_sided"].format(what=w.t[SIDED_SIGNS[m["what"]]], side=w.side(m["side"]))


def _brisk(m: re.Match[str], w: _Words) -> str | None:
    name = w.t.get(f"cl_r_{m['reflex']}")
    return name and w.t["rec_fd_brisk"].format(reflex=name, side=w.side(m["side"]))


def _bladder_bowel(m: re.Match[str], w: _Words) -> str | None:
    value = w.t.get(f"rec_bladder_{m['value']}")
    return value and f"{w.t['rec_' + m['organ']]}{w.t['rec_fd_colon']}{value}"


def _saddle(m: re.Match[str], w: _Words) -> str:
    return w.t["rec_fd_saddle_sensation"].format(value=w.t[SADDLE[m["value"]]])


def _number(key: str) -> Rewrite:
    return lambda m, w: w.t[key].format(n=m["n"])


def _both_legs(m: re.Match[str], w: _Words) -> str:
    text = w.t[BOTH_LEGS[m["what"]]]
    return text + w.t["rec_fd_for_days"].format(n=m["n"]) if m["n"] else text


def _deficits(m: re.Match[str], w: _Words) -> str | None:
    atoms = m[0].split(" and ")
    if not all(a in DEFICITS for a in atoms):
        return None
    return w.t["rec_fd_and"].join(w.t[FIXED[a]] for a in atoms)


PATTERNS: list[tuple[re.Pattern[str], Rewrite]] = [
    (re.compile(rf"exam\.strength\.{SIDE}\.{MUSCLE} (?P<a>\d) -> (?P<b>\d)"), _grade_change),
    (re.compile(rf"exam\.strength\.{SIDE}\.{MUSCLE} = (?P<a>\d)"), _grade),
    (
        re.compile(rf"symptoms\.(?P<what>foot_drop|complete_paralysis) = {REPORTED_SIDE}"),
        _reported,
    ),
    (re.compile(rf"exam\.(?P<what>babinski|clonus)\.{SIDE} = yes"), _sided_sign),
    (re.compile(rf"exam\.reflexes\.{SIDE}\.(?P<reflex>[a-z_]+) = brisk"), _brisk),
    (re.compile(r"symptoms\.(?P<organ>bladder|bowel) = (?P<value>[a-z_]+)"), _bladder_bowel),
    (re.compile(r"exam\.sensation\.saddle = (?P<value>reduced|absent)"), _saddle),
    (re.compile(r"exam\.post_void_residual_ml = (?P<n>\d+) \(> 200\)"), _number("rec_fd_pvr")),
    (re.compile(r"symptoms\.pain_score = (?P<n>\d+)"), _number("rec_fd_pain_score")),
    (
        re.compile(r"history\.conservative_care_weeks = (?P<n>\d+)"),
        _number("rec_fd_conservative_weeks"),
    ),
    (re.compile(r"symptom_days = (?P<n>\d+)"), _number("rec_fd_symptom_days")),
    (re.compile(r"leg pain for (?P<n>\d+) days"), _number("rec_fd_leg_pain_days")),
    (re.compile(r"leg symptoms for (?P<n>\d+) days"), _number("rec_fd_leg_symptoms_days")),
    (re.compile(r"not improving over (?P<n>\d+) days"), _number("rec_fd_not_improving_days")),
    (
        re.compile(
            r"(?P<what>radicular symptoms|new numbness) in both legs(?: for (?P<n>\d+) days)?"
        ),
        _both_legs,
    ),
    (re.compile(r"[a-z ]+( and [a-z ]+)+"), _deficits),
]


def _piece(text: str, words: _Words) -> str | None:
    if text in FIXED:
        return words.t[FIXED[text]]
    for pattern, rewrite in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return rewrite(match, words)
    return None


def _part(text: str, words: _Words) -> str | None:
    whole = _piece(text, words)  # a few pieces hold ", " or " and " themselves
    if whole is not None:
        return whole
    pieces = [_piece(p, words) for p in text.split(", ")]
    return None if None in pieces else ", ".join(p for p in pieces if p)


def plain(finding: str, lang: str) -> str | None:
    """The finding in plain words, or None when any part of it is not recognised."""
    if not finding or len(finding) >= STORED_LIMIT:
        return None
    words = _Words(lang)
    parts = [_part(p, words) for p in finding.split("; ")]
    if None in parts:
        return None
    return "; ".join(_upper_first(p) for p in parts if p)
