"""Golden cases (tests/golden/cases/*.yaml): each expected output field asserted on its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sciatica import assess
from sciatica.assessment import Assessment

CASES = sorted((Path(__file__).parent / "golden" / "cases").glob("*.yaml"))
FIELDS = (
    "level",
    "presentation",
    "top_root",
    "side",
    "top_differential",
    "rules",
    "not_rules",
    "missing_includes",
    "chronicity",
    "recurrent",
)
ALLOWED_KEYS = {"id", "name", "provenance", "spec", "case", "expect", "note"}
PROVENANCE = {
    "spec-rule",
    "spec-threshold",
    "root-table",
    "mimic",
    "self-check",
    "follow-up",
    "seed",
    "safety",
}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


_cache: dict[Path, Assessment] = {}


def result(path: Path) -> Assessment:
    if path not in _cache:
        _cache[path] = assess(load(path)["case"])
    return _cache[path]


def actual(a: Assessment, field: str) -> Any:
    if field == "level":
        return a.triage.level
    if field == "presentation":
        return a.presentation
    if field == "top_root":
        return {"root": a.roots[0].root, "side": a.roots[0].side} if a.roots else None
    if field == "side":
        return a.side
    if field == "top_differential":
        return a.differentials[0].condition if a.differentials else None
    if field in ("chronicity", "recurrent"):
        return getattr(a, field)
    raise KeyError(field)


PARAMS = [
    pytest.param(path, field, id=f"{path.stem}:{field}")
    for path in CASES
    for field in FIELDS
    if field in load(path)["expect"]
]


def test_there_are_enough_golden_cases() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_file_is_well_formed(path: Path) -> None:
    data = load(path)
    assert set(data) <= ALLOWED_KEYS, set(data) - ALLOWED_KEYS
    assert data["provenance"] in PROVENANCE
    assert data["name"].strip().endswith((".", "!")), "name is one sentence"
    assert {"level", "presentation"} <= set(data["expect"])


@pytest.mark.parametrize(("path", "field"), PARAMS)
def test_golden_field(path: Path, field: str) -> None:
    data = load(path)
    expected = data["expect"][field]
    a = result(path)
    fired = [r.rule for r in a.triage.reasons]
    if field == "rules":
        missing = [r for r in expected if r not in fired]
        assert not missing, f"{data['name']}\nnot fired: {missing}; fired: {fired}"
    elif field == "not_rules":
        wrong = [r for r in expected if r in fired]
        assert not wrong, f"{data['name']}\nshould not fire: {wrong}"
    elif field == "missing_includes":
        absent = [p for p in expected if p not in a.missing]
        assert not absent, f"{data['name']}\nnot in missing: {absent}; missing: {a.missing}"
    else:
        assert actual(a, field) == expected, f"{data['name']}\nfired: {fired}"
