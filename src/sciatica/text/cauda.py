"""Cauda equina signs told in everyday words, as constructions (RF-CES, Part I §4).

A lexicon of phrases met the words the project had seen: a probe set written by someone who never
read the reader (2026-12-07, eleventh round) read under half of its saddle, bladder, bowel and
sexual findings. People tell these signs by an act and what is wrong with it ("when I wipe I feel
almost nothing", "went back to the bathroom two minutes later because there's still some left",
"had a poo accident in my trackies, didn't feel it coming"). So each sign here is two small
sets of words in one sentence: where (or what) and what is lost or changed.

Each construction marks only the words of the change, never the organ's own word (which the
phrase rules may already hold as a marker), and the spans then go through ConText like any
phrase: a denial, a fear, another person's story or a past episode still sets them aside.
"""

from __future__ import annotations

import re
from typing import Any

# --- The saddle area: where the saddle is, and a feeling lost there ------------------------------
SADDLE_WHERE = re.compile(
    r"\b(?:bum(?!\s+cheek\b)|bums|bottom(?!\s+(?:of|step|stair|half|end|line|drawer))|butt(?!\s+cheek\b)"
    r"|backside|arse|anus"
    r"|back\s+passage|genitals?|privates?|private\s+(?:parts?|area|bits)|bits|crotch|perineum"
    r"|down\s+there|down\s+below|between\s+(?:my|his|her|the|your)\s+(?:legs|thighs)"
    r"|(?:bum|butt)\s+cheeks?|penis|willy|vagina|vulva|labia|scrotum|testicles|nether\s+regions?"
    r"|undercarriage|lady\s+(?:bits|parts)|wip(?:e|es|ed|ing)|toilet\s+(?:paper|seat)"
    r"|loo\s+(?:roll|paper|seat)|(?:bike|bicycle)\s+(?:seat|saddle)|saddle|back\s+side(?!\s+of)"
    r"|fesses|(?:le|mon|son|du|au)\s+derri[èe]re(?!\s+(?:de|du|la|le|les|des|ma|mon|sa|son))"
    r"|cul|sexe|parties(?:\s+intimes)?|entre[- ]?jambes?|entre\s+les\s+(?:jambes|cuisses)"
    r"|p[ée]rin[ée]e|vulve|verge|p[ée]nis|zizi|testicules|couilles|foufoune|raie"
    r"|essui(?:e|es|ent|er|ant|é|ée)|essuy(?:er|ant|é|ée)|papier\s+(?:toilette|cul|wc)"
    r"|lunette|selle\s+(?:du|de\s+mon|de\s+son)\s+v[ée]lo)\b",
    re.IGNORECASE,
)
FEELING_LOST = re.compile(
    r"\b(?:numb(?:ness)?|asleep|cotton\s+wool|thin\s+air|frozen|ana?esthetised|anesthetized"
    r"|novocaine|dentist|tingl\w*|pins\s+and\s+needles|buzz\w*|fizz\w*"
    r"|dead(?!\s+(?:tired|sore|heavy|painful|achy|stiff|weight|easy|on|set|serious|good|bad|worried|right))"
    r"|(?:like|as\s+if)\s+(?:[\w']+\s+){0,3}sleeping"
    r"|(?:no|zero|lost\s+(?:the|all|some|my)?\s*|less)\s*(?:feeling|sensation)"
    r"|(?:can(?:'|no)?t|cannot|couldn'?t|could\s+not|don'?t|didn'?t|did\s+not|do\s+not|never)\s+(?:[\w']+\s+)?(?:feel|felt|sense)"
    r"|(?:(?:can|could)\s+)?(?:barely|hardly|scarcely)\s+(?:feel|felt|sense)"
    r"|(?:feel|felt|feeling)\s+(?:nothing|a\s+thing)"
    r"|engourdi\w*|endormi\w*|insensibles?|anesth[ée]si\w*|gel[ée]e?s?|ouate|coton|carton\w*"
    r"|dentiste|fourmi\w*|picot\w*|morte?s?(?!\s+de)"
    r"|j?(?:sens|sent|sentais|sentait|sentir|ressens|ressent)\s+(?:presque\s+|quasi(?:ment)?\s+|vraiment\s+)?"
    r"(?:plus|pas|pu|rien|jamais)|(?:rien|pas|plus)\s+senti|(?:plus|pas|aucune?|moins)\s+de\s+sensations?"
    r"|z[ée]ro\s+sensation)\b",
    re.IGNORECASE,
)
SEX = re.compile(
    r"\b(?:sex|intercourse|erections?|orgasms?|climax|making\s+love|faire\s+l'amour"
    r"|rapports?\s+(?:sexuels?|intimes)|érections?|erections?|bander|bande)\b",
    re.IGNORECASE,
)
SEX_FAILED = re.compile(
    r"\b(?:nothing\s+happen(?:s|ed)|couldn'?t\s+(?:get|keep)\s+it\s+up|can'?t\s+(?:get|keep)\s+it\s+up"
    r"|(?:ça|ca)\s+(?:ne\s+)?(?:marche|monte|fonctionne)\s+plus|monte\s+plus|bande\s+plus"
    r"|plus\s+(?:d'|aucune\s+)?[ée]rections?|no\s+erections?|pas\s+d'[ée]rection)\b",
    re.IGNORECASE,
)
# a leg part between the place and the feeling, or a side before the place, tells of the leg or of
# one buttock (sciatica's own ground): "my bum aches and the leg is numb", "tingling in my right bum"
LEG_PART = re.compile(
    r"\b(?:legs?|foot|feet|toes?|calf|calves|thighs?|knees?|shins?|ankles?|heels?|hips?|jambes?|pieds?"
    r"|orteils?|mollets?|cuisses?|genoux|genou|chevilles?|talons?|hanches?)\b",
    re.IGNORECASE,
)
ONE_SIDE = re.compile(
    r"\b(?:left|right|gauche|droite|one\s+side|un\s+c[ôo]t[ée])\W+(?:\w+\W+){0,2}$", re.IGNORECASE
)
PATH = re.compile(
    r"\W+(?:[\w']+\W+){0,2}?(?:down|into|to|through|jusqu|vers|dans)\b\W*(?:[\w']+\W+){0,3}?"
    r"(?:legs?|foot|feet|toes?|calf|calves|thighs?|knees?|shins?|ankles?|heels?|jambes?|pieds?|orteils?"
    r"|mollets?|cuisses?|genoux|genou|chevilles?|talons?)\b",
    re.IGNORECASE,
)
PERSONAL = re.compile(
    r"\b(?:i|i'm|i've|my|me|mine|he|his|him|she|her|je|j'|moi|mon|ma|mes|il|elle|son|sa|ses)\b|\bj'|\bjsens",
    re.IGNORECASE,
)
IN_BED = re.compile(r"\bau\s+lit\b", re.IGNORECASE)
WITHIN = 60  # characters between the place and the feeling lost: one stretch of a sentence


