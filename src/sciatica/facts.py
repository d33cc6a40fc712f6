"""Clinical facts derived once from a case, in the words of clinical-spec.md Part I §2.

Everything downstream (presentation, roots, mimics, triage rules) reads these facts, so each
definition ("motor deficit", "bilateral radicular symptoms", "worsening") lives in one place.
Unknown stays unknown (None) here; where Part I says an unknown timing value takes the reading
that raises the acute-danger rules, the reading is made here and the path recorded in `assumed`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .assessment import Evidence
from .case import (
    SYMPTOM_SIDE_FIELDS,
    Case,
    Exam,
    History,
    Patient,
    Symptoms,
    SymptomSide,
)
from .evidence import item, yes
from .thresholds import T

LEGS: tuple[str, str] = ("left", "right")
OTHER = {"left": "right", "right": "left"}
LOSS = frozenset({"reduced", "absent"})
NOTHING: frozenset[str] = frozenset()
REFLEX_RANK = {"normal": 0, "brisk": 0, "reduced": 1, "absent": 2}

EMPTY_HISTORY = History.model_construct()
EMPTY_SYMPTOMS = Symptoms.model_construct()
EMPTY_EXAM = Exam.model_construct()
EMPTY_PATIENT = Patient.model_construct()

# Reported motor symptoms that carry a side (leg_gives_way has none: Part I §2).
SIDED_MOTOR = ("weakness", "foot_drop", "complete_paralysis", "cannot_heel_walk", "cannot_toe_walk")
# An answer that says the symptom is present, on a known leg or with its side not stated.
PRESENT = frozenset({"left", "right", "both", "unspecified"})
LEG_SYMPTOM_FIELDS = (
    "leg_pain",
    "numbness",
    "weakness",
    "foot_drop",
    "complete_paralysis",
    "cannot_heel_walk",
    "cannot_toe_walk",
    "leg_gives_way",
    "claudication",
    "anterolateral_thigh_only",
    "cold_pale_foot",
)


ON_LEG = {leg: frozenset({leg, "both"}) for leg in LEGS}
"""The side answers that include each leg."""


class WeakItems(NamedTuple):
    """The triage's evidence items of a leg's weak grades (triage._grades_at_most)."""

    graded: tuple[tuple[int, Evidence], ...]  # each item with its grade
    under: dict[int, tuple[Evidence, ...]]  # the items graded at most each limit read so far


def on_leg(side: SymptomSide | None, leg: str) -> bool | None:
    """Whether a side answer includes `leg`; None when the question was not answered.

    "unspecified" (side not stated) is on no known leg: `Leg.unsided_motor` and `Facts` read it."""
    if side is None:
        return None
    return side == leg or side == "both"


def side_of(legs: set[str]) -> str | None:
    if len(legs) == 2:
        return "both"
    return next(iter(legs)) if legs else None


class Leg:
    """What one leg shows: grades, reflexes, sensation, tension tests and reported symptoms."""

    __slots__ = (
        "babinski",
        "brisk",
        "clonus",
        "effective_lowest",
        "femoral_stretch",
        "gives_way",
        "graded",
        "grades",
        "hoover",
        "lowest",
        "memo",
        "motor_deficit",
        "name",
        "numbness",
        "pain",
        "pulse",
        "radicular_symptom",
        "reflex_changes",
        "reflexes",
        "reported_motor",
        "sensory",
        "sensory_loss",
        "straight_leg_raise",
        "tinel",
        "unsided_motor",
        "weak_grades",
        "weak_items",
    )

    def __init__(
        self, name: str, symptoms: Symptoms, exam: Exam, motor: dict[str, str] | None = None
    ) -> None:
        """`motor`: the case's sided motor symptoms that are present (`reported_motor_symptoms`),
        when the caller has them for both legs."""
        # Fields are read from the models' __dict__: the cheap way to read many on this hot path.
        self.name = name
        self.memo: dict[str, object] = {}  # per-leg results computed once (root evidence, fit)
        # the triage's evidence items of `weak_grades` with their grades, made once (triage.py)
        self.weak_items: WeakItems | None = None
        answers = symptoms.__dict__
        grades: dict[str, int] = {} if exam is EMPTY_EXAM else _answered(exam.strength, name)
        lowest = min(grades.values()) if grades else None
        self.grades = grades
        self.graded = graded = bool(grades)
        self.lowest: int | None = lowest
        # The muscles graded <= 4 in grade order: the rules, roots and mimics read only these.
        self.weak_grades: list[tuple[str, int]] = (
            [(m, g) for m, g in grades.items() if g <= T.weak_grade_max]
            if lowest is not None and lowest <= T.weak_grade_max
            else []
        )
        on = ON_LEG[name]
        if motor is None:
            motor = reported_motor_symptoms(symptoms)
        self.reported_motor: list[str] = [f for f, v in motor.items() if v in on] if motor else []
        self.gives_way = bool(answers["leg_gives_way"]) and not graded
        # Part I §2 "side not stated": like leg_gives_way, a symptom of whichever leg is not graded;
        # it never counts towards bilateral symptoms nor gives the leg a side or a root.
        self.unsided_motor: list[str] = (
            [f for f, v in motor.items() if v == "unspecified"] if motor and not graded else []
        )
        if graded:
            # Part I §2: when a leg is graded, its grades decide whether it has a motor deficit.
            self.motor_deficit = lowest is not None and lowest <= T.weak_grade_max
            self.effective_lowest = lowest
        else:
            symptoms_here = self.reported_motor + self.unsided_motor
            self.motor_deficit = bool(symptoms_here) or self.gives_way
            # A reported foot drop or complete paralysis on an ungraded leg counts as grade <= 3.
            severe = "foot_drop" in symptoms_here or "complete_paralysis" in symptoms_here
            self.effective_lowest = T.severe_grade_max if severe else None
        pain = answers["leg_pain"]
        self.pain = None if pain is None else pain in on
        numbness = answers["numbness"]
        self.numbness = None if numbness is None else numbness in on

        if exam is EMPTY_EXAM:  # a self-check: nothing examined
            self.reflexes: dict[str, str] = {}
            self.sensory: dict[str, str] = {}
            self.reflex_changes: list[str] = []
            self.brisk: list[str] = []
            self.sensory_loss: list[str] = []
            self.straight_leg_raise: object = None
            self.femoral_stretch: object = None
            self.pulse: object = None
            self.babinski = self.clonus = self.tinel = self.hoover = False
        else:
            self._examined(exam.__dict__)
        # Part I §2 "bilateral radicular symptoms": pain, weakness, foot drop, complete paralysis,
        # heel or toe walking failure, or a muscle graded <= 4 (leg_gives_way never counts).
        self.radicular_symptom = bool(
            self.pain or self.reported_motor or (lowest is not None and lowest <= T.weak_grade_max)
        )

    def _examined(self, exam: dict[str, Any]) -> None:
        name = self.name
        self.reflexes = reflexes = _answered(exam["reflexes"], name)
        if reflexes:
            self.reflex_changes = [r for r, v in reflexes.items() if v in LOSS]
            self.brisk = [r for r, v in reflexes.items() if v == "brisk"]
        else:
            self.reflex_changes = []
            self.brisk = []
        self.sensory = sensory = _answered(exam["sensation"], name)
        self.sensory_loss = [a for a, v in sensory.items() if v in LOSS] if sensory else []
        # each leg's side of a per-side pair, read inline: a call per pair cost a tenth of the leg
        pair = exam["straight_leg_raise"]
        self.straight_leg_raise = None if pair is None else pair.__dict__[name]
        pair = exam["femoral_stretch"]
        self.femoral_stretch = None if pair is None else pair.__dict__[name]
        pair = exam["foot_pulses"]
        self.pulse = None if pair is None else pair.__dict__[name]
        pair = exam["babinski"]
        self.babinski = pair is not None and pair.__dict__[name] is True
        pair = exam["clonus"]
        self.clonus = pair is not None and pair.__dict__[name] is True
        pair = exam["fibular_head_tinel"]
        self.tinel = pair is not None and pair.__dict__[name] is True
        pair = exam["hoover_sign"]
        self.hoover = pair is not None and pair.__dict__[name] is True


def reported_motor_symptoms(symptoms: Symptoms) -> dict[str, str]:
    """The sided motor symptoms reported present (on a leg, both, or side not stated), in
    SIDED_MOTOR order: most cases have none, and then no leg looks at them."""
    answers = symptoms.__dict__
    return {f: answers[f] for f in SIDED_MOTOR if answers[f] in PRESENT}


def _radicular_symptom(symptoms: Symptoms, grades: dict[str, int], name: str) -> bool:
    """`Leg.radicular_symptom` from the leg's symptoms and grades alone (the previous visit)."""
    lowest = min(grades.values()) if grades else None
    return bool(
        on_leg(symptoms.leg_pain, name)
        or any(on_leg(getattr(symptoms, f), name) for f in SIDED_MOTOR)
        or (lowest is not None and lowest <= T.weak_grade_max)
    )


