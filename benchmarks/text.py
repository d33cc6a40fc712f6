"""Free-text speed (issues 6 and 16), each figure a ratio measured in the same run:

1. `extract_many` against spaCy's floor (a blank `spacy.blank("en")` + sentencizer, `nlp.pipe`
   over the same texts), interleaved round by round; aim <= 4x.
2. `sciatica screen`, 2 worker processes against 1; aim >= 1.8x.
3. the screening on a Dask LocalCluster (processes, one thread each), 2 workers against 1;
   aim >= 1.8x.

    python benchmarks/text.py                 # 20,000 notes for the screen rows
    python benchmarks/text.py --quick         # 4,000 notes, fewer rounds
    python benchmarks/text.py --no-dask

The texts are real-length: every text of the project's own test sets (tests/text: the annotated set,
the clinic notes, the fresh posts; English and French, a sentence to several paragraphs) beside
notes generated from patient-message and clinician-note sentences. The scaling figures are the
rate once the workers are up: start-up (imports and pipelines, seconds per run whatever the number
of notes) is behind every worker once each has delivered its first chunk, and the rate is counted
from there to the end (the tail included); the whole runs are shown beside it. One worker is the
screening process itself, as `sciatica screen --workers 1` runs (its pipelines are already built
here, so its whole run has no start-up: compare the rates). Beside each, the machine's own
scaling now (pure-Python work in 2 processes against 1): the most a screening can show here.
Two cores shared with other work give unreliable scaling: each row states the load average before
and after; rerun on a quiet machine (`python benchmarks/text.py --only screen`).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from table import Row, interleaved, print_table

TESTS = Path(__file__).resolve().parents[1] / "tests" / "text"
TEXT_SETS = (
    "eval/set.jsonl",
    "clinic_notes.jsonl",
    "clinic_notes_x.jsonl",
    "fresh_posts_looked_at.jsonl",
    "fresh_posts_unseen.jsonl",
)
TODAY = date(2026, 3, 12)

EN = [
    "I have sciatica down my {side} leg.",
    "Pain 7/10 for two weeks.",
    "My {side} foot drags when I walk.",
    "No numbness between my legs, bladder and bowels fine.",
    "I'm afraid I could lose bladder control.",
    "Tingling in the {side} foot, weekness in the {side} leg.",
    "No fever. No history of cancer.",
    "52M. {S} L5 radiculopathy 3/52. {S} foot drop 2/7. No saddle anaesthesia.",
    "The pain is constant and keeps me awake, even with tramadol.",
    "i cant walk on my heals and my nurve is trapped",
]
FR = [
    "Sciatique {fside} depuis 3 semaines.",
    "Je n'arrive pas à relever le pied {fside}.",
    "Pas de fièvre, pas de troubles sphinctériens.",
    "J'ai peur de perdre le contrôle de ma vessie.",
]


def generate(n: int, seed: int = 6) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        side = rng.choice(["left", "right"])
        pool = FR if rng.random() < 0.2 else EN
        text = " ".join(rng.sample(pool, k=min(len(pool), rng.randint(2, 4))))
        out.append(
            text.format(
                side=side,
                S=side[0].upper(),
                fside="gauche" if side == "left" else "droite",
            )
        )
    return out


def project_texts() -> list[str]:
    """Every text of the project's own test sets (none from outside the repository)."""
    out: list[str] = []
    for name in TEXT_SETS:
        with (TESTS / name).open(encoding="utf-8") as f:
            out.extend(json.loads(line)["text"] for line in f if line.strip())
    return out


def posts(n: int) -> list[str]:
    """`n` texts: the project's test texts, then generated notes, shuffled (same every run)."""
    texts = project_texts()
    texts = (texts + generate(max(0, n - len(texts))))[:n]
    random.Random(16).shuffle(texts)
    return texts


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def row_extract(quick: bool) -> Row:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import spacy

        from sciatica.text.extract import extract_many

    texts = posts(1000 if quick else 3000)
    floor_nlp = spacy.blank("en")
    floor_nlp.add_pipe("sentencizer")
    extract_many(texts[:50], today=TODAY)  # the pipelines are built outside the timing
    list(floor_nlp.pipe(texts[:50]))
    load = _load()
    took, floor, ratio = interleaved(
        lambda: extract_many(texts, today=TODAY),
        lambda: list(floor_nlp.pipe(texts)),
        rounds=3 if quick else 5,
    )
    return Row(
        what=f"extract_many vs blank tokenizer+sentencizer, {len(texts):,} texts",
        now=f"{ratio:.1f}x ({len(texts) / took:,.0f} vs {len(texts) / floor:,.0f} texts/s; {load})",
        aim="<= 4x",
        met=ratio <= 4,
    )


def _write_notes(folder: Path, texts: list[str]) -> Path:
    src = folder / "notes.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["note"])
        w.writerows([t] for t in texts)
    return src


