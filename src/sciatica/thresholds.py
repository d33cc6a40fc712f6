"""Clinical thresholds as data: knowledge/thresholds.yaml, loaded strictly into typed constants.

Every number the engine compares a case against (21/42/84 days, 200 ml, MRC grade limits, ages,
counts) lives in thresholds.yaml with its unit, sources, verification label and spec section, so a
clinician can review and change it in one place. Engine code reads `T.<id>` (or a module alias of
it); a test refuses clinical numeric literals in engine modules.

The file is closed: an unknown key, an unknown or missing threshold id, a value of the wrong type, an
unknown source id or a malformed label raises `KnowledgeError` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import KnowledgeError
from .knowledge.schema import LABEL_PATTERN, load_yaml

FILE = "knowledge/thresholds.yaml"


class Threshold(BaseModel):
    """One entry of thresholds.yaml. Its validator is built at its first use (`sciatica rules`,
    a changed thresholds.yaml), not at every import: the engine reads the values alone."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    value: int = Field(ge=0)
    unit: str = Field(min_length=1)
    comparison: Literal["<", "<=", "==", ">=", ">"] = Field(
        description="how the engine compares a case value with the threshold"
    )
    meaning: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)
    spec: str = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The typed constants the engine uses: one field per threshold id (its value)."""

    weak_grade_max: int
    severe_grade_max: int
    paralysing_grade_max: int
    normal_grade: int
    paralysis_recent_days: int
    bilateral_recent_days: int
    post_void_residual_ml: int
    persistent_pain_days: int
    severe_pain_score: int
    conservative_care_weeks: int
    long_standing_days: int
    subacute_from_days: int
    chronic_after_days: int
    recurrent_min_episodes: int
    fracture_risk_age: int
    cancer_several_flags: int
    hyperalgesic_min_criteria: int
    gbs_recent_days: int
    polyneuropathy_slow_days: int
    stenosis_age: int
    sciatic_below_knee_muscles: int
    root_min_findings: int


NAMES: tuple[str, ...] = tuple(f.name for f in fields(Thresholds))


def parse_thresholds(raw: Any, source_ids: set[str]) -> tuple[Threshold, ...]:
    """Validate the raw YAML of thresholds.yaml; every problem is named with the file and the key."""
    if not isinstance(raw, list):
        raise KnowledgeError(f"{FILE}: (top): must be a list of thresholds")
    entries: list[Threshold] = []
    problems: list[str] = []
    for i, item in enumerate(raw):
        name = item.get("id", f"[{i}]") if isinstance(item, dict) else f"[{i}]"
        try:
            entries.append(Threshold.model_validate(item))
        except ValidationError as error:
            for err in error.errors():
                key = ".".join(str(p) for p in err["loc"]) or "(entry)"
                problems.append(f"{FILE}: {name}.{key}: {err['msg']}")
    ids = [e.id for e in entries]
    problems += [
        f"{FILE}: {d}: duplicated id" for d in sorted({i for i in ids if ids.count(i) > 1})
    ]
    problems += [f"{FILE}: {i}: unknown threshold id" for i in ids if i not in NAMES]
    if not problems:  # a missing id is only worth reporting once the entries are readable
        problems += [f"{FILE}: {n}: missing threshold" for n in NAMES if n not in ids]
    for e in entries:
        problems += [
            f"{FILE}: {e.id}.sources: unknown source {s!r}"
            for s in e.sources
            if s not in source_ids
        ]
    if problems:
        raise KnowledgeError("\n".join(problems))
    return tuple(entries)


def _read(name: str) -> Any:
    text = resources.files("sciatica.knowledge").joinpath(name).read_text(encoding="utf-8")
    return load_yaml(text, f"knowledge/{name}")  # safe, and refuses a duplicated key


@cache
def threshold_entries() -> tuple[Threshold, ...]:
    """The packaged thresholds, with their sources and labels (for `sciatica rules`, the docs)."""
    sources = _read("sources.yaml")
    ids = {s["id"] for s in sources if isinstance(s, dict) and "id" in s}
    return parse_thresholds(_read("thresholds.yaml"), ids)


def as_constants(entries: tuple[Threshold, ...]) -> Thresholds:
    return Thresholds(**{e.id: e.value for e in entries})


def _constants() -> Thresholds:
    """The values alone: from knowledge/parsed.json while it is current (it is written only from
    thresholds that pass `parse_thresholds`, so they are not validated again at every start),
    else from the YAML, checked."""
    from .knowledge import checked_documents

    documents = checked_documents()
    if documents is None:
        return as_constants(threshold_entries())
    return Thresholds(**{entry["id"]: entry["value"] for entry in documents["thresholds"]})


T: Thresholds = _constants()
"""The thresholds the engine uses, loaded once at import."""

__all__ = ["NAMES", "T", "Threshold", "Thresholds", "parse_thresholds", "threshold_entries"]
