"""The annotated evaluation set (tests/text/eval/set.jsonl): red-flag recall must be 1.0."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from sciatica.text.evaluate import load, report, score

SET = Path(__file__).parent / "eval" / "set.jsonl"


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    return load(SET)


def test_the_set_is_big_and_varied(records: list[dict[str, object]]) -> None:
    assert len(records) >= 200
    assert sum(r["lang"] == "fr" for r in records) >= 30
    assert len({r["id"] for r in records}) == len(records)
    levels = {r["gold_level"] for r in records}
    assert {"emergency", "urgent"} <= levels


def test_red_flag_recall_is_one_and_the_extractor_beats_the_baseline(
    records: list[dict[str, object]],
) -> None:
    full = score(records, "full")  # type: ignore[arg-type]
    base = score(records, "baseline")  # type: ignore[arg-type]
    assert full.red_flags > 100
    assert full.red_flag_recall == 1.0, full.misses
    assert full.under_triage == 0
    assert full.prf()[2] > base.prf()[2]
    out = io.StringIO()
    report(records, full, base, out)  # type: ignore[arg-type]
    assert "triage agreement" in out.getvalue()
    assert "levels, ideal (rows) by read (columns)" in out.getvalue()
    assert f"under-triaged 0; over-triaged {full.over_triage}" in out.getvalue()
