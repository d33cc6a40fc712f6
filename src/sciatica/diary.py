"""The recovery diary (issue 15 part 3): entries a person keeps in their own browser, read into
cases for the engine, and the one trend the engine cannot see (leg pain climbing for two weeks).

Pure: no web, file or database import. The web layer (web/pages/diary.py) posts the entries here
statelessly; nothing is stored or logged on the server.

An entry (`sciatica-diary/1`, every answer in the person's words mapped onto case fields):

    date             "YYYY-MM-DD"                          required
    legs             where the leg pain is today: "left" | "right" | "both" | "none"   required
    leg_pain         0-10, worst leg pain today            required
    back_pain        0-10                                  required
    sbi              {leg_pain, numbness_tingling, weakness, back_or_leg_pain_sitting}: each 0-6
    weak             which leg feels weak: "left" | "right" | "both" | "none"
    weakness_course  since the last entry: "better" | "same" | "worse"
    heel_walk        can walk on the heels: "yes" | "no"
    toe_walk         can walk on tiptoe: "yes" | "no"
    saddle_numbness  "yes" | "no" | "unsure"
    bladder          a new bladder problem: "yes" | "no" | "unsure"
    bowel            a new bowel problem: "yes" | "no" | "unsure"

The latest entry is the case; the entry before it is its `previous` (clinical-spec Part I §6), so
the engine sees a leg newly affected (RF-BILAT), new weakness and new cauda equina signs itself.
A red-flag question left unanswered is not "no": it stays unanswered in the case (`missing`), and
the answer "unsure" goes into the case's `unsure` (RF-CES-UNSURE).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .advice import LEVEL_RANK, action_for
from .assessment import Assessment
from .engine import assess
from .errors import FieldProblem, InvalidCase

FORMAT = "sciatica-diary/1"
# Entries per request: 150 of the longest kind stay under the 64 KiB body limit (web/settings.py);
# the page sends the latest 150 (a check reads only the last two weeks or so).
MAX_ENTRIES = 150
SIDES = ("left", "right", "both", "none")
YES_NO = ("yes", "no")
YES_NO_UNSURE = ("yes", "no", "unsure")
COURSES = {"better": "improving", "same": "stable", "worse": "worsening"}
SBI_ITEMS = ("leg_pain", "numbness_tingling", "weakness", "back_or_leg_pain_sitting")
RED_FLAGS = ("saddle_numbness", "bladder", "bowel")
CASE_PATH = {
    "saddle_numbness": "symptoms.saddle_numbness",
    "bladder": "symptoms.bladder",
    "bowel": "symptoms.bowel",
}
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_DAYS_AGO = 36500  # sciatica-case/1 previous.days_ago

# Pain climbing for two weeks (issue 15): not a rule of clinical-spec Part I, which is silent on
# a pain trend. This project's own conservative reading (label U, to be reviewed by a clinician):
# leg pain that rose by at least CLIMB_MIN_RISE points over at least CLIMB_DAYS days without
# falling at any entry between gets a same-day check ("urgent"), the level the spec gives to pain
# that is out of control (RF-HYPERALGESIC), never lower than what the engine says.
CLIMB_DAYS = 14
CLIMB_MIN_RISE = 2
CLIMB_LEVEL = "urgent"


@dataclass(frozen=True, slots=True)
class Entry:
    day: date
    legs: str
    leg_pain: int
    back_pain: int
    sbi: dict[str, int] | None
    weak: str | None
    weakness_course: str | None
    heel_walk: str | None
    toe_walk: str | None
    saddle_numbness: str | None
    bladder: str | None
    bowel: str | None

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.day.isoformat(),
            "legs": self.legs,
            "leg_pain": self.leg_pain,
            "back_pain": self.back_pain,
        }
        for name in ENTRY_FIELDS[4:]:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    @property
    def sbi_total(self) -> int | None:
        return None if self.sbi is None else sum(self.sbi.values())


ENTRY_FIELDS = (
    "date",
    "legs",
    "leg_pain",
    "back_pain",
    "sbi",
    "weak",
    "weakness_course",
    "heel_walk",
    "toe_walk",
    "saddle_numbness",
    "bladder",
    "bowel",
)
CHOICES: dict[str, tuple[str, ...]] = {
    "weak": SIDES,
    "weakness_course": tuple(COURSES),
    "heel_walk": YES_NO,
    "toe_walk": YES_NO,
    "saddle_numbness": YES_NO_UNSURE,
    "bladder": YES_NO_UNSURE,
    "bowel": YES_NO_UNSURE,
}


def entry_schema() -> dict[str, Any]:
    """The JSON schema of one entry (for the OpenAPI document)."""
    score = {"type": "integer", "minimum": 0, "maximum": 10}
    item = {"type": "integer", "minimum": 0, "maximum": 6}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["date", "legs", "leg_pain", "back_pain"],
        "properties": {
            "date": {"type": "string", "format": "date", "pattern": DATE.pattern},
            "legs": {"enum": list(SIDES)},
            "leg_pain": score,
            "back_pain": score,
            # an optional answer may be null: not answered, as in sciatica-case/1
            "sbi": {
                "anyOf": [
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": list(SBI_ITEMS),
                        "properties": dict.fromkeys(SBI_ITEMS, item),
                    },
                    {"type": "null"},
                ]
            },
            **{name: {"enum": [*allowed, None]} for name, allowed in CHOICES.items()},
        },
    }


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _score(raw: dict[str, Any], key: str, top: int, at: str, problems: list[FieldProblem]) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        problems.append(FieldProblem(f"{at}.{key}", f"must be a whole number 0-{top}"))
        return 0
    return value


def _entry(raw: Any, at: str, problems: list[FieldProblem]) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(FieldProblem(at, "must be an object"))
        return None
    before = len(problems)
    problems.extend(
        FieldProblem(f"{at}.{key}", f"unknown field; expected one of: {', '.join(ENTRY_FIELDS)}")
        for key in raw
        if key not in ENTRY_FIELDS
    )
    day = date.min
    text = raw.get("date")
    try:
        if not isinstance(text, str) or not DATE.match(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        problems.append(FieldProblem(f"{at}.date", "must be a date written YYYY-MM-DD"))
    legs = raw.get("legs")
    if legs not in SIDES:
        problems.append(FieldProblem(f"{at}.legs", f"must be one of {_quoted(SIDES)}"))
    leg_pain = _score(raw, "leg_pain", 10, at, problems)
    back_pain = _score(raw, "back_pain", 10, at, problems)
    sbi: dict[str, int] | None = None
    if raw.get("sbi") is not None:
        items = raw["sbi"]
        if not isinstance(items, dict) or set(items) - set(SBI_ITEMS):
            problems.append(
                FieldProblem(f"{at}.sbi", f"must be an object with {', '.join(SBI_ITEMS)}")
            )
        else:
            sbi = {key: _score(items, key, 6, f"{at}.sbi", problems) for key in SBI_ITEMS}
    chosen: dict[str, str | None] = {}
    for name, allowed in CHOICES.items():
        value = raw.get(name)
        if value is not None and value not in allowed:
            problems.append(FieldProblem(f"{at}.{name}", f"must be one of {_quoted(allowed)}"))
        chosen[name] = value if value in allowed else None
    if len(problems) > before:
        return None
    return Entry(day=day, legs=str(legs), leg_pain=leg_pain, back_pain=back_pain, sbi=sbi, **chosen)


def read_entries(raw: Any, at: str = "entries") -> list[Entry]:
    """The entries, oldest first; `InvalidCase` naming every bad field (`entries[2].leg_pain`)."""
    if not isinstance(raw, list) or not raw or len(raw) > MAX_ENTRIES:
        raise InvalidCase([FieldProblem(at, f"must be a list of 1-{MAX_ENTRIES} entries")])
    problems: list[FieldProblem] = []
    entries = [_entry(item, f"{at}[{i}]", problems) for i, item in enumerate(raw)]
    if problems:
        raise InvalidCase(problems)
    # a stable sort: two entries of one day keep the order they were written in
    return sorted((e for e in entries if e is not None), key=lambda e: e.day)


# ---------------------------------------------------------------------------------------------
# An entry as a case.


def _symptoms(entry: Entry) -> tuple[dict[str, Any], list[str]]:
    """The entry's symptoms as case fields, and the questions answered "unsure"."""
    weak = entry.weak
    symptoms: dict[str, Any] = {
        "leg_pain": entry.legs,
        "pain_score": entry.leg_pain,
        "back_pain": entry.back_pain > 0,
    }
    if weak is not None:
        symptoms["weakness"] = weak
        if weak != "none":
            # heel walking only tells of the weak leg; a "yes" is that leg's "none"
            for key, field in (("heel_walk", "cannot_heel_walk"), ("toe_walk", "cannot_toe_walk")):
                answer = getattr(entry, key)
                if answer is not None:
                    symptoms[field] = weak if answer == "no" else "none"
    unsure: list[str] = []
    for name in RED_FLAGS:
        answer = getattr(entry, name)
        if answer == "unsure":
            unsure.append(CASE_PATH[name])
        elif answer is not None:
            yes = answer == "yes"
            symptoms[name] = (
                yes if name == "saddle_numbness" else ("new_difficulty" if yes else "normal")
            )
    return symptoms, unsure


