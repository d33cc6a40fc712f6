"""REST API for patient records under /api/v1 (bearer tokens; `pip install sciatica[records]`).

Get a token with POST /api/v1/auth/token, then send `Authorization: Bearer <token>`. Every record
endpoint answers 404 for another clinic's records, exactly as for records that do not exist.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any, Literal

if importlib.util.find_spec("sqlalchemy") is None:  # the records extra is not installed
    raise ModuleNotFoundError("sciatica[records] is not installed", name=__name__)

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..records import auth
from ..records import services as sv
from ..records.audit import Actor
from ..records.db import Store, default_store
from ..records.scores import ScoreError
from .problems import PROBLEM

PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}}


RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _problem("No valid bearer token"),
    404: _problem("No such record in your clinic"),
    413: _problem("Body too large"),
    422: _problem("The request was refused; `errors` names each bad field"),
}

# Not in /openapi.json yet: the document needs a bearer security scheme first, so that
# schemathesis (tests/web) can exercise these operations signed in (see docs/records.md).
router = APIRouter(prefix="/api/v1", tags=["records"], responses=RESPONSES, include_in_schema=False)


def store() -> Store:
    return default_store()


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


@contextmanager
def transaction(db: Store) -> Iterator[Session]:
    """One transaction; service errors become HTTP problems (404, 409, 422)."""
    try:
        with db.session() as session:
            yield session
    except sv.NotFound as error:
        raise HTTPException(404, "Not found: no such record in your clinic.") from error
    except sv.VersionConflict as error:
        raise HTTPException(
            409,
            f"The visit was changed by someone else (now version {error.current}): reload it "
            "and apply your change again. Nothing was overwritten.",
        ) from error
    except StaleDataError as error:
        raise HTTPException(
            409, "The visit was changed by someone else: reload it. Nothing was overwritten."
        ) from error
    except ScoreError as error:
        raise HTTPException(422, f"The score was refused: {error}") from error


def bearer_actor(
    request: Request,
    db: Annotated[Store, Depends(store)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Actor:
    scheme, _, token = (authorization or "").partition(" ")
    actor = None
    if scheme.lower() == "bearer" and auth.looks_like_token(token.strip()):
        with db.session() as session:
            actor = auth.authenticate(session, token.strip(), "bearer", client_address(request))
    if actor is None:
        raise HTTPException(
            401, "Sign in: send a bearer token.", headers={"WWW-Authenticate": "Bearer"}
        )
    return actor


ActorDep = Annotated[Actor, Depends(bearer_actor)]
StoreDep = Annotated[Store, Depends(store)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Credentials(_In):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class NewPatient(_In):
    display_name: str | None = Field(default=None, max_length=200)
    birth_year: int | None = Field(default=None, ge=1880, le=2100)
    sex: Literal["female", "male", "other"] | None = None


class NewEpisode(_In):
    note: str = Field(default="", max_length=2000)


class NewVisit(_In):
    case: dict[str, Any] = Field(description="a sciatica-case/1 object (`previous` is ignored)")
    seen_at: datetime | None = Field(default=None, description="ISO 8601 with a time zone")


class VisitEdit(_In):
    case: dict[str, Any]
    version: int = Field(ge=1, description="the version you read: 409 if it changed since")


class NewScore(_In):
    instrument: Literal["nprs", "sbi", "startback", "odi"]
    answers: dict[str, int | None]
    visit_id: int | None = None


@router.post(
    "/auth/token",
    responses={429: _problem("Too many failed logins")},
    summary="Exchange a username and password for a bearer token",
)
def token(body: Credentials, request: Request, db: StoreDep) -> dict[str, Any]:
    address = client_address(request)
    outcome: tuple[str, int] | None = None
    error: Exception | None = None
    with db.session() as session:  # commits the attempt even when the login fails
        try:
            issued, user = auth.login(session, body.username, body.password, address, "bearer")
            outcome = (issued, user.clinic_id)
        except (auth.AuthError, auth.RateLimited) as exc:
            error = exc
    if isinstance(error, auth.RateLimited):
        raise HTTPException(429, "Too many failed logins: try again in 15 minutes.")
    if outcome is None:
        raise HTTPException(401, "Wrong username or password.")
    return {"access_token": outcome[0], "token_type": "bearer", "clinic_id": outcome[1]}


@router.delete("/auth/token", status_code=204, summary="Revoke this bearer token")
def revoke(actor: ActorDep, db: StoreDep, authorization: Annotated[str, Header()]) -> Response:
    with db.session() as session:
        auth.logout(session, authorization.partition(" ")[2].strip(), actor)
    return Response(status_code=204)


@router.get("/patients", summary="The patients of your clinic")
def patients(actor: ActorDep, db: StoreDep) -> list[dict[str, Any]]:
    with transaction(db) as s:
        return [sv.patient_json(p) for p in sv.list_patients(s, actor)]


@router.post("/patients", status_code=201, summary="Create a patient (pseudonymous record)")
def create_patient(body: NewPatient, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.patient_json(sv.create_patient(s, actor, **body.model_dump()))


@router.get("/patients/{patient_id}", summary="One patient with episodes and visits")
def patient(patient_id: int, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        p = sv.get_patient(s, actor, patient_id)
        return {**sv.patient_json(p), "episodes": [sv.episode_json(e) for e in p.episodes]}


@router.delete("/patients/{patient_id}", status_code=204, summary="Delete a patient entirely")
def delete_patient(patient_id: int, actor: ActorDep, db: StoreDep) -> Response:
    with transaction(db) as s:
        sv.delete_patient(s, actor, patient_id)
    return Response(status_code=204)


@router.get("/patients/{patient_id}/export", summary="The patient's whole record as JSON")
def export(patient_id: int, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.export_patient(s, actor, patient_id)


@router.get("/patients/{patient_id}/timeline", summary="Grades, pain and scores over time")
def timeline(patient_id: int, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.timeline(s, actor, patient_id)


@router.post("/patients/{patient_id}/episodes", status_code=201, summary="Open an episode")
def create_episode(
    patient_id: int, body: NewEpisode, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.episode_json(sv.create_episode(s, actor, patient_id, body.note))


@router.post(
    "/patients/{patient_id}/episodes/{episode_id}/visits",
    status_code=201,
    summary="Add a visit: assessed against the previous one; escalations become alerts",
)
def add_visit(
    patient_id: int, episode_id: int, body: NewVisit, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    if body.seen_at is not None and body.seen_at.tzinfo is None:
        raise HTTPException(422, "seen_at needs a time zone")
    with transaction(db) as s:
        visit = sv.add_visit(
            s, actor, episode_id, body.case, seen_at=body.seen_at, patient_id=patient_id
        )
        alerts = sv.alerts_of_visit(s, visit.id)
        return {**sv.visit_json(visit), "alerts": [sv.alert_json(a) for a in alerts]}


@router.get("/patients/{patient_id}/visits/{visit_id}", summary="One visit")
def visit(patient_id: int, visit_id: int, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.visit_json(sv.get_visit(s, actor, visit_id, patient_id))


@router.put(
    "/patients/{patient_id}/visits/{visit_id}",
    responses={409: _problem("The visit changed since the version you read")},
    summary="Replace a visit's case (optimistic concurrency: send the version you read)",
)
def edit_visit(
    patient_id: int, visit_id: int, body: VisitEdit, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        edited = sv.update_visit(s, actor, visit_id, body.case, body.version, patient_id)
        return sv.visit_json(edited)


@router.get("/patients/{patient_id}/alerts", summary="The patient's alerts, most urgent first")
def patient_alerts(
    patient_id: int, actor: ActorDep, db: StoreDep, all: bool = False
) -> list[dict[str, Any]]:
    with transaction(db) as s:
        return [sv.alert_json(a) for a in sv.list_alerts(s, actor, patient_id, open_only=not all)]


@router.post("/patients/{patient_id}/alerts/{alert_id}/acknowledge", summary="Acknowledge an alert")
def acknowledge(patient_id: int, alert_id: int, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.alert_json(sv.acknowledge_alert(s, actor, alert_id, patient_id))


@router.get("/alerts", summary="The clinic's open alerts, most urgent first")
def clinic_alerts(actor: ActorDep, db: StoreDep) -> list[dict[str, Any]]:
    with transaction(db) as s:
        return [sv.alert_json(a) for a in sv.list_alerts(s, actor)]


@router.get("/patients/{patient_id}/scores", summary="Outcome-score responses")
def scores(patient_id: int, actor: ActorDep, db: StoreDep) -> list[dict[str, Any]]:
    with transaction(db) as s:
        return [sv.score_json(r) for r in sv.list_scores(s, actor, patient_id)]


@router.post("/patients/{patient_id}/scores", status_code=201, summary="Record a score")
def add_score(patient_id: int, body: NewScore, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        response = sv.record_score(
            s, actor, patient_id, body.instrument, dict(body.answers), body.visit_id
        )
        return sv.score_json(response)
