"""The patterns and predicates a self-check skips (mimics.EXAM_ONLY_*) find nothing without an
examination, whatever else the case says: skipping them cannot change an assessment."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from sciatica.facts import Facts
from sciatica.mimics import EXAM_ONLY_PATTERNS, PATTERNS
from sciatica.predicates import EXAM_ONLY_PREDICATES, PREDICATES
from sciatica.validation import parse_case
from tests.strategies import cases


def test_the_names_are_known() -> None:
    assert PATTERNS.keys() >= EXAM_ONLY_PATTERNS
    assert PREDICATES.keys() >= EXAM_ONLY_PREDICATES


@given(cases())
def test_without_an_exam_they_find_nothing(case: dict[str, Any]) -> None:
    case = {k: v for k, v in case.items() if k != "exam"}
    facts = Facts(parse_case(case))
    assert not facts.has_exam
    for condition in EXAM_ONLY_PATTERNS:
        assert not PATTERNS[condition](facts), condition
    for name in EXAM_ONLY_PREDICATES:
        assert PREDICATES[name](facts) == [], name
