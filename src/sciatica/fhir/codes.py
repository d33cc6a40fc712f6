"""Every code and address the FHIR mapping uses: the project's own CodeSystems and extensions, and
the codes of outside terminologies (SNOMED CT, ICD-10, ICD-10-CM, LOINC) loaded from `codes.yaml`
with their source and verification label.

A coding of an outside terminology always carries its label (C, S or U, clinical-spec E0.1) in the
extension `EXT_VERIFICATION`, so a receiving system can tell an unverified code from a checked one.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Literal

from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from pydantic import BaseModel, ConfigDict, Field

from ..assessment import Condition, Presentation, Root
from ..knowledge.schema import load_yaml, validate_file

# The folder of codes.yaml and condition-map.yaml (a test points it at a corrupted copy).
DATA: Traversable = resources.files(__package__)
System = Literal["snomed", "icd10", "icd10cm", "loinc"]
VerificationLabel = Literal["C", "S", "U"]
SideKey = Literal["left", "right", "both", "unknown"]


class _Y(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CodeEntry(_Y):
    """One code of an outside terminology, with where it comes from and how sure we are of it."""

    system: System
    code: str = Field(min_length=1)
    display: str = Field(min_length=1)
    label: VerificationLabel
    source: str = Field(min_length=1)
    sides: list[SideKey] | None = None
    prefix: bool = False


class CodeTable(_Y):
    canonical: str = Field(pattern=r"^https?://\S+[^/]$")
    systems: dict[System, str]
    presentations: dict[Presentation, list[CodeEntry]]
    roots: dict[Root, list[CodeEntry]]
    differentials: dict[Condition, list[CodeEntry]]
    pain_score: list[CodeEntry]
    laterality: dict[Literal["left", "right"], list[CodeEntry]]

    def entries(self) -> list[CodeEntry]:
        """Every code the mapping writes (each from clinical-spec E9 or marked as not in it)."""
        groups = [
            *self.presentations.values(),
            *self.roots.values(),
            *self.differentials.values(),
            self.pain_score,
            *self.laterality.values(),
        ]
        return [entry for group in groups for entry in group]


@cache
def table() -> CodeTable:
    """codes.yaml, validated (unknown keys, labels or systems are refused)."""
    text = DATA.joinpath("codes.yaml").read_text(encoding="utf-8")
    return validate_file(CodeTable, load_yaml(text, "fhir/codes.yaml"), "fhir/codes.yaml")


CANONICAL = table().canonical


def _url(kind: str, name: str) -> str:
    return f"{CANONICAL}/{kind}/{name}"


# The project's CodeSystems (their codes are the values of the case and assessment contracts).
CS_CASE_FIELD = _url("CodeSystem", "case-field")  # a case path without its side
CS_ANSWER = _url("CodeSystem", "answer")  # the enum values of sciatica-case/1
CS_TRIAGE_LEVEL = _url("CodeSystem", "triage-level")
CS_PRESENTATION = _url("CodeSystem", "presentation")
CS_NERVE_ROOT = _url("CodeSystem", "nerve-root")
CS_DIFFERENTIAL = _url("CodeSystem", "differential")
CS_NEXT_STEP = _url("CodeSystem", "next-step-kind")
CS_BODY_SITE = _url("CodeSystem", "body-site")
CS_ASSESSMENT = _url("CodeSystem", "assessment")
CS_OUTCOME_SCORE = _url("CodeSystem", "outcome-score")  # NPRS, SBI, STarT Back, ODI and parts
CS_ESCALATION = _url("CodeSystem", "escalation")  # ESC-01 ... of the knowledge base
IDENTIFIER_CASE_ID = _url("NamingSystem", "case-id")
IDENTIFIER_RECORD_NUMBER = _url("NamingSystem", "record-number")  # the store's pseudonym

# The project's extensions.
EXT_VERIFICATION = _url("StructureDefinition", "code-verification")  # valueCode C | S | U
EXT_REASON = _url("StructureDefinition", "triage-reason")  # complex: one fired rule
EXT_LATERALITY = _url("StructureDefinition", "laterality")  # valueCodeableConcept
EXT_PREVIOUS_VISIT = _url("StructureDefinition", "previous-visit")  # complex
EXT_UNANSWERED = _url("StructureDefinition", "unanswered")  # valueString: a case path
EXT_COUNTRY = _url("StructureDefinition", "country")  # valueCode: ISO 3166-1 alpha-2
EXT_LIKELIHOOD = _url("StructureDefinition", "likelihood")  # valueCode on a differential
EXT_CODE_PREFIX = _url("StructureDefinition", "code-prefix")  # valueBoolean on a ConceptMap code
EXT_COUNTS_WHEN = _url("StructureDefinition", "counts-when")  # valueCode active | any

QUESTIONNAIRE_ID = "sciatica-self-check"
QUESTIONNAIRE_URL = _url("Questionnaire", QUESTIONNAIRE_ID)
CONCEPT_MAP_ID = "condition-to-case-field"
CONCEPT_MAP_URL = _url("ConceptMap", CONCEPT_MAP_ID)

# HL7 addresses.
EXT_TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
EXT_MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
EXT_MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
EXT_ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
CS_ITEM_CONTROL = "http://hl7.org/fhir/questionnaire-item-control"
CS_OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CS_CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CS_CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CS_CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CS_FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
CS_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
# "I don't know" (case-format 1.1 `unsure`): HL7's data-absent-reason "asked-unknown".
CS_DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
ASKED_UNKNOWN = "asked-unknown"
UCUM = "http://unitsofmeasure.org"


def system_url(system: System) -> str:
    return table().systems[system]


def verification(label: str) -> Extension:
    return Extension(url=EXT_VERIFICATION, valueCode=label)


def external(entry: CodeEntry) -> Coding:
    """A coding of an outside terminology, labelled with its verification status."""
    return Coding(
        system=system_url(entry.system),
        code=entry.code,
        display=entry.display,
        extension=[verification(entry.label)],
    )


def own(system: str, code: str, display: str | None = None) -> Coding:
    """A coding of one of the project's CodeSystems."""
    return Coding(system=system, code=code, display=display)


def concept(*codings: Coding, text: str | None = None) -> CodeableConcept:
    return CodeableConcept(coding=list(codings) or None, text=text)


def for_side(entries: list[CodeEntry], side: str | None) -> list[CodeEntry]:
    """The entries that apply to an assessment side (None = no side known)."""
    key = side or "unknown"
    return [e for e in entries if e.sides is None or key in e.sides]


def unverified(codings: list[Coding]) -> list[str]:
    """'system|code' of every coding labelled U."""
    out = []
    for c in codings:
        labels = [e.valueCode for e in c.extension or [] if e.url == EXT_VERIFICATION]
        if "U" in labels:
            out.append(f"{c.system}|{c.code}")
    return out


def laterality(side: str) -> Extension:
    """The laterality extension of a body site ("left" or "right"): the project's side code and
    SNOMED CT's."""
    entries = [e for key, group in table().laterality.items() if key == side for e in group]
    if not entries:
        raise ValueError(f"laterality is left or right, not {side!r}")
    codings = [own(CS_ANSWER, side, side), *(external(e) for e in entries)]
    return Extension(url=EXT_LATERALITY, valueCodeableConcept=concept(*codings))
