"""The fields of `sciatica-case/1` as FHIR Observation codes, derived from the case models.

Each answered field becomes one Observation whose code, in the project CodeSystem `case-field`, is the
case path without its side (`exam.strength.left.hip_flexion` -> `exam.strength.hip_flexion`); the
side goes to the body site's laterality. A field added to the case models gets a code with no change
here; only its unit and body site may need a line below.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..case import Case

Kind = Literal["bool", "int", "code"]
SIDES: tuple[Literal["left"], Literal["right"]] = ("left", "right")
SECTIONS = ("patient", "history", "symptoms", "exam")

# UCUM units of the fields that are quantities; other integers are plain scores or counts.
UNITS: dict[str, tuple[str, str]] = {
    "patient.age": ("a", "years"),
    "history.symptom_days": ("d", "days"),
    "history.weakness_days": ("d", "days"),
    "history.conservative_care_weeks": ("wk", "weeks"),
    "exam.post_void_residual_ml": ("mL", "mL"),
}

# Where on the leg an examination finding is made (project CodeSystem body-site).
BODY_SITES: dict[str, str] = {
    "exam.strength.hip_flexion": "hip",
    "exam.strength.hip_adduction": "hip",
    "exam.strength.hip_abduction": "hip",
    "exam.strength.hip_extension": "hip",
    "exam.strength.knee_extension": "knee",
    "exam.strength.knee_flexion": "knee",
    "exam.strength.ankle_dorsiflexion": "ankle",
    "exam.strength.great_toe_extension": "great_toe",
    "exam.strength.ankle_inversion": "ankle",
    "exam.strength.ankle_eversion": "ankle",
    "exam.strength.ankle_plantarflexion": "ankle",
    "exam.reflexes.patellar": "knee",
    "exam.reflexes.medial_hamstring": "knee",
    "exam.reflexes.achilles": "ankle",
    "exam.babinski": "foot",
    "exam.clonus": "ankle",
    "exam.straight_leg_raise": "leg",
    "exam.femoral_stretch": "thigh",
    "exam.foot_pulses": "foot",
    "exam.fibular_head_tinel": "fibular_head",
    "exam.hoover_sign": "leg",
    "exam.sensation.saddle": "saddle",
}


@dataclass(frozen=True, slots=True)
class CaseField:
    """One leaf of the case as an Observation code."""

    code: str  # the case path without its side
    kind: Kind
    values: tuple[str, ...]  # the allowed codes, for kind "code"
    unit: tuple[str, str] | None  # (UCUM code, display) for a quantity
    sided_at: int | None  # where the side goes in the path (number of segments before it)
    body_site: str | None
    minimum: int | None
    maximum: int | None

    @property
    def section(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def per_side(self) -> bool:
        return self.sided_at is not None

    def path(self, side: str | None = None) -> str:
        """The case path of this field, on `side` for a per-side finding."""
        if self.sided_at is None:
            return self.code
        parts = self.code.split(".")
        return ".".join([*parts[: self.sided_at], str(side), *parts[self.sided_at :]])

    @property
    def display(self) -> str:
        parts = self.code.split(".")
        name = parts[-1].replace("_", " ")
        if self.code.startswith("exam.strength."):
            return f"Strength of {name} (MRC grade 0-5)"
        if self.code.startswith("exam.reflexes."):
            return f"{name.capitalize()} reflex"
        if self.code.startswith("exam.sensation."):
            return f"Sensation: {name}"
        section = {"patient": "Patient", "history": "History", "symptoms": "Symptom"}
        return f"{section.get(parts[0], 'Examination')}: {name}"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in (*typing.get_args(annotation), annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _leaf(code: str, info: FieldInfo, sided_at: int | None) -> CaseField:
    args = [a for a in typing.get_args(info.annotation) if a is not type(None)]
    inner = args[0] if args else info.annotation
    lo = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    hi = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    # a per-side finding is made somewhere on that leg: a sensory area names its own site
    site = BODY_SITES.get(code) or (code.rsplit(".", 1)[1] if sided_at else None)
    if typing.get_origin(inner) is Literal:
        values = tuple(str(v) for v in typing.get_args(inner))
        return CaseField(code, "code", values, None, sided_at, site, None, None)
    if inner not in (bool, int):
        raise TypeError(f"{code}: no FHIR value type for {inner!r}")
    kind: Kind = "bool" if inner is bool else "int"
    return CaseField(code, kind, (), UNITS.get(code), sided_at, site, lo, hi)


def _walk(model: type[BaseModel], prefix: str, out: list[CaseField]) -> None:
    names = model.model_fields
    sided = "left" in names and "right" in names
    depth = len(prefix.split("."))
    for name, info in names.items():
        sub = _model_of(info.annotation)
        if sided and name in SIDES:
            if name == "right":
                continue  # the same codes as the left
            if sub is None:
                out.append(_leaf(prefix, info, depth))
            else:
                for leaf, leaf_info in sub.model_fields.items():
                    out.append(_leaf(f"{prefix}.{leaf}", leaf_info, depth))
        elif sub is not None:
            _walk(sub, f"{prefix}.{name}", out)
        else:
            out.append(_leaf(f"{prefix}.{name}", info, None))


@cache
def case_fields() -> dict[str, CaseField]:
    """Every observable field of the case, by code, in contract order."""
    out: list[CaseField] = []
    for section in SECTIONS:
        sub = _model_of(Case.model_fields[section].annotation)
        assert sub is not None
        _walk(sub, section, out)
    return {f.code: f for f in out}


@cache
def by_path() -> dict[str, tuple[CaseField, str | None]]:
    """Every concrete case path (sides spelled out) -> its field and side."""
    out: dict[str, tuple[CaseField, str | None]] = {}
    for field in case_fields().values():
        if field.per_side:
            for side in SIDES:
                out[field.path(side)] = (field, side)
        else:
            out[field.path()] = (field, None)
    return out


def body_site_display(site: str) -> str:
    return site.replace("_", " ")
