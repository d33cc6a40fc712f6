"""From a case to a triaged, explained assessment. Pure: no file, network or clock."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .advice import action_for, missing_questions, next_steps_for, safety_net_for
from .assessment import (
    LEVELS,
    LOCALES,
    Assessment,
    Differential,
    Evidence,
    FollowUp,
    GradeChange,
    Level,
    Reason,
    RootFinding,
    Triage,
)
from .case import Case
from .context import Context
from .errors import KnowledgeError
from .evidence import render_finding
from .facts import Facts
from .knowledge import Knowledge, load_knowledge
from .knowledge.schema import Rule
from .mimics import PATTERNS, consider, explained_findings, holding_patterns
from .predicates import PREDICATES
from .presentation import classify, hyperalgesic_criteria, radicular_picture
from .roots import localise
from .thresholds import T
from .triage import (
    FINDING_GROUPS,
    FINDING_RULES,
    ON_PRESENTATION,
    PRESENTATION_RULES,
    TRIGGERS,
    run_findings,
    run_presentation,
)
from .validation import parse_case

LEVEL_RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}
NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a reason takes from the knowledge base for one rule, outcome and locale, made once:
    only the finding depends on the case."""

    rule: str
    level: Level
    text: str
    sources: tuple[str, ...]
    label: str
    rank: tuple[int, int]  # reasons are ordered by level (highest first), then rules.yaml order
    call: bool  # an emergency reason that says to call the number


@dataclass(frozen=True, slots=True)
class _Compiled:
    kb: Knowledge
    rules: dict[str, Rule]
    order: dict[str, int]
    outcomes: dict[tuple[str, str, str], _Outcome]  # (rule id, outcome, locale)
    version: str
    disclaimer: dict[str, str]  # by locale


@cache
def compiled() -> _Compiled:
    """The knowledge base, checked against the engine's code (every rule has a trigger, ...)."""
    kb = load_knowledge()
    problems = []
    rules = {r.id: r for r in kb.rules}
    for rule_id in rules.keys() - TRIGGERS.keys():
        problems.append(f"rules.yaml {rule_id}: no trigger in sciatica.triage")
    for rule_id in TRIGGERS.keys() - rules.keys():
        problems.append(f"sciatica.triage {rule_id}: no rule in rules.yaml")
    if [rule_id for _, group in FINDING_GROUPS for rule_id, _ in group] != list(FINDING_RULES):
        problems.append("sciatica.triage FINDING_GROUPS: not every finding rule once, in order")
    if sorted(ON_PRESENTATION.values()) != sorted(PRESENTATION_RULES):
        problems.append("sciatica.triage ON_PRESENTATION: not every presentation rule once")
    for mimic in kb.mimics:
        if mimic.condition not in PATTERNS:
            problems.append(f"mimics.yaml {mimic.condition}: no pattern in sciatica.mimics")
        for p in (*mimic.for_, *mimic.against, *mimic.listed_when):
            if p not in PREDICATES:
                problems.append(f"mimics.yaml {mimic.condition}: unknown predicate {p!r}")
    if problems:
        raise KnowledgeError("\n".join(problems))
    order = {r.id: i for i, r in enumerate(kb.rules)}
    outcomes: dict[tuple[str, str, str], _Outcome] = {
        (rule.id, name, locale): _Outcome(
            rule=rule.id,
            level=result.level,
            text=getattr(result.text, locale),
            sources=tuple(rule.sources),
            label=rule.label,
            rank=(-LEVEL_RANK[result.level], order[rule.id]),
            call=rule.call_the_number and result.level == "emergency",
        )
        for rule in kb.rules
        for name, result in rule.outcomes.items()
        for locale in LOCALES
    }
    disclaimer: dict[str, str] = {loc: getattr(kb.meta.disclaimer, loc) for loc in LOCALES}
    return _Compiled(kb, rules, order, outcomes, kb.meta.version, disclaimer)


