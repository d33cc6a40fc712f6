"""The audit log: who did what to which record, when and from where. Never case data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from .models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """The signed-in clinician a service call acts for, and the address the request came from."""

    clinician_id: int
    username: str
    clinic_id: int
    role: str
    address: str | None = None


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
    session.add(
        AuditEvent(
            clinician_id=actor.clinician_id if actor else None,
            username=actor.username if actor else None,
            clinic_id=actor.clinic_id if actor else None,
            action=action,
            entity=entity,
            entity_id=entity_id,
            patient_id=patient_id,
            address=(actor.address if actor else None) or address,
            detail=detail[:500],
        )
    )
