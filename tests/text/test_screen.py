"""`sciatica screen`: formats, order, resume after a crash, bad rows, local processes and Dask."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.cli.main import main
from sciatica.text.screen import Job, run

EVAL = Path(__file__).parent / "eval" / "set.jsonl"


def notes(n: int = 24) -> list[dict[str, Any]]:
    with EVAL.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f][:n]
    out: list[dict[str, Any]] = [{"nid": r["id"], "note": r["text"]} for r in rows]
    out.insert(5, {"nid": "empty", "note": ""})
    out.insert(9, {"nid": "number", "note": 42})
    return out


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["nid", "note"])
        w.writeheader()
        w.writerows(rows)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n", encoding="utf-8")


def job(src: Path, out: Path, **kw: Any) -> Job:
    base: dict[str, Any] = {"today": "2026-03-12", "workers": 1, "chunk_size": 4, "progress": False}
    return Job(src, out, "note", "nid", **{**base, **kw})


def test_csv_to_csv_and_bad_rows(tmp_path: Path) -> None:
    src = tmp_path / "notes.csv"
    write_csv(src, notes())
    out = tmp_path / "out.csv"
    assert run(job(src, out)) == (25, 1)  # CSV cannot hold a number apart from its text: "42"
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["row"]) for r in rows] == sorted(int(r["row"]) for r in rows)
    first = rows[0]
    assert first["id"] == "t000"
    assert first["level"] == "emergency"
    assert json.loads(first["spans"])[0]["text"] == "foot drags"
    errors = [json.loads(x) for x in (tmp_path / "out.csv.errors.jsonl").read_text().splitlines()]
    assert errors == [{"row": 5, "id": "empty", "error": "no text"}]


def test_jsonl_to_parquet_resumes_after_a_crash(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "notes.jsonl"
    write_jsonl(src, notes())
    whole = tmp_path / "whole.parquet"
    run(job(src, whole))
    errors = [
        json.loads(x) for x in (tmp_path / "whole.parquet.errors.jsonl").read_text().splitlines()
    ]
    assert [e["id"] for e in errors] == ["empty", "number", None]  # the broken JSON line too

    crashed = tmp_path / "crashed.parquet"
    journal = tmp_path / "crashed.parquet.partial.jsonl"
    reference = tmp_path / "ref.jsonl"
    run(job(src, reference))
    lines = reference.read_text(encoding="utf-8").splitlines(keepends=True)
    journal.write_text("".join(lines[:7]) + lines[7][:20], encoding="utf-8")  # died mid-write
    good, _ = run(job(src, crashed))
    assert good == len(lines) - 7
    assert not journal.exists()
    assert pq.read_table(crashed).to_pylist() == pq.read_table(whole).to_pylist()


def test_cli_local_processes_match_one_process(tmp_path: Path) -> None:
    src = tmp_path / "notes.csv"
    write_csv(src, notes(12))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    common = ["screen", str(src), "--text-column", "note", "--id-column", "nid", "--today",
              "2026-03-12", "--no-progress", "--chunk-size", "3"]  # fmt: skip
    assert main([*common, "-o", str(one), "--workers", "1"]) == 0
    assert main([*common, "-o", str(two), "--workers", "2"]) == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert main(["screen", str(src), "--text-column", "nope", "-o", str(tmp_path / "x.csv")]) == 2


def test_dask_matches_local(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "notes.csv"
    write_csv(src, notes(12))
    local, dask = tmp_path / "local.csv", tmp_path / "dask.csv"
    run(job(src, local))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        run(job(src, dask, engine="dask", scheduler=cluster.scheduler_address))
    assert dask.read_bytes() == local.read_bytes()


def test_a_crash_between_the_parquet_file_and_its_journal_duplicates_nothing(
    tmp_path: Path,
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "notes.jsonl"
    write_jsonl(src, notes(8))
    whole = tmp_path / "whole.parquet"
    journal = tmp_path / "whole.parquet.partial.jsonl"
    reference = tmp_path / "ref.jsonl"
    run(job(src, reference))
    run(job(src, whole))
    journal.write_bytes(reference.read_bytes())  # the file was written, the journal not yet gone
    run(job(src, whole))
    rows = pq.read_table(whole).column("row").to_pylist()
    assert rows == sorted(set(rows)), "one row number, one row"
    assert len(rows) == len(reference.read_text(encoding="utf-8").splitlines())


def test_nested_columns_are_real_lists_outside_csv(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "notes.jsonl"
    write_jsonl(src, notes(6))
    as_jsonl, as_parquet = tmp_path / "out.jsonl", tmp_path / "out.parquet"
    run(job(src, as_jsonl))
    run(job(src, as_parquet))
    first = json.loads(as_jsonl.read_text(encoding="utf-8").splitlines()[0])
    assert isinstance(first["roots"], list) and isinstance(first["reasons"], list)
    assert first["spans"][0]["text"] == "foot drags"
    schema = pq.read_schema(as_parquet)
    for column in ("roots", "reasons", "spans"):
        assert pa.types.is_list(schema.field(column).type), column
    table = pq.read_table(as_parquet).to_pylist()
    assert table[0]["spans"][0]["text"] == "foot drags"
    assert table[0]["reasons"] == first["reasons"]


def test_screen_reads_examination_notes(tmp_path: Path) -> None:
    src = tmp_path / "notes.jsonl"
    rows = [
        {"nid": "ces", "note": "Exam: saddle anaesthesia, anal tone reduced, PVR 450 ml."},
        {"nid": "l5", "note": "R sciatica 3 weeks, stable. R EHL 4/5, R glut med 4/5."},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(job(src, out)) == (2, 0)
    got = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert got["ces"]["level"] == "emergency"
    assert got["l5"]["side"] == "right"
    spans = got["l5"]["spans"]
    spans = json.loads(spans) if isinstance(spans, str) else spans
    assert {"EHL 4/5", "glut med 4/5"} <= {s["text"] for s in spans}


def test_each_written_chunk_is_reported(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, notes(10))
    seen: list[int] = []
    good, bad = run(job(src, tmp_path / "out.jsonl", chunk_size=4, on_chunk=seen.append))
    assert seen == [4, 4, 4] and good + bad == 12
