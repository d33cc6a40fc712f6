"""Data for the legs drawing (templates/partials/legs.html), shared by the self-check and the
clinician page: which legs have symptoms, and the dermatome of the root the assessment found."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...assessment import RootFinding
from ...case import SYMPTOM_SIDE_FIELDS, Case
from ...knowledge import load_knowledge

# Case fields that say on which leg a symptom is (values "left", "right", "both", "none").
SIDE_FIELDS = SYMPTOM_SIDE_FIELDS


@cache
def dermatomes() -> dict[str, tuple[str, ...]]:
    """Sensory areas of each root, from the knowledge base (roots.yaml)."""
    return {entry.root: tuple(entry.sensory_areas) for entry in load_knowledge().roots.roots}


def symptom_sides(case: Case) -> list[str]:
    """The legs ("left", "right") on which the answers place a symptom, then "unspecified" when a
    symptom's leg was not said and no leg is named: the drawing must never read "no leg
    symptoms" for a symptom that is there (Part I §2 "Side not stated")."""
    found: set[str] = set()
    unsided = False
    symptoms = case.symptoms
    if symptoms is not None:
        for name in SIDE_FIELDS:
            value = getattr(symptoms, name)
            if value in ("left", "right"):
                found.add(value)
            elif value == "both":
                found.update(("left", "right"))
            elif value == "unspecified":
                unsided = True
    sides: list[str] = [side for side in ("left", "right") if side in found]
    return sides or (["unspecified"] if unsided else [])


def root_areas(roots: Sequence[RootFinding]) -> tuple[dict[str, list[str]], str | None]:
    """The dermatome of the best-ranked root on each leg, and the root name(s) for the legend."""
    areas: dict[str, list[str]] = {}
    names: list[str] = []
    table = dermatomes()
    for finding in roots:  # ranked best first
        if finding.side in areas:
            continue
        areas[finding.side] = list(table.get(finding.root, ()))
        if finding.root not in names:
            names.append(finding.root)
    return areas, (" / ".join(names) if names else None)
