"""Clinicians' examination notes -> `exam` fields of a `sciatica-case/1`, each with its words.

    >>> from sciatica.text.exam_notes import read_exam
    >>> [(f.path, f.value) for f in read_exam("L EHL 3/5, AJ absent L. Saddle sensation intact.")]
    [('exam.strength.left.great_toe_extension', 3), ('exam.reflexes.left.achilles', 'absent'), \
('exam.sensation.saddle', 'normal')]

The vocabulary is data (`rules/exam.yaml`); this module only reads. A note is cut into sentences
(full stops, new lines) and clauses (commas, semicolons, "except", "but"); in each clause, each kind of
finding pairs its items (a muscle, a root, a reflex, an area, a sign) with its values (a grade, a
word such as "absent", a sign, an angle, a volume): a value takes the items written since the previous
value ("EHL and DF 3/5"), or, when the clause puts values first, the items after it ("0/5 FD", "absent
L ankle jerk"); a value with no item of its own repeats the last one ("L EHL 3/5 R 5/5", "L AJ absent,
R present"). A negation cue before the item denies it ("no saddle anaesthesia", "no clonus").

The side of a finding is the nearest side word of its clause, else of its sentence, else the last one
before it in the note (a heading, "L sciatica."); never one of a later sentence. A finding with no
side before it is never dropped when it is abnormal (clinical-spec Part I §2 "side not stated",
INT-23): an abnormal grade becomes the matching symptom of unstated side (grade <= 2: complete
paralysis, 3-4: weakness), which the engine counts on an ungraded leg and lists as missing; an
abnormal reflex, sensory area, Babinski or clonus is put on both legs; a normal one, which could only
lower the level, is left out (listed as ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from ..case import MUSCLES
from .rules import ExamFile, exam_rules, fold

LEGS = ("left", "right")


@dataclass(frozen=True)
class ExamFinding:
    """One reading: the case path, its value, and the words it came from (character offsets)."""

    path: str
    value: Any
    category: str
    start: int
    end: int
    text: str
    negated: bool = False
    reason: str | None = None  # set when the reading is not put into the case ("no_side")


@dataclass(frozen=True)
class _Event:
    start: int
    end: int
    kind: str
    key: Any = None


# ---------------------------------------------------------------------------------------------
# Lexicon: one regular expression for every phrase of the data file, longest first.

_PHRASE_KINDS = (
    "saddle",
    "anal",
    "rectal",
    "pvr",
    "babinski",
    "clonus",
    "xslr",
    "slr",
    "fst",
    "power",
    "throughout",
    "full_power",
    "cue",
    "neg",
)


def _pattern(phrase: str) -> str:
    words = [re.escape(w) for w in phrase.split()]
    body = r"[\s\-.]+".join(words)
    head = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    tail = r"s?(?![\w])" if re.search(r"[a-z]$", phrase) else ""
    if phrase.endswith("'"):
        tail = ""
    return head + body + tail


SEPARATOR = r"[\s\-.]+"
# Plurals that are another word: "selles" are stools, not the saddle ("selle"). "Selles normales"
# had read as a normal saddle sensation, a red flag's examination found where none was made.
OTHER_WORD_PLURALS = frozenset({"selles"})


@lru_cache(maxsize=4096)  # every lexicon match is looked up through it: the words repeat
def _normal(phrase: str) -> str:
    """A phrase as the lexicon keys it: separators (spaces, hyphens, dots) as one space."""
    return re.sub(SEPARATOR, " ", phrase)


def _tail(last: str) -> str:
    if re.match(r"[a-z]", last):
        return r"s?(?!\w)"  # whole words, plural allowed
    return r"(?!\w)" if re.match(r"\w", last) else ""


def _trie(phrases: list[str]) -> str:
    """One regular expression for many phrases, as a trie (shared prefixes are tried once, which
    keeps matching fast); at each point the longer phrase is tried first."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any], last: str) -> str:
        alts = [
            (SEPARATOR if ch == " " else re.escape(ch)) + build(child, ch)
            for ch, child in sorted(node.items())
            if ch
        ]
        if "" in node:
            alts.append(_tail(last))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root, "")


@dataclass(frozen=True)
class _Lexicon:
    regex: re.Pattern[str]
    keys: dict[str, tuple[str, Any]]  # normal phrase -> (kind, key)
    data: ExamFile

    def lookup(self, matched: str) -> tuple[str, Any]:
        text = _normal(matched)
        found = self.keys.get(text)
        return found if found is not None else self.keys[text[:-1]]  # a plural "s"


