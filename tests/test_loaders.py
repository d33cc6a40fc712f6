"""Every packaged data file loads strictly: a typo fails loading, naming the file and the key.

Each test corrupts a copy of the packaged files, points the real loader at the copy (its `DATA`
folder) and calls the loader itself, uncached: the knowledge base (`knowledge/*.yaml`), the web
strings (`web/strings.yaml`) and the FHIR tables (`fhir/codes.yaml`, `fhir/condition-map.yaml`). The
free-text rules (`text/rules/*.yaml`) and `knowledge/thresholds.yaml` have their own loaders and tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

import sciatica.knowledge as knowledge
from sciatica import clinical_words
from sciatica.errors import KnowledgeError, SciaticaError
from sciatica.knowledge.schema import load_yaml
from sciatica.web import i18n

Loader = Callable[[], object]


def copy_of(package: str, tmp_path: Path) -> Path:
    """A writable copy of a package's data folder."""
    folder = tmp_path / package.replace(".", "_")
    with resources.as_file(resources.files(package)) as source:
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def edit(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def at(data: Any, where: tuple[str | int, ...]) -> Any:
    for part in where:
        data = data[part]
    return data


def refused(loader: Loader, *expected: str) -> str:
    """The loader's error, checked to be a KnowledgeError naming every `expected` text."""
    with pytest.raises(KnowledgeError) as caught:
        loader()
    message = str(caught.value)
    assert isinstance(caught.value, SciaticaError)  # in the project's error tree
    for text in expected:
        assert text in message, f"{text!r} not named in:\n{message}"
    return message


# ---- the knowledge base -------------------------------------------------------------------------

# For each knowledge file, a closed mapping inside it (its path in the YAML) to corrupt.
KNOWLEDGE_MAPPINGS: dict[str, tuple[str | int, ...]] = {
    "meta": (),
    "sources": (0,),
    "rules": (0,),
    "roots": ("weights",),
    "mimics": (0,),
    "next_steps": (0, "when"),
    "escalation": (0,),
    "never": (0,),
    "countries": (0, "actions"),
    "safety_net": (0,),
    "while_waiting": (0,),
    "questions": (0,),
    "self_check": (),
    "interpretations": (0,),
    "labels": ("level.emergency",),
}


@pytest.fixture
def knowledge_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = copy_of("sciatica.knowledge", tmp_path)
    monkeypatch.setattr(knowledge, "DATA", folder)
    return folder


def load_knowledge_uncached() -> object:
    return knowledge.load_knowledge.__wrapped__()


def test_every_knowledge_file_has_a_corruption_test() -> None:
    assert set(knowledge.FILES) <= set(KNOWLEDGE_MAPPINGS), "add the new file to the table"


def test_the_unchanged_copy_loads(knowledge_copy: Path) -> None:
    """The control: the copy itself loads, so the failures below come from the corruption."""
    assert load_knowledge_uncached() == knowledge.load_knowledge()


def key_path(where: tuple[str | int, ...], key: str) -> str:
    return ".".join(str(p) for p in (*where, key))


@pytest.mark.parametrize("name", sorted(KNOWLEDGE_MAPPINGS))
def test_an_unknown_key_in_a_knowledge_file_is_named(knowledge_copy: Path, name: str) -> None:
    where = KNOWLEDGE_MAPPINGS[name]
    edit(knowledge_copy / f"{name}.yaml", lambda data: at(data, where).update(typo_key=1))
    refused(load_knowledge_uncached, f"knowledge/{name}.yaml: {key_path(where, 'typo_key')}: ")


@pytest.mark.parametrize("name", sorted(KNOWLEDGE_MAPPINGS))
def test_a_bad_value_in_a_knowledge_file_is_named(knowledge_copy: Path, name: str) -> None:
    """A number where text is due (a YAML slip such as an unquoted 112): the schema is strict,
    so nothing is coerced."""
    where = KNOWLEDGE_MAPPINGS[name]
    path = knowledge_copy / f"{name}.yaml"
    mapping = at(yaml.safe_load(path.read_text("utf-8")), where)
    texts = [k for k, v in mapping.items() if isinstance(v, str)]
    # A text field gets a number; a file of lists and numbers gets a word in its first field.
    key, bad = (texts[0], 12345) if texts else (next(iter(mapping)), "oops")
    edit(path, lambda data: at(data, where).update({key: bad}))
    refused(load_knowledge_uncached, f"knowledge/{name}.yaml: {key_path(where, key)}: ")


def test_a_message_names_the_entry_not_only_its_position(knowledge_copy: Path) -> None:
    rules = yaml.safe_load((knowledge_copy / "rules.yaml").read_text("utf-8"))
    third = rules[2]["id"]
    edit(knowledge_copy / "rules.yaml", lambda data: data[2].update(red_flg=True))
    refused(
        load_knowledge_uncached, "knowledge/rules.yaml: 2.red_flg: unknown key", f"(in {third})"
    )


def test_a_bad_enum_value_is_named(knowledge_copy: Path) -> None:
    edit(knowledge_copy / "questions.yaml", lambda data: data[0].update(max_level="urgnet"))
    refused(load_knowledge_uncached, "knowledge/questions.yaml: 0.max_level")


def test_a_duplicated_key_in_a_knowledge_file_is_refused(knowledge_copy: Path) -> None:
    """Plain YAML keeps the last of two equal keys without a word; the loader refuses them."""
    path = knowledge_copy / "meta.yaml"
    path.write_text(path.read_text("utf-8") + "\nreviewed_by_clinician: true\n", "utf-8")
    refused(
        load_knowledge_uncached, "knowledge/meta.yaml", "duplicated key 'reviewed_by_clinician'"
    )


def test_invalid_yaml_names_the_file(knowledge_copy: Path) -> None:
    (knowledge_copy / "never.yaml").write_text("- id: [unclosed\n", "utf-8")
    refused(load_knowledge_uncached, "knowledge/never.yaml: not valid YAML")


def test_a_duplicated_nested_key_is_refused() -> None:
    text = "a:\n  b: 1\n  c: 2\n  b: 3\n"
    with pytest.raises(KnowledgeError, match=r"x\.yaml: not valid YAML.*duplicated key 'b'"):
        load_yaml(text, "x.yaml")
    assert load_yaml("a: {b: 1}\nc: [1, 1]\n", "x.yaml") == {"a": {"b": 1}, "c": [1, 1]}


# ---- the web strings ----------------------------------------------------------------------------


@pytest.fixture
def strings_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "web"
    folder.mkdir()
    source = resources.files("sciatica.web").joinpath("strings.yaml")
    (folder / "strings.yaml").write_text(source.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(i18n, "DATA", folder)
    return folder / "strings.yaml"


def load_strings_uncached() -> object:
    return i18n.strings.__wrapped__()


def test_the_unchanged_strings_load(strings_copy: Path) -> None:
    assert load_strings_uncached() == i18n.strings()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["app_name"].update(de="Ischias"),
            "web/strings.yaml: app_name.de: unknown key",
        ),
        (lambda d: d["app_name"].pop("fr"), "web/strings.yaml: app_name.fr: Field required"),
        (lambda d: d["app_name"].update(fr=""), "web/strings.yaml: app_name.fr"),
        (lambda d: d["app_name"].update(en=7), "web/strings.yaml: app_name.en"),
        (lambda d: d.update({"Bad-key": {"en": "a", "fr": "b"}}), "web/strings.yaml: Bad-key"),
        (lambda d: d.update(app_name="Sciatica"), "web/strings.yaml: app_name"),
        (
            lambda d: d["err_status"].update(fr="Erreur {statut}"),
            "web/strings.yaml: err_status: Value error, the placeholders differ",
        ),
    ],
    ids=[
        "unknown-language",
        "missing-language",
        "empty-text",
        "number",
        "bad-key",
        "not-a-mapping",
        "placeholders",
    ],
)
def test_a_corrupted_string_is_named(
    strings_copy: Path, change: Callable[[Any], None], expected: str
) -> None:
    edit(strings_copy, change)
    refused(load_strings_uncached, expected)


