"""The exceptions sciatica raises, as one tree.

SciaticaError                 everything below; catch this to catch them all
├── InvalidCase               the input is not a valid `sciatica-case/1`
│                             (`.problems` names every offending JSON path)
├── KnowledgeError            the packaged knowledge base is malformed (a packaging bug)
├── UnknownRule               `explain` was asked for a rule id that does not exist
└── ExtraMissing              an optional extra is not installed (`.extra` names it; the message
                              says what to install: see `sciatica.extras`)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One refused field: its JSON path and what is wrong, in words a person can act on."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class SciaticaError(Exception):
    """Base of every error sciatica raises on purpose."""


class InvalidCase(SciaticaError, ValueError):
    """The input was refused; nothing was assessed. One problem per offending field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class KnowledgeError(SciaticaError):
    """The knowledge base failed its strict checks (unknown key, unknown source, ...)."""


class UnknownRule(SciaticaError, KeyError):
    """No rule has that id."""

    def __init__(self, rule_id: str) -> None:
        self.rule_id = rule_id
        super().__init__(rule_id)

    def __str__(self) -> str:
        return f"no rule has the id {self.rule_id!r} (see `sciatica rules`)"


class ExtraMissing(SciaticaError):
    """What was asked needs an optional extra that is not installed (`sciatica.extras`)."""

    def __init__(self, extra: str, what: str, module: str) -> None:
        self.extra = extra
        self.what = what
        self.module = module
        super().__init__(extra, what, module)

    @property
    def hint(self) -> str:
        return f"pip install 'sciatica[{self.extra}]'"

    def __str__(self) -> str:
        return (
            f"{self.what} needs the optional extra {self.extra!r} ({self.module} is not "
            f"installed): {self.hint}"
        )
