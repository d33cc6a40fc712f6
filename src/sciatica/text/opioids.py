"""Pain that an opioid does not control (Part I §2 item 7, RF-HYPERALGESIC), told as a drug named and
then a failure: "been on tramadol for a week and it does absolutely nothing", "they gave me
morphine in A&E and I was still crying", "même avec le Skenan la douleur ne passe pas", "du
Dilaudid pis ça m'a rien fait", "I take tramadol but it doesn't help", "I'm on tramadol and
co-codamol. Nothing touches it.", "took 2 Percocet an hour ago, pain still 9/10".

Why a construction and not phrases: people name any of dozens of opioids and tell the failure in
any words and order; the phrase list met the commonest ("tramadol doesn't help") and missed about
half of the project's own probes (2026-12-07). In the eleventh round the construction itself read
none of fifteen of the project's own new sentences: a failure after "but", in the next sentence,
or told as severe pain ("still in bits", "8/10", "j'ai encore super mal") was not a failure. A
sentence with a condition ("if the tramadol doesn't help, call us") or a question is not the
writer's answer; a drug that works ("the codeine works pretty well") has no failure word; severe
pain told as a past or a relief ("from 10/10 to about 4", "in agony until the codeine") or with
the opioid stopped ("I stopped the codeine, now it's 8/10") is no failure of the opioid.
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
     "norco", "dilaudide", "statex", "ms-contin", "kadian", "butrans", "nucynta", "ultram", "tylenol#3",
     "codéiné", "dihydrocodéine", "oxycodon", "tramal", "efferalgan-codeine"}
)  # fmt: skip

FAILED = re.compile(
    r"\b(?:does|do|did|is|are|was|were)(?:\s*n[o']?t|nt)\s+(?:\w+\s+){0,2}?"
    r"(?:help|helping|work|working|touch|touching|do\s+anything|doing\s+anything|mak(?:e|ing)\s+a\s+dent)\b"
    r"|\b(?:does|did|done|doing|do)\s+(?:absolutely\s+|literally\s+|just\s+)?(?:nothing|zilch|sod\s+all|jack)\b"
    r"|\b(?:is|are|was|were|'s)\s+(?:completely\s+|totally\s+|just\s+|pretty\s+)?useless\b"
    r"|\b(?:has|have|had)(?:n't|\s+not)\s+(?:\w+\s+){0,2}?(?:helped|worked|touched|done\s+anything"
    r"|changed\s+anything|made\s+(?:a|any)\s+difference)\b"
    r"|\b(?:does|do|did)(?:n't|\s+not)\s+(?:even\s+)?(?:take|took)\s+the\s+edge\s+off\b"
    # "nothing touches it", "it hasn't made a dent", "no improvement whatsoever", "barely makes a
    # difference"
    r"|\bnothing\s+(?:\w+\s+){0,2}?(?:touches|touched|helps|helped|works|worked|shifts|working|helping)\b"
    r"|\b(?:has|have|had)(?:n't|\s+not)\s+(?:\w+\s+){0,2}?made\s+(?:a|any|much\s+of\s+a)\s+(?:dent|difference)\b"
    r"|\bno\s+(?:improvement|change)\b(?!\s+in\s+(?:the\s+)?(?:dose|dosage|medication|meds))|\b(?:barely|hardly|scarcely)\s+(?:makes?|made)\s+(?:a|any)\s+difference\b"
    r"|\b(?:barely|hardly|scarcely|only\s+just)\s+(?:takes?|took|taking)\s+the\s+edge\s+off\b"
    r"|\b(?:has|have|had)(?:n't|nt|\s+not)\s+(?:even\s+)?touched\s+the\s+sides\b|\bno\s+let[- ]?up\b"
    r"|\bbouge\s+pas\s+d'un\s+poil\b|\b(?:je|il|elle|on)\s+(?:ne\s+)?tien[st]?\s+pas\b(?!\s+debout)"
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
# other painkillers by name: a clause that names one tells of that drug, not of the opioid
OTHER_DRUGS_ONLY = frozenset(
    {"naproxen", "ibuprofen", "gabapentin", "pregabalin", "paracetamol", "amitriptyline",
     "diclofenac", "lyrica", "neurontin", "duloxetine", "ibuprofène", "paracétamol", "nurofen",
     "advil", "doliprane", "efferalgan", "voltaren", "voltarène", "celebrex", "naprosyn",
     "cymbalta", "diazepam", "valium", "baclofen", "prednisolone", "cortisone", "steroids",
     "anti-inflammatories", "anti-inflammatoires", "nortriptyline", "laroxyl"}
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
    """(start, end, words) of the first stretch that names an opioid and tells that it failed:
    the rest of the opioid's sentence, across "but" ("I take tramadol but it doesn't help"), and
    the next sentence when it names no other drug ("I'm on tramadol and co-codamol. Nothing
    touches it."). A stretch stops at a clause that names another drug ("codeine helps a lot but
    the gabapentin barely touches it")."""
    for n, sent in enumerate(sentences):
        if n in unheard or _told(sent.text):
            continue
        text, at = sent.text, sent.start_char
        if not _names_an_opioid(text):
            continue
        if n + 1 < len(sentences) and _carries_on(sentences[n + 1], n + 1, unheard):
            nxt = sentences[n + 1]
            text = text + " " * (nxt.start_char - sent.end_char) + nxt.text
        stretch = _the_opioids_stretch(text)
        if stretch is not None and _failed_after_an_opioid(stretch):
            own = stretch[: len(sent.text)]
            if len(own) < len(stretch) and _failed_after_an_opioid(own):
                stretch = (
                    own  # the evidence quotes the next sentence only when it tells the failure
                )
            return at, at + len(stretch), stretch
    return None


def _told(text: str) -> bool:
    """A condition, another's words or another time in the sentence; "as he said" tells how the
    drug was taken, not what someone said ("taking 2 four times a day like he said")."""
    return NOT_TOLD.search(AS_PRESCRIBED.sub(" ", text)) is not None


AS_PRESCRIBED = re.compile(
    r"\b(?:like|as)\s+(?:he|she|they|the\s+\w+|my\s+\w+|it)\s+(?:said|says|told\s+me)\b"
    r"|\bcomme\s+(?:il|elle|le\s+\w+|la\s+\w+)\s+(?:a\s+dit|l'a\s+dit|disait)\b",
    re.IGNORECASE,
)


def _names_an_opioid(text: str) -> bool:
    return any(w.lower() in OPIOIDS for w in re.findall(r"[\w#'-]+", text))


def _carries_on(sent: Any, n: int, unheard: set[int]) -> bool:
    """The sentence after the opioid's goes on telling of it: the writer's, no condition or
    reported speech, and no drug of its own ("I can't take codeine. Naproxen doesn't help")."""
    if n in unheard or _told(sent.text):
        return False
    words = {w.lower() for w in re.findall(r"[\w#'-]+", sent.text)}
    return not words & (OTHER_DRUGS_ONLY | OPIOIDS)


def _the_opioids_stretch(text: str) -> str | None:
    """From the start to the end of the first clause after the opioid's that names another
    drug, so that a failure told after "but" is the opioid's only while no other drug is named."""
    cuts = [0, *(m.start() for m in CONTRAST.finditer(text)), len(text)]
    named = False
    for lo, hi in pairwise(cuts):
        words = {w.lower() for w in re.findall(r"[\w#'-]+", text[lo:hi])}
        if named and words & OTHER_DRUGS_ONLY and not words & OPIOIDS:
            return text[:lo]
        named = named or bool(words & OPIOIDS)
    return text if named else None


def _failed_after_an_opioid(clause: str) -> bool:
    """An opioid, then a failure after it with no other drug or person between, and no question
    in the failure's own part of the clause ("it hasn't touched the pain, should I go back?" is
    told; "is tramadol useless?" asks)."""
    words = [(m.start(), m.group(0).lower()) for m in re.finditer(r"[\w#'-]+", clause)]
    named = [at for at, w in words if w in OPIOIDS]
    if not named:
        return False
    if NOT_TAKEN.search(clause[max(0, named[0] - 40) : named[0]]):
        return False  # "I don't take the tramadol", "Doc wants to put me on morphine"
    if any((m.group(1) or m.group(2)).lower() in OPIOIDS for m in RELIEF_FROM.finditer(clause)):
        return True  # "zero relief from the morphine", "aucun soulagement avec le tramadol"
    if _even_on(clause):
        return True
    failures = [(m, False) for m in FAILED.finditer(clause, named[0])]
    failures += [(m, True) for m in _still_severe(clause, named[0])]
    for failed, severe in sorted(failures, key=lambda f: f[0].start()):
        between = [w for at, w in words if named[0] < at < failed.start()]
        if set(between) & STOPPED or STOPPED_PHRASE.search(" ".join(between)):
            continue  # "I stopped the codeine, now it's 8/10": the opioid is not being taken
        if severe and (
            set(between[-2:]) & OTHER_DRUGS_ONLY or (between and between[-1] in OTHER_PEOPLE)
        ):
            continue  # "on tramadol, the naproxen one is unbearable"
        if not severe and _subject_of_failure(between):
            continue
        comma = clause.find(",", failed.end())
        if "?" in clause[named[0] : comma if comma >= 0 else len(clause)]:
            continue
        return True
    return False


def _even_on(clause: str) -> bool:
    """ "Even on the Skenan I spend my nights turning", "malgré le tramadol j'ai mal": an opioid
    named as what the pain resists, then the pain or the sleep it costs, in one clause."""
    for m in EVEN_ON.finditer(clause):
        words = re.findall(r"[\w#'-]+", m.group(0).lower())
        if set(words) & OPIOIDS and (
            BAD_NIGHTS.search(clause, m.end()) or _still_severe(clause, m.end())
        ):
            return True
    return False


EVEN_ON = re.compile(
    r"\b(?:even\s+(?:on|with)|despite|in\s+spite\s+of|malgré|malgre|même\s+(?:avec|sous)|meme\s+(?:avec|sous))"
    r"(?:\s+[\w'-]+){1,3}",
    re.IGNORECASE,
)
BAD_NIGHTS = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t|don'?t|not)\s+sleep\b|\bpas\s+dormir\b|\blaisse\s+pas\s+dormir\b"
    r"|\bnuits?\s+(?:blanches?|[àa]\s+tourner)\b|\bpasse\s+mes\s+nuits\b|\bstill\s+(?:in\s+)?pain\b"
    r"|\b(?:douleur|mal)\s+(?:est\s+)?(?:toujours|encore)\b|\bi'?m\s+in\s+pain\b",
    re.IGNORECASE,
)