# --- The bladder: the urge gone, a bladder not emptied, fewer visits, a leak ---------------------
BLADDER_WORDS = re.compile(
    r"\b(?:wee|wees|weeing|pee|pees|peeing|urin\w*|bladder|toilet|loo|bathroom|pipi|vessie|wc"
    r"|toilettes?|pisse[rz]?|piss|water|vider|vid[ée]e?)\b",
    re.IGNORECASE,
)
URGE_GONE = re.compile(
    r"\b(?:n'?t|not|no|never|lost(?:\s+the)?|zero)\s+(?:[\w']+\s+){0,3}(?:urge|feeling|sensation|need)\s+"
    r"(?:[\w']+\s+){0,3}(?:go|wee|pee|urinate|toilet|loo)\b"
    r"|\bgo\s+by\s+the\s+clock\b"
    r"|\b(?:plus|pas|aucune?|jamais)\s+(?:[\w']+\s+){0,2}(?:envie|besoin|sensation)\s+"
    r"(?:[\w']+\s+){0,3}(?:uriner|pipi|pisser)\b",
    re.IGNORECASE,
)
# nothing comes though the bladder is full: "rien ne sort", "won't start, then a dribble"
NOTHING_COMES = re.compile(
    r"\brien\s+ne\s+(?:sort|vient|coule)\b|\bnothing\s+(?:comes?|came|coming)\s+out\b"
    r"|\bwon'?t\s+(?:start|come|flow)\b|\bonly\s+(?:a|the\s+odd)\s+(?:dribble|trickle)\b"
    r"|\b(?:vessie|bladder)\s+(?:est\s+|is\s+|feels\s+|was\s+)?(?:toute?\s+|so\s+)?(?:pleine|full|bursting)\b",
    re.IGNORECASE,
)
URGE_LOST_FOR_GOOD = re.compile(
    r"\b(?:any\s*more|at\s+all|lost|since|all\s+day|for\s+(?:hours|ages|\d+\s+hours)|never|no\s+longer"
    r"|plus|jamais|depuis|de\s+la\s+journ[ée]e)\b",
    re.IGNORECASE,
)
NOT_EMPTIED = re.compile(
    r"\bstill\s+(?:some|more|a\s+bit|something)\s+(?:left|in\s+there)\b"
    r"|\bnot\s+(?:completely\s+|fully\s+|properly\s+)?empt(?:y|ied|ying)\b"
    r"|\bnever\s+(?:feels?|felt)\s+(?:[\w']+\s+){0,2}(?:empty|finished|done)\b"
    r"|\b(?:push|press)(?:ing)?\s+on\s+my\s+(?:belly|tummy|stomach|bladder)\b"
    r"|\b(?:pas|jamais)\s+(?:[\w']+\s+){0,3}(?:fini|vid[ée]e?)\b"
    r"|\bfinir\s+de\s+(?:vider|faire)\b|\bappuy\w*\s+sur\s+(?:mon|le)\s+(?:ventre|bas[- ]ventre|vessie)\b"
    r"|\breste\s+(?:toujours\s+)?(?:quelque\s+chose|du\s+pipi|de\s+l'urine)\b",
    re.IGNORECASE,
)
FEWER = re.compile(
    r"\b(?:once|twice|one|two|three|\d)\s+(?:times?\s+)?(?:a|per|par)\s+(?:day|jour)\b"
    r"|\b(?:une|deux|trois|\d)\s+fois\s+par\s+jour\b",
    re.IGNORECASE,
)
USUALLY_MORE = re.compile(
    r"\b(?:normally|usually|d'habitude|habituellement|normalement|instead\s+of|au\s+lieu|used\s+to"
    r"|up\s+and\s+down)\b",
    re.IGNORECASE,
)
LEAKED = re.compile(
    r"\b(?:wet|peed|pissed|wee'?d)\s+(?:my|him|her)sel(?:f|ves)\b"
    r"|\b(?:tout\s+)?l[âa]ch[ée]e?\s+dans\s+(?:mon|ma|son|sa)\s+(?:slip|culotte|pantalon|cale[çc]on)\b"
    r"|\bcoulent?\s+(?:toute?s?\s+)?seule?s?\b"
    r"|\b(?:ne\s+)?(?:peu[xt]|arrive)\s+plus\s+(?:à\s+)?(?:se\s+|me\s+)?retenir\b"
    r"|\b(?:can'?t|cannot|couldn'?t)\s+hold\s+(?:it|my\s+(?:wee|pee|water|urine|bladder))\b",
    re.IGNORECASE,
)

