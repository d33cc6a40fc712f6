"""Presentation: one value, first match wins (clinical-spec.md Part I §2)."""

from __future__ import annotations

from .context import Context
from .facts import PRESENT, Facts
from .roots import fits_adjacent_roots
from .thresholds import T

NON_RADICULAR_EMERGENCIES = ("spinal_cord_compression", "stroke", "guillain_barre_syndrome")
HYPERALGESIC_CRITERIA = (
    "pain_constant",
    "pain_prevents_sleep",
    "pain_disturbs_thinking",
    "pain_blocks_basic_activities",
)
_CRITERIA_PATHS = tuple((c, f"symptoms.{c}") for c in HYPERALGESIC_CRITERIA)


def hyperalgesic_criteria(facts: Facts) -> list[str]:
    """Part I §2 item 7: opioid-resistant pain, or at least three of the four functional criteria.

    The paths of the criteria met (each answered yes), empty when the pain is not hyperalgesic."""
    answers = facts.symptoms.__dict__
    if answers["pain_uncontrolled_by_opioids"]:
        return ["symptoms.pain_uncontrolled_by_opioids"]
    met = [path for c, path in _CRITERIA_PATHS if answers[c] is True]
    return met if len(met) >= T.hyperalgesic_min_criteria else []


def radicular_picture(facts: Facts) -> bool:
    """INT-06: leg pain, or deficits that fit one root or two adjacent roots on every affected leg."""
    if facts.any_leg_pain:
        return True
    fits = [fits_adjacent_roots(facts, leg) for leg in facts.legs.values()]
    # A foot drop of unstated side (Part I §2) fits L5 as a sided one does.
    unsided_drop = any("foot_drop" in leg.unsided_motor for leg in facts.legs.values())
    return (True in fits or unsided_drop) and False not in fits


def classify(ctx: Context, new_bilateral: bool) -> str:
    f = ctx.facts
    if f.ces_features:
        return "cauda_equina"
    if any(ctx.holding.get(c) for c in NON_RADICULAR_EMERGENCIES):
        return "non_radicular"
    if new_bilateral:
        return "cauda_equina"
    mimic_holds = any(legs for c, legs in ctx.holding.items() if c != "lumbar_spinal_stenosis")
    if mimic_holds and not ctx.roots:
        return "non_radicular"
    if ctx.radicular_picture:
        if f.paralysed:
            return "paralysing_sciatica"
        if f.motor_deficit:
            return "motor_deficit_sciatica"
    if not f.motor_deficit:
        if ctx.hyperalgesic:
            return "hyperalgesic_sciatica"
        if f.exam_sensory_loss or f.reflex_loss or f.symptoms.numbness in PRESENT:
            return "sensory_radiculopathy"
        if f.any_leg_pain:
            return "pain_only_sciatica"
    return "undetermined"
