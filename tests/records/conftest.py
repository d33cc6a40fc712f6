"""Fixtures for the records tests: a fresh store on BOTH backends, actors in two clinics.

db_url   parametrised: a new SQLite file, and a new schema in the PostgreSQL database named by
         SCIATICA_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
         PostgreSQL is required: if it is unreachable the PostgreSQL tests FAIL, never skip.
store    a migrated `Store` on db_url
actors   (alice, bob, carol): alice and bob in clinic A (alice is clinic_admin), carol in B
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from sciatica.records import auth
from sciatica.records.audit import Actor
from sciatica.records.db import Store

POSTGRES_URL = os.environ.get(
    "SCIATICA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "correct horse battery"


def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema, dropped afterwards."""
    schema = f"rec_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        pytest.fail(
            f"PostgreSQL is unreachable at {POSTGRES_URL} ({type(error).__name__}): the records "
            "tests need it (set SCIATICA_TEST_POSTGRES_URL). They are never skipped.",
            pytrace=False,
        )
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.sqlite3'}"
    else:
        yield from postgres_schema_url()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def actors(store: Store) -> tuple[Actor, Actor, Actor]:
    with store.session() as s:
        a = auth.create_clinic(s, "Clinic A")
        b = auth.create_clinic(s, "Clinic B")
        alice = auth.create_user(s, a.id, "alice", PASSWORD, "clinic_admin")
        bob = auth.create_user(s, a.id, "bob", PASSWORD)
        carol = auth.create_user(s, b.id, "carol", PASSWORD)
        return (
            auth.actor_for(alice, "10.0.0.1"),
            auth.actor_for(bob, "10.0.0.2"),
            auth.actor_for(carol, "10.0.0.3"),
        )


@pytest.fixture
def app_client(
    db_url: str, actors: tuple[Actor, Actor, Actor], monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """A TestClient of the whole app on db_url, with the three users of `actors`."""
    from sciatica.records import db
    from sciatica.web import create_app

    monkeypatch.setenv(db.ENV_URL, db_url)
    with TestClient(create_app()) as client:
        yield client
    for opened in db._stores.values():
        opened.close()
    db._stores.clear()


def bearer(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}