@cache
def _lexicon() -> _Lexicon:
    data = exam_rules()
    entries: list[tuple[str, str, Any]] = []  # (phrase, kind, key)
    for side in ("left", "right", "both"):
        entries += [(p, "side", side) for p in getattr(data.sides, side)]
    for muscle, words in data.muscles.items():
        entries += [(p, "muscle", muscle) for p in words.en + words.fr]
    for reflex, words in data.reflexes.items():
        entries += [(p, "reflex", reflex) for p in words.en + words.fr]
    entries += [(p, "reflex", "*") for p in data.all_reflexes]
    for area, phrases in data.areas.items():
        entries += [(p, "area", area) for p in phrases]
    entries += [(p, "toe", None) for p in data.toe]
    for cls, phrases in data.values.items():
        entries += [(p, "value", cls) for p in phrases]
    named = {
        "saddle": data.saddle,
        "anal": data.anal_tone,
        "rectal": data.rectal,
        "pvr": data.pvr,
        "babinski": data.babinski,
        "clonus": data.clonus,
        "xslr": data.crossed_straight_leg_raise,
        "slr": data.straight_leg_raise,
        "fst": data.femoral_stretch,
        "power": data.power,
        "throughout": data.throughout,
        "full_power": data.full_power,
        "cue": data.sensation,
        "neg": data.negation,
    }
    for kind in _PHRASE_KINDS:
        entries += [(p, kind, None) for p in named[kind]]
    entries.append(("tone", "tone", None))
    seen: dict[str, tuple[str, Any]] = {}
    for phrase, kind, key in entries:
        seen.setdefault(" ".join(fold(phrase).split()), (kind, key))
    worded = [p for p in seen if re.match(r"\w", p)]
    signs = [p for p in seen if not re.match(r"\w", p)]
    regex = re.compile(f"(?<!\\w){_trie(worded)}|{_trie(signs)}")
    return _Lexicon(regex, {_normal(p): v for p, v in seen.items()}, data)


@cache
def _earlier_regex() -> re.Pattern[str]:
    words = sorted({fold(w) for w in exam_rules().earlier}, key=len, reverse=True)
    return re.compile("|".join(_pattern(w) for w in words))


@cache
def _cue_regex() -> re.Pattern[str]:
    words = sorted({fold(w) for w in exam_rules().sensation}, key=len, reverse=True)
    return re.compile("|".join(_pattern(w) for w in words))


# ---------------------------------------------------------------------------------------------
# Numbers and letters (on the folded text unless said).

# "L4/5", "L5/S1", "L4-5": a disc level, neither a side nor a grade
DISC = re.compile(r"(?<![\w/])([ls])([1-5])\s*[/\-]\s*(s?)([1-5])(?![\d/])")
ROOT = re.compile(r"(?<![\w/])([ls])([1-5])(?![\d/]|\s*[+\-\u2212\u2013]?\s*/\s*5)")
GRADE = re.compile(
    r"(?<![\d.,/])([0-5])\s*(\+|-|\u2212|\u2013)?\s*(?:/|sur|out\s+of)\s*5(?![\d/]|[.,]\d)"
    r"|(?<![\w'])m([0-5])(\+|-)?(?![\w])"
)
REFLEX_GRADE = re.compile(
    r"(?<![\w+/])([0-4])\s*\+(?![\w+/]|\s*/\s*5)|(?<![\w+])(\+{2,3})(?![\w+])"
)
ANGLE = re.compile(r"(\d{1,2})\s*(?:\u00b0|\u00ba|deg\b|degrees\b|degres\b)")
BEATS = re.compile(r"(?<![\w.])(\d{1,2})\s*(?:beats?|battements?|secousses?)(?![a-z])")
VOLUME = re.compile(r"(\d{1,4})\s*(?:ml|mls|cc|millilitres?|milliliters?)(?![a-z])")
# a bare number is a grade in a note ("EHL 4"), never a time ("foot drop 4 weeks, worse")
NUMBER = re.compile(
    r"(?<![\w.,/+\-])(\d{1,3})(?![\w/+]|[.,]\d|\s*/\s*\d)"
    r"(?!\s*(?:weeks?|wks?|days?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|nights?|semaines?"
    r"|jours?|mois|ans?|ann[ée]es?|heures?|nuits?)\b)"
)
PLUS = re.compile(r"(?<=[a-z)\s])\+(?![\w+])")
MINUS = re.compile(r"(?<=[a-z])[-\u2212\u2013](?=\s|$|[,.;)])")
# on the raw text: side letters (case matters: "L" is left, "l'" is French), light touch, pin prick
SIDE_LETTER = re.compile(
    r"(?<![\w'\u2019/\-])([LRGD])(?:\s*>\s*[LRGD])?(?![\w'\u2019]|/|\.[A-Za-z])"
)
SIDE_SHORT = re.compile(r"(?<![\w/])(Lt|lt|Rt|rt|B/L|b/l|L/R|R/L)(?![\w/])")
RAW_CUE = re.compile(r"(?<![\w/])(LT|PP)(?![\w/])")
FILLER = re.compile(
    r"^(?:[\s:=()]|\b(?:cot[e]e?s?|a|at|grade|graded|mrc|power|force|of|de|to|en)\b)*$"
)
SENTENCE = re.compile(
    r"\n|(?<!\bincl)(?<!\bapprox)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bsens)[.!?](?=\s|$)"
    r"|[!?](?=\s|$)"
)
CLAUSE = re.compile(
    r"[,;\u2022]|\b(?:but|mais|however|whereas|except|sauf|apart\s+from|other\s+than)\b"
)
# A sentence that dates its findings to an earlier examination; explicit words only (a grade
# dropped from a current sentence would be the costly error), and never one that also says "now".
EARLIER_SENTENCE = re.compile(
    r"\b(?:at\s+the\s+time|at\s+that\s+time|a\s+l'epoque|atcd|antecedents?|previously\s+documented)\b"
    r"|\bago\b.{0,40}\bdocumented\b"
)
PRESENT = re.compile(
    r"\b(?:today|now|currently|actuellement|aujourd'hui|ce\s+jour|desormais|this\s+visit)\b"
)
LETTER_SIDES = {"L": "left", "R": "right", "G": "left", "D": "right"}
PAREN = re.compile(r"\([^()]{0,60}\)")
SIDE_ORDER = re.compile(r"(?<![\w/])([LRGD])\s*/\s*([LRGD])(?![\w/])")


