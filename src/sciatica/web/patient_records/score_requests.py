"""The body of `POST /api/v1/patients/{id}/scores`, one model per instrument (issue 13, part 6).

Why one model each: with `answers` typed as "any name → integer" the OpenAPI document accepted
bodies the scorer refuses (an SBI without its four items, a grade of 9), so a client built from
the document learnt the rules only from 422s. Each instrument now says its items, their ranges and
which are required, and the document says exactly what the scorer accepts, with two rules JSON
Schema can still say with a little help: NPRS needs the leg or the back (`anyOf`); ODI needs 8 of
its 10 sections (`minProperties: 8`: a section not answered is left out, never sent as null). The scorer
(`records.scores`) stays the one that computes and still checks, for callers other than the API.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from ...records.services import MAX_ID

VisitId = Annotated[int | None, Field(default=None, ge=1, le=MAX_ID)]
Sbi = Annotated[int, Field(ge=0, le=6)]
Agree = Annotated[int, Field(ge=0, le=1, description="1 agree, 0 disagree")]
# A section not answered is left out (never null), so that the document's `minProperties: 8`
# counts exactly the sections answered.
Odi = Annotated[
    int | None,
    Field(default=None, ge=0, le=5),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 5}),
]
Nprs = Annotated[int | None, Field(default=None, ge=0, le=10)]


class _Answers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_booleans(cls, data: Any) -> Any:
        """JSON true is not the answer 1: pydantic would coerce it, the document says integer."""
        if isinstance(data, dict):
            for key, value in data.items():
                if isinstance(value, bool):
                    raise ValueError(f"{key}: an integer is required, not true or false")
        return data


class NprsAnswers(_Answers):
    """Numeric pain rating 0-10 for the leg and for the back: at least one of them."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [side], "properties": {side: {"type": "integer"}}}
                for side in ("leg", "back")
            ]
        }
    )
    leg: Nprs
    back: Nprs

    @model_validator(mode="after")
    def _one_at_least(self) -> NprsAnswers:
        if self.leg is None and self.back is None:
            raise ValueError("leg or back: an integer 0-10 is required")
        return self


class SbiAnswers(_Answers):
    """Sciatica Bothersomeness Index: each of the four symptoms rated 0 (not at all) to 6."""

    leg_pain: Sbi
    numbness_tingling: Sbi
    weakness: Sbi
    back_or_leg_pain_sitting: Sbi


class StartBackAnswers(_Answers):
    """Keele STarT Back: items 1-8 agree (1) / disagree (0); item 9 is 0-4."""

    referred_leg_pain: Agree
    comorbid_pain: Agree
    walking: Agree
    dressing: Agree
    fear: Agree
    worry: Agree
    catastrophising: Agree
    low_mood: Agree
    bothersomeness: Annotated[int, Field(ge=0, le=4, description="0 not at all ... 4 extremely")]


class OdiAnswers(_Answers):
    """Oswestry Disability Index 2.1a: each section 0-5; at least 8 of the 10 answered."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 8})
    pain_intensity: Odi
    personal_care: Odi
    lifting: Odi
    walking: Odi
    sitting: Odi
    standing: Odi
    sleeping: Odi
    sex_life: Odi
    social_life: Odi
    travelling: Odi

    @field_validator("*", mode="before")
    @classmethod
    def _left_out_not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("a section not answered is left out, not sent as null")
        return value

    @model_validator(mode="after")
    def _eight_at_least(self) -> OdiAnswers:
        answered = sum(value is not None for value in self.model_dump().values())
        if answered < 8:
            raise ValueError(f"only {answered} of 10 sections answered: at least 8 are needed")
        return self


class _Score(BaseModel):
    model_config = ConfigDict(extra="forbid")
    visit_id: VisitId


class NprsScore(_Score):
    instrument: Literal["nprs"]
    answers: NprsAnswers


class SbiScore(_Score):
    instrument: Literal["sbi"]
    answers: SbiAnswers


class StartBackScore(_Score):
    instrument: Literal["startback"]
    answers: StartBackAnswers


class OdiScore(_Score):
    instrument: Literal["odi"]
    answers: OdiAnswers


NewScore = Annotated[
    NprsScore | SbiScore | StartBackScore | OdiScore, Field(discriminator="instrument")
]
ANSWER_MODELS: dict[str, type[_Answers]] = {
    "nprs": NprsAnswers,
    "sbi": SbiAnswers,
    "startback": StartBackAnswers,
    "odi": OdiAnswers,
}


def answers_of(score: NprsScore | SbiScore | StartBackScore | OdiScore) -> dict[str, Any]:
    """The answers as the scorer and the store take them (the items the client sent)."""
    return score.answers.model_dump(exclude_unset=True)
