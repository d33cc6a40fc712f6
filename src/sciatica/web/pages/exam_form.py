"""How the clinician form is laid out for a ten-minute examination (issue 14), and the physician's
shorthand of what it holds.

The examination comes first, then the red-flag questions as one compact block, then the few
facts every case needs (age, sex, which leg); the rest of the history is folded. The grouping of
`pages_clinician.SECTIONS` is left as it is: the referral report groups its findings by it.

Which controls are segmented buttons (radio groups) rather than selects is decided here too:
a handful of short choices is one click as buttons, two as a select.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...case import MUSCLES, REFLEXES, SENSORY_AREAS
from ..i18n import translator

# Shown up front, after the red flags: what nearly every rule or the root needs.
KEY_FIELDS: tuple[str, ...] = (
    "patient.age",
    "patient.sex",
    "symptoms.leg_pain",
    "symptoms.weakness",
    "history.symptom_days",
    "history.weakness_days",
    "history.weakness_course",
    "symptoms.pain_score",
)
RED_FLAGS_KEY = "cl_sec_red_flags"
# The examination's safety findings, next to the tension tests: saddle sensation and sphincter.
SADDLE_AND_SPHINCTER: tuple[str, ...] = (
    "exam.sensation.saddle",
    "exam.anal_tone",
    "exam.post_void_residual_ml",
    "exam.crossed_straight_leg_raise",
)
SEGMENTED_MAX = 5  # more choices than this stay a select (a row of buttons would wrap badly)
# Reflexes and sensation as a physician writes them, so that a row of buttons stays narrow; each
# button also carries the word (visually hidden, and as a tooltip) for screen readers and mice.
SYMBOLS: dict[str, str] = {"absent": "0", "reduced": "↓", "normal": "N", "brisk": "↑"}


def folded(sections: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, tuple[str, ...]]]:
    """The sections shown folded: every section but the red flags, less the key fields."""
    out = []
    for key, paths in sections:
        if key == RED_FLAGS_KEY:
            continue
        rest = tuple(p for p in paths if p not in KEY_FIELDS)
        if rest:
            out.append((key, rest))
    return out


def negative(choices: tuple[str, ...]) -> str:
    """The answer meaning "no, not this" for a red-flag question ('' when it has none): the
    "all others: no" button fills only unanswered questions with it, never a positive one."""
    if choices == ("yes", "no"):
        return "no"
    return "normal" if "normal" in choices else ""


# --- the physician's shorthand: "L: TA 2/5, EHL 1/5 · MH ↓ · sens ↓ lat. leg" ----------------------

SIDES = ("left", "right")
LOST = {"reduced": "↓", "absent": "0", "brisk": "↑"}
POSITIVE_SIGNS = (("straight_leg_raise", "positive"), ("femoral_stretch", "positive"))
TRUE_SIGNS = ("babinski", "clonus", "fibular_head_tinel", "hoover_sign")


def shorthand(values: Mapping[str, str], lang: str) -> list[tuple[str, str]]:
    """The abnormal findings of each side in a physician's abbreviations, as (side, text); only
    what was examined and found abnormal (an untested muscle is not written as normal)."""
    t = translator(lang)
    lines = []
    for side in SIDES:
        parts = []
        weak = [
            f"{t['cl_ab_' + m]} {values[key]}/5"
            for m in MUSCLES
            if (key := f"exam.strength.{side}.{m}") in values and values[key] != "5"
        ]
        if weak:
            parts.append(", ".join(weak))
        reflexes = [
            f"{t['cl_ab_' + r]} {LOST[values[key]]}"
            for r in REFLEXES
            if values.get(key := f"exam.reflexes.{side}.{r}") in LOST
        ]
        if reflexes:
            parts.append(", ".join(reflexes))
        areas = [
            t["cl_a_" + a].lower() + (" 0" if values[key] == "absent" else "")
            for a in SENSORY_AREAS
            if values.get(key := f"exam.sensation.{side}.{a}") in ("reduced", "absent")
        ]
        if areas:
            parts.append(f"{t['cl_ab_sensation']} ↓ {', '.join(areas)}")
        signs = [
            t["cl_ab_" + sign] + " +"
            for sign, positive in POSITIVE_SIGNS
            if values.get(f"exam.{sign}.{side}") == positive
        ] + [
            t["cl_ab_" + sign] + " +"
            for sign in TRUE_SIGNS
            if values.get(f"exam.{sign}.{side}") == "yes"
        ]
        if signs:
            parts.append(", ".join(signs))
        if parts:
            lines.append((t["cl_l_abbr" if side == "left" else "cl_r_abbr"], " · ".join(parts)))
    if values.get("exam.sensation.saddle") in ("reduced", "absent"):
        lines.append(("", f"{t['cl_ab_saddle']} ↓"))
    if values.get("exam.anal_tone") == "reduced":
        lines.append(("", f"{t['cl_ab_anal_tone']} ↓"))
    return lines
