"""`python -m sciatica.text.evaluate --posts`: real posts scored per set, split into a tune part and a
held-out part, without ever printing a post's words. The posts here are this project's own writing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.text.evaluate import _gold, held_out, main, score_posts

POSTS: list[dict[str, Any]] = [
    {  # emergency read, range urgent..emergency: safe and in range
        "id": "X-drag",
        "text": "my left foot drags since tuesday and i cant feel the toilet paper when i wipe",
        "ideal_level": "emergency",
        "min_level": "urgent",
        "max_level": "emergency",
        "key_findings": {"foot_drop": "left", "saddle_numbness": True},
    },
    {  # pain only (self_care), annotated as needing urgent: under-triaged on purpose
        "id": "X-pain",
        "text": "Sciatica down my right leg for three weeks, nothing else to report.",
        "ideal_level": "urgent",
        "min_level": "urgent",
        "max_level": "emergency",
        "key_findings": {
            "symptoms.leg_pain": "right (buttock to calf)",
            "symptoms.weakness": "none stated",
        },
    },
    {  # weakness read (urgent) where the annotation allows routine at most: over-triaged
        "id": "X-weak",
        "text": "My leg feels weak after the long walk yesterday, side not sure.",
        "ideal_level": "routine",
        "min_level": "self_care",
        "max_level": "routine",
        "key_findings": {"symptoms.weakness": "side not stated"},
    },
]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_counts_levels_and_fields() -> None:
    s = score_posts("mine", POSTS)
    assert s.n == 3
    assert s.safe == 2  # X-pain is below its min_level
    assert s.in_range == 1  # X-drag only
    assert s.over == 1  # X-weak
    assert s.confusion[("emergency", "emergency")] == 1
    assert s.confusion[("urgent", "self_care")] == 1
    # short field names (seed004) are read with their section
    assert s.fields.tp["symptoms.foot_drop"] == 1
    assert s.fields.tp["symptoms.saddle_numbness"] == 1
    assert s.fields.tp["symptoms.leg_pain"] == 1  # "right (buttock to calf)" is right
    assert s.fields.tp["symptoms.weakness"] == 1  # "side not stated" is "unspecified"


def test_annotations_are_read_conservatively() -> None:
    assert _gold("left (hip to knee)") == ("value", "left")
    assert _gold("side not stated, excruciating") == ("value", "unspecified")
    assert _gold("none stated") == ("absent", None)
    assert _gold("both? ('down my legs')") == ("skip", None)
    assert _gold(True) == ("value", True)
    assert _gold(17) == ("value", 17)


def test_the_split_is_stable_and_about_one_third() -> None:
    ids = [f"P{n:03d}" for n in range(300)]
    out = [i for i in ids if held_out(i)]
    assert 70 <= len(out) <= 130
    assert out == [i for i in reversed(ids) if held_out(i)][::-1]  # order does not matter


def test_the_report_never_prints_a_post(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    more = [dict(p, id=f"{p['id']}-{n}") for n in range(4) for p in POSTS]
    posts = _write(tmp_path / "posts.jsonl", more)
    assert main(["--posts", str(posts), "--misses"]) == 0
    out = capsys.readouterr().out
    assert "posts.jsonl tune" in out and "posts.jsonl held-out" in out
    assert "safe" in out and "in range" in out and "over-triaged" in out
    for p in more:
        assert p["text"] not in out
        for word in ("toilet", "walk", "nothing else"):
            assert word not in out
    held = [p["id"] for p in more if held_out(p["id"])]
    assert held and all(f"  {i}: read" in out for i in held)


def test_absent_posts_say_so_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--posts", str(tmp_path / "real-posts" / "dev.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "the real posts are not here" in err
    assert "Traceback" not in err
