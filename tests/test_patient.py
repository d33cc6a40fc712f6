"""The two registers of the knowledge base and the patient's view of a result (Part I §4a).

Patients read plain words and patient actions; clinicians read clinical wording; the clinician's
work-up (scan thresholds, examination steps, scores, drug classes) never shows as the person's own
step. Neither side ever sees a raw field path or a code.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from sciatica import assess
from sciatica.assessment import Assessment
from sciatica.errors import KnowledgeError
from sciatica.knowledge import FILES, _read, load_knowledge, parse_knowledge
from sciatica.patient import (
    clinician_reasons,
    emergency_numbers,
    patient_result,
    patient_steps,
    while_waiting,
)

GOLDEN = Path(__file__).parent / "golden" / "cases"
RAW: dict[str, Any] = {name: _read(name) for name in FILES}

# Clinician work-up that a patient text must never carry (whole words, case-insensitive).
WORK_UP = [
    r"\bml\b",
    r"\bMRI\b",
    r"\bMRC\b",
    r"STarT Back",
    r"\bKeele\b",
    r"perianal",
    r"périanal",
    r"perineal",
    r"périnéal",
    r"post-void",
    r"post-mictionnel",
    r"bladder scan",
    r"\bABI\b",
    r"ankle-brachial",
    r"\bEMG\b",
    r"\bCRP\b",
    r"\bFBC\b",
    r"\bESR\b",
    r"Hoover",
    r"Babinski",
    r"clonus",
    r"lumbar puncture",
    r"ponction lombaire",
    r"gabapentin",
    r"pregabalin",
    r"prégabaline",
    r"benzodiaz",
    r"opioid",
    r"opioïde",
    r"morphin",
    r"steroid",
    r"corticoïde",
    r"corticothérapie",
    r"antiepileptic",
    r"antiépileptique",
]
# A raw code or field path: a rule id, a case path, an enum value with an underscore.
CODES = [r"\bRF-[A-Z]", r"\bESC-\d", r"\bINT-\d", r"\b[a-z]+\.[a-z_]+\b", r"\b[a-z]+_[a-z_]+\b"]


def _work_up(text: str) -> list[str]:
    return [p for p in WORK_UP + CODES if re.search(p, text, re.IGNORECASE if p[0] != "\\" else 0)]


def _never_terms() -> list[str]:
    return [t for item in load_knowledge().never for t in item.terms]


@cache
def golden() -> dict[str, dict[str, Any]]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["case"]
        for p in sorted(GOLDEN.glob("*.yaml"))
    }


def case(**sections: Any) -> dict[str, Any]:
    return {"format": "sciatica-case/1", **sections}


def ces_case(locale: str = "en", country: str = "FR") -> Assessment:
    return assess(
        case(
            locale=locale,
            country=country,
            symptoms={"saddle_numbness": True, "bladder": "retention", "leg_pain": "left"},
        )
    )


def patient_texts(locale: str) -> set[str]:
    return {
        str(getattr(s.patient, locale))
        for s in load_knowledge().next_steps
        if s.patient is not None
    }


# --- the knowledge base holds both registers -----------------------------------------------------


def test_every_rule_outcome_has_a_patient_and_a_clinician_text_in_both_languages() -> None:
    count = 0
    for rule in load_knowledge().rules:
        for name, outcome in rule.outcomes.items():
            count += 1
            for locale in ("en", "fr"):
                patient = str(getattr(outcome.text, locale)).strip()
                clinician = str(getattr(outcome.clinician, locale)).strip()
                assert patient and clinician, (rule.id, name, locale)
                assert patient != clinician, (rule.id, name, locale)
            assert not re.search(r"\b(you|your)\b", outcome.clinician.en, re.I), (rule.id, name)
            assert not re.search(r"\b(vous|votre|vos)\b", outcome.clinician.fr, re.I), rule.id
    assert count >= 33


def test_a_rules_outcomes_have_distinct_levels_so_a_reason_names_one_outcome() -> None:
    for rule in load_knowledge().rules:
        levels = [o.level for o in rule.outcomes.values()]
        assert len(levels) == len(set(levels)), rule.id


def test_every_next_step_has_a_clinician_text_and_a_patient_text_or_null() -> None:
    steps = load_knowledge().next_steps
    assert len(steps) >= 53
    for step in steps:
        assert step.text.en.strip() and step.text.fr.strip(), step.id
        if step.patient is not None:
            assert step.patient.en.strip() and step.patient.fr.strip(), step.id
            assert step.patient.en != step.text.en or step.kind in ("care",), step.id
    work_up_only = {s.id for s in steps if s.patient is None}
    assert {
        "ces-bladder-scan",
        "ces-perianal-examination",
        "start-back-screening",
        "functional-weakness-note",
    } <= work_up_only


def test_the_patient_key_of_a_next_step_is_required() -> None:
    data = copy.deepcopy(RAW)
    del data["next_steps"][0]["patient"]
    with pytest.raises(KnowledgeError, match=r"next_steps\.yaml: 0\.patient"):
        parse_knowledge(data)


def test_a_rule_outcome_without_a_clinician_text_is_refused() -> None:
    data = copy.deepcopy(RAW)
    outcome = next(iter(data["rules"][0]["outcomes"].values()))
    del outcome["clinician"]
    with pytest.raises(KnowledgeError, match="clinician"):
        parse_knowledge(data)


def test_every_safety_net_item_has_both_registers_in_both_languages() -> None:
    for item in load_knowledge().safety_net:
        for locale in ("en", "fr"):
            assert str(getattr(item.text, locale)).strip(), item.id
            assert str(getattr(item.clinician, locale)).strip(), item.id
        assert item.text.en != item.clinician.en, item.id


def test_patient_texts_carry_no_work_up_and_no_code() -> None:
    kb = load_knowledge()
    texts = [(f"next_steps {s.id}", s.patient) for s in kb.next_steps if s.patient is not None]
    texts += [(f"while_waiting {w.id}", w.text) for w in kb.while_waiting]
    for where, text in texts:
        for locale in ("en", "fr"):
            found = _work_up(str(getattr(text, locale)))
            assert not found, f"{where} ({locale}) has {found}"


def test_no_new_text_recommends_what_the_spec_forbids() -> None:
    """Part I §7, for the texts test_knowledge does not see: only `avoid` steps may name them."""
    kb = load_knowledge()
    texts = [
        (f"next_steps {s.id} patient", s.patient.en + " " + s.patient.fr)
        for s in kb.next_steps
        if s.patient is not None and s.kind != "avoid"
    ]
    texts += [(f"while_waiting {w.id}", w.text.en + " " + w.text.fr) for w in kb.while_waiting]
    texts += [
        (f"rules {r.id} clinician", o.clinician.en + " " + o.clinician.fr)
        for r in kb.rules
        for o in r.outcomes.values()
    ]
    texts += [(f"safety_net {i.id}", i.clinician.en + " " + i.clinician.fr) for i in kb.safety_net]
    for where, text in texts:
        for term in _never_terms():
            assert term not in text.lower(), f"{where} mentions {term!r}"


def test_while_waiting_items_are_short_sourced_and_linked() -> None:
    kb = load_knowledge()
    assert kb.while_waiting
    for item in kb.while_waiting:
        assert len(item.text.en) <= 120 and len(item.text.fr) <= 140, item.id
    data = copy.deepcopy(RAW)
    data["while_waiting"][0]["sources"] = ["no-such-source"]
    with pytest.raises(KnowledgeError, match=r"while_waiting\.yaml .*no-such-source"):
        parse_knowledge(data)
    data = copy.deepcopy(RAW)
    data["while_waiting"][0]["when"]["not_rules"] = ["RF-NOPE"]
    with pytest.raises(KnowledgeError, match="RF-NOPE"):
        parse_knowledge(data)


# --- emergency numbers -------------------------------------------------------------------------


def test_france_shows_15_first_and_114_only_by_text() -> None:
    fr = emergency_numbers("FR", "fr")
    assert [n.number for n in fr] == ["15", "112", "114"]
    assert fr[0].primary and fr[0].label == "15 (SAMU)" and fr[0].href == "tel:15"
    assert not any(n.primary for n in fr[1:])
    assert fr[1].label == "112 (numéro d'urgence européen)"
    text = fr[2]
    assert text.href == "sms:114" and text.kind == "sms"
    assert text.label == "114 par SMS (personnes sourdes ou malentendantes)"
    en = emergency_numbers("FR", "en")
    assert en[1].label == "112 (European emergency number)"
    assert en[2].label == "114 by text (deaf or hard of hearing)"
    assert "tel:114" not in {n.href for n in (*fr, *en)}


def test_every_country_has_one_primary_number_first_and_labels_in_both_languages() -> None:
    for country in load_knowledge().countries:
        for locale in ("en", "fr"):
            numbers = emergency_numbers(country.code, locale)
            assert numbers[0].primary and sum(n.primary for n in numbers) == 1, country.code
            assert numbers[0].href.startswith("tel:"), country.code
            for n in numbers:
                assert n.label.startswith(n.number) and n.label != n.number, (country.code, n)
                assert n.href == f"{'sms' if n.kind == 'sms' else 'tel'}:{n.number}"
        # Only France lists a text-only number (the sources in the file name no other).
        kinds = {n.kind for n in country.numbers}
        assert kinds == ({"call", "sms"} if country.code == "FR" else {"call"}), country.code


def test_the_plain_list_of_numbers_still_works_for_other_code() -> None:
    countries = {c.code: c for c in load_knowledge().countries}
    assert countries["FR"].emergency_numbers == ["15", "112", "114"]
    assert countries["GB"].emergency_numbers == ["999", "112"]
    assert "112" in countries["default"].emergency_numbers
    assert emergency_numbers("XX", "en")[0].number == "112"


def test_a_second_primary_number_is_refused() -> None:
    data = copy.deepcopy(RAW)
    data["countries"][0]["numbers"][1]["primary"] = True
    with pytest.raises(KnowledgeError, match="exactly one primary"):
        parse_knowledge(data)


# --- the patient view ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_a_cauda_equina_result_gives_patient_actions_and_keeps_the_work_up_for_the_doctor(
    locale: str,
) -> None:
    a = ces_case(locale)
    view = patient_result(a)
    assert view.level == "emergency"
    waiting = " ".join(view.while_waiting).lower()
    if locale == "en":
        assert "do not eat or drink" in waiting
        assert "do not drive yourself" in waiting
        assert "bring your medicines" in waiting
    else:
        assert "ne mangez pas et ne buvez pas" in waiting
        assert "ne conduisez pas" in waiting
        assert "emportez vos médicaments" in waiting
    assert view.patient_steps
    for text in view.patient_steps:
        assert not _work_up(text), text
        assert text in patient_texts(locale)
    # The work-up is still there, for the doctor.
    doctor = " ".join(s.text for s in view.for_doctor)
    assert "200 ml" in doctor
    assert [s.text for s in view.for_doctor] == [s.text for s in a.next_steps]
    assert view.safety_net == ()
    assert view.numbers[0].number == "15" and view.numbers[0].primary


def test_stroke_says_wait_for_the_ambulance_not_do_not_drive() -> None:
    view = patient_result(assess(golden()["G021-stroke-face-speech"]))
    assert view.level == "emergency"
    waiting = " ".join(view.while_waiting).lower()
    assert "wait for the ambulance" in waiting or "attendez les secours" in waiting
    assert "do not drive" not in waiting and "ne conduisez pas" not in waiting
    assert "do not eat or drink" not in waiting


def test_reasons_are_only_those_at_the_results_level() -> None:
    a = assess(golden()["G002-l5-right-foot-drop"])
    levels = {r.rule: r.level for r in a.triage.reasons}
    assert levels == {"RF-MOT-SEVERE": "urgent", "RF-MOT-MILD": "soon"}
    view = patient_result(a)
    severe = next(r.text for r in a.triage.reasons if r.rule == "RF-MOT-SEVERE")
    assert view.reasons == (severe,)
    waiting = " ".join(view.while_waiting)
    assert "Tell the doctor that your leg is weak" in waiting
    assert "Bring your medicines" in waiting
    assert "call the emergency number at once" in waiting
    assert "Do not eat or drink" not in waiting
    assert view.safety_net  # below emergency: the warning signs


def test_clinician_reasons_give_every_rule_in_clinical_wording() -> None:
    a = assess(golden()["G002-l5-right-foot-drop"])
    rules = {r.id: r for r in load_knowledge().rules}
    assert clinician_reasons(a) == [
        ("RF-MOT-SEVERE", rules["RF-MOT-SEVERE"].outcomes["fired"].clinician.en),
        ("RF-MOT-MILD", rules["RF-MOT-MILD"].outcomes["fired"].clinician.en),
    ]
    fr = ces_case("fr")
    assert clinician_reasons(fr) == [("RF-CES", rules["RF-CES"].outcomes["fired"].clinician.fr)]


def test_every_golden_case_has_a_consistent_patient_view() -> None:
    rules = {r.id: r for r in load_knowledge().rules}
    for name, raw in golden().items():
        a = assess(raw)
        view = patient_result(a)
        locale = a.locale
        level = a.triage.level
        assert view.reasons == tuple(
            dict.fromkeys(r.text for r in a.triage.reasons if r.level == level)
        ), name
        assert set(view.patient_steps) <= patient_texts(locale), name
        for text in (*view.patient_steps, *view.while_waiting):
            assert not _work_up(text), (name, text)
        assert view.while_waiting, name
        assert view.while_waiting == while_waiting(a) and view.patient_steps == patient_steps(a)
        if level != "emergency":
            assert any(
                "emergency number" in t or "numéro d'urgence" in t for t in view.while_waiting
            )
        assert view.numbers[0].primary, name
        for rule_id, text in clinician_reasons(a):
            wanted = {getattr(o.clinician, locale) for o in rules[rule_id].outcomes.values()}
            assert text in wanted, (name, rule_id)
