"""A weak leg told by what it has become, as constructions (RF-MOT-REPORTED, Part I §4).

People say a leg is weak by a word for its stuff or its loss of it ("la jambe gauche a plus de
jus", "elle devient toute molle", "both legs have gone to jelly", "not as strong as the left"), say
it gives way by where it goes ("the right leg going from under him", "ses jambes la lâchent"),
fail a tiptoe test in their own words ("calf raises: the right side wouldn't lift me", "sur la
pointe des pieds, à droite je m'effondre") and tell a foot drop by the shoes it loses ("mes tongs
s'envolent à chaque pas du pied gauche"). A probe set written by someone who never read the
reader (2026-12-07, eleventh round) had one in four of its weakness texts read below "urgent".

Each finding is a leg word and one of these words in one clause; ConText still sets aside a denial,
a fear, the past or someone else's leg, and the side comes from the words around, as for any phrase.
"""

from __future__ import annotations

import re
from typing import Any

from .compose import claim, sentences

LIMB = (
    r"(?:legs?|knees?|thighs?|jambes?|genoux|genou|cuisses?|quads?|calf|calves|mollets?|foot|feet"
    r"|pieds?)"
)
# the leg, then within a few words what it has become: "la jambe gauche a plus de jus", "my left
# leg is like jelly", "ma jambe droite reste moins costaude que la gauche"
WEAK_AFTER = re.compile(
    LIMB + r"\b(?:\W+[\w']+){0,3}?\W+(?:"
    r"(?:toute?s?\s+)?molles?|mou|faiblarde?s?|s'affaiblit|affaiblie?s?|(?:a|ont)\s+plus\s+de\s+(?:jus|force)"
    r"|(?:moins|pas\s+(?:aussi|si))\s+(?:costaude?s?|forte?s?|solides?)|no\s+(?:juice|oomph)\b"
    r"|(?:not|n't|isn'?t)\s+as\s+strong|(?:gone|went|turned|goes)\s+(?:to\s+)?(?:jelly|jello|mush|rubber)"
    r"|like\s+(?:jelly|jello|a\s+wet\s+noodle|noodles?|rubber|cooked\s+spaghetti)"
    r"|suit\s+(?:plus|pas|pu))\b",
    re.IGNORECASE,
)
# the leg, then how it gives way: "the right leg going from under him", "my knees feel like they'll
# fold", "ses jambes la lâchent", "le genou se dérobe"
GIVES_AFTER = re.compile(
    r"(?:legs?|knees?|thighs?|jambes?|genoux|genou|cuisses?)" + r"\b(?:\W+[\w']+){0,5}?\W+(?:"
    r"(?:going|goes|went|gone|go)\s+(?:out\s+)?from\s+under|fold(?:s|ed|ing)?\b(?!\s+(?:the|my|a|les|la|le)\b)"
    r"|buckl(?:e|es|ed|ing)\b(?!\s+(?:the|my|a|up|them|him|her)\b)"
    r"|g(?:ive|ives|ave|iving)\s+(?:out|way|up\b(?!\s+(?:smoking|work|running|the|my|on\s+(?:the|physio))))|collaps(?:e|es|ed|ing)\b(?!\s+(?:on|onto|into|in)\b)"
    r"|(?:la|le|me|m'|les|nous)?\s*l[âa]ch(?:e|ent|é|ée)\b|(?:se\s+)?d[ée]rob(?:e|ent))",
    re.IGNORECASE,
)
# a tiptoe or heel test failed in the person's own words
TIPTOE = re.compile(
    r"\b(?:pointes?\s+(?:des|du)\s+pieds?|tiptoes?|tip\s+toes?|calf\s+raises?)\b", re.IGNORECASE
)
HEELS = re.compile(r"\b(?:talons|heels)\b", re.IGNORECASE)
TEST_FAILED = re.compile(
    r"\b(?:m'effondre|s'effondre|tombe|wouldn'?t\s+lift|won'?t\s+lift|couldn'?t\s+(?:do|lift|get)"
    r"|not\s+(?:even\s+)?one|can'?t|cannot|(?:pu|plus|pas)\s+capable|n'arrive\s+(?:pas|plus)"
    r"|arrive\s+(?:pas|plus|pu)|impossible|flops?\s+(?:back\s+)?down|d[ée]colle\s+pas)\b",
    re.IGNORECASE,
)
# shoes the foot loses: a foot drop told by flip-flops that fly off
SHOES_LOST = re.compile(
    r"\b(?:tongs|flip[- ]?flops?|thongs|jandals|sandals|slippers|chaussons|mules|claquettes|sabots)\b"
    r"(?:\W+[\w']+){0,4}?\W+(?P<lost>s'envolent|s'envole|fly|flying|flies|fall(?:s|ing)?\s+off"
    r"|come\s+off|comes\s+off|goes\s+flying|tombent)\b",
    re.IGNORECASE,
)


