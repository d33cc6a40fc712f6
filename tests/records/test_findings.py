"""Alert evidence in plain words (sciatica.web.pages.findings): every kind of item the engine gives the
rules that raise alerts, in English and French, and the raw fallback. The words come from the
reasons' evidence items, never from the finding string."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from sciatica.assessment import Evidence
from sciatica.engine import assess
from sciatica.evidence import item, render_finding, yes
from sciatica.records import services as sv
from sciatica.records.audit import Actor
from sciatica.records.db import Store
from sciatica.records.services import escalation_of_rule
from sciatica.validation import parse_case
from sciatica.web.pages.findings import plain

from ..strategies import cases
from .cases import foot_drop

GOLDEN_DIR = Path(__file__).parents[1] / "golden"
GOLDEN = sorted((GOLDEN_DIR / "cases").glob("*.yaml"))
Items = tuple[Evidence, ...]
Actors = tuple[Actor, Actor, Actor]
T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


def G(side: str, muscle: str, grade: int, before: int | None = None) -> Evidence:  # noqa: N802
    return item(f"exam.strength.{side}.{muscle}", grade, previous=before, side=side, site=muscle)


def R(field: str, side: str) -> Evidence:  # noqa: N802
    return item(f"symptoms.{field}", side, side=side)


@cache
def golden_evidence() -> dict[tuple[str, str], Items]:
    """(case id, rule) -> the evidence of that reason, over the golden cases."""
    found: dict[tuple[str, str], Items] = {}
    for path in GOLDEN:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for reason in assess(parse_case(data["case"])).triage.reasons:
            found[data["id"], reason.rule] = reason.evidence
    return found


def alert_evidence() -> dict[str, list[Items]]:
    """Rule -> the evidence it gave over the golden cases, for the rules that raise alerts."""
    alerting = escalation_of_rule()
    found: dict[str, list[Items]] = {}
    for (_, rule), evidence in golden_evidence().items():
        if rule in alerting:
            found.setdefault(rule, []).append(evidence)
    return found


def test_the_golden_cases_fire_every_alert_rule() -> None:
    assert set(alert_evidence()) == set(escalation_of_rule())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_alert_finding_of_the_golden_cases_reads_plainly(lang: str) -> None:
    for rule, items in alert_evidence().items():
        for evidence in items:
            text = plain(evidence, lang)
            assert text is not None, (rule, render_finding(evidence))
            for raw in ("exam.", "symptoms.", "history.", "->", "_"):
                assert raw not in text, (rule, text)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_words_are_those_read_from_the_finding_strings_before(lang: str) -> None:
    """tests/golden/findings.json holds the words the string parser gave each golden finding:
    wherever it gave some, the evidence gives the same; where it gave none (a piece it did not
    know, or a finding over 200 characters), any words given carry no field names."""
    rows: list[dict[str, Any]] = json.loads((GOLDEN_DIR / "findings.json").read_text("utf-8"))
    evidence = golden_evidence()
    for row in rows:
        if (row["case"], row["rule"]) not in evidence:  # a bundled example, not a golden case
            continue
        text = plain(evidence[row["case"], row["rule"]], lang)
        before = row[f"plain_{lang}"]
        if before is not None:
            assert text == before, row
        elif text is not None:
            assert not any(raw in text for raw in ("exam.", "symptoms.", "history.", "->")), row


EXAMPLES = [
    (
        [G("left", "ankle_dorsiflexion", 3, 4)],
        "exam.strength.left.ankle_dorsiflexion 4 -> 3",
        "Left ankle dorsiflexion: MRC 4 → 3",
        "Flexion dorsale de cheville gauche : MRC 4 → 3",
    ),
    (
        [
            G("right", "great_toe_extension", 3, 3),
            G("left", "hip_flexion", 2, 2),
            item("previous.days_ago", 14, note="not_improving", join="list"),
        ],
        "exam.strength.right.great_toe_extension 3 -> 3; exam.strength.left.hip_flexion 2 -> 2, "
        "not improving over 14 days",
        "Right great toe extension: MRC 3 → 3; Left hip flexion: MRC 2 → 2, not improving over "
        "14 days",
        "Extension du gros orteil droite : MRC 3 → 3; Flexion de hanche gauche : MRC 2 → 2, "
        "sans amélioration en 14 jours",
    ),
    (
        [G("left", "ankle_dorsiflexion", 3, 3), item(note="not_improving", join="list")],
        "exam.strength.left.ankle_dorsiflexion 3 -> 3, not improving",
        "Left ankle dorsiflexion: MRC 3 → 3, not improving",
        "Flexion dorsale de cheville gauche : MRC 3 → 3, sans amélioration",
    ),
    (
        [
            G("left", "ankle_dorsiflexion", 3),
            R("foot_drop", "both"),
            R("complete_paralysis", "right"),
        ],
        "exam.strength.left.ankle_dorsiflexion = 3; symptoms.foot_drop = both; "
        "symptoms.complete_paralysis = right",
        "Left ankle dorsiflexion: MRC 3; Foot drop: both legs (reported); Complete paralysis: "
        "right (reported)",
        "Flexion dorsale de cheville gauche : MRC 3; Pied tombant : les deux jambes (déclaré par "
        "le patient); Paralysie complète : droite (déclaré par le patient)",
    ),
    (
        [item("history.weakness_course", "worsening")],
        "history.weakness_course = worsening",
        "Weakness worsening",
        "Faiblesse qui s'aggrave",
    ),
    (
        [item("history.weakness_course", note="read_as_worsening")],
        "history.weakness_course unknown (read as worsening)",
        "Course of the weakness unknown (read as worsening)",
        "Évolution de la faiblesse inconnue (lue comme une aggravation)",
    ),
    (
        [
            yes("symptoms.saddle_numbness"),
            item("symptoms.bladder", "retention"),
            item("symptoms.bowel", "new_difficulty"),
            yes("symptoms.sexual_dysfunction_new"),
        ],
        "symptoms.saddle_numbness = yes; symptoms.bladder = retention; symptoms.bowel = "
        "new_difficulty; symptoms.sexual_dysfunction_new = yes",
        "Saddle numbness; Bladder: retention; Bowel: new difficulty; New sexual dysfunction",
        "Engourdissement en selle; Vessie : rétention; Intestin : difficulté nouvelle; Trouble "
        "sexuel nouveau",
    ),
    (
        [
            item("exam.sensation.saddle", "absent", site="saddle"),
            item("exam.anal_tone", "reduced"),
            item("exam.post_void_residual_ml", 350, note="over_limit", limit=200),
        ],
        "exam.sensation.saddle = absent; exam.anal_tone = reduced; "
        "exam.post_void_residual_ml = 350 (> 200)",
        "Saddle sensation: absent; Anal tone reduced; Post-void residual: 350 ml (over 200)",
        "Sensibilité en selle : abolie; Tonus anal diminué; Résidu post-mictionnel : 350 ml "
        "(plus de 200)",
    ),
    (
        [
            item(note="radicular_both_legs"),
            item("history.symptom_days", 5),
            item(note="newly_bilateral", join="list"),
            item(note="worsening", join="list"),
        ],
        "radicular symptoms in both legs; symptom_days = 5, newly bilateral since the last visit, "
        "worsening",
        "Radicular symptoms in both legs; Symptoms for 5 days, newly bilateral since the last "
        "visit, worsening",
        "Symptômes radiculaires dans les deux jambes; Symptômes depuis 5 jours, devenus "
        "bilatéraux depuis la dernière visite, aggravation",
    ),
    (
        [
            item(note="numbness_both_legs"),
            item("history.symptom_days", note="read_as_recent"),
            item("history.became_bilateral", True, join="list"),
        ],
        "new numbness in both legs; symptom_days unknown (read as recent), became_bilateral = yes",
        "New numbness in both legs; Duration unknown (read as recent), became bilateral",
        "Engourdissement nouveau des deux jambes; Durée inconnue (lue comme récente), devenus "
        "bilatéraux",
    ),
    (
        [
            item("history.symptom_days", 30, note="radicular_both_legs"),
            item("history.became_bilateral", note="not_answered"),
        ],
        "radicular symptoms in both legs for 30 days; history.became_bilateral not answered",
        "Radicular symptoms in both legs for 30 days; Whether the symptoms became bilateral: not "
        "answered",
        "Symptômes radiculaires dans les deux jambes depuis 30 jours; Symptômes devenus "
        "bilatéraux : sans réponse",
    ),
    (
        [
            item("exam.babinski.left", True, side="left"),
            item("exam.clonus.right", True, side="right"),
            item("exam.reflexes.left.patellar", "brisk", side="left", site="patellar"),
        ],
        "exam.babinski.left = yes; exam.clonus.right = yes; exam.reflexes.left.patellar = brisk",
        "Babinski sign: left; Clonus: right; Patellar reflex brisk: left",
        "Signe de Babinski : gauche; Clonus : droite; Réflexe rotulien vif : gauche",
    ),
    (
        [yes("symptoms.face_or_arm_symptoms"), yes("symptoms.speech_difficulty")],
        "symptoms.face_or_arm_symptoms = yes; symptoms.speech_difficulty = yes",
        "Face or arm symptoms; Difficulty speaking",
        "Symptômes au visage ou au bras; Trouble de la parole",
    ),
    (
        [yes("symptoms.ascending_weakness")],
        "symptoms.ascending_weakness = yes",
        "Ascending weakness",
        "Faiblesse ascendante",
    ),
    (
        [item(note="gbs_pattern")],
        "weakness of both legs with knee and ankle reflexes reduced or absent on both sides",
        "Weakness of both legs with knee and ankle reflexes reduced or absent on both sides",
        "Faiblesse des deux jambes avec réflexes rotuliens et achilléens diminués ou abolis des "
        "deux côtés",
    ),
    (
        [
            item("history.symptom_days", 50, note="leg_pain_days"),
            item("symptoms.pain_score", 8),
            item("history.conservative_care_weeks", 7),
        ],
        "leg pain for 50 days; symptoms.pain_score = 8; history.conservative_care_weeks = 7",
        "Leg pain for 50 days; Pain score: 8/10; Conservative care: 7 weeks",
        "Douleur de jambe depuis 50 jours; Score de douleur : 8/10; Traitement conservateur : 7 "
        "semaines",
    ),
    (
        [item("history.symptom_days", 90, note="leg_symptoms_days")],
        "leg symptoms for 90 days",
        "Leg symptoms for 90 days",
        "Symptômes de jambe depuis 90 jours",
    ),
    (
        [
            yes("history.fever"),
            yes("history.iv_drug_use"),
            yes("history.immunosuppression"),
            yes("history.long_term_steroids"),
            item(note="motor_deficit"),
            item(note="exam_sensory_loss", join="and"),
            item(note="reflex_loss", join="and"),
        ],
        "history.fever = yes; history.iv_drug_use = yes; history.immunosuppression = yes; "
        "history.long_term_steroids = yes; motor deficit and sensory loss on examination and "
        "reduced or absent reflex",
        "Fever; Intravenous drug use; Immunosuppression; Long-term steroids; Motor deficit and "
        "sensory loss on examination and reduced or absent reflex",
        "Fièvre; Usage de drogues par voie intraveineuse; Immunodépression; Corticothérapie au "
        "long cours; Déficit moteur et déficit sensitif à l'examen et réflexe diminué ou aboli",
    ),
    (
        [yes("history.fever"), item(note="back_or_leg_pain")],
        "history.fever = yes; back or leg pain",
        "Fever; Back or leg pain",
        "Fièvre; Douleur du dos ou de la jambe",
    ),
    (
        [yes("history.fever"), item(note="pain_unanswered")],
        "history.fever = yes; pain questions unanswered",
        "Fever; Pain questions unanswered",
        "Fièvre; Questions sur la douleur sans réponse",
    ),
    (
        [
            yes("history.cancer_history"),
            yes("history.unexplained_weight_loss"),
            yes("symptoms.night_pain"),
        ],
        "history.cancer_history = yes; history.unexplained_weight_loss = yes; "
        "symptoms.night_pain = yes",
        "History of cancer; Unexplained weight loss; Night pain",
        "Antécédent de cancer; Perte de poids inexpliquée; Douleur nocturne",
    ),
    (
        [yes("history.recent_spinal_procedure"), yes("history.fever")],
        "history.recent_spinal_procedure = yes; history.fever = yes",
        "Recent spinal procedure; Fever",
        "Geste rachidien récent; Fièvre",
    ),
    (
        [yes("history.recent_spinal_procedure"), G("left", "knee_extension", 2, 4)],
        "history.recent_spinal_procedure = yes; exam.strength.left.knee_extension 4 -> 2",
        "Recent spinal procedure; Left knee extension: MRC 4 → 2",
        "Geste rachidien récent; Extension du genou gauche : MRC 4 → 2",
    ),
]


@pytest.mark.parametrize(("evidence", "finding", "english", "french"), EXAMPLES)
def test_each_format_in_english_and_french(
    evidence: list[Evidence], finding: str, english: str, french: str
) -> None:
    assert render_finding(evidence) == finding  # the example's evidence is that finding's
    assert plain(evidence, "en") == english
    assert plain(evidence, "fr") == french


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_reason_of_any_case_reads_plainly(case: dict[str, Any]) -> None:
    """Every kind of evidence the engine gives has words in both languages, with no field names."""
    for reason in assess(parse_case(case)).triage.reasons:
        for lang in ("en", "fr"):
            text = plain(reason.evidence, lang)
            assert text is not None, (reason.rule, reason.finding)
            for raw in ("exam.", "symptoms.", "history.", "->", "_", "{"):
                assert raw not in text, (reason.rule, reason.finding, text)


@pytest.mark.parametrize(
    "evidence",
    [
        [],
        [item("symptoms.leg_pain", 3, note="over_limit", limit=2)],  # a note out of its place
        [G("left", "ankle_dorsiflexion", 3, 4), item("symptoms.something_new", True)],
        [G("middle", "ankle_dorsiflexion", 3, 4)],  # not a side
        [G("left", "wiggling", 3, 4)],  # not a muscle of the strings
        [item("symptoms.bladder", "sometimes")],
        [item("exam.reflexes.left.elbow", "brisk", side="left", site="elbow")],
        [item("history.onset", note="read_as_recent")],  # a reading made on another field
    ],
)
def test_what_has_no_words_stays_raw(evidence: list[Evidence]) -> None:
    assert plain(evidence, "en") is None
    assert plain(evidence, "fr") is None


def test_an_alert_reads_its_evidence_from_its_stored_visit(store: Store, actors: Actors) -> None:
    """Records keep each visit's assessment as JSON, evidence included: an alert is worded from it.

    A visit stored before reasons carried evidence is assessed again from its stored case, and
    that evidence is used only when it renders to exactly the stored finding."""
    alice = actors[0]
    with store.session() as s:
        patient = sv.create_patient(s, alice, display_name="J. D.", birth_year=1970)
        episode = sv.create_episode(s, alice, patient.id)
        for i, grade in enumerate((4, 2)):
            sv.add_visit(s, alice, episode.id, foot_drop(grade), seen_at=T0 + timedelta(days=7 * i))
        alerts = sv.list_alerts(s, alice, patient.id)
        assert alerts
        for alert in alerts:
            evidence = sv.alert_evidence(alert)
            assert evidence and render_finding(evidence)[:200] == alert.finding
            assert plain(evidence, "en")
            old = copy.deepcopy(alert.visit.assessment_json)
            for reason in old["triage"]["reasons"]:
                del reason["evidence"]
            alert.visit.assessment_json = old
            assert sv.alert_evidence(alert) == evidence
            alert.finding = "exam.strength.left.ankle_dorsiflexion = 9"  # no longer what it says
            assert sv.alert_evidence(alert) is None
            s.rollback()
            break