# --- The bowel: an accident, or a motion not felt ----------------------------------------------
BOWEL_WORDS = re.compile(
    r"\b(?:poo|poos|pooed|poop|pooped|caca|chi[ée]r?|selles?|bowels?|number\s+two"
    r"|shit\s+(?:my|him|her)sel(?:f|ves)|shat|crapped|soiled|sali)\b",
    re.IGNORECASE,
)
BOWEL_LOST = re.compile(
    r"\baccident\b|\b(?:in|into)\s+(?:my|his|her)\s+(?:pants|trousers|knickers|trackies|undies|underwear"
    r"|jeans|shorts|pyjamas)\b|\bfalls?\s+out\b|\bdidn'?t\s+feel\s+it\s+coming\b"
    r"|\bwithout\s+(?:feeling|knowing|noticing)\b|\bdans\s+(?:mes|ses|mon|son|sa|ma)\s+"
    r"(?:culottes?|slip|pantalon|cale[çc]on|pyjama|couche)\b|\bsans\s+(?:le\s+)?(?:sentir|m'en\s+rendre)"
    r"|\b(?:rien|pas)\s+senti\b|\bme\s+suis\s+sali|\bs'est\s+sali|\bsans\s+s'en\s+rendre",
    re.IGNORECASE,
)


# soiled clothes with no word for what: "il a fait dans son pantalon"
SOILED = re.compile(
    r"\b(?:fait|faire)\s+dans\s+(?:son|sa|mon|ma|ses|mes)\s+(?:pantalon|culottes?|slip|cale[çc]on|lit|pyjama)\b",
    re.IGNORECASE,
)
# a new strain to open the bowels: "je dois pousser comme une malade pour aller à la selle, c'est
# nouveau" (a strain with no word of its newness may be a drug's constipation: left to `unsure`)
STRAIN = re.compile(r"\b(?:pousser|pousse|push(?:ing)?|strain(?:ing)?|forcer)\b", re.IGNORECASE)
NEW = re.compile(
    r"\b(?:new|nouveau|nouvelle|never\s+(?:had|been)|jamais\s+eu|since\s+(?:the|my)|depuis\s+(?:la|ma|le|mon))\b",
    re.IGNORECASE,
)


