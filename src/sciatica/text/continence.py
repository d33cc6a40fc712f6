"""The bladder and bowel said to be normal as a list closed by one word: "wee-wise and number twos
all normal", "peeing/pooping is fine", "pipi et selles RAS"; and said not to
be ("my pee isn't normal", "le pipi c'est pas normal"), which leaves the question open.

Why a construction and not phrases: people list the two functions in any order, with any filler,
and close the list with one word; the phrase list ("bladder fine", "bowels ok") met a fraction of
them, and an unread "normal" leaves the question open (RF-CES-UNSURE, a same-day check) where the
writer had answered it. Only a run of continence words and fillers counts: any other word, a
negation ("not normal", "pas normal") or a question mark ends it, so a difficulty is never read as
normal here (and a difficulty read elsewhere still wins: the more serious value wins). "Not
normal" is an answer that says something is wrong without saying what: the question goes into
`unsure` (RF-CES-UNSURE), as it would for "my pee is weird".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

BLADDER = frozenset(
    {"pee", "peeing", "pees", "wee", "weeing", "wees", "urine", "urinating", "urination", "bladder",
     "waterworks", "pipi", "vessie", "uriner", "urines", "miction", "mictions"}
)  # fmt: skip
BOWEL = frozenset(
    {"poo", "pooing", "poos", "poop", "pooping", "stool", "stools", "bowel", "bowels", "bowls", "twos",
     "motions", "selles", "caca", "transit"}
)  # fmt: skip
NORMAL = frozenset(
    {"normal", "normally", "fine", "ok", "okay", "unchanged", "unaffected", "usual", "alright",
     "normale", "normales", "normaux", "normalement", "nickel", "impeccable", "ras", "habituel",
     "habituelle", "habituels", "habituelles"}
)  # fmt: skip
FILLER = frozenset(
    {"and", "&", "/", "-", "wise", "is", "are", "was", "were", "all", "both", "seem", "seems",
     "seemed", "'s", "still", "totally", "completely", "perfectly", "pretty", "quite", "side",
     "front", "department", "too", "also", "as", "number", "two", "i", "think", "my", "the", "his",
     "her", "their", "'m", "et", "est", "sont", "tout", "c'", "reste", "restent", "la", "le", "les",
     "l'", "ma", "mes", "mon", "ses", "sa", "son", "cote", "côté", "pour", "aussi", "parfaitement",
     "toujours", "encore", "totalement", "de", "du", "des", "ça", "ca", "me", "semble", "semblent",
     "function", "functions", "habits", "n'", "ne", "exactly", "just", "he", "she", "they", "we",
     "il", "elle", "je", "j'"}
)  # fmt: skip
RUN = 10  # tokens a list may hold before its closing word
NOT = frozenset({"not", "no", "never", "pas", "plus", "jamais"})
# What may stand before a list that opens its clause (besides punctuation or nothing).
# (Fillers such as "and", "also" and the closing words such as "ok" are not here: the run goes
# through them.)
OPENERS = frozenset({"so", "sinon", "otherwise", "yes", "oui"})
# What may follow the closing word inside its clause ("pee and poo fine too", "selles normales aussi").
TRAILING = frozenset(
    {"too", "also", "aussi", "both", "thankfully", "tous", "toutes", "deux", "as", "well"}
)
# A word that qualifies the verdict after a comma: "wee fine, just slow", "pipi normal, sauf ...".
QUALIFIERS = frozenset(
    {"but", "just", "except", "apart", "only", "though", "although", "then", "sometimes", "until",
     "mais", "sauf", "juste", "seulement", "parfois", "part", "enfin", "jusqu'", "sinon"}
)  # fmt: skip
SOFTENERS = frozenset(
    {"quite", "really", "very", "totally", "completely", "that", "so", "vraiment"}
)


def normal_continence(sentences: Sequence[Any]) -> Iterator[tuple[int, int, str, bool]]:
    """(first token, end token, "bladder" or "bowel", normal) of each function a sentence lists as
    normal (normal true, the span covers the list) or as not normal (false, the span is the
    function's own word).

    Safety by construction (an adversarial review found each of these read as normal): the list
    must open its clause ("I'm unable to wee normally", "sometimes my pee is normal", "not a
    normal pee" do not); the closing word must close its clause too, unqualified ("wee normal but I
    have to push", "pee fine, just slow", "pee normal in the morning, then nothing" do not); and a
    list is never read from a "normal" that comes first ("lost normal bladder control")."""
    for sent in sentences:
        tokens = list(sent)
        asked = sent.text.rstrip().endswith("?")  # "is peeing normal after this?" does not answer
        for i, token in enumerate(tokens):
            if token.norm_ not in NORMAL:
                continue
            j = i - 1
            while j >= 0 and i - j <= 3 and tokens[j].norm_ in SOFTENERS:
                j -= 1
            negated = j >= 0 and tokens[j].norm_ in NOT
            answered = None
            if negated:
                j -= 1
            elif answered_no(token.doc, token.i + 1):
                negated = True  # "Peeing normally: no", "Bowels normal? nope"
                # the evidence quotes the answer
                answered = next(t.i for t in token.doc[token.i + 2 :] if not t.is_space) + 1
            elif asked or not _closes(tokens, i):
                continue
            found: dict[str, int] = {}
            while j >= 0 and i - j <= RUN and _in_run(tokens, j):
                _note(found, tokens[j].norm_, j)
                j -= 1
            if negated:
                for field, at in found.items():
                    yield tokens[at].i, answered or tokens[at].i + 1, field, False
                continue
            if not (j < 0 or tokens[j].is_punct or tokens[j].norm_ in OPENERS):
                continue  # the list does not open its clause: "unable to wee normally"
            for field, at in found.items():
                lo, hi = min(at, i), max(at, i) + 1
                yield tokens[lo].i, tokens[hi - 1].i + 1, field, True


def _closes(tokens: Sequence[Any], i: int) -> bool:
    """The closing word ends its clause, and what follows does not qualify it."""
    k = i + 1
    while k < len(tokens) and tokens[k].norm_ in TRAILING:
        k += 1
    if k >= len(tokens):
        return True
    if not tokens[k].is_punct or tokens[k].norm_ in ("-", "/"):
        return tokens[k].norm_ in ("and", "et")
    after = {t.norm_ for t in tokens[k + 1 : k + 4]}
    return after.isdisjoint(QUALIFIERS)


def _in_run(tokens: Sequence[Any], j: int) -> bool:
    norm = tokens[j].norm_
    if norm == ",":  # "pee, poo all fine": a comma only between two functions
        return 0 < j < len(tokens) - 1 and all(
            tokens[n].norm_ in BLADDER or tokens[n].norm_ in BOWEL for n in (j - 1, j + 1)
        )
    return norm in FILLER or norm in BLADDER or norm in BOWEL or norm in NORMAL


def _note(found: dict[str, int], norm: str, at: int) -> None:
    if norm in BLADDER:
        found.setdefault("bladder", at)
    elif norm in BOWEL:
        found.setdefault("bowel", at)


ANSWER_MARKS = frozenset({"-", "--", "–", "—", ":", "?"})
NO_ANSWERS = frozenset(
    {"no", "nope", "nah", "non", "nil", "none", "never", "aucun", "aucune", "rien", "jamais"}
)


def answered_no(doc: Any, k: int) -> bool:
    """The item ending before token `k` is a question answered "no": an answer mark ("-", ":",
    "?"), then "no" ending its line ("Bladder normal? no", "Peeing normally - no", "Selles
    normales : non"). "No idea", "no joke" run on: not answers."""
    if k >= len(doc) or doc[k].norm_ not in ANSWER_MARKS:
        return False
    k += 1
    while k < len(doc) and doc[k].is_space:
        k += 1
    if k >= len(doc) or doc[k].norm_ not in NO_ANSWERS:
        return False
    return k + 1 >= len(doc) or doc[k + 1].is_punct or doc[k + 1].is_space


# The bladder or bowels said to be as they always are: "bladder wise nothing has changed, I go as
# normal", "toilet habits unchanged", "I get up to pee at night like always", "je fais pipi comme
# d'habitude". Why: a probe of the project's own sentences (2026-12-08) found the first read as a
# new bladder difficulty (an emergency: the bare "bladder" read alone) and the others as open
# questions (RF-CES-UNSURE) or not at all, where the writer had answered.
AS_ALWAYS = re.compile(
    r"\b(?:like|as)\s+(?:always|usual|normal|ever|before)\b|\bnormal\s+for\s+me\b"
    r"|\b(?:the\s+)?same\s+as\s+(?:always|ever|usual|before)\b|\bnothing\s+(?:has\s+|'s\s+)?changed\b"
    r"|\bno\s+changes?\b|\bunchanged\b|\bnothing\s+(?:new|different)\b|\bno\s+different\b"
    r"|\bcomme\s+(?:d'habitude|toujours|avant|d'hab)\b|\bpas\s+de\s+changements?\b"
    r"|\brien\s+(?:de\s+)?chang[ée]\b|\brien\s+de\s+nouveau\b|\binchang[ée]e?s?\b"
    r"|\bpareil\s+que\s+d'habitude\b",
    re.IGNORECASE,
)
# what a bladder or bowel did, told as an event: "this morning it emptied itself in the kitchen",
# "my bowels opened by themselves", "pads every day now", "il m'arrive de me salir" (an adversarial
# review, 2026-12-08, found each read as a function long the same)
EVENTS = frozenset(
    {"unable", "morning", "evening", "itself", "themselves", "emptied", "empties", "emptying",
     "opened", "let", "pads", "pad", "strain", "straining", "salir", "sali", "went", "gone",
     "completely", "keeps", "keep", "accident", "arrive", "apart", "now", "maintenant", "tonight",
     "today", "yesterday", "hier", "aujourd'hui", "matin", "soir"}
)  # fmt: skip
# a word of trouble anywhere in the sentence: "still can't pee, nothing has changed" tells a
# difficulty that persists, not a normal bladder
TROUBLE = frozenset(
    {"n't", "not", "cannot", "unable", "never", "no", "ne", "n'", "pas", "struggle", "struggling",
     "hard", "harder", "difficult", "difficulty", "leak", "leaks", "leaking", "leaked", "accident",
     "accidents", "wet", "retention", "catheter", "numb", "numbness", "still", "trouble", "problem",
     "problems", "issue", "issues", "worse", "pain", "painful", "burning", "blood", "desperate",
     "rush", "urgent", "urgency", "feel", "feeling", "sens", "sentir", "fuite", "fuites", "mal",
     "douleur", "encore", "toujours", "du", "difficile", "dur", "but", "mais", "except", "sauf",
     "only", "fewer", "less", "normally", "usually", "anymore", "seulement", "moins", "symptoms",
     "symptom", "dysfunction", "sensation", "frequency", "reduced", "weak", "weaker", "symptômes",
     "symptôme", "troubles", "dysfonction", *EVENTS}
)  # fmt: skip
TOILET = frozenset({"toilet", "toilets", "loo", "wc", "toilettes"})


# A function long the same, its trouble included: "I've always had a weak bladder since having the
# kids", "leaks when I sneeze for years", "vessie fragile depuis mes accouchements". Not new, so no
# cauda equina sign, unless the sentence tells a change ("... but now I can't feel it").
LONG_STANDING = re.compile(
    r"\b(?:i'?ve|i\s+have|she'?s|he'?s|she\s+has|he\s+has)\s+always\s+(?:had|been|leaked)\b"
    r"|\bfor\s+(?:many\s+|several\s+|\d+\s+|a\s+few\s+)?years\b"
    r"|\bsince\s+(?:having\s+)?(?:the|my|her)\s+(?:kids|children|babies|baby|first|second|third|pregnancy|pregnancies)\b"
    r"|\bsince\s+childbirth\b|\bdepuis\s+(?:toujours|des\s+ann[ée]es|mes\s+accouchements|ma\s+grossesse"
    r"|mes\s+grossesses|la\s+naissance)\b",
    re.IGNORECASE,
)
CHANGE = frozenset(
    {"now", "worse", "worsening", "new", "newly", "recently", "lately", "more", "suddenly", "today",
     "yesterday", "tonight", "week", "weeks", "days", "since", "but", "except", "maintenant",
     "pire", "nouveau", "nouvelle", "récemment", "recemment", "soudain", "hier", "semaine",
     "semaines", "jours", "mais", "sauf", "can't", "cannot", "numb", "feel", "sens", "sentir",
     "retention", "catheter", "blood", "not", "no", "never", "ne", "n'", "pas", "plus", "jamais",
     "started", "stopped", "problems", "problem", "difficulty", "trouble", "souci", "soucis",
     "packed", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
     "sunday", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", *EVENTS}
)  # fmt: skip


def long_standing_continence(sentences: Sequence[Any]) -> Iterator[tuple[int, int, str, bool]]:
    """(first token, end token, field, True) of a bladder or bowel told as long the same: the
    long-standing words in its own clause ("sciatica for 5 years, bladder problems started
    Friday": the years are the sciatica's), and no word of change in the sentence (the
    long-standing words themselves aside)."""
    for sent in sentences:
        if sent.text.rstrip().endswith("?"):
            continue
        told = [
            (sent.start_char + m.start(), sent.start_char + m.end())
            for m in LONG_STANDING.finditer(sent.text)
        ]
        if not told:
            continue
        # "nothing new there", "no change": words of no change are no change
        told += [
            (sent.start_char + m.start(), sent.start_char + m.end())
            for m in AS_ALWAYS.finditer(sent.text)
        ]
        outside = [t for t in sent if not any(lo <= t.idx < hi for lo, hi in told)]
        if any(t.norm_ in CHANGE or t.norm_ == "n't" for t in outside):
            continue
        for clause in _clauses_of(sent):
            if not any(clause.start_char <= lo < clause.end_char for lo, _ in told[:1]):
                continue
            fields = {
                field
                for t in clause
                for field, words in (("bladder", BLADDER), ("bowel", BOWEL))
                if t.norm_ in words
            }
            for field in sorted(fields):
                # the whole clause: its "weak bladder" is the long-standing state, not a new sign
                yield clause.start, clause.end, field, True


def unchanged_continence(sentences: Sequence[Any]) -> Iterator[tuple[int, int, str, bool]]:
    """(first token, end token, "bladder" or "bowel", True) of each function told as it always is,
    in one clause with the telling words ("I'm drinking the same as always" beside a wee told in
    another clause says nothing of the wee), with no word of trouble in the sentence and no
    question."""
    for sent in sentences:
        if sent.text.rstrip().endswith("?"):
            continue
        for clause in _clauses_of(sent):
            text = clause.text
            found = AS_ALWAYS.search(text)
            if found is None:
                continue
            lo_char, hi_char = clause.start_char + found.start(), clause.start_char + found.end()
            outside = [t for t in sent if not lo_char <= t.idx < hi_char]
            if any(t.norm_ in TROUBLE for t in outside):
                continue
            fields: dict[str, int] = {}
            for t in clause:
                if t.norm_ in BLADDER or t.norm_ in TOILET:
                    fields.setdefault("bladder", t.i)
                if t.norm_ in BOWEL or t.norm_ in TOILET:
                    fields.setdefault("bowel", t.i)
            for field, at in fields.items():
                yield at, clause.end, field, True


CLAUSE_BREAKS = frozenset({"but", "mais", "while", "whereas", "alors", "though", "although"})
SUBJECT = frozenset(
    {"i", "im", "i'm", "she", "he", "we", "they", "je", "j'", "il", "elle", "on", "my", "the", "his",
     "her", "this", "mon", "ma", "mes", "la", "le", "les", "ce", "cette"}
)  # fmt: skip


def _clauses_of(sent: Any) -> Iterator[Any]:
    """The clauses of a sentence: split at punctuation, at "but", and at "and" before a subject
    ("... like a yo-yo and I'm drinking the same as always")."""
    doc, start = sent.doc, sent.start
    for t in sent:
        nxt = doc[t.i + 1].norm_ if t.i + 1 < sent.end else ""
        if (
            (t.is_punct and t.norm_ not in ("'", "-", "/"))
            or t.norm_ in CLAUSE_BREAKS
            or (t.norm_ in ("and", "et") and nxt in SUBJECT)
        ):
            if t.i > start:
                yield doc[start : t.i]
            start = t.i + 1
    if start < sent.end:
        yield doc[start : sent.end]
