"""Alert findings in plain words (sciatica.web.findings): every format the engine writes for the
rules that raise alerts, in English and French, and the raw fallback."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from sciatica.engine import assess
from sciatica.records.services import escalation_of_rule
from sciatica.validation import parse_case
from sciatica.web.findings import plain

GOLDEN = sorted((Path(__file__).parents[1] / "golden" / "cases").glob("*.yaml"))


@cache
def alert_findings() -> dict[str, set[str]]:
    """Rule -> the findings it wrote over the golden cases, for the rules that raise alerts."""
    alerting = escalation_of_rule()
    found: dict[str, set[str]] = {}
    for path in GOLDEN:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))["case"]
        for reason in assess(parse_case(case)).to_json_dict()["triage"]["reasons"]:
            if reason["rule"] in alerting:
                found.setdefault(reason["rule"], set()).add(reason["finding"])
    return found


def test_the_golden_cases_fire_every_alert_rule() -> None:
    assert set(alert_findings()) == set(escalation_of_rule())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_alert_finding_of_the_golden_cases_reads_plainly(lang: str) -> None:
    for rule, findings in alert_findings().items():
        for finding in findings:
            text = plain(finding, lang)
            assert text is not None, (rule, finding)
            for raw in ("exam.", "symptoms.", "history.", "->", "_"):
                assert raw not in text, (rule, finding, text)


EXAMPLES = [
    (
        "exam.strength.left.ankle_dorsiflexion 4 -> 3",
        "Left ankle dorsiflexion: MRC 4 → 3",
        "Flexion dorsale de cheville gauche : MRC 4 → 3",
    ),
    (
        "exam.strength.right.great_toe_extension 3 -> 3; exam.strength.left.hip_flexion 2 -> 2, "
        "not improving over 14 days",
        "Right great toe extension: MRC 3 → 3; Left hip flexion: MRC 2 → 2, not improving over "
        "14 days",
        "Extension du gros orteil droite : MRC 3 → 3; Flexion de hanche gauche : MRC 2 → 2, "
        "sans amélioration en 14 jours",
    ),
    (
        "exam.strength.left.ankle_dorsiflexion 3 -> 3, not improving",
        "Left ankle dorsiflexion: MRC 3 → 3, not improving",
        "Flexion dorsale de cheville gauche : MRC 3 → 3, sans amélioration",
    ),
    (
        "exam.strength.left.ankle_dorsiflexion = 3; symptoms.foot_drop = both; "
        "symptoms.complete_paralysis = right",
        "Left ankle dorsiflexion: MRC 3; Foot drop: both legs (reported); Complete paralysis: "
        "right (reported)",
        "Flexion dorsale de cheville gauche : MRC 3; Pied tombant : les deux jambes (déclaré par "
        "le patient); Paralysie complète : droite (déclaré par le patient)",
    ),
    ("history.weakness_course = worsening", "Weakness worsening", "Faiblesse qui s'aggrave"),
    (
        "history.weakness_course unknown (read as worsening)",
        "Course of the weakness unknown (read as worsening)",
        "Évolution de la faiblesse inconnue (lue comme une aggravation)",
    ),
    (
        "symptoms.saddle_numbness = yes; symptoms.bladder = retention; symptoms.bowel = "
        "new_difficulty; symptoms.sexual_dysfunction_new = yes",
        "Saddle numbness; Bladder: retention; Bowel: new difficulty; New sexual dysfunction",
        "Engourdissement en selle; Vessie : rétention; Intestin : difficulté nouvelle; Trouble "
        "sexuel nouveau",
    ),
    (
        "exam.sensation.saddle = absent; exam.anal_tone = reduced; "
        "exam.post_void_residual_ml = 350 (> 200)",
        "Saddle sensation: absent; Anal tone reduced; Post-void residual: 350 ml (over 200)",
        "Sensibilité en selle : abolie; Tonus anal diminué; Résidu post-mictionnel : 350 ml "
        "(plus de 200)",
    ),
    (
        "radicular symptoms in both legs; symptom_days = 5, newly bilateral since the last visit, "
        "worsening",
        "Radicular symptoms in both legs; Symptoms for 5 days, newly bilateral since the last "
        "visit, worsening",
        "Symptômes radiculaires dans les deux jambes; Symptômes depuis 5 jours, devenus "
        "bilatéraux depuis la dernière visite, aggravation",
    ),
    (
        "new numbness in both legs; symptom_days unknown (read as recent), became_bilateral = yes",
        "New numbness in both legs; Duration unknown (read as recent), became bilateral",
        "Engourdissement nouveau des deux jambes; Durée inconnue (lue comme récente), devenus "
        "bilatéraux",
    ),
    (
        "radicular symptoms in both legs for 30 days; history.became_bilateral not answered",
        "Radicular symptoms in both legs for 30 days; Whether the symptoms became bilateral: not "
        "answered",
        "Symptômes radiculaires dans les deux jambes depuis 30 jours; Symptômes devenus "
        "bilatéraux : sans réponse",
    ),
    (
        "exam.babinski.left = yes; exam.clonus.right = yes; exam.reflexes.left.patellar = brisk",
        "Babinski sign: left; Clonus: right; Patellar reflex brisk: left",
        "Signe de Babinski : gauche; Clonus : droite; Réflexe rotulien vif : gauche",
    ),
    (
        "symptoms.face_or_arm_symptoms = yes; symptoms.speech_difficulty = yes",
        "Face or arm symptoms; Difficulty speaking",
        "Symptômes au visage ou au bras; Trouble de la parole",
    ),
    ("symptoms.ascending_weakness = yes", "Ascending weakness", "Faiblesse ascendante"),
    (
        "weakness of both legs with knee and ankle reflexes reduced or absent on both sides",
        "Weakness of both legs with knee and ankle reflexes reduced or absent on both sides",
        "Faiblesse des deux jambes avec réflexes rotuliens et achilléens diminués ou abolis des "
        "deux côtés",
    ),
    (
        "leg pain for 50 days; symptoms.pain_score = 8; history.conservative_care_weeks = 7",
        "Leg pain for 50 days; Pain score: 8/10; Conservative care: 7 weeks",
        "Douleur de jambe depuis 50 jours; Score de douleur : 8/10; Traitement conservateur : 7 "
        "semaines",
    ),
    ("leg symptoms for 90 days", "Leg symptoms for 90 days", "Symptômes de jambe depuis 90 jours"),
    (
        "history.fever = yes; history.iv_drug_use = yes; history.immunosuppression = yes; "
        "history.long_term_steroids = yes; motor deficit and sensory loss on examination and "
        "reduced or absent reflex",
        "Fever; Intravenous drug use; Immunosuppression; Long-term steroids; Motor deficit and "
        "sensory loss on examination and reduced or absent reflex",
        "Fièvre; Usage de drogues par voie intraveineuse; Immunodépression; Corticothérapie au "
        "long cours; Déficit moteur et déficit sensitif à l'examen et réflexe diminué ou aboli",
    ),
    (
        "history.fever = yes; back or leg pain",
        "Fever; Back or leg pain",
        "Fièvre; Douleur du dos ou de la jambe",
    ),
    (
        "history.fever = yes; pain questions unanswered",
        "Fever; Pain questions unanswered",
        "Fièvre; Questions sur la douleur sans réponse",
    ),
    (
        "history.cancer_history = yes; history.unexplained_weight_loss = yes; "
        "symptoms.night_pain = yes",
        "History of cancer; Unexplained weight loss; Night pain",
        "Antécédent de cancer; Perte de poids inexpliquée; Douleur nocturne",
    ),
    (
        "history.recent_spinal_procedure = yes; history.fever = yes",
        "Recent spinal procedure; Fever",
        "Geste rachidien récent; Fièvre",
    ),
    (
        "history.recent_spinal_procedure = yes; exam.strength.left.knee_extension 4 -> 2",
        "Recent spinal procedure; Left knee extension: MRC 4 → 2",
        "Geste rachidien récent; Extension du genou gauche : MRC 4 → 2",
    ),
]


@pytest.mark.parametrize(("finding", "english", "french"), EXAMPLES)
def test_each_format_in_english_and_french(finding: str, english: str, french: str) -> None:
    assert plain(finding, "en") == english
    assert plain(finding, "fr") == french


@pytest.mark.parametrize(
    "finding",
    [
        "",
        "the findings fit stroke better than a nerve root",  # a rule that raises no alert
        "exam.strength.left.ankle_dorsiflexion 4 -> 3; something new",  # one unknown part
        "exam.strength.middle.ankle_dorsiflexion 4 -> 3",  # not a side
        "exam.strength.left.wiggling 4 -> 3",  # not a muscle of the strings
        "symptoms.bladder = sometimes",
        "exam.reflexes.left.elbow = brisk",
        "history.fever = yes; " + "symptom_days = 12, " * 12,  # as long as a stored, cut finding
    ],
)
def test_what_does_not_parse_stays_raw(finding: str) -> None:
    assert plain(finding, "en") is None
    assert plain(finding, "fr") is None
