"""knowledge/parsed.json, the YAML documents already parsed (issue 16: `sciatica assess` start-up),
is used only while it was made from the very texts of the YAML files, and is kept current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import sciatica.knowledge as knowledge
from sciatica.errors import KnowledgeError
from sciatica.knowledge import (
    FILES,
    OTHER_PARSED,
    PARSED,
    _documents,
    _read,
    checked_documents,
    load_knowledge,
    parse_knowledge,
)
from sciatica.knowledge.writer import parsed_json
from sciatica.thresholds import T, as_constants, threshold_entries

FOLDER = Path(knowledge.__file__).parent


def test_parsed_json_is_current() -> None:
    assert (FOLDER / PARSED).read_text("utf-8") == parsed_json(), (
        "the knowledge YAML changed: run `python scripts/parse_knowledge.py` and commit "
        "src/sciatica/knowledge/parsed.json (until then the YAML is parsed at every start)"
    )


def test_the_parsed_documents_are_the_yaml_documents() -> None:
    assert _documents() == {name: _read(name) for name in FILES}


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The knowledge folder copied, parsed.json with it, and read from there."""
    for name in FILES + OTHER_PARSED:
        shutil.copy(FOLDER / f"{name}.yaml", tmp_path)
    shutil.copy(FOLDER / PARSED, tmp_path)
    monkeypatch.setattr(knowledge, "DATA", tmp_path)
    return tmp_path


def test_an_edited_yaml_file_is_read_and_not_the_stale_parse(copy: Path) -> None:
    meta = copy / "meta.yaml"
    meta.write_text(meta.read_text("utf-8").replace("spec:", "spec: edited\nold_spec:", 1))
    assert "old_spec" in _documents()["meta"]
    # the edited file is checked as always: the stale parse does not hide the unknown key
    with pytest.raises(KnowledgeError, match=r"knowledge/meta\.yaml: old_spec: unknown key"):
        knowledge.parse_knowledge(_documents())


@pytest.mark.parametrize("content", ["", "not json", '{"digest": "0", "documents": {}}', "[]"])
def test_a_missing_or_broken_parse_falls_back_to_the_yaml(copy: Path, content: str) -> None:
    (copy / PARSED).write_text(content)
    assert _documents() == {name: _read(name) for name in FILES}
    (copy / PARSED).unlink()
    assert _documents() == {name: _read(name) for name in FILES}


def test_a_value_json_cannot_carry_is_refused(copy: Path) -> None:
    meta = copy / "meta.yaml"
    meta.write_text(meta.read_text("utf-8") + "when: 2026-12-07\n")
    with pytest.raises(KnowledgeError, match="JSON cannot hold"):
        parsed_json()
    meta.write_text(meta.read_text("utf-8").replace("when: 2026-12-07\n", "1: one\n"))
    with pytest.raises(KnowledgeError, match="unchanged"):
        parsed_json()
    assert json.loads((copy / PARSED).read_text("utf-8"))["digest"]  # left as it was


def same(built: Any, validated: Any, where: str = "knowledge") -> None:
    """Equal, and of the same types all the way down (1 == 1.0 and True == 1 in Python), with
    the same fields set and in the same order."""
    assert type(built) is type(validated), where
    if isinstance(built, BaseModel):
        assert built.model_fields_set == validated.model_fields_set, where
        assert list(built.__dict__) == list(validated.__dict__), where
        for name in built.__dict__:
            same(built.__dict__[name], validated.__dict__[name], f"{where}.{name}")
    elif isinstance(built, list):
        assert len(built) == len(validated), where
        for i, (b, v) in enumerate(zip(built, validated, strict=True)):
            same(b, v, f"{where}.{i}")
    elif isinstance(built, dict):
        assert list(built) == list(validated), where
        for key in built:
            same(built[key], validated[key], f"{where}.{key}")
    else:
        assert built == validated, where


def test_the_checked_parse_builds_the_knowledge_base_validation_builds() -> None:
    """While parsed.json is current, `load_knowledge` builds the models without validating them
    again (they were checked when the file was written): the very models validation builds."""
    assert checked_documents() is not None, "parsed.json is stale: the YAML is read instead"
    same(load_knowledge.__wrapped__(), parse_knowledge(_documents()))


def test_the_thresholds_from_the_checked_parse_are_the_validated_ones() -> None:
    validated = as_constants(threshold_entries())
    assert validated == T
    for name in T.__slots__:
        same(getattr(T, name), getattr(validated, name), name)


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "meta",
            "spec:",
            "spec: edited\nold_spec:",
            r"knowledge/meta\.yaml: old_spec: unknown key",
        ),
        ("thresholds", "value: ", "value: -", r"knowledge/thresholds\.yaml: \w+\.value"),
    ],
)
def test_parsed_json_is_written_only_from_a_knowledge_base_that_passes_the_checks(
    copy: Path, name: str, old: str, new: str, message: str
) -> None:
    path = copy / f"{name}.yaml"
    path.write_text(path.read_text("utf-8").replace(old, new, 1))
    with pytest.raises(KnowledgeError, match=message):
        parsed_json()
