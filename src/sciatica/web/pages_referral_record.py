"""The referral letter for a patient of the records (/records/patients/{id}/referral...): the
letter of web/pages_referral.py, with the patient's identifiers read from the record (an audited
read) instead of typed, so they never differ from it and nothing new is stored."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..records import services as sv
from ..records.audit import Actor
from ..records.db import Store
from .pages_referral import FromRecord, form_answer, letter_answer, pdf_answer
from .records_common import CSRF, SignedIn, StoreDep, scoped

router = APIRouter(include_in_schema=False)


def _record(db: Store, actor: Actor, patient_id: int) -> FromRecord:
    """The patient's identifiers (404 for a patient of another clinic, as every records page)."""
    with scoped(db) as s:
        patient = sv.get_patient(s, actor, patient_id)
        return FromRecord(
            base=f"/records/patients/{patient.id}/referral",
            back=f"/records/patients/{patient.id}",
            name=patient.display_name,
            number=patient.record_number,
            birth_year=patient.birth_year,
        )


@router.post("/records/patients/{patient_id}/referral", dependencies=CSRF)
async def record_referral_form(
    patient_id: int, request: Request, db: StoreDep, actor: SignedIn
) -> Response:
    return await form_answer(request, _record(db, actor, patient_id))


@router.post("/records/patients/{patient_id}/referral/letter", dependencies=CSRF)
async def record_referral_letter(
    patient_id: int, request: Request, db: StoreDep, actor: SignedIn
) -> Response:
    return await letter_answer(request, _record(db, actor, patient_id))


@router.post("/records/patients/{patient_id}/referral.pdf", dependencies=CSRF)
async def record_referral_pdf(
    patient_id: int, request: Request, db: StoreDep, actor: SignedIn
) -> Response:
    return await pdf_answer(request, _record(db, actor, patient_id))