def _fold_keep(text: str) -> str:
    """Folded text of the same length (offsets stay those of the original)."""
    if text.isascii():  # what `fold` does to each ASCII character, for the whole text at once
        return text.lower().replace("`", "'")
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = fold(c)
    return f if len(f) == 1 else (c.lower() if len(c.lower()) == 1 else " ")


def _events(text: str, low: str) -> list[_Event]:
    lex = _lexicon()
    found: list[_Event] = []
    blocked: list[tuple[int, int]] = []
    for m in DISC.finditer(low):
        first = int(m.group(2))
        second = int(m.group(4))
        level = (m.group(1) == "l" and not m.group(3) and second == first + 1) or (
            m.group(1) == "l" and first == 5 and m.group(3) == "s" and second == 1
        )
        if level:
            roots = (f"L{first}", "S1" if m.group(3) else f"L{second}")
            found.append(_Event(m.start(), m.end(), "disc", roots))
    for m in GRADE.finditer(low):
        grade = int(m.group(1) if m.group(1) is not None else m.group(3))
        sign = m.group(2) if m.group(1) is not None else m.group(4)
        found.append(_Event(m.start(), m.end(), "grade", (grade, _sign(sign))))
    for m in ROOT.finditer(low):
        found.append(_Event(m.start(), m.end(), "root", f"{m.group(1).upper()}{m.group(2)}"))
    for m in REFLEX_GRADE.finditer(low):
        plus = m.group(2)
        n = int(m.group(1)) if m.group(1) is not None else len(plus) + 0
        cls = {0: "absent", 1: "reduced", 2: "normal", 3: "brisk", 4: "brisk"}[n]
        found.append(_Event(m.start(), m.end(), "value", cls))
    for m in ANGLE.finditer(low):
        found.append(_Event(m.start(), m.end(), "angle", int(m.group(1))))
    for m in BEATS.finditer(low):
        found.append(
            _Event(m.start(), m.end(), "value", "present" if int(m.group(1)) else "absent")
        )
    for m in VOLUME.finditer(low):
        found.append(_Event(m.start(), m.end(), "ml", int(m.group(1))))
    for m in lex.regex.finditer(low):
        if m.group(0) in OTHER_WORD_PLURALS:
            continue
        kind, key = lex.lookup(m.group(0))
        found.append(_Event(m.start(), m.end(), kind, key))
    for m in NUMBER.finditer(low):
        found.append(_Event(m.start(), m.end(), "num", int(m.group(1))))
    for m in PLUS.finditer(low):
        found.append(_Event(m.start(), m.end(), "value", "plus"))
    for m in MINUS.finditer(low):
        found.append(_Event(m.start(), m.end(), "value", "negative"))
    for m in SIDE_LETTER.finditer(text):
        found.append(_Event(m.start(), m.end(), "side", LETTER_SIDES[m.group(1)]))
    for m in SIDE_SHORT.finditer(text):
        word = m.group(1).lower()
        if word in ("l/r", "r/l"):
            continue  # the order of a pair of values (SIDE_ORDER)
        side = {"lt": "left", "rt": "right", "b/l": "both"}[word]
        found.append(_Event(m.start(), m.end(), "side", side))
    for m in RAW_CUE.finditer(text):
        found.append(_Event(m.start(), m.end(), "cue"))
    # "(was 3/5)", "(M1 à l'entrée)": an earlier value, not read
    for m in PAREN.finditer(low):
        if _earlier_regex().search(m.group(0)):
            blocked.append((m.start(), m.end()))
    # "KJ +/++ (L/R)": a pair of values in the order of the sides named
    for m in SIDE_ORDER.finditer(text):
        pair = (LETTER_SIDES[m.group(1).upper()], LETTER_SIDES[m.group(2).upper()])
        found.append(_Event(m.start(), m.end(), "order", pair))
    # overlaps: the longest wins, then the earliest found (numbers before words)
    order = {id(e): n for n, e in enumerate(found)}
    kept: list[_Event] = []
    for e in sorted(found, key=lambda e: (-(e.end - e.start), order[id(e)])):
        if any(e.start < k.end and k.start < e.end for k in kept):
            continue
        if any(e.start < b and a < e.end for a, b in blocked):
            continue
        kept.append(e)
    kept.sort(key=lambda e: e.start)
    # "present + symmetrical": a "+" right after a value is "and", not a reflex grade or a sign
    return [
        e
        for k, e in enumerate(kept)
        if not (
            e.key == "plus"
            and k
            and kept[k - 1].kind in ("value", "grade")
            and not low[kept[k - 1].end : e.start].strip()
        )
    ]


