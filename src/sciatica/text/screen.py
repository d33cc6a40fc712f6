"""Batch screening (issue 6): free-text notes in CSV, JSONL or Parquet -> one row per note with the
level, presentation, roots, reasons and supporting spans, to CSV, JSONL or Parquet.

- Order: results are written in input order, whatever the number of workers or the engine.
- Resumable: the row numbers already in the output (or the error file) are skipped on a rerun; the
  output is appended chunk by chunk and flushed, so a crash loses at most the chunk being written.
  Parquet is written at the end from a JSONL journal (`OUT.partial.jsonl`) that carries the resume.
- Bad rows (no text, text not a string, too long, an error in the extractor) go to the error file
  (JSONL: row, id, error) and the run goes on.
- Engines: `local` (worker processes, default one per core) or `dask` (a Dask distributed scheduler
  address); both run the same `screen_chunk` on the same chunks.
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .screen_input import BadRow, ScreenError, count_rows, read_rows

__all__ = [
    "COLUMNS",
    "FORMATS",
    "Job",
    "ScreenError",
    "count_rows",
    "read_rows",
    "run",
    "screen_chunk",
]

MAX_TEXT = 100_000
COLUMNS = ("row", "id", "level", "presentation", "side", "roots", "reasons", "spans")
FORMATS = ("csv", "jsonl", "parquet")


def format_of(path: Path, given: str | None = None) -> str:
    fmt = given or {
        ".csv": "csv",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".parquet": "parquet",
    }.get(path.suffix.lower(), "")
    if fmt not in FORMATS:
        raise ScreenError(f"cannot tell the format of {path}: use .csv, .jsonl or .parquet")
    return fmt


# ---------------------------------------------------------------------------------------------
# Work: one chunk of rows, in a worker process or on a Dask worker.


def screen_chunk(
    chunk: list[tuple[int, Any, Any]], today: str | None
) -> list[tuple[bool, dict[str, Any]]]:
    """(ok, record) per row: the screening row, or an error record."""
    from ..engine import assess

    when = date.fromisoformat(today) if today else None
    out: list[tuple[bool, dict[str, Any]]] = []
    readable: list[tuple[int, str]] = []  # (place in `out`, text) of the rows to read
    for row, ident, text in chunk:
        ident = None if ident is None else str(ident)
        if isinstance(text, BadRow):
            out.append((False, {"row": row, "id": ident, "error": f"bad row: {text}"}))
        elif not isinstance(text, str) or not text.strip():
            out.append((False, {"row": row, "id": ident, "error": "no text"}))
        elif len(text) > MAX_TEXT:
            out.append((False, {"row": row, "id": ident, "error": f"text over {MAX_TEXT} chars"}))
        else:
            readable.append((len(out), text))
            out.append((False, {"row": row, "id": ident}))  # filled in below
    extractions = _extract_chunk([text for _, text in readable], when)
    for (at, _), x in zip(readable, extractions, strict=True):
        row, ident = out[at][1]["row"], out[at][1]["id"]
        try:
            if isinstance(x, Exception):
                raise x
            a = assess(x.case)
        except Exception as error:  # a bad note must not stop the run
            out[at] = (False, {"row": row, "id": ident, "error": type(error).__name__})
            continue
        out[at] = (
            True,
            {
                "row": row,
                "id": ident,
                "level": a.triage.level,
                "presentation": a.presentation,
                "side": a.side,
                "roots": [{"root": r.root, "side": r.side, "score": r.score} for r in a.roots],
                "reasons": [r.rule for r in a.triage.reasons],
                "spans": [s.to_json() for s in x.spans],
            },
        )
    return out


@dataclass(frozen=True)
class Written:
    """A chunk's rows as the output and error files take them, formatted by the worker that
    screened them: the parent only appends text, so it never competes with the workers for a core."""

    good: str  # CSV records (no header) or JSON lines
    bad: str  # JSON lines
    n_good: int
    n_bad: int


def screen_text(chunk: list[tuple[int, Any, Any]], today: str | None, fmt: str) -> Written:
    """`screen_chunk`, its rows formatted for an output of format `fmt` (the work a worker does)."""
    return formatted(screen_chunk(chunk, today), fmt)


def formatted(results: list[tuple[bool, dict[str, Any]]], fmt: str) -> Written:
    good = [r for ok, r in results if ok]
    bad = [r for ok, r in results if not ok]
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        csv.DictWriter(buffer, fieldnames=COLUMNS).writerows(_flat(r) for r in good)
        text = buffer.getvalue()
    else:  # JSONL, and Parquet's JSONL journal
        text = _json_lines(good)
    return Written(text, _json_lines(bad), len(good), len(bad))


def _json_lines(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _extract_chunk(texts: list[str], today: date | None) -> list[Any]:
    """The extraction of each text, or the exception it raised: the whole chunk through
    `extract_many` (spaCy's batch path), and only when that fails, text by text, so that one
    bad note is one error row and its neighbours are still read."""
    from .extract import extract, extract_many

    try:
        return list(extract_many(texts, today=today))
    except Exception:  # which text failed is found below, one by one
        pass
    out: list[Any] = []
    for text in texts:
        try:
            out.append(extract(text, today=today))
        except Exception as error:  # a bad note must not stop the run
            out.append(error)
    return out


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """Stop this worker when the process that started it is gone: a screening killed with
    SIGKILL cannot shut its pool down, and its workers would otherwise run on, orphaned."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _warm(_: int = 0) -> None:
    """Build the pipelines once per worker, before the first chunk; and stop with the parent."""
    _exit_with_parent(os.getppid())
    _build()


def _build() -> None:
    """Build both pipelines and read the rules (a few seconds), so that no chunk pays for it."""
    from ..engine import assess
    from .extract import extract

    assess(extract("left leg pain", lang="en").case)
    extract("douleur jambe gauche", lang="fr")


# ---------------------------------------------------------------------------------------------
# Writing.


@dataclass
class Sink:
    path: Path
    fmt: str
    errors: Path

    @property
    def journal(self) -> Path:
        return (
            self.path.with_name(self.path.name + ".partial.jsonl")
            if self.fmt == "parquet"
            else self.path
        )

    def done(self) -> set[int]:
        rows: set[int] = set()
        if self.fmt == "parquet" and self.path.exists() and not self.journal.exists():
            import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

            rows.update(pq.read_table(self.path, columns=["row"]).column("row").to_pylist())
        target = self.journal
        if target.exists():
            _drop_partial_line(target)
            if self.fmt == "csv":
                with target.open(newline="", encoding="utf-8") as f:
                    rows.update(int(r["row"]) for r in csv.DictReader(f))
            else:
                with target.open(encoding="utf-8") as f:
                    rows.update(json.loads(line)["row"] for line in f if line.strip())
        if self.errors.exists():
            _drop_partial_line(self.errors)
            with self.errors.open(encoding="utf-8") as f:
                rows.update(json.loads(line)["row"] for line in f if line.strip())
        return rows

    def write(self, results: list[tuple[bool, dict[str, Any]]]) -> None:
        self.append(formatted(results, self.fmt))

    def append(self, chunk: Written) -> None:
        if chunk.good:
            target = self.journal
            new = not target.exists() or target.stat().st_size == 0
            with target.open("a", newline="", encoding="utf-8") as f:
                if new and self.fmt == "csv":
                    csv.DictWriter(f, fieldnames=COLUMNS).writeheader()
                f.write(chunk.good)
        if chunk.bad:
            with self.errors.open("a", encoding="utf-8") as f:
                f.write(chunk.bad)

    def finish(self) -> None:
        if self.fmt != "parquet" or not self.journal.exists():
            return
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

        with self.journal.open(encoding="utf-8") as f:
            rows = [_typed_spans(json.loads(line)) for line in f if line.strip()]
        if self.path.exists():  # an earlier finished run, then more rows
            # A crash after writing the file but before removing the journal leaves the same
            # rows in both: one row number, one row.
            by_row = {r["row"]: r for r in pq.read_table(self.path).to_pylist()}
            by_row.update((r["row"], r) for r in rows)
            rows = list(by_row.values())
        rows.sort(key=lambda r: r["row"])
        pq.write_table(pa.Table.from_pylist(rows, schema=_parquet_schema()), self.path)
        self.journal.unlink()


# Lists stay lists in JSONL and Parquet (so other tools read them as such); only CSV, which has no
# nesting, holds them as JSON text.
NESTED = ("roots", "reasons", "spans")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if k in NESTED else v for k, v in row.items()}


