"""The patient self-check: a start page at `/`, one question per screen, and the result.

The questions come from `sciatica.flow` (clinical-spec Part I §4a): the page asks exactly what
`flow.next_step` says next and shows the result as soon as it is `done`. Every form post answers
with a 303 to a GET page (Post/Redirect/Get), so the browser's Back and reload work.

The answers so far live in the browser only, in one signed, HttpOnly, SameSite=Strict session
cookie (no Max-Age: gone when the browser closes): the country, the answers in the order they were
given (a "don't know" is an entry without a value), the answers read from the person's own words,
and whether they asked to "tell us more for the doctor". URLs carry only a question number. A
cookie that is not one this application signed, or does not fit, gets the 400 "start again" page.
The state is health data: it is never logged.

Routes: GET / (start), POST /check/start, GET and POST /check/q/<n> (the n-th question of the
current walk; answering it again drops the later answers unless the answer is unchanged),
GET /check/result, POST /check/more, POST /check/country, GET and POST /check/restart (confirm),
GET /check/understood and GET/POST /check/understood/<field> (the own-words answers; the post of
the own words itself is in api_text.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from ... import flow
from ...advice import countries
from ...assessment import Assessment
from ...errors import InvalidCase
from ...extras import available
from ...flow import UNSURE, Asked, Step, from_steps
from ...patient import clinician_reasons, emergency_numbers, patient_result
from ...plan import plan_offered
from ..i18n import LANGS, accept_language, negotiate, translator
from ..security import require_csrf
from ..templating import render
from .followup import changed_answers, with_previous
from .legs import root_areas, symptom_sides

router = APIRouter(include_in_schema=False)

STATE_VERSION = 2
STATE_COOKIE = "sciatica_check"
MAX_COOKIE_CHARS = 3800  # browsers keep at least 4096 bytes per cookie
MAX_STEPS = 120
MAX_WORDS_CHARS = 60  # the own words quoted back for one answer (a phrase, not the whole story)
UNKNOWN = "unknown"
DEFAULT_COUNTRY = "default"
PROGRESS_MAX = 20  # the bar only (no number): a common walk is at most about 20 answers


class BadState(Exception):
    """The state cookie is not one this application produced, or no longer fits."""


@dataclass
class State:
    """The self-check so far. `steps` are (field, value) in the order answered (value UNSURE for
    "I don't know"); `pre` are the answers read from the person's own words (never asked)."""

    country: str = DEFAULT_COUNTRY
    steps: list[tuple[str, Any]] = field(default_factory=list)
    pre: dict[str, Any] = field(default_factory=dict)
    more: bool = False
    # the person's own words behind each answer in `pre` (shown back to them; only in their cookie)
    words: dict[str, str] = field(default_factory=dict)
    # an earlier check's answers ("check again", web/pages/recheck.py): {"d": days ago, "s": steps
    # as dumped, "p": pre}; the result compares with them through the engine's `previous`
    prev: dict[str, Any] | None = None

    @property
    def country_code(self) -> str | None:
        return None if self.country == DEFAULT_COUNTRY else self.country

    def dump(self) -> dict[str, Any]:
        return {
            "v": STATE_VERSION,
            "c": self.country,
            "s": [[f] if v is UNSURE else [f, v] for f, v in self.steps],
            "p": self.pre,
            "m": self.more,
            "w": self.words,
            **({"r": self.prev} if self.prev is not None else {}),
        }


# ---------------------------------------------------------------------------------------------
# The cookie: signed JSON, checked on every request.


def _key(request: Request) -> bytes:
    secret = str(request.app.state.settings.secret_key)
    return hashlib.sha256(b"sciatica self-check state\0" + secret.encode()).digest()


def _sign(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


def encode_state(request: Request, state: State) -> str:
    raw = json.dumps(state.dump(), ensure_ascii=False, separators=(",", ":")).encode()
    payload = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    return f"{payload}.{_sign(_key(request), payload)}"


def decode_state(request: Request, cookie: str) -> State:
    if len(cookie) > MAX_COOKIE_CHARS or not cookie.isascii():
        raise BadState
    payload, _, mac = cookie.rpartition(".")
    if not payload or not hmac.compare_digest(mac, _sign(_key(request), payload)):
        raise BadState
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, RecursionError):
        raise BadState from None
    return check_state(data)


