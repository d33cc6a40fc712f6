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
    r"|\b(?:is|are|was|were|'s)\s+(?:completely\s+|totally\s+|just\s+|pretty\s+)?useless\b"
    r"|\b(?:has|have|had)(?:n't|\s+not)\s+(?:\w+\s+){0,2}?(?:helped|worked|touched|done\s+anything"
    r"|changed\s+anything|made\s+(?:a|any)\s+difference)\b"
    r"|\b(?:does|do|did)(?:n't|\s+not)\s+(?:even\s+)?(?:take|took)\s+the\s+edge\s+off\b"
    r"|\b(?:barely|hardly|scarcely)\s+(?:touch|touches|touched|touching|help|helps|helped|dents?|works?)\b"
    r"|\b(?:no|zero)\s+(?:difference|effect|relief)\b|\bnot\s+(?:any|a\s+bit\s+of)\s+(?:difference|relief)\b"
    r"|\b(?:can'?t|cannot|can\s+not)\s+(?:find|get)\s+(?:any\s+)?relief\b"
    r"|\bstill\s+(?:in\s+agony|crying|screaming|sobbing|in\s+tears|climbing\s+the\s+walls|a\s+10|10\s*/\s*10"
    r"|a\s+ten|unbearable|excruciating|agony)\b|\bpain\s+is\s+still\s+(?:a\s+)?(?:10|ten|9|nine|unbearable)\b"
    r"|\b(?:ne|n')\s*(?:me\s+|la\s+|le\s+)?(?:soulage|soulagent|passe|fait|calme)\s+(?:pas|rien|plus)\b(?!\s+(?:bien|de\s+mal|de\s+tort|mal))"
    r"|\bn'(?:a|ont)\s+rien\s+(?:chang[ée]|fait)\b"
    r"|\b(?:ça|ca|il|elle|ils)\s+(?:m'a|ne\s+m'a|n'a|a)\s+(?:rien|pas)\s+(?:fait|changé|soulagé)\b"
    r"|\brien\s+n'y\s+fait\b|\baucun\s+effet\b|\bencore\s+mal\b|\btoujours\s+(?:aussi\s+)?mal\b"
    r"|\bfait\s+(?:rien|pas\s+grand[- ]chose)\b|\binefficaces?\b",
    re.IGNORECASE,
)
RELIEF_FROM = re.compile(
    r"\b(?:no|zero|little|any)\s+relief\s+(?:at\s+all\s+)?(?:from|with)\s+(?:the\s+|my\s+|his\s+|her\s+)?"
    r"([\w#-]+)|\baucun\s+soulagement\s+(?:avec|par)\s+(?:le\s+|la\s+|les\s+)?([\w#-]+)",
    re.IGNORECASE,
)
# a condition, another's words or another time is not the writer's answer
NOT_TOLD = re.compile(
    r"\b(?:if|unless|in\s+case|si|s'il|au\s+cas|says?|said|told|reckons|dit|disait|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# the failure told of another drug or of someone else between the opioid and the failure: "I
# stopped the codeine, naproxen does nothing"; "I'm off work on codeine and my boss is not helping"
OTHER_DRUGS = frozenset(
    {"naproxen", "ibuprofen", "gabapentin", "pregabalin", "paracetamol", "amitriptyline",
     "diclofenac", "lyrica", "neurontin", "duloxetine", "ibuprofène", "paracétamol", "stomach",
     "sleep", "nausea", "nausées", "bras", "arm", "knee", "genou", "remembering"}
)  # fmt: skip
OTHER_PEOPLE = frozenset(
    {"physio", "boss", "gp", "doctor", "mum", "dad", "wife", "husband", "kiné", "médecin", "patron",
     "mère", "père"}
)  # fmt: skip


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
            if _failed_after_an_opioid(clause):
                return at + lo, at + hi, clause
    return None


def _failed_after_an_opioid(clause: str) -> bool:
    """An opioid, then a failure after it with no other drug or person between, and no question
    in the failure's own part of the clause ("it hasn't touched the pain, should I go back?" is
    told; "is tramadol useless?" asks)."""
    words = [(m.start(), m.group(0).lower()) for m in re.finditer(r"[\w#'-]+", clause)]
    named = [at for at, w in words if w in OPIOIDS]
    if not named:
        return False
    if any((m.group(1) or m.group(2)).lower() in OPIOIDS for m in RELIEF_FROM.finditer(clause)):
        return True  # "zero relief from the morphine", "aucun soulagement avec le tramadol"
    for failed in FAILED.finditer(clause, named[0]):
        between = [w for at, w in words if named[0] < at < failed.start()]
        if _subject_of_failure(between):
            continue
        comma = clause.find(",", failed.end())
        if "?" in clause[named[0] : comma if comma >= 0 else len(clause)]:
            continue
        return True
    return False


def _subject_of_failure(between: list[str]) -> bool:
    """The failure has its own subject between the opioid and it: another drug a word before it
    ("naproxen does nothing", "the gabapentin that's useless"), someone right before it ("my
    boss is not helping"). "Co-codamol and naproxen together and I'm still climbing the walls"
    keeps the opioid's."""
    last = between[-2:]
    drugs = [k for k, w in enumerate(between) if w in OTHER_DRUGS and w in last]
    if drugs and all(w in JOINS for w in between[: drugs[0]]):
        return False  # "tramadol + naproxen doing nothing": taken together, failed together
    return bool(drugs) or bool(between and between[-1] in OTHER_PEOPLE)


JOINS = frozenset({"and", "with", "plus", "together", "et", "avec", "&"})
