"""`POST /api/v1/patients/{id}/diary`: a recovery diary exported by the person (the FHIR Bundle of
QuestionnaireResponses from /diary) imported into their record as outcome scores. Authenticated
and audited like every record write (records/diary_import.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from ...errors import InvalidCase
from ...extras import available
from ...records import services as sv
from ...records.diary_import import import_diary
from ...validation import parse_json
from ..absent import not_installed
from ..problems import PROBLEM, invalid_case, media_type, problem
from .api import RESPONSES, ActorDep, PatientId, StoreDep, transaction
from .schemas import Score

router = APIRouter(prefix="/api/v1", tags=["records"], responses=RESPONSES)


class DiaryImport(BaseModel):
    """What an import did: the entries read, the scores already there, the scores added."""

    model_config = ConfigDict(extra="forbid")

    entries: int
    already_recorded: int
    scores: list[Score]


OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The Bundle (type collection) of diary QuestionnaireResponses that "
        "/api/v1/diary/fhir gives",
        "content": {
            "application/fhir+json": {
                "schema": {
                    "type": "object",
                    "required": ["resourceType", "type"],
                    "properties": {
                        "resourceType": {"enum": ["Bundle"]},
                        "type": {"enum": ["collection"]},
                        "entry": {"type": "array", "items": {"type": "object"}},
                    },
                }
            }
        },
    }
}


@router.post(
    "/patients/{patient_id}/diary",
    status_code=201,
    summary="Import a recovery diary (FHIR Bundle) as the patient's outcome scores",
    openapi_extra=OPENAPI,
    response_model=DiaryImport,
    responses={
        415: {
            "description": "Not FHIR JSON",
            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    },
)
async def import_patient_diary(
    patient_id: PatientId, request: Request, actor: ActorDep, db: StoreDep
) -> Response:
    if not available("fhir"):
        return not_installed(request, "fhir")
    from ...fhir.diary import entries_from_bundle

    if media_type(request) not in ("application/fhir+json", "application/json"):
        return problem(415, "Unsupported media type", "Send the Bundle as application/fhir+json.")
    try:
        entries = entries_from_bundle(parse_json(await request.body()))
    except InvalidCase as error:
        return invalid_case(error)
    return JSONResponse(await run_in_threadpool(_store, db, actor, patient_id, entries), 201)


def _store(db: Any, actor: Any, patient_id: int, entries: list[Any]) -> dict[str, Any]:
    """The database part, off the event loop (the store is synchronous, as in api_records)."""
    with transaction(db) as s:
        added, skipped = import_diary(s, actor, patient_id, entries)
        return {
            "entries": len(entries),
            "already_recorded": skipped,
            "scores": [sv.score_json(r) for r in added],
        }
