"""benchmarks/cli.py and benchmarks/load.py keep the speed table's shape (issue 16) without
running their workloads here: the load rows say why when wrk is missing, wrk's report is read."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

# The benchmarks are scripts, not a package: their folder goes on the path as when they run.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
cli: Any = importlib.import_module("cli")
load: Any = importlib.import_module("load")
Row: Any = importlib.import_module("table").Row

WRK = """Running 3s test @ http://127.0.0.1:1234/api/v1/assess
  2 threads and 32 connections
  Latency Distribution
     50%   12.50ms
     75%   15.00ms
     90%   20.00ms
     99%    1.20s
  2048 requests in 3.00s, 20.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    682.50
Transfer/sec:      6.67MB
"""


def test_without_wrk_the_load_rows_say_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load.shutil, "which", lambda _: None)
    rows = load.rows(quick=True)
    assert [r.met for r in rows] == [None, None]
    assert all("wrk" in r.now for r in rows)
    assert all(isinstance(r, Row) for r in rows)


def test_wrk_report_is_read() -> None:
    result = load.parse_wrk(WRK, "sciatica")
    assert result.requests_per_s == 682.5
    assert result.p50_ms == 12.5 and result.p99_ms == 1200.0
    assert result.requests == 2048 and result.errors == 7


def test_the_rows_compare_each_round_with_its_floor() -> None:
    def result(rps: float, p99: float) -> Any:
        return load.Result("x", rps, p99 / 2, p99, 1000, 0, server_cpu_ms=1000 / rps)

    # per round: 70 % and 60 % of the floor's requests/s, p99 1.5x and 2.5x the floor's
    rounds = [(result(1000, 10), result(700, 15)), (result(500, 20), result(300, 50))]
    row = load.floor_row(rounds)
    assert row.now.startswith("65% rps, p99 2.0x (500 vs 750 req/s; p99 32 vs 15 ms; CPU")
    assert row.met is True
    rounds[0] = (result(1000, 10), result(500, 30))  # 50 % and p99 3x in that round
    assert load.floor_row(rounds).met is False
    assert load.workers_row(rounds).now.startswith("0.55x rps (400 vs 750 req/s")
    assert load.workers_row(rounds).met is False


def test_the_cli_command_is_this_python_s_sciatica() -> None:
    command = cli.command()
    assert command[0].endswith("sciatica") or command[-1] == "sciatica.cli.main"
