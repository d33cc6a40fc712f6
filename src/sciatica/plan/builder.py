"""The personal plan after a non-emergency result: `build_plan(assessment, case, today)`. Pure.

The plan is chosen from plan/plan.yaml by the level, the presentation, whether the leg is weak (and
which movement is hard), the Keele STarT Back risk when known, and whether every warning-sign
question was answered. It never replaces the result's action: an emergency gets no plan at all,
and any other level keeps its action at the head of the plan. A plan is offered only for a picture
that fits a nerve root (or is undetermined): for another cause (a vascular or neurological mimic,
Part I §5) sciatica advice could mislead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..assessment import Assessment
from ..case import Case
from ..flow import MOTOR_QUESTIONS, REQUIRED
from ..paths import get_path
from .content import PLAN_LEVELS, Item, StartBack, load_plan_content
from .dates import CheckDates, check_dates, say_date

PLAN_FORMAT = "sciatica-plan/1"
WEAK = frozenset({"motor_deficit_sciatica", "paralysing_sciatica"})
PLAN_PRESENTATIONS = frozenset(
    {
        "pain_only_sciatica",
        "sensory_radiculopathy",
        "hyperalgesic_sciatica",
        "motor_deficit_sciatica",
        "paralysing_sciatica",
        "undetermined",
    }
)
NONE_ANSWERS = (None, "none")
StartBackRisk = Literal["low", "medium", "high"]


@dataclass(frozen=True, slots=True)
class PlanStatement:
    id: str
    text: str
    sources: tuple[str, ...]
    label: str
    kind: str
    """"advice", or "against": names what guidelines advise against (its `never` ids)."""
    never: tuple[str, ...]
    drawing: str | None


@dataclass(frozen=True, slots=True)
class PlanSection:
    id: str
    title: str
    statements: tuple[PlanStatement, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    lang: str
    level: str
    action: str
    """The result's action, first on every plan: the plan is for the time around it."""
    made_on: date
    dates: CheckDates
    sections: tuple[PlanSection, ...]
    safety_net: tuple[str, ...]
    warning_signs_answered: bool
    startback: StartBackRisk | None
    disclaimer: str

    def statements(self) -> list[PlanStatement]:
        return [s for section in self.sections for s in section.statements]

    def to_json(self) -> dict[str, Any]:
        """The plan in the self-check API's `plan` member (sciatica-plan/1)."""
        return {
            "format": PLAN_FORMAT,
            "made_on": self.made_on.isoformat(),
            "level": self.level,
            "action": self.action,
            "dates": {
                "review": self.dates.review.isoformat(),
                "strength_check": self.dates.strength_check.isoformat()
                if any(s.id == "dates-strength" for s in self.statements())
                else None,
                "referral": self.dates.referral.isoformat() if self.dates.onset_known else None,
            },
            "warning_signs_answered": self.warning_signs_answered,
            "sections": [
                {
                    "id": section.id,
                    "title": section.title,
                    "statements": [
                        {
                            "id": s.id,
                            "text": s.text,
                            "kind": s.kind,
                            "sources": list(s.sources),
                            "label": s.label,
                        }
                        for s in section.statements
                    ],
                }
                for section in self.sections
            ],
            "safety_net": list(self.safety_net),
            "disclaimer": self.disclaimer,
        }


@dataclass(frozen=True, slots=True)
class _Situation:
    level: str
    presentation: str
    weakness: bool
    movements: frozenset[str]
    startback: StartBack
    onset_known: bool
    warning_signs_answered: bool

    def holds(self, item: Item) -> bool:
        w = item.when
        return (
            (w.levels is None or self.level in w.levels)
            and (w.presentations is None or self.presentation in w.presentations)
            and (w.weakness is None or w.weakness == self.weakness)
            and (w.movement is None or w.movement in self.movements)
            and (w.startback is None or w.startback == self.startback)
            and (w.onset_known is None or w.onset_known == self.onset_known)
            and (
                w.warning_signs_answered is None
                or w.warning_signs_answered == self.warning_signs_answered
            )
        )


def plan_offered(assessment: Assessment) -> bool:
    """Whether this result gets a plan: not an emergency, and a picture sciatica advice fits."""
    return assessment.triage.level in PLAN_LEVELS and assessment.presentation in PLAN_PRESENTATIONS


def _movements(case: dict[str, Any], assessment: Assessment) -> frozenset[str]:
    """Which movement the person finds hard: lifting the foot (heel walking; L4/L5) or standing
    on tiptoe (S1), from what they reported and from the roots an examination localised."""
    found: set[str] = set()
    if any(
        get_path(case, f"symptoms.{name}") not in NONE_ANSWERS
        for name in ("foot_drop", "cannot_heel_walk")
    ):
        found.add("lift_foot")
    if get_path(case, "symptoms.cannot_toe_walk") not in NONE_ANSWERS:
        found.add("tiptoe")
    roots = {r.root for r in assessment.roots}
    if roots & {"L4", "L5"}:
        found.add("lift_foot")
    if "S1" in roots:
        found.add("tiptoe")
    return frozenset(found)


def warning_signs_answered(case: dict[str, Any], weakness: bool) -> bool:
    """Every cauda equina and motor question answered yes or no (Part I §4a). "I don't know" is
    never a no; a motor question the flow no longer asked once weakness was certain is not a gap."""
    unsure = set(case.get("unsure") or ())
    for path in REQUIRED:
        if path in unsure:
            return False
        if get_path(case, path) is None and not (weakness and path in MOTOR_QUESTIONS):
            return False
    return True


def _startback_key(risk: StartBackRisk | None) -> StartBack:
    if risk is None:
        return "unknown"
    return "low" if risk == "low" else "raised"


def build_plan(
    assessment: Assessment,
    case: Case,
    today: date,
    startback: StartBackRisk | None = None,
) -> Plan | None:
    """The personal plan for this result in the assessment's language; None when no plan is
    offered (an emergency, or a picture that is not sciatica)."""
    if not plan_offered(assessment):
        return None
    lang = assessment.locale if assessment.locale in ("en", "fr") else "en"
    raw = case.model_dump(mode="json", exclude_none=True)
    weakness = assessment.presentation in WEAK
    symptom_days = case.history.symptom_days if case.history is not None else None
    dates = check_dates(today, symptom_days)
    answered = warning_signs_answered(raw, weakness)
    situation = _Situation(
        level=assessment.triage.level,
        presentation=assessment.presentation,
        weakness=weakness,
        movements=_movements(raw, assessment) if weakness else frozenset(),
        startback=_startback_key(startback),
        onset_known=dates.onset_known,
        warning_signs_answered=answered,
    )
    words = {
        "review": say_date(dates.review, lang),
        "referral": say_date(dates.referral, lang),
        "strength_check": say_date(dates.strength_check, lang),
    }
    sections = []
    for section in load_plan_content().sections:
        chosen = tuple(
            PlanStatement(
                id=item.id,
                text=getattr(item.text, lang).format(**words),
                sources=tuple(item.sources),
                label=item.label,
                kind=item.kind,
                never=tuple(item.never),
                drawing=item.drawing,
            )
            for item in section.items
            if situation.holds(item)
        )
        if chosen:
            sections.append(PlanSection(section.id, getattr(section.title, lang), chosen))
    return Plan(
        lang=lang,
        level=assessment.triage.level,
        action=assessment.triage.action,
        made_on=today,
        dates=dates,
        sections=tuple(sections),
        safety_net=tuple(assessment.safety_net),
        warning_signs_answered=answered,
        startback=startback,
        disclaimer=assessment.disclaimer,
    )
