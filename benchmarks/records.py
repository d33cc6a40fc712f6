"""Benchmark of the records store: visit writes and patient reads, in process, per database.

    python benchmarks/records.py                       # SQLite (temporary file) and PostgreSQL
    python benchmarks/records.py --visits 400 --no-postgres
    SCIATICA_BENCH_POSTGRES_URL=postgresql://user@host/db python benchmarks/records.py

A "visit write" is what the API does for POST .../visits: one transaction that reads the episode's
previous visit, assesses the case against it with the engine, stores the visit and its alerts and
writes the audit event, then commits (SQLite: WAL with synchronous=FULL, so every commit is
fsynced). A "patient read" is what the patient page does: the patient, open alerts and the
timeline. Prints throughput and latency percentiles.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sciatica.records import auth
from sciatica.records import services as sv
from sciatica.records.audit import Actor
from sciatica.records.db import Store, database_url

POSTGRES_URL = os.environ.get(
    "SCIATICA_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def case(grade: int) -> dict[str, Any]:
    """A follow-up visit of a left L5 foot drop at the given ankle dorsiflexion grade."""
    return {
        "format": "sciatica-case/1",
        "history": {"symptom_days": 30, "weakness_course": "stable", "conservative_care_weeks": 4},
        "symptoms": {
            "leg_pain": "left",
            "weakness": "left",
            "pain_score": 6,
            "bladder": "normal",
            "bowel": "normal",
            "saddle_numbness": False,
        },
        "exam": {
            "strength": {
                "left": {"ankle_dorsiflexion": grade, "great_toe_extension": grade},
                "right": {"ankle_dorsiflexion": 5, "great_toe_extension": 5},
            }
        },
    }


@contextmanager
def postgres_schema() -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(database_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def timed(calls: int, work: Callable[[int], None]) -> list[float]:
    times = []
    for i in range(calls):
        start = time.perf_counter()
        work(i)
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(
        f"  {name:<15} {len(ms) / sum(times):8.0f}/s   p50 {statistics.median(ms):6.2f} ms"
        f"   p99 {p99:6.2f} ms   ({len(ms)} calls)"
    )


def bench(label: str, url: str, visits: int, patients: int) -> None:
    store = Store.open(url)
    try:
        with store.session() as s:
            clinic = auth.create_clinic(s, "Bench clinic")
            user = auth.create_user(s, clinic.id, f"bench{uuid.uuid4().hex[:6]}", "x" * 12)
            actor: Actor = auth.actor_for(user, "127.0.0.1")
        episodes: list[tuple[int, int]] = []
        with store.session() as s:
            for _ in range(patients):
                patient = sv.create_patient(s, actor, birth_year=1970)
                episodes.append((patient.id, sv.create_episode(s, actor, patient.id).id))

        def write(i: int) -> None:
            pid, eid = episodes[i % patients]
            grade = 5 - (i // patients) % 5  # each patient's grade falls visit after visit
            with store.session() as s:
                sv.add_visit(s, actor, eid, case(grade), patient_id=pid)

        def read(i: int) -> None:
            pid, _ = episodes[i % patients]
            with store.session() as s:
                sv.get_patient(s, actor, pid)
                sv.list_alerts(s, actor, pid)
                sv.timeline(s, actor, pid)

        print(f"{label}:")
        report("visit write", timed(visits, write))
        report("patient read", timed(visits, read))
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=300, help="visit writes (and reads)")
    parser.add_argument("--patients", type=int, default=30)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        sqlite = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        bench("SQLite (WAL, synchronous=FULL)", sqlite, args.visits, args.patients)
    if not args.no_postgres:
        try:
            with postgres_schema() as url:
                bench(
                    f"PostgreSQL ({POSTGRES_URL.split('@')[-1]})", url, args.visits, args.patients
                )
        except sa.exc.OperationalError as error:
            print(f"PostgreSQL unreachable ({type(error).__name__}): skipped", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