def _sign(sign: str | None) -> str:
    if not sign:
        return ""
    return "+" if sign == "+" else "-"


def _cuts(pattern: re.Pattern[str], low: str) -> list[int]:
    return [m.start() for m in pattern.finditer(low)]


# ---------------------------------------------------------------------------------------------
# Families: which events are items, which values, and what a value means for them.

ITEM_KINDS = {
    "strength": {"muscle", "root", "toe"},
    "reflex": {"reflex"},
    "sensation": {"area", "root", "disc", "cue", "toe"},
    "saddle": {"saddle"},
    "anal": {"anal", "tone"},
    "umn": {"babinski", "clonus"},
    "tension": {"slr", "xslr", "fst"},
    "pvr": {"pvr"},
}
VALUE_MAP: dict[str, dict[str, Any]] = {
    "reflex": {
        "absent": "absent",
        "reduced": "reduced",
        "normal": "normal",
        "present": "normal",
        "brisk": "brisk",
        "plus": "reduced",  # "+": 1+ in the reflex scale 0, +, ++, +++
    },
    "sensation": {
        "absent": "absent",
        "reduced": "reduced",
        "normal": "normal",
        "present": "normal",
    },
    "anal": {"absent": "reduced", "reduced": "reduced", "normal": "normal", "present": "normal"},
    "umn": {
        "positive": True,
        "plus": True,
        "present": True,
        "upgoing": True,
        "brisk": True,
        "negative": False,
        "absent": False,
        "downgoing": False,
        "normal": False,
        "reduced": False,
    },
    "tension": {
        "positive": "positive",
        "plus": "positive",
        "present": "positive",
        "negative": "negative",
        "normal": "negative",
        "absent": "negative",
    },
}
VALUE_MAP["saddle"] = VALUE_MAP["sensation"]
NEGATED = {
    "absent": "normal",
    "reduced": "normal",
    "normal": "reduced",
    True: False,
    False: True,
    "positive": "negative",
    "negative": "positive",
    "brisk": "normal",
}


@dataclass
class _Pair:
    family: str
    items: list[_Event]
    value: Any
    start: int
    end: int
    negated: bool
    anchor: int  # the index of the value's event (its side is read from there)


