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

from .compose import claim, sentences

# --- The saddle area: where the saddle is, and a feeling lost there ------------------------------
SADDLE_WHERE = re.compile(
    r"\b(?:bum(?!\s+cheek\b)|bums|(?<!rock\s)bottom(?!\s+(?:of|step|stair|half|end|line|drawer))|butt(?!\s+cheek\b)"
    r"|backside|arse|anus|back\s+passage|genitals?|privates?|private\s+(?:parts?|area|bits)"
    r"|(?:my|his|her)\s+bits|crotch|perineum|down\s+there"
    r"|down\s+below(?!\s+(?:the|my|his|her)?\s*(?:knee|waist|belt|calf|thigh))"
    r"|between\s+(?:my|his|her|the|your)\s+(?:legs|thighs)"
    r"|(?:bum|butt)\s+cheeks|penis|willy|vagina|vulva|labia|scrotum|testicles|nether\s+regions?"
    r"|undercarriage|lady\s+(?:bits|parts)|wip(?:e|es|ed|ing)(?!\s+(?:my|his|her|the)\s+(?:hands?|face|nose|eyes))"
    r"|toilet\s+(?:paper|seat)|loo\s+(?:roll|paper|seat)|saddle\s+(?:area|region)|back\s+side(?!\s+of)"
    r"|fesses|(?:le|mon|son|du|au)\s+derri[èe]re(?!\s+(?:de|du|la|le|les|des|ma|mon|sa|son))"
    r"|(?<!ras\sle\s)(?<!plein\sle\s)cul(?!\s+de\s+sac)|sexe(?!\s*:)|parties\s+intimes|(?:mes|ses)\s+parties"
    r"|entre[- ]?jambes?|entre\s+les\s+(?:jambes|cuisses)"
    r"|p[ée]rin[ée]e|vulve|verge|p[ée]nis|zizi|testicules|couilles|foufoune"
    r"|essui(?:e|es|ent|er|ant|é|ée)(?!\s+(?:les|mes|ses)\s+(?:mains|yeux|larmes))"
    r"|essuy(?:er|ant|é|ée)(?!\s+(?:les|mes|ses)\s+(?:mains|yeux|larmes))|papier\s+(?:toilette|cul|wc)"
    r"|lunette)\b",
    re.IGNORECASE,
)
# what a lost feeling is called; not the words' other senses ("a frozen shoulder", "dead annoying",
# "I feel nothing but pain", "je suis morte", "les cartons du déménagement": the review's list)
FEELING_LOST = re.compile(
    r"\b(?:numb(?:ness)?|cotton\s+wool|thin\s+air|ana?esthetised|anesthetized|novocaine"
    r"|(?:like|comme)\s+(?:[\w']+\s+){0,3}dentist(?:e|'s)?|(?:est|c'est|tout|toute|comme)\s+gel[ée]e?s?"
    r"|(?:like|as\s+if)\s+(?:[\w']+\s+){0,3}sleeping|(?:gone|went|going|goes|fallen|falls)\s+to\s+sleep"
    r"|(?:is|are|feels?|felt|gone|went|fallen)\s+(?:all\s+|kind\s+of\s+)?asleep"
    r"|(?:feels?|felt|is|are|gone|went|like)\s+(?:all\s+|kind\s+of\s+)?frozen(?!\s+(?:shoulder|peas|food))"
    r"|(?:comme|est|sont|tout|toute|toutes)\s+mort(?:e|s|es)?(?!\s+de)"
    r"|tingl\w*|pins\s+and\s+needles|buzz\w*|fizz\w*"
    r"|(?:gone|went|going|goes|feels?|felt|is|are|was)\s+(?:all\s+|kind\s+of\s+|completely\s+|totally\s+)?dead\b"
    r"(?!\s+(?:tired|sore|heavy|painful|achy|stiff|annoying|serious|worried|inside))"
    r"|(?:no|zero|lost\s+(?:the|all|some|my)?\s*|less)\s*(?:feeling|sensation)"
    r"|(?:can(?:'|no)?t|cannot|couldn'?t|could\s+not|don'?t|didn'?t|did\s+not|do\s+not|never)\s+(?:[\w']+\s+)?"
    r"(?:feel|felt|sense)(?!\s+(?:comfortable|right|good|well|like|safe|any\s+better|myself|the\s+same))"
    r"|(?:(?:can|could)\s+)?(?:barely|hardly|scarcely)\s+(?:feel|felt|sense)"
    r"|(?:feel|felt|feeling)\s+(?:nothing|a\s+thing)(?!\s+(?:but|except|apart))"
    r"|engourdi\w*|endormi\w*|insensibles?|anesth[ée]si\w*|ouate|(?:comme\s+(?:du|dans\s+du)|en)\s+(?:coton|carton)"
    r"|cotonneu\w*|cartonn[ée]e?s?|fourmi\w*|picot\w*"
    r"|j?(?:sens|sent|sentais|sentait|sentir|ressens|ressent)\s+(?:presque\s+|quasi(?:ment)?\s+|vraiment\s+)?"
    r"(?:plus|pas|pu|rien|jamais)(?!\s+(?:bien|à\s+l'aise|mieux))|(?:rien|pas|plus)\s+senti"
    r"|(?:plus|pas|aucune?|moins)\s+de\s+sensations?|z[ée]ro\s+sensation)\b",
    re.IGNORECASE,
)
SEX = re.compile(
    r"\b(?:sex(?!\s*[:(]?\s*(?:m|f|male|female|h)\b)|intercourse|erections?|orgasms?|climax|making\s+love"
    r"|faire\s+l'amour|rapports?\s+(?:sexuels?|intimes)|[ée]rections?)\b",
    re.IGNORECASE,
)
SEX_FAILED = re.compile(
    r"\b(?:nothing\s+happen(?:s|ed)\s+(?:for\s+me\s+)?down\s+there|couldn'?t\s+(?:get|keep)\s+it\s+up"
    r"|can'?t\s+(?:get|keep)\s+it\s+up|can'?t\s+get\s+hard|(?:ne\s+)?bande\s+plus|arrive\s+plus\s+[àa]\s+bander"
    r"|plus\s+(?:d'|aucune\s+)?[ée]rections?|no\s+erections?|pas\s+d'[ée]rection"
    r"|can'?t\s+(?:get|keep)\s+an\s+erection"
    r"|(?:ça|ca)\s+(?:ne\s+)?monte\s+plus(?!\s+(?:les|l'|la|le|dans|sur|en|à|a)\b))\b",
    re.IGNORECASE,
)
# another body part the feeling may be told of: the leg's, the hands', the face's
LEG_PART = re.compile(
    r"\b(?:legs?|foot|feet|toes?|calf|calves|thighs?|knees?|shins?|ankles?|heels?|hips?|jambes?|pieds?"
    r"|orteils?|mollets?|cuisses?|genoux|genou|chevilles?|talons?|hanches?|hands?|fingers?|arms?"
    r"|shoulders?|face|lips?|mains?|doigts?|bras|[ée]paules?|visage|l[èe]vres?)\b",
    re.IGNORECASE,
)
# joined to the place ("my right leg and my bum are numb"): one feeling told of both
JOINED = re.compile(r"\b(?:and|et|&|plus|as\s+well\s+as|so\s+is|aussi)\b", re.IGNORECASE)
# the place told as painful: the feeling lost is another part's ("my leg is numb, my bum aches")
SORE_PLACE = re.compile(
    r"\W*(?:[\w']+\W+){0,1}(?:aches?|aching|hurts?|hurting|sore|painful|fait\s+mal|douloureu\w*|me\s+fait\s+mal)\b",
    re.IGNORECASE,
)
TRAVELS = re.compile(r"\b(?:down|into|to|from|through|jusqu|vers|descend\w*)\b", re.IGNORECASE)
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
    r"\b(?:i|i'm|i've|my|me|mine|we|our|us|he|his|him|she|her|je|j'|moi|mon|ma|mes|nous|notre|il|elle"
    r"|son|sa|ses)\b|\bj'|\bjsens",
    re.IGNORECASE,
)
WITHIN = 60  # characters between the place and the feeling lost: one stretch of a sentence


