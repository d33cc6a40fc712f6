"""What a patient-facing result may say (clinical-spec Part I §4a), from an assessment.

The patient sees one outcome, one action and what to do while waiting, in plain words; the
clinician's work-up (scans, examination steps, thresholds, drug classes) goes only into the
summary for their doctor. Pure: the web page, `sciatica check` and the self-check API share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .assessment import Assessment, NextStep
from .knowledge import label, load_knowledge
from .knowledge.schema import Country


@dataclass(frozen=True, slots=True)
class Number:
    """An emergency number as a tap target: `href` is `tel:` or, for text services, `sms:`."""

    number: str
    label: str
    href: str
    primary: bool


@dataclass(frozen=True, slots=True)
class PatientResult:
    level: str
    headline: str
    action: str
    reasons: tuple[str, ...]
    """Why, in the patient's words: the reasons at the result's level only (a lower level's
    softer deadline is never shown next to the headline)."""
    while_waiting: tuple[str, ...]
    patient_steps: tuple[str, ...]
    numbers: tuple[Number, ...]
    safety_net: tuple[str, ...]
    for_doctor: tuple[NextStep, ...]
    """The clinician work-up: for the summary the person hands to their doctor, never shown as
    their own next steps."""


@cache
def _countries() -> dict[str, Country]:
    return {c.code: c for c in load_knowledge().countries}


def country_entry(country: str | None) -> Country:
    countries = _countries()
    return countries.get(country or "default", countries["default"])


def emergency_numbers(country: str | None, locale: str) -> tuple[Number, ...]:
    """The country's emergency numbers, the primary one first."""
    entry = country_entry(country)
    return tuple(
        Number(number=n, label=n, href=f"tel:{n}", primary=i == 0)
        for i, n in enumerate(entry.emergency_numbers)
    )


def patient_result(assessment: Assessment, country: str | None = None) -> PatientResult:
    """The patient's view of an assessment, in the assessment's locale."""
    locale = assessment.locale or "en"
    level = assessment.triage.level
    reasons: list[str] = []
    for reason in assessment.triage.reasons:
        if reason.level == level and reason.text not in reasons:
            reasons.append(reason.text)
    return PatientResult(
        level=level,
        headline=label("level", level, locale),
        action=assessment.triage.action,
        reasons=tuple(reasons),
        while_waiting=(),
        patient_steps=(),
        numbers=emergency_numbers(country or assessment.country, locale),
        safety_net=tuple(assessment.safety_net),
        for_doctor=tuple(assessment.next_steps),
    )


__all__ = ["Number", "PatientResult", "country_entry", "emergency_numbers", "patient_result"]
