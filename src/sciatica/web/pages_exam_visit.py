"""A visit recorded with the full examination form: /records/patients/{id}/exam.

The patient page's own visit form holds the main grades and red flags; a full examination (eleven
muscles, reflexes, sensory areas, tension tests, upper motor neurone signs) is entered on the
clinician page's form, which this module serves in "record" mode and saves as a visit of the
patient's current episode. The form's `previous` section is not shown and not used: the store's
own last visit is what the follow-up rules compare with (services.add_visit).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import InvalidCase
from ..records import services as sv
from ..records.audit import Actor
from ..records.db import Store
from .i18n import negotiate
from .pages_clinician import Outcome, case_from_form, evaluate_form, workspace_context
from .records_common import CSRF, SignedIn, StoreDep, back_to, scoped
from .security import CSRF_FIELD
from .templating import render

router = APIRouter(include_in_schema=False)


def _record_page(
    request: Request, db: Store, actor: Actor, patient_id: int, outcome: Outcome | None, status: int
) -> HTMLResponse:
    with scoped(db) as s:
        number = sv.get_patient(s, actor, patient_id).record_number
    context: dict[str, Any] = {
        **workspace_context(request, outcome),
        "record": {"id": patient_id, "record_number": number},
    }
    return render(request, "clinician/page.html", context, status)


@router.get("/records/patients/{patient_id}/exam", response_class=HTMLResponse)
def exam_form(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    return _record_page(request, db, actor, patient_id, None, 200)


@router.post("/records/patients/{patient_id}/exam", dependencies=CSRF)
async def save_exam(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    lang = negotiate(request)
    form = await request.form()
    fields = {
        k: v
        for k, v in form.items()
        if isinstance(v, str) and k != CSRF_FIELD and not k.startswith("previous.")
    }
    case, values = case_from_form(fields, lang)
    try:
        with scoped(db) as s:
            episode = sv.current_episode(s, actor, patient_id)
            sv.add_visit(s, actor, episode.id, case, patient_id=patient_id)
    except InvalidCase:
        # nothing was saved: the form comes back with each refused field named beside it
        return _record_page(request, db, actor, patient_id, evaluate_form(case, values, lang), 422)
    return back_to(patient_id, "alerts")
