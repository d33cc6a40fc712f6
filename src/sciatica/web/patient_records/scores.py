"""Outcome-score forms of the patient page: NPRS, SBI, Keele STarT Back and Oswestry.

Each form posts to /records/patients/{id}/scores/{instrument}. The form is checked here first so
that a refusal names the field in the page's language (422, the page again with the answers
kept); `records.scores` then scores it through `services.record_score`, which stays the
authority (its ScoreError is shown as written if the page's checks ever let something past).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from ...records import services as sv
from ...records.scores import ODI_MIN_SECTIONS, ScoreError
from ..i18n import negotiate, translator
from ..templating import render
from .common import (
    CSRF,
    SignedIn,
    StoreDep,
    back_to,
    field,
    int_field,
    scoped,
)
from .patient import patient_context, visits_of
from .score_views import FORMS, OPTIONAL

router = APIRouter(include_in_schema=False)


def parse(
    instrument: str, form: FormData, lang: str
) -> tuple[dict[str, int], list[dict[str, str]]]:
    """The answers of one score form, and the refusals, each naming its field."""
    t = translator(lang)
    answers: dict[str, int] = {}
    errors: list[dict[str, str]] = []
    for item in FORMS[instrument]:
        name = item.field(instrument)
        if field(form, name) == "" and instrument in OPTIONAL:
            continue
        value = int_field(form, name, item.low, item.high)
        if value is None:
            text = t[f"rec_sc_{name}"]
            message = t["rec_sc_err_range"].format(item=text, low=item.low, high=item.high)
            errors.append({"field": name, "text": message})
        else:
            answers[item.name] = value
    if errors:
        return answers, errors
    if instrument == "nprs" and not answers:
        errors.append({"field": "nprs_leg", "text": t["rec_sc_err_nprs"]})
    if instrument == "odi" and len(answers) < ODI_MIN_SECTIONS:
        first_blank = next(i.field("odi") for i in FORMS["odi"] if i.name not in answers)
        errors.append({"field": first_blank, "text": t["rec_sc_err_odi"].format(n=len(answers))})
    return answers, errors


@router.post("/records/patients/{patient_id}/scores/{instrument}", dependencies=CSRF)
async def record_score(
    patient_id: int, instrument: str, request: Request, db: StoreDep, actor: SignedIn
) -> Response:
    if instrument not in FORMS:
        raise HTTPException(404, "Not found: no such instrument.")
    form = await request.form()
    answers, errors = parse(instrument, form, negotiate(request))
    if not errors:
        try:
            with scoped(db) as s:
                visit_id = None
                if field(form, "link_visit") == "yes":
                    visits = visits_of(sv.get_patient(s, actor, patient_id))
                    visit_id = visits[-1].id if visits else None
                sv.record_score(s, actor, patient_id, instrument, answers, visit_id)
        except ScoreError as error:
            errors = [{"field": "", "text": str(error)}]
    if errors:
        context = patient_context(request, db, actor, patient_id)
        names = [item.field(instrument) for item in FORMS[instrument]]
        kept: dict[str, Any] = {name: field(form, name) for name in names}
        context.update(score_errors={instrument: errors}, score_values=kept)
        return render(request, "records/patient.html", context, status=422)
    return back_to(patient_id, f"scores-{instrument}")
