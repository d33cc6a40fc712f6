"""The input contract `sciatica-case/1` (shared/case-format.md) as strict, frozen pydantic models.

Absent or null means "not asked", never "no": every field defaults to None and the engine must
never read None as a negative. Unknown keys, wrong types and out-of-range values are refused
(see `sciatica.validation` for the messages that name each JSON path).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

CASE_FORMAT = "sciatica-case/1"

Side = Literal["left", "right", "both", "none"]
# case-format 1.1: a symptom may be present with its side not stated (free text, telephone reports).
SymptomSide = Literal["left", "right", "both", "none", "unspecified"]
Leg = Literal["left", "right"]
Locale = Literal["en", "fr"]
Reflex = Literal["absent", "reduced", "normal", "brisk"]
Sensation = Literal["normal", "reduced", "absent"]
TensionTest = Literal["positive", "negative"]
Pulse = Literal["present", "reduced", "absent"]
Bladder = Literal["normal", "new_difficulty", "retention", "incontinence"]
Bowel = Literal["normal", "new_difficulty", "incontinence"]
Walking = Literal["normal", "limited", "needs_help", "unable"]
Onset = Literal["sudden", "gradual"]
WeaknessCourse = Literal["worsening", "stable", "improving"]
ClaudicationRelief = Literal["sitting_or_bending_forward", "standing_still"]
Sex = Literal["female", "male", "other"]

MUSCLES: tuple[str, ...] = (
    "hip_flexion",
    "hip_adduction",
    "hip_abduction",
    "hip_extension",
    "knee_extension",
    "knee_flexion",
    "ankle_dorsiflexion",
    "great_toe_extension",
    "ankle_inversion",
    "ankle_eversion",
    "ankle_plantarflexion",
)
REFLEXES: tuple[str, ...] = ("patellar", "medial_hamstring", "achilles")
SENSORY_AREAS: tuple[str, ...] = (
    "upper_anterior_thigh",
    "lower_anterior_thigh_knee",
    "anterolateral_thigh",
    "medial_leg",
    "lateral_leg",
    "dorsum_foot",
    "lateral_foot_sole",
    "posterior_thigh",
)


def _f(expect: str, **kwargs: Any) -> Any:
    """A nullable field whose refusal message says what it expects ("an integer 0-5")."""
    return Field(default=None, json_schema_extra={"expect": expect}, **kwargs)


SIDE = "one of 'left', 'right', 'both', 'none'"
SYMPTOM_SIDE = "one of 'left', 'right', 'both', 'none', 'unspecified'"
BOOL = "true or false"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Patient(_Strict):
    age: int | None = _f("an integer 0-130 (years)", ge=0, le=130)
    sex: Sex | None = _f("one of 'female', 'male', 'other'")


class History(_Strict):
    symptom_days: int | None = _f("a whole number of days 0-36500", ge=0, le=36500)
    weakness_days: int | None = _f("a whole number of days 0-36500", ge=0, le=36500)
    onset: Onset | None = _f("one of 'sudden', 'gradual'")
    weakness_course: WeaknessCourse | None = _f("one of 'worsening', 'stable', 'improving'")
    became_bilateral: bool | None = _f(BOOL)
    previous_episodes: int | None = _f("an integer 0-100", ge=0, le=100)
    trauma: bool | None = _f(BOOL)
    cancer_history: bool | None = _f(BOOL)
    unexplained_weight_loss: bool | None = _f(BOOL)
    fever: bool | None = _f(BOOL)
    iv_drug_use: bool | None = _f(BOOL)
    immunosuppression: bool | None = _f(BOOL)
    osteoporosis: bool | None = _f(BOOL)
    long_term_steroids: bool | None = _f(BOOL)
    diabetes: bool | None = _f(BOOL)
    pregnant: bool | None = _f(BOOL)
    previous_spine_surgery: bool | None = _f(BOOL)
    recent_spinal_procedure: bool | None = _f(BOOL)
    conservative_care_weeks: int | None = _f("an integer 0-520 (weeks)", ge=0, le=520)


class Symptoms(_Strict):
    back_pain: bool | None = _f(BOOL)
    leg_pain: SymptomSide | None = _f(SYMPTOM_SIDE)
    pain_below_knee: bool | None = _f(BOOL)
    pain_score: int | None = _f("an integer 0-10", ge=0, le=10)
    pain_constant: bool | None = _f(BOOL)
    pain_prevents_sleep: bool | None = _f(BOOL)
    pain_disturbs_thinking: bool | None = _f(BOOL)
    pain_blocks_basic_activities: bool | None = _f(BOOL)
    pain_uncontrolled_by_opioids: bool | None = _f(BOOL)
    night_pain: bool | None = _f(BOOL)
    numbness: SymptomSide | None = _f(SYMPTOM_SIDE)
    saddle_numbness: bool | None = _f(BOOL)
    bladder: Bladder | None = _f("one of 'normal', 'new_difficulty', 'retention', 'incontinence'")
    bowel: Bowel | None = _f("one of 'normal', 'new_difficulty', 'incontinence'")
    sexual_dysfunction_new: bool | None = _f(BOOL)
    weakness: SymptomSide | None = _f(SYMPTOM_SIDE)
    foot_drop: SymptomSide | None = _f(SYMPTOM_SIDE)
    cannot_heel_walk: SymptomSide | None = _f(SYMPTOM_SIDE)
    cannot_toe_walk: SymptomSide | None = _f(SYMPTOM_SIDE)
    complete_paralysis: SymptomSide | None = _f(SYMPTOM_SIDE)
    leg_gives_way: bool | None = _f(BOOL)
    walking: Walking | None = _f("one of 'normal', 'limited', 'needs_help', 'unable'")
    claudication: bool | None = _f(BOOL)
    claudication_relief: ClaudicationRelief | None = _f(
        "one of 'sitting_or_bending_forward', 'standing_still'"
    )
    cold_pale_foot: SymptomSide | None = _f(SYMPTOM_SIDE)
    face_or_arm_symptoms: bool | None = _f(BOOL)
    speech_difficulty: bool | None = _f(BOOL)
    ascending_weakness: bool | None = _f(BOOL)
    breathing_or_swallowing_difficulty: bool | None = _f(BOOL)
    anterolateral_thigh_only: bool | None = _f(BOOL)


MRC = "an integer 0-5 (MRC grade)"


class Strength(_Strict):
    """MRC grades of one leg; a muscle that was not tested is omitted."""

    hip_flexion: int | None = _f(MRC, ge=0, le=5)
    hip_adduction: int | None = _f(MRC, ge=0, le=5)
    hip_abduction: int | None = _f(MRC, ge=0, le=5)
    hip_extension: int | None = _f(MRC, ge=0, le=5)
    knee_extension: int | None = _f(MRC, ge=0, le=5)
    knee_flexion: int | None = _f(MRC, ge=0, le=5)
    ankle_dorsiflexion: int | None = _f(MRC, ge=0, le=5)
    great_toe_extension: int | None = _f(MRC, ge=0, le=5)
    ankle_inversion: int | None = _f(MRC, ge=0, le=5)
    ankle_eversion: int | None = _f(MRC, ge=0, le=5)
    ankle_plantarflexion: int | None = _f(MRC, ge=0, le=5)

    def graded(self) -> dict[str, int]:
        """The muscles that were tested, with their grade."""
        return {m: g for m, g in self.__dict__.items() if g is not None}


REFLEX = "one of 'absent', 'reduced', 'normal', 'brisk'"


class Reflexes(_Strict):
    patellar: Reflex | None = _f(REFLEX)
    medial_hamstring: Reflex | None = _f(REFLEX)
    achilles: Reflex | None = _f(REFLEX)


SENS = "one of 'normal', 'reduced', 'absent'"


class SensoryAreas(_Strict):
    upper_anterior_thigh: Sensation | None = _f(SENS)
    lower_anterior_thigh_knee: Sensation | None = _f(SENS)
    anterolateral_thigh: Sensation | None = _f(SENS)
    medial_leg: Sensation | None = _f(SENS)
    lateral_leg: Sensation | None = _f(SENS)
    dorsum_foot: Sensation | None = _f(SENS)
    lateral_foot_sole: Sensation | None = _f(SENS)
    posterior_thigh: Sensation | None = _f(SENS)


class StrengthBySide(_Strict):
    left: Strength | None = _f("an object of MRC grades by muscle")
    right: Strength | None = _f("an object of MRC grades by muscle")


class ReflexesBySide(_Strict):
    left: Reflexes | None = _f("an object of reflexes")
    right: Reflexes | None = _f("an object of reflexes")


class SensationBySide(_Strict):
    left: SensoryAreas | None = _f("an object of sensory areas")
    right: SensoryAreas | None = _f("an object of sensory areas")
    saddle: Sensation | None = _f(SENS)


class BoolBySide(_Strict):
    left: bool | None = _f(BOOL)
    right: bool | None = _f(BOOL)


class TensionBySide(_Strict):
    left: TensionTest | None = _f("one of 'positive', 'negative'")
    right: TensionTest | None = _f("one of 'positive', 'negative'")


class PulseBySide(_Strict):
    left: Pulse | None = _f("one of 'present', 'reduced', 'absent'")
    right: Pulse | None = _f("one of 'present', 'reduced', 'absent'")


class Exam(_Strict):
    strength: StrengthBySide | None = _f("an object with 'left' and/or 'right'")
    reflexes: ReflexesBySide | None = _f("an object with 'left' and/or 'right'")
    babinski: BoolBySide | None = _f("an object with 'left' and/or 'right'")
    clonus: BoolBySide | None = _f("an object with 'left' and/or 'right'")
    sensation: SensationBySide | None = _f("an object with 'left', 'right' and/or 'saddle'")
    straight_leg_raise: TensionBySide | None = _f("an object with 'left' and/or 'right'")
    crossed_straight_leg_raise: Side | None = _f(SIDE)
    femoral_stretch: TensionBySide | None = _f("an object with 'left' and/or 'right'")
    foot_pulses: PulseBySide | None = _f("an object with 'left' and/or 'right'")
    fibular_head_tinel: BoolBySide | None = _f("an object with 'left' and/or 'right'")
    hoover_sign: BoolBySide | None = _f("an object with 'left' and/or 'right'")
    anal_tone: Literal["normal", "reduced"] | None = _f("one of 'normal', 'reduced'")
    post_void_residual_ml: int | None = _f("an integer 0-5000 (ml)", ge=0, le=5000)


class PreviousVisit(_Strict):
    """The last visit, for the follow-up comparison (clinical-spec Part I §6)."""

    days_ago: int | None = _f("a whole number of days 0-36500", ge=0, le=36500)
    symptoms: Symptoms | None = _f("an object shaped like 'symptoms'")
    exam: Exam | None = _f("an object shaped like 'exam'")


class Case(_Strict):
    """One person's answers and examination: `sciatica-case/1`."""

    format: Literal["sciatica-case/1"] = Field(
        default="sciatica-case/1", json_schema_extra={"expect": "'sciatica-case/1'"}
    )
    id: str | None = _f("a string of at most 200 characters", max_length=200)
    locale: Locale | None = _f("one of 'en', 'fr'")
    country: str | None = _f(
        "an ISO 3166-1 alpha-2 country code in capitals, such as 'FR'", pattern=r"^[A-Z]{2}$"
    )
    patient: Patient | None = _f("an object")
    history: History | None = _f("an object")
    symptoms: Symptoms | None = _f("an object")
    exam: Exam | None = _f("an object")
    previous: PreviousVisit | None = _f("an object")
    unsure: list[str] | None = _f(
        "a list of question paths answered \"I don't know\", such as 'symptoms.bladder'",
        max_length=100,
    )

    @model_validator(mode="after")
    def _unsure_paths_are_unanswered_questions(self) -> Case:
        """case-format 1.1: each `unsure` path is a known question and carries no value."""
        for i, path in enumerate(self.unsure or ()):
            if path not in ANSWERABLE_PATHS:
                raise PydanticCustomError(
                    "unsure_path",
                    "not a question of this format, got {shown}; use a case path such as "
                    "'symptoms.bladder'",
                    {"i": i, "path": path, "shown": repr(path)[:60]},
                )
            if _value_at(self, path) is not None:
                raise PydanticCustomError(
                    "unsure_answered",
                    '{path} is listed as "I don\'t know" but also has an answer; '
                    "remove it from `unsure` or remove the answer",
                    {"i": i, "path": path},
                )
        return self


SYMPTOM_SIDE_FIELDS: tuple[str, ...] = tuple(
    name
    for name, info in Symptoms.model_fields.items()
    if info.json_schema_extra == {"expect": SYMPTOM_SIDE}
)
"""Symptom fields answered with a side ("left", "right", "both", "none", or "unspecified": present,
side not stated), in contract order."""


def _leaf_paths(model: type[BaseModel], prefix: str) -> list[str]:
    out: list[str] = []
    for name, info in model.model_fields.items():
        sub = None
        for candidate in getattr(info.annotation, "__args__", (info.annotation,)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                sub = candidate
        out.extend(_leaf_paths(sub, f"{prefix}{name}.") if sub else [f"{prefix}{name}"])
    return out


ANSWERABLE_PATHS: frozenset[str] = frozenset(
    path
    for section in (Patient, History, Symptoms, Exam)
    for path in _leaf_paths(section, section.__name__.lower() + ".")
)
"""Every case path a question can fill (the leaves of patient, history, symptoms, exam): what
`unsure` may list."""


def _value_at(case: Case, path: str) -> Any:
    node: Any = case
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node
