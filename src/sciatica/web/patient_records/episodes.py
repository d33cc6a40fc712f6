"""Episodes of care on the patient page: open a new one, close an open one, reopen a closed one.

A visit recorded from the page goes to the latest open episode (`services.current_episode`), so
closing an episode means the next visit starts a new one and is not compared with the old one.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...records import services as sv
from .common import (
    CSRF,
    SignedIn,
    StoreDep,
    back_to,
    field,
    scoped,
)

router = APIRouter(include_in_schema=False)


@router.post("/records/patients/{patient_id}/episodes", dependencies=CSRF)
async def new_episode(patient_id: int, request: Request, db: StoreDep, actor: SignedIn) -> Response:
    note = field(await request.form(), "note")[:1000]
    with scoped(db) as s:
        sv.create_episode(s, actor, patient_id, note)
    return back_to(patient_id, "episodes")


@router.post("/records/patients/{patient_id}/episodes/{episode_id}/close", dependencies=CSRF)
def close_episode(patient_id: int, episode_id: int, db: StoreDep, actor: SignedIn) -> Response:
    with scoped(db) as s:
        sv.close_episode(s, actor, episode_id, patient_id)
    return back_to(patient_id, "episodes")


@router.post("/records/patients/{patient_id}/episodes/{episode_id}/reopen", dependencies=CSRF)
def reopen_episode(patient_id: int, episode_id: int, db: StoreDep, actor: SignedIn) -> Response:
    with scoped(db) as s:
        sv.reopen_episode(s, actor, episode_id, patient_id)
    return back_to(patient_id, "episodes")