def _least(a: int | None, b: int | None) -> int | None:
    """The smaller of two grades, either unknown (two lists and two min() calls cost more)."""
    if a is None:
        return b
    return a if b is None or a <= b else b


def _answered(pair: object, name: str) -> dict[str, Any]:
    """The answered fields of one leg's object in a per-side pair ({} when not examined).

    Reads the model's __dict__: the cheap way to list answered fields on this hot path."""
    if pair is None:
        return {}
    leg = pair.__dict__[name]
    if leg is None:
        return {}
    answers: dict[str, Any] = leg.__dict__
    given = leg.__pydantic_fields_set__  # the fields the input named; every other one is None
    if len(given) <= 1:  # an empty or one-answer side (the other leg of a one-sided examination)
        for field in given:
            value = answers[field]
            return {} if value is None else {field: value}
        return {}
    if None not in answers.values():  # a fully examined leg (a clinician's form): a plain copy
        return answers.copy()
    return {k: v for k, v in answers.items() if v is not None}


class Facts:
    """The derived facts of a whole case. Built once; read by every rule."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.history = h = case.history or EMPTY_HISTORY
        self.symptoms = s = case.symptoms or EMPTY_SYMPTOMS
        self.exam = e = case.exam or EMPTY_EXAM
        self.patient = case.patient or EMPTY_PATIENT
        self.has_exam = case.exam is not None
        self.assumed: list[str] = []
        self.unsure = frozenset(case.unsure) if case.unsure else NOTHING
        self.motor_symptoms = motor = reported_motor_symptoms(s)
        left, right = Leg("left", s, e, motor), Leg("right", s, e, motor)
        self.legs = {"left": left, "right": right}
        answers = s.__dict__
        self.any_leg_pain = bool(left.pain or right.pain) or answers["leg_pain"] == "unspecified"
        # Part I §2 "side not stated": `missing` lists the side still to ask.
        if "unspecified" in answers.values():  # rare: the fields need not be looked at
            for name in SYMPTOM_SIDE_FIELDS:
                if answers[name] == "unspecified":
                    self._assume(f"symptoms.{name}")

        self.motor_deficit = left.motor_deficit or right.motor_deficit
        self.lowest_grade: int | None = _least(left.effective_lowest, right.effective_lowest)
        weakest = _least(left.lowest, right.lowest)
        self.any_graded_weak = weakest is not None and weakest <= T.weak_grade_max
        paralysing_grade = weakest is not None and weakest <= T.paralysing_grade_max
        # or complete_paralysis reported on a leg, both, or with its side not stated
        self.paralysed = paralysing_grade or answers["complete_paralysis"] in PRESENT
        self.reflex_loss = bool(left.reflex_changes or right.reflex_changes)
        # on both legs: flags the mimics' listing predicates need (predicates.NEEDS)
        self.reflex_loss_both = bool(left.reflex_changes and right.reflex_changes)
        self.sensory_loss_both = bool(left.sensory_loss and right.sensory_loss)
        self.weak_both = bool(left.weak_grades and right.weak_grades)
        self.brisk = bool(left.brisk or right.brisk)
        self.saddle_loss = e.sensation is not None and e.sensation.saddle in LOSS
        self.exam_sensory_loss = bool(left.sensory_loss or right.sensory_loss) or self.saddle_loss
        # Part I §2 "neurological deficit" (INT-08).
        self.neuro_deficit = self.motor_deficit or self.exam_sensory_loss or self.reflex_loss

        numb_both = s.numbness == "both"
        self.new_bilateral_numbness = numb_both and self._symptoms_within(T.bilateral_recent_days)
        self.bilateral_radicular = (
            left.radicular_symptom and right.radicular_symptom
        ) or self.new_bilateral_numbness

        self.previous = case.previous
        self.grade_changes: list[tuple[str, str, int, int]] = []
        self.newly_bilateral = False
        if case.previous is not None:
            self._compare_with_previous(case)
        self.grade_fall = bool(self.grade_changes) and any(
            now < before for _, _, before, now in self.grade_changes
        )
        course = h.weakness_course
        if course is None and self.motor_deficit:
            self._assume("history.weakness_course")
        self.worsening = (
            course == "worsening" or self.grade_fall or (course is None and self.motor_deficit)
        )
        self.became_bilateral: bool | None = (
            True if (h.became_bilateral or self.newly_bilateral) else h.became_bilateral
        )
        self.ces_features = self._ces_features()

    # --- timing readings (Part I §2 "unknown timing values") ------------------------------
    def _assume(self, path: str) -> None:
        if path not in self.assumed:
            self.assumed.append(path)

    def _symptoms_within(self, days: int) -> bool:
        """symptom_days <= days, reading an unknown duration as recent (and recording it)."""
        value = self.history.symptom_days
        if value is None:
            self._assume("history.symptom_days")
            return True
        return value <= days

    def symptoms_within(self, days: int) -> bool:
        return self._symptoms_within(days)

    def weakness_within(self, days: int) -> bool:
        value = self.history.weakness_days
        if value is None:
            self._assume("history.weakness_days")
            return True
        return value <= days

    def sudden_onset(self) -> bool:
        onset = self.history.onset
        if onset is None:
            self._assume("history.onset")
            return True
        return onset == "sudden"

    # --- cauda equina features (RF-CES) ----------------------------------------------------
    def _ces_features(self) -> list[Evidence]:
        """The cauda equina features present, as the evidence items RF-CES reports."""
        s, e = self.symptoms, self.exam
        found = []
        if s.saddle_numbness:
            found.append(yes("symptoms.saddle_numbness"))
        if s.bladder not in (None, "normal"):
            found.append(item("symptoms.bladder", s.bladder))
        if s.bowel not in (None, "normal"):
            found.append(item("symptoms.bowel", s.bowel))
        if s.sexual_dysfunction_new:
            found.append(yes("symptoms.sexual_dysfunction_new"))
        if self.saddle_loss and e.sensation is not None:
            found.append(item("exam.sensation.saddle", e.sensation.saddle, site="saddle"))
        if e.anal_tone == "reduced":
            found.append(item("exam.anal_tone", "reduced"))
        pvr, limit = e.post_void_residual_ml, T.post_void_residual_ml
        if pvr is not None and pvr > limit:
            found.append(item("exam.post_void_residual_ml", pvr, note="over_limit", limit=limit))
        return found

    # --- follow-up (Part I §6) -------------------------------------------------------------
    def _compare_with_previous(self, case: Case) -> None:
        previous = case.previous
        assert previous is not None
        if previous.days_ago is None:
            self._assume("previous.days_ago")
        before_symptoms = previous.symptoms or EMPTY_SYMPTOMS
        before_exam = previous.exam or EMPTY_EXAM
        # Only the grades and whether the leg had radicular symptoms are compared, so the previous
        # visit's legs are not built as whole `Leg`s.
        strength = before_exam.strength
        before = {"left": _answered(strength, "left"), "right": _answered(strength, "right")}
        for leg in LEGS:
            now_grades = self.legs[leg].grades
            then_grades = before[leg]
            if now_grades.keys().isdisjoint(then_grades):  # most legs: nothing graded twice
                continue
            # A leg's grades are in the model's field order, which is case.MUSCLES order.
            for muscle, then in then_grades.items():
                now = now_grades.get(muscle)
                if now is not None:
                    self.grade_changes.append((leg, muscle, then, now))
        # INT-03: one leg then, both now: the other leg is newly affected.
        if self.legs["left"].radicular_symptom and self.legs["right"].radicular_symptom:
            before_sides = {
                leg for leg in LEGS if _radicular_symptom(before_symptoms, before[leg], leg)
            }
            self.newly_bilateral = len(before_sides) == 1

    # --- helpers for rules ------------------------------------------------------------------
    def leg_symptom_answers(self) -> list[object]:
        s = self.symptoms
        return [getattr(s, f) for f in LEG_SYMPTOM_FIELDS]

    def has_leg_symptom(self) -> bool:
        return any(v not in (None, False, "none") for v in self.leg_symptom_answers())

    def side(self) -> str | None:
        """Part I §2: legs with pain, numbness, weakness, a weak muscle, sensory loss, an asymmetric
        reflex change, Babinski or clonus."""
        legs = set()
        for name, leg in self.legs.items():
            other = self.legs[OTHER[name]]
            if (
                leg.pain
                or leg.numbness
                or leg.reported_motor
                or (leg.lowest is not None and leg.lowest <= T.weak_grade_max)
                or leg.sensory_loss
                or leg.babinski
                or leg.clonus
                or (leg.reflex_changes and _asymmetric(leg, other))
            ):
                legs.add(name)
        return side_of(legs)


def _asymmetric(leg: Leg, other: Leg) -> bool:
    """A reflex of `leg` lower than the other side's (unexamined there counts as normal). Only a
    reduced or absent reflex can be: normal and brisk rank lowest, so only those are looked at."""
    reflexes, theirs = leg.reflexes, other.reflexes
    for r in leg.reflex_changes:
        if REFLEX_RANK[reflexes[r]] > REFLEX_RANK.get(theirs.get(r, "normal"), 0):
            return True
    return False