def _still_severe(clause: str, after: int) -> list[re.Match[str]]:
    """Severe pain told after the opioid, not as a past or a relief: "took 2 Percocet, pain still
    9/10", "dihydrocodeine every 4 hours and I'm still in bits", "sous Lamaline, j'ai encore super
    mal". Not "no longer in agony", "from 9/10 to 4", "in agony until the codeine", "I was in
    agony before it", "co-codamol works, work is unbearable", "my husband is in agony", "crying
    because the waiting list is 6 months" (an adversarial review's texts, 2026-12-07)."""
    if WORKS.search(clause, after) or PAST_OR_BEFORE.search(clause):
        return []  # the drug works, or the bad pain came before it
    out = []
    for m in SEVERE.finditer(clause, after):
        before = clause[max(after, m.start() - 25) : m.start()].lower()
        if RELIEVED.search(before) and not before.rstrip().endswith("still"):
            continue
        if SOMEONE_ELSE.search(before) or OF_SOMETHING_ELSE.match(clause, m.end()):
            continue
        if re.search(r"\b(?:ago|last\s+week|yesterday)\b", before) and "still" not in (
            before + m.group(0).lower()
        ):
            continue  # "pain 10 days ago was 9/10"
        out.append(m)
    return out


# the drug told as working: severe words then tell of another time or thing
WORKS = re.compile(
    r"\b(?:works|worked|working\s+(?:well|great)|brilliant|sorted|great|fine|fantastic|amazing|manageable"
    r"|bearable|much\s+better|helps\s+(?:a\s+lot|loads|massively)|efficace|soulage\s+bien|marche\s+bien"
    r"|g[ée]rable|supportable)\b",
    re.IGNORECASE,
)
PAST_OR_BEFORE = re.compile(
    r"\b(?:before|avant|last\s+week|yesterday\s+before|was\s+at|i\s+was\s+in|i'?d\s+been|had\s+been"
    r"|j'[ée]tais|now\s+(?:it'?s\s+)?(?:a\s+)?[0-6]\b|maintenant\s+(?:c'est\s+)?[0-6]\b"
    r"|now\s+it'?s\s+(?:about\s+)?[0-6]\b|is\s+now\s+(?:a\s+)?[0-6]\b|[0-6]\s*/\s*10\s+after)\b",
    re.IGNORECASE,
)
SOMEONE_ELSE = re.compile(
    r"\b(?:baby|kids?|children|husband|wife|partner|mum|dad|work|manager|boss|job|mri|list|son|daughter"
    r"|mari|femme|b[ée]b[ée]|enfants?|travail|patron)\b",
    re.IGNORECASE,
)
OF_SOMETHING_ELSE = re.compile(
    r"\s+(?:because|about|over|parce|à\s+cause|au\s+sujet)\b", re.IGNORECASE
)