def cauda_spans(doc: Any, taken: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the constructions above, one finding per sentence and sign, on
    tokens outside `taken`. Labels are the phrase rules' own: a saddle feeling lost reads as
    NUMBNESS beside a SADDLE_AREA marker, paired in `doc.user_data[SADDLE_PAIRS]` so that
    extract.py makes it saddle numbness (or sets both aside with the area's own negation, a list
    or a general sentence, as for the phrase rules' own pairs). They may replace a phrase rule's
    reading of the same words when it is not a cauda equina one (pipeline.YIELDING): "j'ai tout
    lâché dans mon slip" is no leg giving way, "poo just falls out" no fall."""
    taken = set(taken)
    out: list[tuple[int, int, str]] = []

    def add(sent: Any, lo: int, hi: int, label: str) -> bool:
        span = doc.char_span(sent.start_char + lo, sent.start_char + hi, alignment_mode="expand")
        if span is None or any(i in taken for i in range(span.start, span.end)):
            return False
        out.append((span.start, span.end, label))
        taken.update(range(span.start, span.end))
        return True

    for sent in doc.sents:
        text = sent.text
        _saddle(sent, text, add)
        if BLADDER_WORDS.search(text):
            _bladder(sent, text, add)
        if BOWEL_WORDS.search(text):
            lost = BOWEL_LOST.search(text)
            strain = STRAIN.search(text)
            if lost:
                add(sent, lost.start(), lost.end(), "BOWEL_INCONTINENCE")
            elif strain and NEW.search(text):
                add(sent, strain.start(), strain.end(), "BOWEL_DIFFICULTY")
        soiled = SOILED.search(text)
        if soiled:
            add(sent, soiled.start(), soiled.end(), "BOWEL_INCONTINENCE")
    return out


def _saddle(sent: Any, text: str, add: Any) -> None:
    sex = SEX.search(text) or (IN_BED.search(text) and SEX_FAILED.search(text))
    if sex:
        failed = SEX_FAILED.search(text) or FEELING_LOST.search(text)
        if failed:
            add(sent, failed.start(), failed.end(), "SEXUAL")
            return
    lost = list(FEELING_LOST.finditer(text))
    if not lost or (text.rstrip().endswith("?") and not PERSONAL.search(text)):
        return  # "is numbness down there a sign of something serious?" asks of no one
    for where in SADDLE_WHERE.finditer(text):
        if ONE_SIDE.search(text[max(0, where.start() - 25) : where.start()]) or PATH.match(
            text, where.end()
        ):
            continue  # "my right bum", "from the butt down into the calf": the leg's ground
        near = [m for m in lost if _of_the_saddle(text, where, m)]
        if near:
            m = min(near, key=lambda m: abs(m.start() - where.start()))
            add(sent, where.start(), where.end(), "SADDLE_AREA")
            add(sent, m.start(), m.end(), "NUMBNESS")
            # the pair, for extract.py to join however far apart ("when I sit on the toilet seat
            # I only feel it on the outside of my thighs, the middle bit feels like cotton wool")
            area = doc_span(sent, where.start(), where.end())
            lost = doc_span(sent, m.start(), m.end())
            if area is not None and lost is not None:
                sent.doc.user_data.setdefault(SADDLE_PAIRS, []).append((area.start, lost.start))
            return


def _of_the_saddle(text: str, where: re.Match[str], lost: re.Match[str]) -> bool:
    """The feeling lost is told of the place: near it, with no leg part between them, no leg as
    the feeling's subject ("my leg is numb, bum aches") or place ("the numbness in my foot"), and
    the place no name ("my brother Willy")."""
    lo, hi = min(lost.end(), where.end()), max(lost.start(), where.start())
    return (
        abs(lost.start() - where.start()) <= WITHIN
        and not LEG_PART.search(text[lo:hi])
        and not (
            lost.start() < where.start()
            and LEG_PART.search(text[max(0, lost.start() - 20) : lost.start()])
        )
        and not _leg_after(text, where, lost)
        and not (where.group(0)[:1].isupper() and where.start() > 0)
    )


def _leg_after(text: str, where: re.Match[str], lost: re.Match[str]) -> bool:
    """A leg part just after the feeling, outside the place's own words: "the numbness in my
    foot" (not "numb between the legs")."""
    leg = LEG_PART.search(text, lost.end(), lost.end() + 15)
    return leg is not None and not where.start() <= leg.start() < where.end()


SADDLE_PAIRS = "sciatica.saddle_pairs"


def doc_span(sent: Any, lo: int, hi: int) -> Any:
    return sent.doc.char_span(sent.start_char + lo, sent.start_char + hi, alignment_mode="expand")


def _bladder(sent: Any, text: str, add: Any) -> None:
    urge = URGE_GONE.search(text)
    # "no urge to go at the moment" is a bladder just emptied; "I don't get the feeling I need to
    # go anymore", "haven't had the urge to wee at all" is a sign
    lasting = urge and (
        URGE_LOST_FOR_GOOD.search(text) or urge.group(0).lower().startswith("go by")
    )
    if urge and lasting and add(sent, urge.start(), urge.end(), "BLADDER_RETENTION"):
        return
    for pattern, label in (
        (NOTHING_COMES, "BLADDER_RETENTION"),
        (LEAKED, "BLADDER_INCONTINENCE"),
        (NOT_EMPTIED, "BLADDER_DIFFICULTY"),
    ):
        m = pattern.search(text)
        if m and add(sent, m.start(), m.end(), label):
            return
    fewer = FEWER.search(text)
    if fewer and USUALLY_MORE.search(text):
        add(sent, fewer.start(), fewer.end(), "BLADDER_DIFFICULTY")
