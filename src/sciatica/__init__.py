"""sciatica: clinical decision support for sciatica with leg weakness.

It supports, and does not replace, a clinician. It is not a certified medical device, and its
knowledge base has not been reviewed by a clinician.

    >>> from sciatica import assess
    >>> case = {"symptoms": {"leg_pain": "left", "foot_drop": "left"}}
    >>> assess(case).triage.level  # an unanswered course reads as worsening (Part I §2)
    'emergency'
    >>> case["history"] = {"weakness_course": "stable"}
    >>> assess(case).triage.level
    'urgent'
"""

# `typing.TYPE_CHECKING` without importing typing: `sciatica --help` imports this package and
# nothing else of it, so every import here is start-up time (typing alone is ~10 ms).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .assessment import Assessment
    from .case import Case
    from .engine import assess
    from .errors import (
        ExtraMissing,
        FieldProblem,
        InvalidCase,
        KnowledgeError,
        SciaticaError,
        UnknownRule,
    )
    from .validation import parse_case, parse_case_json
del TYPE_CHECKING  # not a public name of the package

# Every name loads on first use, not on `import sciatica`: every command, even `sciatica --help`,
# imports this package, and most need no engine (pydantic models, the knowledge base) and the
# errors (dataclasses, which imports inspect) only once they assess something.
_LAZY = {
    "Assessment": ".assessment",
    "Case": ".case",
    "ExtraMissing": ".errors",
    "FieldProblem": ".errors",
    "InvalidCase": ".errors",
    "KnowledgeError": ".errors",
    "SciaticaError": ".errors",
    "UnknownRule": ".errors",
    "assess": ".engine",
    "parse_case": ".validation",
    "parse_case_json": ".validation",
}


def __getattr__(name: str) -> "Any":
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sciatica' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "Case",
    "ExtraMissing",
    "FieldProblem",
    "InvalidCase",
    "KnowledgeError",
    "SciaticaError",
    "UnknownRule",
    "__version__",
    "assess",
    "parse_case",
    "parse_case_json",
]
