"""The personal plan after a self-check result: GET /plan (the page) and GET /plan.pdf.

The answers come from the self-check's own signed session cookie (pages_selfcheck.State): the
server keeps nothing, and the plan is rebuilt from them on every request (plan.build_plan). The
plan is offered only where the result page shows a level headline below emergency; otherwise the
address goes back to the result, so a plan never stands in place of an emergency action or of the
warning signs of an unfinished check. The page prints on one or two A4 pages (plan.css) and the
PDF is the same HTML rendered by web/pdf.py.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..knowledge import load_knowledge
from ..plan import Plan, build_plan, plan_offered, say_date
from .pages_learn import _label_key
from .pages_selfcheck import (
    CurrentState,
    State,
    _lang_of,
    next_of,
    numbers_context,
    page_context,
    see_other,
)
from .pdf import pdf_response
from .templating import render, templates

router = APIRouter(include_in_schema=False)


@cache
def _sources() -> dict[str, Any]:
    return {s.id: s for s in load_knowledge().sources}


def plan_for(state: State, lang: str, today: date) -> Plan | None:
    """The plan of the self-check so far; None where the result page shows no plan link."""
    step = next_of(state, state.steps, lang)
    if not (step.done or step.red_flags_answered) or not plan_offered(step.assessment):
        return None
    return build_plan(step.assessment, step.case, today)


def _context(state: State, plan: Plan, lang: str, pdf: bool) -> dict[str, Any]:
    cited = list(dict.fromkeys(i for s in plan.statements() for i in s.sources))
    table = _sources()
    return {
        **page_context(lang),
        **numbers_context(state.country_code, lang),
        "plan": plan,
        "made_on": say_date(plan.made_on, lang),
        "cited": [table[i] for i in cited],
        "label_key": _label_key,
        "pdf": pdf,
    }


@router.get("/plan")
async def plan_page(request: Request, state: CurrentState) -> Response:
    lang = _lang_of(request)
    plan = plan_for(state, lang, date.today())
    if plan is None:
        return see_other("/check/result")
    return render(request, "plan/page.html", _context(state, plan, lang, pdf=False))


@router.get("/plan.pdf")
async def plan_pdf(request: Request, state: CurrentState) -> Response:
    lang = _lang_of(request)
    plan = plan_for(state, lang, date.today())
    if plan is None:
        return see_other("/check/result")
    context = {**_context(state, plan, lang, pdf=True), "lang": lang, "csrf_token": ""}
    html = templates().get_template("plan/page.html").render(context)
    name = "mon-plan-sciatique.pdf" if lang == "fr" else "my-sciatica-plan.pdf"
    return pdf_response(request, html, name)
