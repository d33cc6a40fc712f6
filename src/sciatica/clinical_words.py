"""The clinician register's words (knowledge/clinical_words.yaml), for every adapter.

Clinicians read findings as a colleague writes them in a letter ("Left ankle dorsiflexion: MRC 2"),
never as the case's field paths (`exam.strength.left.ankle_dorsiflexion`). The words are core data,
so the command line (core install) words findings exactly as the web pages do; the pages read the
same keys through their own catalogue (web/i18n.py merges the two).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, model_validator

from .knowledge import label
from .knowledge.schema import load_yaml, validate_file

LANGS = ("en", "fr")
# The folder clinical_words.yaml is read from (resources of the knowledge package).
DATA: Traversable = resources.files("sciatica.knowledge")
WORDS_FILE = "knowledge/clinical_words.yaml"
# A placeholder filled in by the code ("{root}", "{n}"): both languages must use the same ones, or
# a reader would see the raw braces.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
SIDES = ("left", "right")


class UiText(BaseModel):
    """One text in both languages, nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    @model_validator(mode="after")
    def _same_placeholders(self) -> UiText:
        en, fr = set(PLACEHOLDER.findall(self.en)), set(PLACEHOLDER.findall(self.fr))
        if en != fr:
            raise ValueError(f"the placeholders differ: en {sorted(en)}, fr {sorted(fr)}")
        return self


# A key: a letter, then letters, digits and underscores (as templates write `t.cl_label_C`).
UiKey = Annotated[str, StringConstraints(pattern=r"^[a-z][A-Za-z0-9_]*$")]


class UiStrings(RootModel[dict[UiKey, UiText]]):
    """A catalogue: keys to their two languages."""

    root: dict[UiKey, UiText]


def read_catalogue(folder: Traversable, name: str, where: str) -> dict[str, dict[str, str]]:
    """A catalogue file validated strictly, by language (`KnowledgeError` naming file and key)."""
    text = folder.joinpath(name).read_text(encoding="utf-8")
    catalogue = validate_file(UiStrings, load_yaml(text, where), where).root
    return {lang: {k: getattr(v, lang) for k, v in catalogue.items()} for lang in LANGS}


@cache
def catalogue() -> dict[str, dict[str, str]]:
    return read_catalogue(DATA, "clinical_words.yaml", WORDS_FILE)


def words(lang: str) -> dict[str, str]:
    """The clinician register's words in one language ("en" or "fr")."""
    return catalogue()[lang]


def level_action(level: str, lang: str) -> str:
    """What a clinician arranges at this triage level (clinical-spec E2.2), not the patient's
    sentence that the assessment's `triage.action` carries."""
    return words(lang)["cl_action_" + level]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def field_label(path: str, lang: str) -> str:
    """A case field in words: "Left ankle dorsiflexion", "Left Achilles reflex", "Fever".

    A field without words here is shown by its last name with spaces, never as a dotted path.
    """
    w = words(lang)
    parts = path.split(".")
    if parts[0] == "previous":
        parts = parts[1:]
    side = next((p for p in parts if p in SIDES), None)
    rest = [p for p in parts if p not in SIDES]
    name = rest[-1]
    group = rest[1] if len(rest) > 2 and rest[0] == "exam" else None
    key = {"strength": "cl_m_", "reflexes": "cl_r_", "sensation": "cl_a_"}.get(group or "", "cl_f_")
    text = w.get(key + name) or name.replace("_", " ")
    if side is None:
        return _upper_first(text)
    sided = w["rec_fd_limb"].format(side=label("side", side, lang), muscle=_lower_first(text))
    return _upper_first(sided)


# Snake-case names in the engine's root and mimic evidence ("hip_abduction 4/5", "achilles reflex
# reduced", "straight_leg_raise positive"); a name followed by " reflex" is worded as the reflex.
NAME = re.compile(r"\b([a-z]+(?:_[a-z]+)+|patellar|achilles)( reflex)?\b")
PHRASES = {
    "crossed straight_leg_raise": "cl_f_crossed_straight_leg_raise",
    "cannot heel walk": "cl_f_cannot_heel_walk",
    "cannot toe walk": "cl_f_cannot_toe_walk",
}
ANSWERS = re.compile(r"\b(reduced|absent|brisk|positive|negative|normal|weak)\b")
SIDE_LEAD = re.compile(r"^(left|right): ")


def evidence_words(text: str, lang: str) -> str:
    """One root or mimic evidence string of the engine in the clinician's words.

    The engine gives these as short English strings over the case's names (the contract's
    `roots[].evidence`, `differentials[].for`); until they travel as data, as the reasons' evidence
    does, this words the names it knows and spaces out any other snake-case name, so no code-like
    name reaches a clinician.
    """
    w = words(lang)
    for phrase, key in PHRASES.items():
        text = text.replace(phrase, _lower_first(w[key]))

    def name(match: re.Match[str]) -> str:
        token, reflex = match.group(1), match.group(2)
        if reflex:
            found = w.get("cl_r_" + token)
            if found:
                return _lower_first(found)
        for prefix in ("cl_m_", "cl_a_", "cl_f_"):
            found = w.get(prefix + token)
            if found:
                return _lower_first(found) + (reflex or "")
        return token.replace("_", " ") + (reflex or "")

    text = NAME.sub(name, text)
    if lang != "en":
        text = ANSWERS.sub(lambda m: w.get("cl_o_" + m.group(1), m.group(1)), text)
        text = text.replace(" and ", w["rec_fd_and"])
        text = SIDE_LEAD.sub(lambda m: label("side", m.group(1), lang) + " : ", text)
    return _upper_first(text)
