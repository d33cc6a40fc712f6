"""FHIR over HTTP: the self-check Questionnaire, and POST /api/v1/assess speaking FHIR.

`GET /fhir/Questionnaire/sciatica-self-check` serves the Questionnaire as application/fhir+json.
`assess_request` is what POST /api/v1/assess calls when the body is a FHIR resource (told apart by
`resourceType`: a QuestionnaireResponse to the self-check, or a Bundle of Patient, Observations and
Conditions) or when `?format=fhir` asks for the assessment as a FHIR Bundle.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from ..engine import assess
from ..errors import InvalidCase
from ..fhir import assessment_bundle, case_from_fhir
from ..fhir.codes import QUESTIONNAIRE_ID
from ..fhir.questionnaire import questionnaire_json
from ..validation import parse_case
from .problems import invalid_case, problem

FHIR_JSON = "application/fhir+json"
FORMATS = ("json", "fhir")

# FHIR endpoints are not part of the documented REST API under /api (schemathesis fuzzes that).
router = APIRouter(include_in_schema=False, tags=["fhir"])


@router.get(f"/fhir/Questionnaire/{QUESTIONNAIRE_ID}")
async def get_questionnaire() -> Response:
    return Response(questionnaire_json(), media_type=FHIR_JSON)


def assess_request(data: Any, output: str | None) -> Response:
    """Assess a case, a QuestionnaireResponse or a Bundle; answer JSON or, with output "fhir", a
    FHIR Bundle of the case and its assessment."""
    if output is not None and output not in FORMATS:
        return problem(
            422,
            "The request was refused",
            f"`format` must be one of {', '.join(FORMATS)}, got {output[:40]!r}.",
        )
    try:
        is_fhir = isinstance(data, dict) and "resourceType" in data
        case = case_from_fhir(data, today=date.today()) if is_fhir else parse_case(data)
    except InvalidCase as error:
        return invalid_case(error)
    result = assess(case)
    if output != "fhir":
        return JSONResponse(result.to_json_dict())
    bundle = assessment_bundle(case, result, when=datetime.now(UTC))
    return Response(bundle.model_dump_json(), media_type=FHIR_JSON)
