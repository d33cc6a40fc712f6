"""Record pages for clinicians: login, the clinic's patients and alerts; the patient page's
routers (pages_patient, pages_scores, pages_episodes, pages_data_rights) are included here.

Sessions are cookies (see records_common). Every form post checks the CSRF token. Every read and
write goes through `records.services`, which scopes it to the signed-in clinician's clinic and
audits it; another clinic's patient answers 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ...knowledge import label
from ...records import auth
from ...records import services as sv
from ...records.models import Alert, Patient
from ..i18n import negotiate
from ..templating import render
from . import data_rights as pages_data_rights
from . import episodes as pages_episodes
from . import exam_visit as pages_exam_visit
from . import patient as pages_patient
from . import scores as pages_scores
from .api import client_address
from .common import (
    CSRF,
    SESSION_COOKIE,
    SignedIn,
    StoreDep,
    field,
    int_field,
    session_actor,
)
from .patient import age_of, alert_view, visits_of

router = APIRouter(include_in_schema=False)

for _module in (pages_patient, pages_scores, pages_episodes, pages_data_rights, pages_exam_visit):
    router.include_router(_module.router)


# --- login -------------------------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "records/login.html", {"error": None})


@router.post("/login", dependencies=CSRF)
async def login(request: Request, db: StoreDep) -> Response:
    form = await request.form()
    username, password = field(form, "username")[:100], field(form, "password")[:1000]
    token: str | None = None
    error = "rec_login_failed"
    with db.session() as session:  # commits the attempt even when the login fails
        try:
            token, _ = auth.login(session, username, password, client_address(request))
        except auth.RateLimited:
            error = "rec_login_limited"
        except auth.AuthError:
            pass
    if token is None:
        status = 429 if error == "rec_login_limited" else 401
        return render(request, "records/login.html", {"error": error}, status=status)
    response = RedirectResponse("/records", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=auth.SESSION_HOURS * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=bool(request.app.state.settings.secure_cookies),
    )
    return response


@router.post("/logout", dependencies=CSRF)
def logout(request: Request, db: StoreDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    if auth.looks_like_token(token):
        actor = session_actor(request, db)
        with db.session() as session:
            auth.logout(session, token, actor)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


# --- the clinic --------------------------------------------------------------------------------


def alert_groups(
    alerts: list[Alert], patients: dict[int, Patient], lang: str
) -> list[dict[str, Any]]:
    """Open alerts grouped by patient. `alerts` come most urgent first, then newest visit first:
    each patient's group keeps that order, and the groups follow their first (most urgent,
    newest) alert."""
    groups: dict[int, dict[str, Any]] = {}
    for alert in alerts:
        group = groups.get(alert.patient_id)
        if group is None:
            patient = patients.get(alert.patient_id)
            group = groups[alert.patient_id] = {
                "patient_id": alert.patient_id,
                "record_number": patient.record_number if patient else "",
                "display_name": patient.display_name if patient else None,
                "level": alert.level,
                "level_label": label("level", alert.level, lang),
                "alerts": [],
            }
        group["alerts"].append(alert_view(alert, lang))
    return list(groups.values())


@router.get("/records")
def records(request: Request, db: StoreDep, actor: SignedIn) -> Response:
    lang = negotiate(request)
    with db.session() as s:
        patients = sv.list_patients(s, actor)
        alerts = sv.list_alerts(s, actor)
        open_count: dict[int, int] = {}
        for alert in alerts:
            open_count[alert.patient_id] = open_count.get(alert.patient_id, 0) + 1
        rows = []
        for p in patients:
            visits = visits_of(p)
            rows.append(
                {
                    "id": p.id,
                    "record_number": p.record_number,
                    "display_name": p.display_name,
                    "age": age_of(p),
                    "sex": p.sex,
                    "last_visit": visits[-1].seen_at.date().isoformat() if visits else None,
                    "open_alerts": open_count.get(p.id, 0),
                }
            )
        dashboard = alert_groups(alerts, {p.id: p for p in patients}, lang)
    return render(
        request,
        "records/index.html",
        {
            "actor": actor,
            "patients": rows,
            "alerts": dashboard,
            "lang": lang,
            "deleted": request.query_params.get("deleted") == "1",
        },
    )


@router.post("/records/patients", dependencies=CSRF)
async def create_patient(request: Request, db: StoreDep, actor: SignedIn) -> Response:
    form = await request.form()
    sex = field(form, "sex")
    with db.session() as s:
        patient = sv.create_patient(
            s,
            actor,
            display_name=field(form, "display_name")[:200] or None,
            birth_year=int_field(form, "birth_year", 1880, 2100),
            sex=sex if sex in ("female", "male", "other") else None,
        )
        pid = patient.id
    return RedirectResponse(f"/records/patients/{pid}", status_code=303)
