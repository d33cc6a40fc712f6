"""How bad a pain is and the systemic flags, told in everyday words, as constructions (RF-HYPERALGESIC,
RF-CANCER-FLAGS, RF-INFECTION; Part I §2 item 7 and §4).

A probe set written by someone who never read the reader (2026-12-07, eleventh round) told a pain
that never stops by "it hasn't given me a single second off", night pain by "wakes me up about 1am
every night", a drug injected by "il se shoote", years of steroids by "on pred for three years, never
been off it", and a pain that disturbs thinking by "je cherche mes mots". Each is a small set of words
in one sentence; ConText still sets aside a denial, a fear, the past or someone else's.
"""

from __future__ import annotations

import re
from typing import Any

from .compose import claim, sentences

# woken at night: a waking word and a time of night in one sentence, with no other cause named
WOKEN = re.compile(
    r"\b(?:wakes?|woke|waking|woken|r[ée]veill(?:e|ent|é|ée|ait)|r[ée]veil)\b", re.IGNORECASE
)
NIGHT_TIME = re.compile(
    r"\b(?:night|nights|nightly|overnight|nuits?|[1-5]\s*(?:am|a\.m\.|h|heures?)|[1-5]\s+in\s+the\s+morning"
    r"|middle\s+of\s+the\s+night|pleine\s+nuit)\b",
    re.IGNORECASE,
)
OTHER_CAUSE = re.compile(
    r"\b(?:baby|bébé|bebe|kids?|children|enfants?|dog|chien|cat|chat|toilet|loo|wee|pee|pipi|toilettes"
    r"|snor\w*|ronfl\w*|alarm|réveil\s+sonne|neighbou?rs?|voisins?)\b",
    re.IGNORECASE,
)
# lying down, and no position eases the pain: night pain as case-format defines it ("constant pain
# at night not eased by position"), told by the bed and the positions tried
IN_BED = re.compile(
    r"\bin\s+(?:my\s+|the\s+)?bed\b|\b(?:go|get|going|getting|went|goes|gets)\s+(?:in)?to\s+bed\b"
    r"|\bbedtime\b|\b(?:me|se|m'|s')\s*couch(?:e|er|é|ée|ais|ait)\b|\bau\s+lit\b|\bdans\s+(?:le|mon|son)\s+lit\b",
    re.IGNORECASE,
)
# lying down counts beside the night only: "when I lie down on the sofa after work" is no night
LYING_DOWN = re.compile(
    r"\b(?:lie|lies|lying|lay|laying)\s+(?:down|flat)\b|\b(?:couch[ée]e?s?|allong[ée]e?s?)\b", re.I
)
NIGHTISH = re.compile(
    r"\b(?:night|nights|sleep|asleep|[1-5]\s*am|morning|nuit|dormir|dors|dort|dormi|sommeil|matin)\b",
    re.I,
)


def lying_at_night(text: str) -> re.Match[str] | None:
    """The words of lying in bed, or lying down beside a word of the night, in `text`."""
    bed = IN_BED.search(text)
    if bed is not None:
        return bed
    down = LYING_DOWN.search(text)
    return down if down is not None and NIGHTISH.search(text) else None


NO_POSITION_EASES = re.compile(
    r"\bno\s+matter\s+(?:which|what)\b|\bno\s+matter\s+how\s+(?:i|she|he|you)\s+(?:lie|lay|sleep|turn|position|sit)\b"
    r"|\b(?:every|any|whatever|whichever)\s+(?:position|way)\b"
    r"|\btried\s+every\w*\b|\bnothing\s+(?:i\s+do\s+)?(?:\w+\s+){0,2}(?:helps|changes|eases|shifts|works)\b"
    r"|\b(?:doesn'?t|does\s+not|won'?t|will\s+not)\s+(?:budge|shift|let\s+up)\b"
    r"|\b(?:can'?t|cannot|couldn'?t|never)\s+get\s+(?:comfy|comfortable)\b"
    r"|\bgrinding\s+away\b"
    r"|\bquel(?:le)?s?\s+que\s+soi(?:en)?t\s+(?:la\s+|les\s+)?positions?\b"
    r"|\bpeu\s+importe\s+(?:comment|la\s+position|de\s+quel|quelle)\b|\baucune\s+position\b"
    r"|\brien\s+ne\s+(?:la\s+|le\s+)?(?:soulage|calme|change)\b"
    r"|\b(?:ne\s+)?(?:me|le|la|lui)\s+l[âa]che\s+pas\b",
    re.IGNORECASE,
)
# a position or a rest that eases it, not denied: "roll onto my back and it settles straight away"
EASES = re.compile(
    r"\b(?:settles?|settled|eases?|eased|goes\s+away|better|relief|relieves?|fine|comfy|comfortable"
    r"|helps?|helped|works|ok|okay|best|except|apart\s+from|sauf|soulag\w*|calme|passe|mieux|[çc]a\s+va)\b",
    re.IGNORECASE,
)
DENIED_BEFORE = re.compile(
    r"(?:\bnothing|\bnot|n'?t|\bno|\bnever|\brien\s+ne|\bne)\s+(?:\w+\s+){0,2}$", re.I
)


