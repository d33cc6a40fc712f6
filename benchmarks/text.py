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
rate once the workers are up: each screen is a fresh `sciatica screen` process, and a run of a few
notes with the same workers gives the start-up (imports, the pipelines: seconds, paid once per
run whatever the number of notes), which is taken off; the whole-run ratio is shown beside it.
Two cores shared with other work give unreliable scaling: each row states the load average.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
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


def _screen_process(src: Path, out: Path, workers: int) -> float:
    """Seconds of one `sciatica screen` command, a fresh process as a user runs it."""
    for stale in out.parent.glob(out.name + "*"):
        stale.unlink()
    command = [sys.executable, "-m", "sciatica.cli.main", "screen", str(src), "-o", str(out)]
    command += ["--text-column", "note", "--workers", str(workers), "--today", TODAY.isoformat()]
    start = time.perf_counter()
    subprocess.run([*command, "--no-progress"], check=True, capture_output=True)
    return time.perf_counter() - start


def _scaling(
    what: str, n: int, time_of: Callable[[int, bool], float], rounds: int, aim: float = 1.8
) -> Row:
    """The rate of 2 workers against 1 on `n` notes, rounds interleaved; `time_of(workers, small)`
    gives the seconds of a run of the `n` notes or of the few notes that measure the start-up."""
    load = _load()
    whole: dict[int, list[float]] = {1: [], 2: []}
    start_up: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(rounds):
        for workers in (1, 2):
            start_up[workers].append(time_of(workers, True))
            whole[workers].append(time_of(workers, False))
    med = {w: sorted(v)[len(v) // 2] for w, v in whole.items()}
    up = {w: sorted(v)[len(v) // 2] for w, v in start_up.items()}
    rate = {w: (n - SMALL) / max(med[w] - up[w], 1e-9) for w in (1, 2)}
    ratio = rate[2] / rate[1]
    load = f"{load}..{_load()[5:]}"
    return Row(
        what=what,
        now=(
            f"{ratio:.2f}x ({rate[2]:,.0f} vs {rate[1]:,.0f} notes/s after start-up; whole run "
            f"{med[1] / med[2]:.2f}x, {med[2]:.1f} vs {med[1]:.1f} s; {load})"
        ),
        aim=f">= {aim}x",
        met=ratio >= aim,
    )


SMALL = 40  # notes of the run that measures the start-up


def row_screen(quick: bool, n: int | None = None) -> Row:
    n = n or (4000 if quick else 20000)
    texts = posts(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src, few = _write_notes(folder, texts), folder / "few"
        few.mkdir()
        small = _write_notes(few, texts[:SMALL])
        out = folder / "out.csv"

        def time_of(workers: int, start_up: bool) -> float:
            return _screen_process(small if start_up else src, out, workers)

        return _scaling(
            f"screen 2 workers vs 1, {n:,} notes (start-up taken off)",
            n,
            time_of,
            rounds=1 if quick else 2,
        )


def row_dask(quick: bool, n: int | None = None) -> Row:
    """The screening on two LocalClusters (1 and 2 worker processes, one thread each), both up
    and warm before the timing, as a Dask cluster is: its workers outlive one screening."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return Row(
            "Dask 2 workers vs 1", "not measured: distributed is not installed", ">= 1.8x", None
        )
    from sciatica.text.screen import Job, run

    n = n or (4000 if quick else 20000)
    texts = posts(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src, few = _write_notes(folder, texts), folder / "few"
        few.mkdir()
        small = _write_notes(few, texts[:SMALL])
        out = folder / "out.csv"
        options = {"threads_per_worker": 1, "processes": True, "dashboard_address": None}
        with (
            LocalCluster(n_workers=1, **options) as one,  # type: ignore[arg-type]
            LocalCluster(n_workers=2, **options) as two,  # type: ignore[arg-type]
        ):
            address = {1: one.scheduler_address, 2: two.scheduler_address}

            def time_of(workers: int, start_up: bool) -> float:
                for stale in folder.glob(out.name + "*"):
                    stale.unlink()
                job = Job(
                    small if start_up else src,
                    out,
                    "note",
                    engine="dask",
                    scheduler=address[workers],
                    today=TODAY.isoformat(),
                    progress=False,
                )
                begin = time.perf_counter()
                run(job)
                return time.perf_counter() - begin

            time_of(1, True), time_of(2, True)  # the workers build their pipelines
            return _scaling(
                f"Dask LocalCluster 2 workers vs 1, {n:,} notes (start-up taken off)",
                n,
                time_of,
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
