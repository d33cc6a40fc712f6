"""Language of the pages: `?lang=` (remembered in a cookie), else Accept-Language, else English.

UI strings live in `strings.yaml` beside this file (one catalogue, both languages, strict keys);
clinical texts come from the knowledge base.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from fastapi import Request

LANGS = ("en", "fr")
LANG_COOKIE = "sciatica_lang"


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
    text = resources.files(__package__).joinpath("strings.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for key, value in data.items():
        if set(value) != set(LANGS):
            raise ValueError(f"web/strings.yaml: {key} must have exactly {LANGS}")
    return {lang: {k: v[lang] for k, v in data.items()} for lang in LANGS}


def translator(lang: str) -> dict[str, str]:
    return strings()[lang]
