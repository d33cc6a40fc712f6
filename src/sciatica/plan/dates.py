"""The dates of the next check, from today and the spec's time frames (plan.yaml `time_frames`,
each with its sources). Pure.

- `review`: care is reviewed about 6 weeks after the leg symptoms began (clinical-spec E6.1, Jensen
  2019; Part I §1 `routine`: "review by 6 weeks"). When that day has passed, or the start is not
  known, the review falls within the `soon` window of two weeks (Part I §1; ESC-06 in E7.5).
- `referral`: pain persisting beyond 12 weeks (E7.5 ESC-07; E6.1, 12 weeks of community care before
  a specialist referral, Devon guidance); same two-week rule once it has passed.
- `strength_check`: while a deficit is present strength is checked weekly (E7.4, [U]).

A self-check answers the start as a band ("2 to 6 weeks" is posted as 15): the band's longest
duration is used, so that a date is never later than the spec's time frame allows.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ..knowledge import load_knowledge
from .content import load_plan_content


@dataclass(frozen=True, slots=True)
class CheckDates:
    review: date
    referral: date
    strength_check: date
    onset_known: bool


@cache
def _band_ends() -> dict[int, int]:
    """A band's posted value (its shortest duration) -> its longest duration in days."""
    bands = sorted(b.value for b in load_knowledge().self_check.bands["history.symptom_days"])
    return {low: high - 1 for low, high in itertools.pairwise(bands)}


def longest_duration(symptom_days: int) -> int:
    """The longest number of days an answer may mean (a band's end; an exact number as given)."""
    return _band_ends().get(symptom_days, symptom_days)


def check_dates(today: date, symptom_days: int | None) -> CheckDates:
    """The dates, with the time frames of plan.yaml (`time_frames`, each sourced)."""
    frames = load_plan_content().time_frames
    soon = today + timedelta(days=frames.soon.days)

    def after(days: int) -> date:
        if symptom_days is None:
            return soon
        due = today - timedelta(days=longest_duration(symptom_days)) + timedelta(days=days)
        return due if due > today else soon

    return CheckDates(
        review=after(frames.review.days),
        referral=after(frames.referral.days),
        strength_check=today + timedelta(days=frames.strength_check.days),
        onset_known=symptom_days is not None,
    )


MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
}
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}


def say_date(day: date, lang: str) -> str:
    """ "Monday 18 January 2027" / "lundi 18 janvier 2027" (no system locale needed)."""
    lang = lang if lang in MONTHS else "en"
    weekday, month = WEEKDAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    return f"{weekday} {day.day} {month} {day.year}"
