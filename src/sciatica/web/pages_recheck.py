"""Re-check (issue 15 part 4): "check again" walks the self-check with the last answers filled in,
and the result shows what changed, judged by the engine with the earlier answers as `previous`.

The last answers are kept only in the person's browser: the result page offers to keep them in
localStorage (static/recheck.js, with a "forget" button); "check again" posts them back here once
(`POST /check/again`), and they travel on in the signed self-check cookie like every answer. The
server keeps and logs nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from .. import flow
from ..assessment import Assessment
from ..case import PreviousVisit
from ..engine import assess
from ..errors import InvalidCase
from ..flow import UNSURE, Step, from_steps
from ..validation import parse_json
from .pages_selfcheck import (
    MAX_DAYS_AGO,
    BadState,
    State,
    _bad_state,
    _lang_of,
    answer_label,
    check_previous,
    check_state,
    question_label,
    save,
    see_other,
    typeset,
)
from .security import require_csrf

router = APIRouter(include_in_schema=False)


def _earlier(state: State) -> State:
    """The earlier check as a state of its own (checked when the cookie was read)."""
    prev = state.prev
    assert prev is not None
    return check_state({"v": 2, "c": state.country, "s": prev["s"], "p": prev["p"], "m": False})


def _values(steps: list[tuple[str, Any]], pre: dict[str, Any]) -> dict[str, Any]:
    answers, unsure = from_steps(steps, pre)
    return {**answers, **{name: UNSURE for name in unsure}}


def compared(state: State, step: Step, lang: str) -> tuple[Assessment, list[tuple[str, str, str]]]:
    """The assessment of the current answers with the earlier ones as `previous` (the engine's
    follow-up rules: a leg newly affected, new weakness), and what changed in plain words:
    (question, before, now)."""
    prev = state.prev
    assert prev is not None
    earlier = _earlier(state)
    answers, unsure = from_steps(earlier.steps, earlier.pre)
    earlier_case = flow.next_step(answers, unsure, lang, state.country_code).case
    previous = PreviousVisit(days_ago=prev["d"], symptoms=earlier_case.symptoms)
    # the level can only rise with `previous` (a leg newly affected, a grade that fell)
    assessment = assess(step.case.model_copy(update={"previous": previous}))
    before = _values(earlier.steps, earlier.pre)
    now = _values(state.steps, state.pre)
    changes = []
    # a question asked both times with another answer now (a question asked only once is not a
    # change: after a changed answer the walk asks what now matters)
    for name in dict.fromkeys([*before, *now]):
        if name not in before or name not in now:
            continue
        old, new = before[name], now[name]
        if old is new or (type(old) is type(new) and old == new):
            continue
        changes.append(
            (
                typeset(question_label(name, lang), lang),
                typeset(answer_label(name, old, lang), lang),
                typeset(answer_label(name, new, lang), lang),
            )
        )
    return assessment, changes


@router.post("/check/again", dependencies=[Depends(require_csrf)])
async def check_again(request: Request) -> Response:
    """Start a self-check with the last answers kept in this browser filled in."""
    lang = _lang_of(request)
    form = await request.form()
    raw = form.get("last")
    try:
        last = parse_json(raw if isinstance(raw, str) else "null")
        if not isinstance(last, dict) or set(last) != {"c", "s", "p", "t"}:
            raise BadState
        when = date.fromisoformat(str(last["t"]))
        days = min(max((date.today() - when).days, 0), MAX_DAYS_AGO)
        prev = check_previous({"d": days, "s": last["s"], "p": last["p"]}, str(last["c"]))
        state = check_state(
            {"v": 2, "c": last["c"], "s": prev["s"], "p": prev["p"], "m": False, "r": prev}
        )
    except (BadState, InvalidCase, ValueError, TypeError, KeyError):
        return _bad_state(request, lang)  # not what recheck.js keeps: start again
    return save(request, see_other("/check/q/1"), state)