def check_state(data: Any) -> State:
    """The state from its JSON form; `BadState` unless every part is one the flow accepts."""
    # "w" (the own words) and "r" (an earlier check) came later in version 2: optional
    if not isinstance(data, dict) or set(data) - {"w", "r"} != {"v", "c", "s", "p", "m"}:
        raise BadState
    if data["v"] != STATE_VERSION or data["c"] not in countries():
        raise BadState
    known = flow.catalogue().items
    raw_steps, pre, more = data["s"], data["p"], data["m"]
    if not isinstance(raw_steps, list) or len(raw_steps) > MAX_STEPS:
        raise BadState
    if not isinstance(pre, dict) or not isinstance(more, bool):
        raise BadState
    words = data.get("w", {})
    if not isinstance(words, dict) or not all(
        k in pre and isinstance(v, str) and len(v) <= MAX_WORDS_CHARS for k, v in words.items()
    ):
        raise BadState
    steps: list[tuple[str, Any]] = []
    for entry in raw_steps:
        if not isinstance(entry, list) or len(entry) not in (1, 2):
            raise BadState
        name = entry[0]
        if not isinstance(name, str) or name not in known:
            raise BadState
        steps.append((name, entry[1] if len(entry) == 2 else UNSURE))
    prev = None if data.get("r") is None else check_previous(data["r"], data["c"])
    state = State(country=data["c"], steps=steps, pre=pre, more=more, words=words, prev=prev)
    answers, unsure = from_steps(steps, pre)
    try:
        flow.read_answers(answers, unsure)
    except InvalidCase:
        raise BadState from None
    return state


MAX_DAYS_AGO = 36500  # the contract's bound for previous.days_ago


def check_previous(prev: Any, country: str) -> dict[str, Any]:
    """An earlier check kept in the state ("r"): its days ago and its answers, each checked as a
    state of its own; `BadState` otherwise."""
    if not isinstance(prev, dict) or set(prev) != {"d", "s", "p"}:
        raise BadState
    days = prev["d"]
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS_AGO:
        raise BadState
    earlier = check_state(
        {"v": STATE_VERSION, "c": country, "s": prev["s"], "p": prev["p"], "m": False}
    )
    dumped = earlier.dump()
    return {"d": days, "s": dumped["s"], "p": dumped["p"]}


def load_state(request: Request) -> State | None:
    """The state from the cookie; None when there is none; `BadState` when it does not fit."""
    cookie = request.cookies.get(STATE_COOKIE)
    if cookie is None:
        return None
    return decode_state(request, cookie)


def save(request: Request, response: Response, state: State) -> Response:
    value = encode_state(request, state)
    if len(value) > MAX_COOKIE_CHARS:
        return _bad_state(request, _lang_of(request))
    secure = bool(request.app.state.settings.secure_cookies)
    response.set_cookie(
        STATE_COOKIE, value, path="/", httponly=True, samesite="strict", secure=secure
    )
    return response


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# ---------------------------------------------------------------------------------------------
# Language, typography, countries.


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


def numbers_json(code: str, lang: str) -> str:
    """A country's numbers for the start page's script (label, href, primary)."""
    return json.dumps(
        [[n.label, n.href, n.primary] for n in emergency_numbers(code, lang)], ensure_ascii=False
    )