class _Note:
    def __init__(self, text: str) -> None:
        self.text = text
        self.low = _fold_keep(text)
        self.events = _events(text, self.low)
        self.data = _lexicon().data
        self.may_pair = _may_pair({e.kind for e in self.events})
        self.sentence_cuts = sentence_cuts = _cuts(SENTENCE, self.low)
        clause_cuts = sorted(set(sentence_cuts + _cuts(CLAUSE, self.low)))
        self.sentence_of = [_bucket(e.start, sentence_cuts) for e in self.events]
        self.clause_of = [_bucket(e.start, clause_cuts) for e in self.events]
        self.sides = [(n, e) for n, e in enumerate(self.events) if e.kind == "side"]
        # sentences that tell an earlier examination ("Seen 3/7 ago: documented R AJ absent",
        # "ATCD : déficit du releveur à 2/5 à l'époque")
        bounds = [0, *sentence_cuts, len(self.low)]
        self.earlier_sentences = {
            b
            for b in range(len(bounds) - 1)
            if EARLIER_SENTENCE.search(self.low[bounds[b] : bounds[b + 1]])
            and not PRESENT.search(self.low[bounds[b] : bounds[b + 1]])
        }

    # --- values ----------------------------------------------------------------------------
    def _adjacent(self, n: int, kinds: set[str]) -> bool:
        """Whether event n (a bare number) follows an item of `kinds` with only sides and filler
        words between them, in the same clause."""
        k = n - 1
        while k >= 0 and self.clause_of[k] == self.clause_of[n]:
            e = self.events[k]
            if e.kind in ("side", "power"):
                k -= 1  # a side, or "MRC" between a muscle and its number ("evertors MRC 3")
                continue
            gap = self.low[e.end : self.events[k + 1].start if k + 1 < n else self.events[n].start]
            return e.kind in kinds and bool(FILLER.match(gap))
        return False

    def value(self, family: str, n: int) -> Any:
        e = self.events[n]
        if family == "strength":
            if e.kind == "grade":
                grade, sign = e.key
                return self.data.minus_grades.get(grade, grade) if sign == "-" else grade
            if e.kind == "num" and e.key <= 5 and self._adjacent(n, ITEM_KINDS["strength"]):
                return e.key
            if e.kind == "full_power":
                return 5
            return None
        if family == "pvr":
            if e.kind == "ml" or (e.kind == "num" and self._adjacent(n, {"pvr"})):
                return int(min(e.key, 5000))
            return None
        if family == "tension":
            limit = self.data.tension_positive_max_degrees
            if e.kind == "angle" or (
                e.kind == "num" and 10 <= e.key <= 90 and self._adjacent(n, {"slr", "xslr", "fst"})
            ):
                return "positive" if e.key <= limit else "negative"
        if family == "reflex" and e.kind == "num" and e.key == 0:
            return "absent" if self._adjacent(n, {"reflex"}) else None
        if family == "umn" and e.kind == "num" and 0 < e.key < 20:
            return True if self._adjacent(n, {"clonus"}) else None
        if e.kind == "value":
            return VALUE_MAP.get(family, {}).get(e.key)
        return None

    # --- pairing ---------------------------------------------------------------------------
    def pairs(self) -> list[_Pair]:
        if not self.may_pair:
            return []
        out: list[_Pair] = []
        clauses: dict[int, list[int]] = {}
        for n, c in enumerate(self.clause_of):
            clauses.setdefault(c, []).append(n)
        # (sentence, family) -> the family, its last items, their clause, whether they had values
        last_items: dict[tuple[int, str], tuple[str, list[_Event], int, bool]] = {}
        rectal_sentences = {
            s for n, s in enumerate(self.sentence_of) if self.events[n].kind == "rectal"
        }
        for c in sorted(clauses):
            idx = clauses[c]
            sentence = self.sentence_of[idx[0]]
            rectal = sentence in rectal_sentences
            for family, kinds in ITEM_KINDS.items():
                item_kinds = set(kinds)
                if family == "anal" and not rectal:
                    item_kinds.discard("tone")
                if family == "saddle" and rectal:
                    item_kinds.add("cue")
                if family == "sensation" and rectal:
                    item_kinds.discard("cue")
                items = [n for n in idx if self.events[n].kind in item_kinds]
                if family == "sensation":
                    items = self._sensory_items(idx, items)
                    if any(self.events[n].kind == "saddle" for n in idx):
                        items = [n for n in items if self.events[n].kind != "cue"]
                values = [(n, v) for n in idx if (v := self.value(family, n)) is not None]
                inherited: list[_Event] = []
                # "L AJ absent, R present": a clause of a side and a value repeats the finding of
                # the clause just before it in the sentence
                prev = last_items.get((sentence, family))
                if (
                    not items
                    and values
                    and prev
                    and prev[0] == family
                    and prev[2] == c - 1
                    and (self._elliptic(idx) or (not prev[3] and self._bare(idx)))
                ):
                    inherited = prev[1]
                out.extend(self._pair_clause(family, idx, items, values, inherited))
                if items:
                    last_items[(sentence, family)] = (
                        family,
                        [self.events[n] for n in items],
                        c,
                        bool(values),
                    )
        return out

    def _elliptic(self, idx: list[int]) -> bool:
        """A clause of a side and a value and nothing else ("R present", "++ on R")."""
        kinds = [self.events[n].kind for n in idx]
        return "side" in kinds and all(k in VALUE_KINDS | {"side", "neg"} for k in kinds)

    def _bare(self, idx: list[int]) -> bool:
        """A clause of values alone ("graded 2 out of 5" after "big toe can't lift")."""
        return all(self.events[n].kind in VALUE_KINDS for n in idx)

    def _sensory_items(self, idx: list[int], items: list[int]) -> list[int]:
        """Roots, disc levels and toes name sensory areas only in a clause that speaks of
        sensation ("reduced sensation L5", not "reduced ankle reflex and weak big toe 4/5")."""
        lo, hi = self.events[idx[0]].start, self.events[idx[-1]].end
        cue = bool(_cue_regex().search(self.low[lo:hi]) or RAW_CUE.search(self.text[lo:hi]))
        kept = [n for n in items if self.events[n].kind in ("area", "cue") or cue]
        specific = [n for n in kept if self.events[n].kind != "cue"]
        return specific or kept

    def _pair_clause(
        self,
        family: str,
        idx: list[int],
        items: list[int],
        values: list[tuple[int, Any]],
        inherited: list[_Event],
    ) -> list[_Pair]:
        out: list[_Pair] = []
        negs = [n for n in idx if self.events[n].kind == "neg"]
        flags = {self.events[n].kind for n in idx} & {"power", "throughout"}
        used: set[int] = set()
        postfix = bool(values) and not any(n < values[0][0] for n in items)
        previous: list[int] = []
        for k, (n, value) in enumerate(values):
            lo = values[k - 1][0] if k else -1
            hi = values[k + 1][0] if k + 1 < len(values) else 1 << 30
            mine = [i for i in items if (n < i < hi if postfix else lo < i < n)]
            here = self.events[n]
            evs: list[_Event]
            if mine:
                specific = [i for i in mine if self.events[i].key != "*"]
                mine = specific or mine
                evs = [self.events[i] for i in mine]
                previous = mine
                used.update(mine)
                start = min(here.start, *(e.start for e in evs))
                end = max(here.end, *(e.end for e in evs))
            else:
                if family == "strength" and (flags or here.kind == "full_power"):
                    evs = [_Event(here.start, here.end, "muscle", "*")]
                elif previous:
                    evs = [self.events[i] for i in previous]
                elif inherited:
                    evs = inherited
                else:
                    continue
                start, end = here.start, here.end
            negated = family != "strength" and any(lo < g < n for g in negs)
            if negated:
                value = NEGATED.get(value, value)
            out.append(_Pair(family, evs, value, start, end, negated, n))
        # "no clonus", "pas de Babinski", "no ankle jerk": a denied item with no value of its own
        alone = {"umn": False, "reflex": "absent"}
        if family in alone:
            for i in items:
                if i in used or (family == "reflex" and self.events[i].key == "*"):
                    continue
                before = [g for g in negs if g < i and not any(g < v < i for v, _ in values)]
                if before and not any(n > i for n, _ in values):
                    g = before[-1]
                    e = self.events[i]
                    out.append(
                        _Pair(family, [e], alone[family], self.events[g].start, e.end, True, i)
                    )
        # "Babinski bilatéral", "clonus L": an upper motor neurone sign written with a side and
        # no value is a sign found (clinicians write the negative, "Babinski négatif", "no
        # clonus"); reading it as nothing would drop an emergency sign (INT-23).
        sided = any(self.events[n].kind == "side" for n in idx)
        if family == "umn" and sided and not values:
            anchored = {p.anchor for p in out}
            for i in items:
                if i in used or i in anchored or any(g < i for g in negs):
                    continue
                e = self.events[i]
                out.append(_Pair(family, [e], True, e.start, e.end, False, i))
        return out

    # --- sides -----------------------------------------------------------------------------
    def _span(self, bucket: int, of: list[int]) -> slice:
        members = [self.events[k] for k, b in enumerate(of) if b == bucket]
        return slice(members[0].start, members[-1].end) if members else slice(0, 0)

    def _plural(self, item: _Event) -> bool:
        return item.kind in ("reflex", "babinski") and bool(
            PLURAL.search(self.low[item.start : item.end])
        )

    def _ordered(self, n: int, in_clause: list[int]) -> str | None:
        """The side of a value written as one of a pair "a/b" in a clause naming the order ("L/R")."""
        order = next(
            (self.events[k].key for k in in_clause if self.events[k].kind == "order"), None
        )
        if order is None:
            return None
        values = [k for k in in_clause if self.events[k].kind in VALUE_KINDS]
        for a, b in pairwise(values):
            if self.low[self.events[a].end : self.events[b].start].strip() == "/":
                if n == a:
                    return str(order[0])
                if n == b:
                    return str(order[1])
        return None

    def _sides_follow(self, in_clause: list[int], sides: list[tuple[int, _Event]]) -> bool:
        """Whether the clause writes each side after its value: its first value has no side before
        it (since the clause began) and one right after it."""
        firsts = [k for k in in_clause if self.events[k].kind in VALUE_KINDS]
        if len(firsts) < 2:
            return False
        first, second = firsts[0], firsts[1]
        return not any(k < first for k, _ in sides) and any(first < k < second for k, _ in sides)

    def side(self, pair: _Pair) -> str | None:
        n = pair.anchor
        clause, sentence = self.clause_of[n], self.sentence_of[n]
        here = self.events[n]
        in_clause = [k for k, c in enumerate(self.clause_of) if c == clause]
        marks = [k for k in in_clause if self.events[k].kind in VALUE_KINDS and k != n]
        lo = max([k for k in marks if k < n], default=-1)
        hi = min([k for k in marks if k > n], default=1 << 30)
        first_item = min((e.start for e in pair.items if e.start <= here.start), default=here.start)
        paired = self._ordered(n, in_clause)
        if paired:
            return paired
        if (
            pair.family in ("reflex", "strength")
            and any(self.events[k].kind == "throughout" for k in in_clause)
            and all(e.key == "*" for e in pair.items)
            # a side in the clause of a grade names the leg ("5/5 throughout R leg"); a reflex
            # clause may name a side for another sign ("brisk throughout, clonus on the R")
            and (
                pair.family == "reflex" or not any(self.events[k].kind == "side" for k in in_clause)
            )
        ):
            # "reflexes brisk throughout", "power 5/5 throughout", "force 5/5 aux membres
            # inférieurs": every muscle of both legs (a grade written elsewhere still wins, as
            # the worse value of a field does)
            return "both"
        sides = [(k, e) for k, e in self.sides if self.clause_of[k] == clause]
        segment = [e for k, e in sides if lo < k < n]
        after = [e for k, e in sides if n < k < hi]
        if marks and sides and self._sides_follow(in_clause, sides):
            segment, after = after, segment  # "ankle DF 4/5 R 3/5 L": each side after its value
        if segment:
            return str(segment[-1].key)
        if after:
            return str(after[0].key)
        if not sides and (
            SYMMETRIC.search(self.low[self._span(clause, self.clause_of)])
            or any(self._plural(e) for e in pair.items)
        ):
            return "both"  # "reflexes symmetrical", "plantars downgoing", "ankle jerks present"
        before = [e for k, e in sides if e.start < first_item]
        if before:
            return str(before[-1].key)
        after = [e for k, e in sides if k > n]
        if after:
            return str(after[0].key)
        sides = [(k, e) for k, e in self.sides if self.sentence_of[k] == sentence]
        before = [e for k, e in sides if k < n]
        if before:
            return str(before[-1].key)
        after = [e for k, e in sides if k > n]
        if after:
            return str(after[0].key)
        # a heading or an earlier sentence ("Right leg:", "L sciatica."); never a later one
        before = [e for k, e in self.sides if k < n]
        return str(before[-1].key) if before else None


