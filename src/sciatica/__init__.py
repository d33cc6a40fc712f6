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
