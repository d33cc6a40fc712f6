"""The personal plan's statements (plan/plan.yaml), loaded through a closed schema.

Every statement cites at least one source of the knowledge base and carries its verification label
(clinical-spec.md E0.1); a statement that names something never.yaml forbids is of kind `against`
and lists those never.yaml ids. An unknown key, source or never id, a duplicated id or an unknown
date placeholder raises `KnowledgeError` naming the file and the key.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..assessment import Presentation
from ..errors import KnowledgeError
from ..knowledge import unknown_citations
from ..knowledge.schema import LABEL_PATTERN, Text, load_yaml, validate_file

PLAN_FILE = "plan/plan.yaml"
# The folder plan.yaml is read from (a test may point it at another copy).
DATA: Traversable = resources.files(__package__)
DATE_FIELDS = frozenset({"review", "strength_check", "referral"})
"""The dates a statement may name (plan/dates.py computes them)."""
PLAN_LEVELS = ("urgent", "soon", "routine", "self_care")
"""Emergency never gets a plan: its one action is to go now (Part I §4a)."""

Movement = Literal["lift_foot", "tiptoe"]
StartBack = Literal["low", "raised", "unknown"]


class _P(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class When(_P):
    """When a statement applies; an absent key matches anything."""

    levels: list[Literal["urgent", "soon", "routine", "self_care"]] | None = None
    presentations: list[Presentation] | None = None
    weakness: bool | None = None
    movement: Movement | None = None
    startback: StartBack | None = None
    onset_known: bool | None = None
    warning_signs_answered: bool | None = None


class Item(_P):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    when: When = When()
    kind: Literal["advice", "against"] = "advice"
    never: list[str] = Field(default_factory=list)
    drawing: str | None = Field(default=None, pattern=r"^[a-z][a-z-]*$")
    text: Text
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)

    @model_validator(mode="after")
    def _kind_fits(self) -> Item:
        if (self.kind == "against") != bool(self.never):
            raise ValueError("a statement of kind against lists the never.yaml ids it names")
        return self


class Section(_P):
    id: str = Field(pattern=r"^[a-z][a-z-]*$")
    title: Text
    items: list[Item] = Field(min_length=1)


class TimeFrame(_P):
    days: int = Field(ge=1, le=365)
    spec: str = Field(min_length=1, description="the clinical-spec section it implements")
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)


class TimeFrames(_P):
    review: TimeFrame
    referral: TimeFrame
    strength_check: TimeFrame
    soon: TimeFrame


class PlanContent(_P):
    time_frames: TimeFrames
    sections: list[Section] = Field(min_length=1)

    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def check_content(content: PlanContent, where: str = PLAN_FILE) -> list[str]:
    """Every cross-reference problem: unknown source, never id or date; duplicated ids."""
    problems: list[str] = []
    for name in DATE_FIELDS | {"soon"}:
        frame: TimeFrame = getattr(content.time_frames, name)
        problems.extend(unknown_citations(f"{where}: time_frames.{name}", frame.sources))
    seen: set[str] = set()
    for s_i, section in enumerate(content.sections):
        for n, item in enumerate(section.items):
            key = f"sections.{s_i}.items.{n}"
            if item.id in seen:
                problems.append(f"{where}: {key}.id: duplicated id {item.id!r}")
            seen.add(item.id)
            problems.extend(unknown_citations(f"{where}: {key}", item.sources, item.never))
            for lang in ("en", "fr"):
                names = _placeholders(getattr(item.text, lang))
                problems.extend(
                    f"{where}: {key}.text.{lang}: unknown date {{{name}}}"
                    for name in sorted(names - DATE_FIELDS)
                )
    return problems


def parse_content(data: object, where: str = PLAN_FILE) -> PlanContent:
    content = validate_file(PlanContent, data, where)
    problems = check_content(content, where)
    if problems:
        raise KnowledgeError("\n".join(problems))
    return content


@cache
def load_plan_content() -> PlanContent:
    """The packaged plan statements, validated and cross-checked once per process."""
    text = DATA.joinpath("plan.yaml").read_text(encoding="utf-8")
    return parse_content(load_yaml(text, PLAN_FILE))
