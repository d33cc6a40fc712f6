"""The audit log: who did what to which record, when and from where. Never case data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from .models import AuditEvent, now


@dataclass(frozen=True)
class Actor:
    """The signed-in clinician a service call acts for, and the address the request came from."""

    clinician_id: int
    username: str
    clinic_id: int
    role: str
    address: str | None = None


def event(
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    patient_id: int | None = None,
    detail: str = "",
    address: str | None = None,
) -> dict[str, Any]:
    """The columns of an audit event."""
    return {
        "at": now(),
        "clinician_id": actor.clinician_id if actor else None,
        "username": actor.username if actor else None,
        "clinic_id": actor.clinic_id if actor else None,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "patient_id": patient_id,
        "address": (actor.address if actor else None) or address,
        "detail": detail[:500],
    }


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    patient_id: int | None = None,
    detail: str = "",
    address: str | None = None,
) -> None:
    """Adds an event to the session's transaction: written if and only if the action is."""
    values = event(
        actor, action, entity, entity_id, patient_id=patient_id, detail=detail, address=address
    )
    session.add(AuditEvent(**values))


INSERT = insert(cast(Table, AuditEvent.__table__))


def write(session: Session, values: dict[str, Any]) -> None:
    """Inserts an event now, in the session's transaction (committed with it or not at all),
    without the unit of work: for the writes whose every round trip and millisecond counts."""
    session.connection().execute(INSERT, values)
