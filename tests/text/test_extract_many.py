"""`extract_many` (issue 16) reads each text exactly as `extract` does: the batch path is only faster,
never different. Checked on every text the project holds: the annotated set, the clinic notes, the
fresh posts, the benchmark's generated notes and every sentence written in the text tests."""

from __future__ import annotations

import ast
import json
import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from sciatica.text.extract import extract, extract_many

HERE = Path(__file__).parent
SETS = [
    HERE / "eval" / "set.jsonl",
    HERE / "clinic_notes.jsonl",
    HERE / "clinic_notes_x.jsonl",
    HERE / "fresh_posts_looked_at.jsonl",
    HERE / "fresh_posts_unseen.jsonl",
]
TODAY = date(2026, 3, 12)


def fixture_texts() -> list[str]:
    out: list[str] = []
    for path in SETS:
        with path.open(encoding="utf-8") as f:
            out.extend(json.loads(line)["text"] for line in f if line.strip())
    return out


def sentences_of_the_tests() -> list[str]:
    """Every string of the text tests that holds a space: the sentences the tests read (and some
    that are not sentences at all, which must be read alike too)."""
    out: list[str] = []
    for path in sorted(HERE.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
                out.append(node.value)
    return out


def generated_texts() -> list[str]:
    sys.path.insert(0, str(HERE.parents[1] / "benchmarks"))
    try:
        from text import generate  # type: ignore[import-not-found, unused-ignore]
    finally:
        sys.path.pop(0)
    texts: list[str] = generate(300)
    return texts


def same(texts: list[str], **kw: object) -> None:
    batch = extract_many(texts, today=TODAY, **kw)  # type: ignore[arg-type]
    assert len(batch) == len(texts)
    for text, got in zip(texts, batch, strict=True):
        assert got.to_json() == extract(text, today=TODAY, **kw).to_json(), text  # type: ignore[arg-type]


def test_fixture_sets_read_alike() -> None:
    same(fixture_texts())


def test_test_sentences_read_alike() -> None:
    same(sentences_of_the_tests())


def test_generated_notes_read_alike() -> None:
    same(generated_texts())


def test_given_language_and_baseline_read_alike() -> None:
    texts = fixture_texts()[:120]
    same(texts, lang="fr")
    same(texts, lang="en", variant="baseline")
    same(texts, country="FR")


def test_annotated_set_with_its_own_dates_and_languages() -> None:
    with SETS[0].open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    for rec in records[:60]:
        when = date.fromisoformat(rec["today"])
        [got] = extract_many([rec["text"]], today=when, lang=rec["lang"])
        assert got.to_json() == extract(rec["text"], today=when, lang=rec["lang"]).to_json()


def test_empty_batch_and_odd_texts() -> None:
    assert extract_many([]) == []
    odd = ["", " ", "\n\n", "…", "🙂 leg pain 🙂", "a" * 5000, "L" * 3, "Pas de fièvre.\u00a0Jambe"]
    same(odd)
