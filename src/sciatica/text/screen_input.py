"""Reading the notes to screen (CSV, JSONL, Parquet) so that one bad row never stops the run or
spills into its neighbours (issue 13, part 2).

- Text that is not valid UTF-8 makes only its own row an error (the file is read with
  `surrogateescape`, and a row holding an undecodable byte is refused by name).
- A CSV cell may be as long as the file (the csv module's 128 KiB default would stop the run);
  the screening itself refuses texts over `MAX_TEXT`.
- A malformed CSV record (an unterminated quote swallows every following line) is an error row,
  and reading resumes at the next physical line: no row is merged into another or lost.
- A JSONL line goes through `sciatica.validation.parse_json` (the project's limits on nesting,
  numbers and text), so a hostile line is one error row.
- A Parquet file that cannot be read at all is a job error (`ScreenError`) naming the file.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InvalidCase
from ..validation import is_text, parse_json


class ScreenError(Exception):
    """A problem with the job itself (a missing column, an unknown format): nothing is screened."""


class BadRow(ValueError):
    """Why one input row could not be read (it goes to the error file)."""


# A whole file may be one cell; the screening refuses long texts itself, with a clear error.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_NOT_UTF8 = BadRow("not valid UTF-8 text")


def _undecodable(value: Any) -> bool:
    return isinstance(value, str) and not is_text(value)


class _Lines:
    """The physical lines of a file from a byte offset, decoded with `surrogateescape`, keeping
    the offset of the next unread line (where the next CSV record starts)."""

    def __init__(self, handle: Any, offset: int) -> None:
        self.handle = handle
        self.offset = offset
        handle.seek(offset)

    def __iter__(self) -> Iterator[str]:
        for raw in iter(self.handle.readline, b""):
            self.offset += len(raw)
            yield raw.decode("utf-8", "surrogateescape")


def _csv_records(path: Path) -> Iterator[list[str] | BadRow]:
    """Each CSV record (the header first), or a `BadRow` for a malformed one, after which the
    reading goes on at the physical line that follows the record's first line."""
    with path.open("rb") as handle:
        start = 0
        while True:
            lines = _Lines(handle, start)
            reader = csv.reader(lines, strict=True)
            while True:
                begin = lines.offset
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    yield BadRow(f"malformed CSV record ({error}); fix it and screen again")
                    handle.seek(begin)
                    first = handle.readline()
                    start = begin + len(first)
                    break
                yield record


def count_rows(path: Path, fmt: str) -> int | None:
    """How many rows there are (for the progress bar); None when the file cannot tell."""
    if fmt == "parquet":
        import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

        try:
            return int(pq.ParquetFile(path).metadata.num_rows)
        except (OSError, ValueError):  # pyarrow's errors; reading it will say what is wrong
            return None
    if fmt == "jsonl":
        with path.open("rb") as f:
            return sum(1 for line in f if line.strip())
    return max(sum(1 for _ in _csv_records(path)) - 1, 0)


def read_rows(path: Path, fmt: str, text_column: str, id_column: str | None) -> Iterator[Any]:
    """(row number, id, text or the `BadRow` problem) for every input row."""
    if fmt == "csv":
        yield from _csv_rows(path, text_column, id_column)
    elif fmt == "jsonl":
        yield from _jsonl_rows(path, text_column, id_column)
    else:
        yield from _parquet_rows(path, text_column, id_column)


def _csv_rows(path: Path, text_column: str, id_column: str | None) -> Iterator[Any]:
    records = _csv_records(path)
    header = next(records, None)
    if not isinstance(header, list) or text_column not in header:
        shown = header if isinstance(header, list) else None
        raise ScreenError(f"no column {text_column!r} in {path} ({shown})")
    text_at = header.index(text_column)
    id_at = header.index(id_column) if id_column and id_column in header else None
    for n, record in enumerate(records):
        if isinstance(record, BadRow):
            yield n, None, record
            continue
        ident = record[id_at] if id_at is not None and id_at < len(record) else None
        text = record[text_at] if text_at < len(record) else None
        if _undecodable(ident):
            ident = None
        yield n, ident, _NOT_UTF8 if any(map(_undecodable, record)) else text


def _jsonl_rows(path: Path, text_column: str, id_column: str | None) -> Iterator[Any]:
    with path.open("rb") as f:
        n = 0
        for line in f:
            if not line.strip():
                continue
            try:
                rec = parse_json(line)
            except InvalidCase as refused:
                problem = "; ".join(p.message for p in refused.problems)
                yield n, None, BadRow(problem)
            else:
                if not isinstance(rec, dict):
                    yield n, None, BadRow("not a JSON object")
                else:
                    ident = rec.get(id_column) if id_column else None
                    yield n, ident, rec.get(text_column, BadRow(f"no {text_column!r} field"))
            n += 1


def _parquet_rows(path: Path, text_column: str, id_column: str | None) -> Iterator[Any]:
    import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
    except (OSError, ValueError) as error:  # ArrowIOError, ArrowInvalid
        raise ScreenError(f"cannot read {path} as Parquet: {error}") from None
    if text_column not in names:
        raise ScreenError(f"no column {text_column!r} in {path} ({names})")
    cols = [text_column] + ([id_column] if id_column and id_column in names else [])
    n = 0
    try:
        for batch in pf.iter_batches(columns=cols, batch_size=4096):
            data = batch.to_pydict()
            for i, text in enumerate(data[text_column]):
                yield n, data[id_column][i] if id_column in data else None, text
                n += 1
    except (
        OSError,
        ValueError,
    ) as error:  # a corrupt page after good ones: the rows read so far stand
        raise ScreenError(f"cannot read {path} past row {n}: {error}") from None
