"""The API's one-pass reading of a case (web/api/case_body.py) against the slow way it skips.

`valid_case` may only answer a case that `parse_case(parse_json(body))` reads the same, every
field set alike; anything else must be left to the slow way (None), whose refusal is documented.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from sciatica.case import Case
from sciatica.errors import InvalidCase
from sciatica.validation import MAX_NUMBER_DIGITS, parse_case, parse_json
from sciatica.web.api.case_body import valid_case
from tests.strategies import cases


def slow(body: bytes) -> Case | None:
    try:
        return parse_case(parse_json(body))
    except InvalidCase:
        return None


def assert_read_alike(body: bytes) -> Case | None:
    fast = valid_case(body)
    if fast is not None:
        read = slow(body)
        assert read is not None, body[:200]
        assert fast == read, body[:200]
        # `==` leaves out which fields were given; the engine tells absent from null by them
        assert fast.model_dump(exclude_unset=True) == read.model_dump(exclude_unset=True)
    return fast


ODD_VALUES = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.integers(min_value=-2, max_value=7).map(float),  # 3.0: an integer to the slow way
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["\ud800", "\udc00", "\ud83d\ude00", "\x00", "\n", "é", "'left'", "FR"]),
    st.booleans(),
    st.none(),
    st.lists(st.sampled_from(["symptoms.bladder", "history.fever", 1, None]), max_size=3),
    st.dictionaries(st.sampled_from(["left", "right", "saddle", "x"]), st.integers(0, 6)),
)
LITERALS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "01",
    "1e1",
    "3.0",
    "-0",
    "1" * (MAX_NUMBER_DIGITS + 1),
    "-1." + "0" * 25 + "e-" + "0" * 10,  # no digit run too long, the literal is
    "[" * 70 + "]" * 70,
]


def _paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            out.extend(_paths(child, (*prefix, key)))
    return out


def _set(node: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


@given(cases(), st.randoms(use_true_random=False), ODD_VALUES, st.sampled_from(LITERALS))
def test_a_body_is_read_as_the_slow_way_reads_it(
    case: dict[str, Any], rng: random.Random, odd: Any, literal: str
) -> None:
    plain = json.dumps(case).encode()
    assert assert_read_alike(plain) is not None  # a valid case is read the fast way
    paths = _paths(case)
    mutated = json.loads(json.dumps(case))
    if paths:
        _set(mutated, rng.choice(paths), odd)
    else:
        mutated[rng.choice(["patient", "id", "x"])] = odd
    for ensure_ascii in (True, False):
        text = json.dumps(
            mutated, ensure_ascii=ensure_ascii, separators=rng.choice([(",", ":"), (", ", ": ")])
        )
        assert_read_alike(text.encode("utf-8", "surrogatepass"))
    # a number written otherwise, a key given twice (the last one counts for both)
    text = json.dumps(case)
    numbers = [i for i, c in enumerate(text) if c.isdigit() and not text[i - 1].isdigit()]
    if numbers:
        at = rng.choice(numbers)
        end = at
        while end < len(text) and text[end].isdigit():
            end += 1
        assert_read_alike((text[:at] + literal + text[end:]).encode())
    if case:
        key = rng.choice(sorted(case))
        for first in (json.dumps(odd), literal):  # the first of two is dropped by both ways
            twice = f'{{"{key}": {first}, ' + text[1:]
            assert_read_alike(twice.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize(
    "body",
    [
        b'{"patient":{"age":3.0}}',
        b'{"patient":{"age":01}}',
        b'{"patient":{"age":NaN}}',
        b'{"id":"\\ud800"}',
        b'{"id":"a\nb"}',
        b'{"id":"\xff"}',
        b"\xef\xbb\xbf{}",
        '{"id":"x"}'.encode("utf-16"),
        b'{"patient":{"age":"x","age":4}}',
        b'{"patient":{"age":4,"age":"x"}}',
        b'{"resourceType":"Bundle"}',
        b"[]",
        b"null",
        b"",
        b'{"id":"x"} x',
    ],
)
def test_odd_bodies_are_read_alike_or_left_to_the_slow_way(body: bytes) -> None:
    assert_read_alike(body)


def test_every_integer_of_the_contract_is_bounded() -> None:
    """The slow way refuses a number of more than MAX_NUMBER_DIGITS digits wherever it is; the
    models refuse it only through the field's bounds. A new unbounded integer field would let
    `valid_case` accept what the slow way refuses: bound it (or read such bodies the slow way)."""

    def unbounded(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[str]:
        out = []
        seen.add(model)
        for name, info in model.model_fields.items():
            annotation = info.annotation
            args = getattr(annotation, "__args__", (annotation,))
            for arg in args:
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    if arg not in seen:
                        out += unbounded(arg, seen)
                elif arg is int:
                    bounds = [m for m in info.metadata if hasattr(m, "le") or hasattr(m, "lt")]
                    if not bounds:
                        out.append(f"{model.__name__}.{name}")
        return out

    assert unbounded(Case, set()) == []
