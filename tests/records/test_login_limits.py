"""Login limits that slow an attacker without letting anyone lock a colleague out (issue 13,
part 5), and forwarded headers believed only from configured proxies. On SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from sciatica.records import auth
from sciatica.records.db import Store
from tests.records.conftest import PASSWORD

CLINIC, HOME, ELSEWHERE = "10.0.0.1", "192.168.1.7", "203.0.113.9"


def fail(store: Store, username: str, address: str, times: int) -> None:
    for _ in range(times):
        with store.session() as s, pytest.raises((auth.AuthError, auth.RateLimited)):
            auth.login(s, username, "wrong password", address)


def logs_in(store: Store, username: str, address: str) -> bool:
    with store.session() as s:
        try:
            auth.login(s, username, PASSWORD, address)
        except auth.RateLimited:
            return False
    return True


def test_five_wrong_passwords_refuse_that_user_from_that_address_only(
    store: Store, actors: Any
) -> None:
    fail(store, "bob", CLINIC, auth.MAX_FAILURES)
    assert not logs_in(store, "bob", CLINIC), "the guessing pair is slowed"
    assert logs_in(store, "alice", CLINIC), "a colleague behind the same address is not locked out"
    assert logs_in(store, "bob", HOME), "bob himself can still log in from elsewhere"


def test_a_stranger_cannot_lock_a_clinician_out(store: Store, actors: Any) -> None:
    fail(store, "bob", ELSEWHERE, auth.MAX_FAILURES * 3)
    assert logs_in(store, "bob", CLINIC)


def test_spraying_many_names_from_one_address_is_stopped(store: Store, actors: Any) -> None:
    for n in range(auth.MAX_ADDRESS_FAILURES):
        with store.session() as s, pytest.raises(auth.AuthError):
            auth.login(s, f"user{n}", "wrong password", ELSEWHERE)
    assert not logs_in(store, "alice", ELSEWHERE)
    assert logs_in(store, "alice", CLINIC)


def _serve_kwargs(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    from sciatica.cli.serve_cmd import run_serve

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    args = argparse.Namespace(host=None, port=None, workers=1, quiet=True)
    assert run_serve(args) == 0
    return seen


def test_forwarded_headers_are_ignored_unless_a_proxy_is_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SCIATICA_TRUSTED_PROXIES", raising=False)
    assert _serve_kwargs(monkeypatch)["proxy_headers"] is False
    monkeypatch.setenv("SCIATICA_TRUSTED_PROXIES", "10.1.2.3")
    configured = _serve_kwargs(monkeypatch)
    assert configured["proxy_headers"] is True
    assert configured["forwarded_allow_ips"] == "10.1.2.3"
