"""What to tell the person: the action for their country, next steps, safety-net and `missing`."""

from __future__ import annotations

from functools import cache
from typing import Any

from .assessment import LEVELS, NextStep
from .case import Case
from .facts import Facts
from .knowledge import load_knowledge
from .knowledge.schema import Country, NextStepEntry, Question

LEVEL_RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}


@cache
def _countries() -> dict[str, Country]:
    return {c.code: c for c in load_knowledge().countries}


def action_for(country: str | None, level: str, call: bool, locale: str) -> str:
    """The plain-language instruction for this level, with the country's numbers (112 elsewhere)."""
    countries = _countries()
    entry = countries.get(country or "default", countries["default"])
    key = "emergency_call" if call and level == "emergency" else level
    return str(getattr(getattr(entry.actions, key), locale))


def _matches(
    step: NextStepEntry,
    fired: frozenset[str],
    presentation: str,
    level: str,
    listed: frozenset[str],
) -> bool:
    w = step.when
    return (
        (w.rules is None or not fired.isdisjoint(w.rules))
        and (w.presentations is None or presentation in w.presentations)
        and (w.levels is None or level in w.levels)
        and (w.differentials is None or not listed.isdisjoint(w.differentials))
        and (w.not_rules is None or fired.isdisjoint(w.not_rules))
    )


def next_steps_for(
    fired: frozenset[str], presentation: str, level: str, listed: frozenset[str], locale: str
) -> list[NextStep]:
    return [
        NextStep.build(
            kind=step.kind,
            text=getattr(step.text, locale),
            timing=getattr(step.timing, locale),
            sources=list(step.sources),
        )
        for step in load_knowledge().next_steps
        if _matches(step, fired, presentation, level, listed)
    ]


@cache
def _safety_net(locale: str) -> tuple[str, ...]:
    return tuple(getattr(item.text, locale) for item in load_knowledge().safety_net)


def safety_net_for(level: str, locale: str) -> list[str]:
    """Every output below emergency carries the safety-net list (Part I §1, E2.2 SAFETY-01)."""
    return [] if level == "emergency" else list(_safety_net(locale))


@cache
def _questions() -> tuple[tuple[Question, tuple[str, ...]], ...]:
    return tuple((q, tuple(q.field.split("."))) for q in load_knowledge().questions)


def answer_at(case: Case, path: tuple[str, ...]) -> Any:
    """The answer at a case path, or None when that question (or its section) was not answered."""
    value: Any = case
    for part in path:
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def missing_questions(case: Case, facts: Facts, level: str) -> list[str]:
    """INT-12: unanswered questions whose answer could raise the level, and timing values that were
    read as the worst case; most dangerous first (questions.yaml order)."""
    rank = LEVEL_RANK[level]
    assumed = set(facts.assumed)
    out = []
    for question, path in _questions():
        if question.field in assumed:
            out.append(question.field)
            continue
        if question.exam and not facts.has_exam:
            continue
        if LEVEL_RANK[question.max_level] > rank and answer_at(case, path) is None:
            out.append(question.field)
    out.extend(p for p in facts.assumed if p not in out)
    return out
