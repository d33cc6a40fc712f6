"""Free text in (issue 6): `POST /api/v1/assess-text` and the self-check's "describe it in your
own words" step (`POST /check/text`).

The API returns the extracted case, the span of text behind every finding, the mentions it did not
count (hypothetical, historical, family, side not stated) and the assessment. The page shows the text
The self-check step keeps the answers the text gives (only values `flow.read_answers` accepts) in
the self-check's state cookie and redirects (Post/Redirect/Get): to the emergency result when they
already make it certain, else to the plain list of what was understood (web/pages/selfcheck.py), then
to the questions `sciatica.flow` still asks; an unanswered question is never a "no". Nothing is
stored on the server or logged.

The extractor (spaCy, medspaCy) is imported on the first request. These routes are mounted only
with the `text` extra; without it their addresses answer 501 naming the extra (web/absent.py).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from ...engine import assess
from ...errors import InvalidCase
from ...validation import parse_json
from ..absent import not_installed
from ..problems import PROBLEM, invalid_case, media_type, problem
from ..security import require_csrf

router = APIRouter()
MAX_TEXT_CHARS = 20_000
# A text must hold a character that is white space neither for Python's `re` nor for ECMA-262,
# whose \s the OpenAPI pattern is read with: they differ on U+001C-U+001F, U+0085 and U+FEFF.
# The route and the schema use this one pattern, so they refuse exactly the same texts.
NOT_BLANK = re.compile(r"[^\s\u001c-\u001f\u0085\ufeff]")
FORMAT = "sciatica-text-assessment/1"


def _extract(text: str, today: date | None, lang: str | None, country: str | None) -> Any:
    from ...text.extract import extract

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
                            "pattern": NOT_BLANK.pattern,
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
    media = media_type(request)
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
    if not isinstance(text, str) or not NOT_BLANK.search(text) or len(text) > MAX_TEXT_CHARS:
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
    except ModuleNotFoundError:  # found but broken: still the extra's 501, never a 500
        return not_installed(request, "text")
    result = assess(extraction.case)
    return JSONResponse(
        {"format": FORMAT, **extraction.to_json(), "assessment": result.to_json_dict()}
    )


# ---------------------------------------------------------------------------------------------
# The self-check step.


def prefill(findings: dict[str, Any]) -> dict[str, Any]:
    """The self-check answers the text gives: only fields the self-check asks, with values
    `flow.read_answers` accepts (each alone, then all together), in the self-check's order."""
    from ... import flow

    answers: dict[str, Any] = {}
    catalogue = flow.catalogue().items
    for path in flow.question_fields():
        if path not in findings:
            continue
        value = findings[path]
        item = catalogue[path]
        bands = [v for v, _ in item.options] if item.kind == "band" else []
        if bands and isinstance(value, int) and not isinstance(value, bool):
            # A duration in days goes to the band that holds it, whose value is the band's
            # shortest duration (INT-18: the safe side), as if the person had chosen that band.
            value = max((b for b in bands if b <= value), default=min(bands))
        trial = {**answers, path: value}
        try:
            flow.read_answers(trial, ())
        except InvalidCase:
            continue
        answers = trial
    return answers


def own_words(text: str, extraction: Any, answers: dict[str, Any]) -> dict[str, str]:
    """For each answer read from the text, the person's words behind it: the sentence of the
    first phrase that gave it, or the words around that phrase when the sentence is long (cut to
    fit the state cookie), so that the page can show what each answer came from."""
    from ..pages.selfcheck import MAX_WORDS_CHARS

    out: dict[str, str] = {}
    for span in extraction.spans:
        if span.field not in answers or span.field in out:
            continue
        start = max(text.rfind(c, 0, span.start) for c in ".!?\n") + 1
        ends = [i for c in ".!?\n" if (i := text.find(c, span.end)) >= 0]
        end = min(ends) if ends else len(text)
        words = " ".join(text[start:end].split())
        if len(words) > MAX_WORDS_CHARS:
            centre = " ".join(text[span.start : span.end].split())
            room = max(0, (MAX_WORDS_CHARS - 2 - len(centre)) // 2)
            before = " ".join(text[max(start, span.start - room) : span.start].split()[1:])
            after = " ".join(text[span.end : min(end, span.end + room)].split()[:-1])
            # the phrase keeps its own spacing: "normal, nothing", never "normal , nothing"
            gap_before = " " if text[span.start - 1 : span.start].isspace() else ""
            gap_after = " " if text[span.end : span.end + 1].isspace() else ""
            words = f"…{before}{gap_before}{centre}{gap_after}{after}…"
            words = words.replace("… ", "…").replace(" …", "…")
            words = words[:MAX_WORDS_CHARS]
        out[span.field] = words
    return out


@router.post("/check/text", dependencies=[Depends(require_csrf)], include_in_schema=False)
async def check_text(request: Request) -> Response:
    """The own words: the answers they give start the self-check (Post/Redirect/Get). If they
    already make the result certain and an emergency, the emergency result comes next; otherwise
    the plain list of what was understood, with a way to change each answer."""
    from ... import flow
    from ...advice import countries
    from ..pages.selfcheck import State, _bad_state, _lang_of, save, see_other

    form = await request.form()
    lang = _lang_of(request)
    country = form.get("country")
    text = form.get("description")
    if not isinstance(country, str) or country not in countries():
        return _bad_state(request, lang)
    if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
        return _bad_state(request, lang)
    state = State(country=country)
    if text.strip():
        try:
            # the words' own language, not the page's: a French description typed on the
            # English page was read with the English rules and lost its findings (2026-12-07)
            extraction = _extract(text, None, None, None)
        except ModuleNotFoundError:
            extraction = None
        if extraction is not None:
            state.pre = prefill(extraction.findings())
            state.words = own_words(text, extraction, state.pre)
    if not state.pre:
        return save(request, see_other("/check/understood"), state)
    step = flow.next_step(state.pre, (), lang, state.country_code)
    if step.done and step.assessment.triage.level == "emergency":
        return save(request, see_other("/check/result"), state)
    return save(request, see_other("/check/understood"), state)
