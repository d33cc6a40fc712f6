"""Free-text throughput (issue 6): notes per second per core for the extractor alone and for a whole
screen (read, extract, assess, write), locally and on Dask with two workers.

    python benchmarks/text.py                 # 2,000 generated notes
    python benchmarks/text.py --n 100000      # the issue's figure (takes a while)

The notes are generated from patient-message and clinician-note sentences (English and French,
with negations, worries, misspellings), so every run sees the same mix. Pipeline start-up (a few
seconds per process) is excluded from the extractor figure and included in the screen figures.
Aim (issue 6): 1,000 notes/s per core and near-linear scaling with workers.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
from pathlib import Path

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


def bench_extractor(notes: list[str]) -> float:
    from sciatica.text.extract import extract

    extract("left leg pain", lang="en")
    extract("douleur jambe gauche", lang="fr")
    start = time.perf_counter()
    for text in notes:
        extract(text)
    return len(notes) / (time.perf_counter() - start)


def bench_screen(src: Path, n: int, **kw: object) -> float:
    from sciatica.text.screen import Job, run

    with tempfile.TemporaryDirectory() as tmp:
        job = Job(src, Path(tmp) / "out.csv", "note", progress=False, **kw)  # type: ignore[arg-type]
        start = time.perf_counter()
        run(job)
        return n / (time.perf_counter() - start)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=2000, help="generated notes (default 2,000)")
    p.add_argument("--no-dask", action="store_true")
    args = p.parse_args()
    cores = os.cpu_count() or 1
    notes = generate(args.n)
    print(f"{args.n} notes, {cores} cores")
    rate = bench_extractor(notes[: min(args.n, 5000)])
    print(f"extractor, 1 process:            {rate:8.0f} notes/s  ({rate:.0f}/s per core)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "notes.csv"
        with src.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["note"])
            w.writerows([n] for n in notes)
        one = bench_screen(src, args.n, workers=1)
        print(f"screen, local, 1 process:        {one:8.0f} notes/s  ({one:.0f}/s per core)")
        if cores > 1:
            many = bench_screen(src, args.n, workers=cores)
            print(
                f"screen, local, {cores} processes:       {many:8.0f} notes/s  "
                f"({many / cores:.0f}/s per core, scaling {many / one:.2f}x)"
            )
        if not args.no_dask:
            from distributed import LocalCluster

            with LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster:
                rate = bench_screen(src, args.n, engine="dask", scheduler=cluster.scheduler_address)
            print(
                f"screen, Dask, 2 workers:         {rate:8.0f} notes/s  ({rate / 2:.0f}/s per "
                f"worker, scaling {rate / one:.2f}x)"
            )


if __name__ == "__main__":
    main()
