"""The personal plan after a non-emergency result (issue 15): content as data (plan.yaml), the
dates of the next check, and a pure builder shared by the web page, `sciatica check` and the
self-check API."""

from __future__ import annotations

from .builder import (
    PLAN_FORMAT,
    Plan,
    PlanSection,
    PlanStatement,
    StartBackRisk,
    build_plan,
    plan_offered,
    warning_signs_answered,
)
from .content import load_plan_content
from .dates import CheckDates, check_dates, say_date

__all__ = [
    "PLAN_FORMAT",
    "CheckDates",
    "Plan",
    "PlanSection",
    "PlanStatement",
    "StartBackRisk",
    "build_plan",
    "check_dates",
    "load_plan_content",
    "plan_offered",
    "say_date",
    "warning_signs_answered",
]
