"""The text rules load through closed models: a typo in a key or a value is refused, naming the file
and the key (issue 11 part 3), never silently ignored."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from sciatica.errors import KnowledgeError
from sciatica.text.rules import load_categories, load_exam, load_modifiers, load_spelling


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    src = resources.files("sciatica.text").joinpath("rules")
    out = tmp_path / "rules"
    out.mkdir()
    for name in ("targets.yaml", "context.yaml", "spelling.yaml", "exam.yaml"):
        shutil.copyfile(str(src.joinpath(name)), out / name)
    return out


def _corrupt(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"the fixture expects {old!r} in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_copied_rules_load(rules_copy: Path) -> None:
    cats = load_categories(rules_copy)
    assert cats["SADDLE"].red_flag is True
    assert any(m.category == "RECURRENCE" for m in load_modifiers(rules_copy))
    assert load_spelling(rules_copy)["en"]["weekness"] == "weakness"


def test_a_misspelt_key_is_refused_naming_file_and_key(rules_copy: Path) -> None:
    _corrupt(rules_copy / "targets.yaml", "    red_flag: true", "    red_flg: true")
    with pytest.raises(KnowledgeError) as err:
        load_categories(rules_copy)
    message = str(err.value)
    assert "text/rules/targets.yaml" in message
    assert "red_flg" in message


def test_a_misspelt_direction_is_refused(rules_copy: Path) -> None:
    _corrupt(rules_copy / "context.yaml", "{direction: FORWARD", "{direction: FORWRAD")
    with pytest.raises(KnowledgeError) as err:
        load_modifiers(rules_copy)
    message = str(err.value)
    assert "text/rules/context.yaml" in message
    assert "rules.NEW_CLAUSE.0.direction" in message


@pytest.mark.parametrize(
    ("file", "old", "new", "key"),
    [
        ("targets.yaml", "    kind: side", "    kind: sided", "kind"),  # not a kind
        ("targets.yaml", "    field: symptoms.weakness", "    field: symptoms.weaknes", "field"),
        ("targets.yaml", '"foot drop", ', "no, ", "en"),  # YAML reads an unquoted no as false
        ("context.yaml", "  HYPOTHETICAL:", "  HYPOTHETICALLY:", "HYPOTHETICALLY"),
        ("context.yaml", "max_scope: 4,", "max_scope: 0,", "max_scope"),
        ("spelling.yaml", "en:", "english:", "english"),
    ],
)
def test_bad_values_are_refused(rules_copy: Path, file: str, old: str, new: str, key: str) -> None:
    _corrupt(rules_copy / file, old, new)
    with pytest.raises(KnowledgeError) as err:
        load_categories(rules_copy)
        load_modifiers(rules_copy)
        load_spelling(rules_copy)
    assert f"text/rules/{file}" in str(err.value)
    assert key in str(err.value)


def test_a_duplicated_key_is_refused_naming_the_file(rules_copy: Path) -> None:
    """A pasted duplicate would silently replace the first entry: the one strict YAML reader of
    packaged files (knowledge.schema.load_yaml) refuses it, as for the knowledge base."""
    _corrupt(
        rules_copy / "spelling.yaml", "  weekness: weakness", "  weekness: weakness\n  weekness: x"
    )
    with pytest.raises(KnowledgeError, match=r"text/rules/spelling\.yaml"):
        load_spelling(rules_copy)


def test_invalid_yaml_is_a_knowledge_error(rules_copy: Path) -> None:
    (rules_copy / "context.yaml").write_text("rules: [unclosed\n", "utf-8")
    with pytest.raises(KnowledgeError, match=r"text/rules/context\.yaml"):
        load_modifiers(rules_copy)


def test_the_exam_vocabulary_loads(rules_copy: Path) -> None:
    exam = load_exam(rules_copy)
    assert exam.roots["L5"].muscle == "great_toe_extension"
    assert exam.minus_grades[3] == 2
    assert "no" in exam.negation  # quoted: YAML would read a bare no as false


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("throughout: [", "througout: [", "througout"),  # a misspelt key
        ('negation: ["no",', "negation: [no,", "negation"),  # an unquoted no is a boolean
        ("  hip_flexion:\n", "  hip_flexon:\n", "muscles.hip_flexon"),  # not a case muscle
        ("  L2: {muscle: hip_flexion,", "  L1: {muscle: hip_flexion,", "L1"),  # not a root of §3
        ("  S1: {muscle: ankle_plantarflexion,", "  S1: {muscle: calf,", "roots.S1.muscle.calf"),
        ("  patellar:\n", "  knee:\n", "reflexes.knee"),
        ("  medial_leg: [", "  inner_leg: [", "areas.inner_leg"),
        ("{5: 4, 4: 4,", "{5: 6, 4: 4,", "minus_grades.5"),
        ("tension_positive_max_degrees: 70", "tension_positive_max_degrees: 170", "degrees"),
        ("  absent: [absent,", "  missing: [absent,", "missing"),  # not a kind of value
        ("  L3: {muscle:", "  L2: {muscle:", "duplicated key 'L2'"),  # a pasted duplicate
    ],
)
def test_a_bad_exam_vocabulary_is_refused(rules_copy: Path, old: str, new: str, key: str) -> None:
    _corrupt(rules_copy / "exam.yaml", old, new)
    with pytest.raises(KnowledgeError) as err:
        load_exam(rules_copy)
    assert "text/rules/exam.yaml" in str(err.value)
    assert key in str(err.value)
