"""Free text in (issue 6): `POST /api/v1/assess-text` and the self-check's "describe it in your
own words" step (`POST /check/text`).

The API returns the extracted case, the span of text behind every finding, the mentions it did not
count (hypothetical, historical, family, side not stated) and the assessment. The page shows the text
with those spans highlighted and the answers it pre-filled, then hands over to the ordinary
self-check flow (`/check`, action "stay"): every question the text did not answer, red flags first,
is still asked; an unanswered question is never a "no". Nothing is stored or logged.

The extractor (spaCy, medspaCy) is imported on the first request, so the app starts without the
`text` extra; without it these routes answer 501.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from ..engine import assess
from ..errors import InvalidCase
from ..validation import parse_json
from .problems import PROBLEM, invalid_case, problem
from .security import require_csrf
from .templating import render

router = APIRouter()
MAX_TEXT_CHARS = 20_000
FORMAT = "sciatica-text-assessment/1"


def _extract(text: str, today: date | None, lang: str | None, country: str | None) -> Any:
    from ..text.extract import extract

    return extract(text, today=today, lang=lang, country=country)


PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
ASSESS_TEXT_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {
                        "text": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_TEXT_CHARS,
                            "pattern": "\\S",
                        },
                        "today": {"type": "string", "format": "date"},
                        "lang": {"type": "string", "enum": ["en", "fr"]},
                        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                    },
                },
                "example": {
                    "text": "My left foot drags and I can't feel the toilet paper",
                    "today": "2026-03-12",
                },
            }
        },
    },
    "responses": {
        "200": {
            "description": "The case, the spans behind it and the assessment",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        "415": {"description": "Not JSON", "content": {PROBLEM: {"schema": PROBLEM_REF}}},
        "422": {
            "description": "Refused; `errors` names each bad field",
            "content": {PROBLEM: {"schema": PROBLEM_REF}},
        },
        "501": {
            "description": "The text extra is not installed",
            "content": {PROBLEM: {"schema": PROBLEM_REF}},
        },
    },
}


@router.post(
    "/api/v1/assess-text",
    tags=["api"],
    openapi_extra=ASSESS_TEXT_OPENAPI,
    response_class=JSONResponse,
    responses={200: {"description": "The case, the spans behind it and the assessment"}},
    summary="Assess a free-text description",
    description='Reads `{"text": "...", "today": "YYYY-MM-DD"?, "lang": "en"|"fr"?, '
    '"country": "FR"?}` and returns the extracted `sciatica-case/1`, the supporting span of every '
    "finding, the mentions not counted and the `sciatica-assessment/1`. Nothing is stored.",
)
async def post_assess_text(request: Request) -> Response:
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media != "application/json":
        return problem(415, "Unsupported media type", "Send application/json.")
    try:
        data = parse_json(await request.body())
    except InvalidCase as error:
        return invalid_case(error)
    errors: list[dict[str, str]] = []
    if not isinstance(data, dict):
        return problem(422, "The request was refused", "Send a JSON object with a 'text'.")
    unknown = set(data) - {"text", "today", "lang", "country"}
    for key in sorted(unknown):
        errors.append(
            {"path": key, "message": "unknown field; expected text, today, lang, country"}
        )
    text = data.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_CHARS:
        errors.append(
            {
                "path": "text",
                "message": f"must be a non-empty string of at most {MAX_TEXT_CHARS} characters",
            }
        )
    today = None
    if "today" in data:  # present means given: null is refused like any other non-date
        try:
            if not isinstance(data["today"], str):
                raise ValueError
            today = date.fromisoformat(data["today"])
        except ValueError:
            errors.append({"path": "today", "message": "must be a date YYYY-MM-DD"})
    lang = data.get("lang")
    if "lang" in data and lang not in ("en", "fr"):
        errors.append({"path": "lang", "message": "must be one of 'en', 'fr'"})
    country = data.get("country")
    if "country" in data and (
        not isinstance(country, str)
        or len(country) != 2
        or not (country.isascii() and country.isalpha() and country.isupper())
    ):
        errors.append({"path": "country", "message": "must be an ISO 3166-1 alpha-2 code"})
    if errors:
        response = problem(422, "The request was refused", "Nothing was assessed.")
        import json

        body = json.loads(bytes(response.body))
        body["errors"] = errors
        return JSONResponse(body, status_code=422, media_type=response.media_type)
    try:
        extraction = _extract(text, today, lang, country)  # type: ignore[arg-type]
    except ModuleNotFoundError:
        return problem(501, "Free text is not installed", "Install sciatica[text].")
    result = assess(extraction.case)
    return JSONResponse(
        {"format": FORMAT, **extraction.to_json(), "assessment": result.to_json_dict()}
    )


# ---------------------------------------------------------------------------------------------
# The self-check step.


def segments(text: str, spans: list[Any]) -> list[tuple[str, Any]]:
    """The text cut into (piece, span or None), spans not overlapping (the first one wins)."""
    out: list[tuple[str, Any]] = []
    at = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < at:
            continue
        if span.start > at:
            out.append((text[at : span.start], None))
        out.append((text[span.start : span.end], span))
        at = span.end
    if at < len(text):
        out.append((text[at:], None))
    return out


def prefill(findings: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The self-check answers the text gives (only values the questions can take), in the order
    the questions are asked."""
    from .pages_selfcheck import encode, questions_by_field

    known = questions_by_field()
    answers = {
        path: value
        for path, value in findings.items()
        if path in known and encode(known[path], value) is not None
    }
    asked = [path for path in known if path in answers]
    return answers, asked


@router.post("/check/text", dependencies=[Depends(require_csrf)], include_in_schema=False)
async def check_text(request: Request) -> Response:
    from .pages_selfcheck import (
        Flow,
        _bad_state,
        _lang_of,
        answer_text,
        countries,
        page_context,
        questions_by_field,
    )

    form = await request.form()
    lang = _lang_of(request)
    country = form.get("country")
    text = form.get("description")
    if not isinstance(country, str) or country not in countries():
        return _bad_state(request, lang)
    if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
        return _bad_state(request, lang)
    flow = Flow(country=country)
    spans: list[Any] = []
    ignored: list[Any] = []
    if text.strip():
        try:
            extraction = _extract(text, None, None, None)
        except ModuleNotFoundError:
            extraction = None
        if extraction is not None:
            flow.answers, flow.asked = prefill(extraction.findings())
            used = set(flow.answers)
            spans = [s for s in extraction.spans if s.field in used]
            ignored = extraction.ignored
    known = questions_by_field()
    return render(
        request,
        "selfcheck/text.html",
        {
            **page_context(lang),
            "pieces": segments(text or "", spans),
            "has_text": bool((text or "").strip()),
            "prefilled": [
                (getattr(known[f].text, lang), answer_text(known[f], flow, lang))
                for f in flow.asked
            ],
            "ignored": ignored,
            "labels": {f: getattr(q.text, lang) for f, q in known.items()},
            "state": flow.dump(),
        },
    )
