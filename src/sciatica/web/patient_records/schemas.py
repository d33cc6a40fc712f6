"""Response models of the records REST API (api_records.py): what `records.services.*_json` return.

They document the answers in /openapi.json and FastAPI validates every answer against them
(`extra="forbid"`): a field added to or dropped from a `*_json` view without changing its model
here is a test failure (tests/records/test_api_schemas.py, and schemathesis'
response_schema_conformance check), never a silent change of the API.

Timestamps stay the ISO 8601 strings the services write (`datetime.isoformat()`, always with the
UTC offset), so FastAPI passes them through unchanged. A visit's `case` and `assessment` refer to
the `Case` and `Assessment` components that `_custom_openapi` adds to the document.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Level = Literal["self_care", "routine", "soon", "urgent", "emergency"]
# A case (also in request bodies: checked by `parse_case`, which names each bad field) and an
# assessment, kept as the JSON they are stored as. allOf: pydantic resolves a bare $ref itself,
# and these components are only added to the document afterwards.
CaseJson = Annotated[
    dict[str, Any], WithJsonSchema({"allOf": [{"$ref": "#/components/schemas/Case"}]})
]
AssessmentJson = Annotated[
    dict[str, Any], WithJsonSchema({"allOf": [{"$ref": "#/components/schemas/Assessment"}]})
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Token(_Out):
    access_token: str = Field(description="send it as `Authorization: Bearer <access_token>`")
    token_type: Literal["bearer"]
    clinic_id: int


class PatientRecord(_Out):
    """A patient (named PatientRecord: `Patient` is the patient block of a `Case`)."""

    id: int
    record_number: str = Field(pattern=r"^P-[A-Z2-9]{4}-[A-Z2-9]{4}$")
    display_name: str | None
    birth_year: int | None
    sex: Literal["female", "male", "other"] | None
    created_at: Timestamp


class Visit(_Out):
    id: int
    episode_id: int
    seen_at: Timestamp
    version: int = Field(description="send it back with PUT: 409 if the visit changed since")
    knowledge_version: str
    case: CaseJson
    assessment: AssessmentJson


class Alert(_Out):
    id: int
    patient_id: int
    visit_id: int
    escalation: str = Field(description="ESC-nn of knowledge/escalation.yaml")
    rule: str
    level: Level
    finding: str
    text: str
    sources: list[str]
    created_at: Timestamp
    acknowledged_at: Timestamp | None
    acknowledged_by: int | None
    superseded_at: Timestamp | None = Field(
        description="closed because a newer visit raised the same rule for the patient"
    )
    superseded_by: int | None = Field(description="the alert that superseded this one")
    seen_at: Timestamp = Field(description="the date of the visit that raised the alert")


class VisitWithAlerts(Visit):
    alerts: list[Alert] = Field(description="the alerts this visit raised, most urgent first")


class Episode(_Out):
    id: int
    started_at: Timestamp
    closed_at: Timestamp | None
    note: str
    visits: list[Visit]


class PatientWithEpisodes(PatientRecord):
    episodes: list[Episode]


class Score(_Out):
    id: int
    instrument: Literal["nprs", "sbi", "startback", "odi"]
    visit_id: int | None
    answers: dict[str, int | None]
    result: dict[str, Any]
    recorded_at: Timestamp


class Export(_Out):
    format: Literal["sciatica-record/1"]
    exported_at: Timestamp
    patient: PatientRecord
    episodes: list[Episode]
    alerts: list[Alert]
    scores: list[Score]


class TimelineVisit(_Out):
    id: int
    seen_at: Timestamp


class Timeline(_Out):
    visits: list[TimelineVisit] = Field(description="every visit of every episode, in time order")
    grades: dict[str, list[tuple[int, int]]] = Field(
        description='"side.muscle" -> [visit index, MRC grade] pairs, e.g. "left.hip_flexion"'
    )
    pain: list[tuple[int, int]] = Field(description="[visit index, pain score 0-10] pairs")
    scores: list[Score]
