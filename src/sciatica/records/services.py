"""Domain services over a Session: patients, episodes, visits, alerts, scores, export, delete.

Every function takes the `Actor` it acts for, refuses another clinic's records (`NotFound`, so
nobody learns that a record exists) and writes an audit event in the same transaction. The caller
owns the transaction (`Store.session()`); nothing here commits.

A new visit is assessed by the engine with `previous` built from the episode's last visit, so the
follow-up escalation rules of the knowledge base (escalation.yaml, ESC-01 ... ESC-09) decide; each
fired rule that implements an escalation becomes an alert with its rule, level and sources.

One patient has at most one open alert per rule: a newer visit's alert supersedes the older open
one (closed as superseded, kept with the id of the alert that took its place), and acknowledging
an alert also acknowledges the older open ones of its rule for that patient.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, cast

from pydantic import ValidationError
from sqlalchemy import (
    ColumnElement,
    Connection,
    CursorResult,
    Integer,
    Table,
    and_,
    bindparam,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session, joinedload, make_transient_to_detached, selectinload
from sqlalchemy.orm.attributes import instance_state, set_committed_value
from sqlalchemy.orm.interfaces import ORMOption
from sqlalchemy.orm.util import identity_key

from ..assessment import LEVELS, Evidence
from ..case import Case, PreviousVisit
from ..engine import assess
from ..errors import InvalidCase
from ..evidence import render_finding
from ..knowledge import load_knowledge
from ..validation import parse_case
from . import audit, sqlite_visit
from .audit import Actor
from .models import (
    Alert,
    AuditEvent,
    Episode,
    Patient,
    ScoreResponse,
    UtcDateTime,
    Visit,
    now,
    written_columns,
)
from .scores import score

RECORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; a larger one names no record
MAX_DAYS_AGO = 36500  # the contract's limit for previous.days_ago
Row = TypeVar("Row", Patient, Episode, Visit, Alert)
# The tables, for the statements of a visit write: plain statements on tables skip the ORM's
# per-statement work (they return rows, not objects).
PATIENTS = cast(Table, Patient.__table__)
EPISODES = cast(Table, Episode.__table__)
VISITS = cast(Table, Visit.__table__)
ALERTS = cast(Table, Alert.__table__)


def _claim(session: Session, statement: Any, params: dict[str, Any] | None = None) -> bool:
    """Run a guarding UPDATE and say whether it matched a row.

    Why: a check read before a write can be stale by the time the write lands (a patient deleted,
    an episode closed meanwhile). A conditional UPDATE takes the write lock (SQLite) or the row
    lock (PostgreSQL) and re-checks the condition on the committed row, so whatever commits first
    wins cleanly: the writer that lost learns it (404, 409), never an IntegrityError."""
    result = session.execute(
        statement, params or {}, execution_options={"synchronize_session": False}
    )
    return isinstance(result, CursorResult) and result.rowcount == 1


# The statements of a visit write are built once, with bound parameters: SQLAlchemy then finds
# their compiled form by the statement's memoised cache key instead of building and hashing a new
# expression on every write.
HOLD_PATIENT = (
    update(PATIENTS)
    .where(PATIENTS.c.id == bindparam("patient_id"))
    .values(clinic_id=PATIENTS.c.clinic_id)
)


def _hold_patient(session: Session, patient: Patient) -> None:
    """Keep the patient from being deleted until this transaction ends (or learn it was)."""
    if not _claim(session, HOLD_PATIENT, {"patient_id": patient.id}):
        raise NotFound(f"patient {patient.id}")


def _row(
    session: Session, model: type[Row], record_id: int, options: Sequence[ORMOption] = ()
) -> Row | None:
    """The row with this id, or None. An id no row can have (outside 1..MAX_ID) is not sent to
    the database, whose driver would overflow: the caller answers "not found" as for a missing row."""
    return session.get(model, record_id, options=options) if 1 <= record_id <= MAX_ID else None


def plain_text(text: str | None) -> str | None:
    """Free text as stored: NUL characters removed (PostgreSQL refuses them in text columns)."""
    return text.replace("\x00", "") if text is not None else None


class NotFound(LookupError):
    """No such record in the actor's clinic."""


class VersionConflict(Exception):
    """The visit changed since the version the editor read."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the visit is at version {current}")
        self.current = current


class EpisodeClosed(Exception):
    """A visit was added to a closed episode: reopen it or start a new one."""


class Forbidden(PermissionError):
    """The actor's role may not do this."""


CLINIC_ADMIN = "clinic_admin"
"""Roles: a `clinician` reads and writes care (patients, episodes, visits, alerts, scores, the
FHIR view of a record for care); a `clinic_admin` also manages accounts, downloads whole records
(data portability) and deletes them. Checked after the clinic check, so that another clinic's
record still answers "not found" and nobody learns it exists."""


def require_clinic_admin(actor: Actor, what: str) -> None:
    if actor.role != CLINIC_ADMIN:
        raise Forbidden(f"only a clinic administrator may {what}")


@cache
def escalation_of_rule() -> dict[str, str]:
    """Rule id -> the escalation (ESC-nn) it implements."""
    out: dict[str, str] = {}
    for esc in load_knowledge().escalation:
        for rule in esc.implemented_by:
            out.setdefault(rule, esc.id)
    return out


def new_record_number() -> str:
    body = "".join(secrets.choice(RECORD_ALPHABET) for _ in range(8))
    return f"P-{body[:4]}-{body[4:]}"


# --- patients ----------------------------------------------------------------------------------


def _patient(session: Session, actor: Actor, patient_id: int) -> Patient:
    patient = _row(session, Patient, patient_id)
    if patient is None or patient.clinic_id != actor.clinic_id:
        raise NotFound(f"patient {patient_id}")
    return patient


