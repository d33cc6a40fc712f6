"""Root localisation (clinical-spec.md Part I §3): weighted evidence per root and leg.

A root is reported only when the top root's evidence includes an objective finding (a weak muscle,
an asymmetric reflex change, a dermatomal sensory loss), at least two findings in all, and the top
root with its adjacent roots explains every objective finding on that leg. Findings that a holding
mimic pattern explains are removed first (a clear peroneal palsy reports no L5 root).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from .evidence import MEMO_SIZE
from .facts import OTHER, REFLEX_RANK, Facts, Leg
from .knowledge import load_knowledge
from .thresholds import T

ORDER = ("L2", "L3", "L4", "L5", "S1")
NOWHERE: frozenset[str] = frozenset()


class Evidence(NamedTuple):
    """One finding on one leg and the roots it supports, with their weights.

    It depends only on the finding and the knowledge base, so each is made once (`_found`) and
    shared by every case that shows it: a tuple, as it is read and never changed."""

    key: str  # the case key it comes from (muscle, reflex, area, test) for mimic removal
    text: str
    roots: tuple[tuple[str, float], ...]
    objective: bool
    best: float  # the largest of its weights (what it adds to a leg's total)
    names: frozenset[str]  # the roots it supports


def _evidence(
    key: str, text: str, roots: tuple[tuple[str, float], ...], objective: bool
) -> Evidence:
    return Evidence(
        key, text, roots, objective, max(w for _, w in roots), frozenset(r for r, _ in roots)
    )


class RootScore(NamedTuple):  # a tuple: made for every ranked root, cheaper than a dataclass
    root: str
    side: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Table:
    muscle: dict[str, tuple[tuple[str, float], ...]]
    reflex: dict[str, tuple[tuple[str, float], ...]]
    area: dict[str, tuple[tuple[str, float], ...]]
    tension: dict[str, tuple[tuple[str, float], ...]]
    gait: dict[str, tuple[tuple[str, float], ...]]
    crossed: tuple[tuple[str, float], ...]
    rank: dict[str, int]


@cache
def _table() -> _Table:
    kb = load_knowledge().roots
    w = kb.weights
    muscle: dict[str, list[tuple[str, float]]] = {}
    reflex: dict[str, list[tuple[str, float]]] = {}
    area: dict[str, list[tuple[str, float]]] = {}
    tension: dict[str, list[tuple[str, float]]] = {}
    gait: dict[str, list[tuple[str, float]]] = {}
    for entry in kb.roots:
        r = entry.root
        for m in entry.key_muscles:
            muscle.setdefault(m, []).append((r, w.key_muscle))
        for m in entry.other_muscles:
            muscle.setdefault(m, []).append((r, w.other_muscle))
        for x in entry.reflexes:
            reflex.setdefault(x, []).append((r, w.reflex))
        for x in entry.minor_reflexes:
            reflex.setdefault(x, []).append((r, w.minor_reflex))
        for a in entry.sensory_areas:
            area.setdefault(a, []).append((r, w.dermatome))
        for t in entry.tension_tests:
            tension.setdefault(t, []).append((r, w.tension_test))
        for g in entry.gait:
            gait.setdefault(g, []).append((r, w.gait))
    crossed = tuple(
        (e.root, w.crossed_straight_leg_raise)
        for e in kb.roots
        if "straight_leg_raise" in e.tension_tests
    )

    def freeze(d: dict[str, list[tuple[str, float]]]) -> dict[str, tuple[tuple[str, float], ...]]:
        return {k: tuple(v) for k, v in d.items()}

    return _Table(
        freeze(muscle),
        freeze(reflex),
        freeze(area),
        freeze(tension),
        freeze(gait),
        crossed,
        {r: i for i, r in enumerate(kb.commonness)},
    )


def leg_evidence(facts: Facts, leg: Leg) -> list[Evidence]:
    """Every localising finding on one leg, before any mimic removal (computed once per leg)."""
    cached = leg.memo.get("evidence")
    if cached is None:
        cached = leg.memo["evidence"] = _leg_evidence(facts, leg)
    return cached  # type: ignore[return-value]


@cache
def _found(kind: str, key: str, value: str | int) -> Evidence:
    """The evidence of one finding (`kind`: muscle, reflex, area, tension, crossed or gait)."""
    t = _table()
    if kind == "muscle":
        return _evidence(key, f"{key} {value}/5", t.muscle[key], True)
    if kind == "reflex":
        return _evidence(key, f"{key} reflex {value}", t.reflex[key], True)
    if kind == "area":
        return _evidence(key, f"{key} {value}", t.area[key], True)
    if kind == "tension":
        return _evidence(key, f"{key} positive", t.tension[key], False)
    if kind == "crossed":
        return _evidence(key, "crossed straight_leg_raise positive", t.crossed, False)
    return _evidence(key, key.replace("_", " "), t.gait[key], False)


def _leg_evidence(facts: Facts, leg: Leg) -> list[Evidence]:
    t = _table()
    weak = leg.weak_grades
    found: list[Evidence] = list(_muscle_evidence(weak)) if weak else []
    if leg.reflex_changes:  # the reflexes reduced or absent (rank > 0)
        other = facts.legs[OTHER[leg.name]]
        reflexes = leg.reflexes
        for reflex in leg.reflex_changes:
            value = reflexes[reflex]
            if reflex not in t.reflex:
                continue
            # INT-07: only an asymmetric change localises; an unexamined other side counts as normal.
            if REFLEX_RANK[value] > REFLEX_RANK[other.reflexes.get(reflex, "normal")]:
                found.append(_found("reflex", reflex, value))
    for area in leg.sensory_loss:
        if area in t.area:
            found.append(_found("area", area, leg.sensory[area]))
    for test in ("straight_leg_raise", "femoral_stretch"):
        if getattr(leg, test) == "positive":
            found.append(_found("tension", test, "positive"))
    crossed = facts.exam.crossed_straight_leg_raise
    if crossed is not None and (crossed == leg.name or crossed == "both"):
        found.append(_found("crossed", "crossed_straight_leg_raise", "positive"))
    for gait in ("cannot_heel_walk", "cannot_toe_walk"):
        if gait in leg.reported_motor:
            found.append(_found("gait", gait, "reported"))
    return found


# The weak muscles' evidence depends on their grades alone, and the same weak muscles and grades
# recur from case to case, so each combination's is gathered once and shared as a tuple (keyed by
# value; bounded as the evidence items are).
_MUSCLES: dict[tuple[tuple[str, int], ...], tuple[Evidence, ...]] = {}


def _muscle_evidence(weak: list[tuple[str, int]]) -> tuple[Evidence, ...]:
    key = tuple(weak)
    known = _MUSCLES.get(key)
    if known is None:
        muscles = _table().muscle
        known = tuple([_found("muscle", m, g) for m, g in weak if m in muscles])
        if len(_MUSCLES) < MEMO_SIZE:
            _MUSCLES[key] = known
    return known


ADJACENT: dict[str, frozenset[str]] = {
    root: frozenset(ORDER[max(0, i - 1) : i + 2]) for i, root in enumerate(ORDER)
}
"""Each root with the roots next to it."""
WINDOWS = tuple(frozenset(ORDER[i : i + 2]) for i in range(len(ORDER) - 1))
"""Every pair of adjacent roots."""


# A leg's ranking depends only on its evidence, whose items are made once and shared (`_found`),
# and the same combinations recur from case to case (652 of the 1,104 legs ranked in the regression
# corpus repeat an earlier one; 540 of 956 for the fit to adjacent roots), so each
# ranking is computed once and then shared: its scores are tuples. Keyed by the leg's name and the
# ids of its items, which the memo keeps alive (the entry holds them), so an id cannot be reused
# while its key is stored. Bounded as the evidence items are: past the bound legs are ranked afresh.
_RANKED: dict[tuple[str | int, ...], tuple[tuple[Evidence, ...], tuple[RootScore, ...]]] = {}
_FITS: dict[tuple[bool | int, ...], tuple[tuple[Evidence, ...], bool | None]] = {}


def localise_leg(facts: Facts, leg: Leg, explained: frozenset[str]) -> tuple[RootScore, ...]:
    """Ranked roots for one leg, or () when the evidence does not localise (Part I §3)."""
    evidence = leg_evidence(facts, leg)
    if explained:  # most cases: no holding mimic explains anything
        evidence = [e for e in evidence if e.key not in explained]
    if not evidence:
        return ()
    key: tuple[str | int, ...] = (leg.name, *map(id, evidence))
    known = _RANKED.get(key)
    if known is not None:
        return known[1]
    ranked = _ranked(leg.name, evidence)
    if len(_RANKED) < MEMO_SIZE:
        _RANKED[key] = (tuple(evidence), ranked)
    return ranked


def _ranked(side: str, evidence: list[Evidence]) -> tuple[RootScore, ...]:
    total = 0.0
    points: dict[str, float] = {}
    supports: dict[str, list[Evidence]] = {}
    for e in evidence:
        total += e.best
        for root, weight in e.roots:
            if root in points:
                points[root] += weight
                supports[root].append(e)
            else:
                points[root] = weight
                supports[root] = [e]
    rank = _table().rank
    # best first, ties by commonness (each root has its own rank, so the root is never compared)
    ranked = [r for _, _, r in sorted([(-p, rank[r], r) for r, p in points.items()])]
    top_evidence = supports[ranked[0]]
    if len(top_evidence) < T.root_min_findings:
        return ()
    for e in top_evidence:
        if e.objective:
            break
    else:
        return ()
    near = ADJACENT[ranked[0]]
    for e in evidence:
        if e.objective and near.isdisjoint(e.names):
            return ()
    return tuple(
        [
            RootScore(r, side, round(points[r] / total, 2), tuple([e.text for e in supports[r]]))
            for r in ranked
        ]
    )


def localise(facts: Facts, explained: dict[str, frozenset[str]]) -> list[RootScore]:
    """Roots of both legs, best first; ties by commonness (L5, S1, L4, L3, L2), then left first."""
    if not facts.has_exam:
        # A root needs an objective finding (a grade, a reflex, a sensory area): all examination.
        return []
    found: list[RootScore] = []
    for name, leg in facts.legs.items():
        found += localise_leg(facts, leg, explained.get(name, NOWHERE))
    if len(found) <= 1:  # nothing to rank
        return found
    rank = _table().rank
    return sorted(found, key=lambda s: (-s.score, rank[s.root], s.side != "left"))


def fits_adjacent_roots(facts: Facts, leg: Leg) -> bool | None:
    """INT-06: do this leg's deficits fit one root or two adjacent roots? None when it has none."""
    if "fits" not in leg.memo:
        leg.memo["fits"] = _fits_adjacent_roots(facts, leg)
    return leg.memo["fits"]  # type: ignore[return-value]


