"""The self-check flow, shared by the command line and the web pages: which question comes next,
how an answer is read, and when the answer is certainly "emergency". Pure: no I/O."""

from __future__ import annotations

from typing import Any

from .assessment import Assessment
from .knowledge import load_knowledge
from .knowledge.schema import Question
from .paths import get_path

TRUE_WORDS = {"y", "yes", "o", "oui", "true", "1"}
FALSE_WORDS = {"n", "no", "non", "false", "0"}
UNKNOWN_WORDS = {"?", "", "unknown", "skip", "s", "je ne sais pas", "ne sais pas", "nsp"}
BACK_WORDS = {"b", "back", "r", "retour"}
QUIT_WORDS = {"q", "quit", "stop", "quitter"}
NEGATIVE_CHOICES = ("normal", "none", False)


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


def certainly_emergency(result: Assessment) -> bool:
    """Emergency that no further answer can lower: no timing value was read as the worst case
    (at emergency, `missing` holds only such readings)."""
    return result.triage.level == "emergency" and not result.missing


def parse_answer(question: Question, text: str, lang: str) -> Any:
    """The value for the case, None for "don't know"; raises ValueError when not understood."""
    raw = text.strip().lower()
    if raw in BACK_WORDS:
        raise Back
    if raw in QUIT_WORDS:
        raise Quit
    if raw in UNKNOWN_WORDS:
        return None
    if question.answer == "yes_no":
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        raise ValueError(raw)
    if question.answer == "number":
        value = int(raw)
        lo, hi = question.minimum, question.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(raw)
        return value
    choices = question.choices or []
    if raw.isdigit() and 1 <= int(raw) <= len(choices):
        return choices[int(raw) - 1].value
    if (
        raw in FALSE_WORDS
    ):  # "no" picks the plain negative choice ("normal", "none") if there is one
        for choice in choices:
            if choice.value in NEGATIVE_CHOICES:
                return choice.value
    for choice in choices:
        label = getattr(choice.text, lang).lower()
        if raw in (str(choice.value).lower(), label):
            return choice.value
    raise ValueError(raw)


def next_question(case: dict[str, Any], asked: list[str]) -> Question | None:
    """The first question, in danger order, that is still worth asking, or None when done."""
    for question in self_check_questions():
        if question.field not in asked and should_ask(question, case):
            return question
    return None


def remaining(case: dict[str, Any], asked: list[str]) -> int:
    """How many questions are still to come (for a progress indicator; it shrinks as answers
    make questions irrelevant)."""
    return sum(1 for q in self_check_questions() if q.field not in asked and should_ask(q, case))
