"""Domain services on SQLite and PostgreSQL: visits, follow-up alerts, isolation, audit,
optimistic concurrency, export and delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy import update as sa_update

from sciatica.errors import InvalidCase
from sciatica.records import services as sv
from sciatica.records.audit import Actor
from sciatica.records.db import Store
from sciatica.records.models import Alert, AuditEvent, Episode, ScoreResponse, Visit
from sciatica.records.scores import ScoreError

from .cases import foot_drop

Actors = tuple[Actor, Actor, Actor]
T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


def three_visits(store: Store, actor: Actor, grades: tuple[int, ...] = (4, 3, 2)) -> int:
    with store.session() as s:
        patient = sv.create_patient(s, actor, display_name="J. D.", birth_year=1970)
        episode = sv.create_episode(s, actor, patient.id)
        for i, grade in enumerate(grades):
            sv.add_visit(s, actor, episode.id, foot_drop(grade), seen_at=T0 + timedelta(days=7 * i))
        return patient.id


def test_first_visit_has_no_previous_and_a_worsening_grade_raises_an_alert(
    store: Store, actors: Actors
) -> None:
    alice = actors[0]
    pid = three_visits(store, alice)
    with store.session() as s:
        visits = s.scalars(select(Visit).order_by(Visit.seen_at)).all()
        assert visits[0].assessment_json["follow_up"] is None
        follow = visits[1].assessment_json["follow_up"]
        assert follow["progression"] is True and follow["days_since_previous"] == 7
        assert follow["grade_changes"] == [
            {"finding": "exam.strength.left.ankle_dorsiflexion", "previous": 4, "current": 3}
        ]
        assert "previous" not in visits[1].case_json  # the store's last visit is the reference
        assert visits[2].knowledge_version == visits[2].assessment_json["knowledge_version"]
        alerts = sv.list_alerts(s, alice, pid)
        rules = {(a.rule, a.escalation) for a in alerts}
        assert ("RF-MOT-PROGRESSIVE", "ESC-01") in rules
        assert ("RF-MOT-NO-RECOVERY", "ESC-05") in rules
        progressive = [a for a in alerts if a.rule == "RF-MOT-PROGRESSIVE"]
        assert len(progressive) == 1  # visits 2 and 3 each fell one grade: the newer supersedes
        assert progressive[0].visit_id == visits[2].id
        assert all(a.sources and a.level for a in alerts)
        urgencies = [a.urgency for a in alerts]
        assert urgencies == sorted(urgencies, reverse=True)  # most urgent first


def test_alerts_only_for_rules_that_implement_an_escalation(store: Store, actors: Actors) -> None:
    esc = sv.escalation_of_rule()
    pid = three_visits(store, actors[0])
    with store.session() as s:
        for visit in s.scalars(select(Visit)):
            fired = {r["rule"] for r in visit.assessment_json["triage"]["reasons"]}
            stored = {a.rule for a in s.scalars(select(Alert).where(Alert.visit_id == visit.id))}
            assert stored == fired & esc.keys()
        assert sv.list_alerts(s, actors[0], pid)


def test_newly_bilateral_and_new_sphincter_symptoms_escalate(store: Store, actors: Actors) -> None:
    alice = actors[0]
    with store.session() as s:
        p = sv.create_patient(s, alice)
        e = sv.create_episode(s, alice, p.id)
        sv.add_visit(s, alice, e.id, foot_drop(4), seen_at=T0)
        case = foot_drop(4, side="left")
        case["symptoms"].update(leg_pain="both", bladder="retention")
        sv.add_visit(s, alice, e.id, case, seen_at=T0 + timedelta(days=3))
        rules = {a.rule: a for a in sv.list_alerts(s, alice, p.id)}
        assert rules["RF-CES"].level == "emergency" and rules["RF-CES"].escalation == "ESC-02"
        assert rules["RF-BILAT"].escalation == "ESC-03"


def test_acknowledge_is_audited_and_closes_the_alert(store: Store, actors: Actors) -> None:
    alice, bob, carol = actors
    pid = three_visits(store, alice)
    with store.session() as s:
        alert = sv.list_alerts(s, bob, pid)[0]
        sv.acknowledge_alert(s, bob, alert.id)
    with store.session() as s:
        assert alert.id not in {a.id for a in sv.list_alerts(s, alice, pid)}
        done = s.get(Alert, alert.id)
        assert done is not None and done.acknowledged_by == bob.clinician_id
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "alert.acknowledge")).one()
        assert (event.username, event.address, event.entity_id) == ("bob", "10.0.0.2", alert.id)
        assert event.at is not None and event.patient_id == pid
        with pytest.raises(sv.NotFound):
            sv.acknowledge_alert(s, carol, alert.id)


def test_every_read_and_write_is_audited(store: Store, actors: Actors) -> None:
    alice = actors[0]
    pid = three_visits(store, alice)
    with store.session() as s:
        sv.get_patient(s, alice, pid)
        sv.export_patient(s, alice, pid)
        sv.timeline(s, alice, pid)
        visit_id = s.scalars(select(Visit.id)).first()
        assert visit_id is not None
        sv.get_visit(s, alice, visit_id)
    with store.session() as s:
        actions = set(s.scalars(select(AuditEvent.action).where(AuditEvent.patient_id == pid)))
        assert {
            "patient.create",
            "episode.create",
            "visit.create",
            "patient.read",
            "patient.export",
            "patient.timeline",
            "visit.read",
        } <= actions
        for event in s.scalars(select(AuditEvent).where(AuditEvent.patient_id == pid)):
            assert event.username == "alice" and event.address == "10.0.0.1"


def test_another_clinic_sees_nothing(store: Store, actors: Actors) -> None:
    alice, _, carol = actors
    pid = three_visits(store, alice)
    with store.session() as s:
        visit_id = s.scalars(select(Visit.id)).first()
        episode_id = s.scalars(select(Episode.id)).first()
        assert visit_id is not None and episode_id is not None
        assert sv.list_patients(s, carol) == []
        assert sv.list_alerts(s, carol) == []
        for call in (
            lambda: sv.get_patient(s, carol, pid),
            lambda: sv.export_patient(s, carol, pid),
            lambda: sv.delete_patient(s, carol, pid),
            lambda: sv.timeline(s, carol, pid),
            lambda: sv.create_episode(s, carol, pid),
            lambda: sv.add_visit(s, carol, episode_id, foot_drop(1)),
            lambda: sv.get_visit(s, carol, visit_id),
            lambda: sv.update_visit(s, carol, visit_id, foot_drop(1), 1),
            lambda: sv.record_score(s, carol, pid, "sbi", {}),
            lambda: sv.list_alerts(s, carol, pid),
        ):
            with pytest.raises(sv.NotFound):
                call()


def test_stale_version_is_a_conflict_and_nothing_is_overwritten(
    store: Store, actors: Actors
) -> None:
    alice, bob, _ = actors
    three_visits(store, alice)
    with store.session() as s:
        visit_id = s.scalars(select(Visit.id).order_by(Visit.id)).first()
        assert visit_id is not None
    with store.session() as s:
        updated = sv.update_visit(s, alice, visit_id, foot_drop(5), expected_version=1)
        assert updated.version == 2
    with pytest.raises(sv.VersionConflict) as conflict, store.session() as s:
        sv.update_visit(s, bob, visit_id, foot_drop(0), expected_version=1)
    assert conflict.value.current == 2
    with store.session() as s:
        visit = s.get(Visit, visit_id)
        assert visit is not None and visit.version == 2
        assert visit.case_json["exam"]["strength"]["left"]["ankle_dorsiflexion"] == 5


def test_concurrent_flush_loses_with_stale_data(store: Store, actors: Actors) -> None:
    """Two sessions read version 1; the UPDATE ... WHERE version = 1 of the second matches
    nothing, so the second commit fails instead of overwriting."""
    from sqlalchemy.orm.exc import StaleDataError

    alice = actors[0]
    three_visits(store, alice)
    with store.session() as s:
        visit_id = s.scalars(select(Visit.id)).first()
    first = store.sessions()
    second = store.sessions()
    try:
        a = first.get(Visit, visit_id)
        b = second.get(Visit, visit_id)
        assert a is not None and b is not None
        a.knowledge_version = "edited-a"
        first.commit()
        b.knowledge_version = "edited-b"
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()


def test_invalid_case_is_refused_and_nothing_is_stored(store: Store, actors: Actors) -> None:
    alice = actors[0]
    with store.session() as s:
        p = sv.create_patient(s, alice)
        e = sv.create_episode(s, alice, p.id)
        eid = e.id
    with pytest.raises(InvalidCase), store.session() as s:
        sv.add_visit(s, alice, eid, {"exam": {"strength": {"left": {"ankle_dorsiflexion": 9}}}})
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 0


def test_export_and_delete(store: Store, actors: Actors) -> None:
    alice = actors[0]
    pid = three_visits(store, alice)
    with store.session() as s:
        sv.record_score(
            s,
            alice,
            pid,
            "sbi",
            dict.fromkeys(
                ("leg_pain", "numbness_tingling", "weakness", "back_or_leg_pain_sitting"), 3
            ),
        )
        with pytest.raises(ScoreError):
            sv.record_score(s, alice, pid, "sbi", {"leg_pain": 9})
    with store.session() as s:
        record = sv.export_patient(s, alice, pid)
    assert record["format"] == "sciatica-record/1"
    assert len(record["episodes"][0]["visits"]) == 3
    assert record["scores"][0]["result"]["total"] == 12
    assert record["alerts"] and record["patient"]["record_number"].startswith("P-")
    with store.session() as s:
        sv.delete_patient(s, alice, pid)
    with store.session() as s:
        for model in (Visit, Episode, Alert, ScoreResponse):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        deleted = s.scalars(select(AuditEvent).where(AuditEvent.action == "patient.delete")).one()
        assert deleted.patient_id == pid and deleted.username == "alice"


def test_a_new_patient_never_takes_a_deleted_patients_id(store: Store, actors: Actors) -> None:
    """Audit events keep plain patient ids: a reused id would hand the deleted person's trail to a
    new patient (SQLite without AUTOINCREMENT reuses the highest id)."""
    alice, _, _ = actors
    with store.session() as s:
        gone = sv.create_patient(s, alice, display_name="Gone").id
    with store.session() as s:
        sv.delete_patient(s, alice, gone)
    with store.session() as s:
        new = sv.create_patient(s, alice, display_name="New").id
    assert new != gone
    with store.session() as s:
        trail = s.scalars(select(AuditEvent.action).where(AuditEvent.patient_id == new)).all()
        assert trail == ["patient.create"]


def test_a_newer_visits_alert_supersedes_the_older_one_of_its_rule(
    store: Store, actors: Actors
) -> None:
    """The tester's three worsening visits: one open alert per rule, the older ones superseded
    by the newest and kept in the history."""
    alice = actors[0]
    pid = three_visits(store, alice)
    with store.session() as s:
        open_alerts = sv.list_alerts(s, alice, pid)
        rules = [a.rule for a in open_alerts]
        assert len(rules) == len(set(rules)), rules  # at most one open alert per rule
        newest = {a.rule: a for a in open_alerts}
        history = sv.list_alerts(s, alice, pid, open_only=False)
        superseded = [a for a in history if a.superseded_at is not None]
        assert superseded, "the older visits' alerts are kept"
        for old in superseded:
            assert old.acknowledged_at is None  # closed as superseded, not acknowledged
            assert old.superseded_by == newest[old.rule].id
            assert old.visit.seen_at < newest[old.rule].visit.seen_at
        progressive = [a for a in history if a.rule == "RF-MOT-PROGRESSIVE"]
        assert len(progressive) == 2  # visits 2 and 3 each fell one grade
        exported = {a["id"]: a for a in sv.export_patient(s, alice, pid)["alerts"]}
        assert {exported[a.id]["superseded_by"] for a in superseded} <= {a.id for a in open_alerts}


def test_a_back_dated_visit_entered_later_does_not_supersede_a_later_visits_alert(
    store: Store, actors: Actors
) -> None:
    """Newer is by the visit's date, not by entry order: a visit back-dated between the second and
    third visits raises its own alert, which the third visit's alert supersedes at once."""
    alice = actors[0]
    pid = three_visits(store, alice)
    with store.session() as s:
        eid = s.scalars(select(Episode.id).where(Episode.patient_id == pid)).one()
        third = s.scalars(select(Visit).order_by(Visit.seen_at.desc())).first()
        assert third is not None
        late = sv.add_visit(s, alice, eid, foot_drop(1), seen_at=T0 + timedelta(days=10)).id
    with store.session() as s:
        progressive = {
            a.visit_id: a
            for a in sv.list_alerts(s, alice, pid, open_only=False)
            if a.rule == "RF-MOT-PROGRESSIVE"
        }
        assert progressive[late].superseded_by == progressive[third.id].id
        assert progressive[third.id].superseded_at is None
        open_ones = [a for a in sv.list_alerts(s, alice, pid) if a.rule == "RF-MOT-PROGRESSIVE"]
        assert [a.visit_id for a in open_ones] == [third.id]


