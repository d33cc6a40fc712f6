"""A request body read into a `Case` in one pass when it is a valid case, as the slow way reads it.

`parse_case(parse_json(body))` builds Python objects with a hook per number, looks them over and
validates them again: most of a valid request's reading time (issue 16). pydantic validates the
JSON bytes directly in a fraction of it. The contract's models are strict and closed (strict
types, no extra key, every integer bounded), so what they accept from the bytes is what the slow
way accepts, with the same values (tests/web/test_case_body.py compares the two on many bodies).
Whatever they refuse, malformed JSON and FHIR included, goes the slow way, whose messages name
the field and the fix exactly as before: only a valid case is read faster.
"""

from __future__ import annotations

from pydantic import ValidationError

from ...case import Case
from ...validation import MAX_JSON_DEPTH, MAX_NUMBER_DIGITS


def valid_case(body: bytes) -> Case | None:
    """The case in `body` when it is a valid `sciatica-case/1`; None sends it the slow way."""
    if _may_differ(body):
        return None
    try:
        return Case.model_validate_json(body)
    except ValidationError:
        return None


# A key given twice keeps its last value in both ways, so a value the models never see can hold
# what only the slow way refuses: NaN or Infinity, a number of more than MAX_NUMBER_DIGITS digits,
# nesting deeper than MAX_JSON_DEPTH. One translation of the body marks number characters "1",
# the capitals that start NaN and Infinity "N", and opening brackets "{" (in strings too: a false
# alarm only costs the slow way), a fifth of the time regular expressions take.
_MARKS = bytes(
    ord("1") if chr(c) in "0123456789.eE+-" else ord("N") if chr(c) in "NI" else
    ord("{") if chr(c) in "{[" else ord(" ")
    for c in range(256)
)  # fmt: skip
_LONG_NUMBER = b"1" * (MAX_NUMBER_DIGITS + 1)  # an integer's digits, or a longer float literal


def _may_differ(body: bytes) -> bool:
    marks = body.translate(_MARKS)
    if b"N" in marks and (b"NaN" in body or b"Infinity" in body):
        return True
    return marks.count(b"{") > MAX_JSON_DEPTH or _LONG_NUMBER in marks
