"""The adaptive self-check (clinical-spec Part I §4a): from the answers so far, either the next
question or the result. Pure and stateless: the web page, `sciatica check` and
`POST /api/v1/self-check` (`sciatica-self-check/1`) all call `next_step`.

How it decides, at every step:
- The level is **certain** when no way of answering the questions still open can change it. The
  engine's level is monotone in every finding (Part I §4), so the lowest and highest levels over all
  answers are reached by answering every open question its best way and its worst way; durations,
  which have no "worse" direction, are tried at every band. When the lowest equals the highest, the
  result is shown and the open questions become optional ("tell us more for your doctor").
- Otherwise the next question is the one that can move the level the most: while the level is
  `emergency` only because an unknown timing was read as the worst case, the timing question that can
  lower it (Part I §4a "deciding timing question"); otherwise a question whose worst answer makes it
  an emergency, then one that raises it at all, in the order of knowledge/self_check.yaml (cauda
  equina and stroke first); where only a combination of answers can move it (three of four pain
  criteria), the first question of the smallest such combination.
- A result below `emergency` also needs every cauda equina and motor question answered (yes, no or
  "I don't know"), so it never stands on a missing red flag (§4a "no reassuring headline").
- "I don't know" to a cauda equina question is re-asked once in concrete words (`simpler`); still
  unsure, it is listed in the case's `unsure` and fires RF-CES-UNSURE (urgent). In the contract the
  path appears in `unsure` once after the first "I don't know" and twice after the second.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from .assessment import LEVELS, Assessment
from .case import Case
from .engine import assess
from .errors import FieldProblem, InvalidCase
from .knowledge import load_knowledge
from .knowledge.schema import AskIf, Question, Screen, Text
from .paths import get_path, set_path
from .severity import NEGATIVE, WORSE
from .triage import CES_QUESTIONS
from .validation import parse_case

RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}
EMERGENCY = RANK["emergency"]
SELF_CARE = RANK["self_care"]
SIDES = ("left", "right", "both", "none")
# "Present, side not stated" (case format 1.1): what own words or a phone call often give. It is a
# partial answer: the question stays open (which leg?) but its answer can no longer be "none".
UNSTATED = "unspecified"
STATED_SIDES = (UNSTATED, "left", "right", "both")
MOTOR_QUESTIONS = (
    "symptoms.weakness",
    "symptoms.complete_paralysis",
    "symptoms.foot_drop",
    "symptoms.cannot_heel_walk",
    "symptoms.cannot_toe_walk",
    "symptoms.leg_gives_way",
)
REQUIRED = CES_QUESTIONS + MOTOR_QUESTIONS
"""Answered (yes, no or "I don't know") before any result below emergency (Part I §4a)."""

# Choices with no "worse" order in sciatica.severity but whose answer a rule reads: the vascular
# reading (relief on standing still) is the one that fires RF-VASCULAR.
EXTRA_CHAINS: dict[str, tuple[object, ...]] = {
    "symptoms.claudication_relief": ("sitting_or_bending_forward", "standing_still"),
}
DIRECTIONLESS = ("history.symptom_days",)
"""Durations whose level is not monotone (Part I §4: short fires the acute rules, long the
persistent-pain rules): bounds try every band."""

Kind = Literal["choice", "side", "yes_no", "number", "band"]


@dataclass(frozen=True, slots=True)
class Option:
    value: Any
    label: str


@dataclass(frozen=True, slots=True)
class Asked:
    """One question as the person sees it, in their language."""

    field: str
    kind: Kind
    text: str
    help: str | None
    items: tuple[str, ...]
    options: tuple[Option, ...]
    minimum: int | None
    maximum: int | None
    unsure_allowed: bool
    simpler_wording: bool


@dataclass(frozen=True, slots=True)
class Step:
    """Where the self-check stands after the answers so far."""

    done: bool
    asked: int
    question: Asked | None
    assessment: Assessment
    """The engine's assessment of the answers so far (the API shows it only when `done`)."""
    case: Case
    """The case it assessed (screens expanded, "I don't know" in `unsure`)."""
    optional: tuple[str, ...]
    red_flags_answered: bool
    """A level headline may be shown (§4a, INT-19): the result is certain, or every cauda equina
    and motor question was answered (yes, no or "I don't know")."""


# ---------------------------------------------------------------------------------------------
# What the self-check can ask, prepared once from the knowledge base.