def _typed_spans(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet struct field has one type: a span's value (text, a number or true/false) is kept
    as its JSON text there."""
    spans = [{**s, "value": json.dumps(s["value"], ensure_ascii=False)} for s in row["spans"]]
    return {**row, "spans": spans}


def _parquet_schema() -> Any:
    import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]

    text = pa.string()
    root = pa.struct([("root", text), ("side", text), ("score", pa.float64())])
    span = pa.struct(
        [("field", text), ("value", text), ("category", text), ("start", pa.int64()),
         ("end", pa.int64()), ("text", text), ("negated", pa.bool_()), ("reason", text)]
    )  # fmt: skip
    return pa.schema(
        [("row", pa.int64()), ("id", text), ("level", text), ("presentation", text),
         ("side", text), ("roots", pa.list_(root)), ("reasons", pa.list_(text)),
         ("spans", pa.list_(span))]
    )  # fmt: skip


def _drop_partial_line(path: Path) -> None:
    """A crash in the middle of a write leaves a last line without its newline: drop it."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        path.write_bytes(data[: data.rfind(b"\n") + 1])


# ---------------------------------------------------------------------------------------------
# The run.


def chunks(rows: Iterator[Any], done: set[int], size: int) -> Iterator[list[tuple[int, Any, Any]]]:
    chunk: list[tuple[int, Any, Any]] = []
    for row in rows:
        if row[0] in done:
            continue
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class Job:
    input: Path
    output: Path
    text_column: str
    id_column: str | None = None
    input_format: str | None = None
    output_format: str | None = None
    errors: Path | None = None
    workers: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    today: str | None = None
    # large chunks: fewer round trips to the workers; a crash loses at most one chunk's rows
    chunk_size: int = 500
    progress: bool = True
    # called with the number of rows of each chunk once it is written (benchmarks/text.py times
    # the rate of the workers once they are up from it)
    on_chunk: Callable[[int], object] | None = None


def run(job: Job) -> tuple[int, int]:
    """Screen; returns (rows written, rows refused) in this run."""
    fin = format_of(job.input, job.input_format)
    fout = format_of(job.output, job.output_format)
    sink = Sink(
        job.output, fout, job.errors or job.output.with_name(job.output.name + ".errors.jsonl")
    )
    done = sink.done()
    # counting is a second reading of the whole input, in the parent: only for the progress bar
    total = count_rows(job.input, fin) if job.progress else None
    rows = read_rows(job.input, fin, job.text_column, job.id_column)
    work = chunks(rows, done, job.chunk_size)
    from tqdm import tqdm  # type: ignore[import-untyped, import-not-found, unused-ignore]

    bar = tqdm(
        total=None if total is None else max(total - len(done), 0),
        unit="notes",
        disable=not job.progress,
        dynamic_ncols=True,
        smoothing=0.1,
    )
    good = bad = 0
    try:
        for written in _results(job, work, fout):
            sink.append(written)
            good += written.n_good
            bad += written.n_bad
            bar.update(written.n_good + written.n_bad)
            if job.on_chunk is not None:
                job.on_chunk(written.n_good + written.n_bad)
    finally:
        bar.close()
    sink.finish()
    return good, bad


def _results(job: Job, work: Iterator[list[Any]], fmt: str) -> Iterator[Written]:
    if job.engine == "dask":
        yield from _dask(job, work, fmt)
        return
    workers = job.workers or os.cpu_count() or 1
    if workers == 1:
        for chunk in work:
            yield screen_text(chunk, job.today, fmt)
        return
    import multiprocessing as mp
    from functools import partial

    ctx = mp.get_context("spawn")  # no fork of a process that may hold threads
    with ctx.Pool(workers, initializer=_warm) as pool:
        yield from pool.imap(partial(screen_text, today=job.today, fmt=fmt), work)


def _dask(job: Job, work: Iterator[list[Any]], fmt: str) -> Iterator[Written]:
    if not job.scheduler:
        raise ScreenError("--engine dask needs --scheduler ADDRESS")
    from collections import deque

    from distributed import Client  # type: ignore[import-untyped, import-not-found, unused-ignore]

    with Client(job.scheduler, set_as_default=False) as client:  # type: ignore[no-untyped-call, unused-ignore]
        # every worker builds its pipelines at once, side by side, instead of inside its first
        # chunk (the initializer of the local pool)
        client.run(_build)
        window = 4 * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[Any] = deque()
        for chunk in work:
            pending.append(client.submit(screen_text, chunk, job.today, fmt, pure=False))
            while len(pending) >= window:
                yield pending.popleft().result()  # in submission order: the input order
        while pending:
            yield pending.popleft().result()
