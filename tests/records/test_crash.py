"""Nothing acknowledged is lost: stream visit writes to a real server, SIGKILL it mid-stream,
restart it and check that every write the server acknowledged is present and complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from sciatica.records.audit import Actor

from ..web.conftest import free_port, wait_until_up
from .cases import foot_drop
from .conftest import PASSWORD


@contextmanager
def server(db_url: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {**os.environ, "SCIATICA_DATABASE_URL": db_url, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "sciatica.web.app:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/v1/health", process)
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdout:
            process.stdout.close()


def test_sigkill_mid_stream_loses_no_acknowledged_write(
    db_url: str, actors: tuple[Actor, Actor, Actor]
) -> None:
    acknowledged: list[dict[str, Any]] = []
    with server(db_url) as (base, process):
        http = httpx.Client(base_url=base, timeout=10)
        token = http.post(
            "/api/v1/auth/token", json={"username": "alice", "password": PASSWORD}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        pid = http.post("/api/v1/patients", json={}, headers=headers).json()["id"]
        eid = http.post(f"/api/v1/patients/{pid}/episodes", json={}, headers=headers).json()["id"]
        stop = threading.Event()

        def stream() -> None:
            i = 0
            while not stop.is_set():
                try:
                    answer = http.post(
                        f"/api/v1/patients/{pid}/episodes/{eid}/visits",
                        json={"case": foot_drop(5 - i % 6)},
                        headers=headers,
                    )
                except httpx.HTTPError:
                    return  # the server died: this write was never acknowledged
                if answer.status_code == 201:
                    acknowledged.append(answer.json())
                i += 1

        writer = threading.Thread(target=stream)
        writer.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 25 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)  # mid-stream: the writer is still sending
        process.wait()
        stop.set()
        writer.join(timeout=15)
        http.close()
    assert len(acknowledged) >= 25, "the server acknowledged too few writes before the kill"

    with server(db_url) as (base, _):
        http = httpx.Client(base_url=base, timeout=10)
        token = http.post(
            "/api/v1/auth/token", json={"username": "alice", "password": PASSWORD}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        stored = http.get(f"/api/v1/patients/{pid}", headers=headers).json()
        by_id = {v["id"]: v for e in stored["episodes"] for v in e["visits"]}
        alerts = http.get(f"/api/v1/patients/{pid}/alerts?all=true", headers=headers).json()
        for written in acknowledged:
            assert written["id"] in by_id, f"acknowledged visit {written['id']} was lost"
            again = by_id[written["id"]]
            assert again["case"] == written["case"]
            assert again["assessment"] == written["assessment"]
            assert again["version"] == written["version"]
            expected = {a["id"] for a in written["alerts"]}
            assert expected <= {a["id"] for a in alerts}
        http.close()