@dataclass(frozen=True, slots=True)
class _Item:
    """A question or a screen, with the values that bound the level (best first, worst last)."""

    name: str
    kind: Kind
    text: Text
    help: Text | None
    items: tuple[Text, ...]
    options: tuple[tuple[Any, Text | None], ...]  # (value, label); label None: a side or yes/no
    members: tuple[str, ...]  # a screen's questions; a question's own field
    ask_if: tuple[AskIf, ...]
    can_change_level: bool
    best: Any
    worst: Any
    bands: tuple[Any, ...]  # every value, for a directionless duration
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, slots=True)
class _Catalogue:
    items: dict[str, _Item]
    order: dict[str, int]
    screens: dict[str, Screen]
    screen_of: dict[str, str]
    simpler: dict[str, Text]


def _chains(field: str) -> tuple[tuple[Any, ...], ...]:
    if field in EXTRA_CHAINS:
        return (EXTRA_CHAINS[field],)
    return WORSE.get(field, ())


def _chain(field: str) -> tuple[Any, ...] | None:
    chains = _chains(field)
    return chains[0] if chains else None


def _rank(chains: tuple[tuple[Any, ...], ...], value: Any) -> int | None:
    """How far up its chains a value sits (None when on none of them). A field may have several
    chains from the same "no" (bladder: retention or incontinence): a value off the first chain
    is not the best answer (reading incontinence as the best bladder made every level look
    certain and skipped the deciding timing question)."""
    found = [c.index(v) for c in chains for v in (value,) if v in c]
    return max(found) if found else None


def _question_item(q: Question, bands: Mapping[str, Any], choices: Mapping[str, Any]) -> _Item:
    kind: Kind = q.answer
    options: tuple[tuple[Any, Text | None], ...]
    if q.field in bands:
        kind = "band"
        options = tuple((b.value, b.text) for b in bands[q.field])
    elif q.field in choices:
        kind = "choice"
        options = tuple((b.value, b.text) for b in choices[q.field])
    elif q.answer == "yes_no":
        options = ((True, None), (False, None))
    else:
        options = tuple((c.value, c.text) for c in q.choices or ())
    values = [v for v, _ in options]
    chain = _chain(q.field)
    best: Any
    worst: Any
    if q.field in DIRECTIONLESS or (kind == "number" and chain is None):
        best = worst = None
    elif kind == "side":
        best, worst = "none", "both"
    elif kind == "number":
        assert chain is not None
        best, worst = max(q.minimum or 0, chain[0]), min(q.maximum or chain[-1], chain[-1])
    elif chain is not None:
        chains = _chains(q.field)
        ranked = sorted(
            (r, i, v) for i, v in enumerate(values) if (r := _rank(chains, v)) is not None
        )
        best, worst = ranked[0][2], ranked[-1][2]
    else:
        best = worst = None
    return _Item(
        name=q.field,
        kind=kind,
        text=q.text,
        help=q.help,
        items=(),
        options=options,
        members=(q.field,),
        ask_if=tuple(q.ask_if),
        can_change_level=RANK[q.max_level] > SELF_CARE,
        best=best,
        worst=worst,
        bands=tuple(values) if q.field in DIRECTIONLESS else (),
        minimum=q.minimum,
        maximum=q.maximum,
    )


@cache
def catalogue() -> _Catalogue:
    kb = load_knowledge()
    sc = kb.self_check
    items = {q.field: _question_item(q, sc.bands, sc.choices) for q in kb.questions if not q.exam}
    for screen in sc.screens:
        members = tuple(items[m] for m in screen.members)
        items[screen.id] = _Item(
            name=screen.id,
            kind="yes_no",
            text=screen.text,
            help=screen.help,
            items=tuple(screen.items),
            options=((True, None), (False, None)),
            members=tuple(screen.members),
            ask_if=(),
            can_change_level=any(m.can_change_level for m in members),
            best=False,
            worst=True,
            bands=(),
        )
    return _Catalogue(
        items=items,
        order={name: i for i, name in enumerate(sc.order)},
        screens={s.id: s for s in sc.screens},
        screen_of={m: s.id for s in sc.screens for m in s.members},
        simpler=dict(sc.simpler),
    )


def question_fields() -> tuple[str, ...]:
    """Every field and screen the self-check may ask, in its tie-break order."""
    return tuple(sorted(catalogue().items, key=catalogue().order.__getitem__))


