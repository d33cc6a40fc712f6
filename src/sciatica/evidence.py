"""Evidence items (assessment.Evidence): how the triage builds them and how `finding` is rendered.

The triage rules record what fired them as data; `render_finding` is the only place that turns those
items into the contract's `finding` string. That string was English built inline before evidence
existed, and stored assessments and FHIR exports hold it, so the rendering keeps every one of those
strings byte for byte (tests/golden/findings.json); adapters read the items, never the string.
"""

from __future__ import annotations

from collections.abc import Iterable

from .assessment import Evidence, Join, Note

Value = bool | int | str | None

# Timing fields the old strings named by their last segment ("symptom_days = 5", "onset unknown").
SHORT = frozenset(
    {"history.symptom_days", "history.weakness_days", "history.onset", "history.became_bilateral"}
)
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
    # Every field given: `build` skips validation (the hot path); tests re-validate the output.
    return Evidence.build(
        path=path,
        value=value,
        previous=previous,
        side=side,
        site=site,
        note=note,
        limit=limit,
        join=join,
    )


def yes(path: str) -> Evidence:
    return item(path, True)


def joined(items: Iterable[Evidence], join: Join) -> list[Evidence]:
    """The items, the first of them following what came before by `join` (the rest keep theirs)."""
    out = list(items)
    if out:
        out[0] = out[0].model_copy(update={"join": join})
    return out


def show(value: Value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _name(path: str) -> str:
    return path.rsplit(".", 1)[1] if path in SHORT else path


def render_item(e: Evidence) -> str:
    """One item in the words of the contract's `finding`."""
    note = e.note
    if note is not None and note in ALONE:
        return ALONE[note].format(n=e.value)
    if note is not None and note in WITH_DAYS:
        text, days = WITH_DAYS[note]
        return text if e.value is None else text + days.format(n=e.value)
    if note == "fits_mimic":
        lead = str(e.value or "another cause").replace("_", " ")
        return f"the findings fit {lead} better than a nerve root"
    if note == "claudication_relief":
        return f"claudication, eased by {e.value or 'unknown'}"
    path = e.path or ""
    if note == "not_sure":
        return f"{path} = not sure"
    if note == "not_answered":
        return f"{path} not answered"
    if note is not None and note in READ_AS:
        return f"{_name(path)} unknown (read as {READ_AS[note]})"
    if e.previous is not None:
        text = f"{path} {e.previous} -> {show(e.value)}"
    elif e.value is None:
        text = f"{_name(path)} unknown"
    else:
        text = f"{_name(path)} = {show(e.value)}"
    if note == "grades_normal":
        return text + " (grades normal)"
    if note == "over_limit":
        return f"{text} (> {e.limit})"
    if note == "with_leg_weakness":
        return text + " with leg weakness"
    return text


def render_finding(evidence: Iterable[Evidence]) -> str:
    """The contract's `finding`: every item rendered, each after its joint (none before the first)."""
    parts: list[str] = []
    for e in evidence:
        if parts:
            parts.append(JOINS[e.join])
        parts.append(render_item(e))
    return "".join(parts)
