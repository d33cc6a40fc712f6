"""The patterns and predicates a self-check skips (mimics.EXAM_ONLY_*) find nothing without an
examination, whatever else the case says: skipping them cannot change an assessment."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from sciatica.facts import Facts
from sciatica.mimics import EXAM_ONLY_PATTERNS, PATTERNS
from sciatica.predicates import EXAM_ONLY_PREDICATES, NEEDS, PREDICATES
from sciatica.validation import parse_case
from tests.strategies import cases


def test_the_names_are_known() -> None:
    assert PATTERNS.keys() >= EXAM_ONLY_PATTERNS
    assert PREDICATES.keys() >= EXAM_ONLY_PREDICATES
    assert PREDICATES.keys() >= NEEDS.keys()


@given(cases())
def test_without_an_exam_they_find_nothing(case: dict[str, Any]) -> None:
    case = {k: v for k, v in case.items() if k != "exam"}
    facts = Facts(parse_case(case))
    assert not facts.has_exam
    for condition in EXAM_ONLY_PATTERNS:
        assert not PATTERNS[condition](facts), condition
    for name in EXAM_ONLY_PREDICATES:
        assert PREDICATES[name](facts) == [], name


@given(cases())
def test_without_their_flag_they_find_nothing(case: dict[str, Any]) -> None:
    """The mimics skip a listing predicate whose flag (predicates.NEEDS) is false: it must then
    find nothing, whatever the case."""
    facts = Facts(parse_case(case))
    for name, flag in NEEDS.items():
        if not getattr(facts, flag):
            assert PREDICATES[name](facts) == [], name
