"""Alembic migrations on both backends: from an empty database, and from the previous revision
with data in it; the migrated schema matches the models."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sciatica.records import db
from sciatica.records.models import Base

HEAD = "0004"


def test_from_empty_to_head_matches_the_models(db_url: str) -> None:
    engine = db.make_engine(db_url)
    try:
        assert db.table_names(engine) == set()
        db.upgrade(engine)
        assert db.current_revision(engine) == HEAD
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_from_previous_revision_keeps_the_data(db_url: str) -> None:
    engine = db.make_engine(db_url)
    try:
        db.upgrade(engine, "0001")
        assert "login_attempts" not in db.table_names(engine)
        with engine.begin() as connection:
            connection.execute(
                sa.text("INSERT INTO clinics (name, created_at) VALUES ('Old', :at)"),
                {"at": "2024-01-01 00:00:00+00:00"},
            )
        db.upgrade(engine)
        assert db.current_revision(engine) == HEAD
        assert "login_attempts" in db.table_names(engine)
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT name FROM clinics")).scalar_one() == "Old"
        db.downgrade(engine, "0001")
        assert "login_attempts" not in db.table_names(engine)
        db.downgrade(engine, "base")
        assert db.table_names(engine) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_0003_keeps_one_open_alert_per_patient_and_rule(db_url: str) -> None:
    """Alerts stored before 0003: per patient and rule the newest visit's open alert stays open,
    the older open ones are superseded by it; acknowledged ones and other rules are untouched."""
    engine = db.make_engine(db_url)
    at = "2025-03-01 09:00:00+00:00"
    try:
        db.upgrade(engine, "0002")
        with engine.begin() as c:
            c.execute(
                sa.text("INSERT INTO clinics (id, name, created_at) VALUES (1, 'C', :at)"),
                {"at": at},
            )
            c.execute(
                sa.text(
                    "INSERT INTO patients (id, clinic_id, record_number, created_at) "
                    "VALUES (1, 1, 'P-AAAA-AAAA', :at)"
                ),
                {"at": at},
            )
            c.execute(
                sa.text(
                    "INSERT INTO episodes (id, patient_id, started_at, note) VALUES (1, 1, :at, '')"
                ),
                {"at": at},
            )
            # visit 3 is entered first but seen last: the visit date decides, not the entry order
            for vid, day in ((3, "2025-03-15"), (1, "2025-03-01"), (2, "2025-03-08")):
                c.execute(
                    sa.text(
                        "INSERT INTO visits (id, episode_id, seen_at, case_json, assessment_json,"
                        " knowledge_version, version, created_at, updated_at) VALUES (:id, 1,"
                        " :seen, '{}', '{}', 'k', 1, :at, :at)"
                    ),
                    {"id": vid, "seen": f"{day} 09:00:00+00:00", "at": at},
                )
            alerts = [  # id, visit, rule, acknowledged
                (1, 3, "RF-MOT-PROGRESSIVE", False),
                (2, 1, "RF-MOT-PROGRESSIVE", False),
                (3, 2, "RF-MOT-PROGRESSIVE", False),
                (4, 1, "RF-MOT-NO-RECOVERY", True),
                (5, 2, "RF-MOT-NO-RECOVERY", False),
            ]
            for aid, vid, rule, acknowledged in alerts:
                c.execute(
                    sa.text(
                        "INSERT INTO alerts (id, clinic_id, patient_id, visit_id, escalation, rule,"
                        " level, urgency, finding, text, sources, created_at, acknowledged_at)"
                        " VALUES (:id, 1, 1, :vid, 'ESC-01', :rule, 'urgent', 3, 'f', 't', '[]',"
                        " :at, :ack)"
                    ),
                    {
                        "id": aid,
                        "vid": vid,
                        "rule": rule,
                        "at": at,
                        "ack": at if acknowledged else None,
                    },
                )
        db.upgrade(engine)
        with engine.connect() as c:
            rows = c.execute(
                sa.text(
                    "SELECT id, superseded_by, superseded_at IS NOT NULL FROM alerts ORDER BY id"
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            (1, None, False),
            (2, 1, True),
            (3, 1, True),
            (4, None, False),
            (5, None, False),
        ]
        db.downgrade(engine, "0002")
        with engine.connect() as c:
            assert c.execute(sa.text("SELECT count(*) FROM alerts")).scalar_one() == 5
    finally:
        engine.dispose()


def test_sqlite_store_is_created_on_first_use_in_wal_mode(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(db.ENV_URL, raising=False)
    monkeypatch.setattr(db, "default_sqlite_path", lambda: tmp_path / "data" / "records.sqlite3")
    store = db.Store.open()
    try:
        assert (tmp_path / "data" / "records.sqlite3").exists()
        with store.engine.connect() as connection:
            assert connection.execute(sa.text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert db.current_revision(store.engine) == HEAD
    finally:
        store.close()


def test_postgres_urls_use_psycopg3() -> None:
    assert db.database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
