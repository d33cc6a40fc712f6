"""The self-check as a FHIR Questionnaire, generated from knowledge/questions.yaml, and a
QuestionnaireResponse to it read back into a `sciatica-case/1`.

One item per self-check question (the examination questions are the clinician's), in the
questions' danger order: linkId = the case path it fills; yes/no -> boolean; a number -> integer with
minValue/maxValue; a side or a choice -> choice with answerOption codings in the project CodeSystem
`answer` (codes = the contract's values); `ask_if` -> enableWhen; the text in English with the French
as a translation extension; the help text as a child display item with itemControl `help`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.fhirprimitiveextension import FHIRPrimitiveExtension
from fhir.resources.R4B.questionnaire import (
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireItemAnswerOption,
    QuestionnaireItemEnableWhen,
)
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
)

from ..case import Case
from ..errors import FieldProblem, InvalidCase, KnowledgeError
from ..knowledge import load_knowledge
from ..knowledge.schema import AskIf, Question, Text
from ..validation import parse_case
from . import codes as k
from .from_fhir import parse_resource

FHIR_TYPE = {"yes_no": "boolean", "number": "integer", "side": "choice", "choice": "choice"}
READABLE_STATUS = {"in-progress", "completed", "amended", "stopped"}


def _translated(text: Text) -> FHIRPrimitiveExtension:
    """The `_text` (or `_display`) element carrying the French translation."""
    return FHIRPrimitiveExtension(
        extension=[
            Extension(
                url=k.EXT_TRANSLATION,
                extension=[
                    Extension(url="lang", valueCode="fr"),
                    Extension(url="content", valueString=text.fr),
                ],
            )
        ]
    )


def _questions() -> dict[str, Question]:
    return {q.field: q for q in load_knowledge().questions if not q.exam}


def _answer_coding(question: Question, value: str | bool | int) -> Coding:
    for choice in question.choices or []:
        if choice.value == value:
            coding = Coding(system=k.CS_ANSWER, code=str(value), display=choice.text.en)
            coding.display__ext = _translated(choice.text)
            return coding
    return Coding(system=k.CS_ANSWER, code=str(value))


def _condition(
    test: AskIf, value: str | bool | int, operator: str, target: Question
) -> QuestionnaireItemEnableWhen:
    if target.answer == "yes_no":
        return QuestionnaireItemEnableWhen(
            question=test.field, operator=operator, answerBoolean=bool(value)
        )
    if target.answer == "number":
        return QuestionnaireItemEnableWhen(
            question=test.field, operator=operator, answerInteger=int(value)
        )
    return QuestionnaireItemEnableWhen(
        question=test.field,
        operator=operator,
        answerCoding=Coding(system=k.CS_ANSWER, code=str(value)),
    )


def enable_when(
    question: Question, questions: dict[str, Question]
) -> tuple[list[QuestionnaireItemEnableWhen], str | None]:
    """The enableWhen list and enableBehavior that say what the `ask_if` of `question` says.

    `not_in` and `answered` tests must all hold ("all"); an `in` test holds when any of its values
    is the answer ("any"). Raises `KnowledgeError` (the packaged self-check is wrong, naming the
    question) for a combination enableWhen cannot express (an `in` test with several values beside
    another test) or an `ask_if` on a field the self-check does not ask.
    """
    conditions: list[QuestionnaireItemEnableWhen] = []
    behaviours: set[str] = set()
    for test in question.ask_if:
        target = questions.get(test.field)
        if target is None:
            raise KnowledgeError(
                f"knowledge/questions.yaml: {question.field}: ask_if names {test.field}, "
                "not a self-check question"
            )
        if test.answered is not None:
            when = QuestionnaireItemEnableWhen(
                question=test.field, operator="exists", answerBoolean=test.answered
            )
            conditions.append(when)
            behaviours.add("all")
        for value in test.not_in or []:
            conditions.append(_condition(test, value, "!=", target))
            behaviours.add("all")
        values = test.in_ or []
        for value in values:
            conditions.append(_condition(test, value, "=", target))
        if len(values) > 1:
            behaviours.add("any")
        elif values:
            behaviours.add("all")
    if len(behaviours) > 1:
        raise KnowledgeError(
            f"knowledge/questions.yaml: {question.field}: its ask_if mixes 'all' and 'any' tests"
        )
    if len(conditions) < 2:
        return conditions, None
    return conditions, behaviours.pop()


def _item(question: Question, questions: dict[str, Question]) -> QuestionnaireItem:
    item = QuestionnaireItem(
        linkId=question.field, text=question.text.en, type=FHIR_TYPE[question.answer]
    )
    item.text__ext = _translated(question.text)
    if question.answer == "number":
        bounds = []
        if question.minimum is not None:
            bounds.append(Extension(url=k.EXT_MIN_VALUE, valueInteger=question.minimum))
        if question.maximum is not None:
            bounds.append(Extension(url=k.EXT_MAX_VALUE, valueInteger=question.maximum))
        item.extension = bounds or None
    if question.choices:
        item.answerOption = [
            QuestionnaireItemAnswerOption(valueCoding=_answer_coding(question, c.value))
            for c in question.choices
        ]
    conditions, behaviour = enable_when(question, questions)
    if conditions:
        item.enableWhen = conditions
        item.enableBehavior = behaviour
    if question.help is not None:
        control = Extension(
            url=k.EXT_ITEM_CONTROL,
            valueCodeableConcept=k.concept(k.own(k.CS_ITEM_CONTROL, "help", "Help-Button")),
        )
        help_item = QuestionnaireItem(
            linkId=f"{question.field}.help",
            text=question.help.en,
            type="display",
            extension=[control],
        )
        help_item.text__ext = _translated(question.help)
        item.item = [help_item]
    return item


@cache
def _build() -> str:
    kb = load_knowledge()
    questions = _questions()
    questionnaire = Questionnaire(
        id=k.QUESTIONNAIRE_ID,
        url=k.QUESTIONNAIRE_URL,
        version=kb.meta.version,
        name="SciaticaSelfCheck",
        title="Sciatica with leg weakness: self-check",
        status="draft",  # the knowledge base has not been reviewed by a clinician
        experimental=not kb.meta.reviewed_by_clinician,
        language="en",
        subjectType=["Patient"],
        description=kb.meta.disclaimer.en,
        item=[_item(q, questions) for q in questions.values()],
    )
    return questionnaire.model_dump_json()


def questionnaire() -> Questionnaire:
    """The self-check Questionnaire (a fresh model each call; built once)."""
    return Questionnaire.model_validate_json(_build())


def questionnaire_json() -> str:
    return _build()


# --- reading a response ---------------------------------------------------------------------------


def _items(items: list[QuestionnaireResponseItem] | None, where: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for i, item in enumerate(items or []):
        here = f"{where}item[{i}]"
        out.append((here, item))
        for j, answer in enumerate(item.answer or []):
            out.extend(_items(answer.item, f"{here}.answer[{j}]."))
        out.extend(_items(item.item, f"{here}."))
    return out


def _read_answer(question: Question, answer: Any) -> tuple[Any, str | None]:
    if question.answer == "yes_no":
        if answer.valueBoolean is None:
            return None, "expected valueBoolean"
        return bool(answer.valueBoolean), None
    if question.answer == "number":
        if answer.valueInteger is None:
            return None, "expected valueInteger"
        return int(answer.valueInteger), None
    coding = answer.valueCoding
    allowed = [c.value for c in question.choices or []]
    if coding is None or coding.system != k.CS_ANSWER:
        return None, f"expected valueCoding in {k.CS_ANSWER}"
    for value in allowed:
        if str(value) == coding.code:
            return value, None
    return None, f"code must be one of {', '.join(str(v) for v in allowed)}, got {coding.code!r}"


def case_from_response(response: QuestionnaireResponse | dict[str, Any]) -> Case:
    """A QuestionnaireResponse to the self-check, as a case.

    Raises `InvalidCase` naming the item (its index path and linkId) of every answer it cannot
    read, or the case path of a value out of the contract's range.
    """
    qr = (
        response
        if isinstance(response, QuestionnaireResponse)
        else parse_resource(response, QuestionnaireResponse)
    )
    problems: list[FieldProblem] = []
    canonical = (qr.questionnaire or "").split("|")[0]
    if canonical != k.QUESTIONNAIRE_URL:
        problems.append(
            FieldProblem("questionnaire", f"must be {k.QUESTIONNAIRE_URL}, got {canonical!r}")
        )
    if qr.status not in READABLE_STATUS:
        problems.append(FieldProblem("status", f"a {qr.status} response is not read"))
    questions = _questions()
    case: dict[str, Any] = {"format": "sciatica-case/1"}
    for where, item in _items(qr.item, ""):
        if item.linkId.endswith(".help") or not item.answer:
            continue
        question = questions.get(item.linkId)
        if question is None:
            problems.append(FieldProblem(f"{where} ({item.linkId})", "not a self-check question"))
            continue
        if len(item.answer) > 1:
            problems.append(FieldProblem(f"{where} ({item.linkId})", "expected one answer"))
            continue
        value, why = _read_answer(question, item.answer[0])
        if why is not None:
            problems.append(FieldProblem(f"{where}.answer[0] ({item.linkId})", why))
            continue
        node = case
        parts = item.linkId.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if parts[-1] in node:
            problems.append(FieldProblem(f"{where} ({item.linkId})", "answered twice"))
        node[parts[-1]] = value
    if problems:
        raise InvalidCase(problems)
    if qr.id is not None:
        case["id"] = str(qr.id)
    language = (qr.language or "").split("-")[0].lower()
    if language in ("en", "fr"):
        case["locale"] = language
    for ext in qr.extension or []:
        if ext.url == k.EXT_COUNTRY and ext.valueCode:
            case["country"] = str(ext.valueCode)
    return parse_case(case)
