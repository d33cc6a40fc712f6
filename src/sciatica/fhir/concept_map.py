"""The ConceptMap from problem-list Condition codes (SNOMED CT, ICD-10, ICD-10-CM) to the case's
history fields, built with `fhir.resources` from `condition-map.yaml`, and its use when reading a
record (`translate`).

The reader applies the ConceptMap resource itself, not the YAML, so the published map
(GET /fhir/ConceptMap/condition-to-case-field) is exactly what decides. A match only ever sets a
field to true: nothing here can answer "no" (unknown is not no).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.conceptmap import (
    ConceptMap,
    ConceptMapGroup,
    ConceptMapGroupElement,
    ConceptMapGroupElementTarget,
)
from fhir.resources.R4B.extension import Extension
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..errors import KnowledgeError
from ..knowledge.schema import load_yaml, validate_file
from . import codes as k
from .fields import case_fields

Counts = Literal["active", "any"]
MAP_FILE = "fhir/condition-map.yaml"
NOT_IN_SPEC = "not in clinical-spec E9"
ICD = ("icd10", "icd10cm")
DESCRIPTION = (
    "Problem-list Condition codes that answer a history question of the sciatica case. A "
    "matching Condition sets the field to true; nothing in this map sets a field to false (the "
    "absence of a Condition is not a no). Conditions whose verificationStatus is refuted or "
    "entered-in-error are ignored. The counts-when extension says which clinicalStatus counts: "
    "active (active, recurrence, relapse or none given) or any (a history question: resolved "
    "counts too). An element with the code-prefix extension matches its code and every code "
    "below it (ICD-10 categories); other codes match exactly. Every code carries its "
    "verification label (clinical-spec E0.1): U codes must be checked in the official "
    "terminology browser before clinical use."
)


class _Y(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class FieldMap(_Y):
    counts: Counts
    codes: list[k.CodeEntry] = Field(min_length=1)


class MapFile(_Y):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(pattern=r"^[A-Z][A-Za-z0-9]*$")
    title: str
    maps: dict[str, FieldMap]


def _check(data: MapFile) -> None:
    """The label rules: a code of clinical-spec E9 keeps its E9 label; any other code is U and its
    source says that the spec does not list it. Only boolean history fields are targets."""
    spec = {(e.system, e.code): e.label for e in k.table().entries()}
    fields = case_fields()
    for path, field_map in data.maps.items():
        target = fields.get(path)
        if target is None or target.section != "history" or target.kind != "bool":
            raise KnowledgeError(f"fhir/condition-map.yaml: {path} is not a yes/no history field")
        for e in field_map.codes:
            where = f"fhir/condition-map.yaml: {path} {e.system} {e.code}"
            known = spec.get((e.system, e.code))
            if known is not None and (e.label != known or "clinical-spec E9" not in e.source):
                raise KnowledgeError(f"{where}: clinical-spec E9 gives label {known}, cite it")
            if known is None and (e.label != "U" or not e.source.startswith(NOT_IN_SPEC)):
                raise KnowledgeError(f"{where}: not in clinical-spec E9, so label U and say so")
            if e.prefix and e.system not in ICD:
                raise KnowledgeError(f"{where}: only ICD-10 codes match by prefix")


@cache
def map_file() -> MapFile:
    text = k.DATA.joinpath("condition-map.yaml").read_text(encoding="utf-8")
    data = validate_file(MapFile, load_yaml(text, MAP_FILE), MAP_FILE)
    _check(data)
    return data


def _element(entry: k.CodeEntry, path: str, counts: Counts) -> ConceptMapGroupElement:
    extensions = [k.verification(entry.label)]
    if entry.prefix:
        extensions.append(Extension(url=k.EXT_CODE_PREFIX, valueBoolean=True))
    status = "any clinicalStatus" if counts == "any" else "clinicalStatus active (or none given)"
    target = ConceptMapGroupElementTarget(
        code=path,
        display=case_fields()[path].display,
        equivalence="wider",  # the history question is broader than any one code
        comment=f"Sets {path} to true ({status}); never to false. Source: {entry.source}.",
        extension=[Extension(url=k.EXT_COUNTS_WHEN, valueCode=counts)],
    )
    return ConceptMapGroupElement(
        code=entry.code, display=entry.display, extension=extensions, target=[target]
    )


@cache
def condition_map() -> ConceptMap:
    """The ConceptMap resource (one group per source terminology, in a fixed order)."""
    data = map_file()
    groups = []
    for system in ("snomed", "icd10", "icd10cm"):
        elements = [
            _element(entry, path, field_map.counts)
            for path, field_map in data.maps.items()
            for entry in field_map.codes
            if entry.system == system
        ]
        if elements:
            groups.append(
                ConceptMapGroup(
                    source=k.system_url(system), target=k.CS_CASE_FIELD, element=elements
                )
            )
    return ConceptMap(
        id=data.id,
        url=k.CONCEPT_MAP_URL,
        version=__version__,
        name=data.name,
        title=data.title,
        status="draft",
        experimental=True,  # until a clinician and a terminologist have checked every U code
        description=DESCRIPTION,
        group=groups,
    )


@cache
def concept_map_json() -> str:
    return condition_map().model_dump_json()


@dataclass(frozen=True, slots=True)
class Rule:
    """One element of the ConceptMap, ready to match a coding."""

    system: str
    code: str
    prefix: bool
    path: str
    counts: Counts
    label: str


def _ext(extensions: list[Extension] | None, url: str) -> Any:
    for ext in extensions or []:
        if ext.url == url:
            return ext.valueCode if ext.valueCode is not None else ext.valueBoolean
    return None


@cache
def rules() -> tuple[Rule, ...]:
    """The ConceptMap's elements as matching rules (read from the resource, not the YAML)."""
    out = []
    for group in condition_map().group or []:
        for element in group.element or []:
            for target in element.target or []:
                out.append(
                    Rule(
                        system=str(group.source),
                        code=str(element.code),
                        prefix=_ext(element.extension, k.EXT_CODE_PREFIX) is True,
                        path=str(target.code),
                        counts="any"
                        if _ext(target.extension, k.EXT_COUNTS_WHEN) == "any"
                        else "active",
                        label=str(_ext(element.extension, k.EXT_VERIFICATION)),
                    )
                )
    return tuple(out)


def _normal(system: str, code: str) -> str:
    # ICD-10 codes are written upper case, with or without the dot; SNOMED CT ids are digits
    icd = system in (k.system_url("icd10"), k.system_url("icd10cm"))
    return code.strip().upper().replace(".", "") if icd else code.strip()


def translate(codings: list[Coding]) -> list[tuple[str, Rule]]:
    """(the record's 'system|code', the rule it matches) for each case field the codings answer:
    the first matching coding per field."""
    found: dict[str, tuple[str, Rule]] = {}
    for coding in codings:
        if not coding.system or not coding.code:
            continue
        code = _normal(str(coding.system), str(coding.code))
        for rule in rules():
            if rule.system != coding.system or rule.path in found:
                continue
            wanted = _normal(rule.system, rule.code)
            if code == wanted or (rule.prefix and code.startswith(wanted)):
                found[rule.path] = (f"{coding.system}|{coding.code}", rule)
    return list(found.values())