def test_a_duplicated_string_key_is_refused(strings_copy: Path) -> None:
    """A pasted duplicate would silently replace the first text on every page."""
    text = strings_copy.read_text("utf-8") + '\napp_name: {en: "Other", fr: "Autre"}\n'
    strings_copy.write_text(text, "utf-8")
    refused(load_strings_uncached, "web/strings.yaml", "duplicated key 'app_name'")


# ---- the clinician register's words (core) ------------------------------------------------------


@pytest.fixture
def words_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    source = resources.files("sciatica.knowledge").joinpath("clinical_words.yaml")
    (folder / "clinical_words.yaml").write_text(source.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(clinical_words, "DATA", folder)
    return folder / "clinical_words.yaml"


def test_the_unchanged_clinical_words_load(words_copy: Path) -> None:
    assert clinical_words.catalogue.__wrapped__() == clinical_words.catalogue()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["cl_m_hip_flexion"].pop("fr"),
            "knowledge/clinical_words.yaml: cl_m_hip_flexion.fr: Field required",
        ),
        (
            lambda d: d["rec_fd_grade"].update(fr="{limb} : MRC {note}"),
            "knowledge/clinical_words.yaml: rec_fd_grade: Value error, the placeholders differ",
        ),
    ],
    ids=["missing-language", "placeholders"],
)
def test_a_corrupted_clinical_word_is_named(
    words_copy: Path, change: Callable[[Any], None], expected: str
) -> None:
    edit(words_copy, change)
    refused(clinical_words.catalogue.__wrapped__, expected)


