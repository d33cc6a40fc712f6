"""Mimic predicates (clinical-spec.md E4 findings for and against): a case into the evidence
strings shown for or against a condition. mimics.yaml says which predicates count for and against
which condition and which list it at all; `sciatica.mimics` reads them.

Also the leg readings the mimic patterns share with them (`weak`, `any_reflex_change`).
"""

from __future__ import annotations

from collections.abc import Callable

from .evidence import render_item
from .facts import LEGS, LOSS, PRESENT, Facts, Leg
from .roots import fits_adjacent_roots
from .thresholds import T

PERONEAL_AREAS = frozenset({"lateral_leg", "dorsum_foot"})
FOOT_AREAS = ("dorsum_foot", "lateral_foot_sole")
BELOW_KNEE = ("ankle_dorsiflexion", "great_toe_extension", "ankle_eversion", "ankle_plantarflexion")


def grade_of(leg: Leg, muscle: str) -> int | None:
    return leg.grades.get(muscle)


def weak(leg: Leg, muscle: str) -> bool:
    g = leg.grades.get(muscle)
    return g is not None and g <= T.weak_grade_max


def any_reflex_change(leg: Leg) -> bool:
    return bool(leg.reflex_changes or leg.brisk)


Predicate = Callable[[Facts], list[str]]


def _per_leg(fn: Callable[[Leg], str | None], needs: str) -> Predicate:
    """`fn`'s text on each leg, for the legs whose attribute `needs` is not empty (`fn` finds
    nothing on the others: most legs, which then cost an attribute read, not a call)."""

    def run(f: Facts) -> list[str]:
        out = []  # a loop, not a comprehension: cheaper on this hot path (Python 3.11)
        for name, leg in f.legs.items():
            if getattr(leg, needs):
                text = fn(leg)
                if text:
                    out.append(f"{name}: {text}")
        return out

    return run


def _leg_sign(attribute: str, label: str) -> Predicate:
    """`label` on each leg whose (yes/no) attribute is true."""
    texts = {name: f"{name}: {label}" for name in LEGS}

    def run(f: Facts) -> list[str]:
        return [texts[name] for name, leg in f.legs.items() if getattr(leg, attribute)]

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


# The per-leg readings below return at once when the leg shows nothing of the kind (most legs):
# building and joining an empty list of texts cost more than the test.


def _reflex_change(leg: Leg) -> str | None:
    if not (leg.reflex_changes or leg.brisk):
        return None
    reflexes = leg.reflexes
    return ", ".join([f"{r} reflex {reflexes[r]}" for r in leg.reflex_changes + leg.brisk])


def _reflexes_normal(leg: Leg) -> str | None:
    if leg.reflexes and not leg.reflex_changes and not leg.brisk:
        return "reflexes normal"
    return None


def _sensory_outside_peroneal(leg: Leg) -> str | None:
    if not leg.sensory_loss:
        return None
    sensory = leg.sensory
    outside = [f"{a} {sensory[a]}" for a in leg.sensory_loss if a not in PERONEAL_AREAS]
    return ", ".join(outside) if outside else None


def _dermatomal_loss(leg: Leg) -> str | None:
    if not leg.sensory_loss:
        return None
    sensory = leg.sensory
    areas = [f"{a} {sensory[a]}" for a in leg.sensory_loss if a != "anterolateral_thigh"]
    return ", ".join(areas) if areas else None


def _weak_muscles(leg: Leg) -> str | None:
    if not leg.weak_grades:
        return None
    return ", ".join([f"{m} {g}/5" for m, g in leg.weak_grades])


def _brisk(leg: Leg) -> str | None:
    return ", ".join([f"{r} reflex brisk" for r in leg.brisk]) if leg.brisk else None


def _foot_loss(leg: Leg) -> bool:
    loss = leg.sensory_loss
    return bool(loss) and any(a in loss for a in FOOT_AREAS)


def _test(name: str, value: str) -> Predicate:
    texts = {leg: f"{leg}: {name} {value}" for leg in LEGS}

    def run(f: Facts) -> list[str]:
        return [texts[n] for n, leg in f.legs.items() if getattr(leg, name) == value]

    return run