def _fresh_patient_id(session: Session) -> int | None:
    """An id no patient ever had. SQLite without AUTOINCREMENT gives a new row the highest id + 1,
    so after the newest patient is deleted the next one would take its id, and with it the
    deleted person's audit trail (audit events keep plain patient ids). Count past every id the
    audit log has seen. PostgreSQL's sequences never reuse an id: None lets it choose."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    highest = session.scalar(
        select(func.max(AuditEvent.patient_id)).where(AuditEvent.patient_id.is_not(None))
    )
    current = session.scalar(select(func.max(Patient.id)))
    return max(highest or 0, current or 0) + 1


def create_patient(
    session: Session,
    actor: Actor,
    *,
    display_name: str | None = None,
    birth_year: int | None = None,
    sex: str | None = None,
) -> Patient:
    patient = Patient(
        id=_fresh_patient_id(session),
        clinic_id=actor.clinic_id,
        record_number=new_record_number(),
        display_name=plain_text(display_name) or None,
        birth_year=birth_year,
        sex=sex,
    )
    session.add(patient)
    session.flush()
    audit.record(session, actor, "patient.create", "patient", patient.id, patient_id=patient.id)
    return patient


def list_patients(session: Session, actor: Actor) -> list[Patient]:
    patients = list(
        session.scalars(
            select(Patient).where(Patient.clinic_id == actor.clinic_id).order_by(Patient.id.desc())
        )
    )
    audit.record(session, actor, "patient.list", "patient", detail=f"{len(patients)} patients")
    return patients


def get_patient(session: Session, actor: Actor, patient_id: int) -> Patient:
    patient = _patient(session, actor, patient_id)
    audit.record(session, actor, "patient.read", "patient", patient.id, patient_id=patient.id)
    return patient


def delete_patient(session: Session, actor: Actor, patient_id: int) -> None:
    """Deletes the patient and everything about them (episodes, visits, scores, alerts)."""
    patient = _patient(session, actor, patient_id)
    require_clinic_admin(actor, "delete a patient record")
    _hold_patient(session, patient)  # a visit or score being written finishes first
    session.info.pop(WRITTEN_ALERTS, None)
    session.delete(patient)
    audit.record(session, actor, "patient.delete", "patient", patient_id, patient_id=patient_id)


# --- episodes and visits -----------------------------------------------------------------------


def create_episode(session: Session, actor: Actor, patient_id: int, note: str = "") -> Episode:
    patient = _patient(session, actor, patient_id)
    episode = Episode(patient_id=patient.id, note=plain_text(note) or "")
    session.add(episode)
    session.flush()
    audit.record(session, actor, "episode.create", "episode", episode.id, patient_id=patient.id)
    return episode


def close_episode(
    session: Session, actor: Actor, episode_id: int, patient_id: int | None = None
) -> Episode:
    """Closes an episode (recovered, discharged or referred on); closing twice changes nothing.

    A closed episode keeps its visits and alerts. The next visit recorded from the patient page
    opens a new episode, so a new episode is never compared with the old one's last visit.
    """
    episode = _episode(session, actor, episode_id, patient_id)
    if episode.closed_at is None:
        episode.closed_at = now()
    audit.record(
        session, actor, "episode.close", "episode", episode.id, patient_id=episode.patient_id
    )
    return episode


def reopen_episode(
    session: Session, actor: Actor, episode_id: int, patient_id: int | None = None
) -> Episode:
    """Reopens a closed episode (closed by mistake, or the same problem came back soon)."""
    episode = _episode(session, actor, episode_id, patient_id)
    episode.closed_at = None
    audit.record(
        session, actor, "episode.reopen", "episode", episode.id, patient_id=episode.patient_id
    )
    return episode


def current_episode(session: Session, actor: Actor, patient_id: int) -> Episode:
    """The patient's latest open episode, opened now if there is none."""
    patient = _patient(session, actor, patient_id)
    for episode in reversed(patient.episodes):
        if episode.closed_at is None:
            return episode
    return create_episode(session, actor, patient_id)


# The patient comes in the same SELECT as the episode: its clinic is checked, and a visit holds it.
WITH_PATIENT = (joinedload(Episode.patient, innerjoin=True),)


def _episode(session: Session, actor: Actor, episode_id: int, patient_id: int | None) -> Episode:
    episode = _row(session, Episode, episode_id, WITH_PATIENT)
    if (
        episode is None
        or episode.patient.clinic_id != actor.clinic_id
        or (patient_id is not None and episode.patient_id != patient_id)
    ):
        raise NotFound(f"episode {episode_id}")
    return episode


def _visits_of(session: Session, episode_id: int) -> list[Visit]:
    return list(session.scalars(select(Visit).where(Visit.episode_id == episode_id)))


def _previous_of(
    visits: list[Visit], seen_at: datetime, before_id: int = 2**62
) -> PreviousVisit | None:
    earlier = [v for v in visits if (v.seen_at, v.id) < (seen_at, before_id)]
    if not earlier:
        return None
    last = max(earlier, key=lambda v: (v.seen_at, v.id))
    return _previous(last.seen_at, last.case_json, seen_at)


def _days_between(last_seen_at: datetime, seen_at: datetime) -> int:
    # clamped to the contract's range: a back-dated or far-future visit is still compared
    return min(MAX_DAYS_AGO, max(0, (seen_at - last_seen_at).days))


def _previous(
    last_seen_at: datetime, last_case: dict[str, Any], seen_at: datetime
) -> PreviousVisit:
    case = parse_case(last_case)
    days = _days_between(last_seen_at, seen_at)
    return PreviousVisit(days_ago=days, symptoms=case.symptoms, exam=case.exam)


def _last_before(*columns: Any) -> Any:
    """The episode's last visit seen at or before `seen_at` (ties: the last entered), as the
    given columns. One row: the episode's other visits, and their assessments, are not read."""
    return (
        select(*columns)
        .where(
            VISITS.c.episode_id == bindparam("episode_id"), VISITS.c.seen_at <= bindparam("seen_at")
        )
        .order_by(VISITS.c.seen_at.desc(), VISITS.c.id.desc())
        .limit(1)
    )


