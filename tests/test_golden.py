"""Golden cases (tests/golden/cases/*.yaml): every stated expectation asserted, each on its own.

A golden file says what the engine must conclude (tests/golden/README.md). A key this runner does
not know would be an expectation nobody checks, so the keys of the file and of its `expect` block are
closed, and the id must be the start of the file name. `check_case` is the whole runner for one file;
tests/test_golden_mutation.py proves it fails when any kind of expectation is flipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sciatica import assess
from sciatica.assessment import Assessment

CASES_DIR = Path(__file__).parent / "golden" / "cases"
CASES = sorted(CASES_DIR.glob("*.yaml"))
# Every key an `expect` block may state; each is compared by `field_failure`.
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
REQUIRED_FIELDS = {"level", "presentation"}
ALLOWED_KEYS = {"id", "name", "provenance", "spec", "case", "expect", "note"}
REQUIRED_KEYS = {"id", "name", "provenance", "spec", "case", "expect"}
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
FILE_NAME = re.compile(r"^(G\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.yaml$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def form_problems(path: Path, data: dict[str, Any]) -> list[str]:
    """What is wrong with the file itself (keys, id, provenance), one line per problem."""
    where = path.name
    problems = [f"{where}: unknown key {k!r}" for k in sorted(set(data) - ALLOWED_KEYS)]
    problems += [f"{where}: missing key {k!r}" for k in sorted(REQUIRED_KEYS - set(data))]
    named = FILE_NAME.match(path.name)
    if named is None:
        problems.append(f"{where}: the file name is not <id>-<slug>.yaml")
    elif data.get("id") != named.group(1):
        problems.append(f"{where}: id {data.get('id')!r} is not the file name's {named.group(1)}")
    if data.get("provenance") not in PROVENANCE:
        problems.append(f"{where}: unknown provenance {data.get('provenance')!r}")
    if not str(data.get("name", "")).strip().endswith((".", "!")):
        problems.append(f"{where}: the name is not one sentence")
    expect = data.get("expect")
    if not isinstance(expect, dict):
        return [*problems, f"{where}: expect is not a mapping"]
    problems += [
        f"{where}: expect has unknown key {k!r} (checked keys: {', '.join(FIELDS)})"
        for k in sorted(set(expect) - set(FIELDS))
    ]
    problems += [f"{where}: expect lacks {k!r}" for k in sorted(REQUIRED_FIELDS - set(expect))]
    return problems


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
    if field == "chronicity":
        return a.chronicity
    if field == "recurrent":
        return a.recurrent
    raise KeyError(field)


def field_failure(path: Path, data: dict[str, Any], a: Assessment, field: str) -> str | None:
    """The failure message for one stated expectation, or None when the engine meets it."""
    expected = data["expect"][field]
    fired = [r.rule for r in a.triage.reasons]
    where = f"{data.get('id')} ({path.name}) {field}"
    if field == "rules":
        missing = [r for r in expected if r not in fired]
        return f"{where}: not fired: {missing}; fired: {fired}" if missing else None
    if field == "not_rules":
        wrong = [r for r in expected if r in fired]
        return f"{where}: should not fire: {wrong}" if wrong else None
    if field == "missing_includes":
        absent = [p for p in expected if p not in a.missing]
        return f"{where}: not in missing: {absent}; missing: {a.missing}" if absent else None
    got = actual(a, field)
    if got != expected:
        return f"{where}: expected {expected!r}, got {got!r}; fired: {fired}"
    return None


def check_case(path: Path) -> list[str]:
    """Every problem of one golden file: its form, then each stated field the engine misses."""
    data = load(path)
    problems = form_problems(path, data)
    if problems:
        return problems
    a = assess(data["case"])
    return [
        failure
        for field in FIELDS
        if field in data["expect"] and (failure := field_failure(path, data, a, field)) is not None
    ]


_cache: dict[Path, Assessment] = {}


def result(path: Path) -> Assessment:
    if path not in _cache:
        _cache[path] = assess(load(path)["case"])
    return _cache[path]


# Only the checked fields are parametrised: an unknown `expect` key fails the form test below,
# never silently goes unchecked.
PARAMS = [
    pytest.param(path, field, id=f"{path.stem}:{field}")
    for path in CASES
    for field in FIELDS
    if field in load(path)["expect"]
]


def test_there_are_enough_golden_cases() -> None:
    assert len(CASES) >= 80


def test_golden_ids_are_unique() -> None:
    ids = [load(p)["id"] for p in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_file_is_well_formed(path: Path) -> None:
    problems = form_problems(path, load(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("path", "field"), PARAMS)
def test_golden_field(path: Path, field: str) -> None:
    data = load(path)
    failure = field_failure(path, data, result(path), field)
    assert failure is None, f"{data['name']}\n{failure}"
