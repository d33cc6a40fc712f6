"""Language of the pages: `?lang=` (remembered in a cookie), else Accept-Language, else English.

UI strings live in `strings.yaml` beside this file (one catalogue, both languages, strict keys);
clinical texts come from the knowledge base.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from importlib.abc import Traversable

from fastapi import Request

from ..clinical_words import UiStrings, UiText, catalogue
from ..errors import KnowledgeError
from ..knowledge.schema import load_yaml, validate_file

LANGS = ("en", "fr")
LANG_COOKIE = "sciatica_lang"
# The folder strings.yaml is read from (a test points it at a corrupted copy).
DATA: Traversable = resources.files(__package__)
STRINGS_FILE = "web/strings.yaml"
# A placeholder the pages fill in ("{root}", "{n}"): both languages must use the same ones, or a
# page would show the raw braces.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


# The catalogue models are the core's (sciatica.clinical_words): one schema for both catalogues.
__all__ = ["UiStrings", "UiText", "negotiate", "strings", "translator"]


def negotiate(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in LANGS:
        return remembered
    return from_accept_language(request.headers.get("accept-language", ""))


def accept_language(header: str) -> list[tuple[str, float]]:
    """The tags of an Accept-Language header with their q-values, most preferred first (ties keep
    the header's order; an unreadable q counts as 0)."""
    tags: list[tuple[str, float]] = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        tags.append((tag.strip(), q))
    return sorted(tags, key=lambda item: -item[1])


def from_accept_language(header: str) -> str:
    """The supported language the browser prefers most (q-values honoured), else English."""
    for tag, _ in accept_language(header):
        lang = tag.lower().split("-")[0]
        if lang in LANGS:
            return lang
    return "en"


@cache
def strings() -> dict[str, dict[str, str]]:
    """The UI strings by language, from strings.yaml validated strictly (`KnowledgeError` naming
    the file and the key for a duplicated or unknown key, a missing language or an empty text)."""
    text = DATA.joinpath("strings.yaml").read_text(encoding="utf-8")
    ui = validate_file(UiStrings, load_yaml(text, STRINGS_FILE), STRINGS_FILE).root
    # The clinician register's words (field labels, muscles, answers) are core data, read here
    # too; a key may live in only one of the two files, so neither silently overrides the other.
    clinical = catalogue()
    twice = sorted(set(ui) & set(clinical["en"]))
    if twice:
        raise KnowledgeError(f"{STRINGS_FILE}: key {twice[0]!r} is also in the clinical words")
    return {
        lang: {**clinical[lang], **{k: getattr(v, lang) for k, v in ui.items()}} for lang in LANGS
    }


def translator(lang: str) -> dict[str, str]:
    return strings()[lang]