def _pulses(reduced: bool) -> Predicate:
    def one(leg: Leg) -> str | None:
        if leg.pulse is None:
            return None
        bad = leg.pulse in ("reduced", "absent")
        return f"foot pulse {leg.pulse}" if bad == reduced else None

    return _per_leg(one, "pulse")


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
        if not weak(leg, "knee_flexion"):  # most legs: the rest need not be looked at
            continue
        below = [m for m in BELOW_KNEE if weak(leg, m)]
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
    limit = T.weak_grade_max
    for leg in f.legs.values():  # a loop, not all() over a generator: read on every exam
        g = leg.grades.get("hip_flexion")
        if g is None or g > limit:
            return []
    return ["hip_flexion weak on both sides"]


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

# A flag of `Facts` that is false whenever the predicate finds nothing (a necessary condition, read
# once per case): the mimics skip the listing predicates behind a false flag, at once, and most
# examined cases have no brisk reflex, nor a loss or a weakness on both sides
# (tests/test_mimics_exam_only.py checks each flag on generated cases).
NEEDS: dict[str, str] = {
    "brisk_reflexes": "brisk",
    "areflexia_both": "reflex_loss_both",
    "achilles_reduced_both": "reflex_loss_both",
    "foot_sensory_loss_both": "sensory_loss_both",
    "proximal_symmetric_weakness": "weak_both",
    "dorsiflexion_weak": "any_graded_weak",
    "eversion_weak": "any_graded_weak",
    "hamstring_and_below_knee_weak": "any_graded_weak",
    "multi_root_deficit": "any_graded_weak",
    "anterolateral_thigh_loss": "exam_sensory_loss",
}

PREDICATES: dict[str, Predicate] = {
    "dorsiflexion_weak": _muscle("ankle_dorsiflexion", weak=True),
    "eversion_weak": _muscle("ankle_eversion", weak=True),
    "inversion_normal": _muscle("ankle_inversion", weak=False),
    "inversion_weak": _muscle("ankle_inversion", weak=True),
    "hip_abduction_normal": _muscle("hip_abduction", weak=False),
    "hip_abduction_weak": _muscle("hip_abduction", weak=True),
    "fibular_head_tinel": _leg_sign("tinel", "fibular head Tinel positive"),
    "no_back_pain": _flag("symptoms.back_pain", "no back pain", answer=False),
    "back_pain": _flag("symptoms.back_pain", "back pain"),
    "slr_negative": _test("straight_leg_raise", "negative"),
    "slr_positive": _test("straight_leg_raise", "positive"),
    "reflexes_normal": _per_leg(_reflexes_normal, "reflexes"),
    "reflex_change": _per_leg(_reflex_change, "reflexes"),
    "sensory_outside_peroneal": _per_leg(_sensory_outside_peroneal, "sensory_loss"),
    "dermatomal_sensory_loss": _per_leg(_dermatomal_loss, "sensory_loss"),
    "numbness_both_legs": lambda f: (
        ["numbness in both legs"] if f.symptoms.numbness == "both" else []
    ),
    "achilles_reduced_both": _both(
        lambda leg: leg.reflexes.get("achilles") in LOSS, "achilles reflexes reduced on both sides"
    ),
    "foot_sensory_loss_both": _both(_foot_loss, "sensory loss in both feet"),
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
        ),
        "sensory_loss",
    ),
    "any_weak_muscle": _per_leg(_weak_muscles, "weak_grades"),
    "face_or_arm_symptoms": _flag("symptoms.face_or_arm_symptoms", "face or arm symptoms"),
    "speech_difficulty": _flag("symptoms.speech_difficulty", "speech difficulty"),
    "babinski": _leg_sign("babinski", "Babinski sign"),
    "clonus": _leg_sign("clonus", "clonus"),
    "brisk_reflexes": _per_leg(_brisk, "brisk"),
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
    "hoover_positive": _leg_sign("hoover", "Hoover sign positive"),
    "age_60_plus": _age_60,
    "hamstring_and_below_knee_weak": _hamstring_and_below_knee,
    "multi_root_deficit": _multi_root_deficit,
    "proximal_symmetric_weakness": _proximal_symmetric,
}
