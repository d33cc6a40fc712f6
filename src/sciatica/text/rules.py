"""The extractor's rules as data: target categories, ConText modifiers and the spelling lexicon
(YAML files in `sciatica/text/rules/`), loaded once and checked against the case contract."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..case import Case

LANGS = ("en", "fr")
KINDS = ("side", "bool", "value", "marker")


@dataclass(frozen=True)
class Category:
    name: str
    kind: str
    fields: tuple[str, ...]
    value: Any = None
    negative: Any = None
    red_flag: bool = False
    keep_historical: bool = False
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Modifier:
    category: str
    direction: str
    max_scope: int | None
    phrases: dict[str, tuple[str, ...]]


def _load(name: str) -> Any:
    text = resources.files("sciatica.text").joinpath("rules").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


def _phrases(spec: dict[str, Any], where: str) -> dict[str, tuple[str, ...]]:
    """The phrases by language; a YAML surprise (`no` read as false) is refused, not matched."""
    out: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        items = spec.get(lang) or []
        for item in items:
            if not isinstance(item, str):
                raise ValueError(f"{where}: phrase {item!r} is not a string (quote it)")
        out[lang] = tuple(items)
    return out


def _field_exists(path: str) -> bool:
    model: Any = Case
    for part in path.split("."):
        info = model.model_fields.get(part)
        if info is None:
            return False
        for candidate in getattr(info.annotation, "__args__", (info.annotation,)):
            if isinstance(candidate, type) and hasattr(candidate, "model_fields"):
                model = candidate
                break
    return True


@cache
def categories() -> dict[str, Category]:
    """The target categories by name; a rule naming a field the case does not have is refused."""
    out: dict[str, Category] = {}
    for name, spec in _load("targets.yaml")["categories"].items():
        fields = tuple(spec.get("fields") or ([spec["field"]] if "field" in spec else []))
        kind = spec["kind"]
        if kind not in KINDS or (kind != "marker" and not fields):
            raise ValueError(f"targets.yaml {name}: bad kind or no field")
        for f in fields:
            if not _field_exists(f):
                raise ValueError(f"targets.yaml {name}: no case field {f}")
        out[name] = Category(
            name=name,
            kind=kind,
            fields=fields,
            value=spec.get("value"),
            negative=spec.get("negative"),
            red_flag=bool(spec.get("red_flag", False)),
            keep_historical=bool(spec.get("keep_historical", False)),
            phrases=_phrases(spec, f"targets.yaml {name}"),
        )
    return out


@cache
def modifiers() -> tuple[Modifier, ...]:
    out: list[Modifier] = []
    for category, groups in _load("context.yaml")["rules"].items():
        for group in groups:
            out.append(
                Modifier(
                    category=category,
                    direction=group["direction"],
                    max_scope=group.get("max_scope"),
                    phrases=_phrases(group, f"context.yaml {category}"),
                )
            )
    return tuple(out)


def fold(word: str) -> str:
    """Lower case, without accents, with a straight apostrophe: how tokens and rules are compared."""
    word = word.lower().replace("\u2019", "'").replace("`", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def spelling(lang: str) -> dict[str, str]:
    """Misspelling -> the word the rules use, both folded."""
    table: dict[str, str] = _load("spelling.yaml").get(lang) or {}
    return {fold(str(k)): fold(str(v)) for k, v in table.items()}


def red_flag_fields() -> frozenset[str]:
    return frozenset(f for c in categories().values() if c.red_flag for f in c.fields)
