"""The clinician page's routes: the examination form, the result panel (updated live by
static/clinician.js through a server-rendered fragment) and the one-page report. Thin: the form
model is `clinician_form`, what the pages show of an assessment is `clinician_views`, the clinical
logic the engine's. POST /clinician/prefill fills the form from a CDS card's SMART link
(`#case=<base64url JSON>`, which the page's script sends in a request body, never in a URL).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ...case import MUSCLES, REFLEXES, SENSORY_AREAS
from ...errors import InvalidCase
from ...validation import parse_json
from ..i18n import negotiate, translator
from ..security import CSRF_FIELD, require_csrf
from ..templating import render
from . import exam_form
from .clinician_form import (
    EXAM_OTHER,
    EXAMPLES,
    PER_SIDE_SIGNS,
    SECTIONS,
    SIDES,
    PrefillView,
    Unreadable,
    _example,
    _left_out,
    _marked,
    case_from_form,
    case_from_fragment,
    field_views,
    form_fields,
    prefill_words,
    values_from_case,
)
from .clinician_views import Outcome, evaluate_form, key_findings

router = APIRouter(include_in_schema=False)  # HTML pages for people, not API operations


async def _submitted(request: Request) -> Outcome:
    lang = negotiate(request)
    form = await request.form()
    case, values = case_from_form({k: v for k, v in form.items() if k != CSRF_FIELD}, lang)
    return evaluate_form(case, values, lang)


def workspace_context(
    request: Request,
    outcome: Outcome | None,
    prefill: PrefillView | None = None,
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the form and result panel (clinician/workspace.html) need; `values` fill a form not
    yet assessed (a record's age and sex)."""
    lang = negotiate(request)
    values = outcome.values if outcome else {"locale": lang, **(values or {})}
    errors = outcome.errors if outcome else {}
    red_flags = dict(SECTIONS)[exam_form.RED_FLAGS_KEY]
    fields = form_fields()
    return {
        "f": field_views(values, errors, lang),
        "sections": SECTIONS,
        "red_flags": red_flags,
        "negatives": {p: exam_form.negative(fields[p].choices) for p in red_flags},
        "key_fields": exam_form.KEY_FIELDS,
        "folded_sections": exam_form.folded(SECTIONS),
        "saddle_and_sphincter": exam_form.SADDLE_AND_SPHINCTER,
        "values_set": {p for p, v in values.items() if v},
        "error_set": set(errors),
        "shorthand": exam_form.shorthand(values, lang),
        "symbols": exam_form.SYMBOLS,
        "clear_url": "/clinician",
        "muscles": MUSCLES,
        "reflexes": REFLEXES,
        "areas": SENSORY_AREAS,
        "signs": PER_SIDE_SIGNS,
        "exam_other": EXAM_OTHER,
        "drawing_marked": _marked(values),
        "sides": SIDES,
        "outcome": outcome,
        "result": outcome.result if outcome else None,
        "examples": EXAMPLES,
        "previous_open": any(k.startswith("previous.") for k in values),
        "prefill": prefill,
        "prefill_failed": translator(lang)["cl_prefill_network"],
    }


def _page(request: Request, outcome: Outcome | None, status: int = 200) -> HTMLResponse:
    return render(request, "clinician/page.html", workspace_context(request, outcome), status)


@router.get("/clinician", response_class=HTMLResponse, summary="The clinician examination form")
async def clinician_page(request: Request) -> HTMLResponse:
    example = request.query_params.get("example")
    if example in EXAMPLES:
        case = _example(example)
        case.pop("locale", None)
        lang = negotiate(request)
        values = values_from_case(case)
        values["locale"] = lang
        case["locale"] = lang
        return _page(request, evaluate_form(case, values, lang))
    return _page(request, None)


@router.post(
    "/clinician",
    response_class=HTMLResponse,
    dependencies=[Depends(require_csrf)],
    summary="Assess the examination form (works without JavaScript)",
)
async def clinician_submit(request: Request) -> HTMLResponse:
    outcome = await _submitted(request)
    return _page(request, outcome, 200 if outcome.result else 422)