def test_a_key_in_both_catalogues_is_refused(
    strings_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages read both files as one: a key in both would silently hide one of its texts."""
    text = strings_copy.read_text("utf-8") + '\ncl_m_hip_flexion: {en: "Hip", fr: "Hanche"}\n'
    strings_copy.write_text(text, "utf-8")
    refused(load_strings_uncached, "web/strings.yaml", "'cl_m_hip_flexion'")


# ---- the FHIR tables (the fhir extra) -----------------------------------------------------------


@pytest.fixture
def fhir_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pytest.importorskip("fhir.resources", reason="the fhir extra is not installed")
    from sciatica.fhir import codes

    folder = copy_of("sciatica.fhir", tmp_path)
    monkeypatch.setattr(codes, "DATA", folder)
    return folder


def load_codes_uncached() -> object:
    from sciatica.fhir import codes

    return codes.table.__wrapped__()


def load_map_uncached() -> object:
    from sciatica.fhir import concept_map

    return concept_map.map_file.__wrapped__()


def test_the_unchanged_fhir_tables_load(fhir_copy: Path) -> None:
    from sciatica.fhir import codes, concept_map

    assert load_codes_uncached() == codes.table()
    assert load_map_uncached() == concept_map.map_file()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(canonicl="x"), "fhir/codes.yaml: canonicl: unknown key"),
        (
            lambda d: d["pain_score"][0].update(label="probably"),
            "fhir/codes.yaml: pain_score.0.label",
        ),
        (lambda d: d["systems"].update(snomedct="x"), "fhir/codes.yaml: systems.snomedct"),
        (lambda d: d["pain_score"][0].update(code=12345), "fhir/codes.yaml: pain_score.0.code"),
    ],
    ids=["unknown-key", "bad-label", "unknown-system", "number-code"],
)
def test_a_corrupted_code_table_is_named(
    fhir_copy: Path, change: Callable[[Any], None], expected: str
) -> None:
    edit(fhir_copy / "codes.yaml", change)
    refused(load_codes_uncached, expected)


def first_map(data: dict[str, Any]) -> dict[str, Any]:
    maps: dict[str, dict[str, Any]] = data["maps"]
    return next(iter(maps.values()))


def test_a_corrupted_condition_map_is_named(fhir_copy: Path) -> None:
    path = fhir_copy / "condition-map.yaml"
    field = next(iter(yaml.safe_load(path.read_text("utf-8"))["maps"]))
    edit(path, lambda d: first_map(d)["codes"][0].update(sytem="snomed"))
    refused(load_map_uncached, f"fhir/condition-map.yaml: maps.{field}.codes.0.sytem: unknown key")


def test_a_bad_value_in_the_condition_map_is_named(fhir_copy: Path) -> None:
    path = fhir_copy / "condition-map.yaml"
    field = next(iter(yaml.safe_load(path.read_text("utf-8"))["maps"]))
    edit(path, lambda d: first_map(d).update(counts="sometimes"))
    refused(load_map_uncached, f"fhir/condition-map.yaml: maps.{field}.counts")


def test_a_duplicated_key_in_a_fhir_table_is_refused(fhir_copy: Path) -> None:
    path = fhir_copy / "codes.yaml"
    path.write_text(path.read_text("utf-8") + "\ncanonical: https://example.org/x\n", "utf-8")
    refused(load_codes_uncached, "fhir/codes.yaml", "duplicated key 'canonical'")


def test_every_packaged_yaml_file_has_a_strict_loader() -> None:
    """A new data file must be added to a loader (and to this module's tests)."""
    packaged = {
        str(Path(str(p)).relative_to(Path(str(resources.files("sciatica")))))
        for folder in ("knowledge", "web", "fhir")
        for p in resources.files("sciatica").joinpath(folder).iterdir()
        if p.name.endswith(".yaml")
    }
    tested = {f"knowledge/{name}.yaml" for name in KNOWLEDGE_MAPPINGS}
    tested |= {"web/strings.yaml", "fhir/codes.yaml", "fhir/condition-map.yaml"}
    tested.add("knowledge/clinical_words.yaml")
    own_loader = {
        "knowledge/thresholds.yaml",  # sciatica.thresholds, tests/test_thresholds.py
        "web/learn.yaml",  # sciatica.web.pages.learn_content, tests/web/test_learn.py
        "web/diary.yaml",  # sciatica.web.pages.diary, tests/web/test_diary_api.py
    }
    assert packaged - own_loader == tested, sorted(packaged ^ tested)
