"""The education pages' content (web/learn.yaml), loaded through a closed schema.

Every statement cites at least one source of the knowledge base (knowledge/sources.yaml) and carries
the verification label of clinical-spec.md E0.1; a statement that names something never.yaml forbids
is of kind `against` or `corrected_claim` and lists those never.yaml ids. An unknown key, an unknown
source or never id, or a duplicated topic raises `KnowledgeError` naming the file and the key.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...assessment import Root
from ...errors import KnowledgeError
from ...knowledge import unknown_citations
from ...knowledge.schema import LABEL_PATTERN, load_yaml, validate_file

LEARN_FILE = "web/learn.yaml"
# The folder learn.yaml is read from (a test points it at a corrupted copy).
DATA: Traversable = resources.files("sciatica.web")  # learn.yaml beside strings.yaml


class _L(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class LearnText(_L):
    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)


class Statement(_L):
    """One short statement in plain words, with its sources and verification label."""

    kind: Literal["fact", "against", "corrected_claim"] = "fact"
    claim: LearnText | None = Field(
        default=None, description="corrected_claim only: the claim as one may read it, our words"
    )
    text: LearnText = Field(description="the statement (for a corrected claim: the correction)")
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)
    never: list[str] = Field(
        default_factory=list, description="never.yaml ids this statement names (as not advised)"
    )

    @model_validator(mode="after")
    def _kind_fits(self) -> Statement:
        if (self.kind == "corrected_claim") != (self.claim is not None):
            raise ValueError("a claim is given exactly when kind is corrected_claim")
        if self.kind == "against" and not self.never:
            raise ValueError("a statement of kind against lists the never.yaml ids it names")
        if self.kind == "fact" and self.never:
            raise ValueError("a fact names nothing of never.yaml (use kind against)")
        return self


class Section(_L):
    title: LearnText
    root: Root | None = Field(default=None, description="draw this root's skin area")
    statements: list[Statement] = Field(min_length=1)


class Topic(_L):
    id: str = Field(pattern=r"^[a-z][a-z-]*$")
    title: LearnText
    intro: LearnText
    sections: list[Section] = Field(min_length=1)

    def statements(self) -> list[Statement]:
        return [s for section in self.sections for s in section.statements]

    def source_ids(self) -> list[str]:
        """The sources the page cites, in order of first citation."""
        return list(dict.fromkeys(i for s in self.statements() for i in s.sources))


class Learn(_L):
    topics: list[Topic] = Field(min_length=1)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)


def check_learn(learn: Learn, where: str = LEARN_FILE) -> list[str]:
    """Every cross-reference problem: unknown source or never.yaml ids, duplicated topics."""
    problems: list[str] = []
    seen: set[str] = set()
    for t, topic in enumerate(learn.topics):
        if topic.id in seen:
            problems.append(f"{where}: topics.{t}.id: duplicated topic {topic.id!r}")
        seen.add(topic.id)
        for s_i, section in enumerate(topic.sections):
            for n, statement in enumerate(section.statements):
                key = f"{where}: topics.{t}.sections.{s_i}.statements.{n}"
                problems.extend(
                    unknown_citations(key, statement.sources, statement.never, f" (in {topic.id})")
                )
    return problems


def parse_learn(data: object, where: str = LEARN_FILE) -> Learn:
    learn = validate_file(Learn, data, where)
    problems = check_learn(learn, where)
    if problems:
        raise KnowledgeError("\n".join(problems))
    return learn


@cache
def load_learn() -> Learn:
    """The packaged education content, validated and cross-checked once per process."""
    text = DATA.joinpath("learn.yaml").read_text(encoding="utf-8")
    return parse_learn(load_yaml(text, LEARN_FILE))
