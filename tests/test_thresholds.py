"""knowledge/thresholds.yaml: every clinical number with its source, loaded strictly."""

from __future__ import annotations

import copy

import pytest

from sciatica.errors import KnowledgeError
from sciatica.thresholds import NAMES, T, _read, parse_thresholds, threshold_entries

SOURCES = {s["id"] for s in _read("sources.yaml")}


def raw() -> list[dict[str, object]]:
    return copy.deepcopy(_read("thresholds.yaml"))


def test_every_constant_is_loaded_with_its_value() -> None:
    entries = {e.id: e for e in threshold_entries()}
    assert set(entries) == set(NAMES)
    for name in NAMES:
        assert getattr(T, name) == entries[name].value


def test_an_unknown_key_is_refused_naming_file_and_key() -> None:
    data = raw()
    data[0]["valeu"] = 4
    with pytest.raises(KnowledgeError, match=r"thresholds\.yaml: weak_grade_max\.valeu"):
        parse_thresholds(data, SOURCES)


def test_a_bad_value_is_refused() -> None:
    data = raw()
    data[0]["value"] = "four"
    with pytest.raises(KnowledgeError, match=r"weak_grade_max\.value"):
        parse_thresholds(data, SOURCES)


def test_an_unknown_source_is_refused() -> None:
    data = raw()
    data[0]["sources"] = ["no-such-source"]
    with pytest.raises(KnowledgeError, match="unknown source 'no-such-source'"):
        parse_thresholds(data, SOURCES)


def test_an_unknown_or_missing_id_is_refused() -> None:
    data = raw()
    data[0]["id"] = "weak_grade_maxx"
    with pytest.raises(KnowledgeError, match="weak_grade_maxx: unknown threshold id"):
        parse_thresholds(data, SOURCES)
    with pytest.raises(KnowledgeError, match="weak_grade_max: missing threshold"):
        parse_thresholds(raw()[1:], SOURCES)
