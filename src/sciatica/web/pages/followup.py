"""Re-check's comparison (issue 15 part 4), apart from the pages so that both the self-check
result (pages/selfcheck.py) and "check again" (pages/recheck.py) can use it without an import
circle: the current answers assessed with an earlier check's as `previous`, and which answers
changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...assessment import Assessment
from ...case import Case, PreviousVisit
from ...engine import assess


def with_previous(case: Case, earlier: Case, days_ago: int) -> Assessment:
    """The engine's assessment of `case` with `earlier`'s symptoms as the previous visit: its
    follow-up rules see a leg newly affected, new weakness or a new cauda equina sign. The level
    can only rise (a worse reading is added, nothing is taken away)."""
    previous = PreviousVisit(days_ago=days_ago, symptoms=earlier.symptoms)
    return assess(case.model_copy(update={"previous": previous}))


def changed_answers(
    before: Mapping[str, Any],
    now: Mapping[str, Any],
    words: Callable[[str, Any], str],
    question: Callable[[str], str],
) -> list[tuple[str, str, str]]:
    """(question, before, now) in plain words for each question answered both times with another
    answer now. A question asked only once is not a change: after a changed answer the walk asks
    what now matters."""
    changes = []
    for name in dict.fromkeys([*before, *now]):
        if name not in before or name not in now:
            continue
        old, new = before[name], now[name]
        if old is new or (type(old) is type(new) and old == new):
            continue
        changes.append((question(name), words(name, old), words(name, new)))
    return changes