def _fits_adjacent_roots(facts: Facts, leg: Leg) -> bool | None:
    evidence = leg_evidence(facts, leg)
    drop = "foot_drop" in leg.reported_motor
    if not evidence and not drop:
        return None
    # Like a leg's ranking, a function of shared items that recur from case to case (see _RANKED).
    key = (drop, *map(id, evidence))
    known = _FITS.get(key)
    if known is not None:
        return known[1]
    fits = _fits(evidence, drop)
    if len(_FITS) < MEMO_SIZE:
        _FITS[key] = (tuple(evidence), fits)
    return fits


def _fits(evidence: list[Evidence], foot_drop: bool) -> bool | None:
    candidates: list[frozenset[str]] = []
    for e in evidence:
        if e.objective or e.key in ("cannot_heel_walk", "cannot_toe_walk"):
            candidates.append(e.names)
    if foot_drop:
        candidates.append(frozenset(r for r, _ in _table().muscle["ankle_dorsiflexion"]))
    if not candidates:
        return None
    # Some pair of adjacent roots meets every deficit: intersect the pairs each one meets.
    common = _windows_met(candidates[0])
    for c in candidates[1:]:
        common = common & _windows_met(c)
        if not common:
            return False
    return bool(common)


@cache
def _windows_met(roots: frozenset[str]) -> frozenset[int]:
    """The pairs of adjacent roots (their index in WINDOWS) that share a root with `roots`."""
    return frozenset(i for i, window in enumerate(WINDOWS) if not roots.isdisjoint(window))
