"""Mimics (clinical-spec.md Part I §5 patterns, E4 findings for and against).

`PATTERNS` decides whether a condition's pattern holds, and on which legs; `PREDICATES` turns a case
into the evidence strings shown for or against a condition. The knowledge base (mimics.yaml) says
which predicates count for and against which condition, and which list it at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from .evidence import render_item
from .facts import LEGS, LOSS, PRESENT, Facts, Leg
from .knowledge import load_knowledge
from .knowledge.schema import Mimic
from .roots import fits_adjacent_roots
from .thresholds import T

PERONEAL_AREAS = frozenset({"lateral_leg", "dorsum_foot"})
FOOT_AREAS = ("dorsum_foot", "lateral_foot_sole")
BELOW_KNEE = ("ankle_dorsiflexion", "great_toe_extension", "ankle_eversion", "ankle_plantarflexion")


def _grade(leg: Leg, muscle: str) -> int | None:
    return leg.grades.get(muscle)


def _weak(leg: Leg, muscle: str) -> bool:
    g = leg.grades.get(muscle)
    return g is not None and g <= T.weak_grade_max


def _any_reflex_change(leg: Leg) -> bool:
    return bool(leg.reflex_changes or leg.brisk)


# --- patterns: which legs (or "both") each condition's pattern holds on --------------------------


def _peroneal_legs(f: Facts) -> set[str]:
    legs = set()
    for name, leg in f.legs.items():
        if (
            (_weak(leg, "ankle_dorsiflexion") or _weak(leg, "ankle_eversion"))
            and _grade(leg, "ankle_inversion") == T.normal_grade
            and _grade(leg, "hip_abduction") == T.normal_grade
            and not _any_reflex_change(leg)
            and f.symptoms.back_pain is not True
            and leg.straight_leg_raise != "positive"
            and set(leg.sensory_loss) <= PERONEAL_AREAS
        ):
            legs.add(name)
    return legs


def _polyneuropathy(f: Facts) -> set[str]:
    left, right = f.legs["left"], f.legs["right"]
    sensory = f.symptoms.numbness == "both" or (
        any(a in left.sensory_loss for a in FOOT_AREAS)
        and any(a in right.sensory_loss for a in FOOT_AREAS)
    )
    achilles = left.reflexes.get("achilles") in LOSS and right.reflexes.get("achilles") in LOSS
    one_sided_pain = f.symptoms.leg_pain in ("left", "right")
    days = f.history.symptom_days
    slow = f.history.onset == "gradual" or (days is not None and days > T.polyneuropathy_slow_days)
    return set(LEGS) if sensory and achilles and not one_sided_pain and slow else set()


def _vascular(f: Facts) -> set[str]:
    s = f.symptoms
    pulses = any(leg.pulse in ("reduced", "absent") for leg in f.legs.values())
    if (
        (s.claudication and s.claudication_relief == "standing_still")
        or (s.claudication and pulses)
        or s.cold_pale_foot in PRESENT
    ):
        return _cold_legs(f) or set(LEGS)
    return set()


def _cold_legs(f: Facts) -> set[str]:
    cold = f.symptoms.cold_pale_foot
    if cold == "unspecified":  # Part I §2: side not stated; either leg may be the cold one
        return set(LEGS)
    return {leg for leg in LEGS if cold == leg or cold == "both"}


def _limb_ischaemia(f: Facts) -> set[str]:
    legs = _cold_legs(f)
    return legs if legs and f.sudden_onset() else set()


def _meralgia(f: Facts) -> set[str]:
    loss = [a for leg in f.legs.values() for a in leg.sensory_loss]
    only_thigh = bool(loss) and all(a == "anterolateral_thigh" for a in loss)
    if not (f.symptoms.anterolateral_thigh_only or only_thigh):
        return set()
    if f.any_graded_weak or any(_any_reflex_change(leg) for leg in f.legs.values()):
        return set()
    return {n for n, leg in f.legs.items() if "anterolateral_thigh" in leg.sensory_loss} or set(
        LEGS
    )


def _stroke(f: Facts) -> set[str]:
    return set(LEGS) if f.symptoms.face_or_arm_symptoms or f.symptoms.speech_difficulty else set()


def _cord(f: Facts) -> set[str]:
    legs = f.legs.values()
    if any(leg.babinski or leg.clonus for leg in legs) or (f.brisk and f.motor_deficit):
        return set(LEGS)
    return set()


def _gbs(f: Facts) -> set[str]:
    if f.symptoms.ascending_weakness:
        return set(LEGS)
    both_weak = all(leg.motor_deficit for leg in f.legs.values())
    areflexia = all(
        leg.reflexes.get(r) in LOSS for leg in f.legs.values() for r in ("patellar", "achilles")
    )
    if both_weak and areflexia and f.symptoms_within(T.gbs_recent_days) and not f.ces_features:
        return set(LEGS)
    return set()


def _functional(f: Facts) -> set[str]:
    return {
        name
        for name, leg in f.legs.items()
        if leg.hoover and leg.motor_deficit and not _any_reflex_change(leg) and not leg.sensory_loss
    }


def _stenosis(f: Facts) -> set[str]:
    s, age = f.symptoms, f.patient.age
    if (
        s.claudication
        and s.claudication_relief == "sitting_or_bending_forward"
        and (age or 0) >= T.stenosis_age
    ):
        return set(LEGS)
    return set()


def _none(f: Facts) -> set[str]:
    return set()


PATTERNS: dict[str, Callable[[Facts], set[str]]] = {
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
NOWHERE: frozenset[str] = frozenset()
BOTH_LEGS = frozenset(LEGS)


@cache
def _patterns(examined: bool) -> tuple[tuple[str, Callable[[Facts], set[str]]], ...]:
    """The patterns worth running on a case with (or without) an examination."""
    return tuple(
        (condition, pattern)
        for condition, pattern in PATTERNS.items()
        if pattern is not _none and (examined or condition not in EXAM_ONLY_PATTERNS)
    )


def holding_patterns(facts: Facts) -> dict[str, frozenset[str]]:
    """Each condition (`PATTERNS` order) with the legs its pattern holds on (none: empty)."""
    holding = dict.fromkeys(PATTERNS, NOWHERE)
    for condition, pattern in _patterns(facts.has_exam):
        legs = pattern(facts)
        if legs:
            holding[condition] = frozenset(legs)
    return holding


# --- predicates: evidence strings for and against ---------------------------------------------

Predicate = Callable[[Facts], list[str]]


def _per_leg(fn: Callable[[Leg], str | None]) -> Predicate:
    def run(f: Facts) -> list[str]:
        out = []  # a loop, not a comprehension: cheaper on this hot path (Python 3.11)
        for name, leg in f.legs.items():
            text = fn(leg)
            if text:
                out.append(f"{name}: {text}")
        return out

    return run


def _muscle(muscle: str, weak: bool) -> Predicate:
    limit = T.weak_grade_max

    def run(f: Facts) -> list[str]:  # `_per_leg` inlined: six predicates, read on every exam
        out = []
        for name, leg in f.legs.items():
            g = leg.grades.get(muscle)
            if g is not None and (g <= limit) == weak:
                out.append(f"{name}: {muscle} {g}/5")
        return out

    return run


def _flag(path: str, label: str, answer: bool = True) -> Predicate:
    """Evidence `label` when the yes/no answer at `path` is exactly `answer` (None never matches)."""
    section, field = path.split(".")

    def run(f: Facts) -> list[str]:
        value = getattr(getattr(f, section), field)
        return [label] if value is answer else []

    return run


def _reflex_change(leg: Leg) -> str | None:
    changed = leg.reflex_changes + leg.brisk
    return ", ".join(f"{r} reflex {leg.reflexes[r]}" for r in changed) if changed else None


def _reflexes_normal(leg: Leg) -> str | None:
    if leg.reflexes and not leg.reflex_changes and not leg.brisk:
        return "reflexes normal"
    return None


def _sensory_outside_peroneal(leg: Leg) -> str | None:
    outside = [a for a in leg.sensory_loss if a not in PERONEAL_AREAS]
    return ", ".join(f"{a} {leg.sensory[a]}" for a in outside) or None


def _dermatomal_loss(leg: Leg) -> str | None:
    areas = [a for a in leg.sensory_loss if a != "anterolateral_thigh"]
    return ", ".join(f"{a} {leg.sensory[a]}" for a in areas) or None


def _test(name: str, value: str) -> Predicate:
    return _per_leg(lambda leg: f"{name} {value}" if getattr(leg, name) == value else None)


def _pulses(reduced: bool) -> Predicate:
    def one(leg: Leg) -> str | None:
        if leg.pulse is None:
            return None
        bad = leg.pulse in ("reduced", "absent")
        return f"foot pulse {leg.pulse}" if bad == reduced else None

    return _per_leg(one)


def _both(fn: Callable[[Leg], bool], label: str) -> Predicate:
    def run(f: Facts) -> list[str]:
        for leg in f.legs.values():  # a loop, not all() over a generator: a hot path
            if not fn(leg):
                return []
        return [label]

    return run


def _claudication(relief: str, label: str) -> Predicate:
    def run(f: Facts) -> list[str]:
        s = f.symptoms
        return [label] if s.claudication and s.claudication_relief == relief else []

    return run


def _hamstring_and_below_knee(f: Facts) -> list[str]:
    out = []
    for name, leg in f.legs.items():
        if not _weak(leg, "knee_flexion"):  # most legs: the rest need not be looked at
            continue
        below = [m for m in BELOW_KNEE if _weak(leg, m)]
        if len(below) >= T.sciatic_below_knee_muscles:
            out.append(f"{name}: knee_flexion and {', '.join(below)} weak")
    return out


def _multi_root_deficit(f: Facts) -> list[str]:
    return [
        f"{name}: weakness fits no single root or adjacent pair"
        for name, leg in f.legs.items()
        if leg.graded and leg.motor_deficit and fits_adjacent_roots(f, leg) is False
    ]


def _proximal_symmetric(f: Facts) -> list[str]:
    if all(_weak(leg, "hip_flexion") for leg in f.legs.values()):
        return ["hip_flexion weak on both sides"]
    return []


def _sudden(f: Facts) -> list[str]:
    return ["sudden onset"] if f.history.onset == "sudden" else []


def _gradual(f: Facts) -> list[str]:
    return ["gradual onset"] if f.history.onset == "gradual" else []


def _age_60(f: Facts) -> list[str]:
    age = f.patient.age
    return [f"age {age}"] if age is not None and age >= T.stenosis_age else []


def _unilateral_pain(f: Facts) -> list[str]:
    pain = f.symptoms.leg_pain
    return [f"leg pain on the {pain} only"] if pain in ("left", "right") else []


def _cold(f: Facts) -> list[str]:
    cold = f.symptoms.cold_pale_foot
    return [f"cold pale foot ({cold})"] if cold in PRESENT else []


def _ces(f: Facts) -> list[str]:
    return [render_item(e) for e in f.ces_features]


def _one_sided_weakness(f: Facts) -> list[str]:
    left, right = (f.legs[n].motor_deficit for n in LEGS)
    return ["weakness of one leg only"] if left != right else []


def _both_legs_weak(f: Facts) -> list[str]:
    return ["weakness of both legs"] if all(leg.motor_deficit for leg in f.legs.values()) else []


# Predicates that read only examination findings: without an examination they find nothing, so a
# self-check skips them (tests/test_mimics_exam_only.py checks each against cases without an exam).
EXAM_ONLY_PREDICATES = frozenset(
    {
        "dorsiflexion_weak",
        "eversion_weak",
        "inversion_normal",
        "inversion_weak",
        "hip_abduction_normal",
        "hip_abduction_weak",
        "fibular_head_tinel",
        "slr_negative",
        "slr_positive",
        "reflexes_normal",
        "reflex_change",
        "sensory_outside_peroneal",
        "dermatomal_sensory_loss",
        "achilles_reduced_both",
        "foot_sensory_loss_both",
        "pulses_reduced",
        "pulses_present",
        "anterolateral_thigh_loss",
        "any_weak_muscle",
        "babinski",
        "clonus",
        "brisk_reflexes",
        "areflexia_both",
        "hoover_positive",
        "hamstring_and_below_knee_weak",
        "multi_root_deficit",
        "proximal_symmetric_weakness",
    }
)

PREDICATES: dict[str, Predicate] = {
    "dorsiflexion_weak": _muscle("ankle_dorsiflexion", weak=True),
    "eversion_weak": _muscle("ankle_eversion", weak=True),
    "inversion_normal": _muscle("ankle_inversion", weak=False),
    "inversion_weak": _muscle("ankle_inversion", weak=True),
    "hip_abduction_normal": _muscle("hip_abduction", weak=False),
    "hip_abduction_weak": _muscle("hip_abduction", weak=True),
    "fibular_head_tinel": _per_leg(
        lambda leg: "fibular head Tinel positive" if leg.tinel else None
    ),
    "no_back_pain": _flag("symptoms.back_pain", "no back pain", answer=False),
    "back_pain": _flag("symptoms.back_pain", "back pain"),
    "slr_negative": _test("straight_leg_raise", "negative"),
    "slr_positive": _test("straight_leg_raise", "positive"),
    "reflexes_normal": _per_leg(_reflexes_normal),
    "reflex_change": _per_leg(_reflex_change),
    "sensory_outside_peroneal": _per_leg(_sensory_outside_peroneal),
    "dermatomal_sensory_loss": _per_leg(_dermatomal_loss),
    "numbness_both_legs": lambda f: (
        ["numbness in both legs"] if f.symptoms.numbness == "both" else []
    ),
    "achilles_reduced_both": _both(
        lambda leg: leg.reflexes.get("achilles") in LOSS, "achilles reflexes reduced on both sides"
    ),
    "foot_sensory_loss_both": _both(
        lambda leg: any(a in leg.sensory_loss for a in FOOT_AREAS),
        "sensory loss in both feet",
    ),
    "diabetes": _flag("history.diabetes", "diabetes"),
    "gradual_onset": _gradual,
    "sudden_onset": _sudden,
    "unilateral_leg_pain": _unilateral_pain,
    "claudication_standing_relief": _claudication(
        "standing_still", "claudication eased by standing still"
    ),
    "claudication_sitting_relief": _claudication(
        "sitting_or_bending_forward", "claudication eased by sitting or bending forward"
    ),
    "pulses_reduced": _pulses(reduced=True),
    "pulses_present": _pulses(reduced=False),
    "cold_pale_foot": _cold,
    "anterolateral_thigh_only": _flag(
        "symptoms.anterolateral_thigh_only", "symptoms only on the outer front of the thigh"
    ),
    "anterolateral_thigh_loss": _per_leg(
        lambda leg: (
            "anterolateral_thigh sensory loss"
            if "anterolateral_thigh" in leg.sensory_loss
            else None
        )
    ),
    "any_weak_muscle": _per_leg(
        lambda leg: (
            ", ".join(f"{m} {g}/5" for m, g in leg.grades.items() if g <= T.weak_grade_max) or None
        )
    ),
    "face_or_arm_symptoms": _flag("symptoms.face_or_arm_symptoms", "face or arm symptoms"),
    "speech_difficulty": _flag("symptoms.speech_difficulty", "speech difficulty"),
    "babinski": _per_leg(lambda leg: "Babinski sign" if leg.babinski else None),
    "clonus": _per_leg(lambda leg: "clonus" if leg.clonus else None),
    "brisk_reflexes": _per_leg(
        lambda leg: ", ".join(f"{r} reflex brisk" for r in leg.brisk) or None
    ),
    "ascending_weakness": _flag(
        "symptoms.ascending_weakness", "weakness spreading up from the feet"
    ),
    "both_legs_weak": _both_legs_weak,
    "areflexia_both": _both(
        lambda leg: all(leg.reflexes.get(r) in LOSS for r in ("patellar", "achilles")),
        "knee and ankle reflexes reduced or absent on both sides",
    ),
    "ces_feature": _ces,
    "one_sided_weakness": _one_sided_weakness,
    "hoover_positive": _per_leg(lambda leg: "Hoover sign positive" if leg.hoover else None),
    "age_60_plus": _age_60,
    "hamstring_and_below_knee_weak": _hamstring_and_below_knee,
    "multi_root_deficit": _multi_root_deficit,
    "proximal_symmetric_weakness": _proximal_symmetric,
}


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


def _evidence(facts: Facts, memo: dict[str, list[str]], named: Named) -> list[str]:
    """The evidence of the predicates, each computed at most once per case (several conditions
    share one). The lists are the memo's own: callers only read them."""
    if len(named) == 1:  # most listed_when
        name, predicate = named[0]
        found = memo.get(name)
        if found is None:
            found = memo[name] = predicate(facts)
        return found
    out: list[str] = []
    for name, predicate in named:
        found = memo.get(name)
        if found is None:
            found = memo[name] = predicate(facts)
        out.extend(found)
    return out


