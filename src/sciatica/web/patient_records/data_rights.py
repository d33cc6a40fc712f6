"""Data rights on the patient page: export the whole record as a file (JSON, or a FHIR R4 Bundle
when the fhir extra is installed), delete the patient.

Both are form posts with the CSRF token (the export writes an audit event). Deleting asks for
the patient's record number to be typed on a confirmation page, so that a slip of the mouse
cannot erase a record; `services.delete_patient` audits it.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from ...extras import available
from ...records import services as sv
from ...records.audit import Actor
from ...records.db import Store
from ..i18n import negotiate
from ..templating import render
from .common import CSRF, SignedIn, StoreDep, field, scoped

router = APIRouter(include_in_schema=False)

FHIR_JSON = "application/fhir+json"
HAS_FHIR = available("fhir")  # the FHIR download is offered only with the fhir extra


def _fhir_file(db: Store, actor: Actor, patient_id: int) -> tuple[str, str]:
    """The FHIR download's file name and text (audited as a FHIR export by record_as_fhir)."""
    from ...fhir.record import NotExportable
    from ..api.fhir import record_as_fhir

    try:
        with scoped(db) as s:
            number, bundle = record_as_fhir(s, actor, patient_id, "page download")
    except NotExportable as error:  # an old stored visit: nothing exported, nor audited as such
        raise HTTPException(409, str(error)) from None
    return f"{number}.fhir.json", bundle.model_dump_json(indent=2)


@router.post("/records/patients/{patient_id}/export", dependencies=CSRF)
async def export(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    if HAS_FHIR and field(await request.form(), "format") == "fhir":
        media = FHIR_JSON
        name, body = _fhir_file(db, actor, patient_id)
    else:
        with scoped(db) as s:
            record = sv.export_patient(s, actor, patient_id)
        media, name = "application/json", f"{record['patient']['record_number']}.json"
        body = json.dumps(record, ensure_ascii=False, indent=2)
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


def _confirm(
    request: Request, db: Store, actor: Actor, patient_id: int, error: bool, status: int = 200
) -> Response:
    with scoped(db) as s:
        patient = sv.patient_json(sv.get_patient(s, actor, patient_id))
        sv.require_clinic_admin(actor, "delete a patient record")  # after the clinic's 404
    context = {"actor": actor, "patient": patient, "error": error, "lang": negotiate(request)}
    return render(request, "records/delete.html", context, status=status)


@router.get("/records/patients/{patient_id}/delete")
def confirm_delete(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    return _confirm(request, db, actor, patient_id, error=False)


@router.post("/records/patients/{patient_id}/delete", dependencies=CSRF)
async def delete(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    typed = field(await request.form(), "record_number").upper()
    with scoped(db) as s:
        patient = sv.get_patient(s, actor, patient_id)
        matches = typed == patient.record_number
        if matches:
            sv.delete_patient(s, actor, patient_id)
    if not matches:
        return _confirm(request, db, actor, patient_id, error=True, status=422)
    return RedirectResponse("/records?deleted=1", status_code=303)