LAST_VISIT = _last_before(VISITS.c.id, VISITS.c.seen_at, VISITS.c.case_json)


def _previous_visit(
    session: Session, episode_id: int, seen_at: datetime
) -> tuple[int | None, PreviousVisit | None]:
    """The id of the episode's previous visit for a new one seen at `seen_at`, and what the
    engine compares with."""
    last = session.execute(LAST_VISIT, {"episode_id": episode_id, "seen_at": seen_at}).first()
    if last is None:
        return None, None
    return last.id, _previous(last.seen_at, last.case_json, seen_at)


def _assessed(case: dict[str, Any], previous: PreviousVisit | None) -> tuple[Case, dict[str, Any]]:
    # The whole case is checked, `previous` too (bad input is refused, never silently dropped);
    # then the store's own last visit replaces whatever `previous` it carried.
    parsed = parse_case(case).model_copy(update={"previous": None})
    assessment = assess(parsed.model_copy(update={"previous": previous}))
    stored = parsed.model_dump(mode="json", exclude_none=True)
    return parsed, {"case": stored, "assessment": assessment.to_json_dict()}


def is_open() -> ColumnElement[bool]:
    """An alert is open while neither acknowledged nor superseded."""
    return and_(Alert.acknowledged_at.is_(None), Alert.superseded_at.is_(None))


def _order(alert: Alert) -> tuple[datetime, int, int]:
    """Newer is larger: by the visit's date (a visit may be back-dated), then entry order."""
    return (alert.visit.seen_at, alert.visit_id, alert.id)


def _open_of(session: Session, patient_id: int, rules: set[str]) -> dict[str, list[Alert]]:
    """The patient's open alerts of these rules, per rule, oldest visit first."""
    session.flush()
    query = (
        select(Alert)
        .where(Alert.patient_id == patient_id, Alert.rule.in_(sorted(rules)), is_open())
        .options(selectinload(Alert.visit))
        .execution_options(populate_existing=True)
    )
    out: dict[str, list[Alert]] = {}
    for alert in sorted(session.scalars(query), key=_order):
        out.setdefault(alert.rule, []).append(alert)
    return out


def _newest_open_of_rule() -> Any:
    """The newest open alert of the outer alert's patient and rule (by its visit's date, then
    entry order), as a scalar subquery correlated to the alerts table."""
    newest, its_visit = ALERTS.alias("newest"), VISITS.alias("its_visit")
    return (
        select(newest.c.id)
        .join(its_visit, its_visit.c.id == newest.c.visit_id)
        .where(
            newest.c.patient_id == ALERTS.c.patient_id,
            newest.c.rule == ALERTS.c.rule,
            newest.c.acknowledged_at.is_(None),
            newest.c.superseded_at.is_(None),
        )
        .order_by(its_visit.c.seen_at.desc(), newest.c.visit_id.desc(), newest.c.id.desc())
        .limit(1)
        .correlate(ALERTS)
        .scalar_subquery()
    )


SUPERSEDE = (
    update(ALERTS)
    .where(
        ALERTS.c.patient_id == bindparam("of_patient"),  # not "patient_id": a column's own name
        ALERTS.c.rule.in_(bindparam("rules", expanding=True)),
        ALERTS.c.acknowledged_at.is_(None),
        ALERTS.c.superseded_at.is_(None),
        ALERTS.c.id != _newest_open_of_rule(),
    )
    .values(superseded_at=bindparam("closed_at"), superseded_by=_newest_open_of_rule())
    .returning(ALERTS.c.id)
)


def _supersede(session: Session, patient_id: int, rules: set[str]) -> None:
    """Per rule, the newest visit's open alert supersedes the patient's older open ones.

    One guarding UPDATE closes them all: its WHERE re-checks that each is still open, so an alert
    acknowledged meanwhile stays acknowledged (and is not also marked superseded). The newest
    open alert of the row's rule is found inside the statement (a newer visit may be back-dated),
    so no alert or visit is loaded for it; the newest is never itself closed, so it stays the
    newest while the statement works through the older ones."""
    if not rules:
        return
    session.flush()
    params = {"of_patient": patient_id, "rules": sorted(rules), "closed_at": now()}
    for alert_id in session.execute(SUPERSEDE, params).scalars():
        closed = session.identity_map.get(identity_key(Alert, alert_id))
        if closed is not None:  # loaded in this session: read again if used
            session.expire(closed)


# After a new visit: the same rule as SUPERSEDE for the rules of the visit's own alerts, with the
# newest open alert per rule ranked once for the patient (a window over its open alerts) instead
# of searched again for every alert it closes; no list of rules is spelled into the statement.
SUPERSEDE_AFTER_VISIT_SQL = (
    "WITH ranked AS (SELECT a.id,"
    " first_value(a.id) OVER (PARTITION BY a.rule"
    " ORDER BY v.seen_at DESC, a.visit_id DESC, a.id DESC) AS newest,"
    " row_number() OVER (PARTITION BY a.rule"
    " ORDER BY v.seen_at DESC, a.visit_id DESC, a.id DESC) AS n"
    " FROM alerts AS a JOIN visits AS v ON v.id = a.visit_id"
    " WHERE a.patient_id = :of_patient AND a.acknowledged_at IS NULL"
    " AND a.superseded_at IS NULL"
    " AND a.rule IN (SELECT rule FROM alerts WHERE visit_id = :new_visit))"
    " UPDATE alerts SET superseded_at = :closed_at,"
    " superseded_by = (SELECT newest FROM ranked WHERE ranked.id = alerts.id)"
    " WHERE alerts.id IN (SELECT id FROM ranked WHERE n > 1)"
    " AND alerts.acknowledged_at IS NULL AND alerts.superseded_at IS NULL"
    " RETURNING alerts.id"
)
SUPERSEDE_AFTER_VISIT = text(SUPERSEDE_AFTER_VISIT_SQL).bindparams(
    bindparam("closed_at", type_=UtcDateTime)
)