def entry_case(
    entry: Entry, before: Entry | None, locale: str, country: str | None
) -> dict[str, Any]:
    """A `sciatica-case/1` of `entry`, with the entry before it as `previous`."""
    symptoms, unsure = _symptoms(entry)
    case: dict[str, Any] = {"format": "sciatica-case/1", "locale": locale, "symptoms": symptoms}
    if country is not None:
        case["country"] = country
    if entry.weak not in (None, "none") and entry.weakness_course is not None:
        case["history"] = {"weakness_course": COURSES[entry.weakness_course]}
    if unsure:
        case["unsure"] = unsure
    if before is not None:
        previous, _ = _symptoms(before)
        # the contract bounds days_ago; a century apart changes nothing the engine reads
        days = min((entry.day - before.day).days, MAX_DAYS_AGO)
        case["previous"] = {"days_ago": days, "symptoms": previous}
    return case


def pain_climbing(entries: list[Entry]) -> tuple[int, int, int] | None:
    """(first pain, last pain, days) when leg pain has climbed for two weeks up to the latest
    entry (see CLIMB_DAYS), else None."""
    last = entries[-1]
    starts = [i for i, e in enumerate(entries) if (last.day - e.day).days >= CLIMB_DAYS]
    if not starts:
        return None
    run = entries[starts[-1] :]  # from the latest entry at least two weeks old
    rising = all(b.leg_pain >= a.leg_pain for a, b in itertools.pairwise(run))
    if rising and last.leg_pain - run[0].leg_pain >= CLIMB_MIN_RISE:
        return run[0].leg_pain, last.leg_pain, (last.day - run[0].day).days
    return None


