"""The extractor's rules as data: target categories, ConText modifiers and the spelling lexicon
(YAML files in `sciatica/text/rules/`), loaded once through closed models and checked against the
case contract. An unknown key, a misspelt direction or a phrase YAML read as something else than a
string is refused with a `KnowledgeError` naming the file and the key, never silently ignored (a
typo such as `red_flg:` would otherwise drop a red flag without a word).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..assessment import Root
from ..case import Case
from ..errors import KnowledgeError
from ..knowledge.schema import load_yaml

LANGS = ("en", "fr")
KINDS = ("side", "bool", "value", "marker")
Kind = Literal["side", "bool", "value", "marker"]
Direction = Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
# ConText categories: medspaCy's own (negation, hypothetical, historical, family) and this project's
# FAMILY_HISTORY (always someone else: "runs in the family"), RECURRENCE (a past episode said to be
# back: current again), GENERIC (a textbook or leaflet sentence, not about the writer's patient),
# TRANSIENT (a symptom that lasted seconds or a minute and went: not a current finding).
ModifierCategory = Literal[
    "NEW_CLAUSE",
    "NEGATED_EXISTENCE",
    "HYPOTHETICAL",
    "HISTORICAL",
    "FAMILY",
    "FAMILY_HISTORY",
    "RECURRENCE",
    "GENERIC",
    "TRANSIENT",
    "PSEUDO",
    "TERMINATE",
]
Scalar = str | int | bool


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class WordSet(_Closed):
    IN: list[str]


class Token(_Closed):
    """One token of a spaCy pattern: a word (or a set of words) matched on NORM, and/or an operator
    ("?", "{,2}"). Closed, and strictly strings: YAML reads an unquoted `on` or `no` as a boolean."""

    NORM: str | WordSet | None = None
    OP: str | None = None
    # `IS_PUNCT: false` on a wildcard keeps a construction inside one clause ("can't stand, my toes
    # are numb" is not a failed tiptoe stand)
    IS_PUNCT: bool | None = None
    # `LIKE_NUM: true` for an amount told in digits or words ("lost 6 kilos", "lost ten pounds")
    LIKE_NUM: bool | None = None


# A phrase is a string, or a spaCy token pattern (a list of tokens) for what a phrase cannot say:
# "can't move" + up to three words + a limb.
Phrase = str | list[dict[str, Any]]


class TargetSpec(_Closed):
    kind: Kind
    field: str | None = None
    fields: list[str] | None = None
    value: Scalar | None = None
    negative: Scalar | None = None
    red_flag: bool = False
    keep_historical: bool = False
    en: list[str | list[Token]] = Field(default_factory=list)
    fr: list[str | list[Token]] = Field(default_factory=list)


class TargetsFile(_Closed):
    categories: dict[str, TargetSpec]


class ModifierGroup(_Closed):
    direction: Direction
    max_scope: int | None = Field(default=None, ge=1)
    # other categories whose cues end this group's scope (medspaCy `terminated_by`)
    terminated_by: list[ModifierCategory] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    fr: list[str] = Field(default_factory=list)


class ContextFile(_Closed):
    rules: dict[ModifierCategory, list[ModifierGroup]]


class SpellingFile(_Closed):
    en: dict[str, str] = Field(default_factory=dict)
    fr: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class Category:
    name: str
    kind: str
    fields: tuple[str, ...]
    value: Any = None
    negative: Any = None
    red_flag: bool = False
    keep_historical: bool = False
    phrases: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Modifier:
    category: str
    direction: str
    max_scope: int | None
    phrases: dict[str, tuple[str, ...]]
    terminated_by: tuple[str, ...] = ()


M = TypeVar("M", bound=BaseModel)
RULES_DIR: Traversable = resources.files("sciatica.text").joinpath("rules")


def _load(name: str, model: type[M], where: Traversable | Path | None = None) -> M:
    """One rules file through its closed model; every problem names the file and the key."""
    path = (where or RULES_DIR).joinpath(name)
    # the one strict reader of packaged files: invalid YAML or a duplicated key is a KnowledgeError
    raw = load_yaml(path.read_text("utf-8"), f"text/rules/{name}")
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        lines = []
        for item in error.errors():
            key = ".".join(str(p) for p in item["loc"]) or "(top)"
            lines.append(f"text/rules/{name}: {key}: {item['msg']}")
        raise KnowledgeError("\n".join(lines)) from None


def _field_exists(path: str) -> bool:
    model: Any = Case
    parts = path.split(".")
    for n, part in enumerate(parts):
        info = model.model_fields.get(part)
        if info is None:
            return False
        if n == len(parts) - 1:
            return True
        for candidate in getattr(info.annotation, "__args__", (info.annotation,)):
            if isinstance(candidate, type) and hasattr(candidate, "model_fields"):
                model = candidate
                break
        else:
            return False
    return True


def load_categories(where: Traversable | Path | None = None) -> dict[str, Category]:
    """The target categories by name; a rule naming a field the case does not have is refused."""
    out: dict[str, Category] = {}
    for name, spec in _load("targets.yaml", TargetsFile, where).categories.items():
        fields = tuple(spec.fields or ([spec.field] if spec.field else []))
        if spec.kind != "marker" and not fields:
            raise KnowledgeError(f"text/rules/targets.yaml: categories.{name}: no field")
        for f in fields:
            if not _field_exists(f):
                raise KnowledgeError(
                    f"text/rules/targets.yaml: categories.{name}.field: no case field {f}"
                )
        out[name] = Category(
            name=name,
            kind=spec.kind,
            fields=fields,
            value=spec.value,
            negative=spec.negative,
            red_flag=spec.red_flag,
            keep_historical=spec.keep_historical,
            phrases={"en": _phrases(spec.en), "fr": _phrases(spec.fr)},
        )
    return out


def _phrases(items: list[str | list[Token]]) -> tuple[Phrase, ...]:
    return tuple(
        item if isinstance(item, str) else [t.model_dump(exclude_none=True) for t in item]
        for item in items
    )


def load_modifiers(where: Traversable | Path | None = None) -> tuple[Modifier, ...]:
    out: list[Modifier] = []
    for category, groups in _load("context.yaml", ContextFile, where).rules.items():
        for group in groups:
            out.append(
                Modifier(
                    category=category,
                    direction=group.direction,
                    max_scope=group.max_scope,
                    phrases={"en": tuple(group.en), "fr": tuple(group.fr)},
                    terminated_by=tuple(group.terminated_by),
                )
            )
    return tuple(out)


def load_spelling(where: Traversable | Path | None = None) -> dict[str, dict[str, str]]:
    data = _load("spelling.yaml", SpellingFile, where)
    return {lang: {fold(k): fold(v) for k, v in getattr(data, lang).items()} for lang in LANGS}


@cache
def categories() -> dict[str, Category]:
    return load_categories()


@cache
def modifiers() -> tuple[Modifier, ...]:
    return load_modifiers()


@lru_cache(maxsize=65536)  # called for every token of every text: the words repeat
def fold(word: str) -> str:
    """Lower case, without accents, with a straight apostrophe: how tokens and rules are compared."""
    word = word.lower().replace("\u2019", "'").replace("`", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _spelling() -> dict[str, dict[str, str]]:
    return load_spelling()


def spelling(lang: str) -> dict[str, str]:
    """Misspelling -> the word the rules use, both folded."""
    return _spelling().get(lang, {})


def red_flag_fields() -> frozenset[str]:
    return frozenset(f for c in categories().values() if c.red_flag for f in c.fields)


# ---------------------------------------------------------------------------------------------
# Clinicians' examination notes (`rules/exam.yaml`, read by `text/exam_notes.py`).

ValueClass = Literal[
    "absent",
    "reduced",
    "normal",
    "present",
    "brisk",
    "positive",
    "negative",
    "upgoing",
    "downgoing",
]


class ByLang(_Closed):
    en: list[str] = Field(default_factory=list)
    fr: list[str] = Field(default_factory=list)


class ExamSides(_Closed):
    left: list[str]
    right: list[str]
    both: list[str]


class ExamRoot(_Closed):
    muscle: str
    areas: list[str]


class ExamFile(_Closed):
    sides: ExamSides
    muscles: dict[str, ByLang]
    power: list[str]
    throughout: list[str]
    full_power: list[str]
    roots: dict[Root, ExamRoot]
    reflexes: dict[str, ByLang]
    all_reflexes: list[str]
    areas: dict[str, list[str]]
    toe: list[str]
    earlier: list[str]
    sensation: list[str]
    saddle: list[str]
    anal_tone: list[str]
    rectal: list[str]
    pvr: list[str]
    babinski: list[str]
    clonus: list[str]
    straight_leg_raise: list[str]
    crossed_straight_leg_raise: list[str]
    femoral_stretch: list[str]
    values: dict[ValueClass, list[str]]
    negation: list[str]
    minus_grades: dict[int, int]
    tension_positive_max_degrees: int = Field(ge=0, le=90)


def load_exam(where: Traversable | Path | None = None) -> ExamFile:
    """The examination-note vocabulary; every muscle, reflex and area must be a case key, every MRC
    sub-grade an MRC grade (0-5)."""
    from ..case import MUSCLES, REFLEXES, SENSORY_AREAS

    data = _load("exam.yaml", ExamFile, where)
    known = (
        [("muscles", m, MUSCLES) for m in data.muscles]
        + [("reflexes", r, REFLEXES) for r in data.reflexes]
        + [("areas", a, SENSORY_AREAS) for a in data.areas]
        + [(f"roots.{n}.muscle", r.muscle, MUSCLES) for n, r in data.roots.items()]
        + [(f"roots.{n}.areas", a, SENSORY_AREAS) for n, r in data.roots.items() for a in r.areas]
    )
    for where_, key, allowed in known:
        if key not in allowed:
            raise KnowledgeError(f"text/rules/exam.yaml: {where_}.{key}: not a case key")
    for grade, reading in data.minus_grades.items():
        if not (0 <= grade <= 5 and 0 <= reading <= grade):
            raise KnowledgeError(
                f"text/rules/exam.yaml: minus_grades.{grade}: not an MRC grade at or below it"
            )
    return data


@cache
def exam_rules() -> ExamFile:
    return load_exam()
