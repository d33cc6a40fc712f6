"""FHIR over HTTP: the self-check Questionnaire, the problem-list ConceptMap, a stored patient's
record, and POST /api/v1/assess speaking FHIR.

`GET /fhir/Questionnaire/sciatica-self-check` serves the Questionnaire as application/fhir+json,
`GET /fhir/ConceptMap/condition-to-case-field` the ConceptMap the record reader applies.
`GET /fhir/Patient/{id}/$everything` serves a stored patient's record as a Bundle (collection),
with the records API's bearer token; it exists only when the records extra is installed.
`assess_request` is what POST /api/v1/assess calls when the body is a FHIR resource (told apart by
`resourceType`: a QuestionnaireResponse to the self-check, or a Bundle of Patient, Observations and
Conditions) or when `?format=fhir` asks for the assessment as a FHIR Bundle.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from fhir.resources.R4B.bundle import Bundle

from ...engine import assess
from ...errors import InvalidCase
from ...extras import available
from ...fhir import assessment_bundle, case_from_fhir
from ...fhir.codes import CONCEPT_MAP_ID, QUESTIONNAIRE_ID
from ...fhir.concept_map import concept_map_json
from ...fhir.questionnaire import questionnaire_json
from ...fhir.record import NotExportable, record_bundle
from ...validation import parse_case
from ..problems import invalid_case, problem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FHIR_JSON = "application/fhir+json"
FORMATS = ("json", "fhir")

# FHIR endpoints are not part of the documented REST API under /api (schemathesis fuzzes that).
router = APIRouter(include_in_schema=False, tags=["fhir"])


@router.get(f"/fhir/Questionnaire/{QUESTIONNAIRE_ID}")
async def get_questionnaire() -> Response:
    return Response(questionnaire_json(), media_type=FHIR_JSON)


@router.get(f"/fhir/ConceptMap/{CONCEPT_MAP_ID}")
async def get_concept_map() -> Response:
    return Response(concept_map_json(), media_type=FHIR_JSON)


# The records extra brings the store; without it there is no $everything (its address answers
# 501 naming the extra: web/absent.py).
HAS_RECORDS = available("records")

if HAS_RECORDS:
    from ...records import services
    from ...records.audit import Actor
    from ...records.audit import record as audit
    from ..patient_records.api import ActorDep, StoreDep, transaction

    def record_as_fhir(
        session: Session, actor: Actor, patient_id: int, channel: str
    ) -> tuple[str, Bundle]:
        """The patient's record number and whole record as a Bundle, audited as a FHIR export.

        Raises NotExportable before anything is audited as exported: call it inside the
        transaction and let the error leave it, so export_patient's own event is rolled back too.
        """
        # $everything is a read for care; the page's download is an export (administrators).
        for_care = channel == "FHIR $everything"
        export = services.export_patient(session, actor, patient_id, for_care=for_care)
        bundle = record_bundle(export)
        audit(
            session,
            actor,
            "patient.export.fhir",
            "patient",
            patient_id,
            patient_id=patient_id,
            detail=channel,
        )
        return export["patient"]["record_number"], bundle

    @router.get("/fhir/Patient/{patient_id}/$everything")
    def patient_everything(patient_id: int, actor: ActorDep, db: StoreDep) -> Response:
        """The patient's whole record as a FHIR Bundle: 404 for another clinic's patient, as for
        a missing one (export_patient refuses both alike and audits the export)."""
        try:
            with transaction(db) as session:
                _, bundle = record_as_fhir(session, actor, patient_id, "FHIR $everything")
        except NotExportable as error:  # an old stored visit: say so, never a 500
            return problem(409, "The record cannot be written as FHIR", str(error))
        return Response(bundle.model_dump_json(), media_type=FHIR_JSON)


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
