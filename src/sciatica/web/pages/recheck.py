"""Re-check (issue 15 part 4): "check again" walks the self-check with the last answers filled in,
and the result shows what changed, judged by the engine with the earlier answers as `previous`
(web/pages/followup.py, called by the result page).

The last answers are kept only in the person's browser: the result page offers to keep them in
localStorage (static/recheck.js, with a "forget" button); "check again" posts them back here once
(`POST /check/again`), and they travel on in the signed self-check cookie like every answer. The
server keeps and logs nothing.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ...errors import InvalidCase
from ...validation import parse_json
from ..security import require_csrf
from .selfcheck import (
    MAX_DAYS_AGO,
    STATE_VERSION,
    BadState,
    _bad_state,
    _lang_of,
    check_previous,
    check_state,
    save,
    see_other,
)

router = APIRouter(include_in_schema=False)


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
            {
                "v": STATE_VERSION,
                "c": last["c"],
                "s": prev["s"],
                "p": prev["p"],
                "m": False,
                "r": prev,
            }
        )
    except (BadState, InvalidCase, ValueError, TypeError, KeyError):
        return _bad_state(request, lang)  # not what recheck.js keeps: start again
    return save(request, see_other("/check/q/1"), state)
