"""Outcome scores: pure functions."""

from __future__ import annotations

import pytest

from sciatica.records import scores
from sciatica.records.scores import ScoreError


def test_nprs() -> None:
    assert scores.nprs({"leg": 7, "back": 2}) == {"leg": 7, "back": 2}
    assert scores.nprs({"leg": 0}) == {"leg": 0}
    for bad in ({}, {"leg": 11}, {"back": -1}, {"leg": True}, {"leg": "5"}):
        with pytest.raises(ScoreError):
            scores.nprs(bad)


def test_sbi_total_0_to_24() -> None:
    items = scores.SBI_ITEMS
    assert scores.sbi(dict.fromkeys(items, 0))["total"] == 0
    assert scores.sbi(dict.fromkeys(items, 6))["total"] == 24
    assert scores.sbi(dict(zip(items, (1, 2, 3, 4), strict=True)))["total"] == 10
    with pytest.raises(ScoreError, match="weakness"):
        scores.sbi({"leg_pain": 1, "numbness_tingling": 1, "back_or_leg_pain_sitting": 1})
    with pytest.raises(ScoreError):
        scores.sbi(dict.fromkeys(items, 7))


def _startback(first_four: int, distress: tuple[int, int, int, int], bother: int) -> dict[str, int]:
    values = [1] * first_four + [0] * (4 - first_four) + list(distress) + [bother]
    return dict(zip(scores.STARTBACK_ITEMS, values, strict=True))


@pytest.mark.parametrize(
    ("answers", "total", "distress", "risk"),
    [
        (_startback(0, (0, 0, 0, 0), 0), 0, 0, "low"),
        (_startback(3, (0, 0, 0, 0), 2), 3, 0, "low"),  # bothersomeness 'moderately' scores 0
        (_startback(3, (0, 0, 0, 0), 3), 4, 1, "medium"),  # 'very much' scores 1
        (_startback(4, (1, 1, 1, 0), 0), 7, 3, "medium"),
        (_startback(0, (1, 1, 1, 0), 4), 4, 4, "high"),
        (_startback(4, (1, 1, 1, 1), 4), 9, 5, "high"),
    ],
)
def test_startback(answers: dict[str, int], total: int, distress: int, risk: str) -> None:
    result = scores.startback(answers)
    assert (result["total"], result["distress"], result["risk"]) == (total, distress, risk)
    assert result["notice"] == scores.KEELE_NOTICE


def test_keele_notice_is_keeles_own_statement() -> None:
    notice = scores.KEELE_NOTICE
    assert notice.startswith("The copyright (©2007) of the STarT Back Screening Tool")
    assert "owned by Keele University" in notice and "Arthritis Research UK" in notice
    assert "designed for use by health care practitioners" in notice
    assert notice.endswith("not intended to recommend the use of any particular product.")


def test_startback_refuses_out_of_range() -> None:
    with pytest.raises(ScoreError):
        scores.startback(_startback(0, (0, 0, 0, 2), 0))
    with pytest.raises(ScoreError):
        scores.startback(_startback(0, (0, 0, 0, 0), 5))


def test_odi_full_and_missing_sections() -> None:
    sections = scores.ODI_SECTIONS
    assert scores.odi(dict.fromkeys(sections, 0))["percent"] == 0
    assert scores.odi(dict.fromkeys(sections, 5))["percent"] == 100
    assert scores.odi(dict.fromkeys(sections, 2))["percent"] == 40
    one_missing = {**dict.fromkeys(sections, 3), "sex_life": None}
    assert scores.odi(one_missing) == {"percent": 60.0, "sections_answered": 9}  # 27 / 45
    two_missing = {s: 1 for s in sections[:8]}
    assert scores.odi(two_missing) == {"percent": 20.0, "sections_answered": 8}
    with pytest.raises(ScoreError, match="at least 8"):
        scores.odi({s: 1 for s in sections[:7]})
    with pytest.raises(ScoreError, match="not an ODI section"):
        scores.odi({**dict.fromkeys(sections, 1), "question_1": 2})


def test_score_dispatch() -> None:
    assert scores.score("nprs", {"leg": 3}) == {"leg": 3}
    with pytest.raises(ScoreError):
        scores.score("roland", {})
