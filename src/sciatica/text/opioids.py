"""Pain that an opioid does not control (Part I §2 item 7, RF-HYPERALGESIC), told as a drug named and,
in the same sentence, a failure: "been on tramadol for a week and it does absolutely nothing",
"they gave me morphine in A&E and I was still crying", "même avec le Skenan la douleur ne passe
pas", "du Dilaudid pis ça m'a rien fait".

Why a construction and not phrases: people name any of dozens of opioids and tell the failure in
any words and order; the phrase list met the commonest ("tramadol doesn't help") and missed about
half of the project's own probes (2026-12-07). A sentence with a condition ("if the tramadol
doesn't help, call us") or a question is not the writer's answer, and a drug that works ("the
codeine works pretty well") has no failure word.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

OPIOIDS = frozenset(
    {"tramadol", "codeine", "codéine", "codamol", "cocodamol", "co-codamol", "morphine", "oxycodone",
     "oramorph", "oxynorm", "tapentadol", "opioids", "opiates", "opioid", "opiate", "dihydrocodeine",
     "buprenorphine", "fentanyl", "hydromorphone", "dilaudid", "oxycontin", "palexia", "percocet",
     "vicodin", "hydrocodone", "zomorph", "targinact", "sevredol", "tramacet", "zaldiar", "zapain",
     "solpadol", "skenan", "actiskenan", "izalgi", "lamaline", "opioïdes", "opioides", "contramal",
     "topalgic", "ixprim", "sophidone", "durogesic", "codoliprane", "morphiniques", "morphinique",
     "norco", "dilaudide", "statex", "ms-contin", "kadian", "butrans", "nucynta", "ultram", "tylenol#3"}
)  # fmt: skip

FAILED = re.compile(
    r"\b(?:does|do|did|is|are|was|were)(?:\s*n[o']?t|nt)\s+(?:\w+\s+){0,2}?"
    r"(?:help|helping|work|working|touch|touching|do\s+anything|doing\s+anything|mak(?:e|ing)\s+a\s+dent)\b"
    r"|\b(?:does|did|done|doing|do)\s+(?:absolutely\s+|literally\s+|just\s+)?(?:nothing|zilch|sod\s+all|jack)\b"
    r"|\buseless\b"
    r"|\b(?:barely|hardly|scarcely)\s+(?:touch|touches|touched|touching|help|helps|helped|dents?|works?)\b"
    r"|\bno\s+(?:difference|effect|relief)\b|\bnot\s+(?:any|a\s+bit\s+of)\s+(?:difference|relief)\b"
    r"|\b(?:can'?t|cannot|can\s+not)\s+(?:find|get)\s+(?:any\s+)?relief\b"
    r"|\bstill\s+(?:in\s+agony|crying|screaming|sobbing|in\s+tears|climbing\s+the\s+walls|a\s+10|10\s*/\s*10"
    r"|a\s+ten|unbearable|excruciating|agony)\b|\bpain\s+is\s+still\s+(?:a\s+)?(?:10|ten|9|nine|unbearable)\b"
    r"|\b(?:ne|n')\s*(?:me\s+|la\s+|le\s+)?(?:soulage|soulagent|passe|fait|calme)\s+(?:pas|rien|plus)\b"
    r"|\b(?:ça|ca|il|elle|ils)\s+(?:m'a|ne\s+m'a|n'a|a)\s+(?:rien|pas)\s+(?:fait|changé|soulagé)\b"
    r"|\brien\s+n'y\s+fait\b|\baucun\s+effet\b|\bencore\s+mal\b|\btoujours\s+(?:aussi\s+)?mal\b"
    r"|\bfait\s+(?:rien|pas\s+grand[- ]chose)\b|\binefficaces?\b",
    re.IGNORECASE,
)
# a condition, a question or a worry is not the writer's answer
NOT_TOLD = re.compile(r"\b(?:if|unless|in\s+case|si|s'il|au\s+cas)\b|\?", re.IGNORECASE)


# a clause of its own: "codeine helps a lot but the gabapentin barely touches it"
CONTRAST = re.compile(
    r"\bbut\b|\bmais\b|;|\balthough\b|\bwhereas\b|\bwhile\b|\balors\s+que\b|\btandis\s+que\b",
    re.IGNORECASE,
)


def opioid_failed(sentences: list[Any], unheard: set[int]) -> tuple[int, int, str] | None:
    """(start, end, words) of the first clause that names an opioid and tells that it failed."""
    for n, sent in enumerate(sentences):
        if n in unheard or NOT_TOLD.search(sent.text):
            continue
        text, at = sent.text, sent.start_char
        cuts = [0, *(m.start() for m in CONTRAST.finditer(text)), len(text)]
        for lo, hi in pairwise(cuts):
            clause = text[lo:hi]
            named = any(w in OPIOIDS for w in re.findall(r"[\w#-]+", clause.lower()))
            if named and FAILED.search(clause):
                return at + lo, at + hi, clause
    return None