def _supersede_after_visit(session: Session, patient_id: int, visit_id: int) -> None:
    """_supersede for the rules of a visit just written (its alerts inserted, nothing else
    pending in the session): one guarding UPDATE, which an alert acknowledged meanwhile skips."""
    params = {"of_patient": patient_id, "new_visit": visit_id, "closed_at": now()}
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        ids = sqlite_visit.supersede(connection, SUPERSEDE_AFTER_VISIT_SQL, params)
    else:
        ids = list(connection.execute(SUPERSEDE_AFTER_VISIT, params).scalars())
    for alert_id in ids:
        closed = session.identity_map.get(identity_key(Alert, alert_id))
        if closed is not None:  # loaded in this session: read again if used
            session.expire(closed)


def _alert_rows(
    assessment: dict[str, Any], clinic_id: int, patient_id: int
) -> list[dict[str, Any]]:
    """The columns of the alerts an assessment raises: one per fired rule that implements an
    escalation (without the visit's id)."""
    esc = escalation_of_rule()
    return [
        {
            "clinic_id": clinic_id,
            "patient_id": patient_id,
            "escalation": esc[reason["rule"]],
            "rule": reason["rule"],
            "level": reason["level"],
            "urgency": LEVELS.index(reason["level"]),
            "finding": reason["finding"][:200],
            "text": reason["text"],
            "sources": list(reason["sources"]),
        }
        for reason in assessment["triage"]["reasons"]
        if reason["rule"] in esc
    ]


def _alerts_for(visit: Visit, patient: Patient) -> list[Alert]:
    rows = _alert_rows(visit.assessment_json, patient.clinic_id, patient.id)
    return [Alert(visit=visit, **row) for row in rows]


def _adopted(session: Session, model: type[Row], row: dict[str, Any]) -> Row:
    """The object of a row this transaction inserted itself (every column given), made part of
    the session as if it had been loaded (so it is not inserted again, and its relations
    resolve). Built as the ORM's loading builds one, its values set as committed: the
    constructor's change events would only record a history that is reset here, and cost more
    than the rest of the adoption."""
    adopted = inspect(model).class_manager.new_instance()
    instance_state(adopted).dict.update(row)
    make_transient_to_detached(adopted)
    session.add(adopted)
    return adopted


# session.info key: (the transaction, {visit id: the alerts it wrote for that visit}).
WRITTEN_ALERTS = "sciatica.written_alerts"
NOT_YET = dict.fromkeys(("acknowledged_at", "acknowledged_by", "superseded_at", "superseded_by"))
# Several alerts in one statement, their ids in the order of the rows given.
INSERT_ALERTS = insert(ALERTS).returning(ALERTS.c.id, sort_by_parameter_order=True)

# The statements of a visit write. Before the lock, one read: the episode, its patient's clinic
# and the visit the engine compares with (the episode's last seen at or before the new one).
_LAST = VISITS.alias("last")
_LAST_ID = (
    select(VISITS.c.id)
    .where(VISITS.c.episode_id == EPISODES.c.id, VISITS.c.seen_at <= bindparam("seen_at"))
    .order_by(VISITS.c.seen_at.desc(), VISITS.c.id.desc())
    .limit(1)
    .correlate(EPISODES)
    .scalar_subquery()
)
EPISODE_HEAD = (
    select(
        EPISODES.c.patient_id,
        EPISODES.c.closed_at,
        PATIENTS.c.clinic_id,
        _LAST.c.id.label("last_id"),
        _LAST.c.seen_at.label("last_seen_at"),
        _LAST.c.case_json.label("last_case"),
    )
    .join_from(EPISODES, PATIENTS, PATIENTS.c.id == EPISODES.c.patient_id)
    .outerjoin(_LAST, _LAST.c.id == _LAST_ID)
    .where(EPISODES.c.id == bindparam("episode_id"))
)
EPISODE_STILL_OPEN = (
    update(EPISODES)
    .where(EPISODES.c.id == bindparam("episode_id"), EPISODES.c.closed_at.is_(None))
    .values(note=EPISODES.c.note)
)
# PostgreSQL: the patient held and the episode checked still open in one statement (one round
# trip); the patient's row is locked first, as every writer and the deletion lock it. Row locks
# (FOR NO KEY UPDATE, which the UPDATEs of a score write, an episode's closing and a deletion wait
# for, and which re-read the row's committed version after waiting) rather than no-op UPDATEs: no
# new row version, and its WAL, per visit.
HOLD_AND_CHECK_OPEN = text(
    "WITH held AS (SELECT id FROM patients WHERE id = :patient_id FOR NO KEY UPDATE),"
    " still_open AS (SELECT id FROM episodes WHERE id = :episode_id AND closed_at IS NULL"
    " AND EXISTS (SELECT 1 FROM held) FOR NO KEY UPDATE)"
    " SELECT (SELECT count(*) FROM held) AS held, (SELECT count(*) FROM still_open) AS open"
)
# Under the lock, the visit is inserted only if the episode's last visit is still the one the
# engine compared with (the re-check and the write in one statement); else nothing is inserted.
_VISIT_COLUMNS = written_columns(Visit)
INSERT_VISIT_AFTER = (
    insert(VISITS)
    .from_select(
        _VISIT_COLUMNS,
        select(*(bindparam(c, type_=VISITS.c[c].type) for c in _VISIT_COLUMNS)).where(
            _last_before(VISITS.c.id)
            .scalar_subquery()
            .is_not_distinct_from(bindparam("expected", type_=Integer))
        ),
    )
    .returning(VISITS.c.id)
)


