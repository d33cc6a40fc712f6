"""Eight visit writers at once (issue 16), on SQLite and PostgreSQL: every acknowledged visit is
stored exactly once with its audit event, none that was not acknowledged is stored, and the visits
of an episode written at once still each compare with the one before."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy import select

from sciatica.records import services as sv
from sciatica.records.db import Store
from sciatica.records.models import AuditEvent, Visit

from .cases import foot_drop
from .test_races import Actors, new_episode, run_together

WRITERS = 8
WRITES = 6  # per writer: a third to the two episodes all writers share


def test_eight_writers_lose_and_duplicate_no_visit(store: Store, actors: Actors) -> None:
    alice, bob, _ = actors
    own = [new_episode(store, alice) for _ in range(WRITERS)]
    shared = [new_episode(store, alice) for _ in range(2)]
    acknowledged: list[list[int]] = [[] for _ in range(WRITERS)]

    def writer(n: int) -> Callable[[], None]:
        def write_all() -> None:
            for i in range(WRITES):
                pid, eid = shared[(n + i) % 2] if i % 3 == 2 else own[n]
                with store.session() as s:
                    visit = sv.add_visit(
                        s, bob if n % 2 else alice, eid, foot_drop(5 - i % 5), patient_id=pid
                    )
                acknowledged[n].append(visit.id)  # committed: the caller was told it is saved

        return write_all

    results = run_together([writer(n) for n in range(WRITERS)])
    assert [r for r in results if r is not None] == []
    acked = Counter(v for ids in acknowledged for v in ids)
    assert sum(acked.values()) == WRITERS * WRITES
    with store.session() as s:
        visits = Counter(s.scalars(select(Visit.id)))
        created = select(AuditEvent.entity_id).where(AuditEvent.action == "visit.create")
        audited = Counter(s.scalars(created))
        assert visits == acked, "a visit lost, duplicated or stored unacknowledged"
        assert audited == acked, "a visit's audit event lost or duplicated"
        for _, eid in own + shared:
            chain = s.scalars(
                select(Visit).where(Visit.episode_id == eid).order_by(Visit.seen_at, Visit.id)
            ).all()
            first_visits = [v.id for v in chain if v.assessment_json["follow_up"] is None]
            assert first_visits == [chain[0].id], "a visit not compared with the one before it"
