"""The recovery diary (`/diary`, issue 15 part 3): a page whose entries live in the person's browser.

The server keeps nothing. static/diary.js stores the entries in localStorage and posts them, when
the person saves one, to the stateless `POST /api/v1/diary/check`: the ENGINE assesses the latest
entry with the one before as `previous` (sciatica.diary), and the answer carries the result as
HTML rendered from the self-check's own strings and numbers partial, so an emergency reads and
dials exactly as the self-check's. Exports are stateless too: `POST /diary/pdf` (a form post,
so the browser downloads it) and `POST /api/v1/diary/fhir` (a Bundle of QuestionnaireResponses).

Without JavaScript the entry form posts to `POST /diary/check`, which shows the same result as a
page (the entry is then not kept: there is nowhere to keep it). No request body is ever logged.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import FormData

from ... import diary
from ...advice import countries
from ...errors import FieldProblem, InvalidCase
from ...extras import available
from ...knowledge.schema import load_yaml, validate_file
from ...patient import patient_result
from ...validation import parse_json
from .. import i18n
from ..absent import not_installed
from ..i18n import UiStrings
from ..pdf import pdf_response
from ..problems import PROBLEM, invalid_case, media_type, problem
from ..security import require_csrf
from ..templating import render, templates
from .selfcheck import (
    DEFAULT_COUNTRY,
    country_options,
    numbers_context,
    page_context,
    requested_country,
    typeset,
)

router = APIRouter()

DIARY_FILE = "web/diary.yaml"
ENVELOPE = ("format", "locale", "country", "entries")
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["entries"],
    "properties": {
        "format": {"enum": [diary.FORMAT]},
        "locale": {"enum": ["en", "fr"], "default": "en"},
        "country": {
            "type": ["string", "null"],
            "description": "ISO 3166-1 alpha-2: whose emergency numbers (112 when not listed)",
        },
        "entries": {
            "type": "array",
            "minItems": 1,
            "maxItems": diary.MAX_ENTRIES,
            "items": diary.entry_schema(),
        },
    },
}
REFUSED: dict[str, Any] = {
    "413": {"description": "Body too large", "content": {PROBLEM: {"schema": PROBLEM_REF}}},
    "415": {"description": "Not JSON", "content": {PROBLEM: {"schema": PROBLEM_REF}}},
    "422": {
        "description": "The diary was refused; `errors` names each bad field",
        "content": {PROBLEM: {"schema": PROBLEM_REF}},
    },
}
CHECK_RESPONSE: dict[str, Any] = {
    "type": "object",
    "required": ["format", "level", "red_flags_answered", "pain_climbing", "call", "html"],
    "properties": {
        "format": {"enum": [diary.FORMAT]},
        "level": {
            "enum": ["emergency", "urgent", "soon", "routine", "self_care", None],
            "description": "null: a warning-sign question is unanswered, no level is shown",
        },
        "red_flags_answered": {"type": "boolean"},
        "pain_climbing": {"type": "boolean"},
        "call": {
            "type": "object",
            "required": ["label", "href"],
            "properties": {"label": {"type": "string"}, "href": {"type": "string"}},
        },
        "html": {"type": "string", "description": "the result as the page shows it"},
    },
}


def _openapi(ok: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": REQUEST_SCHEMA}},
        },
        "responses": {"200": ok, **REFUSED},
    }


@cache
def diary_strings(lang: str) -> dict[str, str]:
    """diary.yaml in `lang`, typeset; validated as strictly as strings.yaml."""
    # i18n.DATA read at call time: a test points it at a corrupted copy
    text = i18n.DATA.joinpath("diary.yaml").read_text(encoding="utf-8")
    catalogue = validate_file(UiStrings, load_yaml(text, DIARY_FILE), DIARY_FILE).root
    return {key: typeset(getattr(value, lang), lang) for key, value in catalogue.items()}


# The self-check result links here through templates/diary/_after_result.html, which reads its
# words from diary.yaml (one include in result.html instead of strings in strings.yaml).
templates().env.globals["diary_strings"] = diary_strings


def _lang(request: Request, asked: Any = None) -> str:
    if asked in ("en", "fr"):
        return str(asked)
    from ..i18n import negotiate

    return negotiate(request)


def _country(code: Any) -> str | None:
    """A listed country code, else None (the 112 fallback)."""
    return (
        code if isinstance(code, str) and code in countries() and code != DEFAULT_COUNTRY else None
    )


# ---------------------------------------------------------------------------------------------
# The result, as the person reads it.


def result_context(result: diary.DiaryCheck, lang: str, country: str | None) -> dict[str, Any]:
    d = diary_strings(lang)
    pr = patient_result(result.assessment, country)
    reasons = list(pr.reasons) if result.level == pr.level else []
    if result.climbing is not None:
        first, last, days = result.climbing
        reasons.append(d["climbing"].format(first=first, last=last, days=days))
    return {
        **page_context(lang),
        **numbers_context(country, lang),
        "d": d,
        "level": result.level,
        # §4a: no level headline unless the red flags were all answered (an emergency is certain)
        "shown": result.level == "emergency" or result.red_flags_answered,
        "action": typeset(result.action, lang),
        "reasons": [typeset(r, lang) for r in reasons],
        # the self-check result's "while you wait" (do not drive yourself, bring your medicines)
        "while_waiting": [typeset(w, lang) for w in pr.while_waiting]
        if result.level == pr.level
        else [],
        "safety_net": [typeset(s, lang) for s in pr.safety_net],
    }


def result_html(result: diary.DiaryCheck, lang: str, country: str | None) -> str:
    return _render_result(result_context(result, lang, country))


def _render_result(context: dict[str, Any]) -> str:
    return templates().get_template("diary/_result.html").render(context)


def result_json(result: diary.DiaryCheck, lang: str, country: str | None) -> dict[str, Any]:
    """What the page needs: the level (or none shown), the call and the rendered result."""
    context = result_context(result, lang, country)
    return {
        "format": diary.FORMAT,
        "level": result.level if context["shown"] else None,
        "red_flags_answered": result.red_flags_answered,
        "pain_climbing": result.climbing is not None,
        "call": {"label": context["primary"].label, "href": context["primary"].href},
        "html": _render_result(context),
    }


# ---------------------------------------------------------------------------------------------
# Reading a request.


def read_request(data: Any) -> tuple[list[diary.Entry], str, str | None]:
    """The entries, locale and country of a diary request; `InvalidCase` naming each bad field."""
    if not isinstance(data, dict):
        raise InvalidCase([FieldProblem("", "the request must be a JSON object")])
    problems = [
        FieldProblem(key, f"unknown field; expected one of: {', '.join(ENVELOPE)}")
        for key in data
        if key not in ENVELOPE
    ]
    if data.get("format", diary.FORMAT) != diary.FORMAT:
        problems.append(FieldProblem("format", f"must be '{diary.FORMAT}'"))
    locale = data.get("locale", "en")
    if locale not in ("en", "fr"):
        problems.append(FieldProblem("locale", "must be one of 'en', 'fr'"))
    country = data.get("country")
    if country is not None and not isinstance(country, str):
        problems.append(FieldProblem("country", "must be a country code such as 'FR'"))
    try:
        entries = diary.read_entries(data.get("entries"))
    except InvalidCase as error:
        problems.extend(error.problems)
        entries = []
    if problems:
        raise InvalidCase(problems)
    return entries, str(locale), _country(country)


async def _json_body(request: Request) -> Any:
    if media_type(request) != "application/json":
        raise _NotJson
    return parse_json(await request.body())


class _NotJson(Exception):
    pass


def _form_str(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def entry_from_form(form: FormData) -> dict[str, Any]:
    """One entry from the page's form (the no-JavaScript path): numbers as numbers, blanks left
    out so an unanswered question stays unanswered."""
    entry: dict[str, Any] = {}
    for name in diary.ENTRY_FIELDS:
        if name == "sbi":
            continue
        text = _form_str(form, name).strip()
        if not text:
            continue
        entry[name] = int(text) if name in ("leg_pain", "back_pain") and text.isdigit() else text
    sbi = {k: _form_str(form, f"sbi_{k}").strip() for k in diary.SBI_ITEMS}
    if any(sbi.values()):
        entry["sbi"] = {k: int(v) if v.isdigit() else v for k, v in sbi.items()}
    return entry


# ---------------------------------------------------------------------------------------------
# Pages.


def _labels(lang: str) -> str:
    """The strings diary.js needs, as JSON for a data attribute (no inline script: CSP)."""
    d = diary_strings(lang)
    keys = ("series_leg", "series_back", "chart_empty", "chart_label", "remove", "flags_none",
            "flags_some", "flags_missing", "forget_confirm", "forgotten", "saved", "error_title",
            "error_field", "error_network", "side_left", "side_right", "side_both", "side_none",
            "weak_none")  # fmt: skip
    return json.dumps({k: d[k] for k in keys}, ensure_ascii=False)


@router.get("/diary", include_in_schema=False)
async def diary_page(request: Request) -> Response:
    lang = _lang(request)
    country = requested_country(request, lang)
    return render(
        request,
        "diary/diary.html",
        {
            **page_context(lang),
            **numbers_context(_country(country), lang),
            "d": diary_strings(lang),
            "labels": _labels(lang),
            "countries": country_options(lang),
            "country": country,
            "today": date.today().isoformat(),
            "sbi_items": diary.SBI_ITEMS,
            "pdf": available("pdf"),
            "fhir": available("fhir"),
        },
    )


@router.post("/diary/check", include_in_schema=False, dependencies=[Depends(require_csrf)])
async def diary_check_page(request: Request) -> Response:
    """The no-JavaScript path: one entry checked and shown as a page (nothing kept)."""
    form = await request.form()
    lang = _lang(request, _form_str(form, "locale"))
    country = _country(_form_str(form, "country"))
    try:
        entries = diary.read_entries([entry_from_form(form)])
    except InvalidCase as error:
        d = diary_strings(lang)
        return render(
            request,
            "diary/result.html",
            {**page_context(lang), "d": d, "errors": error.problems, "result": None},
            status=422,
        )
    result = diary.check(entries, lang, country)
    return render(
        request,
        "diary/result.html",
        {
            **page_context(lang),
            "d": diary_strings(lang),
            "errors": [],
            "result": result_html(result, lang, country),
        },
    )


@router.post(
    "/api/v1/diary/check",
    tags=["diary"],
    summary="Check the latest diary entry with the engine (stateless)",
    description="Send every entry of the person's diary (`sciatica-diary/1`); the engine assesses "
    "the latest with the one before as `previous`, and leg pain climbing for two weeks raises the "
    "level to a same-day check. Nothing is kept or logged.",
    openapi_extra=_openapi(
        {
            "description": "The result of the latest entry",
            "content": {"application/json": {"schema": CHECK_RESPONSE}},
        }
    ),
)
async def diary_check(request: Request) -> Response:
    try:
        entries, lang, country = read_request(await _json_body(request))
    except _NotJson:
        return problem(415, "Unsupported media type", "Send the diary as application/json.")
    except InvalidCase as error:
        return invalid_case(error)
    return JSONResponse(result_json(diary.check(entries, lang, country), lang, country))


@router.post(
    "/api/v1/diary/fhir",
    tags=["diary"],
    summary="The diary as a FHIR R4 Bundle of QuestionnaireResponses (stateless)",
    openapi_extra=_openapi(
        {
            "description": "A Bundle (collection) with one QuestionnaireResponse per entry",
            "content": {"application/fhir+json": {"schema": {"type": "object"}}},
        }
    ),
    response_class=Response,
)
async def diary_fhir(request: Request) -> Response:
    if not available("fhir"):
        return not_installed(request, "fhir")
    from ...fhir.diary import diary_bundle

    try:
        entries, _, _ = read_request(await _json_body(request))
    except _NotJson:
        return problem(415, "Unsupported media type", "Send the diary as application/json.")
    except InvalidCase as error:
        return invalid_case(error)
    return Response(
        diary_bundle(entries).model_dump_json(exclude_none=True),
        media_type="application/fhir+json",
        headers={"Content-Disposition": 'attachment; filename="diary-fhir.json"'},
    )


@router.post("/diary/pdf", include_in_schema=False, dependencies=[Depends(require_csrf)])
async def diary_pdf(request: Request) -> Response:
    """The diary as a PDF for the doctor, from the entries the page posts (nothing kept)."""
    form = await request.form()
    lang = _lang(request, _form_str(form, "locale"))
    try:
        entries, _, _ = read_request(
            {"entries": parse_json(_form_str(form, "entries") or "null"), "locale": lang}
        )
    except InvalidCase as error:
        return invalid_case(error)
    d = diary_strings(lang)
    html = (
        templates()
        .get_template("diary/pdf.html")
        .render(
            {
                **page_context(lang),
                "d": d,
                "entries": entries,
                "printed": d["pdf_printed"].format(date=date.today().isoformat()),
                "disclaimer": page_context(lang)["t"]["disclaimer"],
            }
        )
    )
    return pdf_response(request, html, "recovery-diary.pdf")
