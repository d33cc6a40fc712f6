"""Benchmark of the records store: visit writes and patient reads, in process, per database.

    python benchmarks/records.py                       # SQLite (temporary file) and PostgreSQL
    python benchmarks/records.py --visits 400 --no-postgres
    SCIATICA_BENCH_POSTGRES_URL=postgresql://user@host/db python benchmarks/records.py

A "visit write" is what the API does for POST .../visits: one transaction that reads the episode's
previous visit, assesses the case against it with the engine, stores the visit and its alerts and
writes the audit event, then commits (SQLite: WAL with synchronous=FULL, so every commit is
fsynced). A "patient read" is what the patient page does: the patient, open alerts and the
timeline. Prints throughput and latency percentiles, then the speed-table rows of issue 16
(`rows()`, also called by run.py --all): visit writes by 8 PostgreSQL clients at once (threads,
each its own connection; a quarter of the writes go to two episodes they share), with every
acknowledged visit and audit event counted back, and SQLite visit writes against an
fsync-per-commit floor measured interleaved in the same run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sciatica.records import auth
from sciatica.records import services as sv
from sciatica.records.audit import Actor
from sciatica.records.db import Store, database_url
from sciatica.records.models import AuditEvent, Visit
from table import Row, interleaved, print_table

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


def statements_per_write(store: Store, write: Callable[[int], None], start: int) -> float:
    """SQL statements sent per visit write (each a round trip on PostgreSQL, which adds BEGIN and
    COMMIT), over 20 writes: a figure the machine's load does not change."""
    sent = 0

    def count(*_: Any) -> None:
        nonlocal sent
        sent += 1

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        for i in range(start, start + 20):
            write(i)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    return sent / 20


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
        print(
            f"  {'statements':<15} {statements_per_write(store, write, visits):8.1f} per visit write"
        )
    finally:
        store.close()


def api_visit_write(
    store: Store, actor: Actor, patient_id: int, episode_id: int, grade: int
) -> int:
    """One POST .../visits as the API does it: the visit, its alerts read back, the JSON answer."""
    with store.session() as s:
        visit = sv.add_visit(s, actor, episode_id, case(grade), patient_id=patient_id)
        alerts = sv.alerts_of_visit(s, visit.id)
        answer = {**sv.visit_json(visit), "alerts": [sv.alert_json(a) for a in alerts]}
    return int(answer["id"])


@dataclass(frozen=True)
class Setup:
    """A clinic with its clinician, and per client its own episodes plus the shared ones."""

    actor: Actor
    own: list[list[tuple[int, int]]]  # per client: (patient id, episode id)
    shared: list[tuple[int, int]]


def set_up(store: Store, clients: int, own: int = 3, shared: int = 2) -> Setup:
    with store.session() as s:
        clinic = auth.create_clinic(s, f"Bench clinic {uuid.uuid4().hex[:6]}")
        user = auth.create_user(s, clinic.id, f"bench{uuid.uuid4().hex[:6]}", "x" * 12)
        actor: Actor = auth.actor_for(user, "127.0.0.1")

    def episodes(n: int) -> list[tuple[int, int]]:
        with store.session() as s:
            out = []
            for _ in range(n):
                patient = sv.create_patient(s, actor, birth_year=1970)
                out.append((patient.id, sv.create_episode(s, actor, patient.id).id))
            return out

    return Setup(actor, [episodes(own) for _ in range(clients)], episodes(shared))


@dataclass
class Outcome:
    """What one client saw: the visit ids acknowledged (committed) and the errors."""

    acked: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0