OTHER_ACTIVITY = re.compile(
    r"\s+(?:(?:de|d'|à|a|to)\s+)?(?:say|sit|sleep|lie|bend|dormir|m'asseoir|asseoir|me\s+coucher|coucher"
    r"|me\s+pencher|pencher|rester\s+assis)",
    re.IGNORECASE,
)
COMPARED = re.compile(
    r"(?:moins|pas\s+(?:aussi|si)|not\s+as|n't\s+as|isn'?t\s+as)\b", re.IGNORECASE
)
PAIN_WORD = re.compile(r"\b(?:pain|ache|douleur|mal|brace|attelle)\b", re.IGNORECASE)
FEARED = re.compile(
    r"\b(?:will|would|might|may|could|gonna|going\s+to|va|vont|pourrait|risque)\b|'ll\b",
    re.IGNORECASE,
)
SIDE = re.compile(r"\b(?:left|right|gauche|droite|droit)\b", re.IGNORECASE)
NOT = re.compile(r"\b(?:not|never|no|pas|jamais|nor|ni)\b|n't\b", re.IGNORECASE)
PREDICATE = re.compile(
    r"(?:toute?s?\s+)?molles?|mou|faiblarde?s?|s'affaiblit|affaiblie?s?|(?:a|ont)\s+plus|moins|pas\s+(?:aussi|si)"
    r"|no\s+(?:juice|oomph|go)|(?:not|n't|isn'?t)\s+as|gone|went|turned|goes|going|go|gave|give|gives|giving"
    r"|like|floppy|limp|useless|suit|fold|buckl|collaps|la|le|me|m'|les|nous|l[âa]ch|se|d[ée]rob",
    re.IGNORECASE,
)


def _predicate_start(text: str, lo: int, hi: int) -> int:
    """Where the predicate of a leg construction begins: the last predicate word in the match
    whose match runs to its end (the negation searched for lies between the leg and it)."""
    starts = [m.start() for m in PREDICATE.finditer(text, lo, hi) if m.start() > lo]
    return starts[-1] if starts else hi


def motor_spans(doc: Any, taken: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the constructions above, on tokens outside `taken`."""
    taken = set(taken)
    out: list[tuple[int, int, str]] = []
    for sent, text in sentences(doc):
        found: list[tuple[int, int, str]] = []
        for pattern, label in (
            (GIVES_AFTER, "GIVES_WAY"),
            (WEAK_AFTER, "WEAKNESS"),
            (SHOES_LOST, "FOOT_DROP"),
        ):
            # a lost shoe's span is its verb: "can't wear flip flops, the left one goes flying"
            # is no denial of the foot drop
            found += [
                (m.start("lost") if "lost" in pattern.groupindex else m.start(), m.end(), label)
                for m in pattern.finditer(text)
            ]
        for test, label in ((TIPTOE, "TOE_WALK"), (HEELS, "HEEL_WALK")):
            m = test.search(text)
            failed = TEST_FAILED.search(text, m.end()) if m else None
            if failed and OTHER_ACTIVITY.match(text, failed.end()):
                failed = None  # "tiptoes fine, I just can't sit for long": another task failed
            if m and failed and failed.start() - m.end() <= 60:
                # "à droite ok, à gauche impossible": the side told last before the failure
                sides = list(SIDE.finditer(text, m.end(), failed.start()))
                found.append((sides[-1].start() if sides else m.start(), failed.end(), label))
        for lo, hi, label in found:
            if label in ("WEAKNESS", "GIVES_WAY"):
                # the leg word is for the side only; the span is the predicate, so that a cue
                # before it ("used to", "I worry my leg will", "avant ... lâchait") still reaches it
                said = _predicate_start(text, lo, hi)
                if PAIN_WORD.search(text, lo, said) or (
                    COMPARED.match(text, said) and PAIN_WORD.search(text, max(0, lo - 25), lo)
                ):
                    continue  # "my leg pain is not as strong today", "la douleur dans la jambe
                    # est moins forte": the pain's, not the leg's
                if NOT.search(text, lo, said):
                    continue  # "my legs don't give out", "la jambe n'est pas molle": denied
                if FEARED.search(text, max(0, said - 14), said):
                    continue  # "I worry my leg will collapse": a fear, not a finding
                lo = said
            claim(sent, lo, hi, label, taken, out)
    return out
