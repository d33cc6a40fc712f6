"""One row of the speed table (issue 16): a measurement beside its floor from the same run.

Every benchmark module that contributes to `python benchmarks/run.py --all` exposes
`rows(quick: bool) -> list[Row]`; `run.py` prints them as one table. A ratio is only meaningful
against a floor measured in the same run, interleaved, on the same machine: each row says what
its floor was, so a reader can judge the figure on a busy machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    what: str  # the measured thing, e.g. "`sciatica --help` vs `python -c pass`"
    now: str  # the measured figure with its unit, e.g. "2.1x (41 ms)"
    aim: str  # the aim as the issue states it, e.g. "<= 2.5x"
    met: bool | None  # None when the row could not be measured here (the reason is in `now`)


def interleaved(
    measured: Callable[[], object],
    floor: Callable[[], object],
    rounds: int,
) -> tuple[float, float, float]:
    """Median seconds of `measured`, of `floor`, and the median of the per-round ratios, each round
    timing one call of each back to back (so a noisy neighbour slows both alike)."""
    times: list[float] = []
    floors: list[float] = []
    ratios: list[float] = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        measured()
        t1 = time.perf_counter()
        floor()
        t2 = time.perf_counter()
        times.append(t1 - t0)
        floors.append(t2 - t1)
        ratios.append((t1 - t0) / (t2 - t1))
    return statistics.median(times), statistics.median(floors), statistics.median(ratios)


def print_table(rows: list[Row]) -> None:
    width = max([len(r.what) for r in rows] + [4])
    now_width = max([len(r.now) for r in rows] + [3])
    aim_width = max([len(r.aim) for r in rows] + [3])
    print(f"| {'what':<{width}} | {'now':<{now_width}} | {'aim':<{aim_width}} | met |")
    print(f"|{'-' * (width + 2)}|{'-' * (now_width + 2)}|{'-' * (aim_width + 2)}|-----|")
    for r in rows:
        met = "yes" if r.met else ("no" if r.met is False else "n/a")
        print(f"| {r.what:<{width}} | {r.now:<{now_width}} | {r.aim:<{aim_width}} | {met:<3} |")