# how bad a pain is, in words or as a score of 7 to 10
SEVERE = re.compile(
    r"\bin\s+(?:agony|bits|tears|absolute\s+agony)\b|\bagony\b|\bunbearable\b|\bexcruciating\b"
    r"|\bscreaming\b|\bcrying\b(?!\s+(?:with|of)\s+relief)|\bon\s+fire\b|\bhorrendous\b"
    r"|\bstill\s+(?:\w+\s+)?(?:yelping|moaning|groaning|howling|sobbing|awake)\b|\bhurl(?:e|er|ant|ais)\b|\ben\s+pleurs\b"
    r"|\binsupportable\b|\batroce\b|\bj'en\s+peux\s+plus\b|\bje\s+n'en\s+peux\s+plus\b"
    r"|\b(?:encore|toujours)\s+(?:super|très|tres|trop|hyper|tellement|aussi|autant|vraiment)?\s*mal\b"
    r"(?!\s+(?:au|à\s+l')\s*(?:c[œo]eur|ventre|estomac))"
    r"|(?<![\d.,/])(?:[7-9]|10)\s*/\s*10\b|\breste\s+à\s+(?:[7-9]|10)\b"
    r"|\b(?:pain|douleur)\s+(?:is\s+|est\s+)?(?:still\s+|toujours\s+|encore\s+)?(?:at\s+|à\s+|a\s+)?(?:[7-9]|10)\b(?!\s*(?:days?|jours?|weeks?|h\b|hours?|am|pm|mg|years?|ans|months?|mois|min))",
    re.IGNORECASE,
)
RELIEVED = re.compile(
    r"\b(?:no\s+longer|not|n't|from|until|till|before|used\s+to|avant|jusqu|plus\s+de|was\s+at|était"
    r"|without|sans|if|si|would|could)\b"
    r"|n't\s*$|\bno\b",
    re.IGNORECASE,
)


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