SYMMETRIC = re.compile(r"\b(?:symmetric(?:al|ally)?|equal|symetriques?|equally)\b")
PLURAL = re.compile(
    r"(?:plantars|jerks|reflexes|kjs|ajs|rotuliens|achilleens|abolis|tous|all|rot|presents)\b"
)
VALUE_KINDS = frozenset({"grade", "value", "angle", "ml", "num", "full_power"})
ITEMS = frozenset(kind for kinds in ITEM_KINDS.values() for kind in kinds)


def _may_pair(kinds: set[str]) -> bool:
    """Whether `_Note.pairs` can find anything among events of these kinds. A pair needs a value
    (`value` reads only VALUE_KINDS), unless it is an item denied or sided without one ("no
    clonus", "Babinski L": reflex and UMN items); and it needs an item, unless it is a strength
    said of every muscle ("power 5/5 throughout", "full power"). Why: three notes in four have
    neither, and pairing is a third of the examination reader's time."""
    return bool(kinds & (VALUE_KINDS | {"reflex", "babinski", "clonus"})) and bool(
        kinds & (ITEMS | {"power", "throughout", "full_power"})
    )


def _bucket(pos: int, cuts: list[int]) -> int:
    import bisect

    return bisect.bisect_right(cuts, pos)


# ---------------------------------------------------------------------------------------------
# From pairs to case paths.