# --- The bladder: the urge gone, a bladder not emptied, fewer visits, a leak ---------------------
BLADDER_WORDS = re.compile(
    r"\b(?:wee|wees|weeing|pee|pees|peeing|urin\w*|bladder|toilet|loo|bathroom|pipi|vessie|wc"
    r"|toilettes?|pisse[rz]?|piss|water|vider|vid[ée]e?)\b",
    re.IGNORECASE,
)
# the bladder itself named: "toilet" or "water" alone may be anything ("no urge to go anywhere,
# I lie in bed drinking water")
BLADDER_ITSELF = re.compile(
    r"\b(?:wee|wees|weeing|pee|pees|peeing|urin\w*|bladder|pipi|vessie|pisse[rz]?|piss|pissing)\b"
    r"|\bfinir\s+de\s+vider\b",
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
    r"\bstill\s+(?:some|more|a\s+bit|something)\s+(?:left|in\s+there)\b(?![^.,;]{0,20}\b(?:box|packet|bottle|pack|tube|jar|bo[îi]te))"
    r"|\bnot\s+(?:completely\s+|fully\s+|properly\s+)?empt(?:y|ied|ying)\b(?!\s+(?:the|my|his|her)\s+(?!bladder))"
    r"|\bnever\s+(?:feels?|felt)\s+(?:[\w']+\s+){0,2}(?:empty|finished|done)\b"
    r"|\b(?:push|press)(?:ing)?\s+on\s+my\s+(?:belly|tummy|stomach|bladder)\b"
    r"|\b(?:pas|jamais)\s+(?:[\w']+\s+){0,3}(?:fini|vid[ée]e?)\b(?!\s+(?:de\s+)?(?:mes|mon|ma|les|le|la|ses|son|sa)\b)"
    r"|\bfinir\s+de\s+(?:vider|faire)\b(?!\s+(?:mon|ma|mes|le|la|les)\b)"
    r"|\bappuy\w*\s+sur\s+(?:mon|le)\s+(?:ventre|bas[- ]ventre|vessie)\b"
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
    r"|\b(?:can'?t|cannot|couldn'?t)\s+hold\s+(?:it\s+in|my\s+(?:wee|pee|water|urine|bladder))\b",
    re.IGNORECASE,
)
WET_ONESELF = re.compile(r"(?:wet|peed|pissed|wee'?d)\s+(?:my|him|her)sel", re.IGNORECASE)
ALMOST = re.compile(r"\b(?:nearly|almost|presque|failli|not\s+literally)\b", re.IGNORECASE)
TEARS = re.compile(r"\b(?:larmes|tears|pleure|cry|crying)\b", re.IGNORECASE)
# drugs taken "twice a day": a dose, not a visit to the toilet
DOSES = re.compile(
    r"\b(?:tablets?|pills?|capsules?|dose|doses|naproxen|ibuprofen|paracetamol|tramadol|codeine|take|takes"
    r"|taking|prends|prend|comprim[ée]s?|g[ée]lules?|m[ée]dicaments?|cachets?)\b",
    re.IGNORECASE,
)

