"""The phrase-first rule matcher (issue 16) finds exactly what medspaCy's own matcher finds, in the
same order, for the target rules and the ConText cues of both languages, on every text of the
project's test sets and the benchmark's generated notes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("medspacy")

from medspacy.common.medspacy_matcher import MedspacyMatcher

from sciatica.text.pipeline import ContextMatches, RuleMatcher, phrases_of, pipeline

HERE = Path(__file__).parent
SETS = ["eval/set.jsonl", "clinic_notes.jsonl", "clinic_notes_x.jsonl", "fresh_posts_unseen.jsonl"]


def texts() -> list[str]:
    out: list[str] = []
    for name in SETS:
        with (HERE / name).open(encoding="utf-8") as f:
            out.extend(json.loads(line)["text"] for line in f if line.strip())
    return out


def medspacy_matches(matcher: Any, doc: Any) -> list[tuple[int, int, int]]:
    """(rule number, start, end) from medspaCy's matcher, its rule ids being CATEGORY_NUMBER."""
    strings = doc.vocab.strings
    return [(int(strings[k].rsplit("_", 1)[1]), s, e) for k, s, e in matcher(doc)]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("prune", [True, False])
def test_target_rules_match_alike(lang: str, prune: bool) -> None:
    p = pipeline(lang)
    ours = p.nlp.get_pipe("sciatica_target_matcher")
    theirs = MedspacyMatcher(p.nlp, prune=prune)
    theirs.add(ours.rules)
    for text in texts():
        doc = p.make_doc(text)
        want = medspacy_matches(theirs, doc)
        got = ours.matcher(doc, prune=prune)
        if prune:
            assert got == want, text
        else:  # unpruned, medspaCy gives spaCy's raw order: the same matches
            assert sorted(got) == sorted(want), text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_context_cues_match_alike(lang: str) -> None:
    p = pipeline(lang)
    context = p.nlp.get_pipe("medspacy_context")
    ours = context._ConText__matcher
    assert isinstance(ours, ContextMatches)
    for text in texts():
        doc = p.make_doc(text)
        assert ours(doc) == ours.original(doc), text


def test_phrases_of() -> None:
    side = {"NORM": {"IN": ["left", "right"]}, "OP": "?"}
    assert phrases_of([{"NORM": "pain"}, side, {"NORM": "leg"}]) == [
        ("pain", "left", "leg"),
        ("pain", "right", "leg"),
        ("pain", "leg"),
    ]
    assert phrases_of([{"NORM": "can"}, {"OP": "{,2}"}, {"NORM": "leg"}]) is None
    assert phrases_of([{"NORM": "leg", "IS_PUNCT": False}]) is None
    assert phrases_of([side]) is None  # a pattern that may match nothing
    assert RuleMatcher  # the class the pipelines use
