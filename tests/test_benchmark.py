"""The engine benchmark stays runnable (its figures are reported in the notes, not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "benchmarks" / "run.py"


def test_engine_benchmark_runs_and_prints_the_self_check_ratio() -> None:
    args = [
        "--seconds",
        "0.2",
        "--cli-runs",
        "1",
        "--self-check-rounds",
        "1",
        "--floor-rounds",
        "1",
    ]
    done = subprocess.run(
        [sys.executable, str(BENCH), *args],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "assessments/s" in done.stdout
    assert "self-check: a step" in done.stdout and "x its floor" in done.stdout
    # issue 16: the engine's ratios against its floor, one line per case, printed as a table
    lines = done.stdout.splitlines()
    assert lines[0].startswith("assess vs floor")
    assert lines[1].startswith("heavy") and lines[1].endswith("x")
    assert lines[2].startswith("small") and lines[2].endswith("x")
