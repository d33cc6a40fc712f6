"""The patient self-check: a start page at `/`, one question per screen, and the result.

Every step is a plain HTML form post (no JavaScript needed). The answers so far travel in one hidden
field, `state` (JSON: answers by case path, the fields asked in order, the country); nothing is kept
on the server. The state is checked on every post, as a case, with `sciatica.validation.parse_case`;
anything that does not fit (tampering, an old page) gets a 400 page that offers to start again. The
state is health data: it is never logged.

Routes: GET / (start), POST /check (start, answer, back, language switch, revisit the unanswered),
POST /check/result (the result now, a printable version, another country). GET on /check or
/check/result sends the person back to the start page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from ..assessment import Assessment
from ..case import Case
from ..engine import assess
from ..errors import InvalidCase
from ..knowledge import load_knowledge
from ..knowledge.schema import Question
from ..paths import set_path
from ..selfcheck import (
    certainly_emergency,
    next_question,
    remaining,
    self_check_questions,
    should_ask,
)
from ..validation import parse_case
from .i18n import LANGS, accept_language, negotiate, translator
from .legs import root_areas, symptom_sides
from .security import require_csrf
from .templating import render

router = APIRouter(include_in_schema=False)

STATE_VERSION = 1
MAX_STATE_CHARS = 16_000  # a full walk is about 3 kB
UNKNOWN = "unknown"
DEFAULT_COUNTRY = "default"


class BadState(Exception):
    """The posted state is not one this application produced."""


@dataclass
class Flow:
    """The answers so far. `asked` lists the fields in the order asked (a "don't know" answer is
    asked but has no entry in `answers`), so "back" pops the last one."""

    answers: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    country: str = DEFAULT_COUNTRY

    def case_dict(self, lang: str) -> dict[str, Any]:
        case: dict[str, Any] = {"format": "sciatica-case/1", "locale": lang}
        if self.country != DEFAULT_COUNTRY:
            case["country"] = self.country
        for path, value in self.answers.items():
            set_path(case, path, value)
        return case

    def dump(self) -> str:
        return json.dumps(
            {
                "v": STATE_VERSION,
                "answers": self.answers,
                "asked": self.asked,
                "country": self.country,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


# French typography: no line break inside « ... » or before : ; ? ! (narrow no-break spaces).
FR_SPACES = (
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" ?", "\u202f?"),
    (" !", "\u202f!"),
)


def typeset(text: str, lang: str) -> str:
    if lang != "fr":
        return text
    for plain, tied in FR_SPACES:
        text = text.replace(plain, tied)
    return text


@cache
def ui_strings(lang: str) -> dict[str, str]:
    """The UI strings of `lang`, typeset (passed to the templates as `t`)."""
    return {key: typeset(value, lang) for key, value in translator(lang).items()}


def page_context(lang: str) -> dict[str, Any]:
    """What every self-check template gets besides its own data."""

    def nb(text: str) -> str:
        return typeset(text, lang)

    return {"lang": lang, "t": ui_strings(lang), "nb": nb}


@cache
def questions_by_field() -> dict[str, Question]:
    return {q.field: q for q in self_check_questions()}


@cache
def countries() -> dict[str, Any]:
    return {c.code: c for c in load_knowledge().countries}


def country_options(lang: str) -> list[tuple[str, str, list[str]]]:
    """(code, name, emergency numbers), sorted by name in `lang`, "other countries" last."""
    entries = [
        (code, str(getattr(c.name, lang)), list(c.emergency_numbers))
        for code, c in countries().items()
    ]
    named = sorted((e for e in entries if e[0] != DEFAULT_COUNTRY), key=lambda e: e[1].casefold())
    return named + [e for e in entries if e[0] == DEFAULT_COUNTRY]


def default_country(header: str, lang: str) -> str:
    """The first region of Accept-Language that we know (en-US -> US), else France for French,
    else "other countries" (a wrong guess of a country would show a wrong emergency number)."""
    known = countries()
    for tag, q in accept_language(header):
        pieces = tag.replace("_", "-").split("-")
        region = pieces[-1].upper()
        if len(pieces) >= 2 and q > 0 and region in known and region != DEFAULT_COUNTRY:
            return region
    return "FR" if lang == "fr" else DEFAULT_COUNTRY


# ---------------------------------------------------------------------------------------------
# The state: read and check everything the browser sends back.


def load_state(raw: str, lang: str) -> Flow:
    """The flow from a posted state; `BadState` unless it is a well-formed, valid case."""
    if not raw or len(raw) > MAX_STATE_CHARS:
        raise BadState
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested too deep
        raise BadState from None
    if not isinstance(data, dict) or set(data) != {"v", "answers", "asked", "country"}:
        raise BadState
    answers, asked, country = data["answers"], data["asked"], data["country"]
    known = questions_by_field()
    if (
        data["v"] != STATE_VERSION
        or not isinstance(asked, list)
        or not all(isinstance(f, str) and f in known for f in asked)
        or len(set(asked)) != len(asked)
        or not isinstance(answers, dict)
        or not set(answers) <= set(asked)
        or not isinstance(country, str)
        or country not in countries()
    ):
        raise BadState
    for path, value in answers.items():
        if encode(known[path], value) is None:
            raise BadState
    flow = Flow(answers=answers, asked=asked, country=country)
    try:
        parse_case(flow.case_dict(lang))
    except InvalidCase:
        raise BadState from None
    return flow


# ---------------------------------------------------------------------------------------------
# Answers: how a question's choices are shown, posted and read back.


def options(question: Question, lang: str) -> list[tuple[str, str, Any]]:
    """(posted value, label, case value) of each choice; "I don't know" is added by the page."""
    t = translator(lang)
    if question.answer == "yes_no":
        return [("yes", t["sc_yes"], True), ("no", t["sc_no"], False)]
    return [
        (_posted(choice.value), str(getattr(choice.text, lang)), choice.value)
        for choice in question.choices or []
    ]


def _posted(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def encode(question: Question, value: Any) -> str | None:
    """The posted form of a case value, or None when the value is not a possible answer."""
    if question.answer == "number":
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        lo, hi = question.minimum, question.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return None
        return str(value)
    for posted, _, case_value in options(question, "en"):
        if case_value == value and type(case_value) is type(value):
            return posted
    return None


class NotUnderstood(Exception):
    pass


def read_answer(question: Question, form: FormData, action: str) -> Any:
    """The case value posted for `question`, None for "I don't know"; `NotUnderstood` otherwise."""
    raw = form.get("answer")
    text = raw.strip() if isinstance(raw, str) else ""
    if action == UNKNOWN or text == UNKNOWN:
        return None
    if question.answer == "number":
        if not text.isascii() or not text.isdigit() or len(text) > 6:
            raise NotUnderstood
        value = int(text)
        if encode(question, value) is None:
            raise NotUnderstood
        return value
    for posted, _, case_value in options(question, "en"):
        if text == posted:
            return case_value
    raise NotUnderstood


def is_negative(value: Any) -> bool:
    """A plain "no" (no, none, normal): summarised in one line on the result for the doctor."""
    return value is False or (isinstance(value, str) and value in ("none", "normal"))


def answer_text(question: Question, flow: Flow, lang: str) -> str:
    t = translator(lang)
    if question.field not in flow.answers:
        return t["sc_unknown"]
    value = flow.answers[question.field]
    if question.answer == "number":
        return str(value)
    for _, label, case_value in options(question, lang):
        if case_value == value:
            return label
    return str(value)


# ---------------------------------------------------------------------------------------------
# Pages.


def _form_str(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _lang_of(request: Request) -> str:
    lang = negotiate(request)
    return lang if lang in LANGS else "en"


@router.get("/")
async def start(request: Request) -> Response:
    lang = _lang_of(request)
    asked = request.query_params.get("country", "")
    country = (
        asked
        if asked in countries()
        else default_country(request.headers.get("accept-language", ""), lang)
    )
    return render(
        request,
        "selfcheck/start.html",
        {
            **page_context(lang),
            "countries": country_options(lang),
            "country": country,
            "numbers": list(countries()[country].emergency_numbers),
            "question_count": len(self_check_questions()),
        },
    )


@router.get("/check")
@router.get("/check/result")
async def check_get(request: Request) -> Response:
    """The flow lives in form posts; a bare GET (a reload, an old link) goes to the start page."""
    lang = request.query_params.get("lang")
    target = f"/?lang={lang}" if lang in LANGS else "/"
    return RedirectResponse(target, status_code=303)


@router.post("/check", dependencies=[Depends(require_csrf)])
async def check(request: Request) -> Response:
    form = await request.form()
    lang = _lang_of(request)
    action = _form_str(form, "action") or "answer"
    if action == "start":
        country = _form_str(form, "country")
        if country not in countries():
            return _bad_state(request, lang)
        flow = Flow(country=country)
    else:
        try:
            flow = load_state(_form_str(form, "state"), lang)
        except BadState:
            return _bad_state(request, lang)

    if action == "back":
        if not flow.asked:
            return RedirectResponse(f"/?lang={lang}", status_code=303)
        field_back = flow.asked.pop()
        had = field_back in flow.answers
        value = flow.answers.pop(field_back, None)
        chosen = encode(questions_by_field()[field_back], value) if had else UNKNOWN
        return _step(request, flow, lang, chosen=chosen)  # the previous answer, ready to change
    if action == "revisit":  # ask again the questions answered "I don't know"
        flow.asked = [f for f in flow.asked if f in flow.answers]
    elif action in ("answer", UNKNOWN):
        question = next_question(flow.case_dict(lang), flow.asked)
        if question is None or question.field != _form_str(form, "field"):
            return _bad_state(request, lang)  # a form for another step: not from this page
        try:
            value = read_answer(question, form, action)
        except NotUnderstood:
            typed = _form_str(form, "answer")[:12] if question.answer == "number" else None
            return _step(request, flow, lang, error=True, chosen=typed)
        flow.asked.append(question.field)
        if value is not None:
            flow.answers[question.field] = value
    elif action not in ("start", "stay"):
        return _bad_state(request, lang)

    case = flow.case_dict(lang)
    result = assess(parse_case(case))
    if certainly_emergency(result) or next_question(case, flow.asked) is None:
        return _result(request, flow, lang, result)
    return _step(request, flow, lang)


@router.post("/check/result", dependencies=[Depends(require_csrf)])
async def check_result(request: Request) -> Response:
    form = await request.form()
    lang = _lang_of(request)
    try:
        flow = load_state(_form_str(form, "state"), lang)
    except BadState:
        return _bad_state(request, lang)
    country = _form_str(form, "country")
    if country:
        if country not in countries():
            return _bad_state(request, lang)
        flow.country = country
    return _result(request, flow, lang, print_view=_form_str(form, "print") == "1")


def _step(
    request: Request, flow: Flow, lang: str, error: bool = False, chosen: str | None = None
) -> Response:
    case = flow.case_dict(lang)
    question = next_question(case, flow.asked)
    if question is None:  # nothing left to ask (reached through "stay" or "back")
        return _result(request, flow, lang)
    n = len(flow.asked) + 1
    total = len(flow.asked) + remaining(case, flow.asked)
    return render(
        request,
        "selfcheck/question.html",
        {
            **page_context(lang),
            "question": question,
            "text": typeset(getattr(question.text, lang), lang),
            "help": typeset(getattr(question.help, lang), lang) if question.help else None,
            "options": [(v, typeset(label, lang), c) for v, label, c in options(question, lang)],
            "step": n,
            "total": max(total, n),
            "state": flow.dump(),
            "error": error,
            "chosen": chosen,
        },
        status=422 if error else 200,
    )


def _result(
    request: Request,
    flow: Flow,
    lang: str,
    result: Assessment | None = None,
    print_view: bool = False,
) -> Response:
    case_dict = flow.case_dict(lang)
    case: Case = parse_case(case_dict)
    result = result or assess(case)
    known = questions_by_field()
    level = result.triage.level
    country = countries()[flow.country]
    areas, root = root_areas(result.roots)
    reasons: list[Any] = []
    seen: set[str] = set()
    for reason in result.triage.reasons:  # one paragraph per distinct explanation
        if reason.text not in seen:
            seen.add(reason.text)
            reasons.append(reason)
    stopped_early = certainly_emergency(result) and next_question(case_dict, flow.asked) is not None
    saddle = case.symptoms is not None and case.symptoms.saddle_numbness is True
    # The engine's `missing`, less what the self-check would not ask after these answers (its
    # `ask_if`: e.g. how many days the weakness has lasted, when there is no weakness).
    missing = [
        (f, getattr(known[f].text, lang))
        for f in result.missing
        if f in known and should_ask(known[f], case_dict)
    ]
    return render(
        request,
        "selfcheck/result.html",
        {
            **page_context(lang),
            "result": result,
            "level": level,
            "reasons": reasons,
            "all_reasons": result.triage.reasons,
            "numbers": list(country.emergency_numbers),
            "show_numbers_first": level == "emergency",
            "show_numbers": level in ("emergency", "urgent"),
            "stopped_early": stopped_early,
            "missing": missing,
            "can_revisit": bool(missing),
            "answers": [
                (getattr(known[f].text, lang), answer_text(known[f], flow, lang))
                for f in flow.asked
            ],
            "reported": [
                (getattr(known[f].text, lang), answer_text(known[f], flow, lang))
                for f in flow.asked
                if f in flow.answers and not is_negative(flow.answers[f])
            ],
            "negatives": sum(
                1 for f in flow.asked if f in flow.answers and is_negative(flow.answers[f])
            ),
            "unknowns": sum(1 for f in flow.asked if f not in flow.answers),
            "sides": symptom_sides(case),
            "marked": {"saddle": True} if saddle else {},
            "root_areas": areas,
            "root": root,
            "state": flow.dump(),
            "countries": country_options(lang),
            "country": flow.country,
            "print_view": print_view,
            "sources": {s.id: s for s in load_knowledge().sources},
        },
    )


def _bad_state(request: Request, lang: str) -> Response:
    return render(request, "selfcheck/problem.html", page_context(lang), status=400)
