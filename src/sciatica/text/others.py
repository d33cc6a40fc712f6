"""Another person's symptoms that are not the patient's.

1. Another person's cauda equina told as the reason for the writer's fear: "my neighbour's husband had
cauda equina a few years back, couldn't feel his legs or control his bladder", "my husband had
cauda equina two years ago (numb bum, couldn't pee, emergency surgery)", "my mum's friend ended up
in hospital cos her disc pressed on the nerves for her bladder".

Why: a relative's symptoms are read as the patient's (the writer usually asks for the person they
describe), so these stories made emergencies of writers who then answer the same questions for
themselves ("peeing fine, no numb bits anywhere"): five of the 21 over-triaged posts studied in
batches 30-33 (2026-12-07). The story is only the words about the other person, up to the first
word of the writer or of today, with no one's reported speech ("my friend says this is cauda
equina because I've lost feeling in my bum" is the writer's own: an adversarial review found the
first version of this rule dropping such emergencies). It is set aside only when the text answers
a warning question outside it: with no such answer the story may be the patient's own, and a
missed cauda equina is the costly error.

2. Another person's symptom the writer sets against their own: "my son's foot slaps when he runs,
mine is just pins and needles", "my dad has a dropped foot from his diabetes, I've only got back
pain", "mon père a un pied tombant depuis son AVC, moi j'ai seulement mal au dos". The contrast is
the writer's own statement that the other's symptom is not theirs (the project's probes,
2026-12-07).
"""

from __future__ import annotations

import re
from typing import Any

OTHERS = frozenset(
    {"husband", "wife", "brother", "sister", "neighbour", "neighbor", "neighbour's", "friend",
     "friends", "colleague", "coworker", "mum", "mom", "mums", "moms", "mum's", "mom's", "dad",
     "mother", "father", "son", "daughter", "cousin", "aunt", "auntie", "uncle", "someone",
     "somebody", "people", "guy", "woman", "man", "lady", "bloke", "mate", "partner", "boss",
     "voisin", "voisine", "mari", "femme", "frère", "frere", "soeur", "sœur", "ami", "amie",
     "collègue", "collegue", "copine", "copain", "belle-sœur", "belle-soeur", "beau-frère",
     "beau-frere", "père", "pere", "mère", "mere", "quelqu'un", "gens", "cousine", "tante", "oncle",
     "brother-in-law", "sister-in-law", "father-in-law", "mother-in-law", "he", "she", "il", "elle"}
)  # fmt: skip
STORY = re.compile(
    r"\bcauda\s+equina\b|\bCES\b|\bqueue\s+de\s+cheval\b|\bended\s+up\s+in\s+(?:hospital|a&e|the\s+er)\b"
    r"|\bemergency\s+(?:op|operation|surgery|decompression)\b|\bop[ée]r[ée]e?\s+en\s+urgence\b"
    r"|\bwheelchair\b|\bfauteuil\s+roulant\b|\bfini\s+aux\s+urgences\b",
    re.IGNORECASE,
)


# another's words, not their story: what they said may be the writer's own case
SPEECH = frozenset(
    {"said", "says", "say", "told", "tells", "tell", "reckons", "reckon", "thinks", "think",
     "thought", "means", "mean", "explained", "warned", "mentioned", "dit", "disait", "pense",
     "pensait", "explique", "expliqué", "prévenu", "prevenu", "affirme", "according"}
)  # fmt: skip
# the people a writer most often speaks for: their story is the patient's unless it is dated
# months or years back ("my husband had cauda equina two years ago")
HOUSEHOLD = frozenset(
    {"husband", "wife", "partner", "mum", "mom", "dad", "mother", "father", "son", "daughter",
     "brother", "sister", "mari", "femme", "père", "pere", "mère", "mere", "fils", "fille", "frère",
     "frere", "soeur", "sœur", "conjoint", "conjointe", "mum's", "mom's", "he", "she", "il", "elle"}
)  # fmt: skip
LONG_AGO = re.compile(
    r"\b(?:\d+|a\s+few|few|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+"
    r"(?:years?|months?)\s+(?:ago|back|earlier)\b|\ba\s+(?:few\s+)?years?\s+(?:ago|back)\b"
    r"|\blast\s+(?:year|yr|month)\b|\b(?:19|20)\d\d\b|\bl'an\s+(?:dernier|pass[ée])\b"
    r"|\bl'ann[ée]e\s+(?:derni[èe]re|pass[ée]e)\b|\ble\s+mois\s+(?:dernier|pass[ée])\b"
    r"|\bil\s+y\s+a\s+(?:\w+\s+){0,2}(?:ans?|mois)\b",
    re.IGNORECASE,
)