STOPPED = frozenset(
    {"stopped", "stop", "quit", "arrêté", "arrete", "arrêter", "allergic", "allergique", "refused",
     "refuse", "refusé"}
)  # fmt: skip
NOT_TAKEN = re.compile(
    r"\b(?:don'?t|do\s+not|won'?t|can'?t|cannot|never|refuse\s+to)\s+take\b|\bwants?\s+to\s+(?:put|start)\s+me\s+on\b"
    r"|\b(?:going|about)\s+to\s+start\b|\bne\s+(?:prends|prend)\s+pas\b|\ballergic\s+to\b|\ballergique\s+(?:à|au|aux)\b"
    r"|\bscared\s+of\b|\bpeur\s+(?:de|du)\b|\boffered\b|\bpropos[ée]\b",
    re.IGNORECASE,
)
STOPPED_PHRASE = re.compile(
    r"\b(?:came|come|coming|got|get|weaned)\s+off\b|\boff\s+(?:it|them)\b|\bran\s+out\b"
    r"|\b(?:haven'?t|have\s+not|not\s+yet|not)\s+started\b|\b(?:don'?t|do\s+not|won'?t|can'?t|cannot|never)\s+take\b"
    r"|\bwants?\s+to\s+(?:put|start)\s+me\s+on\b|\bgoing\s+to\s+start\b|\bpas\s+encore\b|\bne\s+prends?\s+pas\b"
)
JOINS = frozenset({"and", "with", "plus", "together", "et", "avec", "&"})