# --- The bowel: an accident, or a motion not felt ----------------------------------------------
BOWEL_WORDS = re.compile(
    r"\b(?:poo|poos|pooed|poop|pooped|caca|chi[ée]r?|selles?|bowels?|number\s+two"
    r"|shit\s+(?:my|him|her)sel(?:f|ves)|shat|crapped|soiled|sali)\b",
    re.IGNORECASE,
)
BOWEL_LOST = re.compile(
    r"\b(?:poo|bowel|toilet)\s+accidents?\b|\b(?:had|having|have)\s+(?:an?\s+)?accidents?\s+(?:with|in)\b"
    r"|\b(?:pooed|pooped|poo'?d|shat|shit|messed|soiled|went|had\s+a\s+poo)\s+(?:[\w']+\s+){0,2}?"
    r"(?:in|into)\s+(?:my|his|her)\s+(?:pants|trousers|knickers|trackies|undies|underwear|jeans|shorts"
    r"|pyjamas)\b|\bpoo\s+(?:just\s+)?(?:falls|fell|comes|came)\s+out\b|\bdidn'?t\s+feel\s+it\s+coming\b"
    r"|\b(?:accidents?|without\s+(?:feeling|knowing|noticing)(?:\s+(?:it|a\s+thing))?)\b(?!\s+(?:at|on|in)\s+(?:work|the\s+road))"
    r"|\b(?:in|into|dans)\s+(?:my|his|her|mes|ses|mon|son|sa|ma)\s+(?:pants|trousers|knickers|trackies|undies"
    r"|underwear|culottes?|slip|pantalon|cale[çc]on)\b"
    r"|\bsans\s+(?:le\s+)?sentir\b"
    r"|\b(?:chi[ée]|fait|caca)\s+dans\s+(?:mes|ses|mon|son|sa|ma)\s+(?:culottes?|slip|pantalon|cale[çc]on|pyjama"
    r"|couche)\b|\bsans\s+s'en\s+rendre|\bme\s+suis\s+sali|\bs'est\s+sali",
    re.IGNORECASE,
)
# the bowel's own loss in words that need no other: "poo accident", "pooed in my pants"
STRONG_BOWEL = re.compile(
    r"\b(?:poo|bowel|toilet)\s+accidents?\b|\b(?:pooed|pooped|poo'?d|shat|shit|messed|soiled)\b"
    r"|\bpoo\s+(?:just\s+)?(?:falls|fell|comes|came)\s+out\b|\bchi[ée]\b|\bme\s+suis\s+sali|\bs'est\s+sali",
    re.IGNORECASE,
)
# a road accident or another part of the body: not the bowels ("since the car accident my bowels
# have been normal", "I can't get my foot into my trousers", "je me cogne le pied sans le sentir")
NOT_THE_BOWELS = re.compile(
    r"\b(?:car|motorbike|bike|road|traffic|work|voiture|moto|v[ée]lo|route|travail|foot|feet|leg|legs|pied|pieds"
    r"|jambe|jambes|enfiler|get\s+my|put\s+my|normal|normally|normales?|normalement|fine|ok)\b",
    re.IGNORECASE,
)
# an animal's or a small child's: not the patient's bowels
NOT_THE_PATIENTS = re.compile(
    r"\b(?:dog|cat|puppy|kitten|toddler|baby|nursery|chat|chien|chiot|bébé|bebe|fils|kid|kids)\b",
    re.IGNORECASE,
)
CONSTIPATING = re.compile(
    r"\b(?:tramadol|codeine|cod[ée]ine|morphine|opioids?|constipat\w*|oxycodone|lamaline|izalgi|dafalgan)\b",
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


TOILET = re.compile(r"\b(?:toilets?|loo|bathroom|toilettes?|wc)\b", re.IGNORECASE)


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
        return claim(sent, lo, hi, label, taken, out)

    for sent, text in sentences(doc):
        _saddle(sent, text, add)
        if BLADDER_WORDS.search(text) or WET_ONESELF.search(text):
            _bladder(sent, text, add)
        if NOT_THE_PATIENTS.search(text):
            continue  # "the dog had a poo accident", "le chat a fait dans mon lit"
        if BOWEL_WORDS.search(text):
            lost = BOWEL_LOST.search(text)
            strain = STRAIN.search(text)
            if lost and NOT_THE_BOWELS.search(text) and not STRONG_BOWEL.search(text):
                lost = None  # the loose words ("accident", "in my trousers") need a bowel alone
            if lost:
                add(sent, *_after_the_organ(text, lost), "BOWEL_INCONTINENCE")
            elif strain and NEW.search(text) and not CONSTIPATING.search(text):
                add(sent, strain.start(), strain.end(), "BOWEL_DIFFICULTY")
        soiled = SOILED.search(text)
        if soiled:
            add(sent, soiled.start(), soiled.end(), "BOWEL_INCONTINENCE")
    return out


def _saddle(sent: Any, text: str, add: Any) -> None:
    if not ANY_SADDLE_WORD.search(text):
        return  # most sentences name no place nor sex: skip the long patterns
    sex = SEX.search(text)
    failed = SEX_FAILED.search(text)
    if not failed and sex:
        # the whole sentence is searched (an end cut short would defeat the lookaheads), then
        # only a feeling within 40 characters of the sex word counts
        near_sex = next(
            (
                m
                for m in FEELING_LOST.finditer(text)
                if sex.start() - 40 <= m.start() <= sex.end() + 40
            ),
            None,
        )
        if near_sex and not LEG_PART.search(
            text[min(near_sex.end(), sex.end()) : max(near_sex.start(), sex.start())]
        ):
            failed = near_sex
    if failed:
        add(sent, failed.start(), failed.end(), "SEXUAL")
    feelings = [
        m for m in FEELING_LOST.finditer(text) if not (failed and m.start() == failed.start())
    ]
    if RESOLVED.search(text):
        return  # "my bum went dead in the car, then it was fine once I walked about"
    if not feelings or (
        text.rstrip().endswith("?") and ASKS.match(text) and not PERSONAL.search(text)
    ):
        return  # "is numbness down there a sign of something serious?" asks of no one
    for where in SADDLE_WHERE.finditer(text):
        if ONE_SIDE.search(text[max(0, where.start() - 25) : where.start()]) or PATH.match(
            text, where.end()
        ):
            continue  # "my right bum", "from the butt down into the calf": the leg's ground
        near = [m for m in feelings if _of_the_saddle(text, where, m)]
        if near:
            m = min(near, key=lambda m: abs(m.start() - where.start()))
            add(sent, where.start(), where.end(), "SADDLE_AREA")
            add(sent, m.start(), m.end(), "NUMBNESS")
            # the pair, for extract.py to join however far apart ("when I sit on the toilet seat
            # I only feel it on the outside of my thighs, the middle bit feels like cotton wool")
            area = doc_span(sent, where.start(), where.end())
            feeling = doc_span(sent, m.start(), m.end())
            if area is not None and feeling is not None:
                sent.doc.user_data.setdefault(SADDLE_PAIRS, []).append((area.start, feeling.start))
            return


# a quick first look: a word that every saddle or sex construction needs
ANY_SADDLE_WORD = re.compile(
    r"bum|bottom|butt|backside|arse|anus|passage|genital|private|bits|crotch|perine|down\s+(?:there|below)"
    r"|between|penis|willy|vagin|vulv|labia|scrot|testic|nether|undercarriage|lady|wip|toilet|loo|saddle"
    r"|side|fesse|derri|cul|sex|parties|entre|p[ée]rin|verge|p[ée]nis|zizi|couille|foufoune|essui|essuy"
    r"|papier|lunette|intercourse|erection|[ée]rection|orgasm|climax|love|amour|rapport|hard|bande|monte",
    re.IGNORECASE,
)
RESOLVED = re.compile(
    r"\bthen\s+(?:it\s+)?(?:was|went|came)\s+(?:fine|back|away|normal)\b|\bonce\s+I\s+(?:walked|stood|got\s+up)\b"
    r"|\bpuis\s+(?:ça|c'est|c'était)\s+(?:revenu|pass[ée]|parti)",
    re.IGNORECASE,
)
ASKS = re.compile(
    r"\s*(?:is|are|can|could|does|do|should|would|will|what|how|why|est-ce|peut|peut-on|est-il|c'est\s+quoi)\b",
    re.IGNORECASE,
)


def _of_the_saddle(text: str, where: re.Match[str], lost: re.Match[str]) -> bool:
    """The feeling lost is told of the place: near it; not of another part on the way to it
    ("numb from my bum down to my foot"), not another part's while the place aches ("my leg is
    numb, my bum aches"), not the place of another part ("the numbness in my foot"); a part
    joined to the place shares the feeling ("tingling in my left leg and around my bum"). The
    place is no name ("my brother Willy")."""
    lo, hi = min(lost.end(), where.end()), max(lost.start(), where.start())
    between = text[lo:hi]
    if abs(lost.start() - where.start()) > WITHIN:
        return False
    if leg_between(between, area_first=where.start() < lost.start()):
        return False
    if NEW_SUBJECT.search(between):
        return False  # "my feet are numb and tingle ... and I have an itchy anus": two complaints
    if SORE_PLACE.match(text, where.end()):
        return False
    if lost.start() > where.end() and LEG_PART.search(
        text[max(where.end(), lost.start() - 20) : lost.start()]
    ):
        return False  # "my bum is fine but my leg is numb"
    if _leg_after(text, where, lost) and not JOINED.search(text[lost.end() : where.start()]):
        return False
    return not (where.group(0)[:1].isupper() and where.start() > 0 and not text.isupper())


NEW_SUBJECT = re.compile(r"\b(?:and|et|but|mais)\s+(?:i|je|j'|he|she|il|elle)\b", re.IGNORECASE)


def leg_between(between: str, *, area_first: bool) -> bool:
    """A leg part between the place and the feeling that is not joined to the place by "and":
    "numb from my bum to my foot" is the leg's; "tingling down my right leg and in my privates"
    and "my bum and legs are numb" join the place to the leg, and the feeling is both's."""
    legs = list(LEG_PART.finditer(between))
    if not legs:
        return False
    join = between[: legs[0].start()] if area_first else between[legs[-1].end() :]
    return not JOINED.search(join)


def _leg_after(text: str, where: re.Match[str], lost: re.Match[str]) -> bool:
    """A leg part just after the feeling, outside the place's own words: "the numbness in my
    foot" (not "numb between the legs")."""
    leg = LEG_PART.search(text, lost.end(), lost.end() + 15)
    return leg is not None and not where.start() <= leg.start() < where.end()


def _after_the_organ(text: str, m: re.Match[str]) -> tuple[int, int]:
    """The words of the change only: "had a poo accident" marks "accident", for the organ's word
    may be held by a phrase rule already (the span would then be dropped)."""
    organs = [o for o in BOWEL_WORDS.finditer(text, m.start(), m.end()) if o.end() < m.end()]
    return (organs[-1].end() + 1, m.end()) if organs else (m.start(), m.end())


SADDLE_PAIRS = "sciatica.saddle_pairs"


def doc_span(sent: Any, lo: int, hi: int) -> Any:
    return sent.doc.char_span(sent.start_char + lo, sent.start_char + hi, alignment_mode="expand")


def _bladder(sent: Any, text: str, add: Any) -> None:
    itself = BLADDER_ITSELF.search(text) is not None
    urge = URGE_GONE.search(text) if itself else None
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
        if m is None or ALMOST.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # "I nearly wet myself laughing"
        if label != "BLADDER_RETENTION" and not (
            itself or TOILET.search(text) or WET_ONESELF.match(m.group(0))
        ):
            continue  # "wet myself" needs no other word for the bladder
        if TEARS.search(text) and not itself:
            continue  # "les larmes coulent toutes seules"
        if add(sent, m.start(), m.end(), label):
            return
    fewer = FEWER.search(text)
    if fewer and itself and USUALLY_MORE.search(text) and not DOSES.search(text):
        add(sent, fewer.start(), fewer.end(), "BLADDER_DIFFICULTY")