# ---------------------------------------------------------------------------------------------
# Reading the answers into a case.


@cache
def unstated_side_fields() -> frozenset[str]:
    """The self-check's side questions whose case field accepts "unspecified" (sided symptoms)."""
    from typing import get_args

    from .case import Symptoms, SymptomSide

    return frozenset(
        f"symptoms.{name}"
        for name, info in Symptoms.model_fields.items()
        if SymptomSide in get_args(info.annotation)
    )


def _partial(item: _Item, case: dict[str, Any]) -> bool:
    """A side question answered "present, side not stated": still open, never "none"."""
    return item.kind == "side" and get_path(case, item.name) == UNSTATED


def _valid(item: _Item, value: Any) -> bool:
    if item.kind == "yes_no":
        return isinstance(value, bool)
    if item.kind == "side":
        return isinstance(value, str) and (
            value in SIDES or (value == UNSTATED and item.name in unstated_side_fields())
        )
    if item.kind == "number":
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (item.minimum is None or value >= item.minimum)
            and (item.maximum is None or value <= item.maximum)
        )
    return any(value == v and type(value) is type(v) for v, _ in item.options)


def _expected(item: _Item) -> str:
    if item.kind == "yes_no":
        return "true or false"
    if item.kind == "side":
        if item.name in unstated_side_fields():
            return "one of 'left', 'right', 'both', 'none', 'unspecified'"
        return "one of 'left', 'right', 'both', 'none'"
    if item.kind == "number":
        return f"a whole number {item.minimum}-{item.maximum}"
    return "one of " + ", ".join(repr(v) for v, _ in item.options)


def read_answers(
    answers: Mapping[str, Any], unsure: Sequence[str]
) -> tuple[dict[str, Any], Counter[str]]:
    """Check the answers and "I don't know" list; the answers with screens expanded, and how
    often each path was answered "I don't know". Raises `InvalidCase` naming each bad entry."""
    cat = catalogue()
    problems: list[FieldProblem] = []
    expanded: dict[str, Any] = {}
    for name, value in answers.items():
        item = cat.items.get(name)
        if item is None:
            problems.append(FieldProblem(f"answers.{name}", "not a self-check question"))
        elif not _valid(item, value):
            problems.append(
                FieldProblem(f"answers.{name}", f"must be {_expected(item)}, got {value!r}"[:200])
            )
        elif name in cat.screens:
            if value is False:  # "none of these": each member's plain negative
                for member in item.members:
                    expanded.setdefault(member, NEGATIVE[member])
        else:
            expanded[name] = value
    for name, value in answers.items():
        screen = cat.screen_of.get(name)
        if screen is not None and answers.get(screen) is False and value != NEGATIVE[name]:
            problems.append(
                FieldProblem(
                    f"answers.{name}",
                    f"contradicts answers.{screen} = false (none of these); remove one",
                )
            )
    counts: Counter[str] = Counter()
    for i, name in enumerate(unsure):
        if not isinstance(name, str) or name not in cat.items:
            problems.append(FieldProblem(f"unsure.{i}", "not a self-check question"))
            continue
        counts[name] += 1
        if name in answers:
            problems.append(
                FieldProblem(f"unsure.{i}", f"{name} also has an answer; keep one of the two")
            )
        if counts[name] > (2 if name in cat.simpler else 1):
            problems.append(FieldProblem(f"unsure.{i}", f"{name} is listed too many times"))
    if problems:
        raise InvalidCase(problems)
    return expanded, counts


class _Unsure:
    """The answer "I don't know" in a list of steps."""

    def __repr__(self) -> str:
        return "UNSURE"


UNSURE: Any = _Unsure()