CATEGORY = {
    "strength": "EXAM_GRADE",
    "reflex": "EXAM_REFLEX",
    "sensation": "EXAM_SENSATION",
    "saddle": "EXAM_SADDLE",
    "anal": "EXAM_ANAL_TONE",
    "umn": "EXAM_UMN",
    "tension": "EXAM_TENSION",
    "pvr": "EXAM_PVR",
}
ABNORMAL = frozenset({"absent", "reduced", "brisk", True, "positive"})


def read_exam(text: str) -> list[ExamFinding]:
    """Every examination finding of a note, in text order; findings not put into the case (a normal
    finding of unstated side) carry `reason`."""
    note = _Note(text)
    roots = note.data.roots
    out: list[ExamFinding] = []
    for pair in note.pairs():
        words = text[pair.start : pair.end]
        cat = CATEGORY[pair.family]

        def emit(path: str, value: Any, reason: str | None = None, p: _Pair = pair) -> None:
            out.append(
                ExamFinding(path, value, cat, p.start, p.end, words, p.negated, reason)  # noqa: B023
            )

        if note.sentence_of[pair.anchor] in note.earlier_sentences:
            emit(f"exam.{pair.family}", pair.value, "historical")
            continue
        if pair.family == "saddle":
            emit("exam.sensation.saddle", pair.value)
            continue
        if pair.family == "anal":
            emit("exam.anal_tone", pair.value)
            continue
        if pair.family == "pvr":
            emit("exam.post_void_residual_ml", pair.value)
            continue
        side = note.side(pair)
        legs = LEGS if side == "both" else (side,) if side in LEGS else ()
        for event in pair.items:
            for name, sub in _targets(pair.family, event, roots):
                if pair.family == "tension" and name == "crossed_straight_leg_raise":
                    if pair.value == "negative":
                        emit("exam.crossed_straight_leg_raise", "none")
                    elif side in ("left", "right", "both"):
                        emit("exam.crossed_straight_leg_raise", side)
                    else:
                        emit("exam.crossed_straight_leg_raise", None, "no_side")
                    continue
                if name == "numbness":  # sensation in general, no area named
                    if pair.value in ABNORMAL:
                        emit("symptoms.numbness", side or "unspecified")
                    else:  # "sensation intact": no area to put it on, and it raises nothing
                        emit("exam.sensation.?", pair.value, "no_area")
                    continue
                if legs:
                    for leg in legs:
                        emit(f"exam.{name}.{leg}{sub}", pair.value)
                elif pair.family == "strength":
                    grade = int(pair.value)
                    if grade <= 2:
                        emit("symptoms.complete_paralysis", "unspecified")
                    elif grade <= 4:
                        emit("symptoms.weakness", "unspecified")
                    else:
                        emit(f"exam.strength.?{sub}", grade, "no_side")
                elif pair.value in ABNORMAL and pair.family in ("reflex", "sensation", "umn"):
                    for leg in LEGS:
                        emit(f"exam.{name}.{leg}{sub}", pair.value)
                else:
                    emit(f"exam.{name}.?{sub}", pair.value, "no_side")
    out.extend(_areflexia(text, note))
    return _dedupe(out)