# PostgreSQL: the visit (re-check included), its alerts and its audit event in one statement, so
# one round trip. The alerts come as one JSON array, inserted in its order: their ids ascend in
# that order (INSERT ... SELECT ... ORDER BY, as SQLAlchemy's own multi-row INSERT relies on).
WRITE_VISIT_PG = text(
    "WITH last AS (SELECT id FROM visits WHERE episode_id = :episode_id"
    " AND seen_at <= CAST(:seen_at AS timestamptz) ORDER BY seen_at DESC, id DESC LIMIT 1),"
    " v AS (INSERT INTO visits (episode_id, seen_at, case_json, assessment_json,"
    " knowledge_version, version, created_by, created_at, updated_at)"
    " SELECT :episode_id, CAST(:seen_at AS timestamptz), CAST(:case_json AS json),"
    " CAST(:assessment_json AS json), CAST(:knowledge_version AS varchar), :version,"
    " CAST(:created_by AS integer), CAST(:created_at AS timestamptz),"
    " CAST(:updated_at AS timestamptz)"
    " WHERE (SELECT id FROM last) IS NOT DISTINCT FROM CAST(:expected AS integer)"
    " RETURNING id),"
    " audited AS (INSERT INTO audit_log (at, clinician_id, username, clinic_id, action, entity,"
    " entity_id, patient_id, address, detail)"
    " SELECT CAST(:at AS timestamptz), CAST(:clinician_id AS integer),"
    " CAST(:username AS varchar), CAST(:clinic_id AS integer), CAST(:action AS varchar),"
    " CAST(:entity AS varchar), v.id, CAST(:patient_id AS integer), CAST(:address AS varchar),"
    " CAST(:detail AS varchar) FROM v),"
    " alerted AS (INSERT INTO alerts (clinic_id, patient_id, visit_id, escalation, rule, level,"
    " urgency, finding, text, sources, created_at)"
    " SELECT a.clinic_id, a.patient_id, v.id, a.escalation, a.rule, a.level, a.urgency,"
    " a.finding, a.text, a.sources, CAST(:created_at AS timestamptz)"
    " FROM v CROSS JOIN jsonb_to_recordset(CAST(:alerts AS jsonb)) AS a(n integer,"
    " clinic_id integer, patient_id integer, escalation varchar, rule varchar, level varchar,"
    " urgency integer, finding varchar, text text, sources json)"
    " ORDER BY a.n RETURNING id)"
    " SELECT v.id, ARRAY(SELECT id FROM alerted ORDER BY id) AS alert_ids FROM v"
).bindparams(
    bindparam("seen_at", type_=UtcDateTime),
    bindparam("created_at", type_=UtcDateTime),
    bindparam("updated_at", type_=UtcDateTime),
    bindparam("at", type_=UtcDateTime),
)
_ALERT_JSON = ("clinic_id", "patient_id", "escalation", "rule", "level", "urgency", "finding")


def _write_visit(
    connection: Connection,
    row: dict[str, Any],
    alerts: list[dict[str, Any]],
    event: dict[str, Any],
    expected: int | None,
) -> bool:
    """Inserts the visit `row`, its `alerts` and its audit `event` if the episode's last visit
    (at or before the new one's date) is still `expected`; sets the ids they were given. False,
    and nothing written, if another visit is the last now. On SQLite the INSERT also checks
    that the patient (the event's) is there and the episode open, else NotFound or
    EpisodeClosed."""
    if connection.dialect.name == "postgresql":
        listed = [
            {"n": n, **{k: a[k] for k in _ALERT_JSON}, "text": a["text"], "sources": a["sources"]}
            for n, a in enumerate(alerts)
        ]
        params = {
            **row,
            "case_json": json.dumps(row["case_json"]),
            "assessment_json": json.dumps(row["assessment_json"]),
            "expected": expected,
            **{k: v for k, v in event.items() if k != "entity_id"},
            "alerts": json.dumps(listed),
        }
        written = connection.execute(WRITE_VISIT_PG, params).first()
        if written is None:
            return False
        row["id"], ids = written.id, written.alert_ids
    elif connection.dialect.name == "sqlite":
        visit_id = sqlite_visit.insert_visit(connection, row, expected, event["patient_id"])
        if visit_id is None:  # the patient deleted, the episode closed, or another visit landed
            patient_id, episode_id = event["patient_id"], row["episode_id"]
            held, still_open = sqlite_visit.still_there(connection, patient_id, episode_id)
            _held_and_open(held, still_open, patient_id, episode_id)
            return False
        row["id"] = visit_id
        for alert in alerts:
            alert["visit_id"] = visit_id
        ids = sqlite_visit.insert_alerts(connection, alerts)
        sqlite_visit.insert_event(connection, {**event, "entity_id": visit_id})
    else:
        visit_id = connection.execute(INSERT_VISIT_AFTER, {**row, "expected": expected}).scalar()
        if visit_id is None:
            return False
        row["id"] = visit_id
        for alert in alerts:
            alert["visit_id"] = visit_id
        ids = connection.execute(INSERT_ALERTS, alerts).scalars().all() if alerts else []
        connection.execute(audit.INSERT, {**event, "entity_id": visit_id})
    for alert, alert_id in zip(alerts, ids, strict=True):
        alert.update(id=alert_id, visit_id=row["id"])
    event["entity_id"] = row["id"]
    return True


def _hold_and_check_open(session: Session, patient_id: int, episode_id: int) -> None:
    """Hold the patient (NotFound if deleted meanwhile) and check the episode is still open
    (EpisodeClosed if it was closed or deleted meanwhile).

    On SQLite this takes the database's write lock only: the visit's INSERT makes both checks
    under it (one statement less), and `_write_visit` says which one failed."""
    connection = session.connection()
    patient = {"patient_id": patient_id}
    episode = {"episode_id": episode_id}  # apart: an UPDATE would also set a column of the name
    if connection.dialect.name == "postgresql":
        held, still_open = connection.execute(HOLD_AND_CHECK_OPEN, patient | episode).one()
    elif connection.dialect.name == "sqlite":
        sqlite_visit.lock(connection)
        return
    else:
        held = connection.execute(HOLD_PATIENT, patient).rowcount
        still_open = held and connection.execute(EPISODE_STILL_OPEN, episode).rowcount
    _held_and_open(held, still_open, patient_id, episode_id)


