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

import importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from .errors import (
    ExtraMissing,
    FieldProblem,
    InvalidCase,
    KnowledgeError,
    SciaticaError,
    UnknownRule,
)

if _TYPE_CHECKING:
    from .assessment import Assessment
    from .case import Case
    from .engine import assess
    from .validation import parse_case, parse_case_json

# The engine (pydantic models, the knowledge base) loads on first use, not on `import sciatica`:
# every command, even `sciatica --help`, imports this package, and most need no engine.
_LAZY = {
    "Assessment": ".assessment",
    "Case": ".case",
    "assess": ".engine",
    "parse_case": ".validation",
    "parse_case_json": ".validation",
}


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
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
