"""Races between writers (issue 13, part 3), on SQLite and PostgreSQL. Each is played two ways:
interleaved by hand at the exact moment that used to go wrong (deterministic: it failed before the
fix), and with real concurrent threads each in its own transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select, update

from sciatica.records import auth
from sciatica.records import services as sv
from sciatica.records.audit import Actor
from sciatica.records.db import Store
from sciatica.records.models import Alert, AuditEvent, Visit

from .cases import foot_drop
from .conftest import PASSWORD
from .test_services import three_visits

Actors = tuple[Actor, Actor, Actor]
VISIT_LOCK = "_hold_and_check_open"  # a visit write holds its patient (and checks its episode)


def new_episode(store: Store, actor: Actor) -> tuple[int, int]:
    with store.session() as s:
        patient = sv.create_patient(s, actor, display_name="R. C.")
        episode = sv.create_episode(s, actor, patient.id)
        return patient.id, episode.id


def just_before_the_write(
    monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None], at: str = "_hold_patient"
) -> None:
    """Run `meanwhile` (another transaction, committed) once, on the first call of the services'
    `at` (by default after the visit's checks were read and before it is written): the moment a
    stale check used to let the write through."""
    original = getattr(sv, at)
    done = False

    def hooked(*args: Any) -> Any:
        nonlocal done
        if not done:
            done = True
            meanwhile()
        return original(*args)

    monkeypatch.setattr(sv, at, hooked)


def test_a_visit_to_an_episode_closed_meanwhile_is_refused(
    store: Store, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob, _ = actors
    _, eid = new_episode(store, alice)

    def close() -> None:
        with store.session() as other:
            sv.close_episode(other, bob, eid)

    just_before_the_write(monkeypatch, close, at=VISIT_LOCK)
    with pytest.raises(sv.EpisodeClosed), store.session() as s:
        sv.add_visit(s, alice, eid, foot_drop(3))
    with store.session() as s:
        assert s.scalar(select(func.count()).where(Visit.episode_id == eid)) == 0


def test_a_visit_to_a_patient_deleted_meanwhile_is_not_found(
    store: Store, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob, _ = actors
    pid, eid = new_episode(store, alice)

    def delete() -> None:
        with store.session() as other:
            sv.delete_patient(other, alice, pid)

    just_before_the_write(monkeypatch, delete, at=VISIT_LOCK)
    with pytest.raises(sv.NotFound), store.session() as s:  # was an IntegrityError (a 500)
        sv.add_visit(s, bob, eid, foot_drop(3))


def test_a_score_for_a_patient_deleted_meanwhile_is_not_found(
    store: Store, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob, _ = actors
    pid, _ = new_episode(store, alice)

    def delete() -> None:
        with store.session() as other:
            sv.delete_patient(other, alice, pid)

    just_before_the_write(monkeypatch, delete)
    with pytest.raises(sv.NotFound), store.session() as s:
        sv.record_score(s, bob, pid, "nprs", {"leg": 5, "back": 3})


def test_a_visit_landed_meanwhile_is_the_one_compared_with(
    store: Store, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another visit to the episode commits after this write read its previous visit (none) and
    before it holds the patient: the INSERT's own re-check refuses the stale comparison, and the
    visit is assessed again against the one that landed (a follow-up, not a first visit)."""
    alice, bob, _ = actors
    pid, eid = new_episode(store, alice)
    landed: list[int] = []

    def other_visit() -> None:
        with store.session() as other:
            landed.append(sv.add_visit(other, bob, eid, foot_drop(4), patient_id=pid).id)

    just_before_the_write(monkeypatch, other_visit, at=VISIT_LOCK)
    with store.session() as s:
        vid = sv.add_visit(s, alice, eid, foot_drop(2), patient_id=pid).id
    with store.session() as s:
        chain = s.scalars(
            select(Visit).where(Visit.episode_id == eid).order_by(Visit.seen_at, Visit.id)
        ).all()
        assert [v.id for v in chain] == [*landed, vid]
        assert chain[0].assessment_json["follow_up"] is None
        assert chain[1].assessment_json["follow_up"] is not None
        rules = {a.rule for a in sv.list_alerts(s, alice, pid)}
        assert "RF-MOT-PROGRESSIVE" in rules  # 4 then 2: worse than the visit that landed
        created = select(func.count()).where(AuditEvent.action == "visit.create")
        assert s.scalar(created) == 2


def test_an_alert_acknowledged_meanwhile_names_the_first_acknowledger(
    store: Store, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob's acknowledgement commits after Alice read the alert as open and before her write:
    Bob won, Alice learns it was Bob, and the acknowledgement is audited once (an unguarded
    UPDATE let the later writer overwrite the acknowledger and audit twice)."""
    alice, bob, _ = actors
    pid = three_visits(store, alice)
    with store.session() as s:
        alert_id = sv.list_alerts(s, alice, pid)[0].id

    def acknowledge() -> None:
        with store.session() as other:
            sv.acknowledge_alert(other, bob, alert_id, pid)

    just_before_the_write(monkeypatch, acknowledge, at="_claim")  # Alice's guarding UPDATE
    with store.session() as s:
        seen = sv.acknowledge_alert(s, alice, alert_id, pid).acknowledged_by
    assert seen == bob.clinician_id
    with store.session() as s:
        alert = s.get(Alert, alert_id)
        assert alert is not None and alert.acknowledged_by == bob.clinician_id
        events = select(func.count()).where(
            AuditEvent.action == "alert.acknowledge", AuditEvent.entity_id == alert_id
        )
        assert s.scalar(events) == 1


def run_together(tasks: list[Callable[[], object]]) -> list[object]:
    """Start every task at once, each in its own thread; their results or exceptions."""
    start = threading.Barrier(len(tasks))
    results: list[object] = [None] * len(tasks)

    def runner(i: int) -> None:
        start.wait()
        try:
            results[i] = tasks[i]()
        except Exception as error:  # collected and checked by the test
            results[i] = error

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(len(tasks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_concurrent_visits_and_a_delete_give_only_created_or_not_found(
    store: Store, actors: Actors
) -> None:
    alice, bob, _ = actors
    pid, eid = new_episode(store, alice)

    def visit() -> str:
        with store.session() as s:
            sv.add_visit(s, bob, eid, foot_drop(3))
        return "created"

    def delete() -> str:
        with store.session() as s:
            sv.delete_patient(s, alice, pid)
        return "deleted"

    results = run_together([visit] * 6 + [delete] + [visit] * 6)
    odd = [r for r in results if r not in ("created", "deleted") and not isinstance(r, sv.NotFound)]
    assert odd == [], odd
    assert "deleted" in results
    with store.session() as s:  # nothing outlives the patient
        assert s.scalar(select(func.count()).where(Visit.episode_id == eid)) == 0


def test_concurrent_visits_and_a_close_never_land_after_the_close(
    store: Store, actors: Actors
) -> None:
    alice, bob, _ = actors
    _, eid = new_episode(store, alice)
    created: list[int] = []

    def visit() -> str:
        with store.session() as s:
            created.append(sv.add_visit(s, alice, eid, foot_drop(3)).id)
        return "created"

    def close() -> str:
        with store.session() as s:
            sv.close_episode(s, bob, eid)
        return "closed"

    results = run_together([visit] * 6 + [close] + [visit] * 6)
    odd = [r for r in results if r not in ("created", "closed")]
    assert all(isinstance(r, sv.EpisodeClosed) for r in odd), odd
    # After the close, any visit is refused: the close is final for later writers.
    with pytest.raises(sv.EpisodeClosed), store.session() as s:
        sv.add_visit(s, alice, eid, foot_drop(3))
    with store.session() as s:
        assert s.scalar(select(func.count()).where(Visit.episode_id == eid)) == len(created)


def test_simultaneous_acknowledgements_have_exactly_one_winner(
    store: Store, actors: Actors
) -> None:
    alice, _, _ = actors
    clinicians = [alice]
    with store.session() as s:
        for n in range(7):
            user = auth.create_user(s, alice.clinic_id, f"clinician{n}", PASSWORD)
            clinicians.append(auth.actor_for(user, f"10.0.1.{n}"))
    pid = three_visits(store, alice)
    with store.session() as s:
        alert_id = sv.list_alerts(s, alice, pid)[0].id

    def acknowledge(actor: Actor) -> Callable[[], int | None]:
        def task() -> int | None:
            with store.session() as s:
                return sv.acknowledge_alert(s, actor, alert_id).acknowledged_by

        return task

    results = run_together([acknowledge(a) for a in clinicians])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1, f"every caller learns the one who won: {results}"
    with store.session() as s:
        alert = s.get(Alert, alert_id)
        assert alert is not None and alert.acknowledged_by == results[0]
        events = select(func.count()).where(
            AuditEvent.action == "alert.acknowledge", AuditEvent.entity_id == alert_id
        )
        assert s.scalar(events) == 1


def test_an_alert_acknowledged_meanwhile_is_not_also_superseded(
    store: Store, actors: Actors, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A colleague acknowledges the open alert while a newer visit is being recorded: it stays
    acknowledged (by them), and the newer visit's alert is the one open alert of the rule."""
    alice, bob, _ = actors
    pid = three_visits(store, alice, (4, 3))
    with store.session() as s:
        older = next(a for a in sv.list_alerts(s, alice, pid) if a.rule == "RF-MOT-PROGRESSIVE")
        eid = older.visit.episode_id

    def acknowledge() -> None:
        with store.session() as other:
            sv.acknowledge_alert(other, bob, older.id, pid)

    just_before_the_write(monkeypatch, acknowledge, at=VISIT_LOCK)
    with store.session() as s:
        visit = sv.add_visit(
            s, alice, eid, foot_drop(2), seen_at=older.visit.seen_at.replace(day=20)
        )
        vid = visit.id
    with store.session() as s:
        done = s.get(Alert, older.id)
        assert done is not None and done.acknowledged_by == bob.clinician_id
        assert done.superseded_at is None and done.superseded_by is None
        still = [a for a in sv.list_alerts(s, alice, pid) if a.rule == "RF-MOT-PROGRESSIVE"]
        assert [a.visit_id for a in still] == [vid]


def test_simultaneous_acknowledgements_of_one_rule_close_each_alert_once(
    store: Store, actors: Actors
) -> None:
    """Data from before superseding: two open alerts of one rule. Clinicians acknowledge the newer
    (which takes the older with it) and the older at once: no error, each alert acknowledged and
    audited exactly once."""
    alice, _, _ = actors
    clinicians = [alice]
    with store.session() as s:
        for n in range(5):
            user = auth.create_user(s, alice.clinic_id, f"clinician{n}", PASSWORD)
            clinicians.append(auth.actor_for(user, f"10.0.1.{n}"))
    pid = three_visits(store, alice)
    with store.session() as s:
        s.execute(update(Alert).values(superseded_at=None, superseded_by=None))
    with store.session() as s:
        newer, older = (
            a.id for a in sv.list_alerts(s, alice, pid) if a.rule == "RF-MOT-PROGRESSIVE"
        )

    def acknowledge(actor: Actor, alert_id: int) -> Callable[[], int | None]:
        def task() -> int | None:
            with store.session() as s:
                return sv.acknowledge_alert(s, actor, alert_id, pid).acknowledged_by

        return task

    tasks = [acknowledge(a, newer if i % 2 else older) for i, a in enumerate(clinicians)]
    results = run_together(tasks)
    assert not [r for r in results if isinstance(r, Exception)], results
    with store.session() as s:
        for alert_id in (newer, older):
            alert = s.get(Alert, alert_id)
            assert alert is not None and alert.acknowledged_at is not None
            events = select(func.count()).where(
                AuditEvent.action == "alert.acknowledge", AuditEvent.entity_id == alert_id
            )
            assert s.scalar(events) == 1, alert_id