def _held_and_open(held: int, still_open: int, patient_id: int, episode_id: int) -> None:
    if held != 1:
        raise NotFound(f"patient {patient_id}")
    if still_open != 1:
        raise EpisodeClosed(f"episode {episode_id} is closed")  # closed (or deleted) meanwhile


def add_visit(
    session: Session,
    actor: Actor,
    episode_id: int,
    case: dict[str, Any],
    *,
    seen_at: datetime | None = None,
    patient_id: int | None = None,
) -> Visit:
    """Records a visit: the case is assessed against the episode's previous visit.

    A `previous` in the given case is ignored: the store's own last visit is the reference.

    The engine runs before the patient is held, so that the lock (SQLite: the whole database's)
    is not held while it works. The previous visit it compared with is checked again under the
    lock (by the INSERT itself), and the case assessed again in the rare event that another visit
    landed meanwhile.
    """
    if not 1 <= episode_id <= MAX_ID:
        raise NotFound(f"episode {episode_id}")
    session.flush()  # the statements below read the database, not the session's objects
    connection = session.connection()
    when = seen_at or now()
    head: Any
    if connection.dialect.name == "sqlite":
        head = sqlite_visit.head(connection, episode_id, when)
    else:
        head = connection.execute(EPISODE_HEAD, {"episode_id": episode_id, "seen_at": when}).first()
    if (
        head is None
        or head.clinic_id != actor.clinic_id
        or (patient_id is not None and head.patient_id != patient_id)
    ):
        raise NotFound(f"episode {episode_id}")
    if head.closed_at is not None:
        raise EpisodeClosed(f"episode {episode_id} is closed")
    last_id = head.last_id
    previous = _previous(head.last_seen_at, head.last_case, when) if last_id else None
    _, data = _assessed(case, previous)
    _hold_and_check_open(session, head.patient_id, episode_id)
    # Visits to this episode are written with its patient held, so from here none can land. A
    # visit dated "now" is dated now, under the lock: the episode's visits are then in the order
    # they were written, each compared with the one before.
    if seen_at is None:
        when = now()
        if previous is not None and _days_between(head.last_seen_at, when) != previous.days_ago:
            previous = _previous(head.last_seen_at, head.last_case, when)
            _, data = _assessed(case, previous)
    # The rows are inserted by plain INSERTs (_write_visit: on PostgreSQL the visit, its alerts and
    # its audit event in one statement) rather than through the unit of work, whose bookkeeping
    # cost more than the database did; the objects are then made part of the session as if loaded.
    stamp = now()
    row: dict[str, Any] = {
        "episode_id": episode_id,
        "seen_at": when,
        "version": 1,
        "created_by": actor.clinician_id,
        "created_at": stamp,
        "updated_at": stamp,
    }

    visit_created = audit.event(actor, "visit.create", "visit", None, patient_id=head.patient_id)

    def write(data: dict[str, Any], expected: int | None) -> list[dict[str, Any]] | None:
        row.update(
            case_json=data["case"],
            assessment_json=data["assessment"],
            knowledge_version=data["assessment"]["knowledge_version"],
        )
        alert_rows = _alert_rows(data["assessment"], head.clinic_id, head.patient_id)
        for alert in alert_rows:  # every column given, so that none is read back
            alert.update(created_at=stamp, **NOT_YET)
        return (
            alert_rows
            if _write_visit(connection, row, alert_rows, visit_created, expected)
            else None
        )

    alert_rows = write(data, last_id)
    if alert_rows is None:  # another visit landed before the lock: compare with it instead
        now_id, now_previous = _previous_visit(session, episode_id, when)
        _, data = _assessed(case, now_previous)
        alert_rows = write(data, now_id)
        if alert_rows is None:  # cannot happen while the patient is held
            raise RuntimeError(f"episode {episode_id} changed under its patient's lock")
    visit = _adopted(session, Visit, row)
    episode = session.identity_map.get(identity_key(Episode, episode_id))
    if episode is not None:
        set_committed_value(visit, "episode", episode)  # as the ORM's own insert would have it
        if "visits" not in inspect(episode).unloaded:  # a list read earlier in this session
            session.expire(episode, ["visits"])
    alerts = [_adopted(session, Alert, a) for a in alert_rows]
    written = session.info.get(WRITTEN_ALERTS)
    if written is None or written[0] is not session.get_transaction():
        by_visit: dict[int, list[Alert]] = {}
        written = session.info[WRITTEN_ALERTS] = (session.get_transaction(), by_visit)
    written[1][visit.id] = alerts
    if alert_rows:
        _supersede_after_visit(session, head.patient_id, visit.id)
    return visit


def _visit(session: Session, actor: Actor, visit_id: int, patient_id: int | None) -> Visit:
    visit = _row(session, Visit, visit_id)
    if (
        visit is None
        or visit.episode.patient.clinic_id != actor.clinic_id
        or (patient_id is not None and visit.episode.patient_id != patient_id)
    ):
        raise NotFound(f"visit {visit_id}")
    return visit


def get_visit(
    session: Session, actor: Actor, visit_id: int, patient_id: int | None = None
) -> Visit:
    visit = _visit(session, actor, visit_id, patient_id)
    audit.record(
        session, actor, "visit.read", "visit", visit.id, patient_id=visit.episode.patient_id
    )
    return visit


