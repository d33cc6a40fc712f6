"""The personal plan after a self-check result: GET /plan (the page) and GET /plan.pdf.

The answers come from the self-check's own signed session cookie (pages/selfcheck.py, State): the
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
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...knowledge import load_knowledge
from ...plan import Plan, StartBackRisk, build_plan, plan_offered, say_date
from ...records.scores import KEELE_NOTICE
from ..pdf import pdf_response
from ..templating import render, templates
from .learn import _label_key
from .selfcheck import (
    CurrentState,
    State,
    _lang_of,
    next_of,
    numbers_context,
    page_context,
    see_other,
)

router = APIRouter(include_in_schema=False)


@cache
def _sources() -> dict[str, Any]:
    return {s.id: s for s in load_knowledge().sources}


STARTBACK_FIELD = "startback"
STARTBACK_RISKS: tuple[StartBackRisk, ...] = ("low", "medium", "high")
NO_STARTBACK = "none"


class BadRisk(ValueError):
    """The `startback` query value is not a risk group."""


def startback_of(request: Request) -> StartBackRisk | None:
    """The Keele STarT Back risk group the person chose (`?startback=`), None when not given.

    Only the group is asked, as a clinician gave it: the nine items' wording is Keele's and is
    not shipped (records/scores.py); the plan then says how much help to ask for (NG59 1.1.2).
    """
    value = request.query_params.get(STARTBACK_FIELD, "")
    if value in ("", NO_STARTBACK):
        return None
    for risk in STARTBACK_RISKS:
        if value == risk:
            return risk
    raise BadRisk(value)


def plan_for(
    state: State, lang: str, today: date, startback: StartBackRisk | None = None
) -> Plan | None:
    """The plan of the self-check so far; None where the result page shows no plan link."""
    step = next_of(state, state.steps, lang)
    if not (step.done or step.red_flags_answered) or not plan_offered(step.assessment):
        return None
    return build_plan(step.assessment, step.case, today, startback=startback)


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
        "risk_choices": (*STARTBACK_RISKS, NO_STARTBACK),
        "startback": plan.startback,
        "keele_notice": KEELE_NOTICE,
        "pdf_href": f"/plan.pdf?{urlencode({'lang': lang, **_risk_query(plan)})}",
    }


def _risk_query(plan: Plan) -> dict[str, str]:
    return {STARTBACK_FIELD: plan.startback} if plan.startback else {}


@router.get("/plan")
async def plan_page(request: Request, state: CurrentState) -> Response:
    lang = _lang_of(request)
    try:
        startback, error = startback_of(request), False
    except BadRisk:  # the page again, its error summary naming the question (422)
        startback, error = None, True
    plan = plan_for(state, lang, date.today(), startback)
    if plan is None:
        return see_other("/check/result")
    context = {**_context(state, plan, lang, pdf=False), "sb_error": error}
    return render(request, "plan/page.html", context, status=422 if error else 200)


@router.get("/plan.pdf")
async def plan_pdf(request: Request, state: CurrentState) -> Response:
    lang = _lang_of(request)
    try:
        startback = startback_of(request)
    except BadRisk:  # a link this application did not make: the page names the question
        return see_other(f"/plan?{request.url.query}")
    plan = plan_for(state, lang, date.today(), startback)
    if plan is None:
        return see_other("/check/result")
    context = {**_context(state, plan, lang, pdf=True), "lang": lang, "csrf_token": ""}
    html = templates().get_template("plan/page.html").render(context)
    name = "mon-plan-sciatique.pdf" if lang == "fr" else "my-sciatica-plan.pdf"
    return pdf_response(request, html, name)
