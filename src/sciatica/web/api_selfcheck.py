"""`POST /api/v1/self-check`: the stateless `sciatica-self-check/1` exchange (case-format.md).

A phone app, a patient portal or a chat service sends the answers so far and gets the next
question, or the result once it is certain: the same `sciatica.flow` the web page and `sciatica
check` use. Nothing is kept between calls and nothing is logged.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..errors import FieldProblem, InvalidCase
from ..flow import UNSTATED, Asked, Step, catalogue, next_step, unstated_side_fields
from ..knowledge import load_knowledge
from ..plan import PLAN_FORMAT, build_plan
from ..validation import parse_json
from .problems import PROBLEM, invalid_case, media_type, problem

router = APIRouter(prefix="/api/v1", tags=["self-check"])

FORMAT = "sciatica-self-check/1"
ENVELOPE = ("format", "locale", "country", "answers", "unsure")
MAX_ANSWERS = 200
COUNTRY = re.compile(r"^[A-Z]{2}$")
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
ANSWER_VALUE = {"anyOf": [{"type": "boolean"}, {"type": "integer"}, {"type": "string"}]}


def _value_schema(item: Any) -> dict[str, Any]:
    if item.kind == "yes_no":
        return {"type": "boolean"}
    if item.kind == "side":
        sides = ["left", "right", "both", "none"]
        # A sided symptom may be "present, side not stated" (case format 1.1); the flow keeps
        # asking which leg when that can change the outcome.
        if item.name in unstated_side_fields():
            sides.append(UNSTATED)
        return {"type": "string", "enum": sides}
    if item.kind == "number":
        return {"type": "integer", "minimum": item.minimum, "maximum": item.maximum}
    return {"enum": [value for value, _ in item.options]}


ITEMS = catalogue().items
REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "format": {"type": "string", "enum": [FORMAT]},
        "locale": {"type": "string", "enum": ["en", "fr"], "default": "en"},
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "answers": {
            "type": "object",
            "description": "case path (or screen id) -> answer, as in sciatica-case/1",
            "properties": {name: _value_schema(item) for name, item in ITEMS.items()},
            "additionalProperties": False,
        },
        "unsure": {
            "type": "array",
            "description": 'questions answered "I don\'t know"; a cauda equina question is '
            'listed once after the first "I don\'t know" (it is then re-asked in simpler words) '
            "and twice after the second",
            "items": {"type": "string", "enum": sorted(ITEMS)},
            "maxItems": MAX_ANSWERS,
        },
    },
}
OPTION_SCHEMA = {
    "type": "object",
    "properties": {"value": ANSWER_VALUE, "label": {"type": "string"}},
    "required": ["value", "label"],
}
QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "field": {"type": "string"},
        "kind": {"type": "string", "enum": ["choice", "side", "yes_no", "number", "band"]},
        "text": {"type": "string"},
        "help": {"type": ["string", "null"]},
        "items": {"type": "array", "items": {"type": "string"}},
        "options": {"type": "array", "items": OPTION_SCHEMA},
        "minimum": {"type": ["integer", "null"]},
        "maximum": {"type": ["integer", "null"]},
        "unsure_allowed": {"type": "boolean"},
        "simpler_wording": {"type": "boolean"},
    },
    "required": ["field", "kind", "text", "options", "unsure_allowed", "simpler_wording"],
}
STATEMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "text": {"type": "string"},
        "kind": {"type": "string", "enum": ["advice", "against"]},
        "sources": {"type": "array", "items": {"type": "string"}},
        "label": {"type": "string"},
    },
    "required": ["id", "text", "kind", "sources", "label"],
}
PLAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The personal plan (additive): only once `done`, below emergency, for a "
    "picture that fits sciatica; its `action` is the result's and comes first. Statements of "
    "kind `against` name what guidelines advise against; `sources` are knowledge-base ids.",
    "properties": {
        "format": {"type": "string", "enum": [PLAN_FORMAT]},
        "made_on": {"type": "string", "format": "date"},
        "level": {"type": "string"},
        "action": {"type": "string"},
        "dates": {
            "type": "object",
            "properties": {
                key: {"type": ["string", "null"], "format": "date"}
                for key in ("review", "strength_check", "referral")
            },
        },
        "warning_signs_answered": {"type": "boolean"},
        "sections": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "statements": {"type": "array", "items": STATEMENT_SCHEMA},
                },
                "required": ["id", "title", "statements"],
            },
        },
        "safety_net": {"type": "array", "items": {"type": "string"}},
        "disclaimer": {"type": "string"},
    },
    "required": ["format", "made_on", "level", "action", "sections", "safety_net", "disclaimer"],
}
RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "format": {"type": "string", "enum": [FORMAT]},
        "done": {"type": "boolean"},
        "asked": {"type": "integer", "minimum": 0},
        "question": QUESTION_SCHEMA,
        "assessment": {"$ref": "#/components/schemas/Assessment"},
        "plan": PLAN_SCHEMA,
        "optional": {"type": "array", "items": {"type": "string"}},
        "red_flags_answered": {"type": "boolean"},
    },
    "required": ["format", "done", "asked", "optional", "red_flags_answered"],
}

EXAMPLES: dict[str, Any] = {
    "start": {"summary": "The first call: no answers yet", "value": {"format": FORMAT}},
    "unsure-bladder": {
        "summary": "A French person, unsure about their bladder (re-asked in simpler words)",
        "value": {
            "format": FORMAT,
            "locale": "fr",
            "country": "FR",
            "answers": {
                "screen.call_now": False,
                "symptoms.saddle_numbness": False,
            },
            "unsure": ["symptoms.bladder"],
        },
    },
    "emergency": {
        "summary": "Saddle numbness: the emergency result comes at once",
        "value": {
            "format": FORMAT,
            "locale": "en",
            "country": "GB",
            "answers": {"screen.call_now": False, "symptoms.saddle_numbness": True},
        },
    },
}

OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": REQUEST_SCHEMA, "examples": EXAMPLES}},
    },
    "responses": {
        "200": {
            "description": "The next question, or the result once it is certain",
            "content": {"application/json": {"schema": RESPONSE_SCHEMA}},
        },
        "413": {"description": "Body too large", "content": {PROBLEM: {"schema": PROBLEM_REF}}},
        "415": {"description": "Not JSON", "content": {PROBLEM: {"schema": PROBLEM_REF}}},
        "422": {
            "description": "The answers were refused; `errors` names each bad entry",
            "content": {PROBLEM: {"schema": PROBLEM_REF}},
        },
    },
}


def _envelope(data: Any) -> tuple[dict[str, Any], list[Any], str, str | None]:
    """The request's parts, or `InvalidCase` naming every bad one."""
    if not isinstance(data, dict):
        raise InvalidCase([FieldProblem("", "the request must be a JSON object")])
    problems = [
        FieldProblem(key, f"unknown field; expected one of: {', '.join(ENVELOPE)}")
        for key in data
        if key not in ENVELOPE
    ]
    if data.get("format", FORMAT) != FORMAT:
        problems.append(FieldProblem("format", f"must be '{FORMAT}'"))
    locale = data.get("locale", "en")
    if locale not in ("en", "fr"):
        problems.append(FieldProblem("locale", "must be one of 'en', 'fr'"))
    country = data.get("country")
    known = {c.code for c in load_knowledge().countries}
    if "country" in data and not (isinstance(country, str) and COUNTRY.match(country)):
        problems.append(FieldProblem("country", "must be an ISO 3166-1 alpha-2 code such as 'FR'"))
    elif country is not None and country not in known:
        country = None  # an unlisted country gets the 112 fallback, as in /api/v1/assess
    answers = data.get("answers", {})
    if not isinstance(answers, dict) or len(answers) > MAX_ANSWERS:
        problems.append(FieldProblem("answers", f"must be an object of at most {MAX_ANSWERS}"))
        answers = {}
    unsure = data.get("unsure", [])
    if not isinstance(unsure, list) or len(unsure) > MAX_ANSWERS:
        problems.append(FieldProblem("unsure", f"must be a list of at most {MAX_ANSWERS} paths"))
        unsure = []
    if problems:
        raise InvalidCase(problems)
    return answers, unsure, str(locale), country