def update_visit(
    session: Session,
    actor: Actor,
    visit_id: int,
    case: dict[str, Any],
    expected_version: int,
    patient_id: int | None = None,
) -> Visit:
    """Replaces a visit's case (re-assessed) if nobody changed it since `expected_version`.

    The check is also enforced by the UPDATE itself (`WHERE version = ...`), so two concurrent
    editors cannot both win; the loser gets VersionConflict. Its open alerts are re-derived.
    """
    visit = _visit(session, actor, visit_id, patient_id)
    if visit.version != expected_version:
        raise VersionConflict(visit.version)
    others = [v for v in _visits_of(session, visit.episode_id) if v.id != visit.id]
    _, data = _assessed(case, _previous_of(others, visit.seen_at, visit.id))
    visit.case_json = data["case"]
    visit.assessment_json = data["assessment"]
    visit.knowledge_version = data["assessment"]["knowledge_version"]
    visit.updated_at = now()
    dropped = list(session.scalars(select(Alert).where(Alert.visit_id == visit.id, is_open())))
    rules = {a.rule for a in dropped}
    if dropped:  # what they superseded is open again until the new alerts decide
        reopen = (
            update(Alert)
            .where(
                Alert.superseded_by.in_([a.id for a in dropped]), Alert.acknowledged_at.is_(None)
            )
            .values(superseded_at=None, superseded_by=None)
        )
        session.execute(reopen.execution_options(synchronize_session=False))
    session.info.pop(WRITTEN_ALERTS, None)
    for alert in dropped:
        session.delete(alert)
    session.flush()  # raises StaleDataError if a concurrent writer got there first
    alerts = _alerts_for(visit, visit.episode.patient)
    session.add_all(alerts)
    _supersede(session, visit.episode.patient_id, rules | {a.rule for a in alerts})
    audit.record(
        session, actor, "visit.update", "visit", visit.id, patient_id=visit.episode.patient_id
    )
    return visit


# --- alerts ------------------------------------------------------------------------------------


def list_alerts(
    session: Session, actor: Actor, patient_id: int | None = None, *, open_only: bool = True
) -> list[Alert]:
    """Alerts sorted by urgency (emergency first), then newest visit first.

    Open alerts are those neither acknowledged nor superseded; `open_only=False` gives the
    history too (superseded alerts name the alert that took their place)."""
    session.flush()
    query = select(Alert).join(Visit, Visit.id == Alert.visit_id)
    query = query.where(Alert.clinic_id == actor.clinic_id)
    query = query.options(selectinload(Alert.visit))  # its evidence and date are the visit's
    query = query.execution_options(populate_existing=True)
    if patient_id is not None:
        _patient(session, actor, patient_id)
        query = query.where(Alert.patient_id == patient_id)
    if open_only:
        query = query.where(is_open())
    newest_first = (Alert.urgency.desc(), Visit.seen_at.desc(), Visit.id.desc(), Alert.id.desc())
    alerts = list(session.scalars(query.order_by(*newest_first)))
    audit.record(
        session, actor, "alert.list", "alert", patient_id=patient_id, detail=f"{len(alerts)}"
    )
    return alerts


def alert_evidence(alert: Alert) -> tuple[Evidence, ...] | None:
    """The evidence of the reason behind an alert, from its visit's stored assessment.

    A visit stored before reasons carried evidence has none: its stored case is assessed again
    against its previous visit, and that evidence is used only when it renders to exactly the
    stored finding (the knowledge may have changed since). None when neither gives it.
    """
    visit = alert.visit
    stored = _reason_evidence(visit.assessment_json, alert.rule)
    if stored is not None:
        return stored
    try:
        previous = _previous_of(visit.episode.visits, visit.seen_at, visit.id)
        case = parse_case(visit.case_json).model_copy(update={"previous": previous})
    except InvalidCase:  # stored under an older contract that no longer reads it
        return None
    for reason in assess(case).triage.reasons:
        if reason.rule == alert.rule and render_finding(reason.evidence)[:200] == alert.finding:
            return reason.evidence
    return None


def _reason_evidence(assessment: dict[str, Any], rule: str) -> tuple[Evidence, ...] | None:
    for reason in assessment["triage"]["reasons"]:
        if reason["rule"] == rule and "evidence" in reason:
            try:
                return tuple(Evidence.model_validate(e) for e in reason["evidence"])
            except ValidationError:
                return None
    return None


def alerts_of_visit(session: Session, visit_id: int) -> list[Alert]:
    """The visit's alerts, most urgent first. Those of a visit this transaction just wrote are
    known without asking the database again (what the API answers a new visit with)."""
    written = session.info.get(WRITTEN_ALERTS)
    if written is not None and written[0] is session.get_transaction() and visit_id in written[1]:
        return sorted(written[1][visit_id], key=lambda a: (-a.urgency, a.id))
    session.flush()
    query = select(Alert).where(Alert.visit_id == visit_id)
    return list(session.scalars(query.order_by(Alert.urgency.desc(), Alert.id)))


def acknowledge_alert(
    session: Session, actor: Actor, alert_id: int, patient_id: int | None = None
) -> Alert:
    """Acknowledges an alert, and with it the older open alerts of its rule for the patient (one
    acknowledgement per patient and rule). Simultaneous acknowledgements: exactly one wins; the
    others see who did."""
    alert = _row(session, Alert, alert_id)
    if (
        alert is None
        or alert.clinic_id != actor.clinic_id
        or (patient_id is not None and alert.patient_id != patient_id)
    ):
        raise NotFound(f"alert {alert_id}")
    if alert.acknowledged_at is not None:
        return alert  # already acknowledged: the caller sees who did
    first = (
        update(Alert)
        .where(Alert.id == alert.id, Alert.acknowledged_at.is_(None))
        .values(acknowledged_at=now(), acknowledged_by=actor.clinician_id)
    )
    won = _claim(session, first)  # simultaneous acknowledgements: exactly one wins
    try:
        session.refresh(alert)
    except InvalidRequestError:  # deleted with its patient meanwhile
        raise NotFound(f"alert {alert_id}") from None
    if won:
        audit.record(
            session, actor, "alert.acknowledge", "alert", alert.id, patient_id=alert.patient_id
        )
        _acknowledge_older(session, actor, alert)
    return alert


