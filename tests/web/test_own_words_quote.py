"""The words quoted back beside each answer read from a description keep the writer's spacing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

pytest.importorskip("fastapi")

from sciatica.web.api.text import own_words


@dataclass
class _Span:
    field: str
    start: int
    end: int


@dataclass
class _Extraction:
    spans: list[_Span]


def test_a_phrase_before_a_comma_is_quoted_without_a_space_before_the_comma() -> None:
    text = (
        "Sciatica down my right leg for ten days now. Wee-wise and number twos all normal, "
        "nothing numb anywhere, legs strong, I can walk on my heels and on my tiptoes."
    )
    start = text.index("Wee-wise")
    end = text.index(", nothing")
    words = own_words(
        text, _Extraction([_Span("symptoms.bladder", start, end)]), {"symptoms.bladder": "normal"}
    )
    quoted = words["symptoms.bladder"]
    assert "normal, nothing" in quoted, quoted
    assert " ," not in quoted, quoted
    assert quoted.startswith("…") and quoted.endswith("…")


def test_a_phrase_inside_words_keeps_the_spaces_around_it() -> None:
    text = (
        "I have had a very long story to tell you about my leg and the pain that goes down it "
        "into my foot every day."
    )
    start = text.index("pain that goes")
    end = start + len("pain that goes down it")
    words = own_words(
        text, _Extraction([_Span("symptoms.leg_pain", start, end)]), {"symptoms.leg_pain": "left"}
    )
    assert "the pain that goes down it into" in words["symptoms.leg_pain"]
