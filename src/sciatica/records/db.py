"""The database: URL, engine, automatic migrations and sessions.

Default: a SQLite file `records.sqlite3` in the user's data directory (platformdirs), created on
first use, in WAL mode with `synchronous=FULL` so that an acknowledged commit survives a crash.
`SCIATICA_DATABASE_URL` selects another database, e.g. `postgresql://user@host/db` (psycopg 3).
Migrations (Alembic, shipped in this package) run automatically when a store is opened.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, inspect
from sqlalchemy.orm import Session, sessionmaker

ENV_URL = "SCIATICA_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"


def default_sqlite_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("sciatica", appauthor=False)) / "records.sqlite3"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else SCIATICA_DATABASE_URL, else the default SQLite file."""
    url = url or os.environ.get(ENV_URL) or f"sqlite:///{default_sqlite_path()}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return Path(path) if path and path != ":memory:" else None


# Connections kept open per process. SQLAlchemy's default of 5 is below the number of requests a
# server's thread pool runs at once: the connections beyond it were opened and closed on every
# transaction (a new PostgreSQL backend each time). Up to POOL_SIZE + 10 are open at the busiest.
POOL_SIZE = 10
# A pooled connection idle for longer than this is checked (a round trip) before it is used: the
# database may have restarted meanwhile. One in steady use is not: each check cost a round trip
# per transaction, and a connection that breaks in use invalidates the pool anyway.
PING_AFTER_IDLE_S = 5.0


def _ping_when_idle(engine: Engine) -> None:
    """Pessimistic disconnect handling as SQLAlchemy's pool_pre_ping, for idle connections only."""

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _idle_from_now(_: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_S:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as error:  # the pool discards it and connects again
            raise exc.DisconnectionError(str(error)) from error


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    url = database_url(url)
    file = sqlite_file(url)
    kwargs.setdefault("pool_size", POOL_SIZE)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    if url.startswith("sqlite"):  # in memory: one connection, SQLAlchemy's own pool
        kwargs.pop("pool_size")
        return create_engine(url, **kwargs)
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine)
    return engine


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (creating it in an empty database)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


@dataclass
class Store:
    """An engine whose schema is up to date, and its session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Store:
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine, sessionmaker(engine, expire_on_commit=False))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


_stores: dict[str, Store] = {}
_lock = threading.Lock()


def default_store() -> Store:
    """The process's store for the configured URL (opened and migrated on first use)."""
    url = database_url()
    with _lock:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = Store.open(url)
        return store
