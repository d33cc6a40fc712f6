"""The command line: summary, JSON, standard input, exit codes, rules, explain, examples."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from sciatica import Assessment
from sciatica.cli.example_cmd import example_names
from sciatica.cli.main import main

EXAMPLE = "paralysing-l5-contract"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def case_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    main(["example", EXAMPLE])
    path = tmp_path / "case.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    return path


def test_assess_prints_a_summary_with_level_reasons_roots_and_next_steps(
    case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["assess", str(case_file), "--no-color"], capsys)
    assert code == 0
    assert out.startswith("  EMERGENCY  ")
    assert "Paralysing" in out and "(emergency)" in out
    assert "L5 left" in out
    assert "sources:" in out
    assert "\x1b[" not in out


def test_assess_colour_can_be_forced(case_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["assess", str(case_file), "--color"], capsys)
    assert "\x1b[1;97;41m" in out


def test_assess_json_is_a_valid_assessment(
    case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["assess", str(case_file), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "sciatica-assessment/1"
    assert Assessment.model_validate(data).triage.level == "emergency"
    assert "for" in data["differentials"][0]


def test_invalid_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"exam": {"strength": {"left": {"hip_flexion": 7}}}}', encoding="utf-8")
    code, out, err = run(["assess", str(bad)], capsys)
    assert code == 2 and out == ""
    assert "exam.strength.left.hip_flexion: must be an integer 0-5 (MRC grade), got 7" in err
    assert "Traceback" not in err


def test_a_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["assess", "/nonexistent/case.json"], capsys)
    assert code == 2 and "cannot read /nonexistent/case.json" in err


def test_standard_input_through_the_installed_command(case_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sciatica.cli.main", "assess", "-", "--json"],
        input=case_file.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triage"]["level"] == "emergency"
    bad = subprocess.run(
        [sys.executable, "-m", "sciatica.cli.main", "assess", "-"],
        input=b"{not json",
        capture_output=True,
        check=False,
    )
    assert (
        bad.returncode == 2 and b"not valid JSON" in bad.stderr and b"Traceback" not in bad.stderr
    )


def test_every_example_assesses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    names = example_names()
    assert len(names) >= 5
    for name in names:
        assert main(["example", name]) == 0
        path = tmp_path / f"{name}.json"
        path.write_text(capsys.readouterr().out, encoding="utf-8")
        assert main(["assess", str(path), "--json"]) == 0, name
        capsys.readouterr()


def test_example_lists_and_refuses_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["example"], capsys)
    assert code == 0 and EXAMPLE in out
    code, _, err = run(["example", "nope"], capsys)
    assert code == 2 and "no example named 'nope'" in err


def test_rules_lists_every_rule_with_level_sources_and_label(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert "RF-CES" in out and "emergency" in out and "sources:" in out


def test_rules_markdown_matches_the_committed_docs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "--markdown"], capsys)
    assert code == 0 and out.startswith("# Triage rules")
    committed = Path(__file__).parent.parent / "docs" / "rules.md"
    assert committed.read_text(encoding="utf-8") == out, (
        "regenerate: sciatica rules --markdown > docs/rules.md"
    )


def test_explain_shows_the_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", "RF-CES"], capsys)
    assert code == 0
    assert "RF-CES:" in out and "label:" in out and "sources:" in out
    code, out, _ = run(["explain", "RF-CES", "--lang", "fr"], capsys)
    assert code == 0
    code, _, err = run(["explain", "RF-NOPE"], capsys)
    assert code == 2 and "no rule has the id 'RF-NOPE'" in err


def test_assess_speaks_in_the_clinician_register(capsys: pytest.CaptureFixture[str]) -> None:
    """`sciatica assess` is the clinician's command: each reason in clinical wording, never the
    patient text addressed to "you"."""
    from sciatica import assess, parse_case
    from sciatica.patient import clinician_reasons

    example = resources.files("sciatica").joinpath("examples", "paralysing-l5-contract.json")
    path = str(example)
    assert main(["assess", path, "--no-color"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    a = assess(parse_case(json.loads(example.read_text("utf-8"))))
    differ = 0
    for rule, clinical in clinician_reasons(a):
        patient = next(r.text for r in a.triage.reasons if r.rule == rule)
        assert " ".join(clinical.split()) in out, rule
        if clinical != patient:
            differ += 1
            assert " ".join(patient.split()) not in out, rule
    assert differ >= 1, "the check is not vacuous"
