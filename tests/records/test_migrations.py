"""Alembic migrations on both backends: from an empty database, and from the previous revision
with data in it; the migrated schema matches the models."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sciatica.records import db
from sciatica.records.models import Base


def test_from_empty_to_head_matches_the_models(db_url: str) -> None:
    engine = db.make_engine(db_url)
    try:
        assert db.table_names(engine) == set()
        db.upgrade(engine)
        assert db.current_revision(engine) == "0002"
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
        assert db.current_revision(engine) == "0002"
        assert "login_attempts" in db.table_names(engine)
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT name FROM clinics")).scalar_one() == "Old"
        db.downgrade(engine, "0001")
        assert "login_attempts" not in db.table_names(engine)
        db.downgrade(engine, "base")
        assert db.table_names(engine) <= {"alembic_version"}
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
        assert db.current_revision(store.engine) == "0002"
    finally:
        store.close()


def test_postgres_urls_use_psycopg3() -> None:
    assert db.database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