def test_editing_the_newest_visit_reopens_what_its_alert_superseded(
    store: Store, actors: Actors
) -> None:
    alice = actors[0]
    pid = three_visits(store, alice)
    with store.session() as s:
        third = s.scalars(select(Visit).order_by(Visit.seen_at.desc())).first()
        assert third is not None
        second_alert = s.scalars(
            select(Alert).where(Alert.rule == "RF-MOT-PROGRESSIVE", Alert.visit_id != third.id)
        ).one()
        assert second_alert.superseded_by is not None
        # the third visit corrected: grade 3 as at the second, so no new fall
        sv.update_visit(s, alice, third.id, foot_drop(3), third.version)
        progressive = [a for a in sv.list_alerts(s, alice, pid) if a.rule == "RF-MOT-PROGRESSIVE"]
        assert [a.id for a in progressive] == [second_alert.id]
        assert progressive[0].superseded_at is None and progressive[0].superseded_by is None


def test_one_acknowledgement_per_patient_and_rule(store: Store, actors: Actors) -> None:
    """Data from before superseding may hold several open alerts of one rule for a patient:
    acknowledging the newest acknowledges them all (each audited); an older one alone does not
    close the newer."""
    alice, bob, _ = actors
    pid = three_visits(store, alice)
    with store.session() as s:  # as stored before revision 0003: every alert open
        s.execute(sa_update(Alert).values(superseded_at=None, superseded_by=None))
    with store.session() as s:
        progressive = [a for a in sv.list_alerts(s, bob, pid) if a.rule == "RF-MOT-PROGRESSIVE"]
        assert len(progressive) == 2
        newer, older = progressive  # newest visit first
        assert newer.visit.seen_at > older.visit.seen_at
        sv.acknowledge_alert(s, bob, older.id, pid)
        assert newer.id in {a.id for a in sv.list_alerts(s, bob, pid)}  # the newer stays open
    with store.session() as s:
        s.execute(sa_update(Alert).values(acknowledged_at=None, acknowledged_by=None))
    with store.session() as s:
        sv.acknowledge_alert(s, bob, newer.id, pid)
    with store.session() as s:
        left = {a.rule for a in sv.list_alerts(s, alice, pid)}
        assert "RF-MOT-PROGRESSIVE" not in left
        for alert_id in (newer.id, older.id):
            done = s.get(Alert, alert_id)
            assert done is not None and done.acknowledged_by == bob.clinician_id
        events = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "alert.acknowledge", AuditEvent.entity_id == older.id
            )
        ).all()
        assert [e.detail for e in events][-1] == f"with alert {newer.id}"