def assess(case: Case | dict[str, Any]) -> Assessment:
    """Assess one case (a `Case` or a parsed `sciatica-case/1` mapping).

    Raises `InvalidCase` naming every offending field when the input is not a valid case.
    """
    parsed = parse_case(case)
    c = compiled()
    facts = Facts(parsed)
    holding = holding_patterns(facts)
    candidates = consider(facts, holding)
    roots = localise(facts, explained_findings(candidates))
    ctx = Context(
        facts=facts,
        holding=holding,
        candidates=candidates,
        roots=roots,
        hyperalgesic=hyperalgesic_criteria(facts),
        radicular_picture=radicular_picture(facts),
    )
    run_findings(ctx)
    ctx.presentation = classify(ctx, new_bilateral="RF-BILAT" in ctx.fired)
    run_presentation(ctx)

    locale = parsed.locale or "en"
    outcomes = c.outcomes
    fired: list[tuple[tuple[int, int], _Outcome, tuple[Evidence, ...]]] = []
    for rule_id, (outcome, evidence) in ctx.fired.items():
        made = outcomes[rule_id, outcome, locale]
        fired.append((made.rank, made, evidence))
    fired.sort()  # by rank alone: each rule has its own, so the sort never compares further
    reasons = [_reason(made, evidence) for _, made, evidence in fired]
    level = fired[0][1].level if fired else "routine"
    call = True in [made.call for _, made, _ in fired]
    fired_ids = frozenset(ctx.fired)
    listed = (
        frozenset([d.condition for d in candidates if d.likelihood != "less_likely"])
        if candidates
        else NOTHING
    )
    h = facts.history
    return Assessment.build(
        format="sciatica-assessment/1",
        case_id=parsed.id,
        knowledge_version=c.version,
        locale=locale,
        country=parsed.country,
        triage=Triage.build(
            level=level,
            action=action_for(parsed.country, level, call, locale),
            call_emergency_number=call,
            reasons=reasons,
        ),
        presentation=ctx.presentation,
        chronicity=_chronicity(h.symptom_days),
        recurrent=(
            None if h.previous_episodes is None else h.previous_episodes >= T.recurrent_min_episodes
        ),
        side=facts.side(),
        roots=[
            RootFinding.build(root=r.root, side=r.side, score=r.score, evidence=list(r.evidence))
            for r in roots
        ],
        differentials=[
            Differential.build(
                condition=d.condition,
                likelihood=d.likelihood,
                for_=list(d.for_),
                against=list(d.against),
            )
            for d in candidates
        ],
        next_steps=next_steps_for(fired_ids, ctx.presentation, level, listed, locale),
        safety_net=safety_net_for(level, locale),
        missing=missing_questions(parsed, facts, level),
        follow_up=_follow_up(facts),
        disclaimer=c.disclaimer[locale],
    )


# Reasons recur across cases as their evidence items do (83% of the 8,669 reasons in the regression
# corpus repeat an earlier one), so each is built and rendered once and then shared: it is frozen.
# Keyed by the ids of the outcome and the items, which the memo keeps alive (the entry holds the
# outcome and the reason its items), so an id cannot be reused while its key is stored. Bounded.
_REASONS: dict[tuple[int, ...], tuple[_Outcome, Reason]] = {}
MEMO_SIZE = 8192


def _reason(made: _Outcome, evidence: tuple[Evidence, ...]) -> Reason:
    key = (id(made), *map(id, evidence))
    known = _REASONS.get(key)
    if known is not None:
        return known[1]
    reason = Reason.build(
        rule=made.rule,
        level=made.level,
        finding=render_finding(evidence),
        text=made.text,
        sources=made.sources,
        label=made.label,
        evidence=evidence,
    )
    if len(_REASONS) < MEMO_SIZE:
        _REASONS[key] = (made, reason)
    return reason


def _chronicity(days: int | None) -> str | None:
    if days is None:
        return None
    if days < T.subacute_from_days:
        return "acute"
    return "subacute" if days <= T.chronic_after_days else "chronic"


def _follow_up(facts: Facts) -> FollowUp | None:
    if facts.previous is None:
        return None
    return FollowUp.build(
        days_since_previous=facts.previous.days_ago,
        grade_changes=[
            _grade_change(leg, muscle, before, now)
            for leg, muscle, before, now in facts.grade_changes
            if before != now
        ],
        progression=facts.grade_fall,
        newly_bilateral=facts.newly_bilateral,
    )


# A grade change is frozen and holds only strings and numbers, and there are few of them (legs x
# muscles x grades x grades), so each is built once and shared as the reasons are.
_CHANGES: dict[tuple[str, str, int, int], GradeChange] = {}


def _grade_change(leg: str, muscle: str, before: int, now: int) -> GradeChange:
    key = (leg, muscle, before, now)
    made = _CHANGES.get(key)
    if made is None:
        made = _CHANGES[key] = GradeChange.build(
            finding=f"exam.strength.{leg}.{muscle}", previous=before, current=now
        )
    return made