@router.post(
    "/clinician/result",
    response_class=HTMLResponse,
    dependencies=[Depends(require_csrf)],
    summary="The result panel alone, as an HTML fragment (for the page's script)",
)
async def clinician_result(request: Request) -> HTMLResponse:
    outcome = await _submitted(request)
    lang = negotiate(request)
    context = {
        "outcome": outcome,
        "result": outcome.result,
        "f": field_views(outcome.values, outcome.errors, lang),
        "shorthand": exam_form.shorthand(outcome.values, lang),
    }
    # 200 even when fields are refused: the fragment itself carries the messages (data-error-for),
    # and a 4xx answer to fetch() would be reported by browsers as a console error.
    return render(request, "clinician/fragment.html", context)


@router.post(
    "/clinician/prefill",
    response_class=HTMLResponse,
    dependencies=[Depends(require_csrf)],
    summary="The form and result filled from a SMART link's case (for the page's script)",
)
async def clinician_prefill(request: Request) -> HTMLResponse:
    lang = negotiate(request)
    words = prefill_words(lang)
    try:
        try:
            sent = parse_json(await request.body())
        except InvalidCase:
            raise Unreadable("json") from None
        fragment = sent.get("fragment") if isinstance(sent, dict) else None
        if not isinstance(fragment, str):
            raise Unreadable("case")
        case = case_from_fragment(fragment)
    except Unreadable as refused:
        view = PrefillView(words["failed"].format(reason=words[str(refused)]), failed=True)
        return render(request, "clinician/workspace.html", workspace_context(request, None, view))
    except ValueError:  # the body is not JSON
        view = PrefillView(words["failed"].format(reason=words["json"]), failed=True)
        return render(request, "clinician/workspace.html", workspace_context(request, None, view))
    # The form is filled with the server's own case -> form mapping, then assessed from what the
    # form holds, exactly as a later edit would be; what it cannot hold is named, not dropped quietly.
    values = values_from_case(case)
    values.setdefault("locale", lang)
    form_case, values = case_from_form(values, lang)
    outcome = evaluate_form(form_case, values, lang)
    t = translator(lang)
    view = PrefillView(words["done"], left_out_intro=words["left_out"], left_out=_left_out(case, t))
    # 200 even for refused fields, as /clinician/result: the fragment carries the messages
    return render(request, "clinician/workspace.html", workspace_context(request, outcome, view))


@router.get("/clinician/report")
async def clinician_report_get() -> RedirectResponse:
    """The report is made from a posted form; a reload or a bookmark goes back to the form."""
    return RedirectResponse("/clinician", status_code=303)


@router.post(
    "/clinician/report",
    response_class=HTMLResponse,
    dependencies=[Depends(require_csrf)],
    summary="The one-page referral report (print or save as PDF from the browser)",
)
async def clinician_report(request: Request) -> HTMLResponse:
    outcome = await _submitted(request)
    if outcome.result is None:
        return _page(request, outcome, 422)
    lang = outcome.result.a.locale  # the report is written in the language chosen for the advice
    values = outcome.values
    context: dict[str, Any] = {
        "lang": lang,
        "outcome": outcome,
        "result": outcome.result,
        "f": field_views(values, {}, lang),
        "muscles": MUSCLES,
        "sides": SIDES,
        "today": date.today().isoformat(),
        "findings": key_findings(values, lang),
        "has_previous": any(k.startswith("previous.exam.") for k in values),
        "tested_muscles": [
            m
            for m in MUSCLES
            if any(
                f"{pre}exam.strength.{s}.{m}" in values for pre in ("", "previous.") for s in SIDES
            )
        ],
        "fit": "",
    }
    context["fit"] = _fit(request, context)
    return render(request, "clinician/report.html", context)


# Type sizes of the report (clinician.css .fit-1 .. .fit-3) and how much text each fits on one A4
# page, measured in Chromium on the packaged examples (about 0.145 px of height per character at
# the base size; height scales with the square of the size). clinician.js refines this by measuring.
FIT_LIMITS: tuple[tuple[int, str], ...] = ((7100, ""), (8100, "fit-1"), (9400, "fit-2"))
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


def _fit(request: Request, context: dict[str, Any]) -> str:
    """The type size that keeps this report on one page (without JavaScript too)."""
    from ..templating import templates

    html = (
        templates()
        .get_template("clinician/report.html")
        .render({"request": request, "t": translator(context["lang"]), "csrf_token": "", **context})
    )
    main = html[html.find("<main") : html.find("</main>")]
    length = len(SPACE.sub(" ", TAG.sub(" ", main)).strip())
    return next((fit for limit, fit in FIT_LIMITS if length <= limit), "fit-3")
