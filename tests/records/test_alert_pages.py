"""Follow-up alerts that stay readable, on both backends: the clinic dashboard groups open alerts
by patient (name and record number, most urgent first, newest visit first), dates them by the
visit, words them in the reader's language from the rule id, and the patient page keeps the
superseded ones in its history."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from sciatica.knowledge import load_knowledge
from sciatica.records import services as sv
from sciatica.records.audit import Actor
from sciatica.records.db import Store
from sciatica.records.models import Alert

from .cases import foot_drop
from .test_pages import csrf, sign_in

Actors = tuple[Actor, Actor, Actor]
T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)
RULE = "RF-MOT-PROGRESSIVE"


def patient_with_visits(store: Store, actor: Actor, name: str, grades: tuple[int, ...]) -> int:
    """Visits a week apart from T0, recorded today (their entry date is not their visit date)."""
    with store.session() as s:
        patient = sv.create_patient(s, actor, display_name=name, birth_year=1970)
        episode = sv.create_episode(s, actor, patient.id)
        for i, grade in enumerate(grades):
            sv.add_visit(s, actor, episode.id, foot_drop(grade), seen_at=T0 + timedelta(days=7 * i))
        return patient.id


def groups(page: str) -> list[str]:
    """The dashboard's per-patient sections, in page order."""
    dashboard = page.split('id="dashboard-h"')[1].split('id="patients-h"')[0]
    return re.findall(r'<section class="rec-alert-group".*?</section>', dashboard, re.S)


def rules_of(section: str) -> list[str]:
    return re.findall(r'<li class="rec-alert" data-rule="([^"]+)">', section)


def texts(rule_id: str, locale: str) -> tuple[str, list[str]]:
    rule = next(r for r in load_knowledge().rules if r.id == rule_id)
    return str(getattr(rule.title, locale)), [
        str(getattr(o.clinician, locale)) for o in rule.outcomes.values()
    ]


def test_dashboard_groups_by_patient_with_names_and_visit_dates(
    store: Store, actors: Actors, app_client: TestClient
) -> None:
    alice = actors[0]
    worse = patient_with_visits(store, alice, "Ann Example", (4, 3, 2))  # falls to MRC 2
    milder = patient_with_visits(store, alice, "Ben Sample", (5, 4))  # one fall, unilateral
    sign_in(app_client, "alice")
    page = html.unescape(app_client.get("/records").text)
    sections = groups(page)
    assert [re.search(r'data-patient="(\d+)"', g).group(1) for g in sections] == [  # type: ignore[union-attr]
        str(worse),
        str(milder),
    ], "most urgent patient first"
    with store.session() as s:
        numbers = {p.id: p.record_number for p in sv.list_patients(s, alice)}
    assert "Ann Example" in sections[0] and numbers[worse] in sections[0]
    assert "Ben Sample" in sections[1] and numbers[milder] in sections[1]
    for section in sections:
        rules = rules_of(section)
        assert rules and len(rules) == len(set(rules)), "one open alert per patient and rule"
    # dated by the visit: the third visit of Ann, the second of Ben; never the entry date (today)
    assert "2025-03-15" in sections[0] and "2025-03-08" in sections[1]
    today = datetime.now(UTC).date().isoformat()
    assert today not in "".join(sections)

    # Data stored before alerts were superseded: every visit's alert still open. Within the
    # patient the newer visit's alert comes first.
    with store.session() as s:
        s.execute(update(Alert).values(superseded_at=None, superseded_by=None))
    page = html.unescape(app_client.get("/records").text)
    first = groups(page)[0]
    progressive = [m.start() for m in re.finditer(f'data-rule="{RULE}"', first)]
    assert len(progressive) == 2
    newer, older = (
        first.find(d, p) for d, p in zip(("2025-03-15", "2025-03-08"), progressive, strict=True)
    )
    assert 0 <= newer < older, "newest visit first within a patient"

    # one acknowledgement closes the patient's rule: the newer alert takes the older with it
    action = re.search(
        f'data-rule="{RULE}">.*?action="([^"]+/acknowledge[^"]*)"', first, re.S
    ).group(1)  # type: ignore[union-attr]
    token = csrf(app_client, "/records")
    answer = app_client.post(action, data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/records"
    first = groups(app_client.get("/records").text)[0]
    assert RULE not in rules_of(first)


def test_superseded_alerts_stay_in_the_patients_history(
    store: Store, actors: Actors, app_client: TestClient
) -> None:
    alice = actors[0]
    pid = patient_with_visits(store, alice, "Ann Example", (4, 3, 2))
    sign_in(app_client, "alice")
    page = html.unescape(app_client.get(f"/records/patients/{pid}").text)
    open_part = page.split('id="alerts-h"')[1].split('id="alert-history"')[0]
    assert rules_of(open_part).count(RULE) == 1
    history = page.split('id="alert-history"')[1].split("</details>")[0]
    with store.session() as s:
        old = s.scalars(
            select(Alert).where(Alert.rule == RULE, Alert.superseded_at.is_not(None))
        ).one()
        assert old.visit.seen_at.date().isoformat() == "2025-03-08"
    row = re.search(f'data-alert="{old.id}">(.*?)</li>', history, re.S)
    assert row, history
    assert "2025-03-08" in row.group(1)
    assert "superseded by the alert of the visit of 2025-03-15" in " ".join(
        re.sub(r"<[^>]+>", "", row.group(1)).split()
    )


def test_a_french_reader_sees_french_alert_text_of_an_english_visit(
    store: Store, actors: Actors, app_client: TestClient
) -> None:
    alice = actors[0]
    pid = patient_with_visits(store, alice, "Ann Example", (5, 4))  # recorded in English
    with store.session() as s:
        stored = s.scalars(select(Alert).where(Alert.rule == RULE)).one()
        assert stored.text.startswith("The weakness in your leg")  # the English patient text
    title_en, clinician_en = texts(RULE, "en")
    title_fr, clinician_fr = texts(RULE, "fr")
    sign_in(app_client, "alice")
    for path in ("/records", f"/records/patients/{pid}"):
        fr = html.unescape(app_client.get(f"{path}?lang=fr").text)
        fr_alerts = (
            fr.split('id="patients-h"')[0] if path == "/records" else fr.split('id="visits-h"')[0]
        )
        assert title_fr in fr_alerts and any(t in fr_alerts for t in clinician_fr), path
        assert stored.text not in fr_alerts and title_en not in fr_alerts, path
        assert "Visite du" in fr_alerts
        en = html.unescape(app_client.get(f"{path}?lang=en").text)
        assert title_en in en and any(t in en for t in clinician_en), path
