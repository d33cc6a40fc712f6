"""`sciatica screen` on broken and hostile files (issue 13, part 2): bad rows go to the error file
with their reason, the run goes on, and no row is merged into another, duplicated or lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from sciatica.cli.main import main
from sciatica.text.screen import Job, ScreenError, run

GOOD = "left leg pain for 3 weeks"


def screen(src: Path, out: Path) -> tuple[dict[int, dict[str, object]], dict[int, str]]:
    job = Job(src, out, "note", "nid", today="2026-03-12", workers=1, chunk_size=2, progress=False)
    run(job)
    rows = {r["row"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    errors_file = out.with_name(out.name + ".errors.jsonl")
    errors = {
        e["row"]: e["error"]
        for e in map(json.loads, errors_file.read_text(encoding="utf-8").splitlines())
    }
    return rows, errors


def test_invalid_utf8_in_a_csv_row_is_that_row_only(tmp_path: Path) -> None:
    src = tmp_path / "notes.csv"
    src.write_bytes(
        b"nid,note\n"
        + b"a," + GOOD.encode() + b"\n"
        + b"b,caf\xe9 pain \xff\n"
        + b"c," + GOOD.encode() + b"\n"
    )  # fmt: skip
    rows, errors = screen(src, tmp_path / "out.jsonl")
    assert sorted(rows) == [0, 2] and [rows[0]["id"], rows[2]["id"]] == ["a", "c"]
    assert errors == {1: "bad row: not valid UTF-8 text"}


def test_a_cell_longer_than_the_csv_default_limit_does_not_stop_the_run(tmp_path: Path) -> None:
    src = tmp_path / "notes.csv"
    src.write_text(
        f'nid,note\na,{GOOD}\nb,"{"pain " * 40_000}"\nc,{GOOD}\n', encoding="utf-8"
    )  # a 200,000-character cell
    rows, errors = screen(src, tmp_path / "out.jsonl")
    assert sorted(rows) == [0, 2]
    assert errors == {1: "text over 100000 chars"}


def test_an_unterminated_quote_does_not_swallow_the_following_rows(tmp_path: Path) -> None:
    src = tmp_path / "notes.csv"
    src.write_text(f'nid,note\na,{GOOD}\nb,"never closed\nc,{GOOD}\nd,{GOOD}\n', encoding="utf-8")
    rows, errors = screen(src, tmp_path / "out.jsonl")
    assert [rows[n]["id"] for n in sorted(rows)] == ["a", "c", "d"], "nothing merged or lost"
    assert list(errors) == [1] and "malformed CSV record" in errors[1]


def test_hostile_jsonl_lines_are_error_rows(tmp_path: Path) -> None:
    src = tmp_path / "notes.jsonl"
    lines = [
        json.dumps({"nid": "a", "note": GOOD}).encode(),
        b'{"nid": "deep", "note": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"nid": "big", "note": ' + b"9" * 5000 + b"}",
        b'{"nid": "bytes", "note": "caf\xe9"}',
        b'{"nid": "surrogate", "note": "\\ud800 pain"}',
        json.dumps({"nid": "z", "note": GOOD}).encode(),
    ]
    src.write_bytes(b"\n".join(lines) + b"\n")
    rows, errors = screen(src, tmp_path / "out.jsonl")
    assert [rows[n]["id"] for n in sorted(rows)] == ["a", "z"]
    assert sorted(errors) == [1, 2, 3, 4]
    assert "nested" in errors[1] and "digits" in errors[2]
    assert "UTF-8" in errors[3] and "surrogate" in errors[4]


def test_a_corrupt_parquet_file_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyarrow")
    src = tmp_path / "notes.parquet"
    src.write_bytes(b"PAR1 this is not really parquet PAR1")
    with pytest.raises(ScreenError, match=r"cannot read .* as Parquet"):
        run(Job(src, tmp_path / "out.csv", "note", progress=False, workers=1))
    code = main(["screen", str(src), "--text-column", "note", "-o", str(tmp_path / "o.csv")])
    assert code == 2
    assert "as Parquet" in capsys.readouterr().err


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _worker(pid: int) -> bool:
    try:
        return b"spawn_main" in (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False


def test_workers_do_not_outlive_a_killed_screening(tmp_path: Path) -> None:
    """SIGKILL leaves the pool no chance to shut down: each worker notices its parent is gone."""
    import os
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "notes.csv"
    long_note = " ".join([GOOD + "."] * 12)  # a note that takes a while to read
    src.write_text("nid,note\n" + "".join(f"n{i},{long_note}\n" for i in range(60_000)), "utf-8")
    out = tmp_path / "out.csv"
    args = ["-m", "sciatica.cli.main", "screen", str(src), "--text-column", "note"]
    screening = subprocess.Popen(
        # chunks so large that each worker is busy for many seconds when the parent dies
        [
            sys.executable,
            *args,
            "-o",
            str(out),
            "--workers",
            "2",
            "--chunk-size",
            "30000",
            "--no-progress",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = {c for c in _children(screening.pid) if _alive(c) and _worker(c)}
        time.sleep(0.2)
    assert len(workers) >= 2, "the workers started"
    time.sleep(6)  # warmed up and deep in their first chunk
    assert not out.exists() or out.stat().st_size < 100, "still in the first chunks"
    os.kill(screening.pid, signal.SIGKILL)
    screening.wait()
    deadline = time.monotonic() + 4  # the watcher looks every second
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if _alive(w)], "orphaned workers still running"
