"""`sciatica assess` speaks the clinician's register for every example case: no field path, no
snake-case name, no rule id (issue 14)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from sciatica.cli.main import main

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
