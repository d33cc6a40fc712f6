"""What a patient-facing result may say (clinical-spec Part I §4a), from an assessment.

The patient sees one outcome, one action and what to do while waiting, in plain words; the
clinician's work-up (scans, examination steps, thresholds, drug classes) goes only into the
summary for their doctor. Pure: the web page, `sciatica check` and the self-check API share it.

The knowledge base holds both registers: rule outcomes and safety-net items have `text` (patient)
and `clinician`; next steps have `text` (clinician, the contract's text) and `patient` (or null for
pure work-up); while_waiting.yaml is patient wording only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .advice import Applies, country_entry
from .assessment import Assessment, NextStep
from .knowledge import label, load_knowledge
from .knowledge.schema import Text


@dataclass(frozen=True, slots=True)
class Number:
    """An emergency number as a tap target: `href` is `tel:` or, for text services, `sms:`."""

    number: str
    label: str
    href: str
    primary: bool
    kind: str = "call"
    """"call" (a voice call, `tel:`) or "sms" (text messages only, `sms:`)."""


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


def _locale(locale: str | None) -> str:
    return locale if locale in ("en", "fr") else "en"


def _say(text: Text, locale: str) -> str:
    return str(getattr(text, _locale(locale)))


def emergency_numbers(country: str | None, locale: str) -> tuple[Number, ...]:
    """The country's emergency numbers, the primary one first; a text-only service links to
    `sms:`, never `tel:`."""
    entry = country_entry(country)
    numbers = sorted(entry.numbers, key=lambda n: not n.primary)  # stable: file order otherwise
    return tuple(
        Number(
            number=n.number,
            label=_say(n.label, locale),
            href=f"{'sms' if n.kind == 'sms' else 'tel'}:{n.number}",
            primary=n.primary,
            kind=n.kind,
        )
        for n in numbers
    )


@cache
def _patient_step_texts(locale: str) -> dict[str, str | None]:
    """A next step's contract (clinician) text -> its patient text (None: work-up only).
    check_links makes the clinician texts unique per language."""
    return {
        _say(step.text, locale): None if step.patient is None else _say(step.patient, locale)
        for step in load_knowledge().next_steps
    }


@cache
def _clinician_outcomes(locale: str) -> dict[tuple[str, str], str]:
    """(rule id, patient text) -> the outcome's clinician text."""
    return {
        (rule.id, _say(outcome.text, locale)): _say(outcome.clinician, locale)
        for rule in load_knowledge().rules
        for outcome in rule.outcomes.values()
    }


def _unique(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(texts))


@cache
def _waiting() -> tuple[tuple[Applies, dict[str, str]], ...]:
    """Each while_waiting.yaml item's `when` and text per locale, built once."""
    return tuple(
        (Applies.of(item.when), {locale: _say(item.text, locale) for locale in ("en", "fr")})
        for item in load_knowledge().while_waiting
    )


def while_waiting(assessment: Assessment) -> tuple[str, ...]:
    """What the person does while waiting for care (while_waiting.yaml), in file order."""
    locale = _locale(assessment.locale)
    fired = frozenset(r.rule for r in assessment.triage.reasons)
    listed = frozenset(
        d.condition for d in assessment.differentials if d.likelihood != "less_likely"
    )
    return _unique(
        text[locale]
        for applies, text in _waiting()
        if applies.holds(fired, assessment.presentation, assessment.triage.level, listed)
    )


def patient_steps(assessment: Assessment) -> tuple[str, ...]:
    """The assessment's next steps in the patient's words; clinician work-up is left out."""
    texts = _patient_step_texts(_locale(assessment.locale))
    return _unique(t for t in (texts.get(s.text) for s in assessment.next_steps) if t is not None)


def clinician_reasons(assessment: Assessment) -> list[tuple[str, str]]:
    """Every reason as (rule id, clinician text), in the assessment's order (most urgent first)."""
    clinician = _clinician_outcomes(_locale(assessment.locale))
    # A reason's text is its outcome's patient text in the assessment's locale (engine._reason).
    return [(r.rule, clinician[(r.rule, r.text)]) for r in assessment.triage.reasons]


def patient_result(assessment: Assessment, country: str | None = None) -> PatientResult:
    """The patient's view of an assessment, in the assessment's locale."""
    locale = _locale(assessment.locale)
    level = assessment.triage.level
    reasons = _unique(r.text for r in assessment.triage.reasons if r.level == level)
    return PatientResult(
        level=level,
        headline=label("level", level, locale),
        action=assessment.triage.action,
        reasons=reasons,
        while_waiting=while_waiting(assessment),
        patient_steps=patient_steps(assessment),
        numbers=emergency_numbers(country or assessment.country, locale),
        safety_net=tuple(assessment.safety_net),
        for_doctor=tuple(assessment.next_steps),
    )


__all__ = [
    "Number",
    "PatientResult",
    "clinician_reasons",
    "emergency_numbers",
    "patient_result",
    "patient_steps",
    "while_waiting",
]
