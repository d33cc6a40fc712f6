"""Another person's symptoms that are not the patient's.

1. Another person's cauda equina told as the reason for the writer's fear: "my neighbour's husband had
cauda equina a few years back, couldn't feel his legs or control his bladder", "my husband had
cauda equina two years ago (numb bum, couldn't pee, emergency surgery)", "my mum's friend ended up
in hospital cos her disc pressed on the nerves for her bladder".

Why: a relative's symptoms are read as the patient's (the writer usually asks for the person they
describe), so these stories made emergencies of writers who then answer the same questions for
themselves ("peeing fine, no numb bits anywhere"): five of the 21 over-triaged posts studied in
batches 30-33 (2026-12-07). The story is set aside only when the text answers a warning question
elsewhere, in a sentence that is not a story: with no such answer the story may be the patient's
own, and a missed cauda equina is the costly error.

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
     "brother-in-law", "sister-in-law", "father-in-law", "mother-in-law"}
)  # fmt: skip
STORY = re.compile(
    r"\bcauda\s+equina\b|\bCES\b|\bqueue\s+de\s+cheval\b|\bended\s+up\s+in\s+(?:hospital|a&e|the\s+er)\b"
    r"|\bemergency\s+(?:op|operation|surgery|decompression)\b|\bop[ée]r[ée]e?\s+en\s+urgence\b"
    r"|\bwheelchair\b|\bfauteuil\s+roulant\b|\bfini\s+aux\s+urgences\b",
    re.IGNORECASE,
)


# the people a writer most often speaks for: their story is the patient's unless it is dated
# months or years back ("my husband had cauda equina two years ago")
HOUSEHOLD = frozenset(
    {"husband", "wife", "partner", "mum", "mom", "dad", "mother", "father", "son", "daughter",
     "brother", "sister", "mari", "femme", "père", "pere", "mère", "mere", "fils", "fille", "frère",
     "frere", "soeur", "sœur", "conjoint", "conjointe", "mum's", "mom's"}
)  # fmt: skip
LONG_AGO = re.compile(
    r"\b(?:\d+|a\s+few|few|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+"
    r"(?:years?|months?)\s+(?:ago|back|earlier)\b|\ba\s+(?:few\s+)?years?\s+(?:ago|back)\b"
    r"|\blast\s+(?:year|yr|month)\b|\b(?:19|20)\d\d\b|\bl'an\s+(?:dernier|pass[ée])\b"
    r"|\bl'ann[ée]e\s+(?:derni[èe]re|pass[ée]e)\b|\ble\s+mois\s+(?:dernier|pass[ée])\b"
    r"|\bil\s+y\s+a\s+(?:\w+\s+){0,2}(?:ans?|mois)\b",
    re.IGNORECASE,
)


def others_stories(sentences: list[Any]) -> set[int]:
    """The sentences that tell another person's cauda equina (someone else named, and the
    condition or its emergency care): a household member's only when dated months or years
    back, since the writer may be asking for them today ("my dad ended up in hospital last night,
    he can't pee")."""
    out = set()
    for n, sent in enumerate(sentences):
        if not STORY.search(sent.text):
            continue
        named = {t.lower_ for t in sent} & OTHERS
        if named and (named - HOUSEHOLD or LONG_AGO.search(sent.text)):
            out.add(n)
    return out


MINE_ONLY = re.compile(
    r"\bmine\s+(?:is|are|'s)\s+(?:just|only)\b|\bmine\s+(?:has|have|is|was|does|did)(?:n't|\s+not)\b"
    r"|\bi(?:'ve|\s+have)\s+only\s+got\b|\bi\s+only\s+have\b|\bi(?:'ve|\s+have)\s+just\s+got\b"
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
        if not any(t.lower_ in OTHERS for t in sent):
            continue
        own = [m for k, m in contrasts if k == n]
        if own:
            cut = sent.start_char + own[0].start()
            before = [t.i for t in sent if t.idx < cut]
            if before and any(t.lower_ in OTHERS for t in sent if t.idx < cut):
                out.append((sent.start, before[-1] + 1))
        elif any(k == n + 1 for k, _ in contrasts):
            out.append((sent.start, sent.end))
    return out
