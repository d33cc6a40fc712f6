"""Outcome scores as pure functions: pain ratings, SBI, Keele STarT Back and the Oswestry index.

No item wording of a licensed questionnaire is shipped: items are named by short domain labels
only. The Oswestry Disability Index (ODI 2.1a) is scored from its ten section scores (0-5), which
the clinician reads off the licensed form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

INSTRUMENTS = ("nprs", "sbi", "startback", "odi")

# Keele University's own copyright and funding statement, word for word, as Keele publishes it with
# the tool (keele.ac.uk/sbst; also on patient.info's "STarT Back Screening Tool" page). Keele's
# licence asks for it to be shown with the tool, so the pages show it with the STarT Back form and
# with every STarT Back result, in English in both languages (it is a legal notice). Keele states
# that no licence is needed for non-commercial use (clinical care, research, teaching); anyone
# incorporating the tool in a commercial product must ask Keele for advice first.
KEELE_NOTICE = (
    "The copyright (©2007) of the STarT Back Screening Tool and associated materials is owned by "
    "Keele University, the development of which was part funded by Arthritis Research UK: "
    "i) the tool is designed for use by health care practitioners, with appropriate treatment "
    "packages for each of the stratified groups; ii) the tool is not intended to recommend the "
    "use of any particular product."
)

SBI_ITEMS = ("leg_pain", "numbness_tingling", "weakness", "back_or_leg_pain_sitting")
"""Sciatica Bothersomeness Index: four symptoms, each rated 0 (not at all) to 6 (extremely)."""

STARTBACK_ITEMS = (
    "referred_leg_pain",
    "comorbid_pain",
    "walking",
    "dressing",
    "fear",
    "worry",
    "catastrophising",
    "low_mood",
    "bothersomeness",
)
"""Keele STarT Back: items 1-8 agree (1) / disagree (0); item 9 is 0-4 (not at all ... extremely),
of which 3 and 4 ('very much', 'extremely') score 1. Items 5-9 form the distress subscale."""

ODI_SECTIONS = (
    "pain_intensity",
    "personal_care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex_life",
    "social_life",
    "travelling",
)
ODI_MIN_SECTIONS = 8
"""The ODI missing-section rule (Fairbank & Pynsent 2000): a missing or not-applicable section is
left out and the total is divided by 5 x the number of sections answered, not by 50. This project
scores a form only when at least 8 of the 10 sections are answered (at most 2 missing); with fewer
the index is not computed rather than extrapolated."""


class ScoreError(ValueError):
    """An answer is missing or out of range; the message names it."""


def _int(answers: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = answers.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ScoreError(f"{key}: an integer {low}-{high} is required")
    return value


def nprs(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Numeric pain rating 0-10 for the leg and for the back (each optional, at least one)."""
    result: dict[str, Any] = {}
    for key in ("leg", "back"):
        if answers.get(key) is not None:
            result[key] = _int(answers, key, 0, 10)
    if not result:
        raise ScoreError("leg or back: an integer 0-10 is required")
    return result


def sbi(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Sciatica Bothersomeness Index: 4 items 0-6, total 0-24 (higher = more bothersome)."""
    items = {key: _int(answers, key, 0, 6) for key in SBI_ITEMS}
    return {"total": sum(items.values()), "max": 24}


StartBackRisk = Literal["low", "medium", "high"]


def startback(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Keele STarT Back: total 0-9, distress subscale 0-5 and the risk group.

    Total <= 3: low. Total >= 4: high if the subscale is >= 4, otherwise medium.
    """
    scored = [_int(answers, key, 0, 1) for key in STARTBACK_ITEMS[:8]]
    scored.append(1 if _int(answers, STARTBACK_ITEMS[8], 0, 4) >= 3 else 0)
    total = sum(scored)
    distress = sum(scored[4:])
    risk: StartBackRisk = "low" if total <= 3 else ("high" if distress >= 4 else "medium")
    return {"total": total, "distress": distress, "risk": risk, "notice": KEELE_NOTICE}


def odi(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Oswestry Disability Index (%) from section scores 0-5; None for a missing section."""
    unknown = set(answers) - set(ODI_SECTIONS)
    if unknown:
        raise ScoreError(f"{sorted(unknown)[0]}: not an ODI section")
    given = {k: _int(answers, k, 0, 5) for k in ODI_SECTIONS if answers.get(k) is not None}
    if len(given) < ODI_MIN_SECTIONS:
        raise ScoreError(
            f"only {len(given)} of 10 sections answered: at least {ODI_MIN_SECTIONS} are needed"
        )
    percent = round(100 * sum(given.values()) / (5 * len(given)), 1)
    return {"percent": percent, "sections_answered": len(given)}


SCORERS = {"nprs": nprs, "sbi": sbi, "startback": startback, "odi": odi}


def score(instrument: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    if instrument not in SCORERS:
        raise ScoreError(f"instrument: one of {', '.join(INSTRUMENTS)}")
    return SCORERS[instrument](answers)
