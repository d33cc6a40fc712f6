"""REST API under /api/v1: a thin translation of HTTP to `sciatica.assess` and the knowledge base."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter
from starlette.routing import Route

from ... import __version__
from ...assessment import Assessment
from ...engine import assess
from ...errors import InvalidCase
from ...extras import available
from ...knowledge import load_knowledge
from ...validation import parse_case, parse_json
from ..absent import not_installed
from ..problems import PROBLEM, invalid_case, media_type, problem
from .case_body import valid_case

router = APIRouter(prefix="/api/v1", tags=["api"])

JSON_TYPES = ("application/json", "application/fhir+json")
ASSESSMENT_JSON = TypeAdapter(Assessment)


def _example(name: str) -> dict[str, Any]:
    text = resources.files("sciatica").joinpath("examples", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}
ASSESS_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Case"},
                "examples": {
                    "paralysing-l5": {
                        "summary": "The contract's example: L5 paralysis, worse than last week",
                        "value": _example("paralysing-l5-contract"),
                    },
                    "self-check-fr": {
                        "summary": "A French self-check: foot drop, no examination",
                        "value": _example("foot-drop-self-check-fr"),
                    },
                    "pain-only": {
                        "summary": "Pain-only sciatica with every red flag answered",
                        "value": _example("pain-only-sciatica"),
                    },
                },
            }
        },
    },
    "responses": {
        "200": {
            "description": "The assessment (sciatica-assessment/1)",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Assessment"}}
            },
        },
        "413": {"description": "Body too large", "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}},
        "415": {"description": "Not JSON", "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}},
        "422": {
            "description": "The case was refused; `errors` names each bad field",
            "content": {
                PROBLEM: {
                    "schema": PROBLEM_SCHEMA,
                    "example": {
                        "type": "/problems/invalid-case",
                        "title": "The case was refused",
                        "status": 422,
                        "detail": "Nothing was assessed.",
                        "errors": [
                            {
                                "path": "exam.strength.left.hip_flexion",
                                "message": "must be an integer 0-5 (MRC grade), got 7",
                            }
                        ],
                    },
                }
            },
        },
    },
}


@router.post(
    "/assess",
    summary="Assess a case",
    description="Reads a `sciatica-case/1` and returns a `sciatica-assessment/1`. Pure: nothing "
    "is stored. Invalid input gets a 422 problem naming every offending field.",
    openapi_extra=ASSESS_OPENAPI,
    response_class=JSONResponse,
    responses={200: {"description": "The assessment"}},
)
async def post_assess(request: Request) -> Response:
    media = media_type(request)
    if media not in JSON_TYPES:
        return problem(415, "Unsupported media type", "Send the case as application/json.")
    # Most requests have no query string: not parsing an empty one saves a sixtieth of a request.
    output = request.query_params.get("format") if request.scope["query_string"] else None
    body = await request.body()
    try:
        case = valid_case(body) if output is None else None
        if case is None:  # not a valid case as it stands: refused, FHIR, or asked as FHIR
            data = parse_json(body)
            if output is not None or (isinstance(data, dict) and "resourceType" in data):
                if not available("fhir"):  # FHIR in or out (issue 5): imported only then
                    return not_installed(request, "fhir")
                from .fhir import assess_request

                return assess_request(data, output)
            case = parse_case(data)
        result = assess(case)
    except InvalidCase as error:
        return invalid_case(error)
    # pydantic writes the JSON bytes itself, in a quarter of the time of `to_json_dict()` and then
    # `json.dumps`; by alias, as `to_json_dict` (the contract's `for`). A test compares the two.
    # As bytes: the answer is sent as they are, not made a str and encoded back.
    return Response(ASSESSMENT_JSON.dump_json(result, by_alias=True), media_type="application/json")


def direct_route() -> Route:
    """POST /api/v1/assess as a plain Starlette route, which `create_app` puts before every other
    route. The endpoint takes the request alone (no dependency, no body model), so FastAPI's
    per-request machinery (dependency solving, exit stacks, route contexts, telemetry) had nothing
    to do for it, yet cost a sixth of a request's time outside the engine. The route declared above
    stays for /openapi.json; the answers are the same byte for byte (status, headers, body; 405,
    413, 415 and 422 included), which tests/web/test_api.py checks against it."""
    return Route(f"{router.prefix}/assess", post_assess, methods=["POST"])


def _rule_json(rule_id: str) -> dict[str, Any] | None:
    kb = load_knowledge()
    for rule in kb.rules:
        if rule.id == rule_id:
            data: dict[str, Any] = rule.model_dump(mode="json")
            data["unverified"] = rule.label == "U"
            data["escalation"] = [e.id for e in kb.escalation if rule.id in e.implemented_by]
            sources = {s.id: s for s in kb.sources}
            data["source_details"] = [sources[s].model_dump(mode="json") for s in rule.sources]
            return data
    return None


@router.get("/rules", summary="Every triage rule with level, sources and verification label")
async def get_rules() -> JSONResponse:
    kb = load_knowledge()
    return JSONResponse(
        {
            "knowledge_version": kb.meta.version,
            "rules": [
                {**r.model_dump(mode="json"), "unverified": r.label == "U"} for r in kb.rules
            ],
        }
    )


@router.get(
    "/rules/{rule_id}",
    summary="One rule with its evidence",
    responses={
        404: {"description": "No such rule", "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}}
    },
)
async def get_rule(rule_id: str) -> JSONResponse:
    data = _rule_json(rule_id)
    if data is None:
        return problem(404, "No such rule", f"No rule has the id {rule_id!r}; see /api/v1/rules.")
    return JSONResponse(data)


@router.get("/health", summary="Liveness, version and knowledge version")
async def get_health() -> JSONResponse:
    return JSONResponse(
        {"status": "ok", "version": __version__, "knowledge_version": load_knowledge().meta.version}
    )
