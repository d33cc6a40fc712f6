"""A visit recorded with the full examination form: /records/patients/{id}/exam, and a past visit
opened to its full examination: /records/patients/{id}/visits/{visit_id}.

The patient page's own visit form holds the main grades and red flags; a full examination (eleven
muscles, reflexes, sensory areas, tension tests, upper motor neurone signs) is entered on the
clinician page's form, which this module serves in "record" mode and saves as a visit of the
patient's current episode, on the date given (today by default). The form's `previous` section is
not shown and not used: the store's own last visit is what the follow-up rules compare with
(services.add_visit).

The form starts from the patient's age and sex, or with `?from=<visit id>` from that visit's
whole examination ("copy forward"): a follow-up usually changes a few grades, not everything.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ...case import MUSCLES
from ...errors import InvalidCase
from ...knowledge import label
from ...records import services as sv
from ..i18n import negotiate
from ..pages import exam_form
from ..pages.clinician import workspace_context
from ..pages.clinician_form import SIDES, case_from_form, field_views, form_fields, values_from_case
from ..pages.clinician_views import Outcome, evaluate_form
from ..security import CSRF_FIELD
from ..templating import render
from .common import CSRF, SignedIn, StoreDep, saved_redirect, scoped
from .patient import age_of, alert_view
from .visit_date import BadDate, visit_date

router = APIRouter(include_in_schema=False)


def _record(
    patient_id: int,
    number: str,
    seen_on: str,
    *,
    date_error: bool = False,
    copied_from: str = "",
    prefilled: bool = False,
) -> dict[str, Any]:
    return {
        "id": patient_id,
        "record_number": number,
        "seen_on": seen_on,
        "date_error": date_error,
        "copied_from": copied_from,
        "prefilled": prefilled,
    }


def _record_page(
    request: Request,
    outcome: Outcome | None,
    record: dict[str, Any],
    status: int,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {
        **workspace_context(request, outcome, values=values),
        "record": record,
        # "Clear the form" starts this visit again, still for this patient
        "clear_url": f"/records/patients/{record['id']}/exam",
    }
    return render(request, "clinician/page.html", context, status)


def _start(case: dict[str, Any], lang: str) -> Outcome:
    """The form filled with `case` and assessed, exactly as if it had been typed in."""
    case.pop("previous", None)
    case.pop("locale", None)
    values = values_from_case(case)
    values["locale"] = lang
    form_case, values = case_from_form(values, lang)
    return evaluate_form(form_case, values, lang)


@router.get("/records/patients/{patient_id}/exam", response_class=HTMLResponse)
def exam_form_page(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    lang = negotiate(request)
    source = request.query_params.get("from", "")
    with scoped(db) as s:
        patient = sv.get_patient(s, actor, patient_id)
        number, age, sex = patient.record_number, age_of(patient), patient.sex
        copied_from = ""
        case: dict[str, Any] = {}
        if source.isdigit():
            visit = sv.get_visit(s, actor, int(source), patient_id)  # 404 for another's visit
            case = dict(visit.case_json)
            copied_from = visit.seen_at.date().isoformat()
    # the record's age and sex, unless the copied examination has its own
    known: dict[str, Any] = {}
    if age is not None:
        known["age"] = age
    if sex in ("female", "male", "other"):
        known["sex"] = sex
    record = _record(
        patient_id,
        number,
        date.today().isoformat(),
        copied_from=copied_from,
        prefilled=bool(known) and not copied_from,
    )
    if case:  # a copied examination is assessed at once, as if typed in
        case["patient"] = {**known, **(case.get("patient") or {})}
        return _record_page(request, _start(case, lang), record, 200)
    # a blank examination is not assessed: age and sex alone would show a level
    return _record_page(
        request, None, record, 200, values={f"patient.{k}": str(v) for k, v in known.items()}
    )


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
    seen_on = fields.get("seen_on", "").strip()
    try:
        seen_at = visit_date(seen_on)
    except BadDate:
        # nothing is saved: the form comes back with the date named as the field to correct
        with scoped(db) as s:
            number = sv.get_patient(s, actor, patient_id).record_number
        record = _record(patient_id, number, seen_on, date_error=True)
        return _record_page(request, evaluate_form(case, values, lang), record, 422)
    try:
        with scoped(db) as s:
            episode = sv.current_episode(s, actor, patient_id)
            visit = sv.add_visit(s, actor, episode.id, case, seen_at=seen_at, patient_id=patient_id)
            saved = visit.id
    except InvalidCase:
        # nothing was saved: the form comes back with each refused field named beside it
        with scoped(db) as s:
            number = sv.get_patient(s, actor, patient_id).record_number
        record = _record(patient_id, number, seen_on)
        return _record_page(request, evaluate_form(case, values, lang), record, 422)
    return saved_redirect(patient_id, saved)


# --- a past visit, opened to its full examination ---------------------------------------------------


@router.get("/records/patients/{patient_id}/visits/{visit_id}", response_class=HTMLResponse)
def visit_page(
    patient_id: int, visit_id: int, request: Request, db: StoreDep, actor: SignedIn
) -> Response:
    lang = negotiate(request)
    with scoped(db) as s:
        patient = sv.get_patient(s, actor, patient_id)
        visit = sv.get_visit(s, actor, visit_id, patient_id)
        alerts = [alert_view(a, lang) for a in sv.alerts_of_visit(s, visit.id)]
        context = visit_context(visit.case_json, visit.assessment_json, lang)
        context.update(
            patient={"id": patient.id, "record_number": patient.record_number},
            visit={"id": visit.id, "date": visit.seen_at.date().isoformat()},
            alerts=alerts,
            actor=actor,
        )
    return render(request, "records/visit.html", context)


def visit_context(case: dict[str, Any], assessment: dict[str, Any], lang: str) -> dict[str, Any]:
    """A stored visit in clinical words: its MRC grades, then every other answered field with the
    form's own label and answer text (never a field path)."""
    values = values_from_case(case)
    views = field_views(values, {}, lang)
    tested = [m for m in MUSCLES if any(f"exam.strength.{s}.{m}" in values for s in SIDES)]
    others = [
        (views[p].label, dict(views[p].options).get(values[p], values[p]))
        for p in form_fields()
        if p in values
        and ".strength." not in p
        and p not in ("locale", "country")
        and not p.startswith("previous.")
    ]
    roots = assessment.get("roots") or []
    level = assessment["triage"]["level"]
    return {
        "values": values,
        "muscles": tested,
        "sides": SIDES,
        "others": others,
        "shorthand": exam_form.shorthand(values, lang),
        "level": level,
        "level_label": label("level", level, lang),
        "presentation": label("presentation", assessment.get("presentation") or "", lang),
        "root": f"{roots[0]['root']} {label('side', roots[0]['side'], lang)}" if roots else "",
    }
