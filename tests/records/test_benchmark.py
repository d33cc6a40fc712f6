"""The records benchmark stays runnable (its figures are reported in the notes, not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "records.py"


def test_records_benchmark_runs_and_prints_figures() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--visits",
            "6",
            "--patients",
            "2",
            "--no-postgres",
            "--quick",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "visit write" in done.stdout and "patient read" in done.stdout
    assert "/s" in done.stdout and "p99" in done.stdout
    assert "per visit write" in done.stdout  # the statements a visit write sends
    # the speed-table row, against the fsync-per-commit floor measured in the same run
    assert "| records: SQLite visit writes vs its fsync-per-commit floor |" in done.stdout
    assert "% (" in done.stdout and "floor" in done.stdout