def client(store: Store, setup: Setup, n: int, writes: int, start: Callable[[], object]) -> Outcome:
    """Client n: every fourth write goes to a shared episode (contention on the patient lock),
    the others to its own. One write before `start` opens its connection and warms it."""
    out = Outcome()
    own = setup.own[n]

    def write(i: int) -> None:
        pid, eid = setup.shared[(i // 4 + n) % len(setup.shared)] if i % 4 == 3 else own[i % 3]
        try:
            out.acked.append(api_visit_write(store, setup.actor, pid, eid, 5 - (i // 3) % 5))
        except Exception as error:  # counted: a failed write must not be acknowledged
            out.errors.append(f"{type(error).__name__}: {error}")

    write(0)
    start()
    out.started = time.monotonic()
    for i in range(1, writes + 1):
        write(i)
    out.ended = time.monotonic()
    return out


def _client_process(url: str, setup: Setup, n: int, writes: int, barrier: Any, queue: Any) -> None:
    store = Store.open(url, migrate=False)
    try:
        queue.put((n, client(store, setup, n, writes, barrier.wait)))
    finally:
        store.close()


def concurrent_writes(
    url: str, clients: int, writes: int, *, processes: bool = False
) -> tuple[float, Outcome, Setup]:
    """`clients` writers at once, each its own connection and session: threads of one process
    sharing its pool, as the server's thread pool runs requests (or forked processes, like several
    server workers). Visits per second of the timed writes, and every client's outcome merged."""
    store = Store.open(url)
    try:
        setup = set_up(store, clients)
        outcomes: list[Outcome] = []
        if processes:
            context = multiprocessing.get_context("fork")
            barrier = context.Barrier(clients)
            queue = context.Queue()
            workers = [
                context.Process(
                    target=_client_process, args=(url, setup, n, writes, barrier, queue)
                )
                for n in range(clients)
            ]
            store.engine.dispose()  # no connection crosses the fork
            for w in workers:
                w.start()
            outcomes = [queue.get(timeout=600)[1] for _ in workers]
            for w in workers:
                w.join()
        else:
            barrier = threading.Barrier(clients)
            results: list[Outcome] = [Outcome() for _ in range(clients)]

            def run(n: int) -> None:
                results[n] = client(store, setup, n, writes, barrier.wait)

            threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            outcomes = results
    finally:
        store.close()
    merged = Outcome(
        acked=[v for o in outcomes for v in o.acked],
        errors=[e for o in outcomes for e in o.errors],
        started=min(o.started for o in outcomes),
        ended=max(o.ended for o in outcomes),
    )
    timed = clients * writes - len(merged.errors)
    return timed / (merged.ended - merged.started), merged, setup


def lost_and_duplicated(url: str, acked: list[int]) -> tuple[int, int]:
    """Compares the store with the acknowledged writes: visits (and their visit.create audit
    events) acknowledged but missing, and rows beyond the acknowledged ones (an id twice, or a
    visit nobody was told about)."""
    engine = sa.create_engine(database_url(url))
    try:
        with engine.connect() as connection:
            visits = connection.scalars(sa.select(Visit.id)).all()
            audited = connection.scalars(
                sa.select(AuditEvent.entity_id).where(AuditEvent.action == "visit.create")
            ).all()
    finally:
        engine.dispose()
    wanted = Counter(acked)
    lost = dup = 0
    for found in (Counter(visits), Counter(audited)):
        lost = max(lost, sum((wanted - found).values()))
        dup = max(dup, sum((found - wanted).values()))
    return lost, dup


def postgres_row(quick: bool) -> Row:
    what = "records: PostgreSQL visit writes, 8 clients"
    aim = ">= 300/s, none lost or duplicated"
    writes = 40 if quick else 150
    try:
        with postgres_schema() as url:
            rate, outcome, _ = concurrent_writes(url, 8, writes)
            lost, dup = lost_and_duplicated(url, outcome.acked)
            one, _, _ = concurrent_writes(url, 1, writes)
    except sa.exc.OperationalError as error:
        host = POSTGRES_URL.split("@")[-1]
        return Row(what, f"PostgreSQL unreachable at {host} ({type(error).__name__})", aim, None)
    failed = f", {len(outcome.errors)} failed" if outcome.errors else ""
    now = f"{rate:.0f}/s, {lost} lost, {dup} duplicated{failed} (1 client: {one:.0f}/s; threads)"
    return Row(what, now, aim, rate >= 300 and lost == 0 and dup == 0 and not outcome.errors)


def fsync_floor(path: Path) -> Callable[[], None]:
    """One small-row INSERT per transaction, committed, with the store's durability settings."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE floor (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")

    def commit_one() -> None:
        connection.execute("BEGIN")
        connection.execute("INSERT INTO floor (at) VALUES ('2026-12-07 00:00:00')")
        connection.execute("COMMIT")

    return commit_one


def sqlite_row(quick: bool) -> Row:
    """Visit writes against the floor, in batches interleaved round by round."""
    batch, rounds = 10, 6 if quick else 20
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            setup = set_up(store, 1)
            floor = fsync_floor(Path(folder) / "floor.sqlite3")
            count = iter(range(10**9))

            def visits() -> None:
                for _ in range(batch):
                    i = next(count)
                    pid, eid = setup.own[0][i % 3]
                    api_visit_write(store, setup.actor, pid, eid, 5 - (i // 3) % 5)

            def floors() -> None:
                for _ in range(batch):
                    floor()

            visits(), floors()  # warm
            measured, base, ratio = interleaved(visits, floors, rounds)
        finally:
            store.close()
    share = 1 / ratio
    now = f"{share:.0%} ({batch / measured:.0f}/s vs floor {batch / base:.0f}/s)"
    return Row(
        "records: SQLite visit writes vs its fsync-per-commit floor", now, ">= 50%", share >= 0.5
    )


def rows(quick: bool, *, postgres: bool = True) -> list[Row]:
    """The speed-table rows of the records store (issue 16)."""
    out = [sqlite_row(quick)]
    if postgres:
        out.insert(0, postgres_row(quick))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=300, help="visit writes (and reads)")
    parser.add_argument("--patients", type=int, default=30)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--quick", action="store_true", help="fewer rounds for the table rows")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        sqlite = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        bench("SQLite (WAL, synchronous=FULL)", sqlite, args.visits, args.patients)
    unreachable = False
    if not args.no_postgres:
        try:
            with postgres_schema() as url:
                bench(
                    f"PostgreSQL ({POSTGRES_URL.split('@')[-1]})", url, args.visits, args.patients
                )
        except sa.exc.OperationalError as error:
            print(f"PostgreSQL unreachable ({type(error).__name__}): skipped", file=sys.stderr)
            unreachable = True
    print()
    print_table(rows(args.quick, postgres=not args.no_postgres and not unreachable))
    return 1 if unreachable else 0


if __name__ == "__main__":
    raise SystemExit(main())
