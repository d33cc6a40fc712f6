"""Benchmarks: in-process assessments per second (including validation) and `sciatica assess` wall time.

    python benchmarks/run.py            # defaults: 3 s of assessments, 15 CLI runs
    python benchmarks/run.py --seconds 10 --cli-runs 30

    python benchmarks/run.py --ratios   # only the table of ratios against their floors
    python benchmarks/run.py --all      # issue 16's whole table: engine, CLI, API, free text,
                                        # screening, records (each against its floor, same run)
    python benchmarks/run.py --all --quick   # the same rows on smaller workloads

Prints the engine's ratios against its floor (issue 16), throughput and latency percentiles, and the
time of one self-check step as a ratio against one assessment of the same answers, each ratio
measured interleaved with its floor in the same run. Aims: `assess` within 2.5x its floor on the
heaviest and the smallest example (issue 16); >= 10,000 assessments/s on one core, `sciatica
assess` under 300 ms (issue 2).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any


def _named_examples() -> dict[str, dict[str, Any]]:
    folder = resources.files("sciatica").joinpath("examples")
    return {
        p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".json")
    }


def _examples() -> list[dict[str, Any]]:
    return list(_named_examples().values())


def _generated(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """A reproducible mix of self-checks and examined cases."""
    rng = random.Random(seed)
    sides = ["left", "right", "both", "none", None]
    out = []
    for _ in range(n):
        case: dict[str, Any] = {
            "history": {
                "symptom_days": rng.choice([3, 10, 20, 50, 100]),
                "weakness_course": rng.choice(["stable", "worsening", None]),
            },
            "symptoms": {
                "leg_pain": rng.choice(sides),
                "numbness": rng.choice(sides),
                "weakness": rng.choice(sides),
                "bladder": rng.choice(["normal", None]),
                "pain_score": rng.randint(0, 10),
            },
        }
        if rng.random() < 0.5:
            leg = rng.choice(["left", "right"])
            case["exam"] = {
                "strength": {
                    leg: {
                        m: rng.randint(1, 5)
                        for m in (
                            "ankle_dorsiflexion",
                            "great_toe_extension",
                            "hip_abduction",
                            "ankle_plantarflexion",
                            "knee_extension",
                        )
                    }
                },
                "reflexes": {leg: {"achilles": rng.choice(["normal", "reduced"])}},
                "sensation": {leg: {"dorsum_foot": rng.choice(["normal", "reduced"])}},
            }
        out.append({k: {kk: vv for kk, vv in v.items() if vv is not None} for k, v in case.items()})
    return out


def bench_engine(seconds: float) -> None:
    from sciatica import assess

    cases = _examples() + _generated(400)
    for case in cases:  # warm the caches (knowledge base, compiled tables)
        assess(case)
    latencies: list[float] = []
    done = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for case in cases:
            t0 = time.perf_counter()
            assess(case)
            latencies.append(time.perf_counter() - t0)
        done += len(cases)
    elapsed = time.perf_counter() - start
    latencies.sort()
    print(
        f"engine: {done / elapsed:,.0f} assessments/s on one core (validation included), "
        f"{done:,} in {elapsed:.1f} s"
    )
    print(
        f"engine latency: p50 {latencies[len(latencies) // 2] * 1e6:.0f} us, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1e6:.0f} us"
    )


def _per_call(fn: Any, arg: Any, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn(arg)
    return (time.perf_counter() - t0) / n


def floor_ratios(rounds: int, batch: int = 200) -> list[tuple[str, str, float, float, float]]:
    """`assess` against its floor (issue 16), interleaved: each round times a batch of `assess`
    and then a batch of the floor on the same case; the ratio is the median of the rounds' ratios.

    The floor is the work no engine can avoid: validating the case (`parse_case`) and writing the
    output JSON (pydantic's `model_dump_json` of that case's assessment, built beforehand: the
    fastest writer at hand, so the floor is not padded by a slow one).
    Heavy: the example whose JSON is largest; small: the smallest one.
    Returns (label, example, assess seconds, floor seconds, ratio) per line."""
    from sciatica import assess, parse_case

    examples = _named_examples()
    by_size = sorted(examples, key=lambda name: len(json.dumps(examples[name])))
    out = []
    for label, name in [("heavy", by_size[-1]), ("small", by_size[0])]:
        case = examples[name]
        output = assess(case)

        def floor(case: dict[str, Any], output: Any = output) -> None:
            parse_case(case)
            output.model_dump_json(by_alias=True)

        for _ in range(3):  # warm both (caches, memoised evidence items)
            assess(case)
            floor(case)
        times, floors, ratios = [], [], []
        for _ in range(rounds):
            t = _per_call(assess, case, batch)
            f = _per_call(floor, case, batch)
            times.append(t)
            floors.append(f)
            ratios.append(t / f)
        out.append(
            (
                label,
                name,
                statistics.median(times),
                statistics.median(floors),
                statistics.median(ratios),
            )
        )
    return out


def bench_floor(rounds: int) -> None:
    print(
        f"{'assess vs floor':<16}{'case':<30}{'assess us':>10}{'per s':>9}{'floor us':>10}{'ratio':>7}"
    )
    for label, name, t, f, ratio in floor_ratios(rounds):
        print(f"{label:<16}{name:<30}{t * 1e6:>10.1f}{1 / t:>9,.0f}{f * 1e6:>10.1f}{ratio:>6.2f}x")


def engine_rows(quick: bool) -> list[Any]:
    from table import Row

    rows = []
    for label, name, t, f, ratio in floor_ratios(5 if quick else 15):
        rows.append(
            Row(
                what=f"`assess()` vs validate + dump JSON ({label}: {name})",
                now=f"{ratio:.2f}x ({t * 1e6:.0f} us vs {f * 1e6:.0f} us)",
                aim="<= 2.5x",
                met=ratio <= 2.5,
            )
        )
    return rows


# The other lines of the table, each a module in this folder exposing rows(quick) -> list[Row].
TABLE_MODULES = ("cli", "load", "text", "records")


def all_rows(quick: bool) -> list[Any]:
    """Every line of issue 16's table, measured now; a module that fails says so in its row
    instead of hiding the rest of the table."""
    import importlib

    from table import Row

    rows = engine_rows(quick)
    for name in TABLE_MODULES:
        try:
            module = importlib.import_module(name)
            rows.extend(module.rows(quick))
        except Exception as error:  # one broken line must not hide the others
            rows.append(
                Row(what=f"benchmarks/{name}.py", now=f"not measured: {error!r}", aim="", met=None)
            )
    return rows


def _self_check_walk() -> list[dict[str, Any]]:
    """The answers before each question of one self-check (left leg pain, no to everything else)."""
    from sciatica.flow import catalogue, next_step
    from sciatica.severity import NEGATIVE

    cat = catalogue()
    answers: dict[str, Any] = {}
    states = []
    while not (step := next_step(answers)).done and step.question is not None:
        states.append(dict(answers))
        name = step.question.field
        item = cat.items[name]
        if name == "symptoms.leg_pain":
            answers[name] = "left"
        elif name in cat.screens or name in NEGATIVE:
            answers[name] = False if name in cat.screens else NEGATIVE[name]
        else:
            answers[name] = 40 if item.kind == "number" else item.options[0][0]
    return states


def bench_self_check(rounds: int) -> None:
    """One self-check step (the flow bounds the level over the open questions) against its floor,
    one assessment of the same answers, interleaved in the same run."""
    from sciatica import assess
    from sciatica.flow import case_of, next_step, read_answers

    states = _self_check_walk()
    cases = [case_of(*read_answers(s, ())) for s in states]
    steps: list[float] = []
    floors: list[float] = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for case in cases:
            assess(case)
        floors.append((time.perf_counter() - t0) / len(cases))
        t0 = time.perf_counter()
        for answers in states:
            next_step(answers)
        steps.append((time.perf_counter() - t0) / len(states))
    step, floor = statistics.median(steps), statistics.median(floors)
    print(
        f"self-check: a step {step * 1e3:.1f} ms, {step / floor:.0f}x its floor (one assessment of "
        f"the same answers, {floor * 1e6:.0f} us), median of {rounds} rounds of a {len(states)}-"
        "question walk"
    )


def bench_cli(runs: int) -> None:
    exe = shutil.which("sciatica")
    command = [exe] if exe else [sys.executable, "-m", "sciatica.cli.main"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.json"
        path.write_text(json.dumps(_examples()[0]), encoding="utf-8")
        times = []
        for _ in range(runs + 2):
            t0 = time.perf_counter()
            subprocess.run(
                [*command, "assess", str(path), "--json"],
                check=True,
                stdout=subprocess.DEVNULL,
                env={**os.environ, "NO_COLOR": "1"},
            )
            times.append(time.perf_counter() - t0)
        times = sorted(times[2:])
    print(
        f"cli: `sciatica assess CASE --json` median {statistics.median(times) * 1e3:.0f} ms, "
        f"max {times[-1] * 1e3:.0f} ms over {runs} runs"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--cli-runs", type=int, default=15)
    p.add_argument("--self-check-rounds", type=int, default=5)
    p.add_argument("--floor-rounds", type=int, default=15)
    p.add_argument("--ratios", action="store_true", help="only the table of ratios")
    p.add_argument("--all", action="store_true", help="issue 16's whole table, each line a ratio")
    p.add_argument("--quick", action="store_true", help="with --all: smaller workloads")
    args = p.parse_args()
    if args.all:
        from table import print_table

        rows = all_rows(args.quick)
        print_table(rows)
        sys.exit(0 if all(r.met is not False for r in rows) else 1)
    bench_floor(args.floor_rounds)
    if args.ratios:
        return
    bench_engine(args.seconds)
    bench_self_check(args.self_check_rounds)
    bench_cli(args.cli_runs)


if __name__ == "__main__":
    main()
