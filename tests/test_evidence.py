"""Evidence as data (assessment.Evidence): every reason carries the items that fired it, and its
`finding` is their rendering, byte for byte the string the engine wrote before evidence existed.

tests/golden/findings.json holds (case, rule, finding) for every golden case and bundled example,
captured from the engine before the triage built evidence; it is never regenerated from the engine.
"""

from __future__ import annotations

import json
import typing
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from sciatica import assess
from sciatica.assessment import Assessment, Evidence, Note
from sciatica.evidence import item, render_finding
from sciatica.validation import parse_case

GOLDEN = Path(__file__).parent / "golden"
FIXTURE = GOLDEN / "findings.json"


def _cases() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((GOLDEN / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["id"]] = data["case"]
    for p in resources.files("sciatica").joinpath("examples").iterdir():
        if p.name.endswith(".json"):
            found[p.name.removesuffix(".json")] = json.loads(p.read_text(encoding="utf-8"))
    return found


@cache
def assessed() -> dict[str, Assessment]:
    return {cid: assess(parse_case(case)) for cid, case in _cases().items()}


def fixture() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return rows


def test_every_golden_finding_is_unchanged() -> None:
    want = [(r["case"], r["rule"], r["finding"]) for r in fixture()]
    got = [
        (cid, r.rule, r.finding)
        for cid in dict.fromkeys(r["case"] for r in fixture())
        for r in assessed()[cid].triage.reasons
    ]
    assert got == want


def test_the_fixture_covers_every_case() -> None:
    assert {r["case"] for r in fixture()} == set(assessed())


def test_every_reason_has_evidence_that_renders_to_its_finding() -> None:
    for cid, a in assessed().items():
        for r in a.triage.reasons:
            assert r.evidence, (cid, r.rule)
            assert render_finding(r.evidence) == r.finding, (cid, r.rule)


def test_evidence_survives_the_json_round_trip() -> None:
    """Stored assessments (records) are read back from JSON: the items must come back equal."""
    for a in assessed().values():
        again = Assessment.model_validate(a.to_json_dict())
        assert again.triage.reasons == a.triage.reasons
        for r in again.triage.reasons:
            assert all(isinstance(e, Evidence) for e in r.evidence)
            assert render_finding(r.evidence) == r.finding


@pytest.mark.parametrize(
    ("rule", "path", "value", "previous"),
    [
        ("RF-MOT-SEVERE", "exam.strength.left.ankle_dorsiflexion", 2, None),
        ("RF-MOT-PROGRESSIVE", "exam.strength.left.ankle_dorsiflexion", 2, 4),
    ],
)
def test_a_grade_is_a_path_with_side_and_muscle(
    rule: str, path: str, value: int, previous: int | None
) -> None:
    case: dict[str, Any] = {
        "symptoms": {"leg_pain": "left"},
        "exam": {"strength": {"left": {"ankle_dorsiflexion": 2}}},
    }
    if previous is not None:
        case["previous"] = {
            "days_ago": 7,
            "exam": {"strength": {"left": {"ankle_dorsiflexion": previous}}},
        }
    reason = next(r for r in assess(case).triage.reasons if r.rule == rule)
    e = next(e for e in reason.evidence if e.path == path)
    assert (e.value, e.previous, e.side, e.site) == (value, previous, "left", "ankle_dorsiflexion")


@pytest.mark.parametrize("note", typing.get_args(Note))
def test_every_note_kind_renders(note: str) -> None:
    text = render_finding([item("history.symptom_days", 3, note=note, limit=2)])  # type: ignore[arg-type]
    assert text and "None" not in text
