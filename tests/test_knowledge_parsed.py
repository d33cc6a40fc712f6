"""knowledge/parsed.json, the YAML documents already parsed (issue 16: `sciatica assess` start-up),
is used only while it was made from the very texts of the YAML files, and is kept current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import sciatica.knowledge as knowledge
from sciatica.errors import KnowledgeError
from sciatica.knowledge import FILES, PARSED, _documents, _read, parsed_json

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
    for name in FILES:
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
