"""`sciatica screen INPUT`: free-text notes in bulk (issue 6); see `sciatica.text.screen`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser(
        "screen", help="screen many free-text notes (CSV, JSONL or Parquet) in one run"
    )
    s.add_argument("input", type=Path, help="CSV, JSONL or Parquet file of notes")
    s.add_argument("--text-column", default="text", help="column holding the note (default text)")
    s.add_argument("--id-column", default=None, help="column carried over as the row's id")
    s.add_argument("-o", "--output", type=Path, required=True, help="output .csv/.jsonl/.parquet")
    s.add_argument(
        "--errors", type=Path, default=None, help="bad rows (default OUTPUT.errors.jsonl)"
    )
    s.add_argument("--workers", type=int, default=None, help="local processes (default: all cores)")
    s.add_argument("--engine", choices=["local", "dask"], default="local")
    s.add_argument("--scheduler", default=None, help="Dask scheduler address (with --engine dask)")
    s.add_argument("--today", default=None, help="date the notes were written, YYYY-MM-DD")
    s.add_argument("--chunk-size", type=int, default=500, help="notes per worker task")
    s.add_argument("--no-progress", action="store_true", help="no progress bar")


def run_screen(args: argparse.Namespace) -> int:
    from ..extras import require

    require("text", "screen")
    from ..text.screen import Job, ScreenError, run

    job = Job(
        input=args.input,
        output=args.output,
        text_column=args.text_column,
        id_column=args.id_column,
        errors=args.errors,
        workers=args.workers,
        engine=args.engine,
        scheduler=args.scheduler,
        today=args.today,
        chunk_size=max(1, args.chunk_size),
        progress=not args.no_progress,
    )
    try:
        good, bad = run(job)
    except ScreenError as error:
        print(f"sciatica: {error}; nothing was screened", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"sciatica: {error}", file=sys.stderr)
        return 2
    print(f"screened {good} notes, {bad} refused (see the error file)", file=sys.stderr)
    return 0