def from_steps(
    steps: Iterable[tuple[str, Any]], pre: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The `answers` and `unsure` of the contract from the (question, answer) steps in the order
    they were given (UNSURE for "I don't know"), after any answers read from own words (`pre`).
    A later answer replaces an earlier one: a re-asked cauda equina question answered yes or no
    takes it out of `unsure`, as the contract requires."""
    answers = dict(pre or {})
    unsure: list[str] = []
    for name, value in steps:
        if value is UNSURE:
            answers.pop(name, None)
            unsure.append(name)
        else:
            answers[name] = value
            unsure = [u for u in unsure if u != name]
    return answers, unsure


def case_of(
    expanded: Mapping[str, Any],
    unsure: Iterable[str],
    locale: str = "en",
    country: str | None = None,
) -> dict[str, Any]:
    """The `sciatica-case/1` mapping of the answers (screens already expanded)."""
    case: dict[str, Any] = {"format": "sciatica-case/1", "locale": locale}
    if country:
        case["country"] = country
    for path, value in expanded.items():
        set_path(case, path, value)
    paths = [p for p in dict.fromkeys(unsure) if not p.startswith("screen.")]
    if paths:
        case["unsure"] = paths
    return case


# ---------------------------------------------------------------------------------------------
# The step.


def _level(case: dict[str, Any]) -> int:
    return RANK[assess(case).triage.level]


def _with(case: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in case.items()}
    for path, value in values.items():
        set_path(out, path, value)
    return out


def _fill(items: Iterable[_Item], worst: bool) -> dict[str, Any]:
    """Every open question answered its best (or worst) way; screens by their members."""
    cat = catalogue()
    out: dict[str, Any] = {}
    for item in items:
        for member in item.members:
            m = cat.items[member]
            value = m.worst if worst else m.best
            if value is not None:
                out[member] = value
    return out


def _bounds(case: dict[str, Any], open_items: list[_Item], worst: bool) -> int:
    """The lowest (or highest) level over every way of answering the open questions (one of
    them: how far that question alone can move the level)."""
    fixed = _fill(open_items, worst)
    # Durations have no worse direction, and a side already known to be affected ("unspecified")
    # may turn out to be any leg: both are tried at every value they can still take.
    free = [(i.name, i.bands) for i in open_items if i.bands]
    free += [(i.name, STATED_SIDES) for i in open_items if _partial(i, case)]
    levels = [
        _level(_with(case, {**fixed, **dict(zip((n for n, _ in free), combo, strict=True))}))
        for combo in itertools.product(*(values for _, values in free))
    ]
    return max(levels) if worst else min(levels)


def _relevant(item: _Item, case: dict[str, Any]) -> bool:
    return all(c.holds(get_path(case, c.field)) for c in item.ask_if)


def next_step(
    answers: Mapping[str, Any],
    unsure: Sequence[str] = (),
    locale: str = "en",
    country: str | None = None,
) -> Step:
    """The next question, or the result once it is certain (Part I §4a)."""
    cat = catalogue()
    expanded, counts = read_answers(answers, unsure)
    case = case_of(expanded, counts, locale, country)
    parsed = parse_case(case)
    result = assess(parsed)
    now = RANK[result.triage.level]
    # A side stated only as "unspecified" stays open: which leg is still worth asking.
    partial = {n for n, v in expanded.items() if v == UNSTATED}
    closed = (set(expanded) | set(counts) | set(answers)) - partial

    def is_open(item: _Item) -> bool:
        if item.name in closed:
            return False
        # A screen ("any of these?") is moot once one of its members is known, even partially.
        known = closed | partial
        return not item.name.startswith("screen.") or not known.intersection(item.members)

    open_all = sorted((i for i in cat.items.values() if is_open(i)), key=_position)
    bounding = [i for i in open_all if i.can_change_level and i.name not in cat.screens]
    changing = [i for i in open_all if i.can_change_level]
    askable = [i for i in open_all if _relevant(i, case)]
    reask = next(
        (f for f in CES_QUESTIONS if counts[f] == 1 and f in cat.simpler and f not in expanded),
        None,
    )
    low = _bounds(case, bounding, worst=False)
    high = _bounds(case, bounding, worst=True)
    if low == high == now:
        return _step(result, parsed, answers, expanded, counts, askable)
    if reask is not None:
        return _step(
            result, parsed, answers, expanded, counts, askable, shown(reask, locale, simpler=True)
        )
    chosen = _choose(case, now, changing, askable)
    if chosen is None:  # nothing left that the self-check can ask
        return _step(result, parsed, answers, expanded, counts, askable)
    return _step(result, parsed, answers, expanded, counts, askable, shown(chosen.name, locale))


def _position(item: _Item) -> int:
    return catalogue().order[item.name]


def _choose(
    case: dict[str, Any], now: int, changing: list[_Item], askable: list[_Item]
) -> _Item | None:
    """The open question (or screen) that can move the level the most. `ask_if` is not used
    here: a question that can change the level is worth asking even where its usual condition
    does not hold (how long a paralysis has lasted when "weak" was answered no)."""
    if now < EMERGENCY:
        # Questions that can make it an emergency first, then any that can raise the level; in
        # the tie-break order within each (a finer ranking asked about fracture risk before the
        # duration that made it moot).
        raised = [(_bounds(case, [i], worst=True), i) for i in changing]
        for floor in (EMERGENCY, now + 1):
            found = next((i for level, i in raised if level >= floor), None)
            if found is not None:
                return found
    moved = [(now - _bounds(case, [i], worst=False), i) for i in changing]
    best = max((d for d, _ in moved), default=0)
    if best > 0:
        return next(i for d, i in moved if d == best)
    for worst in (False, True) if now == EMERGENCY else (True, False):
        deciding = _smallest_set(case, now, changing, worst)
        if deciding:
            return deciding[0]
    # Only combinations of answers can still move the level: ask in the tie-break order.
    return next((i for i in askable if i in changing), changing[0] if changing else None)


def _smallest_set(
    case: dict[str, Any], now: int, changing: list[_Item], worst: bool
) -> list[_Item]:
    """The fewest questions (in tie-break order) whose worst (or best) answers together move
    the level: a paralysis stays an emergency while either its duration or its course is
    unknown, so both decide; three of four pain criteria make hyperalgesic pain, so no single
    one can. The first of them is asked."""

    def moves(items: list[_Item]) -> bool:
        level = _bounds(case, items, worst)
        return level > now if worst else level < now

    chosen: list[_Item] = []
    for item in changing:
        chosen.append(item)
        if moves(chosen):
            break
    else:
        return []
    for item in list(chosen):  # drop what the move does not need
        rest = [i for i in chosen if i is not item]
        if rest and moves(rest):
            chosen = rest
    return chosen


def _optional(askable: list[_Item]) -> tuple[str, ...]:
    cat = catalogue()
    out: list[str] = []
    for item in askable:
        for member in item.members:
            if member not in out and member not in cat.screens:
                out.append(member)
    return tuple(out)


def _step(
    result: Assessment,
    case: Case,
    answers: Mapping[str, Any],
    expanded: Mapping[str, Any],
    counts: Counter[str],
    askable: list[_Item],
    question: Asked | None = None,
) -> Step:
    """The result (no `question`) or the next question. `answers` are as posted (a screen is
    one answer); `expanded` holds what a screen's "none of these" answered for its members."""
    done = question is None
    return Step(
        done=done,
        asked=len(answers) + sum(counts.values()),
        question=question,
        assessment=result,
        case=case,
        optional=_optional(askable) if done else (),
        red_flags_answered=done or all(f in expanded or f in counts for f in REQUIRED),
    )


YES_NO_LABELS = {
    True: Text(en="Yes", fr="Oui"),
    False: Text(en="No", fr="Non"),
}
SCREEN_LABELS = {
    True: Text(en="Yes, one or more of these", fr="Oui, au moins un"),
    False: Text(en="None of these", fr="Aucun de ces signes"),
}


def shown(name: str, locale: str, simpler: bool = False) -> Asked:
    """A question or screen as shown in `locale` (with the simpler wording when re-asked)."""
    cat = catalogue()
    item = cat.items[name]
    text = cat.simpler[name] if simpler else item.text
    if name in cat.screens:
        labels = SCREEN_LABELS
        options = tuple(Option(v, getattr(labels[v], locale)) for v in (True, False))
    elif item.kind == "yes_no":
        options = tuple(Option(v, getattr(YES_NO_LABELS[v], locale)) for v in (True, False))
    else:
        options = tuple(
            Option(v, getattr(label, locale) if label is not None else str(v))
            for v, label in item.options
        )
    return Asked(
        field=name,
        kind=item.kind,
        text=getattr(text, locale),
        help=getattr(item.help, locale) if item.help is not None and not simpler else None,
        items=tuple(getattr(t, locale) for t in item.items),
        options=options,
        minimum=item.minimum if item.kind == "number" else None,
        maximum=item.maximum if item.kind == "number" else None,
        unsure_allowed=True,
        simpler_wording=simpler,
    )


__all__ = [
    "CES_QUESTIONS",
    "REQUIRED",
    "STATED_SIDES",
    "UNSTATED",
    "UNSURE",
    "Asked",
    "Option",
    "Step",
    "case_of",
    "catalogue",
    "from_steps",
    "next_step",
    "question_fields",
    "read_answers",
    "shown",
    "unstated_side_fields",
]
