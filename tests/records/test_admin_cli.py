"""`sciatica admin`: clinics, users, backup and restore of the SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from sciatica.cli.main import main
from sciatica.records import auth
from sciatica.records import db as records_db
from sciatica.records.db import Store
from sciatica.records.models import Clinician


def test_create_clinic_user_backup_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv(records_db.ENV_URL, url)
    monkeypatch.setenv("PW", "a long enough password")
    assert main(["admin", "create-clinic", "North"]) == 0
    clinic_id = int(capsys.readouterr().out.strip())
    args = ["admin", "create-user", "--clinic", str(clinic_id), "--username", "dana"]
    assert main([*args, "--role", "clinic_admin", "--password-env", "PW"]) == 0
    assert main([*args, "--password-env", "PW"]) == 2  # taken
    monkeypatch.setenv("SHORT", "short")
    short = ["admin", "create-user", "--clinic", str(clinic_id), "--username", "eve"]
    assert main([*short, "--password-env", "SHORT"]) == 2
    store = Store.open(url)
    with store.session() as s:
        user = s.scalars(select(Clinician)).one()
        assert user.role == "clinic_admin" and user.password_hash.startswith("$argon2")
        token, _ = auth.login(s, "dana", "a long enough password", "127.0.0.1")
        assert token.startswith("sct_")
    store.close()

    backup = tmp_path / "backup.sqlite3"
    assert main(["admin", "backup", str(backup)]) == 0
    assert main(["admin", "create-clinic", "After backup"]) == 0
    assert main(["admin", "restore", str(backup)]) == 0
    store = Store.open(url)
    with store.session() as s:
        assert s.scalars(select(Clinician.username)).all() == ["dana"]
        from sciatica.records.models import Clinic

        assert s.scalars(select(Clinic.name)).all() == ["North"]
    store.close()
    assert main(["admin", "restore", str(tmp_path / "missing")]) == 2


def test_backup_refused_for_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(records_db.ENV_URL, "postgresql://nobody@127.0.0.1:1/none")
    assert main(["admin", "backup", "/tmp/x"]) == 2
