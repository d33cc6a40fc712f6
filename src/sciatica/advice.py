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
    return _action(country if country in countries() else "default", key, locale)


@cache
def _action(code: str, key: str, locale: str) -> str:
    """One country's action text (a few countries, levels and locales: each read once)."""
    return str(getattr(getattr(countries()[code].actions, key), locale))


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


@dataclass(frozen=True, slots=True)
class _Candidates:
    """The steps whose level and presentation keys hold, in file order, with their output in one
    locale, and the rules and conditions the remaining keys of those steps read."""

    steps: tuple[tuple[Applies, NextStep], ...]
    rules_read: frozenset[str]
    conditions_read: frozenset[str]


@cache
def _steps_for(level: str, presentation: str, locale: str) -> _Candidates:
    """Both keys come from a handful of values, so each pair is filtered once, and a case only
    tests the keys that depend on it (fired rules, listed conditions) on what remains."""
    steps = tuple(
        (applies, output[locale])
        for applies, output in _steps()
        if (applies.levels is None or level in applies.levels)
        and (applies.presentations is None or presentation in applies.presentations)
    )
    rules: set[str] = set()
    conditions: set[str] = set()
    for applies, _ in steps:
        rules |= (applies.rules or frozenset()) | applies.not_rules
        conditions |= applies.differentials or frozenset()
    return _Candidates(steps, frozenset(rules), frozenset(conditions))


# The steps chosen for each combination of what they read. The steps read only a few of the fired
# rules and listed conditions, so the same few hundred combinations recur across cases (578 in the
# 1,731 cases of the regression corpus), and testing every step's keys cost more than the rest of
# the advice. Bounded: past the bound steps are chosen afresh.
_CHOSEN: dict[tuple[str, str, str, frozenset[str], frozenset[str]], tuple[NextStep, ...]] = {}
MEMO_SIZE = 4096


def next_steps_for(
    fired: frozenset[str], presentation: str, level: str, listed: frozenset[str], locale: str
) -> list[NextStep]:
    """The steps whose `when` matches: every given key, any value within a key (file order)."""
    candidates = _steps_for(level, presentation, locale)
    fired = fired & candidates.rules_read
    listed = listed & candidates.conditions_read
    key = (level, presentation, locale, fired, listed)
    chosen = _CHOSEN.get(key)
    if chosen is None:
        chosen = tuple(
            step
            for applies, step in candidates.steps
            if (applies.rules is None or not fired.isdisjoint(applies.rules))
            and (applies.differentials is None or not listed.isdisjoint(applies.differentials))
            and fired.isdisjoint(applies.not_rules)
        )
        if len(_CHOSEN) < MEMO_SIZE:
            _CHOSEN[key] = chosen
    return list(chosen)


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


@cache
def _open_questions(rank: int, has_exam: bool) -> tuple[_Missing, ...]:
    """The questions whose answer could still raise a level of this rank, and that a case with (or
    without) an examination can answer: most cases are left with a handful of the 57."""
    return tuple(q for q in _questions() if q.max_rank > rank and (has_exam or not q.exam_only))


@cache
def _question_order() -> dict[str, int]:
    return {q.field: i for i, q in enumerate(_questions())}


def missing_questions(case: Case, facts: Facts, level: str) -> list[str]:
    """INT-12: unanswered questions whose answer could raise the level, and timing values that were
    read as the worst case; most dangerous first (questions.yaml order)."""
    assumed = facts.assumed
    out = []
    for q in _open_questions(LEVEL_RANK[level], facts.has_exam):
        if q.field in assumed:
            out.append(q.field)
            continue
        section = getattr(case, q.section)
        value = section.__dict__.get(q.rest[0]) if section is not None else None
        if value is not None and len(q.rest) > 1:
            value = answer_at(value, q.rest[1:])
        # A question the self-check would skip (its ask_if fails) is not missing: earlier
        # answers made it irrelevant (weakness_days when there is no weakness).
        if value is None and all(c.holds(answer_at(case, p)) for c, p in q.ask_if):
            out.append(q.field)
    if assumed:
        # A value read as the worst case is listed whatever the level: its question in file
        # order among the others, any other path after them.
        order = _question_order()
        out.extend(p for p in assumed if p in order and p not in out)
        out.sort(key=order.__getitem__)
        out.extend(p for p in assumed if p not in order)
    return out
