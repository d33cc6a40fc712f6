"""The date field of both visit forms (the patient page's short one and the full examination).

A date that cannot be read, or is in the future, is refused and named; it was read as "today"
before, which quietly filed a back-dated visit under the wrong day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

OLDEST = timedelta(days=50 * 365)  # as the API's seen_at: within the last 50 years


class BadDate(ValueError):
    """The visit date is not a calendar date, is in the future, or is implausibly old."""


def visit_date(text: str) -> datetime | None:
    """The visit's time for a date field: None for today (now, so several visits on one day keep
    their order), noon UTC for an earlier day. Left empty it is today, the field's default."""
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(text) from None
    today = date.today()
    if day > today or today - day > OLDEST:
        raise BadDate(text)
    return None if day == today else datetime.combine(day, time(12, 0), tzinfo=UTC)