def consider(facts: Facts, holding: dict[str, frozenset[str]]) -> list[Candidate]:
    """The conditions worth considering, ordered as INT-05 reads Part I §5.

    `holding` maps each condition to the legs its pattern holds on (from `PATTERNS`). A condition
    is listed when its pattern holds or one of its `listed_when` findings is present; the evidence
    for and against is only gathered for a listed condition (most cases list none).
    """
    memo: dict[str, list[str]] = {}
    found: list[tuple[tuple[int, int, int], Candidate]] = []
    for mimic in _compiled(facts.has_exam):
        legs = holding[mimic.condition]
        listing = _evidence(facts, memo, mimic.listed_when) if mimic.listed_when else []
        if not legs and not listing:
            continue
        focus = set(legs) | {e.split(":", 1)[0] for e in listing}
        pro = _on_focus(focus, _evidence(facts, memo, mimic.for_))
        con = _on_focus(focus, _evidence(facts, memo, mimic.against))
        if legs:
            likelihood = "likely"
        elif len(pro) > len(con):
            likelihood = "possible"
        else:
            likelihood = "less_likely"
        rank = LIKELIHOOD_RANK[likelihood] if mimic.group == 10 else 0
        found.append(
            (
                (mimic.group, rank, mimic.position),
                Candidate(mimic.condition, likelihood, pro, con, legs),
            )
        )
    if not found:
        return []
    found.sort(key=lambda item: item[0])
    return [c for _, c in found]


def _on_focus(focus: set[str], evidence: list[str]) -> tuple[str, ...]:
    """Keep one-leg evidence only for the legs the condition concerns (whole-body evidence stays)."""
    legs = focus & BOTH_LEGS
    if not legs:
        return tuple(evidence)
    return tuple(e for e in evidence if (lead := e.partition(":")[0]) not in LEGS or lead in legs)


@cache
def _explains() -> dict[str, frozenset[str]]:
    return {m.condition: frozenset(m.explains) for m in _mimics()}


def explained_findings(candidates: list[Candidate]) -> dict[str, frozenset[str]]:
    """Per leg, the case keys that holding mimic patterns explain (removed from root scoring)."""
    explaining = [
        c for c in candidates if c.likelihood == "likely" and c.condition not in NOT_A_MIMIC
    ]
    if not explaining:  # most cases
        return {leg: NOWHERE for leg in LEGS}
    explains = _explains()
    out: dict[str, set[str]] = {leg: set() for leg in LEGS}
    for c in explaining:
        for leg in c.legs:
            out[leg] |= explains.get(c.condition, frozenset())
    return {leg: frozenset(keys) for leg, keys in out.items()}