@dataclass(frozen=True, slots=True)
class DiaryCheck:
    """The engine's assessment of the latest entry, and the level to show with the trend."""

    entry: Entry
    assessment: Assessment
    climbing: tuple[int, int, int] | None
    level: str
    action: str
    red_flags_answered: bool


def check(entries: list[Entry], locale: str, country: str | None) -> DiaryCheck:
    """Assess the latest entry (with the one before as `previous`) and add the pain trend. The
    level is the higher of the two: the trend never lowers what the engine says."""
    latest = entries[-1]
    before = entries[-2] if len(entries) > 1 else None
    assessment = assess(entry_case(latest, before, locale, country))
    level: str = assessment.triage.level
    action = assessment.triage.action
    climbing = pain_climbing(entries)
    if climbing is not None and LEVEL_RANK[CLIMB_LEVEL] > LEVEL_RANK[level]:
        level, action = CLIMB_LEVEL, action_for(country, CLIMB_LEVEL, False, locale)
    answered = all(getattr(latest, name) is not None for name in RED_FLAGS)
    if latest.weak is None:
        answered = False  # the motor question is a red flag too (clinical-spec §4a)
    return DiaryCheck(latest, assessment, climbing, level, action, answered)


__all__ = ["FORMAT", "DiaryCheck", "Entry", "check", "entry_case", "pain_climbing", "read_entries"]