PAIN_AT_NIGHT = re.compile(
    r"\b(?:pains?|painful|hurts?|hurting|agony|aches?|aching|throbb\w*|sciatica|sciatique|douleurs?|mal"
    r"|[ée]lanc\w*|burning|br[ûu]l\w*|grinding)\b",
    re.IGNORECASE,
)


# what else keeps a person awake in bed
NOT_THE_PAIN = re.compile(
    r"\b(?:restless|tired\w*|insomnia|anxi\w*|worr\w*|stress\w*|phone|hot|heat|itch\w*|cough\w*"
    r"|fatigue|impatiences|angoiss\w*|chaud)\b",
    re.IGNORECASE,
)


def _eased(text: str) -> bool:
    """A word of easing in `text` that no denial governs ("nothing eases it", "can't get comfy",
    "ça ne passe pas" are no easing)."""
    for m in EASES.finditer(text):
        before, after = text[max(0, m.start() - 25) : m.start()], text[m.end() : m.end() + 12]
        if not DENIED_BEFORE.search(before) and not re.match(r"\s+pas\b", after):
            return True
    return False


# a pain that never stops
NEVER_STOPS = re.compile(
    r"\bnever\s+(?:goes\s+off|switches\s+off|lets\s+(?:up|go|me\s+be)|eases(?:\s+off)?|stops|settles)\b"
    r"|\b(?:doesn'?t|does\s+not|won'?t|will\s+not)\s+(?:ease|let\s+up|let\s+go|switch\s+off|stop|settle)"
    r"(?:\s+off)?\s+(?:at\s+all|for\s+a\s+(?:second|minute|moment))"
    r"|\bmorning,?\s+noon\s+and\s+night\b|\bday\s+(?:or|and)\s+night\b"
    r"|\b(?:not|hasn'?t\s+given\s+me|haven'?t\s+had)\s+a\s+(?:single\s+)?(?:second|minute|moment)(?:'s)?\s+"
    r"(?:off|peace|rest|break|relief)\b"
    r"|\b(?:me|le|la|lui)\s+l[âa]che\s+pas\s+(?:de\s+la\s+journ[ée]e|une\s+seconde|une\s+minute|d'une\s+semelle)\b"
    r"|\bbouge\s+pas\s+d'un\s+poil\b|\bsans\s+(?:une\s+)?(?:seconde|minute)\s+de\s+r[ée]pit\b",
    re.IGNORECASE,
)
# a drug injected
INJECTS = re.compile(
    r"\b(?:se|s'|me|m')\s*(?:shoote?|shootait|pique|piquait|injecte|injectait)\b"
    r"|\b(?:shoots?|shooting|shot)\s+up\b|\binject(?:s|ing|ed)?\s+(?:heroin|drugs|meth|crack|gear)\b"
    r"|\b(?:uses?|using|used)\s+needles\b|\bh[ée]ro[ïi]ne?\b|\bivdu\b"
    r"|\b(?:piqu[ée]e?s?|shoot[ée]e?s?|inject[ée]e?s?)\s+(?:[àa]\s+)?(?:l'|de\s+l')h[ée]ro\b"
    r"|\bbang(?:s|ing|ed)?\s+(?:up\s+)?(?:dope|gear|smack|heroin|meth)\b",
    re.IGNORECASE,
)
# steroids taken for a long time
STEROIDS = re.compile(
    r"\b(?:pred|prednisolone|prednisone|m[ée]drol|solupred|cortancyl|corticoïdes?|corticoides?"
    r"|cortisone|steroids?|st[ée]ro[ïi]des?)\b",
    re.IGNORECASE,
)
FOR_LONG = re.compile(
    r"\b(?:every\s+day|daily|tous\s+les\s+jours|long[- ]term|au\s+long\s+cours|never\s+been\s+off"
    r"|every\s+(?:morning|night|evening)|chaque\s+(?:matin|soir|jour)|for\s+(?:years|ages|a\s+long\s+time)"
    r"|since\s+(?:19|20)\d\d|depuis\s+(?:longtemps|des\s+ann[ée]es|(?:19|20)\d\d)"
    r"|for\s+(?:about\s+|over\s+|nearly\s+|like\s+|around\s+|almost\s+|roughly\s+|well\s+over\s+)?"
    r"(?:\d+|two|three|four|five|six|many|several)\s+(?:years|months)"
    r"|depuis\s+(?:\d+|deux|trois|quatre|cinq|des)\s+(?:ans|mois|années))\b",
    re.IGNORECASE,
)
# thinking or speech the pain disturbs
THINKING = re.compile(
    r"\b(?:cherche|cherchait|perd(?:s|ait)?)\s+(?:mes|ses|le)\s+(?:mots|fil)\b|\br[ée]pond(?:ait|s)?\s+[àa]\s+c[ôo]t[ée]\b"
    r"|\b(?:can'?t|cannot|couldn'?t)\s+(?:follow|string\s+a\s+sentence|get\s+my\s+words)\b"
    r"|\blos(?:e|es|ing|t)\s+(?:my|his|her|the)\s+(?:thread|train\s+of\s+thought|words)\b"
    r"|\bstopping\s+mid[- ]sentence\b|\bbrain\s+fog\b|\bpeux\s+plus\s+(?:penser|r[ée]fl[ée]chir)\b",
    re.IGNORECASE,
)


