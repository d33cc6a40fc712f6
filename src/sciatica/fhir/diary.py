"""The recovery diary as FHIR R4: a Bundle (collection) of QuestionnaireResponses, one per entry,
and that Bundle read back into entries (for a clinician's record).

Each response answers the diary Questionnaire (`DIARY_URL`): linkId = the entry's field name
(sciatica.diary), `authored` = the entry's date, integers as valueInteger, a choice as a Coding of
the project CodeSystem `diary-answer` (code = the entry's value), and the Sciatica Bothersomeness
Index as a group `sbi` of four integer items. Reading back goes through `diary.read_entries`, so
a Bundle is refused exactly as a bad posted diary would be, naming the field.
"""

from __future__ import annotations

import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)

from .. import diary
from ..errors import FieldProblem, InvalidCase
from .codes import _url
from .from_fhir import parse_resource

DIARY_URL = _url("Questionnaire", "sciatica-recovery-diary")
CS_DIARY_ANSWER = _url("CodeSystem", "diary-answer")
INTEGERS = ("leg_pain", "back_pain")


def _answer(name: str, value: Any) -> QuestionnaireResponseItemAnswer:
    if name in INTEGERS:
        return QuestionnaireResponseItemAnswer(valueInteger=value)
    return QuestionnaireResponseItemAnswer(valueCoding=Coding(system=CS_DIARY_ANSWER, code=value))


def entry_response(entry: diary.Entry) -> QuestionnaireResponse:
    items = []
    for name, value in entry.json().items():
        if name == "date":
            continue
        if name == "sbi":
            parts = [
                QuestionnaireResponseItem(
                    linkId=f"sbi.{k}", answer=[QuestionnaireResponseItemAnswer(valueInteger=v)]
                )
                for k, v in value.items()
            ]
            items.append(QuestionnaireResponseItem(linkId="sbi", item=parts))
        else:
            items.append(QuestionnaireResponseItem(linkId=name, answer=[_answer(name, value)]))
    return QuestionnaireResponse(
        status="completed",
        questionnaire=DIARY_URL,
        authored=entry.day.isoformat(),
        item=items,
    )


def diary_bundle(entries: list[diary.Entry]) -> Bundle:
    """The entries as a collection Bundle (random ids: the server keeps no copy to refer to)."""
    return Bundle(
        type="collection",
        entry=[
            BundleEntry(fullUrl=f"urn:uuid:{uuid.uuid4()}", resource=entry_response(e))
            for e in entries
        ],
    )


def _value(answer: QuestionnaireResponseItemAnswer) -> Any:
    if answer.valueInteger is not None:
        return answer.valueInteger
    if answer.valueCoding is not None and answer.valueCoding.system == CS_DIARY_ANSWER:
        return answer.valueCoding.code
    return None


def _raw_entry(response: QuestionnaireResponse, at: str) -> dict[str, Any]:
    if response.questionnaire != DIARY_URL:
        raise InvalidCase([FieldProblem(f"{at}.questionnaire", f"must be '{DIARY_URL}'")])
    raw: dict[str, Any] = {"date": str(response.authored)[:10] if response.authored else None}
    for item in response.item or []:
        if item.linkId == "sbi":
            raw["sbi"] = {
                str(part.linkId).removeprefix("sbi."): _value(part.answer[0])
                if part.answer
                else None
                for part in item.item or []
            }
        else:
            raw[str(item.linkId)] = _value(item.answer[0]) if item.answer else None
    return {k: v for k, v in raw.items() if v is not None or k in ("date", "legs")}


def entries_from_bundle(data: Any) -> list[diary.Entry]:
    """A diary Bundle (as exported) back into entries; `InvalidCase` naming what is wrong."""
    bundle = parse_resource(data, Bundle)
    raws = []
    for i, entry in enumerate(bundle.entry or []):
        at = f"entry[{i}].resource"
        resource = entry.resource
        if not isinstance(resource, QuestionnaireResponse):
            raise InvalidCase([FieldProblem(at, "must be a QuestionnaireResponse")])
        raws.append(_raw_entry(resource, at))
    return diary.read_entries(raws, at="entry")


__all__ = ["DIARY_URL", "diary_bundle", "entries_from_bundle", "entry_response"]
