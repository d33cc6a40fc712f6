"""The golden runner fails when any kind of expectation is wrong (a mutation test of the runner).

Each mutation copies the golden files to a temporary folder, flips one kind of expectation in one
case, and runs the runner's own checking function (`tests.test_golden.check_case`) on the copy. A
runner that skipped a field (as it once skipped `chronicity` and `recurrent`) would pass the copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from sciatica import assess
from sciatica.assessment import LEVELS, Chronicity, Condition, Presentation, Root
from tests.test_golden import CASES, CASES_DIR, FIELDS, check_case, load

Mutation = Callable[[dict[str, Any]], None]


def first_case_stating(name: str) -> Path:
    """The first golden file whose `expect` states a value (a non-empty list for lists) for the
    mutation `name`; for a ".from_none" mutation, the first stating null."""
    field = name.split(".")[0]
    for path in CASES:
        expect = load(path)["expect"]
        if field not in expect:
            continue
        if (expect[field] is None) == name.endswith(".from_none") and expect[field] != []:
            return path
    raise AssertionError(f"no golden case fits the mutation {name}")


def other(values: tuple[Any, ...], current: Any) -> Any:
    return next(v for v in values if v != current)


def flip_top_root_root(expect: dict[str, Any]) -> None:
    top = expect["top_root"]
    top["root"] = other(get_args(Root), top["root"])


def flip_top_root_side(expect: dict[str, Any]) -> None:
    top = expect["top_root"]
    top["side"] = "right" if top["side"] == "left" else "left"


def fire_rules(case: dict[str, Any]) -> list[str]:
    return [r.rule for r in assess(case).triage.reasons]


# "field" or "field.part" -> how to flip it in the whole file (the list mutations read the case to
# pick a value that is sure to be wrong). Each is applied to the first case stating a value for it.
MUTATIONS: dict[str, Mutation] = {
    "level": lambda d: d["expect"].update(level=other(LEVELS, d["expect"]["level"])),
    "presentation": lambda d: d["expect"].update(
        presentation=other(get_args(Presentation), d["expect"]["presentation"])
    ),
    "top_root": lambda d: flip_top_root_root(d["expect"]),
    "top_root.side": lambda d: flip_top_root_side(d["expect"]),
    "top_root.none": lambda d: d["expect"].update(top_root=None),
    "top_root.from_none": lambda d: d["expect"].update(top_root={"root": "L5", "side": "left"}),
    "side": lambda d: d["expect"].update(
        side=other(("left", "right", "both", None), d["expect"]["side"])
    ),
    "top_differential.none": lambda d: d["expect"].update(top_differential=None),
    "top_differential.from_none": lambda d: d["expect"].update(
        top_differential="common_peroneal_neuropathy"
    ),
    "top_differential": lambda d: d["expect"].update(
        top_differential=other((*get_args(Condition), None), d["expect"]["top_differential"])
    ),
    "chronicity": lambda d: d["expect"].update(
        chronicity=other((*get_args(Chronicity), None), d["expect"]["chronicity"])
    ),
    "recurrent": lambda d: d["expect"].update(
        recurrent=other((True, False, None), d["expect"]["recurrent"])
    ),
    # a rule the engine does not fire for this case
    "rules": lambda d: d["expect"]["rules"].append("RF-NO-SUCH-RULE"),
    # a rule the engine does fire for this case
    "not_rules": lambda d: d["expect"]["not_rules"].append(fire_rules(d["case"])[0]),
    # a path the engine does not list as missing
    "missing_includes": lambda d: d["expect"]["missing_includes"].append("symptoms.no_such"),
}
# Form mutations: the runner must refuse these before comparing anything.
FORM_MUTATIONS: dict[str, Mutation] = {
    "unknown expect key": lambda d: d["expect"].update(recurent=True),
    "unknown top-level key": lambda d: d.update(expected={}),
    "id is not the file name": lambda d: d.update(id="G999"),
    "no level": lambda d: d["expect"].pop("level"),
    "unknown provenance": lambda d: d.update(provenance="guess"),
}


def test_every_checked_field_has_a_mutation() -> None:
    """A field added to the runner must get a mutation here too."""
    assert set(FIELDS) <= {name.split(".")[0] for name in MUTATIONS}


@pytest.fixture(scope="module")
def golden_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("golden") / "cases"
    shutil.copytree(CASES_DIR, folder)
    return folder


def mutate(folder: Path, source: Path, change: Mutation) -> Path:
    """A fresh copy of `source` in `folder`, with `change` applied to its YAML data."""
    target = folder / source.name
    data = load(source)
    change(data)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def test_the_unmutated_copy_passes(golden_copy: Path) -> None:
    """The control: the copies pass as written, so a failure below comes from the mutation."""
    for name in {first_case_stating(f).name for f in MUTATIONS}:
        assert check_case(golden_copy / name) == [], name


@pytest.mark.parametrize("field", sorted(MUTATIONS))
def test_a_flipped_expectation_fails_the_runner(golden_copy: Path, field: str) -> None:
    source = first_case_stating(field)
    path = mutate(golden_copy, source, MUTATIONS[field])
    try:
        problems = check_case(path)
    finally:
        shutil.copy(source, path)  # restore the copy for the next mutation
    stated = field.split(".")[0]
    assert problems, f"flipping {field} in {source.name} left the runner green"
    assert any(f" {stated}: " in p for p in problems), problems


@pytest.mark.parametrize("kind", sorted(FORM_MUTATIONS))
def test_a_malformed_golden_file_fails_the_runner(golden_copy: Path, kind: str) -> None:
    source = CASES[0]
    path = mutate(golden_copy, source, FORM_MUTATIONS[kind])
    try:
        problems = check_case(path)
    finally:
        shutil.copy(source, path)
    assert problems, f"{kind}: the runner accepted the file"
    assert all(p.startswith(source.name) for p in problems), problems


def test_an_unknown_expect_key_is_named(golden_copy: Path) -> None:
    source = CASES[0]
    path = mutate(golden_copy, source, FORM_MUTATIONS["unknown expect key"])
    try:
        problems = check_case(path)
    finally:
        shutil.copy(source, path)
    assert any("'recurent'" in p for p in problems), problems