# the writer in a sentence: a story told with these is the writer's own ("my friend says this is
# cauda equina because I've lost feeling in my bum"); "my" and "mon" count only where they do not
# introduce the other person ("my brother had ...")
FIRST_PERSON = frozenset(
    {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "im", "ive", "je", "j'",
     "moi", "m'", "mon", "ma", "mes", "we", "us", "our", "nous", "notre", "nos"}
)  # fmt: skip
SUBJECT_I = frozenset(
    {"i", "i'm", "i've", "i'd", "i'll", "im", "ive", "je", "j'", "my", "mon", "ma", "mes"}
)
# the present in a sentence: "he had an op in 2019 and now he can't pee again" is today's
PRESENT = re.compile(
    r"\b(?:now|today|tonight|since|this\s+morning|last\s+night|yesterday|again|currently|still"
    r"|maintenant|aujourd'hui|depuis|ce\s+matin|cette\s+nuit|hier|encore|toujours|de\s+nouveau)\b",
    re.IGNORECASE,
)


def _told_of_another(words: list[Any], text: str, *, contrasted: bool = False) -> int:
    """How many of `words` (a part of a sentence) speak only of someone else: up to the first
    word of the writer (not the possessive that introduces the other: "my brother") or of today.
    Zero when no one else is named before that point. Before the writer's own contrast ("mine
    hasn't") only the writer as a subject ends it: "my mate told me his leg gave way", "mon père
    a un pied tombant depuis son AVC"."""
    cut = len(words)
    for k, t in enumerate(words):
        if not contrasted and PRESENT.match(text, t.idx - words[0].idx):
            cut = k
            break
        if t.lower_ not in (SUBJECT_I if contrasted else FIRST_PERSON):
            continue
        after = words[k + 1 : k + 3]
        if t.lower_ in ("my", "mon", "ma", "mes", "our", "notre", "nos") and any(
            w.lower_ in OTHERS or w.lower_.removesuffix("'s") in OTHERS for w in after
        ):
            continue  # "my brother", "my mum's friend", "ma belle-soeur"
        cut = k
        break
    return cut if any(t.lower_ in OTHERS for t in words[:cut]) else 0


def _parts(sent: Any) -> list[list[Any]]:
    """The sentence cut at its colons: "I'm asking because of my brother: he had ..." holds two
    statements."""
    parts: list[list[Any]] = [[]]
    for t in sent:
        if t.text == ":":
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def others_stories(sentences: list[Any]) -> list[tuple[int, int]]:
    """The token ranges that tell another person's cauda equina (someone else named, and the
    condition or its emergency care) and nothing of the writer or of today: a household
    member's only when dated months or years back, since the writer may be asking for them."""
    out = []
    for sent in sentences:
        for words in _parts(sent):
            text = sent.doc.text[words[0].idx : words[-1].idx + len(words[-1])]
            told = words[: _told_of_another(words, text)]
            if not told:
                continue
            said = {t.lower_ for t in told}
            if said & SPEECH:
                continue  # "someone said numb bum means cauda equina": words, not their story
            story = sent.doc.text[told[0].idx : told[-1].idx + len(told[-1])]
            if STORY.search(story) and (said & (OTHERS - HOUSEHOLD) or LONG_AGO.search(story)):
                out.append((told[0].i, told[-1].i + 1))
    return out


MINE_ONLY = re.compile(
    r"\bmine\s+(?:is|are|'s)\s+(?:just|only)\b|\bmine\s+(?:has|have|is|was|does|did)(?:n't|\s+not)\b"
    r"|\bi(?:'ve|\s+have)\s+only\s+got\b"
    r"|\bmoi\s*,?\s+j'ai\s+(?:seulement|juste|que)\b|\bmoi\s*,?\s+je\s+n'ai\s+que\b"
    r"|\bmoi\s*,?\s+c'est\s+(?:juste|seulement)\b|\bchez\s+moi\s+c'est\s+(?:juste|seulement)\b",
    re.IGNORECASE,
)


def others_set_against_mine(sentences: list[Any]) -> list[tuple[int, int]]:
    """The token ranges that tell another person's symptoms, when the writer then says theirs are
    only something else: the sentence before such a contrast, or the part of its own sentence
    before it."""
    out: list[tuple[int, int]] = []
    contrasts = [(n, m) for n, sent in enumerate(sentences) for m in MINE_ONLY.finditer(sent.text)]
    for n, sent in enumerate(sentences):
        own = [m for k, m in contrasts if k == n]
        if own:
            cut = sent.start_char + own[0].start()
            words = [t for t in sent if t.idx < cut]
        elif any(k == n + 1 for k, _ in contrasts):
            words = list(sent)
        else:
            continue
        if not words:
            continue
        told = _told_of_another(
            words, sent.doc.text[words[0].idx : cut if own else sent.end_char], contrasted=True
        )
        if told == len(words):  # the whole part speaks of the other alone
            out.append((words[0].i, words[-1].i + 1))
    return out