def country_options(lang: str) -> list[tuple[str, str, str]]:
    """(code, name, numbers as JSON), sorted by name in `lang`, "other countries" last."""
    entries = [
        (code, str(getattr(c.name, lang)), numbers_json(code, lang))
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


def requested_country(request: Request, lang: str) -> str:
    """The country asked for in the address (`?country=`), else the browser's region."""
    asked = request.query_params.get("country", "")
    if asked in countries():
        return asked
    return default_country(request.headers.get("accept-language", ""), lang)


def _lang_of(request: Request) -> str:
    lang = negotiate(request)
    return lang if lang in LANGS else "en"


def _form_str(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def numbers_context(country: str | None, lang: str) -> dict[str, Any]:
    numbers = emergency_numbers(country, lang)
    primary = next((n for n in numbers if n.primary), numbers[0])
    return {"numbers": numbers, "primary": primary, "others": [n for n in numbers if n != primary]}


# ---------------------------------------------------------------------------------------------
# Answers: how a question's options are posted and read back.


def posted(value: Any) -> str:
    if value is UNSURE:
        return UNKNOWN
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class NotUnderstood(Exception):
    pass


def read_answer(question: Asked, form: FormData) -> Any:
    """The value posted for `question` (UNSURE for "I don't know"); `NotUnderstood` otherwise."""
    text = _form_str(form, "answer").strip()
    if _form_str(form, "action") == UNKNOWN or text == UNKNOWN:
        return UNSURE
    if question.kind == "number" and not question.options:
        if not text.isascii() or not text.isdigit() or len(text) > 6:
            raise NotUnderstood
        value = int(text)
        if (question.minimum is not None and value < question.minimum) or (
            question.maximum is not None and value > question.maximum
        ):
            raise NotUnderstood
        return value
    for option in question.options:
        if text == posted(option.value):
            return option.value
    raise NotUnderstood


def answer_label(name: str, value: Any, lang: str) -> str:
    """An answer in plain words (never a field path or a code)."""
    if value is UNSURE:
        return translator(lang)["sc_unknown"]
    if value == flow.UNSTATED:  # read from own words: present, leg not said
        return translator(lang)["sc_side_unstated"]
    asked = flow.shown(name, lang)
    for option in asked.options:
        if option.value == value and type(option.value) is type(value):
            return option.label
    return str(value)


def question_label(name: str, lang: str) -> str:
    return flow.shown(name, lang).text


# ---------------------------------------------------------------------------------------------
# The walk: which question is the n-th.


def next_of(state: State, steps: list[tuple[str, Any]], lang: str) -> Step:
    answers, unsure = from_steps(steps, state.pre)
    try:
        return flow.next_step(answers, unsure, lang, state.country_code)
    except InvalidCase:
        raise BadState from None


def question_at(state: State, n: int, lang: str) -> tuple[Asked | None, Step]:
    """The n-th question of the walk (1-based) and the step before it; None: the result."""
    step = next_of(state, state.steps[: n - 1], lang)
    stored = state.steps[n - 1][0] if n <= len(state.steps) else None
    if not step.done:
        question = step.question
        assert question is not None
        if stored is not None and stored != question.field:
            raise BadState
        return question, step
    if stored is not None:  # an optional question answered after the result
        if stored not in step.optional:
            raise BadState
        return flow.shown(stored, lang), step
    if state.more and step.optional:
        return flow.shown(step.optional[0], lang), step
    return None, step


def current_state(request: Request) -> State:
    """The self-check so far, from the cookie. Without one the page answers 303 to the start page
    (problems.py turns an HTTPException with a redirect status into that redirect); one that does
    not fit raises BadState, answered by `bad_state_page`."""
    state = load_state(request)
    if state is None:
        raise HTTPException(303, "Start the self-check first.", headers={"Location": "/"})
    return state


CurrentState = Annotated[State, Depends(current_state)]


def bad_state_page(request: Request, error: Exception) -> Response:
    """The app's answer to BadState from any self-check page: start again (400)."""
    return _bad_state(request, _lang_of(request))


EXCEPTION_HANDLERS = {BadState: bad_state_page}


# ---------------------------------------------------------------------------------------------
# Pages.


@router.get("/")
async def start(request: Request) -> Response:
    lang = _lang_of(request)
    country = requested_country(request, lang)
    return render(
        request,
        "selfcheck/start.html",
        {
            **page_context(lang),
            **numbers_context(country, lang),
            "countries": country_options(lang),
            "country": country,
            # "In your own words" needs the text extra; without it the box is not offered.
            "own_words": available("text"),
        },
    )


@router.post("/check/start", dependencies=[Depends(require_csrf)])
async def check_start(request: Request) -> Response:
    form = await request.form()
    country = _form_str(form, "country")
    if country not in countries():
        return _bad_state(request, _lang_of(request))
    return save(request, see_other("/check/q/1"), State(country=country))


@router.get("/check")
async def check_get(request: Request) -> Response:
    """An old link: the current question, or the start page."""
    return see_other("/check/q/1")


@router.get("/check/q/{n}")
async def question_page(request: Request, n: int, state: CurrentState) -> Response:
    lang = _lang_of(request)
    if n < 1 or n > len(state.steps) + 1:
        return see_other(f"/check/q/{len(state.steps) + 1}")
    try:
        question, step = question_at(state, n, lang)
    except BadState:
        return _bad_state(request, lang)
    if question is None:
        return see_other("/check/result")
    chosen = posted(state.steps[n - 1][1]) if n <= len(state.steps) else None
    error = request.query_params.get("error") == "1"
    return question_page_for(
        request,
        question,
        state,
        lang,
        n=n,
        progress=min(n, PROGRESS_MAX - 1),
        back_href=f"/check/q/{n - 1}" if n > 1 else "/",
        chosen=chosen,
        error=error,
        optional=step.done,
    )


def question_page_for(
    request: Request, question: Asked, state: State, lang: str, **page: Any
) -> Response:
    """The one-question page; `page` holds what differs between the walk and an edit."""
    return render(
        request,
        "selfcheck/question.html",
        {
            **page_context(lang),
            "question": question,
            "text": typeset(question.text, lang),
            "help": typeset(question.help, lang) if question.help else None,
            "items": [typeset(i, lang) for i in question.items],
            "options": [(posted(o.value), typeset(o.label, lang)) for o in question.options],
            "progress_max": PROGRESS_MAX,
            "is_number": question.kind == "number" and not question.options,
            **numbers_context(state.country_code, lang),
            **page,
        },
    )


@router.post("/check/q/{n}", dependencies=[Depends(require_csrf)])
async def answer(request: Request, n: int, state: CurrentState) -> Response:
    lang = _lang_of(request)
    form = await request.form()
    if n < 1 or n > len(state.steps) + 1:
        return _bad_state(request, lang)
    try:
        question, _ = question_at(state, n, lang)
    except BadState:
        return _bad_state(request, lang)
    if question is None or question.field != _form_str(form, "field"):
        return _bad_state(request, lang)  # a form for another step: an old page
    try:
        value = read_answer(question, form)
    except NotUnderstood:
        return see_other(f"/check/q/{n}?error=1")
    same = n <= len(state.steps) and state.steps[n - 1] == (question.field, value)
    if not same:
        if n < len(state.steps):  # a changed answer: the later ones no longer follow
            state.more = False
        state.steps = [*state.steps[: n - 1], (question.field, value)]
    try:
        upcoming, _ = question_at(state, n + 1, lang)
    except BadState:
        return _bad_state(request, lang)
    target = f"/check/q/{n + 1}" if upcoming is not None else "/check/result"
    return save(request, see_other(target), state)


@router.post("/check/more", dependencies=[Depends(require_csrf)])
async def tell_more(request: Request, state: CurrentState) -> Response:
    """After the result: ask the optional questions ("tell us more for your doctor")."""
    state.more = True
    return save(request, see_other(f"/check/q/{len(state.steps) + 1}"), state)


@router.post("/check/country", dependencies=[Depends(require_csrf)])
async def change_country(request: Request, state: CurrentState) -> Response:
    form = await request.form()
    country = _form_str(form, "country")
    if country not in countries():
        return _bad_state(request, _lang_of(request))
    state.country = country
    return save(request, see_other("/check/result"), state)


@router.get("/check/restart")
async def restart_confirm(request: Request, state: CurrentState) -> Response:
    lang = _lang_of(request)
    return render(
        request,
        "selfcheck/restart.html",
        {**page_context(lang), "back_href": _back_target(request)},
    )


def _back_target(request: Request) -> str:
    """Where "No, go back" leads: one of the self-check's own pages only."""
    back = request.query_params.get("back", "")
    if re.fullmatch(r"/check/(result|understood|q/[0-9]{1,3})", back):
        return back
    return "/check/result"


@router.post("/check/restart", dependencies=[Depends(require_csrf)])
async def restart(request: Request) -> Response:
    response = see_other("/")
    response.delete_cookie(STATE_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/check/result")
async def result_page(request: Request, state: CurrentState) -> Response:
    lang = _lang_of(request)
    try:
        step = next_of(state, state.steps, lang)
    except BadState:
        return _bad_state(request, lang)
    assessment, case = step.assessment, step.case
    changes: list[tuple[str, str, str]] = []
    if state.prev is not None:  # "check again": the engine compares with the earlier answers
        assessment, changes = compared_with_earlier(state, step, lang)
    level = assessment.triage.level
    shown_level = step.done or step.red_flags_answered
    pr = patient_result(assessment, state.country_code)
    areas, root = root_areas(assessment.roots)
    saddle = case.symptoms is not None and case.symptoms.saddle_numbness is True
    return render(
        request,
        "selfcheck/result.html" if shown_level else "selfcheck/no_result.html",
        {
            **page_context(lang),
            **numbers_context(state.country_code, lang),
            "step": step,
            "level": level,
            "pr": pr,
            "done": step.done,
            "continue_href": f"/check/q/{len(state.steps) + 1}",
            "back_href": f"/check/q/{len(state.steps)}" if state.steps else "/",
            "can_tell_more": step.done and bool(step.optional),
            "doctor_reasons": [text for _, text in clinician_reasons(assessment)],
            "answers": given_answers(state, lang),
            "sides": symptom_sides(case),
            "marked": {"saddle": True} if saddle else {},
            "root_areas": areas,
            "root": root,
            "countries": country_options(lang),
            "country": state.country,
            "print_view": request.query_params.get("print") == "1",
            "disclaimer": assessment.disclaimer,
            # the personal plan (pages_plan.py): never for an emergency (Part I §4a)
            "plan_offered": shown_level and plan_offered(assessment),
            "changes": changes if state.prev is not None else None,
            "last_answers": json.dumps(
                {"c": state.country, "s": state.dump()["s"], "p": state.pre}, ensure_ascii=False
            ),
        },
    )


def answer_values(state: State) -> dict[str, Any]:
    """Each question's last answer (UNSURE for "I don't know")."""
    answers, unsure = from_steps(state.steps, state.pre)
    return {**answers, **dict.fromkeys(unsure, UNSURE)}


def compared_with_earlier(
    state: State, step: Step, lang: str
) -> tuple[Assessment, list[tuple[str, str, str]]]:
    """Re-check: the assessment with the earlier check (`state.prev`) as `previous`, and the
    answers that changed, in plain words (web/pages/followup.py)."""
    prev = state.prev
    assert prev is not None
    earlier = check_state(
        {"v": STATE_VERSION, "c": state.country, "s": prev["s"], "p": prev["p"], "m": False}
    )
    assessment = with_previous(step.case, next_of(earlier, earlier.steps, lang).case, prev["d"])
    changes = changed_answers(
        answer_values(earlier),
        answer_values(state),
        lambda name, value: typeset(answer_label(name, value, lang), lang),
        lambda name: typeset(question_label(name, lang), lang),
    )
    return assessment, changes


def given_answers(state: State, lang: str) -> list[tuple[str, str]]:
    """(question, answer) in plain words, in the order given (the own words first); a question
    asked twice shows its last answer once."""
    last: dict[str, Any] = dict(state.pre)
    for name, value in state.steps:
        last.pop(name, None)
        last[name] = value
    return [
        (typeset(question_label(name, lang), lang), typeset(answer_label(name, v, lang), lang))
        for name, v in last.items()
    ]


# ---------------------------------------------------------------------------------------------
# The answers read from the person's own words (the post itself: api_text.check_text).


@router.get("/check/understood")
async def understood(request: Request, state: CurrentState) -> Response:
    lang = _lang_of(request)
    items = [
        (
            name,
            typeset(question_label(name, lang), lang),
            typeset(answer_label(name, v, lang), lang),
            state.words.get(name),
        )
        for name, v in state.pre.items()
    ]
    return render(
        request,
        "selfcheck/understood.html",
        {**page_context(lang), "items": items, "continue_href": "/check/q/1"},
    )


def _understood_field(state: State, name: str) -> Asked | None:
    if name not in state.pre or state.steps:
        return None
    return flow.shown(name, "en")


@router.get("/check/understood/{name}")
async def understood_edit(request: Request, name: str, state: CurrentState) -> Response:
    lang = _lang_of(request)
    if _understood_field(state, name) is None:
        return see_other("/check/understood")
    return question_page_for(
        request,
        flow.shown(name, lang),
        state,
        lang,
        n=0,
        progress=0,
        back_href="/check/understood",
        chosen=posted(state.pre[name]),
        error=request.query_params.get("error") == "1",
        optional=False,
        editing=True,
        form_action=f"/check/understood/{name}",
    )


@router.post("/check/understood/{name}", dependencies=[Depends(require_csrf)])
async def understood_save(request: Request, name: str, state: CurrentState) -> Response:
    form = await request.form()
    question = _understood_field(state, name)
    if question is None or _form_str(form, "field") != name:
        return _bad_state(request, _lang_of(request))
    try:
        value = read_answer(question, form)
    except NotUnderstood:
        return see_other(f"/check/understood/{name}?error=1")
    state.words.pop(name, None)  # the answer is now theirs, not read from the words
    if value is UNSURE:  # not what the words said after all: it will be asked
        del state.pre[name]
    else:
        state.pre[name] = value
    try:
        check_state(state.dump())
    except BadState:  # e.g. "none of these" now contradicts another answer
        del state.pre[name]
    return save(request, see_other("/check/understood"), state)


def _bad_state(request: Request, lang: str) -> Response:
    response = render(request, "selfcheck/problem.html", page_context(lang), status=400)
    response.delete_cookie(STATE_COOKIE, path="/", httponly=True, samesite="strict")
    return response
