"""What the engine has worked out about a case so far, shared by presentation, triage and advice."""

from __future__ import annotations

from dataclasses import dataclass, field

from .assessment import Evidence
from .facts import Facts
from .mimics import Candidate
from .roots import RootScore


@dataclass(slots=True)
class Context:
    facts: Facts
    holding: dict[str, frozenset[str]]  # condition -> legs its Part I §5 pattern holds on
    candidates: list[Candidate]
    roots: list[RootScore]
    hyperalgesic: list[str]  # paths of the criteria met, empty when the pain is not hyperalgesic
    radicular_picture: bool
    presentation: str = "undetermined"
    # rule -> (outcome, evidence)
    fired: dict[str, tuple[str, tuple[Evidence, ...]]] = field(default_factory=dict)
