"""Fixtures for the FHIR and CDS Hooks tests: example cases, signing keys, a token factory, an app
with its CDS settings, and real servers on loopback ports (uvicorn in a thread).

    examples         name -> sciatica-case/1 mapping (the packaged examples)
    keys             an EC P-384 key (served as a JWK Set) and an RSA key (configured as PEM)
    make_token       make_token(aud, **claims) -> a signed CDS client JWT (ES384 unless told)
    serve(app)       context manager: the ASGI app on a free loopback port, its base URL
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE_NAMES = (
    "paralysing-l5-contract",
    "cauda-equina-self-check",
    "foot-drop-self-check-fr",
    "pain-only-sciatica",
    "peroneal-palsy",
    "s1-sensory-radiculopathy",
    "follow-up-worsening",
)
ISSUER = "https://ehr.example.test/"
RSA_ISSUER = "https://other-ehr.example.test"
KID = "ehr-key-1"


def example(name: str) -> dict[str, Any]:
    text = resources.files("sciatica").joinpath("examples", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def examples() -> dict[str, dict[str, Any]]:
    return {name: example(name) for name in EXAMPLE_NAMES}


@dataclass(frozen=True)
class Keys:
    ec_private: ec.EllipticCurvePrivateKey
    rsa_private: rsa.RSAPrivateKey

    @property
    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.ec_private.public_key()))
        jwk.update({"kid": KID, "use": "sig", "alg": "ES384"})
        return {"keys": [jwk]}

    @property
    def rsa_pem(self) -> str:
        return (
            self.rsa_private.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )


@pytest.fixture(scope="session")
def keys() -> Keys:
    return Keys(ec.generate_private_key(ec.SECP384R1()), rsa.generate_private_key(65537, 2048))


TokenFactory = Callable[..., str]


@pytest.fixture
def make_token(keys: Keys) -> TokenFactory:
    def make(
        aud: str | list[str],
        *,
        alg: str = "ES384",
        key: Any = None,
        headers: dict[str, Any] | None = None,
        drop: tuple[str, ...] = (),
        **claims: Any,
    ) -> str:
        now = int(time.time())
        payload: dict[str, Any] = {
            "iss": ISSUER,
            "aud": aud,
            "iat": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
            "tenant": "test-tenant",
        }
        payload.update(claims)
        for name in drop:
            payload.pop(name, None)
        if key is None:
            key = keys.rsa_private if alg.startswith(("RS", "PS")) else keys.ec_private
        head = {"kid": KID, "typ": "JWT", **(headers or {})}
        return jwt.encode(payload, key, algorithm=alg, headers=head)

    return make


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port, in a thread; yield its base URL."""
    port = free_port()
    # Leave global logging alone so other tests can still capture uvicorn's records:
    # log_config=None, and access_log stays on (access_log=False would set uvicorn.access's
    # propagate to False for the whole process); log_level="warning" keeps it quiet.
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# --- a records store (SQLite) for the FHIR export of a stored record ------------------------------


@dataclass(frozen=True)
class Record:
    """A patient of clinic A with two visits (an escalation between them), four scores and an
    acknowledged alert; `export` is what records.services.export_patient returns for it."""

    url: str
    patient_id: int
    export: dict[str, Any]


@pytest.fixture
def stored_record(tmp_path: Path) -> Iterator[Record]:
    from datetime import UTC, datetime, timedelta

    from sciatica.records import auth
    from sciatica.records import services as sv
    from sciatica.records.db import Store
    from tests.records.cases import foot_drop
    from tests.records.conftest import PASSWORD

    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    store = Store.open(url)
    try:
        with store.session() as s:
            clinic_a = auth.create_clinic(s, "Clinic A")
            clinic_b = auth.create_clinic(s, "Clinic B")
            alice = auth.create_user(s, clinic_a.id, "alice", PASSWORD, "clinic_admin")
            auth.create_user(s, clinic_b.id, "carol", PASSWORD)
            actor = auth.actor_for(alice, "10.0.0.1")
            patient = sv.create_patient(s, actor, birth_year=1971, sex="female")
            episode = sv.create_episode(s, actor, patient.id, "right-handed roofer")
            first = datetime(2026, 1, 5, 9, tzinfo=UTC)
            sv.add_visit(s, actor, episode.id, foot_drop(4), seen_at=first)
            worse = foot_drop(2, saddle_numbness=True, pain_score=8)
            second = sv.add_visit(s, actor, episode.id, worse, seen_at=first + timedelta(days=3))
            sv.record_score(s, actor, patient.id, "nprs", {"leg": 7, "back": 3}, second.id)
            sbi = {"leg_pain": 5, "numbness_tingling": 3, "weakness": 4}
            sv.record_score(s, actor, patient.id, "sbi", {**sbi, "back_or_leg_pain_sitting": 2})
            items = ("referred_leg_pain", "comorbid_pain", "walking", "dressing", "fear", "worry")
            start = {**dict.fromkeys(items, 1), "catastrophising": 0, "low_mood": 1}
            sv.record_score(s, actor, patient.id, "startback", {**start, "bothersomeness": 4})
            odi = ("pain_intensity", "personal_care", "lifting", "walking", "sitting", "travelling")
            sv.record_score(
                s, actor, patient.id, "odi", {**dict.fromkeys(odi, 2), "sleeping": 1, "standing": 3}
            )
            alerts = sv.list_alerts(s, actor, patient.id)
            sv.acknowledge_alert(s, actor, alerts[-1].id)
            export = sv.export_patient(s, actor, patient.id)
            patient_id = patient.id
    finally:
        store.close()
    yield Record(url, patient_id, export)