def _acknowledge_older(session: Session, actor: Actor, alert: Alert) -> None:
    """The older open alerts of the same rule for the patient, acknowledged with `alert`."""
    for older in _open_of(session, alert.patient_id, {alert.rule}).get(alert.rule, []):
        if older.id == alert.id or _order(older) > _order(alert):
            continue
        with_it = (
            update(Alert)
            .where(Alert.id == older.id, is_open())
            .values(acknowledged_at=alert.acknowledged_at, acknowledged_by=actor.clinician_id)
        )
        if _claim(session, with_it):
            audit.record(
                session,
                actor,
                "alert.acknowledge",
                "alert",
                older.id,
                patient_id=alert.patient_id,
                detail=f"with alert {alert.id}",
            )
        session.expire(older)


# --- scores ------------------------------------------------------------------------------------


def record_score(
    session: Session,
    actor: Actor,
    patient_id: int,
    instrument: str,
    answers: dict[str, Any],
    visit_id: int | None = None,
) -> ScoreResponse:
    patient = _patient(session, actor, patient_id)
    if visit_id is not None:
        _visit(session, actor, visit_id, patient.id)
    result = score(instrument, answers)  # raises ScoreError
    _hold_patient(session, patient)
    response = ScoreResponse(
        patient_id=patient.id,
        visit_id=visit_id,
        instrument=instrument,
        answers=answers,
        result=result,
        recorded_by=actor.clinician_id,
    )
    session.add(response)
    session.flush()
    audit.record(session, actor, "score.create", "score", response.id, patient_id=patient.id)
    return response


def list_scores(session: Session, actor: Actor, patient_id: int) -> list[ScoreResponse]:
    patient = _patient(session, actor, patient_id)
    audit.record(session, actor, "score.list", "score", patient_id=patient.id)
    return list(
        session.scalars(
            select(ScoreResponse)
            .where(ScoreResponse.patient_id == patient.id)
            .order_by(ScoreResponse.recorded_at, ScoreResponse.id)
        )
    )


# --- views -------------------------------------------------------------------------------------


def patient_json(patient: Patient) -> dict[str, Any]:
    return {
        "id": patient.id,
        "record_number": patient.record_number,
        "display_name": patient.display_name,
        "birth_year": patient.birth_year,
        "sex": patient.sex,
        "created_at": patient.created_at.isoformat(),
    }


def visit_json(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.id,
        "episode_id": visit.episode_id,
        "seen_at": visit.seen_at.isoformat(),
        "version": visit.version,
        "knowledge_version": visit.knowledge_version,
        "case": visit.case_json,
        "assessment": visit.assessment_json,
    }


def alert_json(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "patient_id": alert.patient_id,
        "visit_id": alert.visit_id,
        "escalation": alert.escalation,
        "rule": alert.rule,
        "level": alert.level,
        "finding": alert.finding,
        "text": alert.text,
        "sources": alert.sources,
        "created_at": alert.created_at.isoformat(),
        "acknowledged_at": alert.acknowledged_at.isoformat() if alert.acknowledged_at else None,
        "acknowledged_by": alert.acknowledged_by,
        "superseded_at": alert.superseded_at.isoformat() if alert.superseded_at else None,
        "superseded_by": alert.superseded_by,
        "seen_at": alert.visit.seen_at.isoformat(),
    }


def score_json(response: ScoreResponse) -> dict[str, Any]:
    return {
        "id": response.id,
        "instrument": response.instrument,
        "visit_id": response.visit_id,
        "answers": response.answers,
        "result": response.result,
        "recorded_at": response.recorded_at.isoformat(),
    }


def episode_json(episode: Episode) -> dict[str, Any]:
    return {
        "id": episode.id,
        "started_at": episode.started_at.isoformat(),
        "closed_at": episode.closed_at.isoformat() if episode.closed_at else None,
        "note": episode.note,
        "visits": [visit_json(v) for v in episode.visits],
    }


def export_patient(
    session: Session, actor: Actor, patient_id: int, *, for_care: bool = False
) -> dict[str, Any]:
    """The patient's whole record as JSON: a download for data portability (clinic
    administrators), or `for_care`, the FHIR view another system reads for the patient's care."""
    patient = _patient(session, actor, patient_id)
    if not for_care:
        require_clinic_admin(actor, "download a whole patient record")
    alerts = session.scalars(select(Alert).where(Alert.patient_id == patient.id).order_by(Alert.id))
    scores = session.scalars(
        select(ScoreResponse)
        .where(ScoreResponse.patient_id == patient.id)
        .order_by(ScoreResponse.id)
    )
    audit.record(session, actor, "patient.export", "patient", patient.id, patient_id=patient.id)
    return {
        "format": "sciatica-record/1",
        "exported_at": now().isoformat(),
        "patient": patient_json(patient),
        "episodes": [episode_json(e) for e in patient.episodes],
        "alerts": [alert_json(a) for a in alerts],
        "scores": [score_json(s) for s in scores],
    }


def timeline(session: Session, actor: Actor, patient_id: int) -> dict[str, Any]:
    """Per visit, in time order: MRC grades per side and muscle, pain score; and the scores."""
    patient = _patient(session, actor, patient_id)
    audit.record(session, actor, "patient.timeline", "patient", patient.id, patient_id=patient.id)
    visits = sorted(
        (v for e in patient.episodes for v in e.visits), key=lambda v: (v.seen_at, v.id)
    )
    grades: dict[str, list[tuple[int, int]]] = {}  # "left.ankle_dorsiflexion" -> [(index, g)]
    pain: list[tuple[int, int]] = []
    for i, visit in enumerate(visits):
        strength = (visit.case_json.get("exam") or {}).get("strength") or {}
        for side in ("left", "right"):
            for muscle, grade in (strength.get(side) or {}).items():
                grades.setdefault(f"{side}.{muscle}", []).append((i, grade))
        value = (visit.case_json.get("symptoms") or {}).get("pain_score")
        if value is not None:
            pain.append((i, value))
    return {
        "visits": [{"id": v.id, "seen_at": v.seen_at.isoformat()} for v in visits],
        "grades": grades,
        "pain": pain,
        "scores": [score_json(s) for s in list_scores(session, actor, patient.id)],
    }
