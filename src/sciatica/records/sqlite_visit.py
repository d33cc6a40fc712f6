"""The statements of a visit write on SQLite, sent as plain SQL through the driver.

Why: for these short statements SQLAlchemy's own work (finding the compiled form, converting
each value, building the result) cost more than SQLite did, and a visit write runs six of them,
most while it holds the whole database's write lock. Here each value is converted by its column's
own type, so the stored text is exactly what SQLAlchemy would store, and every statement still
goes through the session's Connection (`exec_driver_sql`): the same transaction, the same error
types, the same events (the benchmark counts the statements with them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Dialect, Table

from .models import Alert, AuditEvent, Visit, written_columns

VISITS = cast(Table, Visit.__table__)


@dataclass(frozen=True)
class Types:
    """The conversions of the columns' types for one dialect (as SQLAlchemy binds and reads them)."""

    when: Callable[[datetime | None], Any]
    json: Callable[[Any], Any]
    read_when: Callable[[Any], datetime | None]
    read_json: Callable[[Any], Any]


@cache
def types(dialect: Dialect) -> Types:
    seen_at = VISITS.c.seen_at.type.dialect_impl(dialect)
    case = VISITS.c.case_json.type.dialect_impl(dialect)
    return Types(
        when=seen_at.bind_processor(dialect) or (lambda v: v),
        json=case.bind_processor(dialect) or (lambda v: v),
        read_when=seen_at.result_processor(dialect, None) or (lambda v: v),
        read_json=case.result_processor(dialect, None) or (lambda v: v),
    )


class Head(NamedTuple):
    """What a visit write reads before the lock: the episode, its patient's clinic, and the
    visit the engine compares with (the last seen at or before the new one, else None)."""

    patient_id: int
    closed_at: datetime | None
    clinic_id: int
    last_id: int | None
    last_seen_at: datetime | None
    last_case: dict[str, Any] | None


# The episode's last visit at or before a date, ties by entry order: one step down
# ix_visits_episode_seen.
_LAST_BEFORE = (
    "SELECT id FROM visits WHERE episode_id = :episode_id AND seen_at <= :seen_at"
    " ORDER BY seen_at DESC, id DESC LIMIT 1"
)
HEAD = (
    "SELECT e.patient_id, e.closed_at, p.clinic_id, last.id, last.seen_at, last.case_json"
    " FROM episodes AS e JOIN patients AS p ON p.id = e.patient_id"
    f" LEFT JOIN visits AS last ON last.id = ({_LAST_BEFORE})"
    " WHERE e.id = :episode_id"
)


def head(connection: Connection, episode_id: int, seen_at: datetime) -> Head | None:
    t = types(connection.dialect)
    found = connection.exec_driver_sql(
        HEAD, {"episode_id": episode_id, "seen_at": t.when(seen_at)}
    ).first()
    if found is None:
        return None
    patient_id, closed_at, clinic_id, last_id, last_seen_at, last_case = found
    return Head(
        patient_id,
        t.read_when(closed_at),
        clinic_id,
        last_id,
        t.read_when(last_seen_at),
        t.read_json(last_case),
    )


# SQLite locks the whole database for a write: an UPDATE that matches no row takes that lock
# without writing a page (a no-op UPDATE of the patient's row added a page to every commit's WAL).
# From here no other writer can change what this transaction reads until it ends: the patient
# and episode checked by INSERT_VISIT stay as it found them.
WRITE_LOCK = "UPDATE patients SET clinic_id = clinic_id WHERE 0"
STILL_THERE = (
    "SELECT (SELECT count(*) FROM patients WHERE id = :patient_id),"
    " (SELECT count(*) FROM episodes WHERE id = :episode_id AND closed_at IS NULL)"
)


def lock(connection: Connection) -> None:
    connection.exec_driver_sql(WRITE_LOCK)


def still_there(connection: Connection, patient_id: int, episode_id: int) -> tuple[int, int]:
    """Whether the patient exists and the episode is still open (1 or 0 each)."""
    params = {"patient_id": patient_id, "episode_id": episode_id}
    held, still_open = connection.exec_driver_sql(STILL_THERE, params).one()
    return held, still_open


_VISIT_COLUMNS = written_columns(Visit)
# Inserted only if, under the lock, the patient is there, the episode open and its last visit
# still the one the engine compared with (the checks and the write in one statement).
INSERT_VISIT = (
    f"INSERT INTO visits ({', '.join(_VISIT_COLUMNS)})"
    f" SELECT {', '.join(':' + c for c in _VISIT_COLUMNS)}"
    " WHERE EXISTS (SELECT 1 FROM patients WHERE id = :patient_id)"
    " AND EXISTS (SELECT 1 FROM episodes WHERE id = :episode_id AND closed_at IS NULL)"
    f" AND ({_LAST_BEFORE}) IS :expected"
)
_ALERT_COLUMNS = written_columns(Alert)
INSERT_ALERT = (
    f"INSERT INTO alerts ({', '.join(_ALERT_COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in _ALERT_COLUMNS)})"
)
_EVENT_COLUMNS = written_columns(AuditEvent)
INSERT_EVENT = (
    f"INSERT INTO audit_log ({', '.join(_EVENT_COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in _EVENT_COLUMNS)})"
)


def insert_visit(
    connection: Connection, row: dict[str, Any], expected: int | None, patient_id: int
) -> int | None:
    """The new visit's id, or None (nothing inserted) if the patient is gone, the episode closed
    or another visit the last now (`still_there` tells which)."""
    t = types(connection.dialect)
    params = {
        **row,
        "seen_at": t.when(row["seen_at"]),
        "case_json": t.json(row["case_json"]),
        "assessment_json": t.json(row["assessment_json"]),
        "created_at": t.when(row["created_at"]),
        "updated_at": t.when(row["updated_at"]),
        "expected": expected,
        "patient_id": patient_id,
    }
    result = connection.exec_driver_sql(INSERT_VISIT, params)
    return result.lastrowid if result.rowcount == 1 else None


def insert_alerts(connection: Connection, alerts: list[dict[str, Any]]) -> list[int]:
    """Inserts the alerts (every column given), one statement each; their ids in order."""
    t = types(connection.dialect)
    ids = []
    for alert in alerts:
        params = {
            **alert,
            "sources": t.json(alert["sources"]),
            "created_at": t.when(alert["created_at"]),
            "acknowledged_at": t.when(alert["acknowledged_at"]),
            "superseded_at": t.when(alert["superseded_at"]),
        }
        ids.append(connection.exec_driver_sql(INSERT_ALERT, params).lastrowid)
    return ids


def insert_event(connection: Connection, event: dict[str, Any]) -> None:
    t = types(connection.dialect)
    connection.exec_driver_sql(INSERT_EVENT, {**event, "at": t.when(event["at"])})


def supersede(connection: Connection, sql: str, params: dict[str, Any]) -> list[int]:
    """Runs the supersede UPDATE (its SQL with named parameters); the ids it closed."""
    t = types(connection.dialect)
    done = connection.exec_driver_sql(sql, {**params, "closed_at": t.when(params["closed_at"])})
    return list(done.scalars())
