"""Findings read from two words of one clause where no phrase rule matched: a pain word and a
part of the leg ("the pain was on the left but since Tuesday it's down the right leg as well",
"j'ai mal dans toute la cuisse"). People put any words between the two, so a list of phrases
never closes; the two word sets do. The span goes through ConText like any other target, so a
negation, a condition, a past or another person's story reaches it as it reaches a phrase.
Why: on 160 posts written blind (2026-12-07), radiating leg pain missed this way hid the side of
a pain that had spread to the second leg (RF-BILAT)."""

from __future__ import annotations

from typing import Any

PAIN = frozenset(
    {"pain", "pains", "painful", "hurts", "hurt", "hurting", "ache", "aches", "aching", "achy",
     "sore", "soreness", "burning", "shooting", "stabbing", "throbbing", "sciatica", "agony",
     "douleur", "douleurs", "mal", "douloureux", "douloureuse", "brulure", "brulures", "brûlure",
     "brûlures", "elancement", "elancements", "élancement", "élancements", "sciatique",
     "lancinante", "lancinant"}
)  # fmt: skip
LEG = frozenset(
    {"leg", "legs", "thigh", "thighs", "calf", "calves", "shin", "shins", "buttock", "buttocks",
     "hamstring", "hamstrings", "jambe", "jambes", "cuisse", "cuisses", "mollet", "mollets",
     "tibia", "fesse"}
)  # fmt: skip
# A pain of the foot alone may be the foot's own (neuropathy, plantar fasciitis): the foot counts
# only where the pain travels to it ("it goes down into my foot").
FOOT = frozenset(
    {"foot", "feet", "ankle", "ankles", "heel", "heels", "toe", "toes", "pied", "pieds",
     "cheville", "chevilles", "talon", "talons", "orteil", "orteils"}
)  # fmt: skip
# No pair across these: a negation or a "but" between the two words makes two statements.
NOT = frozenset(
    {"no", "not", "n't", "never", "without", "nor", "neither", "pas", "sans", "ni", "jamais",
     "aucun", "aucune", "but", "mais", "except", "sauf", "than", "que", "plus"}
)  # fmt: skip
# and no pair across a list either: "tiredness in my legs and a little pain in the knee"
APART = NOT | {"and", "et", "or", "ou"}
WINDOW = 6  # words between the pain word and the leg part, at most
# A pain told by where it travels, its noun left earlier: "it's down the right leg as well",
# "ça descend jusqu'au pied".
TRAVEL = frozenset(
    {"down", "into", "radiates", "radiating", "shoots", "shooting", "descend", "descends",
     "descendu", "irradie", "irradiant", "jusqu'au", "jusqu'à", "jusqu'a"}
)  # fmt: skip


def leg_pain_spans(doc: Any, taken: set[int]) -> list[tuple[int, int]]:
    """(start, end) token spans from a pain word to a leg part in one clause of one sentence, on
    tokens outside `taken` (those a phrase rule already read)."""
    taken = set(taken)
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        for t in sent:
            if t.i in taken or not (t.norm_ in PAIN or t.norm_ in TRAVEL):
                continue
            if t.norm_ in TRAVEL and not _pain_before(doc[max(sent.start, t.i - 8) : t.i], taken):
                continue  # "reduced sensation down the back of my legs": what travels is no pain
            # a travel word looks ahead only, and closer: "down the back of my leg"
            lo_at = t.i if t.norm_ in TRAVEL else max(sent.start, t.i - WINDOW)
            hi_at = min(sent.end, t.i + (5 if t.norm_ in TRAVEL else WINDOW) + 1)
            reach = LEG | FOOT if t.norm_ in TRAVEL else LEG
            for u in doc[lo_at:hi_at]:
                if u.norm_ not in reach:
                    continue
                lo, hi = min(t.i, u.i), max(t.i, u.i) + 1
                inside = range(lo, hi)
                if any(i in taken for i in inside) or any(
                    w.is_punct or w.norm_ in APART for w in doc[lo + 1 : hi - 1]
                ):
                    continue
                out.append((lo, hi))
                taken.update(inside)
                break
    return out


# what a travel word may carry: a pain word, or a pronoun standing for the pain told before
CARRIERS = frozenset({"it", "it's", "its", "that", "ça", "ca", "ca'", "elle"})


def _pain_before(words: Any, taken: set[int]) -> bool:
    """A pain word before the travel word with no other finding in between, or its pronoun right
    before it ("it's down the right leg", "it goes down")."""
    words = list(words)
    for n, w in enumerate(reversed(words)):
        if w.norm_ in PAIN or (w.norm_ in CARRIERS and n < 2):
            return True
        if w.i in taken or w.is_punct:
            return False
    return False
