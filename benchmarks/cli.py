"""Start-up of the `sciatica` command against `python -c pass` (issue 16).

    python benchmarks/cli.py            # 21 interleaved rounds per command
    python benchmarks/cli.py --quick    # 7 rounds

Times `sciatica --help` and `sciatica assess CASE --json` (the contract's L5 example) as a person
runs them, each round one run of the command and one of `python -c pass` back to back, and
reports the median of the per-round ratios, of wall time (the aims) and of CPU time (steadier on
a busy machine). Aims: `--help` within 2.5x the floor, `assess` within 5x.

The command is the `sciatica` script beside this Python (the installed entry point), else
`python -m sciatica.cli.main`. Warm-up runs go first with bytecode writing allowed, so the
measured runs read compiled modules as an installed package does, even where
PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from table import Row, interleaved, print_table

CASE = "paralysing-l5-contract"
WARM_UP = 2


def command() -> list[str]:
    beside = Path(sys.executable).with_name("sciatica")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("sciatica")
    return [found] if found else [sys.executable, "-m", "sciatica.cli.main"]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    return env


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def runner(argv: list[str], env: dict[str, str], cpu: list[float]) -> Callable[[], None]:
    """One run of `argv`; its CPU time (user + system) is appended to `cpu`."""

    def run() -> None:
        before = children_cpu()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env, timeout=60)
        cpu.append(children_cpu() - before)

    return run


def ratio_row(what: str, aim: float, argv: list[str], rounds: int) -> Row:
    """The wall-time ratio (the aim's), with the CPU-time ratio beside it: on a machine shared
    with other jobs, waiting for a core inflates wall times, not CPU times."""
    env = environment()
    cpu: list[float] = []
    floor_cpu: list[float] = []
    measured = runner(argv, env, cpu)
    floor = runner([sys.executable, "-c", "pass"], env, floor_cpu)
    for _ in range(WARM_UP):
        measured()
        floor()
    del cpu[:], floor_cpu[:]
    seconds, floor_seconds, ratio = interleaved(measured, floor, rounds)
    cpu_ratio = statistics.median(c / f for c, f in zip(cpu, floor_cpu, strict=True) if f > 0)
    return Row(
        what=what,
        now=f"{ratio:.1f}x ({seconds * 1e3:.0f} ms vs {floor_seconds * 1e3:.0f} ms; "
        f"CPU {cpu_ratio:.1f}x, {statistics.median(cpu) * 1e3:.0f} vs "
        f"{statistics.median(floor_cpu) * 1e3:.0f} ms)",
        aim=f"<= {aim:g}x",
        met=ratio <= aim,
    )


def rows(quick: bool) -> list[Row]:
    """The command-line rows of the speed table (benchmarks/run.py --all)."""
    rounds = 7 if quick else 21
    sciatica = command()
    text = resources.files("sciatica").joinpath("examples", f"{CASE}.json").read_text("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        case = Path(folder) / "case.json"
        case.write_text(text, encoding="utf-8")
        # One checked run first: the figure must be of an assessment, not of an error.
        done = subprocess.run(
            [*sciatica, "assess", str(case), "--json"],
            capture_output=True,
            text=True,
            env=environment(),
            timeout=60,
        )
        if done.returncode != 0 or json.loads(done.stdout).get("format") != "sciatica-assessment/1":
            raise SystemExit(f"`sciatica assess` failed ({done.returncode}): {done.stderr}")
        load = os.getloadavg()[0]
        out = [
            ratio_row("`sciatica --help` vs `python -c pass`", 2.5, [*sciatica, "--help"], rounds),
            ratio_row(
                "`sciatica assess case --json` vs `python -c pass`",
                5,
                [*sciatica, "assess", str(case), "--json"],
                rounds,
            ),
        ]
    print(f"{rounds} rounds each; load average {load:.2f} before, {os.getloadavg()[0]:.2f} after")
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="7 rounds instead of 21")
    args = p.parse_args()
    print_table(rows(args.quick))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
