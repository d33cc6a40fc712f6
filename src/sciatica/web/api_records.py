"""REST API for patient records under /api/v1 (bearer tokens; `pip install sciatica[records]`).

Get a token with POST /api/v1/auth/token, then send `Authorization: Bearer <token>`. Every record
endpoint answers 404 for another clinic's records, exactly as for records that do not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, NoReturn

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response, Security
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import InvalidCase
from ..records import auth
from ..records import services as sv
from ..records.audit import Actor
from ..records.db import Store, default_store
from ..records.scores import ScoreError
from ..validation import check_json_value
from .problems import PROBLEM
from .records_schemas import (
    Alert,
    CaseJson,
    Episode,
    Export,
    PatientRecord,
    PatientWithEpisodes,
    Score,
    Timeline,
    Token,
    Visit,
    VisitWithAlerts,
)
from .score_requests import NewScore, answers_of

PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}}


RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {
        **_problem("No valid bearer token: get one from POST /api/v1/auth/token"),
        "headers": {
            "WWW-Authenticate": {
                "description": "`Bearer`",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    },
    403: _problem("Your role may not do this (delete, download: clinic administrators)"),
    404: _problem("No such record in your clinic"),
    409: _problem("A simultaneous change conflicts with this one"),
    413: _problem("Body too large"),
    422: _problem("The request was refused; `errors` names each bad field"),
}

# Operations with a JSON body: bytes that are not UTF-8 JSON text are a 400 (FastAPI's own).
BODY_RESPONSES: dict[int | str, dict[str, Any]] = {400: _problem("The body is not UTF-8 JSON")}

router = APIRouter(prefix="/api/v1", tags=["records"], responses=RESPONSES)

# The security scheme of /openapi.json (`components.securitySchemes.bearer`). auto_error=False:
# `bearer_actor` answers a missing or bad token itself (a 401 problem with WWW-Authenticate).
bearer_scheme = HTTPBearer(
    scheme_name="bearer",
    bearerFormat="sct_...",
    description="A token from POST /api/v1/auth/token, sent as `Authorization: Bearer <token>`.",
    auto_error=False,
)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)]

# Record ids are positive and fit the database's 32-bit integer columns: anything else is a 422,
# never a query the database cannot run.
MAX_ID = sv.MAX_ID
PatientId = Annotated[int, Path(ge=1, le=MAX_ID)]
EpisodeId = Annotated[int, Path(ge=1, le=MAX_ID)]
VisitId = Annotated[int, Path(ge=1, le=MAX_ID)]
AlertId = Annotated[int, Path(ge=1, le=MAX_ID)]


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
    except sv.Forbidden as error:
        raise HTTPException(403, f"Not allowed: {error}.") from error
    except sv.VersionConflict as error:
        raise HTTPException(
            409,
            f"The visit was changed by someone else (now version {error.current}): reload it "
            "and apply your change again. Nothing was overwritten.",
        ) from error
    except IntegrityError as error:  # a change committed meanwhile that no guard foresaw
        raise HTTPException(
            409, "A simultaneous change conflicts with this one: reload and try again."
        ) from error
    except StaleDataError as error:
        raise HTTPException(
            409, "The visit was changed by someone else: reload it. Nothing was overwritten."
        ) from error
    except sv.EpisodeClosed as error:
        raise HTTPException(
            409, "The episode is closed: reopen it, or open a new episode for this visit."
        ) from error
    except ScoreError as error:
        raise HTTPException(422, f"The score was refused: {error}") from error


def bearer_actor(
    request: Request, db: Annotated[Store, Depends(store)], credentials: BearerCredentials
) -> Actor:
    token = credentials.credentials if credentials else ""  # None unless "Bearer <something>"
    actor = None
    if auth.looks_like_token(token):
        with db.session() as session:
            actor = auth.authenticate(session, token, "bearer", client_address(request))
    if actor is None:
        raise HTTPException(
            401, "Sign in: send a bearer token.", headers={"WWW-Authenticate": "Bearer"}
        )
    return actor


ActorDep = Annotated[Actor, Depends(bearer_actor)]
StoreDep = Annotated[Store, Depends(store)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _text_only(cls, data: Any) -> Any:
        """A lone surrogate ("\\ud800") parses but cannot be stored (PostgreSQL refuses it with
        a server error): refuse it here, with the same limits as every other JSON input."""
        try:
            check_json_value(data)
        except InvalidCase as refused:
            raise ValueError("; ".join(p.message for p in refused.problems)) from None
        return data


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
    case: CaseJson = Field(
        description="a sciatica-case/1 object; a `previous` in it is checked, then replaced "
        "by the stored last visit"
    )
    seen_at: datetime | None = Field(default=None, description="ISO 8601 with a time zone")


class VisitEdit(_In):
    case: CaseJson = Field(
        description="a sciatica-case/1 object; a `previous` in it is checked, then replaced "
        "by the stored last visit"
    )
    version: int = Field(ge=1, description="the version you read: 409 if it changed since")


@router.post(
    "/auth/token",
    response_model=Token,
    responses={
        **BODY_RESPONSES,
        401: _problem("Wrong username or password"),
        429: _problem("Too many failed logins"),
    },
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
def revoke(actor: ActorDep, db: StoreDep, credentials: BearerCredentials) -> Response:
    with db.session() as session:  # bearer_actor let it through: the credentials are there
        auth.logout(session, credentials.credentials if credentials else "", actor)
    return Response(status_code=204)


@router.get("/patients", response_model=list[PatientRecord], summary="The patients of your clinic")
def patients(actor: ActorDep, db: StoreDep) -> list[dict[str, Any]]:
    with transaction(db) as s:
        return [sv.patient_json(p) for p in sv.list_patients(s, actor)]


@router.post(
    "/patients",
    status_code=201,
    response_model=PatientRecord,
    responses=BODY_RESPONSES,
    summary="Create a patient (pseudonymous record)",
)
def create_patient(body: NewPatient, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.patient_json(sv.create_patient(s, actor, **body.model_dump()))


@router.get(
    "/patients/{patient_id}",
    response_model=PatientWithEpisodes,
    summary="One patient with episodes and visits",
)
def patient(patient_id: PatientId, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        p = sv.get_patient(s, actor, patient_id)
        return {**sv.patient_json(p), "episodes": [sv.episode_json(e) for e in p.episodes]}


@router.delete("/patients/{patient_id}", status_code=204, summary="Delete a patient entirely")
def delete_patient(patient_id: PatientId, actor: ActorDep, db: StoreDep) -> Response:
    with transaction(db) as s:
        sv.delete_patient(s, actor, patient_id)
    return Response(status_code=204)


@router.get(
    "/patients/{patient_id}/export",
    response_model=Export,
    summary="The patient's whole record as JSON",
)
def export(patient_id: PatientId, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.export_patient(s, actor, patient_id)


@router.get(
    "/patients/{patient_id}/timeline",
    response_model=Timeline,
    summary="Grades, pain and scores over time",
)
def timeline(patient_id: PatientId, actor: ActorDep, db: StoreDep) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.timeline(s, actor, patient_id)


@router.post(
    "/patients/{patient_id}/episodes",
    status_code=201,
    response_model=Episode,
    responses=BODY_RESPONSES,
    summary="Open an episode",
)
def create_episode(
    patient_id: PatientId, body: NewEpisode, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.episode_json(sv.create_episode(s, actor, patient_id, body.note))


@router.post(
    "/patients/{patient_id}/episodes/{episode_id}/close",
    response_model=Episode,
    summary="Close an episode (its visits and alerts are kept)",
)
def close_episode(
    patient_id: PatientId, episode_id: EpisodeId, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.episode_json(sv.close_episode(s, actor, episode_id, patient_id))


@router.post(
    "/patients/{patient_id}/episodes/{episode_id}/reopen",
    response_model=Episode,
    summary="Reopen an episode",
)
def reopen_episode(
    patient_id: PatientId, episode_id: EpisodeId, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.episode_json(sv.reopen_episode(s, actor, episode_id, patient_id))


# A visit date the engine can compare with the previous visit (PreviousVisit.days_ago is at
# most 36500 days): not in the future (a day's leeway for time zones), at most 50 years ago.
SEEN_AT_PAST = timedelta(days=50 * 365)


def _plausible(seen_at: datetime) -> bool:
    today = datetime.now(UTC)
    return today - SEEN_AT_PAST <= seen_at <= today + timedelta(days=1)


@router.post(
    "/patients/{patient_id}/episodes/{episode_id}/visits",
    status_code=201,
    response_model=VisitWithAlerts,
    responses={
        **BODY_RESPONSES,
        409: _problem("The episode is closed: reopen it or open a new one"),
    },
    summary="Add a visit: assessed against the previous one; escalations become alerts",
)
def add_visit(
    patient_id: PatientId, episode_id: EpisodeId, body: NewVisit, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    if body.seen_at is not None and body.seen_at.tzinfo is None:
        raise HTTPException(422, "seen_at needs a time zone")
    if body.seen_at is not None and not _plausible(body.seen_at):
        raise HTTPException(422, "seen_at must be within the last 50 years and not in the future")
    with transaction(db) as s:
        visit = sv.add_visit(
            s, actor, episode_id, body.case, seen_at=body.seen_at, patient_id=patient_id
        )
        alerts = sv.alerts_of_visit(s, visit.id)
        return {**sv.visit_json(visit), "alerts": [sv.alert_json(a) for a in alerts]}


@router.get("/patients/{patient_id}/visits/{visit_id}", response_model=Visit, summary="One visit")
def visit(
    patient_id: PatientId, visit_id: VisitId, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.visit_json(sv.get_visit(s, actor, visit_id, patient_id))


@router.put(
    "/patients/{patient_id}/visits/{visit_id}",
    response_model=Visit,
    responses={**BODY_RESPONSES, 409: _problem("The visit changed since the version you read")},
    summary="Replace a visit's case (optimistic concurrency: send the version you read)",
)
def edit_visit(
    patient_id: PatientId, visit_id: VisitId, body: VisitEdit, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        edited = sv.update_visit(s, actor, visit_id, body.case, body.version, patient_id)
        return sv.visit_json(edited)


@router.get(
    "/patients/{patient_id}/alerts",
    response_model=list[Alert],
    summary="The patient's alerts, most urgent first",
)
def patient_alerts(
    patient_id: PatientId, actor: ActorDep, db: StoreDep, all: bool = False
) -> list[dict[str, Any]]:
    with transaction(db) as s:
        return [sv.alert_json(a) for a in sv.list_alerts(s, actor, patient_id, open_only=not all)]


@router.post(
    "/patients/{patient_id}/alerts/{alert_id}/acknowledge",
    response_model=Alert,
    summary="Acknowledge an alert",
)
def acknowledge(
    patient_id: PatientId, alert_id: AlertId, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        return sv.alert_json(sv.acknowledge_alert(s, actor, alert_id, patient_id))


@router.get(
    "/alerts", response_model=list[Alert], summary="The clinic's open alerts, most urgent first"
)
def clinic_alerts(actor: ActorDep, db: StoreDep) -> list[dict[str, Any]]:
    with transaction(db) as s:
        return [sv.alert_json(a) for a in sv.list_alerts(s, actor)]


@router.get(
    "/patients/{patient_id}/scores", response_model=list[Score], summary="Outcome-score responses"
)
def scores(patient_id: PatientId, actor: ActorDep, db: StoreDep) -> list[dict[str, Any]]:
    with transaction(db) as s:
        return [sv.score_json(r) for r in sv.list_scores(s, actor, patient_id)]


@router.post(
    "/patients/{patient_id}/scores",
    status_code=201,
    response_model=Score,
    responses=BODY_RESPONSES,
    summary="Record a score",
)
def add_score(
    patient_id: PatientId, body: NewScore, actor: ActorDep, db: StoreDep
) -> dict[str, Any]:
    with transaction(db) as s:
        response = sv.record_score(
            s, actor, patient_id, body.instrument, answers_of(body), body.visit_id
        )
        return sv.score_json(response)


def _refuse_other_methods(api: APIRouter) -> None:
    """A 405 names every method of the path in `Allow` (RFC 9110), not only the first route's.

    Each method of a path is its own route, and Starlette answers a method that no route has
    from the first route of the path: `OPTIONS /api/v1/patients` said `Allow: GET` although POST
    is there too. A hidden route per such path answers the other methods instead.
    """
    allowed: dict[str, set[str]] = {}
    for route in api.routes:
        if isinstance(route, APIRoute):
            allowed.setdefault(route.path, set()).update(route.methods or ())
    for path, methods in allowed.items():
        if len(methods) > 1:
            api.add_api_route(
                path.removeprefix(api.prefix),
                _method_not_allowed(", ".join(sorted(methods))),
                methods=sorted(HTTP_METHODS - methods),
                response_model=None,
                include_in_schema=False,
            )


HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"}


def _method_not_allowed(allow: str) -> Any:
    def method_not_allowed() -> NoReturn:
        raise HTTPException(405, "Method Not Allowed", headers={"Allow": allow})

    return method_not_allowed


_refuse_other_methods(router)