def question_json(question: Asked) -> dict[str, Any]:
    return {
        "field": question.field,
        "kind": question.kind,
        "text": question.text,
        "help": question.help,
        "items": list(question.items),
        "options": [{"value": o.value, "label": o.label} for o in question.options],
        "minimum": question.minimum,
        "maximum": question.maximum,
        "unsure_allowed": question.unsure_allowed,
        "simpler_wording": question.simpler_wording,
    }


def step_json(step: Step) -> dict[str, Any]:
    """The contract's answer for one step (the assessment only once the result is certain)."""
    out: dict[str, Any] = {"format": FORMAT, "done": step.done, "asked": step.asked}
    if step.question is not None:
        out["question"] = question_json(step.question)
    if step.done:
        out["assessment"] = step.assessment.to_json_dict()
        plan = build_plan(step.assessment, step.case, date.today())
        if plan is not None:  # never for an emergency (plan.builder)
            out["plan"] = plan.to_json()
    out["optional"] = list(step.optional)
    out["red_flags_answered"] = step.red_flags_answered
    return out


@router.post(
    "/self-check",
    summary="The adaptive self-check, one step at a time",
    description="Send the answers so far (`sciatica-self-check/1`); get the next question, or "
    "the assessment once the outcome is certain (clinical-spec Part I §4a). Stateless: the "
    "server keeps nothing between calls. Screen questions (`screen.*`) stand for several "
    "red flags: `false` answers every one of them no; `true` asks each of them.",
    openapi_extra=OPENAPI,
    response_class=JSONResponse,
    responses={200: {"description": "The next step"}},
)
async def post_self_check(request: Request) -> Response:
    media = media_type(request)
    if media != "application/json":
        return problem(415, "Unsupported media type", "Send the answers as application/json.")
    try:
        answers, unsure, locale, country = _envelope(parse_json(await request.body()))
        step = next_step(answers, unsure, locale, country)
    except InvalidCase as error:
        return invalid_case(error)
    return JSONResponse(step_json(step))
