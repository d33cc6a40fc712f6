"""`sciatica assess` speaks the clinician's register for every example case: no field path, no
snake-case name, no rule id (issue 14)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from sciatica import assess, parse_case
from sciatica.cli.main import main
from sciatica.clinical_words import level_action

from .code_like import code_like

EXAMPLES = sorted(Path(str(p)) for p in resources.files("sciatica").joinpath("examples").iterdir())


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLES) >= 7


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_summary_shows_no_code(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(example), "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "Why" in out or "Pourquoi" in out
    assert code_like(out) == [], out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_summary_heads_with_what_to_arrange(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The clinician's action for the level (E2.2), not the patient's sentence ("Call 15 now")."""
    a = assess(parse_case(json.loads(example.read_text("utf-8"))))
    assert main(["assess", str(example), "--no-color"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert " ".join(level_action(a.triage.level, a.locale).split()) in out
    assert " ".join(a.triage.action.split()) not in out


def test_what_was_read_from_a_text_is_told_in_clinical_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`assess --text` lists what it read on standard error: by the field's label and the answer
    in words ("Saddle numbness (reported): yes"), not "symptoms.saddle_numbness = True"."""
    pytest.importorskip("medspacy")
    text = "my left foot drags, I can't feel the toilet paper, pain 7/10 for 3 days, no fever"
    assert main(["assess", "--text", text, "--no-color"]) == 0
    err = capsys.readouterr().err
    assert "Foot drop: left" in err and "Saddle numbness (reported): yes" in err
    assert code_like(err) == [], err


def test_what_was_read_from_a_french_text_is_told_in_french(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The evidence of a French text is headed and qualified in French, as the summary is."""
    pytest.importorskip("medspacy")
    text = "Sciatique gauche depuis 10 jours. Mon frère a eu un pied tombant il y a des années."
    assert main(["assess", "--text", text, "--no-color"]) == 0
    err = capsys.readouterr().err
    assert "Lu dans le texte :" in err and "From the text" not in err
    assert "(non compté, passé)" in err, err
    assert "not counted" not in err
