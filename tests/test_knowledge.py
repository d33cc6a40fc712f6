"""The knowledge base is strict data: closed schema, every rule sourced, every link resolves."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sciatica.engine import compiled
from sciatica.errors import KnowledgeError
from sciatica.knowledge import FILES, _read, load_knowledge, parse_knowledge
from sciatica.triage import TRIGGERS

RAW: dict[str, Any] = {name: _read(name) for name in FILES}


def raw() -> dict[str, Any]:
    return copy.deepcopy(RAW)


def test_the_packaged_knowledge_loads_and_matches_the_engine() -> None:
    kb = compiled().kb
    assert {r.id for r in kb.rules} == set(TRIGGERS)
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", kb.meta.version)


def test_it_round_trips() -> None:
    kb = load_knowledge()
    again = parse_knowledge(kb.model_dump(by_alias=True, exclude_unset=True))
    assert again == kb


def test_an_unknown_key_is_refused_with_file_and_key() -> None:
    data = raw()
    data["rules"][0]["levle"] = "urgent"
    with pytest.raises(KnowledgeError, match=r"knowledge/rules\.yaml: 0\.levle"):
        parse_knowledge(data)


def test_a_rule_citing_an_unknown_source_is_refused() -> None:
    data = raw()
    data["rules"][0]["sources"] = ["no-such-source"]
    with pytest.raises(KnowledgeError, match="unknown source 'no-such-source'"):
        parse_knowledge(data)


def test_a_rule_without_sources_is_refused() -> None:
    data = raw()
    data["rules"][0]["sources"] = []
    with pytest.raises(KnowledgeError, match="rules"):
        parse_knowledge(data)


def test_a_bad_label_is_refused() -> None:
    data = raw()
    data["rules"][0]["label"] = "probably"
    with pytest.raises(KnowledgeError, match="label"):
        parse_knowledge(data)


def test_a_duplicated_rule_is_refused() -> None:
    data = raw()
    data["rules"].append(data["rules"][0])
    with pytest.raises(KnowledgeError, match="duplicated id"):
        parse_knowledge(data)


def test_two_outcomes_of_a_rule_with_one_patient_text_are_refused() -> None:
    # The clinician wording of a reason is found from its patient text (sciatica.patient).
    data = raw()
    rule = next(r for r in data["rules"] if len(r["outcomes"]) > 1)
    first, second = list(rule["outcomes"].values())[:2]
    second["text"] = dict(first["text"])
    with pytest.raises(KnowledgeError, match="two outcomes share"):
        parse_knowledge(data)


def test_an_escalation_naming_an_unknown_rule_is_refused() -> None:
    data = raw()
    data["escalation"][0]["implemented_by"] = ["RF-NOPE"]
    with pytest.raises(KnowledgeError, match="RF-NOPE"):
        parse_knowledge(data)


def test_every_rule_has_both_languages_and_known_levels() -> None:
    for rule in load_knowledge().rules:
        assert rule.sources, rule.id
        for outcome in rule.outcomes.values():
            assert outcome.text.en.strip() and outcome.text.fr.strip()


def test_escalation_rules_of_e7_5_are_all_there() -> None:
    ids = [e.id for e in load_knowledge().escalation]
    assert ids == [f"ESC-0{i}" for i in range(1, 10)]


def test_required_countries_and_the_112_fallback() -> None:
    codes = {c.code for c in load_knowledge().countries}
    assert {"FR", "GB", "US", "DE", "BE", "CH", "ES", "IT", "CA", "default"} <= codes
    default = next(c for c in load_knowledge().countries if c.code == "default")
    assert "112" in default.emergency_numbers and "112" in default.actions.emergency.en


def test_no_advice_recommends_what_the_spec_forbids() -> None:
    """Part I §7: only `avoid` steps may name a forbidden treatment (to say: do not)."""
    kb = load_knowledge()
    terms = [t for item in kb.never for t in item.terms]
    texts = [
        (f"next_steps {s.id}", s.text.en + " " + s.text.fr)
        for s in kb.next_steps
        if s.kind != "avoid"
    ]
    texts += [
        (f"rules {r.id}", o.text.en + " " + o.text.fr)
        for r in kb.rules
        for o in r.outcomes.values()
    ]
    texts += [(f"countries {c.code}", str(c.actions.model_dump())) for c in kb.countries]
    for where, text in texts:
        lowered = text.lower()
        for term in terms:
            assert term not in lowered, f"{where} mentions {term!r}"


def test_every_rule_fires_in_some_golden_case() -> None:
    from sciatica import assess

    fired: set[str] = set()
    for path in (Path(__file__).parent / "golden" / "cases").glob("*.yaml"):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))["case"]
        fired.update(r.rule for r in assess(case).triage.reasons)
    assert set(TRIGGERS) <= fired, sorted(set(TRIGGERS) - fired)


def test_unverified_rules_are_marked() -> None:
    from sciatica.cli.rules_cmd import rules_markdown

    table = rules_markdown(load_knowledge())
    for rule in load_knowledge().rules:
        if rule.label == "U":
            assert f"| {rule.id} |" in table
            assert "**U (unverified)**" in table