PAIN = re.compile(
    r"\b(?:pain|painful|hurts?|hurting|agony|sciatica|sciatique|douleur|mal|distracted)\b",
    re.IGNORECASE,
)


def severity_spans(doc: Any, taken: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the constructions above, on tokens outside `taken`."""
    taken = set(taken)
    out: list[tuple[int, int, str]] = []
    # the pain may be named anywhere in the post ("my sciatica ... In bed I've tried every position")
    pain_told = PAIN_AT_NIGHT.search(doc.text) is not None
    for sent, text in sentences(doc):
        found: list[tuple[int, int, str]] = []
        woken, night = WOKEN.search(text), NIGHT_TIME.search(text)
        if woken and night and not OTHER_CAUSE.search(text):
            # the night's words: the waking word may be the sleep rule's ("wakes me")
            found.append((night.start(), night.end(), "NIGHT_PAIN"))
        for pattern, label in (
            (NEVER_STOPS, "PAIN_CONSTANT"),
            (INJECTS, "IV_DRUGS"),
        ):
            found += [(m.start(), m.end(), label) for m in pattern.finditer(text)]
        # the pain's own: "nothing I do helps the restless legs / the tiredness" is no night pain
        lying = lying_at_night(text) if pain_told else None
        if (
            lying
            and not _eased(text)
            and not OTHER_CAUSE.search(text)
            and not NOT_THE_PAIN.search(text)
        ):
            # the first of its words no phrase rule holds ("doesn't budge" may be read and then
            # set aside as a leg's): the positions tried, else the bed itself
            spans = [(m.start(), m.end()) for m in NO_POSITION_EASES.finditer(text)]
            for lo, hi in spans + ([(lying.start(), lying.end())] if spans else []):
                if claim(sent, lo, hi, "NIGHT_PAIN", taken, out):
                    break
        thinking = THINKING.search(text)
        if thinking and PAIN.search(text):
            found.append((thinking.start(), thinking.end(), "PAIN_THINKING"))
        steroid = STEROIDS.search(text)
        if steroid and FOR_LONG.search(text):
            found.append((steroid.start(), steroid.end(), "STEROIDS"))
        for lo, hi, label in found:
            claim(sent, lo, hi, label, taken, out)
    return out
