"""Mimics (clinical-spec.md Part I §5 patterns, E4 findings for and against).

`PATTERNS` decides whether a condition's pattern holds, and on which legs; `PREDICATES`
(sciatica.predicates) turns a case into the evidence strings shown for or against a condition.
The knowledge base (mimics.yaml) says which predicates count for and against which condition, and
which list it at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from .facts import LEGS, LOSS, PRESENT, Facts
from .knowledge import load_knowledge
from .knowledge.schema import Mimic
from .predicates import (
    EXAM_ONLY_PREDICATES,
    FOOT_AREAS,
    NEEDS,
    PERONEAL_AREAS,
    PREDICATES,
    Predicate,
    any_reflex_change,
    grade_of,
    weak,
)
from .thresholds import T

# --- patterns: which legs (or "both") each condition's pattern holds on --------------------------
# Frozensets, the shared empty one where the pattern does not hold (most patterns on most cases).
NOWHERE: frozenset[str] = frozenset()
BOTH_LEGS: frozenset[str] = frozenset(LEGS)


def _peroneal_legs(f: Facts) -> frozenset[str]:
    legs = set()
    for name, leg in f.legs.items():
        if not leg.weak_grades:  # most legs: no weak muscle, so no weak dorsiflexion or eversion
            continue
        if (
            (weak(leg, "ankle_dorsiflexion") or weak(leg, "ankle_eversion"))
            and grade_of(leg, "ankle_inversion") == T.normal_grade
            and grade_of(leg, "hip_abduction") == T.normal_grade
            and not any_reflex_change(leg)
            and f.symptoms.back_pain is not True
            and leg.straight_leg_raise != "positive"
            and set(leg.sensory_loss) <= PERONEAL_AREAS
        ):
            legs.add(name)
    return frozenset(legs)


def _polyneuropathy(f: Facts) -> frozenset[str]:
    left, right = f.legs["left"], f.legs["right"]
    if not (left.reflex_changes and right.reflex_changes):  # most cases: no achilles loss
        return NOWHERE
    sensory = f.symptoms.numbness == "both" or (
        any(a in left.sensory_loss for a in FOOT_AREAS)
        and any(a in right.sensory_loss for a in FOOT_AREAS)
    )
    achilles = left.reflexes.get("achilles") in LOSS and right.reflexes.get("achilles") in LOSS
    one_sided_pain = f.symptoms.leg_pain in ("left", "right")
    days = f.history.symptom_days
    slow = f.history.onset == "gradual" or (days is not None and days > T.polyneuropathy_slow_days)
    return BOTH_LEGS if sensory and achilles and not one_sided_pain and slow else NOWHERE


def _vascular(f: Facts) -> frozenset[str]:
    s = f.symptoms
    if not s.claudication and s.cold_pale_foot not in PRESENT:  # most cases
        return NOWHERE
    pulses = any(leg.pulse in ("reduced", "absent") for leg in f.legs.values())
    if (
        (s.claudication and s.claudication_relief == "standing_still")
        or (s.claudication and pulses)
        or s.cold_pale_foot in PRESENT
    ):
        return _cold_legs(f) or BOTH_LEGS
    return NOWHERE


def _cold_legs(f: Facts) -> frozenset[str]:
    cold = f.symptoms.cold_pale_foot
    if cold == "unspecified":  # Part I §2: side not stated; either leg may be the cold one
        return BOTH_LEGS
    return frozenset([leg for leg in LEGS if cold == leg or cold == "both"])


def _limb_ischaemia(f: Facts) -> frozenset[str]:
    if f.symptoms.cold_pale_foot not in PRESENT:  # most cases (onset is then not read)
        return NOWHERE
    legs = _cold_legs(f)
    return legs if legs and f.sudden_onset() else NOWHERE


def _meralgia(f: Facts) -> frozenset[str]:
    if not f.symptoms.anterolateral_thigh_only and not f.exam_sensory_loss:  # most cases
        return NOWHERE
    loss = [a for leg in f.legs.values() for a in leg.sensory_loss]
    only_thigh = bool(loss) and loss.count("anterolateral_thigh") == len(loss)
    if not (f.symptoms.anterolateral_thigh_only or only_thigh):
        return NOWHERE
    if f.any_graded_weak or any(any_reflex_change(leg) for leg in f.legs.values()):
        return NOWHERE
    return (
        frozenset([n for n, leg in f.legs.items() if "anterolateral_thigh" in leg.sensory_loss])
        or BOTH_LEGS
    )


def _stroke(f: Facts) -> frozenset[str]:
    return BOTH_LEGS if f.symptoms.face_or_arm_symptoms or f.symptoms.speech_difficulty else NOWHERE


def _cord(f: Facts) -> frozenset[str]:
    left, right = f.legs["left"], f.legs["right"]
    if (
        left.babinski
        or left.clonus
        or right.babinski
        or right.clonus
        or (f.brisk and f.motor_deficit)
    ):
        return BOTH_LEGS
    return NOWHERE


def _gbs(f: Facts) -> frozenset[str]:
    if f.symptoms.ascending_weakness:
        return BOTH_LEGS
    left, right = f.legs["left"], f.legs["right"]
    if not (left.motor_deficit and right.motor_deficit):  # most cases (the duration not read)
        return NOWHERE
    areflexia = all(
        leg.reflexes.get(r) in LOSS for leg in (left, right) for r in ("patellar", "achilles")
    )
    if areflexia and f.symptoms_within(T.gbs_recent_days) and not f.ces_features:
        return BOTH_LEGS
    return NOWHERE


def _functional(f: Facts) -> frozenset[str]:
    return frozenset(
        [
            name
            for name, leg in f.legs.items()
            if leg.hoover
            and leg.motor_deficit
            and not any_reflex_change(leg)
            and not leg.sensory_loss
        ]
    )


def _stenosis(f: Facts) -> frozenset[str]:
    s, age = f.symptoms, f.patient.age
    if (
        s.claudication
        and s.claudication_relief == "sitting_or_bending_forward"
        and (age or 0) >= T.stenosis_age
    ):
        return BOTH_LEGS
    return NOWHERE


def _none(f: Facts) -> frozenset[str]:
    return NOWHERE


PATTERNS: dict[str, Callable[[Facts], frozenset[str]]] = {
    "stroke": _stroke,
    "spinal_cord_compression": _cord,
    "guillain_barre_syndrome": _gbs,
    "acute_limb_ischaemia": _limb_ischaemia,
    "common_peroneal_neuropathy": _peroneal_legs,
    "peripheral_polyneuropathy": _polyneuropathy,
    "vascular_claudication": _vascular,
    "meralgia_paresthetica": _meralgia,
    "functional_weakness": _functional,
    "sciatic_neuropathy": _none,
    "lumbosacral_plexopathy": _none,
    "hip_osteoarthritis": _none,
    "myopathy": _none,
    "lumbar_spinal_stenosis": _stenosis,
}
"""Part I §5. Lumbar spinal stenosis is a cause, not a mimic: it never makes a case non-radicular."""

NOT_A_MIMIC = frozenset({"lumbar_spinal_stenosis"})

# Patterns that read only examination findings (grades, reflexes, sensation, signs): without an
# examination they hold on no leg, so a self-check skips them (tests/test_mimics_exam_only.py
# checks each against cases without an exam).
EXAM_ONLY_PATTERNS = frozenset(
    {
        "spinal_cord_compression",
        "common_peroneal_neuropathy",
        "peripheral_polyneuropathy",
        "functional_weakness",
    }
)
NOTHING_EXPLAINED: dict[str, frozenset[str]] = {leg: NOWHERE for leg in LEGS}


@cache
def _patterns(examined: bool) -> tuple[tuple[str, Callable[[Facts], frozenset[str]]], ...]:
    """The patterns worth running on a case with (or without) an examination."""
    return tuple(
        (condition, pattern)
        for condition, pattern in PATTERNS.items()
        if pattern is not _none and (examined or condition not in EXAM_ONLY_PATTERNS)
    )


def holding_patterns(facts: Facts) -> dict[str, frozenset[str]]:
    """The conditions whose pattern holds (`PATTERNS` order), each with the legs it holds on.

    Only those: a condition absent holds on no leg (read it with `.get`)."""
    holding = {}
    for condition, pattern in _patterns(facts.has_exam):
        legs = pattern(facts)
        if legs:
            holding[condition] = legs
    return holding


class Candidate(NamedTuple):  # a tuple: made for every listed condition, cheaper than a dataclass
    condition: str
    likelihood: str
    for_: tuple[str, ...]
    against: tuple[str, ...]
    legs: frozenset[str]


EMERGENCY_ORDER = (
    "stroke",
    "spinal_cord_compression",
    "guillain_barre_syndrome",
    "acute_limb_ischaemia",
)
LIKELIHOOD_RANK = {"likely": 0, "possible": 1, "less_likely": 2}


@cache
def _mimics() -> tuple[Mimic, ...]:
    return tuple(load_knowledge().mimics)


Named = tuple[tuple[str, Predicate], ...]


@dataclass(frozen=True, slots=True)
class _Compiled:
    condition: str
    # predicates by name, resolved once (the name keys the per-case memo: they are shared)
    listed_when: Named
    for_: Named
    against: Named
    group: int  # emergency mimics by their order, then the others, then stenosis (INT-05)
    position: int  # Part I §5 table order (mimics.yaml order) for ties


def _named(names: list[str], examined: bool) -> Named:
    return tuple(
        (name, PREDICATES[name]) for name in names if examined or name not in EXAM_ONLY_PREDICATES
    )


@cache
def _compiled(examined: bool = True) -> tuple[_Compiled, ...]:
    """The mimics with their predicates, for a case with (or without) an examination."""
    return tuple(
        _Compiled(
            condition=m.condition,
            listed_when=_named(m.listed_when, examined),
            for_=_named(m.for_, examined),
            against=_named(m.against, examined),
            group=EMERGENCY_ORDER.index(m.condition)
            if m.condition in EMERGENCY_ORDER
            else (20 if m.condition in NOT_A_MIMIC else 10),
            position=i,
        )
        for i, m in enumerate(_mimics())
    )


@dataclass(frozen=True, slots=True)
class _Listing:
    """The mimics for a case with (or without) an examination, and each `listed_when` predicate
    once with the mimics it lists: most cases list no condition, so a case runs each listing
    predicate once and looks no further at the mimics none of them lists."""

    mimics: dict[str, _Compiled]
    # the predicates with the conditions each lists, grouped behind the `Facts` flag they need
    # (predicates.NEEDS; None: always run): a false flag skips its group at once, as the triage
    # skips its groups of rules. The order does not matter: the candidates are ranked.
    groups: tuple[tuple[str | None, tuple[tuple[str, Predicate, tuple[str, ...]], ...]], ...]


@cache
def _listing(examined: bool) -> _Listing:
    mimics = _compiled(examined)
    lists: dict[str, list[str]] = {}
    found: dict[str, Predicate] = {}
    for mimic in mimics:
        for name, predicate in mimic.listed_when:
            found[name] = predicate
            lists.setdefault(name, []).append(mimic.condition)
    groups: dict[str | None, list[tuple[str, Predicate, tuple[str, ...]]]] = {}
    for name, predicate in found.items():
        groups.setdefault(NEEDS.get(name), []).append((name, predicate, tuple(lists[name])))
    return _Listing(
        {m.condition: m for m in mimics},
        tuple((needs, tuple(group)) for needs, group in groups.items()),
    )


def _evidence(facts: Facts, memo: dict[str, list[str]], named: Named, drop: str) -> tuple[str, ...]:
    """The evidence of the predicates, each computed at most once per case (several conditions
    share one), without the items of the leg the condition does not concern (`drop` is that
    leg's "right:" or "left:" lead, or "" to keep every item)."""
    out: list[str] = []
    for name, predicate in named:
        found = memo.get(name)
        if found is None:
            found = memo[name] = predicate(facts)
        if found:
            out += found
    if drop and out:
        return tuple([e for e in out if not e.startswith(drop)])
    return tuple(out)


def consider(facts: Facts, holding: dict[str, frozenset[str]]) -> list[Candidate]:
    """The conditions worth considering, ordered as INT-05 reads Part I §5.

    `holding` maps each condition whose pattern holds to its legs (from `holding_patterns`). A
    condition is listed when its pattern holds or one of its `listed_when` findings is present;
    the evidence for and against is only gathered for a listed condition (most cases list none).
    """
    table = _listing(facts.has_exam)
    memo: dict[str, list[str]] = {}
    # each listed condition with the legs its listing findings name ("left: ...")
    listed: dict[str, set[str]] = {}
    for needs, group in table.groups:
        if needs is not None and not getattr(facts, needs):
            continue  # none of the group can find anything (then found again, as [], if read)
        for name, predicate, conditions in group:
            found = memo[name] = predicate(facts)
            if found:
                leads = {e.split(":", 1)[0] for e in found}
                for condition in conditions:
                    if condition in listed:
                        listed[condition] |= leads
                    else:
                        listed[condition] = set(leads)
    for condition in holding:
        if condition not in listed and condition in table.mimics:
            listed[condition] = set()
    if not listed:
        return []
    ranked: list[tuple[tuple[int, int, int], Candidate]] = []
    for condition, leads in listed.items():
        mimic = table.mimics[condition]
        legs = holding.get(condition, NOWHERE)
        drop = _dropped(leads | legs)
        pro = _evidence(facts, memo, mimic.for_, drop)
        con = _evidence(facts, memo, mimic.against, drop)
        if legs:
            likelihood = "likely"
        elif len(pro) > len(con):
            likelihood = "possible"
        else:
            likelihood = "less_likely"
        rank = LIKELIHOOD_RANK[likelihood] if mimic.group == 10 else 0
        ranked.append(
            (
                (mimic.group, rank, mimic.position),
                Candidate(mimic.condition, likelihood, pro, con, legs),
            )
        )
    if len(ranked) == 1:  # most cases that list a condition list one: nothing to order
        return [ranked[0][1]]
    ranked.sort(key=lambda item: item[0])
    return [c for _, c in ranked]


def _dropped(focus: set[str] | frozenset[str]) -> str:
    """Keep one-leg evidence only for the legs the condition concerns (whole-body evidence stays):
    the lead of the evidence to drop, "" when the condition concerns both legs or none named.
    Per-leg evidence always reads "left: ..." or "right: ..." (sciatica.predicates)."""
    if "left" in focus:
        return "" if "right" in focus else "right:"
    return "left:" if "right" in focus else ""


@cache
def _explains() -> dict[str, frozenset[str]]:
    return {m.condition: frozenset(m.explains) for m in _mimics()}


def explained_findings(candidates: list[Candidate]) -> dict[str, frozenset[str]]:
    """Per leg, the case keys that holding mimic patterns explain (removed from root scoring)."""
    explaining = [
        c for c in candidates if c.likelihood == "likely" and c.condition not in NOT_A_MIMIC
    ]
    if not explaining:  # most cases: one shared mapping (callers only read it)
        return NOTHING_EXPLAINED
    explains = _explains()
    out: dict[str, set[str]] = {leg: set() for leg in LEGS}
    for c in explaining:
        for leg in c.legs:
            out[leg] |= explains.get(c.condition, frozenset())
    return {leg: frozenset(keys) for leg, keys in out.items()}
