"""One patient's page: alerts (in plain words), visits, the recovery charts, outcome scores,
episodes, data rights and the visit form; recording a visit and acknowledging an alert.

Every read and write goes through `records.services`, which scopes it to the signed-in
clinician's clinic and audits it; another clinic's patient answers 404. The charts are
server-rendered SVG (no JavaScript), each with a table alternative.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from ..errors import InvalidCase
from ..knowledge import label, load_knowledge
from ..knowledge.schema import Outcome, Rule
from ..records import services as sv
from ..records.audit import Actor
from ..records.db import Store
from ..records.models import Alert, Episode, Patient, Visit
from ..records.scores import KEELE_NOTICE
from .charts import line_chart
from .findings import clinical
from .i18n import negotiate
from .pages_data_rights import HAS_FHIR
from .records_common import (
    CSRF,
    SignedIn,
    StoreDep,
    back_to,
    field,
    int_field,
    scoped,
)
from .score_views import FORMS, OPTIONAL, SERIES_NAMES, results
from .templating import render

router = APIRouter(include_in_schema=False)

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


def visits_of(patient: Patient) -> list[Visit]:
    return sorted((v for e in patient.episodes for v in e.visits), key=lambda v: (v.seen_at, v.id))


def age_of(patient: Patient) -> int | None:
    return date.today().year - patient.birth_year if patient.birth_year else None


@cache
def _rules() -> dict[str, Rule]:
    return {r.id: r for r in load_knowledge().rules}


def _outcome(rule: Rule, stored_text: str, level: str) -> Outcome | None:
    """The outcome an alert was stored from: its text is the outcome's patient text in the
    language of the session that recorded the visit (any of them); else the rule's only outcome
    at the alert's level (the wording may have changed since)."""
    for outcome in rule.outcomes.values():
        if stored_text in (outcome.text.en, outcome.text.fr):
            return outcome
    at_level = [o for o in rule.outcomes.values() if o.level == level]
    return at_level[0] if len(at_level) == 1 else None


def alert_words(alert: Alert, lang: str) -> tuple[str, str]:
    """The alert's rule title and text in the reader's language, from its rule id (the stored
    text is in the language it was entered in): the outcome's clinician wording. A rule the
    knowledge base no longer has keeps its id and stored text."""
    rule = _rules().get(alert.rule)
    if rule is None:
        return alert.rule, alert.text
    outcome = _outcome(rule, alert.text, alert.level)
    title = str(getattr(rule.title, lang))
    return title, str(getattr(outcome.clinician, lang)) if outcome else alert.text


