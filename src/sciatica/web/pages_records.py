"""Record pages for clinicians: login, the clinic's patients and alerts, one patient's follow-up.

Sessions are cookies (`sciatica_session`, HttpOnly, SameSite=Strict, Secure when
`settings.secure_cookies`) holding a token of kind "session" from `records.auth`. Every form post
checks the CSRF token. Every read and write goes through `records.services`, which scopes it to
the signed-in clinician's clinic and audits it; another clinic's patient answers 404.
The recovery chart is server-rendered SVG (no JavaScript), with a table alternative.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

if importlib.util.find_spec("sqlalchemy") is None:  # the records extra is not installed
    raise ModuleNotFoundError("sciatica[records] is not installed", name=__name__)

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from ..errors import InvalidCase
from ..knowledge import label, load_knowledge
from ..records import auth
from ..records import services as sv
from ..records.audit import Actor
from ..records.db import Store
from ..records.models import Patient, Visit
from .api_records import client_address, store
from .i18n import negotiate
from .security import require_csrf
from .templating import render

router = APIRouter(include_in_schema=False)

SESSION_COOKIE = "sciatica_session"
MAIN_MUSCLES = (
    "hip_flexion",
    "knee_extension",
    "ankle_dorsiflexion",
    "great_toe_extension",
    "ankle_plantarflexion",
)
SIDES = ("left", "right")
SIDE_CHOICES = ("none", "left", "right", "both")
BLADDER = ("normal", "new_difficulty", "retention", "incontinence")
BOWEL = ("normal", "new_difficulty", "incontinence")
COURSE = ("worsening", "stable", "improving")
PROGNOSIS_SOURCES = ("hou-2023", "saeed-2021", "liu-2013", "aono-2007", "iizuka-2009")
# Prognostic factors of E7.1: key of the explanation, and the sources that report it.
FACTORS = (
    ("rec_factor_grade", ("hou-2023", "saeed-2021", "liu-2013", "aono-2007")),
    ("rec_factor_duration", ("saeed-2021", "liu-2013", "aono-2007")),
    ("rec_factor_age", ("saeed-2021", "liu-2013")),
    ("rec_factor_diabetes", ("hou-2023",)),
    ("rec_factor_stenosis", ("iizuka-2009",)),
)
COLOURS = ("#0b5cad", "#b3261e", "#1e7a34", "#7a4a00", "#6a1b9a", "#00695c", "#37474f", "#ad1457")

StoreDep = Annotated[Store, Depends(store)]
CSRF = [Depends(require_csrf)]


def _login_redirect() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303)


def session_actor(request: Request, db: Store) -> Actor | None:
    token = request.cookies.get(SESSION_COOKIE, "")
    if not auth.looks_like_token(token):
        return None
    with db.session() as session:
        return auth.authenticate(session, token, "session", client_address(request))


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _int(form: FormData, name: str, low: int, high: int) -> int | None:
    text = _field(form, name)
    if not text.lstrip("-").isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


# --- login -------------------------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "records/login.html", {"error": None})


@router.post("/login", dependencies=CSRF)
async def login(request: Request, db: StoreDep) -> Response:
    form = await request.form()
    username, password = _field(form, "username")[:100], _field(form, "password")[:1000]
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


def _visits(patient: Patient) -> list[Visit]:
    return sorted((v for e in patient.episodes for v in e.visits), key=lambda v: (v.seen_at, v.id))


def _age(patient: Patient) -> int | None:
    return date.today().year - patient.birth_year if patient.birth_year else None


@router.get("/records")
def records(request: Request, db: StoreDep) -> Response:
    actor = session_actor(request, db)
    if actor is None:
        return _login_redirect()
    lang = negotiate(request)
    with db.session() as s:
        patients = sv.list_patients(s, actor)
        alerts = sv.list_alerts(s, actor)
        numbers = {p.id: p.record_number for p in patients}
        open_count: dict[int, int] = {}
        for alert in alerts:
            open_count[alert.patient_id] = open_count.get(alert.patient_id, 0) + 1
        rows = []
        for p in patients:
            visits = _visits(p)
            rows.append(
                {
                    "id": p.id,
                    "record_number": p.record_number,
                    "display_name": p.display_name,
                    "age": _age(p),
                    "sex": p.sex,
                    "last_visit": visits[-1].seen_at.date().isoformat() if visits else None,
                    "open_alerts": open_count.get(p.id, 0),
                }
            )
        dashboard = [
            {**_alert_view(a, lang), "record_number": numbers.get(a.patient_id, "")} for a in alerts
        ]
    return render(
        request,
        "records/index.html",
        {"actor": actor, "patients": rows, "alerts": dashboard, "lang": lang},
    )


@router.post("/records/patients", dependencies=CSRF)
async def create_patient(request: Request, db: StoreDep) -> Response:
    actor = session_actor(request, db)
    if actor is None:
        return _login_redirect()
    form = await request.form()
    sex = _field(form, "sex")
    with db.session() as s:
        patient = sv.create_patient(
            s,
            actor,
            display_name=_field(form, "display_name")[:200] or None,
            birth_year=_int(form, "birth_year", 1880, 2100),
            sex=sex if sex in ("female", "male", "other") else None,
        )
        pid = patient.id
    return RedirectResponse(f"/records/patients/{pid}", status_code=303)


# --- one patient -------------------------------------------------------------------------------


def _alert_view(alert: Any, lang: str) -> dict[str, Any]:
    return {
        "id": alert.id,
        "patient_id": alert.patient_id,
        "rule": alert.rule,
        "escalation": alert.escalation,
        "level": alert.level,
        "level_label": label("level", alert.level, lang),
        "finding": alert.finding,
        "text": alert.text,
        "sources": list(alert.sources),
        "created_at": alert.created_at.date().isoformat(),
    }


@dataclass
class Series:
    key: str
    side: str
    muscle: str
    colour: str
    points: list[tuple[float, float, str, int]]  # x, y, date, value

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in self.points)


CHART = {"width": 640, "height": 260, "left": 48, "right": 16, "top": 16, "bottom": 48}


def _chart(
    dates: list[datetime], values: dict[str, list[tuple[int, int]]], top: int
) -> dict[str, Any]:
    """Geometry of a line chart: x by date, y from 0 to `top`; one series per key."""
    w, h = CHART["width"], CHART["height"]
    x0, x1 = CHART["left"], w - CHART["right"]
    y0, y1 = h - CHART["bottom"], CHART["top"]
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    span = (last - first).total_seconds() if first and last else 0.0

    def x_of(i: int) -> float:
        if span > 0 and first is not None:
            return x0 + (x1 - x0) * (dates[i] - first).total_seconds() / span
        return x0 + (x1 - x0) * (i / max(1, len(dates) - 1)) if len(dates) > 1 else (x0 + x1) / 2

    def y_of(v: float) -> float:
        return y0 - (y0 - y1) * v / top

    series = []
    for n, (key, points) in enumerate(values.items()):
        side, _, muscle = key.partition(".")
        series.append(
            Series(
                key,
                side,
                muscle,
                COLOURS[n % len(COLOURS)],
                [(x_of(i), y_of(v), dates[i].date().isoformat(), v) for i, v in points],
            )
        )
    ticks = [(v, y_of(v)) for v in range(0, top + 1, 1 if top <= 5 else 2)]
    xticks = sorted({(round(x_of(i), 1), d.date().isoformat()) for i, d in enumerate(dates)})
    return {
        "width": w,
        "height": h,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "series": series,
        "yticks": ticks,
        "xticks": xticks,
    }


def _visit_row(visit: Visit, lang: str) -> dict[str, Any]:
    a = visit.assessment_json
    roots = a.get("roots") or []
    top = roots[0] if roots else None
    return {
        "id": visit.id,
        "date": visit.seen_at.date().isoformat(),
        "level": a["triage"]["level"],
        "level_label": label("level", a["triage"]["level"], lang),
        "presentation": label("presentation", a.get("presentation") or "", lang),
        "root": f"{top['root']} {label('side', top['side'], lang)}" if top else "",
    }


def _patient_context(request: Request, db: Store, actor: Actor, patient_id: int) -> dict[str, Any]:
    lang = negotiate(request)
    with db.session() as s:
        patient = sv.get_patient(s, actor, patient_id)
        visits = _visits(patient)
        alerts = [_alert_view(a, lang) for a in sv.list_alerts(s, actor, patient_id)]
        line = sv.timeline(s, actor, patient_id)
        info = sv.patient_json(patient)
    dates = [datetime.fromisoformat(v["seen_at"]) for v in line["visits"]]
    grades = {k: [(i, g) for i, g in v] for k, v in sorted(line["grades"].items())}
    pain = {"pain": [(i, p) for i, p in line["pain"]]} if line["pain"] else {}
    sources = {s.id: s for s in load_knowledge().sources}
    return {
        "actor": actor,
        "lang": lang,
        "patient": {**info, "age": _age(patient)},
        "visits": [_visit_row(v, lang) for v in reversed(visits)],
        "alerts": alerts,
        "grade_chart": _chart(dates, grades, 5) if grades else None,
        "grade_table": _table(line["visits"], grades),
        "pain_chart": _chart(dates, pain, 10) if pain else None,
        "pain_table": _table(line["visits"], pain),
        "factors": FACTORS,
        "sources": {k: sources[k] for k in PROGNOSIS_SOURCES if k in sources},
        "muscles": MAIN_MUSCLES,
        "sides": SIDES,
        "side_choices": SIDE_CHOICES,
        "bladder": BLADDER,
        "bowel": BOWEL,
        "course": COURSE,
        "today": date.today().isoformat(),
        "form_error": None,
    }


def _table(
    visits: list[dict[str, Any]], values: dict[str, list[tuple[int, int]]]
) -> dict[str, Any]:
    """Rows per visit date, a column per series (None where not graded)."""
    keys = list(values)
    rows = []
    for i, v in enumerate(visits):
        by_key = {k: dict(values[k]).get(i) for k in keys}
        if any(x is not None for x in by_key.values()):
            rows.append({"date": v["seen_at"][:10], "values": [by_key[k] for k in keys]})
    return {"keys": [k.partition(".") for k in keys], "rows": rows}


def _patient_page(request: Request, db: Store, actor: Actor, patient_id: int) -> dict[str, Any]:
    try:
        return _patient_context(request, db, actor, patient_id)
    except sv.NotFound as error:
        raise HTTPException(404, "Not found: no such record in your clinic.") from error


@router.get("/records/patients/{patient_id}")
def patient_page(patient_id: int, request: Request, db: StoreDep) -> Response:
    actor = session_actor(request, db)
    if actor is None:
        return _login_redirect()
    return render(request, "records/patient.html", _patient_page(request, db, actor, patient_id))


def case_from_form(form: FormData) -> dict[str, Any]:
    """A sciatica-case/1 object from the visit form (blank fields are left out)."""
    strength: dict[str, dict[str, int]] = {}
    for side in SIDES:
        for muscle in MAIN_MUSCLES:
            grade = _int(form, f"mrc_{side}_{muscle}", 0, 5)
            if grade is not None:
                strength.setdefault(side, {})[muscle] = grade
    symptoms: dict[str, Any] = {}
    for name in ("leg_pain", "weakness"):
        if _field(form, name) in SIDE_CHOICES:
            symptoms[name] = _field(form, name)
    pain = _int(form, "pain_score", 0, 10)
    if pain is not None:
        symptoms["pain_score"] = pain
    if _field(form, "bladder") in BLADDER:
        symptoms["bladder"] = _field(form, "bladder")
    if _field(form, "bowel") in BOWEL:
        symptoms["bowel"] = _field(form, "bowel")
    for name in ("saddle_numbness", "sexual_dysfunction_new"):
        if _field(form, name) in ("yes", "no"):
            symptoms[name] = _field(form, name) == "yes"
    history: dict[str, Any] = {}
    if _field(form, "became_bilateral") in ("yes", "no"):
        history["became_bilateral"] = _field(form, "became_bilateral") == "yes"
    if _field(form, "weakness_course") in COURSE:
        history["weakness_course"] = _field(form, "weakness_course")
    for name, high in (("symptom_days", 36500), ("conservative_care_weeks", 520)):
        value = _int(form, name, 0, high)
        if value is not None:
            history[name] = value
    case: dict[str, Any] = {"symptoms": symptoms, "history": history}
    if strength:
        case["exam"] = {"strength": strength}
    return case


def _seen_at(text: str) -> datetime | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    if day == date.today():
        return None  # now: several visits on one day keep their order
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


@router.post("/records/patients/{patient_id}/visits", dependencies=CSRF)
async def add_visit(patient_id: int, request: Request, db: StoreDep) -> Response:
    actor = session_actor(request, db)
    if actor is None:
        return _login_redirect()
    form = await request.form()
    case = case_from_form(form)
    case["locale"] = negotiate(request)
    try:
        with db.session() as s:
            episode = sv.current_episode(s, actor, patient_id)
            sv.add_visit(
                s,
                actor,
                episode.id,
                case,
                seen_at=_seen_at(_field(form, "seen_on")),
                patient_id=patient_id,
            )
    except sv.NotFound as error:
        raise HTTPException(404, "Not found: no such record in your clinic.") from error
    except InvalidCase:
        context = _patient_page(request, db, actor, patient_id)
        context["form_error"] = "rec_visit_invalid"
        return render(request, "records/patient.html", context, status=422)
    return RedirectResponse(f"/records/patients/{patient_id}#alerts", status_code=303)


@router.post("/records/patients/{patient_id}/alerts/{alert_id}/acknowledge", dependencies=CSRF)
def acknowledge(patient_id: int, alert_id: int, request: Request, db: StoreDep) -> Response:
    actor = session_actor(request, db)
    if actor is None:
        return _login_redirect()
    try:
        with db.session() as s:
            sv.acknowledge_alert(s, actor, alert_id, patient_id)
    except sv.NotFound as error:
        raise HTTPException(404, "Not found: no such record in your clinic.") from error
    back = "/records" if _field_from_query(request, "from") == "dashboard" else None
    return RedirectResponse(back or f"/records/patients/{patient_id}#alerts", status_code=303)


def _field_from_query(request: Request, name: str) -> str:
    return request.query_params.get(name, "")
