"""A visit write on SQLite sends plain SQL through the driver (`sciatica.records.sqlite_visit`):
its rows must hold exactly the text the ORM would have stored, so every reader reads them alike.
SQLite only: PostgreSQL writes a visit with its own statement, which the other tests cover."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sciatica.records import auth
from sciatica.records import services as sv
from sciatica.records.db import Store
from sciatica.records.models import Alert, AuditEvent, Base, Visit

from .cases import foot_drop
from .conftest import PASSWORD


def stored(store: Store, model: type[Base], row_id: int) -> dict[str, Any]:
    """The row as SQLite holds it: each column's storage class and raw value."""
    table = model.__table__
    names = [c.name for c in table.columns if c.name != "id"]
    select = ", ".join(f"typeof({n}), {n}" for n in names)
    with store.engine.connect() as connection:
        raw = connection.exec_driver_sql(
            f"SELECT {select} FROM {table.name} WHERE id = ?", (row_id,)
        ).one()
    return {n: (raw[2 * i], raw[2 * i + 1]) for i, n in enumerate(names)}


def orm_copy(store: Store, model: type[Base], row_id: int) -> int:
    """The same values written again by the ORM's unit of work; the copy's id."""
    names = [c.key for c in sa.inspect(model).column_attrs if c.key != "id"]
    with store.session() as s:
        row = s.get(model, row_id)
        copy = model(**{n: getattr(row, n) for n in names})
        s.add(copy)
        s.flush()
        return int(copy.id)


def test_a_visit_its_alerts_and_its_audit_event_are_stored_as_the_orm_would(
    tmp_path: Path,
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'records.sqlite3'}")
    try:
        with store.session() as s:
            clinic = auth.create_clinic(s, "Clinic")
            actor = auth.actor_for(auth.create_user(s, clinic.id, "ann", PASSWORD), "10.0.0.9")
            patient = sv.create_patient(s, actor, display_name="É. Ü.")
            episode = sv.create_episode(s, actor, patient.id)
        with store.session() as s:
            sv.add_visit(s, actor, episode.id, foot_drop(4, pain_score=6), patient_id=patient.id)
        with store.session() as s:
            visit = sv.add_visit(s, actor, episode.id, foot_drop(2), patient_id=patient.id)
            alert_ids = [a.id for a in sv.alerts_of_visit(s, visit.id)]
            event_id = s.scalar(
                sa.select(AuditEvent.id).where(
                    AuditEvent.action == "visit.create", AuditEvent.entity_id == visit.id
                )
            )
        assert alert_ids and event_id is not None  # 4 then 2: the write raised alerts
        written = [(Visit, visit.id), *((Alert, a) for a in alert_ids), (AuditEvent, event_id)]
        for model, row_id in written:
            assert stored(store, model, row_id) == stored(
                store, model, orm_copy(store, model, row_id)
            ), model.__name__
    finally:
        store.close()