def alert_view(alert: Alert, lang: str) -> dict[str, Any]:
    title, text = alert_words(alert, lang)
    return {
        "id": alert.id,
        "patient_id": alert.patient_id,
        "rule": alert.rule,
        "title": title,
        "escalation": alert.escalation,
        "level": alert.level,
        "level_label": label("level", alert.level, lang),
        "finding": alert.finding,
        # the clinician's words; None only for an alert whose evidence cannot be recovered (stored
        # before reasons carried it, under knowledge that has changed since): its raw finding shows
        "finding_plain": clinical(evidence, lang)
        if (evidence := sv.alert_evidence(alert))
        else None,
        "text": text,
        "sources": list(alert.sources),
        # the date of the visit that raised it (a visit may be recorded days later)
        "seen_on": alert.visit.seen_at.date().isoformat(),
        "acknowledged_on": alert.acknowledged_at.date().isoformat()
        if alert.acknowledged_at
        else None,
        "superseded_by": alert.superseded_by,
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


def _episode_row(episode: Episode) -> dict[str, Any]:
    # A visit may be recorded after the fact (seen_at back-dated): the episode began with its
    # first visit, not when its row was made.
    started = min([episode.started_at, *(v.seen_at for v in episode.visits)])
    return {
        "id": episode.id,
        "started": started.date().isoformat(),
        "closed": episode.closed_at.date().isoformat() if episode.closed_at else None,
        "visits": len(episode.visits),
        "note": episode.note,
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


def patient_context(request: Request, db: Store, actor: Actor, patient_id: int) -> dict[str, Any]:
    """The patient page's context (404 for another clinic's or a missing patient)."""
    lang = negotiate(request)
    with scoped(db) as s:
        patient = sv.get_patient(s, actor, patient_id)
        visits = visits_of(patient)
        every = sv.list_alerts(s, actor, patient_id, open_only=False)
        still_open = [a for a in every if a.acknowledged_at is None and a.superseded_at is None]
        alerts = [alert_view(a, lang) for a in still_open]  # most urgent, then newest visit
        seen_on = {a.id: a.visit.seen_at.date().isoformat() for a in every}
        history = [
            {**alert_view(a, lang), "superseded_on": seen_on.get(a.superseded_by or 0)}
            for a in sorted(every, key=lambda a: (a.visit.seen_at, a.id), reverse=True)
            if a not in still_open
        ]
        line = sv.timeline(s, actor, patient_id)
        info = sv.patient_json(patient)
        episodes = [_episode_row(e) for e in reversed(patient.episodes)]
        visit_dates = {v.id: v.seen_at for v in visits}
    dates = [datetime.fromisoformat(v["seen_at"]) for v in line["visits"]]
    grades = {k: [(i, g) for i, g in v] for k, v in sorted(line["grades"].items())}
    pain = {"pain": [(i, p) for i, p in line["pain"]]} if line["pain"] else {}
    sources = {s.id: s for s in load_knowledge().sources}
    latest = visits[-1] if visits else None
    return {
        "is_admin": actor.role == sv.CLINIC_ADMIN,  # downloads and deletion
        "actor": actor,
        "lang": lang,
        "patient": {**info, "age": age_of(patient)},
        "visits": [_visit_row(v, lang) for v in reversed(visits)],
        "alerts": alerts,
        "alert_history": history,
        "grade_chart": line_chart(dates, grades, 5) if grades else None,
        "grade_table": _table(line["visits"], grades),
        "pain_chart": line_chart(dates, pain, 10) if pain else None,
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
        "episodes": episodes,
        "scores": results(line["scores"], visit_dates),
        "score_forms": FORMS,
        "score_optional": OPTIONAL,
        "series_names": SERIES_NAMES,
        "keele_notice": KEELE_NOTICE,
        "latest_visit": {"id": latest.id, "date": latest.seen_at.date().isoformat()}
        if latest
        else None,
        "score_errors": {},
        "score_values": {},
        "has_fhir": HAS_FHIR,
    }


@router.get("/records/patients/{patient_id}")
def patient_page(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    return render(request, "records/patient.html", patient_context(request, db, actor, patient_id))


def case_from_form(form: FormData) -> dict[str, Any]:
    """A sciatica-case/1 object from the visit form (blank fields are left out)."""
    strength: dict[str, dict[str, int]] = {}
    for side in SIDES:
        for muscle in MAIN_MUSCLES:
            grade = int_field(form, f"mrc_{side}_{muscle}", 0, 5)
            if grade is not None:
                strength.setdefault(side, {})[muscle] = grade
    symptoms: dict[str, Any] = {}
    for name in ("leg_pain", "weakness"):
        if field(form, name) in SIDE_CHOICES:
            symptoms[name] = field(form, name)
    pain = int_field(form, "pain_score", 0, 10)
    if pain is not None:
        symptoms["pain_score"] = pain
    if field(form, "bladder") in BLADDER:
        symptoms["bladder"] = field(form, "bladder")
    if field(form, "bowel") in BOWEL:
        symptoms["bowel"] = field(form, "bowel")
    for name in ("saddle_numbness", "sexual_dysfunction_new"):
        if field(form, name) in ("yes", "no"):
            symptoms[name] = field(form, name) == "yes"
    history: dict[str, Any] = {}
    if field(form, "became_bilateral") in ("yes", "no"):
        history["became_bilateral"] = field(form, "became_bilateral") == "yes"
    if field(form, "weakness_course") in COURSE:
        history["weakness_course"] = field(form, "weakness_course")
    for name, high in (("symptom_days", 36500), ("conservative_care_weeks", 520)):
        value = int_field(form, name, 0, high)
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
async def add_visit(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    form = await request.form()
    case = case_from_form(form)
    case["locale"] = negotiate(request)
    error = None
    try:
        with scoped(db) as s:
            episode = sv.current_episode(s, actor, patient_id)
            sv.add_visit(
                s,
                actor,
                episode.id,
                case,
                seen_at=_seen_at(field(form, "seen_on")),
                patient_id=patient_id,
            )
    except InvalidCase:
        error = "rec_visit_invalid"
    except sv.EpisodeClosed:  # closed meanwhile by a colleague: the page shows the episodes
        error = "rec_ep_closed_error"
    if error:
        context = patient_context(request, db, actor, patient_id)
        context["form_error"] = error
        return render(request, "records/patient.html", context, status=422)
    return back_to(patient_id, "alerts")


@router.post("/records/patients/{patient_id}/alerts/{alert_id}/acknowledge", dependencies=CSRF)
def acknowledge(
    patient_id: int, alert_id: int, request: Request, db: StoreDep, actor: SignedIn
) -> Response:
    with scoped(db) as s:
        sv.acknowledge_alert(s, actor, alert_id, patient_id)
    if request.query_params.get("from") == "dashboard":
        return RedirectResponse("/records", status_code=303)
    return back_to(patient_id, "alerts")
