"""What to tell the person: the action for their country, next steps, safety-net and `missing`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from .assessment import LEVELS, NextStep
from .case import Case
from .facts import Facts
from .knowledge import load_knowledge
from .knowledge.schema import AskIf, Country, When

LEVEL_RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}


@cache
def countries() -> dict[str, Country]:
    """countries.yaml by code ("default": the 112 fallback)."""
    return {c.code: c for c in load_knowledge().countries}


def country_entry(country: str | None) -> Country:
    """The country's entry, or the "default" one (112) for a country the file does not list."""
    known = countries()
    return known.get(country or "default", known["default"])


def action_for(country: str | None, level: str, call: bool, locale: str) -> str:
    """The plain-language instruction for this level, with the country's numbers (112 elsewhere)."""
    key = "emergency_call" if call and level == "emergency" else level
    return str(getattr(getattr(country_entry(country).actions, key), locale))


@dataclass(frozen=True, slots=True)
class Applies:
    """A knowledge-base `when` as frozensets (None = any), built once: it holds when every given
    key matches, any value within a key. Next steps and while-waiting advice both use it."""

    rules: frozenset[str] | None
    presentations: frozenset[str] | None
    levels: frozenset[str] | None
    differentials: frozenset[str] | None
    not_rules: frozenset[str]

    @classmethod
    def of(cls, when: When) -> Applies:
        return cls(
            rules=_set(when.rules),
            presentations=_set(when.presentations),
            levels=_set(when.levels),
            differentials=_set(when.differentials),
            not_rules=frozenset(when.not_rules or ()),
        )

    def holds(
        self, fired: frozenset[str], presentation: str, level: str, listed: frozenset[str]
    ) -> bool:
        return (
            (self.levels is None or level in self.levels)
            and (self.presentations is None or presentation in self.presentations)
            and (self.rules is None or not fired.isdisjoint(self.rules))
            and (self.differentials is None or not listed.isdisjoint(self.differentials))
            and fired.isdisjoint(self.not_rules)
        )


def _set(values: Sequence[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


@cache
def _steps() -> tuple[tuple[Applies, dict[str, NextStep]], ...]:
    """Each next step's `when` and its output per locale, built once (outputs are frozen, with
    tuple sources, so one object can serve every assessment)."""
    return tuple(
        (
            Applies.of(step.when),
            {
                locale: NextStep.build(
                    kind=step.kind,
                    text=getattr(step.text, locale),
                    timing=getattr(step.timing, locale),
                    sources=tuple(step.sources),
                )
                for locale in ("en", "fr")
            },
        )
        for step in load_knowledge().next_steps
    )


@cache
def _steps_for(level: str, presentation: str, locale: str) -> tuple[tuple[Applies, NextStep], ...]:
    """The steps whose level and presentation keys hold, in file order, with their output in the
    locale: both keys come from a handful of values, so each pair is filtered once, and a case
    only tests the keys that depend on it (fired rules, listed conditions) on what remains."""
    return tuple(
        (applies, output[locale])
        for applies, output in _steps()
        if (applies.levels is None or level in applies.levels)
        and (applies.presentations is None or presentation in applies.presentations)
    )


def next_steps_for(
    fired: frozenset[str], presentation: str, level: str, listed: frozenset[str], locale: str
) -> list[NextStep]:
    """The steps whose `when` matches: every given key, any value within a key (file order)."""
    return [
        step
        for applies, step in _steps_for(level, presentation, locale)
        if (applies.rules is None or not fired.isdisjoint(applies.rules))
        and (applies.differentials is None or not listed.isdisjoint(applies.differentials))
        and fired.isdisjoint(applies.not_rules)
    ]


@cache
def _safety_net(locale: str) -> tuple[str, ...]:
    return tuple(getattr(item.text, locale) for item in load_knowledge().safety_net)


def safety_net_for(level: str, locale: str) -> list[str]:
    """Every output below emergency carries the safety-net list (Part I §1, E2.2 SAFETY-01)."""
    return [] if level == "emergency" else list(_safety_net(locale))


@dataclass(frozen=True, slots=True)
class _Missing:
    field: str
    max_rank: int
    exam_only: bool
    section: str
    rest: tuple[str, ...]
    ask_if: tuple[tuple[AskIf, tuple[str, ...]], ...]  # conditions with their split paths


@cache
def _questions() -> tuple[_Missing, ...]:
    """The questions in questions.yaml order (most dangerous first), prepared for the scan."""
    out = []
    for q in load_knowledge().questions:
        section, *rest = q.field.split(".")
        conditions = tuple((c, tuple(c.field.split("."))) for c in q.ask_if)
        out.append(
            _Missing(q.field, LEVEL_RANK[q.max_level], q.exam, section, tuple(rest), conditions)
        )
    return tuple(out)


def answer_at(case: object, path: tuple[str, ...]) -> Any:
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
    assumed = facts.assumed
    has_exam = facts.has_exam
    # Each section's answers as a plain dict, read once (this runs for every question).
    sections = {name: getattr(case, name) for name in ("patient", "history", "symptoms", "exam")}
    answers = {name: (obj.__dict__ if obj is not None else {}) for name, obj in sections.items()}
    out = []
    for q in _questions():
        if q.field in assumed:
            out.append(q.field)
            continue
        if q.max_rank <= rank or (q.exam_only and not has_exam):
            continue
        value = answers[q.section].get(q.rest[0]) if q.section in answers else None
        if value is not None and len(q.rest) > 1:
            value = answer_at(value, q.rest[1:])
        # A question the self-check would skip (its ask_if fails) is not missing: earlier
        # answers made it irrelevant (weakness_days when there is no weakness).
        if value is None and all(c.holds(answer_at(case, p)) for c, p in q.ask_if):
            out.append(q.field)
    out.extend(p for p in assumed if p not in out)
    return out
