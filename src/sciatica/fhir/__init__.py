"""FHIR R4 for sciatica (built with the `fhir.resources` R4B models, wire-compatible with R4 for the
resources used): the self-check as a Questionnaire, a QuestionnaireResponse or a record read into a
case, and an assessment written as a Bundle. Needs the optional extra `sciatica[fhir]`.

    questionnaire()                   the self-check Questionnaire
    case_from_response(qr)            QuestionnaireResponse -> Case
    case_from_bundle(bundle, today=)  Bundle of Patient, Observations, Conditions -> RecordReading
    assessment_bundle(case, result)   Case + Assessment -> Bundle (collection)
    record_bundle(export)             a stored record (sciatica-record/1) -> Bundle (collection)
    condition_map()                   the ConceptMap from problem-list codes to history fields
    case_from_fhir(data, today=)      a QuestionnaireResponse or a Bundle, told apart by resourceType
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..case import Case
from ..errors import FieldProblem, InvalidCase
from .concept_map import condition_map
from .from_fhir import RecordReading, case_from_bundle, case_from_resources
from .questionnaire import case_from_response, questionnaire
from .record import record_bundle
from .to_fhir import assessment_bundle

ACCEPTED = ("QuestionnaireResponse", "Bundle")


def case_from_fhir(data: Any, *, today: date | None = None) -> Case:
    """A case from FHIR JSON: a QuestionnaireResponse to the self-check, or a Bundle of record
    resources (`today` turns a birth date into an age). Raises `InvalidCase` otherwise."""
    kind = data.get("resourceType") if isinstance(data, dict) else None
    if kind == "QuestionnaireResponse":
        return case_from_response(data)
    if kind == "Bundle":
        return case_from_bundle(data, today=today).case
    raise InvalidCase(
        [FieldProblem("resourceType", f"must be one of {', '.join(ACCEPTED)}, got {kind!r}")]
    )


__all__ = [
    "RecordReading",
    "assessment_bundle",
    "case_from_bundle",
    "case_from_fhir",
    "case_from_resources",
    "case_from_response",
    "condition_map",
    "questionnaire",
    "record_bundle",
]
