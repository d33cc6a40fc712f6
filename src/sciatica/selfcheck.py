"""The self-check's questions and how a typed answer is read (the command line). Which question
comes next, and when the result is certain, is `sciatica.flow`. Pure: no I/O."""

from __future__ import annotations

from typing import Any

from .flow import UNSURE, Asked
from .knowledge import load_knowledge
from .knowledge.schema import Question
from .paths import get_path

TRUE_WORDS = {"y", "yes", "o", "oui", "true", "1"}
FALSE_WORDS = {"n", "no", "non", "false", "0"}
UNKNOWN_WORDS = {"?", "", "unknown", "skip", "s", "je ne sais pas", "ne sais pas", "nsp"}
BACK_WORDS = {"b", "back", "r", "retour"}
QUIT_WORDS = {"q", "quit", "stop", "quitter"}
NEGATIVE_CHOICES = (False, "none", "normal")


class Back(Exception):
    """The person asked to go back one question."""


class Quit(Exception):
    """The person asked to stop."""


def self_check_questions() -> list[Question]:
    return [q for q in load_knowledge().questions if not q.exam]


def should_ask(question: Question, case: dict[str, Any]) -> bool:
    """Not yet answered, and every `ask_if` condition holds for the answers so far."""
    if get_path(case, question.field) is not None:
        return False
    return all(c.holds(get_path(case, c.field)) for c in question.ask_if)


def read_choice(question: Asked, text: str) -> Any:
    """The answer typed for a flow question: its value, or `UNSURE`; raises ValueError when not
    understood, `Back` or `Quit` for those words."""
    raw = text.strip().lower()
    if raw in BACK_WORDS:
        raise Back
    if raw in QUIT_WORDS:
        raise Quit
    if raw in UNKNOWN_WORDS:
        return UNSURE
    if question.kind == "number":
        value = int(raw)
        if not (question.minimum or 0) <= value <= (question.maximum or value):
            raise ValueError(raw)
        return value
    options = question.options
    if raw.isdigit() and 1 <= int(raw) <= len(options):
        return options[int(raw) - 1].value
    values = [o.value for o in options]
    if raw in TRUE_WORDS and True in values:
        return True
    if raw in FALSE_WORDS:  # "no" picks the plain negative ("none", "normal", no)
        for negative in NEGATIVE_CHOICES:
            if negative in values:
                return negative
    for option in options:
        if raw in (str(option.value).lower(), option.label.lower()):
            return option.value
    raise ValueError(raw)
