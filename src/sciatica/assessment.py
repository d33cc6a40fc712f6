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


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def build(cls, **values: Any) -> Self:
        """Construct without validation, every field given (the engine's hot path).

        Like `model_construct` but without its per-field default handling, which costs more than
        the whole triage. Tests re-validate every produced assessment, so this cannot hide a bug.
        """
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", values)
        object.__setattr__(obj, "__pydantic_fields_set__", set(values))
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj


class Reason(_Out):
    rule: str
    level: Level
    finding: str
    text: str
    sources: tuple[str, ...]
    label: str = Field(description="verification label of the rule: C, S, U or SEED-n")


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