class Timed:
    """The moments each chunk of a screening was written: the rate once every worker has
    delivered its first chunk (start-up, imports and pipelines, is then behind them all) and the
    whole run."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.begin = time.perf_counter()
        self.marks: list[tuple[float, int]] = []

    def __call__(self, rows: int) -> None:
        self.marks.append((time.perf_counter(), rows))

    def steady(self) -> float:
        """Notes per second after the first chunk of each worker."""
        (t0, _), rest = self.marks[self.workers - 1], self.marks[self.workers :]
        return sum(n for _, n in rest) / max(self.marks[-1][0] - t0, 1e-9)

    def whole(self) -> float:
        return self.marks[-1][0] - self.begin


def _burn(n: int) -> float:
    x = 0
    for i in range(n):
        x += i * i
    return float(x)


def machine_scaling(work: int = 2_000_000) -> float:
    """How much faster 2 processes do pure-Python work than 1 on this machine now: the most any
    2-worker screening can show here (about 2 on an idle machine, near 1 when other work holds
    the cores)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    took = {}
    for count in (1, 2):
        with ctx.Pool(count) as pool:
            pool.map(_burn, [1] * count)  # the processes are up
            begin = time.perf_counter()
            pool.map(_burn, [work] * 4)
            took[count] = time.perf_counter() - begin
    return took[1] / took[2]


def _scaling(what: str, time_of: Callable[[int], Timed], rounds: int, aim: float = 1.8) -> Row:
    """2 workers against 1, rounds interleaved (1, 2, 1, 2...): the median rates once the workers
    are up, and the median whole runs."""
    load = _load()
    machine = machine_scaling()
    runs: dict[int, list[Timed]] = {1: [], 2: []}
    for _ in range(rounds):
        for workers in (1, 2):
            runs[workers].append(time_of(workers))
    rate = {w: statistics.median(t.steady() for t in runs[w]) for w in (1, 2)}
    whole = {w: statistics.median(t.whole() for t in runs[w]) for w in (1, 2)}
    ratio = rate[2] / rate[1]
    return Row(
        what=what,
        now=(
            f"{ratio:.2f}x ({rate[2]:,.0f} vs {rate[1]:,.0f} notes/s once up; the machine's own"
            f" 2 vs 1 now {machine:.2f}x; {load}..{_load()[5:]}; whole runs {whole[2]:.1f} vs"
            f" {whole[1]:.1f} s)"
        ),
        aim=f">= {aim}x",
        met=ratio >= aim,
    )


def _screen(src: Path, out: Path, count: int, **kw: object) -> Timed:
    """One screening of `src` by `count` workers (given in `kw` as the engine wants them)."""
    from sciatica.text.screen import Job, run

    for stale in out.parent.glob(out.name + "*"):
        stale.unlink()
    timed = Timed(count)
    job = Job(src, out, "note", today=TODAY.isoformat(), progress=False, on_chunk=timed, **kw)  # type: ignore[arg-type]
    run(job)
    return timed


def row_screen(quick: bool, n: int | None = None) -> Row:
    """`sciatica screen`'s run (local worker processes; one worker is the process itself)."""
    n = n or (4000 if quick else 20000)
    with tempfile.TemporaryDirectory() as tmp:
        src = _write_notes(Path(tmp), posts(n))
        return _scaling(
            f"screen 2 workers vs 1, {n:,} notes",
            lambda count: _screen(src, Path(tmp) / "out.csv", count, workers=count),
            rounds=1 if quick else 2,
        )


def row_dask(quick: bool, n: int | None = None) -> Row:
    """The screening on two LocalClusters (1 and 2 worker processes, one thread each)."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return Row("Dask 2 workers vs 1", "not measured: no distributed", ">= 1.8x", None)

    n = n or (4000 if quick else 20000)
    with tempfile.TemporaryDirectory() as tmp:
        src = _write_notes(Path(tmp), posts(n))
        options = {"threads_per_worker": 1, "processes": True, "dashboard_address": None}
        with (
            LocalCluster(n_workers=1, **options) as one,  # type: ignore[arg-type]
            LocalCluster(n_workers=2, **options) as two,  # type: ignore[arg-type]
        ):
            address = {1: one.scheduler_address, 2: two.scheduler_address}
            return _scaling(
                f"Dask LocalCluster 2 workers vs 1, {n:,} notes",
                lambda count: _screen(
                    src, Path(tmp) / "out.csv", count, engine="dask", scheduler=address[count]
                ),
                rounds=1 if quick else 2,
            )


def rows(quick: bool) -> list[Row]:
    return [row_extract(quick), row_screen(quick), row_dask(quick)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="4,000 notes, fewer rounds")
    p.add_argument("--n", type=int, default=None, help="notes for the screen rows")
    p.add_argument("--no-dask", action="store_true")
    p.add_argument("--only", choices=["extract", "screen", "dask"], default=None)
    args = p.parse_args()
    print(f"{os.cpu_count()} cores, {_load()}", flush=True)
    chosen = {
        "extract": lambda: row_extract(args.quick),
        "screen": lambda: row_screen(args.quick, args.n),
        "dask": lambda: row_dask(args.quick, args.n),
    }
    if args.no_dask:
        del chosen["dask"]
    names = [args.only] if args.only else list(chosen)
    print_table([chosen[name]() for name in names])


if __name__ == "__main__":
    main()
