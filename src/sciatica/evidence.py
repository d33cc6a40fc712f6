"""Evidence items (assessment.Evidence): how the triage builds them and how `finding` is rendered.

The triage rules record what fired them as data; `render_finding` is the only place that turns those
items into the contract's `finding` string. That string was English built inline before evidence
existed, and stored assessments and FHIR exports hold it, so the rendering keeps every one of those
strings byte for byte (tests/golden/findings.json); adapters read the items, never the string.
"""

from __future__ import annotations

from collections.abc import Sequence

from .assessment import Evidence, Join, Note

Value = bool | int | str | None

# Timing fields the old strings named by their last segment ("symptom_days = 5", "onset unknown").
SHORT = {
    "history.symptom_days": "symptom_days",
    "history.weakness_days": "weakness_days",
    "history.onset": "onset",
    "history.became_bilateral": "became_bilateral",
}
JOINS: dict[Join, str] = {"clause": "; ", "list": ", ", "and": " and ", "aside": " "}
# A note that is a fact of its own -> its English, `{n}` being the item's value.
ALONE: dict[Note, str] = {
    "newly_bilateral": "newly bilateral since the last visit",
    "worsening": "worsening",
    "not_new": "not new",
    "not_worsening": "not worsening",
    "motor_deficit": "motor deficit",
    "exam_sensory_loss": "sensory loss on examination",
    "reflex_loss": "reduced or absent reflex",
    "back_or_leg_pain": "back or leg pain",
    "pain_unanswered": "pain questions unanswered",
    "gbs_pattern": (
        "weakness of both legs with knee and ankle reflexes reduced or absent on both sides"
    ),
    "leg_pain_days": "leg pain for {n} days",
    "leg_symptoms_days": "leg symptoms for {n} days",
    "not_yet_graded": "(not yet graded on examination)",
    "sensory_without_motor": "sensory symptoms or signs without a motor deficit",
    "pain_without_deficit": "leg pain without a neurological deficit",
    "no_leg_symptoms": "no leg symptoms reported",
    "leg_questions_unanswered": "the leg symptom questions were not answered",
    "too_little_information": "too little information to classify the presentation",
}
# A note that may carry a number of days: the text without it, and what the days add.
WITH_DAYS: dict[Note, tuple[str, str]] = {
    "radicular_both_legs": ("radicular symptoms in both legs", " for {n} days"),
    "numbness_both_legs": ("new numbness in both legs", " for {n} days"),
    "not_improving": ("not improving", " over {n} days"),
}
READ_AS: dict[Note, str] = {
    "read_as_recent": "recent",
    "read_as_worsening": "worsening",
    "read_as_sudden": "sudden",
}


_new = Evidence.__new__
_set = object.__setattr__
_ALL_SET = set(Evidence.model_fields)
# Items are immutable and the same few recur in case after case ("history.fever = yes", a grade),
# so each distinct item is built and rendered once and then shared: building pydantic objects and
# rendering text for ten items a case would cost the engine about a tenth of its speed. The memo
# is bounded (values such as ages or days are open-ended); past the bound items are built fresh.
# `_TEXT` is keyed by id(): only interned items, which live as long as the memo, are in it.
_INTERNED: dict[tuple[object, ...], Evidence] = {}
_TEXT: dict[int, str] = {}
_JOINED: dict[int, str] = {}  # the text after its joint, as it follows another item
MEMO_SIZE = 8192


def item(
    path: str | None = None,
    value: Value = None,
    *,
    previous: int | None = None,
    side: str | None = None,
    site: str | None = None,
    note: Note | None = None,
    limit: int | None = None,
    join: Join = "clause",
) -> Evidence:
    """One evidence item (shared when the same item was made before)."""
    # type(value) keeps True and 1 apart (they are equal as keys)
    key = (path, value, type(value), previous, side, site, note, limit, join)
    e = _INTERNED.get(key)
    if e is not None:
        return e
    e = _new(Evidence)  # as `_Out.build` does, inlined (tests re-validate every assessment)
    _set(
        e,
        "__dict__",
        {
            "path": path,
            "value": value,
            "previous": previous,
            "side": side,
            "site": site,
            "note": note,
            "limit": limit,
            "join": join,
        },
    )
    # One shared set: every field is always given, frozen models never add to it, and copies
    # (model_copy) take their own.
    _set(e, "__pydantic_fields_set__", _ALL_SET)
    _set(e, "__pydantic_extra__", None)
    _set(e, "__pydantic_private__", None)
    if len(_INTERNED) < MEMO_SIZE:
        _INTERNED[key] = e
        _TEXT[id(e)] = text = _render(e)
        _JOINED[id(e)] = JOINS[join] + text
    return e


_YES: dict[str, Evidence] = {}


def yes(path: str) -> Evidence:
    """`path = yes`: the commonest item, found by its path alone (case paths are finite)."""
    e = _YES.get(path)
    if e is None:
        e = item(path, True)
        if len(_YES) < MEMO_SIZE:
            _YES[path] = e
    return e


def show(value: Value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _name(path: str) -> str:
    return SHORT.get(path, path)


def render_item(e: Evidence) -> str:
    """One item in the words of the contract's `finding`."""
    text = _TEXT.get(id(e))
    return text if text is not None else _render(e)


def _render(e: Evidence) -> str:
    note = e.note
    if note is None:  # "path = value", "path before -> now", "path unknown": most items
        value = e.value
        if e.previous is not None:
            return f"{e.path} {e.previous} -> {value}"
        name = _name(e.path or "")
        if value is None:
            return f"{name} unknown"
        return f"{name} = {'yes' if value is True else 'no' if value is False else value}"
    if note in ALONE:
        return ALONE[note].format(n=e.value)
    if note in WITH_DAYS:
        text, days = WITH_DAYS[note]
        return text if e.value is None else text + days.format(n=e.value)
    path = e.path or ""
    if note in READ_AS:
        return f"{_name(path)} unknown (read as {READ_AS[note]})"
    if note == "fits_mimic":
        lead = str(e.value or "another cause").replace("_", " ")
        return f"the findings fit {lead} better than a nerve root"
    if note == "claudication_relief":
        return f"claudication, eased by {e.value or 'unknown'}"
    if note == "not_sure":
        return f"{path} = not sure"
    if note == "not_answered":
        return f"{path} not answered"
    text = f"{_name(path)} = {show(e.value)}"
    if note == "grades_normal":
        return text + " (grades normal)"
    if note == "over_limit":
        return f"{text} (> {e.limit})"
    if note == "with_leg_weakness":
        return text + " with leg weakness"
    raise ValueError(f"no rendering for the evidence note {note!r}")


def render_finding(evidence: Sequence[Evidence]) -> str:
    """The contract's `finding`: every item rendered, each after its joint (none before the first)."""
    if not evidence:
        return ""
    first = evidence[0]
    text = _TEXT.get(id(first))
    if text is None:
        text = _render(first)
    if len(evidence) == 1:  # most reasons
        return text
    parts = [text]
    for e in evidence[1:]:
        joined = _JOINED.get(id(e))
        parts.append(joined if joined is not None else JOINS[e.join] + _render(e))
    return "".join(parts)