AREFLEXIA = re.compile(r"\b(?:areflexic|areflexia|areflexique|areflexie)\b")
NO_AREFLEXIA = re.compile(r"\b(?:no|not|pas|sans|non)\b[^.;,]{0,12}$")


def _areflexia(text: str, note: _Note) -> list[ExamFinding]:
    """ "Areflexic", "aréflexie": every knee and ankle reflex absent on both legs (a reflex written
    elsewhere still combines with it; the worse value wins)."""
    found = []
    for m in AREFLEXIA.finditer(note.low):
        if NO_AREFLEXIA.search(note.low[max(0, m.start() - 16) : m.start()]):
            continue  # "no areflexia"
        if _bucket(m.start(), note.sentence_cuts) in note.earlier_sentences:
            continue  # "areflexic at the time"
        words = text[m.start() : m.end()]
        found += [
            ExamFinding(
                f"exam.reflexes.{leg}.{reflex}", "absent", "EXAM_REFLEX", m.start(), m.end(), words
            )
            for leg in LEGS
            for reflex in ("patellar", "achilles")
        ]
    return found


def _targets(family: str, event: _Event, roots: Any) -> list[tuple[str, str]]:
    """(case object, ".field" within one leg) for an item."""
    key = event.key
    if family == "strength":
        if event.kind == "toe":
            return [("strength", ".great_toe_extension")]
        if event.kind == "root":
            return [("strength", "." + roots[key].muscle)] if key in roots else []
        muscles = MUSCLES if key == "*" else (key,)
        return [("strength", f".{m}") for m in muscles]
    if family == "reflex":
        names = ("patellar", "achilles") if key == "*" else (key,)
        return [("reflexes", f".{r}") for r in names]
    if family == "sensation":
        if event.kind == "cue":
            return [("numbness", "")]
        if event.kind == "area":
            return [("sensation", f".{key}")]
        if event.kind == "toe":
            return [("sensation", ".dorsum_foot")]
        names = key if event.kind == "disc" else (key,)
        return [("sensation", f".{a}") for r in names if r in roots for a in roots[r].areas]
    if family == "umn":
        return [(event.kind, "")]
    if family == "tension":
        name = {
            "slr": "straight_leg_raise",
            "xslr": "crossed_straight_leg_raise",
            "fst": "femoral_stretch",
        }
        return [(name[event.kind], "")]
    return []


def _dedupe(found: list[ExamFinding]) -> list[ExamFinding]:
    seen: set[tuple[str, Any, int]] = set()
    out = []
    for f in found:
        key = (f.path, f.value, f.start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
