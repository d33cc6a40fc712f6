"""The output contract `sciatica-assessment/1` (shared/case-format.md).

The engine builds these with `model_construct` (its values are correct by construction and this is the
hot path); tests re-validate every produced assessment against these same models.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

ASSESSMENT_FORMAT = "sciatica-assessment/1"

Level = Literal["emergency", "urgent", "soon", "routine", "self_care"]
LEVELS: tuple[Level, ...] = ("self_care", "routine", "soon", "urgent", "emergency")
"""Triage levels from least to most urgent: compare levels by their index here."""

LOCALES: tuple[Literal["en", "fr"], ...] = ("en", "fr")
"""The locales of the knowledge base's texts (an assessment's `locale`)."""

Presentation = Literal[
    "cauda_equina",
    "paralysing_sciatica",
    "motor_deficit_sciatica",
    "hyperalgesic_sciatica",
    "sensory_radiculopathy",
    "pain_only_sciatica",
    "non_radicular",
    "undetermined",
]
Chronicity = Literal["acute", "subacute", "chronic"]
Root = Literal["L2", "L3", "L4", "L5", "S1"]
Condition = Literal[
    "common_peroneal_neuropathy",
    "sciatic_neuropathy",
    "lumbosacral_plexopathy",
    "peripheral_polyneuropathy",
    "vascular_claudication",
    "acute_limb_ischaemia",
    "lumbar_spinal_stenosis",
    "hip_osteoarthritis",
    "meralgia_paresthetica",
    "stroke",
    "spinal_cord_compression",
    "guillain_barre_syndrome",
    "myopathy",
    "functional_weakness",
]
Likelihood = Literal["likely", "possible", "less_likely"]
StepKind = Literal["imaging", "referral", "test", "care", "follow_up", "avoid"]


_new = object.__new__
_set = object.__setattr__
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}  # every field of each output model


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _ALL_FIELDS[cls] = set(cls.model_fields)  # known before the first build: no test there

    @classmethod
    def build(cls, **values: Any) -> Self:
        """Construct without validation, every field given (the engine's hot path).

        Like `model_construct` but without its per-field default handling, which costs more than
        the whole triage. Tests re-validate every produced assessment, so this cannot hide a bug.
        """
        obj = _new(cls)  # BaseModel defines no __new__: object's, called directly
        _set(obj, "__dict__", values)
        given = _ALL_FIELDS[cls]
        # Every field is given on the hot path, so one set per class serves every object (frozen
        # models never add to it; copies take their own), as for evidence items. The names are
        # the model's (tests re-validate with extra="forbid"), so their count says all are given.
        _set(obj, "__pydantic_fields_set__", given if len(values) == len(given) else set(values))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj


Note = Literal[
    # qualifies the item's own field
    "grades_normal",  # a reported motor symptom while every grade of that leg is normal
    "over_limit",  # the value is above `limit`
    "with_leg_weakness",
    "read_as_recent",  # unknown, read as recent (Part I §2 unknown timing values)
    "read_as_worsening",
    "read_as_sudden",
    "not_sure",  # answered "I don't know"
    "not_answered",
    # a fact of its own (its number, if any, in `value`)
    "radicular_both_legs",
    "numbness_both_legs",
    "newly_bilateral",  # one leg at the previous visit, both now (INT-03)
    "worsening",
    "not_new",
    "not_worsening",
    "not_improving",
    "motor_deficit",
    "exam_sensory_loss",
    "reflex_loss",
    "back_or_leg_pain",
    "pain_unanswered",
    "gbs_pattern",  # weakness of both legs with knee and ankle reflexes lost on both sides
    "claudication_relief",
    "leg_pain_days",
    "leg_symptoms_days",
    "not_yet_graded",  # a remark on every item before it
    "sensory_without_motor",
    "pain_without_deficit",
    "fits_mimic",  # `value` names the condition, None when there is no candidate
    "no_leg_symptoms",
    "leg_questions_unanswered",
    "too_little_information",
]
Join = Literal["clause", "list", "and", "aside"]


class Evidence(_Out):
    """One fact behind a reason, as data: adapters render it in their own words.

    `finding` is rendered from these items (evidence.render_finding), so the two never disagree.
    """

    path: str | None = Field(
        description="case field path, or the case field a derived fact is measured by "
        "(history.symptom_days for 'leg pain for 50 days'); null for a derived fact alone"
    )
    value: bool | int | str | None = Field(description="the value; null when unknown")
    previous: int | None = Field(description="the earlier value of a change, else null")
    side: Literal["left", "right", "both", "unspecified"] | None
    site: str | None = Field(description="the muscle, reflex or body area the item is about")
    note: Note | None = Field(description="what kind of fact this is, when not 'path = value'")
    limit: int | None = Field(description="the threshold an over_limit value exceeds")
    join: Join = Field(
        description="how it follows the item before: new clause, same clause, 'and', or a remark"
    )


class Reason(_Out):
    rule: str
    level: Level
    finding: str
    text: str
    sources: tuple[str, ...]
    label: str = Field(description="verification label of the rule: C, S, U or SEED-n")
    evidence: tuple[Evidence, ...] = Field(
        description="the facts the finding is rendered from (additive to sciatica-assessment/1)"
    )


class Triage(_Out):
    level: Level
    action: str
    call_emergency_number: bool = Field(
        description="true when the advice is to call the number rather than travel (stroke, airway)"
    )
    reasons: list[Reason]


class RootFinding(_Out):
    root: Root
    side: Literal["left", "right"]
    score: float = Field(ge=0, le=1)
    evidence: list[str]


class Differential(_Out):
    condition: Condition
    likelihood: Likelihood
    for_: list[str] = Field(alias="for")
    against: list[str]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class NextStep(_Out):
    kind: StepKind
    text: str
    timing: str
    sources: tuple[str, ...]


class GradeChange(_Out):
    finding: str
    previous: int
    current: int


class FollowUp(_Out):
    days_since_previous: int | None
    grade_changes: list[GradeChange]
    progression: bool
    newly_bilateral: bool


class Assessment(_Out):
    format: Literal["sciatica-assessment/1"] = "sciatica-assessment/1"
    case_id: str | None
    knowledge_version: str
    locale: Literal["en", "fr"]
    country: str | None
    triage: Triage
    presentation: Presentation
    chronicity: Chronicity | None
    recurrent: bool | None
    side: Literal["left", "right", "both"] | None
    roots: list[RootFinding]
    differentials: list[Differential]
    next_steps: list[NextStep]
    safety_net: list[str]
    missing: list[str]
    follow_up: FollowUp | None = None
    disclaimer: str

    def to_json_dict(self) -> dict[str, object]:
        """The JSON shape of `sciatica-assessment/1` (`for` spelled as in the contract)."""
        return self.model_dump(mode="json", by_alias=True)
