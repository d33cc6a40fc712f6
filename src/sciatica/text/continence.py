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
            if negated:
                j -= 1
            elif asked or not _closes(tokens, i):
                continue
            found: dict[str, int] = {}
            while j >= 0 and i - j <= RUN and _in_run(tokens, j):
                _note(found, tokens[j].norm_, j)
                j -= 1
            if negated:
                for field, at in found.items():
                    yield tokens[at].i, tokens[at].i + 1, field, False
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
