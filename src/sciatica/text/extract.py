"""Free text -> `sciatica-case/1`, with the span of text behind every finding.

    >>> from sciatica.text.extract import extract
    >>> x = extract("My left foot drags and I can't feel the toilet paper")
    >>> x.case.symptoms.foot_drop, x.case.symptoms.saddle_numbness
    ('left', True)

An unmentioned finding stays absent (unknown is never "no"); an explicitly negated one becomes the
case's negative (`false`, `"none"`, `"normal"`); a hypothetical, family or (for symptoms) historical
mention is not a finding and is listed under `ignored` with the reason.

Safety by construction (clinical-spec Part I §2): an asserted symptom is never dropped because a
detail is missing. A sided symptom with no side word anywhere in the text is `"unspecified"` (present,
side not stated); an unstated timing is left absent, so the engine takes its unknown-timing reading and
asks. Scopes that remove a mention are narrow: a past episode said to be back ("it's back", "ça
recommence") is current; a relative writing about someone ("my mother's legs are so weak") describes
the patient unless the writer also describes symptoms of their own; a sentence of general knowledge
("sciatica usually ...", a quoted list of warning signs) that names no one is not a finding; a
symptom said to have lasted seconds or a minute and gone is transient, not a current finding.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..case import Case
from ..paths import get_path, set_path
from ..validation import parse_case
from .cauda import ASKS, SADDLE_PAIRS, leg_between
from .cauda import JOINED as JOINED_RE
from .cauda import PERSONAL as PERSONAL_WORDS
from .cauda import SORE_PLACE as SORE_PLACE_RE
from .compose import FOOT, LEG, NOT, NOT_TOLD, TRAVEL
from .compose import PAIN as PAIN_WORDS
from .continence import (
    ANSWER_MARKS,
    AS_ALWAYS,
    BOWEL,
    EVENTS,
    answered_no,
    long_standing_continence,
    normal_continence,
    unchanged_continence,
)
from .continence import LONG_STANDING as LONG_STANDING_WORDS
from .exam_notes import read_exam
from .opioids import OTHER_DRUGS, opioid_failed
from .others import others_set_against_mine, others_stories
from .pipeline import JOINER, pipeline
from .rules import Category, categories, fold
from .severity import FOR_LONG, lying_at_night

SIDE_WORDS = {
    "left": "left",
    "gauche": "left",
    "right": "right",
    "droite": "right",
    "droit": "right",
    "both": "both",
    "bilateral": "both",
    "bilaterale": "both",
    "bilateraux": "both",
    "bilaterales": "both",
    "deux": "both",
}
SIDE_LETTERS = {"L": "left", "R": "right", "G": "left", "D": "right"}
CLAUSE_BREAKS = frozenset({"but", "whereas", "while", "mais", "alors", "tandis"})
# Words that tie a sentence to a person (the writer or the one written about): a sentence with one of
# them is never read as general knowledge.
PERSONAL = frozenset(
    [
        "i",
        "i'm",
        "im",
        "me",
        "my",
        "mine",
        "myself",
        "we",
        "our",
        "us",
        "he",
        "she",
        "his",
        "her",
        "him",
        "hers",
        "je",
        "j'",
        "me",
        "m'",
        "moi",
        "mon",
        "ma",
        "mes",
        "nous",
        "notre",
        "nos",
        "il",
        "elle",
        "lui",
        "sa",
        "son",
        "ses",
    ]
)
# A subject pronoun opens a clause of its own ("... and I have anus itching" is a second complaint)
# (French "on" is left out: it is also the English preposition).
# The categories whose bare word ("bladder", "selles") reads as a difficulty on its own.
RADIATING = frozenset(
    {"down", "from", "runs", "shoots", "shooting", "radiates", "radiating", "travels", "goes",
     "descend", "descends", "irradie", "part", "jusqu'"}
)  # fmt: skip
BARE_CONTINENCE = frozenset({"BLADDER_DIFFICULTY", "BOWEL_DIFFICULTY", "SPHINCTER"})
# A sentence that sets a condition ("if peeing isn't normal") answers nothing.
CONDITIONAL = frozenset({"if", "unless", "whether", "si", "sauf"})
SUBJECTS = frozenset({"i", "he", "she", "we", "they", "je", "j'", "il", "elle", "nous"})
ASIDE = re.compile(r"\([^()]*\)")  # a bracketed aside within a sentence
# A sentence dated in the past ("in December 2010", "en mars 2018", "when I was 28"): a past story;
# its symptoms are past, its red flags stay current (a per-mention rule, so that adding a sentence
# never turns a finding off: the level stays monotone).
PAST_DATE = re.compile(
    r"\b(?:in|en|back\s+in|during|durant|au\s+cours\s+de)\s+(?:(?:early|late|mid|d[ée]but|fin)\s+)?"
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)"
    r"\s+)?(?:of\s+|de\s+)?((?:19|20)\d\d)\b"
    r"|\bwhen\s+i\s+was\s+(?:a\s+|\d)|\b(?:quand|lorsque)\s+j'avais\b|\bj['’]avais\s+\d{1,2}\s+ans\b",
    re.I,
)
# a leg pain that changes sides: both legs have it, one at a time ("the pain alternates", "it
# switches sides", "one day the left, the next the right", "ça change de côté"); not "the physio
# alternates heat and ice", "I switch sides in bed"
ALTERNATING = re.compile(
    r"\b(?:it|pain|sciatica|ache|sciatique|douleur|[çc]a)\s+(?:\w+\s+)?(?:alternates|alterne|alternait)\b"
    r"|\b(?:it|pain|sciatica|ache|sciatique|douleur|[çc]a)\s+(?:\w+\s+)?"
    r"(?:switch(?:es|ing)|swap(?:s|ping)|chang(?:es|ing)|flip(?:s|ping)|jump(?:s|ing)|change|changeait)\s+"
    r"(?:sides?|legs?|between\s+(?:the\s+|my\s+)?(?:legs?|sides?)|de\s+c[ôo]t[ée]|de\s+jambe|d'une\s+jambe)"
    r"|\balternating\s+(?:sides?|legs?|sciatica|pain|between)\b"
    r"|\bone\s+day\s+(?:the\s+|it'?s\s+(?:the\s+)?)?(?:left|right)\b.{0,40}?\b(?:next|other)\b"
    r"|\bun\s+jour\s+[àa]\s+(?:gauche|droite)\b.{0,40}?\b(?:lendemain|suivant|d'apr[èe]s|autre)\b"
    r"|\bpasse\s+d'une\s+jambe\s+[àa]\s+l'autre\b"
    # the legs as a pronoun's "both": "it was only ever the left but since Monday it's both",
    # "maintenant c'est les deux" (the eleventh round's probes)
    r"|\b(?:it'?s|it\s+is|now|c'est|maintenant|ce\s+sont)\s+(?:(?:in|on)\s+)?(?:both|les\s+deux)"
    r"(?:\s+(?:now|sides|legs|maintenant|c[ôo]t[ée]s|jambes))?\s*(?:[.!,;]|$)",
    re.I,
)
# What has lasted "since" a date is the present ("opéré en 2016, depuis j'ai une zone engourdie"),
# unless the sentence says it ended ("... normal since 2018"): see `dated` in `_read`.
ENDED = re.compile(
    r"\b(?:cleared|resolved|went\s+away|recovered|back\s+to\s+normal|normal\s+since|gone\s+since"
    r"|disparu|r[ée]cup[ée]r[ée]|gu[ée]ri|rentr[ée]\s+dans\s+l'ordre)\b",
    re.I,
)
SINCE_THEN = re.compile(
    r"\b(?:depuis|ever\s+since|since\s+then|since\s+that|since\s+(?:the|my|his|her)\s+\w+"
    # "I had breast cancer 5 years ago and now my back hurts at night": the present after the date
    r"|(?:and|but)\s+now|these\s+days|currently|at\s+the\s+moment|this\s+week"
    r"|(?:et|mais)\s+maintenant|actuellement|en\s+ce\s+moment|cette\s+semaine)\b",
    re.I,
)
THIRD_PERSON = frozenset(["he", "she", "his", "her", "him", "hers", "il", "elle", "lui"])
IMPERSONAL = frozenset(
    ["y", "faut", "semble", "parait", "paraît", "est", "s'agit"]
)  # "il y a": no one
BELOW_KNEE = frozenset(
    [
        "calf",
        "calves",
        "shin",
        "ankle",
        "foot",
        "feet",
        "toes",
        "heel",
        "mollet",
        "cheville",
        "pied",
    ]
)
DIRECT_NEGATION = frozenset(["no", "without", "never", "sans", "aucun", "aucune", "jamais"])
# A line that starts a list: the bullets under a general sentence ending with ":" are the list.
BULLET = re.compile(r"^\s*(?:[•\-*–·]|\d{1,2}[.)])\s*")
MOTOR = frozenset({"WEAKNESS", "FOOT_DROP", "PARALYSIS", "HEEL_WALK", "TOE_WALK", "GIVES_WAY"})
PROCEDURES = frozenset({"SPINE_SURGERY", "SPINAL_PROCEDURE"})
# When one text supports several values of a field, the more serious one wins.
SEVERITY: dict[str, tuple[Any, ...]] = {
    "symptoms.bladder": ("retention", "incontinence", "new_difficulty", "normal"),
    "symptoms.bowel": ("incontinence", "new_difficulty", "normal"),
    "symptoms.walking": ("unable", "needs_help", "limited", "normal"),
    "history.onset": ("sudden", "gradual"),
    "history.weakness_course": ("worsening", "stable", "improving"),
    "history.previous_episodes": (1, 0),
    "patient.sex": ("female", "male"),
}
FR_MARKERS = frozenset(
    [
        "je",
        "j'",
        "j",
        "ai",
        "la",
        "le",
        "les",
        "des",
        "et",
        "pas",
        "mon",
        "ma",
        "mes",
        "depuis",
        "jambe",
        "pied",
        "dos",
        "douleur",
        "mal",
        "suis",
        "une",
        "un",
        "est",
        "avec",
        "sans",
        "dans",
        "au",
        "aux",
        "du",
        "plus",
        "tres",
        "très",
        "il",
        "elle",
        "patient",
        "patiente",
        # words with no English look-alike, for short texts ("ma sciatique gauche a 2 semaines"
        # tied "ma" with "a" and was read as English, every finding lost)
        "sciatique",
        "gauche",
        "droite",
        "semaines",
        "mois",
        "jours",
        "fesse",
        "mollet",
        "cuisse",
        "genou",
        "hier",
        "vessie",
        "mais",
        "pour",
        "qui",
        "ça",
        "ce",
        "matin",
        "jamais",
        "rien",
        "toujours",
        "encore",
    ]
)
EN_MARKERS = frozenset(
    [
        "i",
        "i'm",
        "my",
        "the",
        "and",
        "is",
        "it",
        "have",
        "has",
        "with",
        "no",
        "not",
        "since",
        "for",
        "leg",
        "foot",
        "back",
        "pain",
        "of",
        "to",
        "in",
        "a",
        "an",
    ]
)


@dataclass(frozen=True)
class Span:
    field: str | None
    value: Any
    category: str
    start: int
    end: int
    text: str
    negated: bool = False
    # for ignored mentions: hypothetical | historical | family | generic | transient | negated |
    # long_standing
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "field": self.field,
            "value": self.value,
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "negated": self.negated,
        }
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class Extraction:
    case: Case
    lang: str
    spans: list[Span] = field(default_factory=list)
    ignored: list[Span] = field(default_factory=list)

    def findings(self) -> dict[str, Any]:
        """Case path -> value of every extracted finding (flat)."""
        return _flatten(self.case.model_dump(exclude_none=True, exclude={"format", "locale"}))

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case.model_dump(mode="json", exclude_none=True),
            "lang": self.lang,
            "spans": [s.to_json() for s in self.spans],
            "ignored": [s.to_json() for s in self.ignored],
        }


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = value
    return out


def detect_language(text: str) -> str:
    words = re.findall(r"[\w']+", text.lower())
    fr = sum(1 for w in words if w in FR_MARKERS or w.startswith(("j'", "n'", "l'", "d'")))
    en = sum(1 for w in words if w in EN_MARKERS)
    return "fr" if fr > en else "en"


# ---------------------------------------------------------------------------------------------
# Numbers: durations, pain scores, age.

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "a dozen": 12,
    "couple of": 2,
    "a couple of": 2,
    "few": 3,
    "a few": 3,
    "several": 3,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six ": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "quelques": 3,
    # "depuis une dizaine de jours": about ten
    "une dizaine de": 10,
    "dizaine de": 10,
    "une douzaine de": 12,
    "une quinzaine de": 15,
    "quinzaine de": 15,
    "une vingtaine de": 20,
    "une trentaine de": 30,
}
UNIT_DAYS = {
    "day": 1,
    "days": 1,
    "d": 1,
    "jour": 1,
    "jours": 1,
    "j": 1,
    "week": 7,
    "weeks": 7,
    "wk": 7,
    "wks": 7,
    "semaine": 7,
    "semaines": 7,
    "sem": 7,
    "month": 30,
    "months": 30,
    "mo": 30,
    "mths": 30,
    "mois": 30,
    "year": 365,
    "years": 365,
    "yr": 365,
    "yrs": 365,
    "an": 365,
    "ans": 365,
    "annee": 365,
    "annees": 365,
    "année": 365,
    "années": 365,
}
_NUM = r"(\d{1,3}|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + ")"
_UNIT = r"(" + "|".join(sorted(map(re.escape, UNIT_DAYS), key=len, reverse=True)) + r")\b"
_HALF = r"(?:\s+and\s+a\s+half|\s+et\s+demie?)?"
DURATION = re.compile(
    r"\b(?:(?:for|over|since|in)\s+(?:the\s+)?(?:last|past)\s+|for\s+(?:about\s+|around\s+)?|"
    r"over\s+(?:about\s+)?|"
    # "since five months" (Indian English)
    r"since\s+(?:about\s+|around\s+|approx\.?\s+)?|"
    r"depuis\s+(?:environ\s+)?|pendant\s+|il\s+y\s+a\s+(?:environ\s+)?|"
    r"(?:about|around|almost|nearly)\s+|"
    # "ça fait quatre mois que", "it's been seven weeks", "voilà trois semaines que"
    r"(?:[çc]a|cela)\s+(?:va\s+)?fai(?:t|re)\s+(?:environ\s+|presque\s+|bient[ôo]t\s+|plus\s+de\s+)?|"
    r"voil[àa]\s+(?:environ\s+|presque\s+)?)"
    + _NUM
    + _HALF
    + r"\s*"
    + _UNIT
    + r"(?![\s-]+(?:old|of\s+age))"
    + r"|\b"
    + _NUM
    + r"\s*"
    + _UNIT
    + r"\s+ago\b"
    # "ten weeks now of sciatica", "3 days now": the count told up to the present
    + r"|\b"
    + _NUM
    + r"\s*"
    + _UNIT
    + r"\s+now\b"
    # "it's been nine weeks", not "it's been 3 years since my last flare" (a time since another event)
    + r"|\b(?:it'?s|it\s+has|has|have)\s+been\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+)?"
    + _NUM
    + r"\s*"
    + _UNIT
    + r"(?!\s+since\s+(?:my\s+|the\s+|his\s+|her\s+|i\s+|he\s+|she\s+)?(?:last|previous|first)\b)"
    # "ma sciatique gauche a deux mois pile aujourd'hui": the sciatica's age
    + r"|\b(?:sciatique|douleur|cruralgie|n[ée]vralgie)(?:\s+(?:gauche|droite))?\s+a\s+"
    + r"(?:maintenant\s+|d[ée]j[àa]\s+)?"
    + _NUM
    + r"\s*"
    + _UNIT
    # "Seven weeks on Saturday since this started"
    + r"|\b"
    + _NUM
    + r"\s*"
    + _UNIT
    + r"(?:\s+on\s+\w+day)?\s+since\s+(?:it|this|the|my)\b(?!\s+(?:last|previous|first)\b)",
    re.IGNORECASE,
)
BARE_DURATION = re.compile(
    r"\b(\d{1,3})\s*(days?|weeks?|wks?|months?|mths?|jours?|semaines?|mois)\b(?!\s+(?:a|per|par)\b)",
    re.IGNORECASE,
)
# "for years", "depuis des mois": no number, but at least two of the unit (the shortest reading the
# words allow; a long-standing symptom is not read as new).
VAGUE_DURATION = re.compile(
    r"\b(?:for|since|depuis|pendant)\s+(?:many\s+|des\s+|de\s+nombreu(?:x|ses)\s+|longtemps\s+)?"
    r"(years|months|ann[ée]es|mois)\b",
    re.I,
)
VAGUE_DAYS = {"years": 730, "annees": 730, "années": 730, "months": 60, "mois": 60}
# Weeks of treatment already tried: "six weeks of physio", "physio for the last 2 months",
# "3 semaines de kiné".
_CARE_WORDS = (
    r"(?:physio\w*|exercis\w*|treatment|painkillers|tablets|pills|meds|medication|PT|"
    r"physical\s+therapy|manual\s+therapy|"
    r"anti-?inflammator\w*|naproxen|ibuprofen|nsaids?|kin[ée]\w*|r[ée][ée]ducation|traitement|"
    r"m[ée]dicaments|ost[ée]o\w*|chiro\w*|anti-?inflammatoires?)"
)
CARE = re.compile(
    r"\b"
    + _NUM
    + r"\s*"
    + _UNIT
    + r"\s+(?:of\s+(?:the\s+)?(?:\w+\s+)?|de\s+|d')"
    + _CARE_WORDS
    + r"|\b"
    + _CARE_WORDS
    # "kiné 2 fois par semaine depuis 7 semaines", "physio once a week for 6 weeks"
    + r"(?:\s+(?!(?:isn'?t|not|n'est|pas|unavailable|available|waiting|said|told|advised|suggested"
    r"|recommended|dit|conseill[ée]|propos[ée])\b)[\w']+){0,4}?\s+(?:for|pendant|depuis)\s+(?:the\s+(?:last|past)\s+)?"
    + _NUM
    + r"\s*"
    + _UNIT,
    re.IGNORECASE,
)
# "le rhumato dans 3 semaines", "physio in 2 weeks": a time ahead is an appointment, not how
# long the symptoms have lasted (dropping it leaves the timing unknown: the safer reading).
# ("in 14 weeks" also looks back: "no improvement in 14 weeks"; only the French is unambiguous.)
AHEAD = re.compile(r"\b(?:dans|d'ici)\s+$", re.IGNORECASE)
CLINICAL_DURATION = re.compile(r"\b(\d{1,2})/(52|12|7)\b")
FORTNIGHT = re.compile(
    r"\b(?:a\s+fortnight|two\s+weeks|quinze\s+jours|une\s+quinzaine)\b", re.IGNORECASE
)
RELATIVE = [
    (re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b|\bavant-hier\b", re.I), 2),
    (re.compile(r"\b(?:since\s+)?yesterday\b|\bdepuis\s+hier\b|\bhier\b", re.I), 1),
    (
        re.compile(
            r"\b(?:this\s+morning|today|last\s+night|ce\s+matin|aujourd'hui|cette\s+nuit)\b", re.I
        ),
        0,
    ),
    (re.compile(r"\b(?:since\s+)?last\s+week\b|\bla\s+semaine\s+derni[eè]re\b", re.I), 7),
    (re.compile(r"\b(?:since\s+)?last\s+month\b|\ble\s+mois\s+dernier\b", re.I), 30),
]
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}
WEEKDAY = re.compile(
    r"\b(?:since|on|depuis)\s+(?:last\s+)?(" + "|".join(WEEKDAYS) + r")(?:\s+dernier)?\b", re.I
)
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "janvier": 1,
    "fevrier": 2,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "décembre": 12,
}
DATE = re.compile(
    r"\b(?:since|depuis)\s+(?:the\s+|le\s+)?(\d{1,2})(?:st|nd|rd|th|er)?\s+(?:of\s+)?("
    + "|".join(MONTHS)
    + r")\b",
    re.I,
)
PAIN = re.compile(
    r"(?:\b(?:pain|douleur|eva|en|vas|nrs|score)\D{0,20}?)?(?<![\d/.])(10|\d)(?:[.,]5)?\s*(?:/|out\s+of|sur)\s*10\b",
    re.I,
)
# A score told without "/10" where the sentence is about how bad the pain gets: "on a bad day it's
# an 8", "at its worst a 9", "les mauvais jours c'est un 8".
SPOKEN_PAIN = re.compile(
    # "pain score 9", "EVA 8"
    r"\b(?:pain\s+score|pain\s+level|eva|vas|nrs|douleur\s+est|douleur)\s*(?:of|is|was|=|:|de|à|a)?\s*"
    r"(10|[0-9])\b"
    r"(?!\s*(?:/|out\b|days?|weeks?|months?|years?|hours?|jours?|semaines?|mois|ans?\b|h\b|:|%))"
    r"|\b(?:bad\s+days?|worst|mauvais\s+jours?|pire)\b[^.!?\d]{0,15}?\b(?:an?|at|un|à)\s+(10|[4-9])\b"
    r"(?!\s*(?:/|out\b|days?|weeks?|months?|years?|hours?|jours?|semaines?|mois|ans?\b|h\b|:|%|am\b|pm\b))"
    # "honestly an 8 most evenings", "a 9 at night", "un 7 le soir"
    r"|\b(?:pain|hurts?|ache|sciatica|douleur|sciatique|mal)\b[^.!?]{0,80}?\b(?:an?|un)\s+(10|[4-9])\s+"
    r"(?:most|on|in|at|by|every|some|the|first|le|la|les|en)\s+(?:\w+\s+)?"
    r"(?:evenings?|nights?|mornings?|afternoons?|days?|thing|soirs?|soir[ée]es?|nuits?|matins?|jours?)\b",
    re.I,
)
# "an eight out of ten", "huit sur dix"
WORD_SCORES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10,
}  # fmt: skip
WORDED_PAIN = re.compile(
    r"\b(" + "|".join(WORD_SCORES) + r")\s+(?:out\s+of\s+(?:ten|10)|sur\s+(?:dix|10))\b", re.I
)
# the relatives whose age a writer gives: "my dad is 78", "Mam, 74,"
AGED_RELATIVE = (
    r"(?:mum|mom|mam|mammy|mother|dad|da|father|husband|wife|partner|grandad|grandma|nan|gran"
    r"|granny)"
)
AGE = re.compile(
    # "my 10-year-old", "her 6 year old": a child's age, not the patient's
    r"(?<!\bmy\s)(?<!\bour\s)(?<!\bhis\s)(?<!\bher\s)"
    r"\b(\d{1,3})\s*(?:-|\s)?(?:years?|yrs?|ans?)[- ]old\b"
    r"|(?<!\bmy\s)(?<!\bour\s)(?<!\bhis\s)(?<!\bher\s)\b(\d{1,3})\s?(?:yo|y/o|y\.o\.|ans?\b(?=\s*[,.]))"
    r"|\baged?\s+(\d{1,3})\b|\bi(?:'m|\s+am)\s+(\d{2})\b(?!\s*(?:days?|weeks?|months?|%))"
    r"|\bj'ai\s+(\d{1,3})\s+(?:ans|piges|balais|berges)\b|\b[âa]g[ée]e?\s+de\s+(\d{1,3})\s+ans\b"
    # "qui a 74 piges", "turned 71 in June": the slang years, a birthday
    r"|\bqui\s+a\s+([2-9]\d)\s+(?:piges|balais|berges)\b"
    # a birthday told without a subject, the writer's: "Turned 71 in June", "just turned 70"
    r"|(?:^|(?<=[.!?\n,;]))\s*(?:just\s+|only\s+)?turned\s+([5-9]\d)\b(?!\s*(?:degrees?|°|%))"
    # "my mum (74)", "ma mère de 80 ans": the age of the person written about
    r"|\b(?:mum|mom|mother|mother-in-law|dad|father|husband|wife|partner|son|daughter)\s*\((\d{1,3})\)"
    r"|\b(?:m[èe]re|p[èe]re|mari|femme|fils|fille|conjoint|conjointe)\s+de\s+(\d{1,3})\s+ans\b"
    # "my dad is 78, sharp as a tack": the age of the person written about, told with "is"
    r"|\b" + AGED_RELATIVE + r"(?:'s|’s|\s+is)\s+"
    r"(\d{2})\b(?!\s*(?:days?|weeks?|months?|minutes?|hours?|%|/|kg|kilos?|lbs?|stone|miles?|km))"
    # "update on Mam. She's 74, bent down...", "he turned 81 in May": the person written about
    r"|\b(?:she|he|i)(?:'s|’s|\s+is|\s+turned|\s+turns|\s+just\s+turned|\s+only\s+turned)\s+"
    r"(\d{2})\b(?!\s*(?:days?|weeks?|months?|minutes?|hours?|%|/|kg|kilos?|lbs?|stone|miles?|km|mg"
    r"|times?|percent|degrees?|°|[.,]\d))"
    # "Mam, 74, bent down", "my husband, 68, ..."; a phone message's "mum 74 lifted a bag"
    r"|\b" + AGED_RELATIVE + r"\s*,\s*(\d{2})\s*,"
    r"|\b"
    + AGED_RELATIVE
    + r"\s+([4-9]\d)\b(?!\s*(?:days?|weeks?|months?|years?|yrs?|minutes?|mins?"
    r"|hours?|hrs?|%|/|kg|kilos?|lbs?|stone|miles?|km|mg|times?|percent|degrees?|°|[.,:]\d))"
    # "ma bobonne a 78 ans", "mon homme a 52 ans": whoever the possessive names, told with "a ... ans"
    # (a child's age is not the patient's: not "mon fils", not under 20)
    r"|\b(?:ma|mon)\s+(?!fils\b|fille\b|enfant\b|petit|bébé|bebe)[\w'-]+\s+(?:a|qui\s+a)\s+"
    r"([2-9]\d)\s+ans\b"
    # a letter's header: "Arthur Bell (DOB 12/04/1948, 77)", "né le 3/2/1950, 75 ans"
    r"|\b(?:DOB|d\.o\.b\.?|date\s+of\s+birth|n[ée]e?\s+le)\b[^()\n]{0,24}?,\s*(\d{2,3})\b(?!\s*/)",
    re.I,
)
BORN = re.compile(r"\b(?:born|DOB|d\.o\.b|birth|n[ée]e?|naissance)\b[^.!?\n]*$", re.I)
CHILD_BEFORE = re.compile(
    r"\b(?:baby|son|daughter|kid|kids|child|children|grandson|granddaughter|grandchild|twins"
    r"|fils|fille|b[ée]b[ée]|enfant|enfants|petit|petite)\b[^.!?\n]*$",
    re.I,
)
BIRTH_YEAR = re.compile(
    r"\b(?:born|DOB|d\.o\.b\.?|date\s+of\s+birth|n[ée]e?|naissance)\b[^.!?\n]{0,16}?\b(19\d\d|20[0-2]\d)\b"
    r"(?!\s*(?:-|/)\s*\d)"
    # "born '49", "(born in '52)", "né en 47"
    r"|\b(?:born|n[ée]e?)\s+(?:in\s+|en\s+)?[‘’']?(\d\d)\b(?!\s*(?:-|/|%|kg|ans|years|weeks|days))",
    re.I,
)
# A measured temperature: "thermometer said 38.4", "temp 101F", "39,2 de fièvre", "38.5°C".
# what follows a French reading that is a temperature: "j'ai 39 depuis ce matin", "il fait 38,5."
# (not "j'ai 38 heures de travail", "il fait 38,5 dehors")
_FEVER_AFTER = (
    r"(?=\s*(?:°|degr[ée]s?(?!\s+dehors)|de\s+fi[èe]vre|de\s+temp|[.,;!?]|$|depuis|ce\s+matin|ce\s+soir"
    r"|cette\s+nuit|hier|aujourd|et\s+des\s+frissons))"
)
TEMPERATURE = re.compile(
    r"\b(?:temp(?:erature)?|thermometer|température|thermomètre|fever|fièvre)\D{0,20}?"
    r"\b(3[89](?:[.,]\d)?|4[0-2](?:[.,]\d)?|10[0-5](?:[.,]\d)?)\s*(?:°|degrees|deg|c\b|f\b)?"
    r"|\b(?=(3[89][.,]\d|4[0-2][.,]\d)\s*(?:°|degrees|de\s+fi[eè]vre))\d\d[.,]\d"
    # the reading first: "38.9 on the thermometer", "39,1 au thermomètre"
    r"|\b(3[89][.,]\d|4[0-2][.,]\d)\b(?=[^.!?\d]{0,25}\b(?:thermometer|thermom[eè]tre|temp\b|temperature"
    r"|température|fever|fièvre))"
    # French, the reading told with "fait" or "j'ai": "il fait 38,5", "j'ai 39 depuis ce matin"
    r"|\b(?:je|j'|il|elle)\s*fai[st]\s+(3[89][.,]\d|40[.,]\d)\b"
    + _FEVER_AFTER
    # "been running 38.9 on and off", "spiking to 39.4": the reading with its verb
    + r"|\b(?:running|hitting|spiking|spiked|spikes)\s+(?:to\s+|at\s+|a\s+)?"
    r"(3[89][.,]\d|4[0-2][.,]\d|10[0-4][.,]\d)\b(?!\s*(?:km|k\b|kms|kilomet\w*|miles?|mi\b|m\b|met\w*|mph|kph"
    r"|minutes?|mins?|hours?|hrs?|laps?|%|a\s+week|per|pace))"
    + r"|\b(?:j'ai|il\s+a|elle\s+a)\s+(3[89](?:[.,]\d)?|40(?:[.,]\d)?)\b"
    + _FEVER_AFTER
    + r"|\b(?:je\s+suis|il\s+est|elle\s+est)\s+[àa]\s+(3[89][.,]\d|40[.,]\d)\b"
    + _FEVER_AFTER,
    re.IGNORECASE,
)
SEX_LETTER = re.compile(r"\b\d{2}\s?(?:yo|y/o)?\s?([MF])\b")


PREGNANCY_BEFORE = re.compile(r"\b(?:enceinte|grossesse|pregnant)\s+(?:de|d'|of|at)?\s*$", re.I)
PREGNANCY_AFTER = re.compile(
    r"\s*(?:pregnant|of\s+pregnancy|de\s+grossesse|d'am[ée]norrh[ée]e)\b", re.I
)


def _number(word: str) -> int:
    w = word.lower().strip()
    return int(w) if w.isdigit() else NUMBER_WORDS.get(w, NUMBER_WORDS.get(w + " ", 1))


def durations(text: str, today: date) -> list[tuple[int, int, int]]:
    """(start, end, days) of every duration phrase, counted back from `today`."""
    found: list[tuple[int, int, int]] = []
    for m in DURATION.finditer(text):
        if AHEAD.search(text, 0, m.start()):
            continue
        num, unit = next(
            (n, u) for n, u in zip(m.groups()[::2], m.groups()[1::2], strict=True) if n
        )
        days = _number(num) * UNIT_DAYS[unit.lower()]
        if re.search(r"\b(?:half|demie?)\b", m.group(0), re.I):  # "two and a half weeks"
            days += UNIT_DAYS[unit.lower()] // 2
        found.append((m.start(), m.end(), days))
    for m in BARE_DURATION.finditer(text):  # "sciatica 4 weeks": shorter than any cued match
        if AHEAD.search(text, 0, m.start()):
            continue
        found.append((m.start(), m.end() - 1000, int(m.group(1)) * UNIT_DAYS[m.group(2).lower()]))
    for m in VAGUE_DURATION.finditer(text):
        found.append((m.start(), m.end(), VAGUE_DAYS[m.group(1).lower()]))
    for m in CLINICAL_DURATION.finditer(text):
        unit = {"52": 7, "12": 30, "7": 1}[m.group(2)]
        found.append((m.start(), m.end(), int(m.group(1)) * unit))
    for m in FORTNIGHT.finditer(text):
        found.append((m.start(), m.end(), 14))
    for pattern, days in RELATIVE:
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), days))
    for m in WEEKDAY.finditer(text):
        back = (today.weekday() - WEEKDAYS[m.group(1).lower()]) % 7 or 7
        found.append((m.start(), m.end(), back))
    for m in DATE.finditer(text):
        month = MONTHS[m.group(2).lower()]
        try:
            when = date(today.year, month, int(m.group(1)))
        except ValueError:
            continue
        if when > today:
            if today.year == 1:
                continue
            when = when.replace(year=today.year - 1)
        found.append((m.start(), m.end(), (today - when).days))
    # a pregnancy's term is no duration of symptoms: "31 weeks pregnant", "enceinte de 31 semaines"
    found = [
        f
        for f in found
        if not PREGNANCY_BEFORE.search(text, 0, f[0])
        and not PREGNANCY_AFTER.match(text, f[1] if f[1] >= f[0] else f[1] + 1000)
    ]
    # overlapping matches: keep the longest (a bare "4 weeks" loses to any cued phrase)
    found.sort(key=lambda f: -(f[1] - f[0]))
    out: list[tuple[int, int, int]] = []
    for start, end, days in found:
        end = end + 1000 if end < start else end
        if any(start < e and s < end for s, e, _ in out):
            continue
        out.append((start, end, days))
    return sorted(out)


# ---------------------------------------------------------------------------------------------
# The extractor.


@dataclass
class _Mention:
    cat: Category
    start: int  # token indices
    end: int
    sent: int
    negated: bool
    span: Any


ARM_WORDS = frozenset(
    {"arm", "arms", "hand", "hands", "fingers", "bras", "main", "mains", "doigts", "face", "visage"}
)
INSTRUMENT = frozenset({"with", "using", "without", "sans", "avec", "pushing", "pulling"})
PLURAL_LIMBS = frozenset({"legs", "jambes", "feet", "pieds"})
ONE_OF = frozenset({"one", "either", "une", "un", "l'une", "l'un"})
# knees count as both legs only when both are named ("both my knees buckle"); "my knees hurt" or
# "my knees give way" (arthritis) is more often the joints than the nerve roots
KNEES = frozenset({"knees", "genoux"})


# a give-way with a cause other than the legs: fainting, laughing, a shock, a race just run
GAVE_WAY_FROM = frozenset(
    {"laugh", "laughing", "laughed", "faint", "fainted", "fainting", "dizzy", "lightheaded",
     "tired", "tiredness", "exhausted", "exhaustion", "shift", "fatigue", "fatigué", "fatiguée",
     "slipped", "slip", "ice", "icy", "glissé", "glisse", "verglas", "news", "shock", "marathon",
     "race", "drunk", "rire", "malaise", "evanoui", "évanoui", "évanouie", "nouvelle", "choc"}
)  # fmt: skip


SADDLE_IN_SPAN = frozenset(
    {"fesses", "anus", "perinee", "périnée", "sexe", "entrejambe", "vulve", "verge", "penis",
     "genitals", "perineum", "crotch", "scrotum", "testicules", "testicles", "parties", "zizi",
     "bijoux"}
)  # fmt: skip


def _both_give_way(ent: Any, doc: Any) -> bool:
    """Both legs named in the give-way or in the four words before it, in its sentence ("my legs
    keep buckling", "both knees give way"), not "one of my legs", and no other cause named in the
    sentence ("my legs gave way when I fainted")."""
    if {t.norm_ for t in ent.sent} & GAVE_WAY_FROM:
        return False
    lo = max(ent.sent.start, ent.start - 4)
    for t in doc[lo : ent.end]:
        if any(w.norm_ in ONE_OF for w in doc[max(0, t.i - 3) : t.i]):
            continue
        if t.norm_ in PLURAL_LIMBS:
            return True
        nxt = doc[t.i + 1 : t.i + 3]
        if (
            t.norm_ in ("both", "deux", "les")
            and any(w.norm_ in PLURAL_LIMBS | KNEES for w in nxt)
            and (t.norm_ != "les" or any(w.norm_ == "deux" for w in nxt))
        ):
            return True
    return False


def _side_tokens(doc: Any) -> list[tuple[int, str, bool]]:
    """(token index, side, implicit) of every side word; implicit when the side is only a plural
    ("my legs", "tingling in both feet" is explicit, "tingling in my feet" implicit)."""
    out = []
    for t in doc:
        side = SIDE_WORDS.get(t.norm_) or SIDE_LETTERS.get(t.text)
        if t.norm_ in ("deux", "both") and t.i + 1 < len(doc) and doc[t.i + 1].norm_ in COUNTED:
            side = None  # "depuis deux mois", "les deux fois": a number, not both legs
        if t.norm_ == "left" and _left_is_a_verb(doc, t.i):  # not "gauche a": French
            side = None
        if side is not None and _compared_with(doc, t.i):
            side = None  # "the right leg is weaker than the left": the left is the yardstick
        implicit = False
        if (
            side is None
            and t.text == "2"
            and t.i + 1 < len(doc)
            and fold(doc[t.i + 1].text) in ("jambes", "legs", "pieds", "feet")
        ):
            side = "both"
        if (
            side is None
            and t.norm_ in PLURAL_LIMBS
            and not any(w.norm_ in ONE_OF for w in doc[max(0, t.i - 3) : t.i])
            # "sur la pointe des pieds": a set phrase, not both feet
            and not (t.i >= 2 and doc[t.i - 1].norm_ == "des" and doc[t.i - 2].norm_ in IDIOM_OF)
        ):
            # "my legs", "her feet", "ses jambes": both, unless "one of my legs"
            side, implicit = "both", True
        if side is not None:
            out.append((t.i, side, implicit))
    return out


COUNTED = frozenset(
    {"mois", "semaines", "semaine", "jours", "jour", "ans", "années", "annees", "fois", "heures",
     "nuits", "minutes", "secondes", "kilos", "kg", "km", "ou", "times", "weeks", "days", "months",
     "years", "nights", "hours"}
)  # fmt: skip


def _compared_with(doc: Any, i: int) -> bool:
    """The side word at i is what a strength is measured against: "the right leg is weaker than
    the left", "plus faible que la droite". Only strength: a pain "worse than the left" tells that
    the left hurts too."""
    k = _than_before_side(doc, i, 3)
    return k is not None and any(t.norm_ in STRENGTH_COMPARED for t in doc[max(0, k - 3) : k])


def _than_before_side(doc: Any, i: int, reach: int) -> int | None:
    """The index of the "than" ("que") nearest before the side word at i, within `reach` words."""
    return next((k for k in range(i - 1, max(0, i - reach) - 1, -1) if doc[k].norm_ in THAN), None)


THAN = frozenset({"than", "que", "qu'"})


SMALL_THINGS = frozenset(
    {"bit", "one", "ones", "lad", "lass", "bairn", "small", "hours", "dram", "nip", "man", "woman",
     "boy", "girl", "thing"}
)  # fmt: skip
URINE_WORDS = frozenset(
    {"leak", "leaks", "leaking", "leaked", "dribble", "dribbling", "pee", "peeing", "bladder",
     "toilet", "loo", "urine", "wet", "pad", "pads"}
)  # fmt: skip


def _small_wee(ent: Any) -> bool:
    """A "wee" that is an adjective ("a wee bit worried"), in a sentence with no other word of
    urine ("I leak a wee bit when I cough" is a leak)."""
    doc = ent.doc
    return any(
        t.norm_ == "wee" and t.i + 1 < len(doc) and doc[t.i + 1].norm_ in SMALL_THINGS for t in ent
    ) and not any(t.norm_ in URINE_WORDS for t in ent.sent)


GAMES = frozenset({"club", "team", "match", "league", "green", "night", "game", "games", "session"})
# a finding's last word that the next word gives another sense: "my bowls club" is the game, not a
# misspelt bowel; "my legs are dead tired" is tiredness, not a dead leg
OTHER_SENSE = {
    "bowls": GAMES,
    "bowl": GAMES,
    "dead": frozenset({"tired", "beat", "sore", "heavy", "achy", "stiff"}),
}


def _another_sense(ent: Any) -> bool:
    """The word after `ent` gives its last word another sense (`OTHER_SENSE`)."""
    doc = ent.doc
    after = OTHER_SENSE.get(ent[-1].norm_, frozenset())
    return ent.end < len(doc) and doc[ent.end].norm_ in after


def _not_the_act(ent: Any, cat: Category) -> bool:
    """ "I have not peed myself", "not peed any blood": a denied leak or a test, not retention."""
    doc = ent.doc
    return (
        cat.name == "BLADDER_RETENTION"
        and ent.end < len(doc)
        and doc[ent.end].norm_ in ("myself", "himself", "herself", "blood", "any")
    )


def _side_compared(ent: Any) -> bool:
    """A worse word followed by "than" and a side or the other leg: "weaker than the left",
    "plus faible que la droite"."""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].norm_ in ("getting", "becoming", "grown", "growing"):
        return False  # "getting weaker than the left every day": a course
    words = [t.norm_ for t in doc[ent.end - 1 : ent.end + 4]]
    than = [n for n, w in enumerate(words[:2]) if w in ("than", "que", "qu'")]
    return bool(than) and any(
        w in ("left", "right", "other", "gauche", "droite", "droit", "autre")
        for w in words[than[0] + 1 :]
    )


COMPARATIVE = frozenset({"more", "worse", "less", "plus", "pire", "moins", "bit", "lot"})


def _than_before(doc: Any, i: int) -> bool:
    """The side word at i is what a pain is compared with: "more than the left", "worse than my
    right leg", "plus que la gauche" (a strength compared is no side at all: `_compared_with`)."""
    k = _than_before_side(doc, i, 4)
    if k is None:
        return False
    nxt = doc[i + 1].norm_ if i + 1 < len(doc) else "."
    if nxt not in LIMB_OR_PAUSE:
        return False  # "more than my left shoulder"
    if any(t.norm_ in VERBAL_NOT | {"pas"} for t in doc[i + 1 : i + 6]):
        return False  # "more than the left, which doesn't hurt at all"
    return any(t.norm_ in COMPARATIVE for t in doc[max(0, k - 4) : k])


LIMB_OR_PAUSE = frozenset(
    {"leg", "one", "side", "calf", "foot", "thigh", "buttock", ",", ".", "!", ";", "and", "jambe",
     "côté", "cote", "mollet", "pied", "cuisse", "fesse", "et"}
)  # fmt: skip


STRENGTH_COMPARED = frozenset(
    {"weaker", "stronger", "faible", "faibles", "fort", "forte", "forts", "fortes", "puissante"}
)


IDIOM_OF = frozenset({"pointe", "pointes"})  # "la plante des pieds" is both soles
BRIEF_RECOVERY = re.compile(
    r"\b(?:recovered|recover|passed|went\s+away|was\s+gone|disappeared|back\s+to\s+normal|fine\s+again"
    r"|r[ée]cup[ée]r[ée]e?|pass[ée]e?|disparu|revenu\s+[àa]\s+la\s+normale)\b"
    r".{0,60}?\b(?:within|after|in)\s+(?:a|one|1|a\s+few|few|30|thirty)\s+(?:seconds?|minutes?)\b"
    r"|\b(?:au\s+bout\s+d'une|en\s+une|apr[èe]s\s+une|en\s+quelques|apr[èe]s\s+quelques)\s+"
    r"(?:minute|secondes?)\b.{0,40}?\b(?:r[ée]cup[ée]r[ée]e?|pass[ée]e?|disparu)"
    # "fine again a minute later"
    r"|\b(?:fine|normal|ok|okay)\s+again\s+(?:a|one|1|a\s+few|few|30|thirty)\s+(?:seconds?|minutes?)\s+later\b",
    re.IGNORECASE,
)
# an episode that keeps coming back is no passing spell: "fine again a minute later, but it happens
# every day now"
# A weakness of a dated past episode said to have ended for good, in its sentence after it or in
# the next: "had my back operated on 6 years ago after my left foot went floppy, full recovery",
# "Five years ago I couldn't lift my foot and had a decompression. All good since." Why: of the
# never-opened posts over-triaged to an emergency, one in eight was a foot drop before an old
# operation (fields only, 2026-12-08); a dated red flag otherwise stays current.
RESOLVED_SINCE = re.compile(
    r"\b(?:full|complete|good)\s+recovery\b|\b(?:fully|completely|totally)\s+recovered\b"
    r"|\brecovered\s+(?:fully|completely|totally|well)\b"
    r"|\b(?:all|been|it'?s\s+been|was|were|everything|it\s+was)\s+(?:good|fine|ok|okay|normal|great)"
    r"\s+(?:ever\s+)?since\b"
    r"|\bno\s+(?:problems?|issues?|trouble|weakness)\s+(?:with\s+it\s+)?(?:ever\s+)?since\b"
    r"|\b(?:a|ont|est|avait|s'est)\s+(?:bien\s+|compl[èe]tement\s+|totalement\s+|enti[èe]rement\s+)?r[ée]cup[ée]r[ée]e?s?\b"
    r"|\btout\s+est\s+rentr[ée]\s+dans\s+l'ordre\b|\b(?:aucun|plus\s+aucun)\s+(?:souci|probl[èe]me)\s+depuis\b"
    r"|\bplus\s+rien\s+depuis\b",
    re.I,
)
YEARS_AGO = re.compile(
    r"\b(?:\d+|a\s+few|few|several|many|two|three|four|five|six|seven|eight|nine|ten|twenty)\s+years?\s+ago\b"
    r"|\bil\s+y\s+a\s+(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quelques|plusieurs)\s+ans\b"
    r"|\blast\s+year\b|\bl'(?:an|ann[ée]e)\s+derni[èe]re?\b",
    re.I,
)
DENIED_JUST_BEFORE = re.compile(r"(?:\bnot|n['’]t|\bnever|\bpas|\bjamais)\s+(?:\w+\s+){0,2}$", re.I)


def _ended_for_good(ent: Any, sentences: list[Any], at: int) -> bool:
    """The motor sign `ent` belongs to a past episode told as ended for good: its sentence dates
    it in the past before it ("six years ago my foot went floppy", "in 2019 ..."), and that
    sentence or the next tells the recovery; neither brings anything back or tells the present
    ("again", "now", "since Monday", "until Sunday", "worse"), and the recovery is no forecast
    ("my GP said I'd make a full recovery"). Why the strictness: an adversarial review
    (2026-12-08) found "my left foot is dragging since Monday, I had the same 2 years ago and made
    a full recovery" read as history, an emergency lost."""
    sent = sentences[at]
    text = ent.doc.text
    head = text[sent.start_char : ent.start_char]
    dates = [*YEARS_AGO.finditer(head), *PAST_DATE.finditer(head)]
    if not dates:
        return False
    told = [sent]
    following = sentences[at + 1].text if at + 1 < len(sentences) else ""
    if RETURNED.search(sent.text) or RETURNED.search(following):
        return False  # "... full recovery, and it has returned", "... Now it's happening again."
    if not _resolved_since(text, ent.end_char, sent.end_char):
        if at + 1 >= len(sentences) or RECURRING.search(sentences[at + 1].text):
            return False
        if not _resolved_since(text, sentences[at + 1].start_char, sentences[at + 1].end_char):
            return False
        told.append(sentences[at + 1])
    spans = [(sent.start_char + m.start(), sent.start_char + m.end()) for m in dates]
    for part in told:
        for m in RESOLVED_SINCE.finditer(part.text):
            if FORECAST.search(part.text[max(0, m.start() - 30) : m.start()]):
                return False
            spans.append((part.start_char + m.start(), part.start_char + m.end()))
    return not any(
        t.norm_ in NOW_OR_AGAIN
        for part in told
        for t in part
        if not any(lo <= t.idx < hi for lo, hi in spans)
    )


RETURNED = re.compile(
    r"\b(?:again|returned|returning|returns|come\s+back|came\s+back|comes\s+back|coming\s+back"
    r"|(?:it|that|this|she|he)(?:'s|\s+is)\s+back|once\s+more|the\s+same\s+(?:happened|thing)"
    r"|happen(?:ed|ing|s)?|twice|three\s+times|revenue?s?|recommenc\w*|de\s+nouveau|[àa]\s+nouveau|encore)\b",
    re.I,
)
FORECAST = re.compile(
    r"\b(?:would|will|'d|'ll|hope|hoping|should|might|said|says|expect\w*|likely|pourrait|devrait"
    r"|esp[èe]re|dit|devrais)\b",
    re.I,
)
NOW_OR_AGAIN = frozenset(
    {"again", "now", "until", "till", "today", "yesterday", "tonight", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "since", "worse",
     "weaker", "days", "week", "maintenant", "encore", "nouveau", "hier", "aujourd'hui",
     "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "jours", "semaine",
     "depuis", "pire", "revenu", "revenue", "recommence"}
)  # fmt: skip


def _resolved_since(text: str, after: int, end: int) -> bool:
    """A resolution for good in text[after:end], not denied ("never fully recovered")."""
    return any(
        not DENIED_JUST_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
        for m in RESOLVED_SINCE.finditer(text, after, end)
    )


RECURRING = re.compile(
    r"\b(?:keeps?\s+(?:happening|coming\s+back|doing\s+it)|every\s+(?:day|time|morning|night)|each\s+time"
    r"|again\s+and\s+again|several\s+times|happens\s+(?:again|daily|often|a\s+lot)|more\s+and\s+more"
    r"|tous\s+les\s+jours|[àa]\s+chaque\s+fois|recommence|plusieurs\s+fois)\b",
    re.I,
)
LEFT_VERB_BEFORE = frozenset(
    {"i", "we", "he", "she", "they", "you", "had", "have", "has", "just", "i've", "was", "were",
     "be", "been", "being", "never", "then", "finally", "eventually", "only", "is", "are"}
)  # fmt: skip
LEFT_VERB_AFTER = frozenset(
    {"me", "him", "her", "us", "them", "everyone", "everybody", "the", "home", "work", "school",
     "hospital", "a", "an", "for", "behind", "alone", "out", "over", "untreated", "it", "early"}
)  # fmt: skip


def _left_is_a_verb(doc: Any, i: int) -> bool:
    """ "I left everyone", "they left me on a trolley": the verb, not a side. "my left leg", "left
    sided", "L and R" stay sides."""
    before = doc[i - 1].norm_ if i > 0 else ""
    after = doc[i + 1].norm_ if i + 1 < len(doc) else ""
    if after in ("leg", "foot", "side", "sided", "calf", "thigh", "knee", "hip", "buttock", "toe"):
        return False
    if before in ("the", "my", "his", "her", "your", "their", "our"):
        return False  # "on the left the heel won't lift": a verb never follows "the"
    return before in LEFT_VERB_BEFORE or after in LEFT_VERB_AFTER


def _side_for(
    m: _Mention,
    sides: list[tuple[int, str, bool]],
    sent_of: dict[int, int],
    clause_of: list[int],
) -> str | None:
    """The side word nearest the finding: in its clause, else in its sentence, else the last one
    before it in the text, else the first after it. A plural alone ("my legs") speaks only for its
    own sentence: "the doctor pushed my legs up" says nothing of the side of a pain told earlier.
    "Only the one leg hurts": one leg, whichever side words stand near it."""
    doc = m.span.doc
    ahead = {t.norm_ for t in doc[max(0, m.start - 3) : m.start]}
    if ahead & ONE_OF and ahead & {"only", "just", "seulement", "juste"}:
        return None
    for same_clause in (True, False):
        near = [
            (abs(i - m.start) if i < m.start else i - m.end + 1, i, s)
            for i, s, _ in sides
            if sent_of[i] == m.sent and (not same_clause or clause_of[i] == clause_of[m.start])
        ]
        if near:
            near.sort(key=lambda x: (x[0], x[1] > m.start))  # a tie goes to the word before
            side = near[0][2]
            told = {s for i, s, _ in sides if sent_of[i] == m.sent}
            if (
                m.cat.name in ("LEG_PAIN", "NUMBNESS")
                and {"left", "right"} <= told
                and any(sent_of[i] == m.sent and _than_before(doc, i) for i, _, _ in sides)
            ):
                return "both"  # "my right leg hurts more than the left": the left hurts too
            return side
    named = [(i, s) for i, s, implicit in sides if not implicit]
    before = [s for i, s in named if i < m.start]
    if before:
        return before[-1]
    after = [s for i, s in named if i >= m.end]
    return after[0] if after else None


# A word or two set in quotes by the writer: "my leg is 'molle'", "both legs feel "like lead"",
# "mon pied 'claque' par terre". The quotes mark a word of their own, not someone else's speech,
# and as tokens of their own they cut the phrase a rule reads. Why: three of the fresh texts lost
# a weakness or a foot drop to such quotes (2026-12-07).
SHORT_QUOTE = re.compile(
    r"(?:(?<=^)|(?<=[\s(]))(['‘\"“«])( ?)([^\s'‘’\"“”«»,.;:!?][^'‘’\"“”«»,.;:!?\n]{0,30}?)( ?)(['’\"”»])"
    r"(?=[\s,.;:!?)]|$)"
)


# quotes after a verb of speech hold another's words: "the doctor asked "any weakness"", "my
# husband says I'm 'weak'", "ma voisine dit que sa jambe était 'molle'"
SPOKEN = re.compile(
    r"\b(?:says?|said|asks?|asked|calls?|called|told|tells|words?|mentioned|wrote|writes|dit|disait"
    r"|demand[ée]e?|appelle|parl[ée]|[ée]crit)\b[^.!?]{0,30}$",
    re.IGNORECASE,
)


def unquoted(text: str) -> str:
    """`text` with the quote marks (and a space just inside them) around a short quoted phrase
    (four words at most, no sentence punctuation) turned into soft hyphens: every character keeps
    its offset, so the evidence spans still point into the text as written."""

    def join(m: re.Match[str]) -> str:
        opening, pad_in, inner, pad_out, closing = m.groups()
        if len(inner.split()) > 4 or SPOKEN.search(text, max(0, m.start() - 40), m.start()):
            return m.group(0)
        return (
            JOINER * (len(opening) + len(pad_in)) + inner + JOINER * (len(pad_out) + len(closing))
        )

    return SHORT_QUOTE.sub(join, text)


def extract(
    text: str,
    *,
    today: date | None = None,
    lang: str | None = None,
    variant: str = "full",
    country: str | None = None,
    case_id: str | None = None,
) -> Extraction:
    """Extract a case from `text`. `today` anchors relative dates ("since last Tuesday");
    `lang` is detected when not given; `variant="baseline"` is the plain negspaCy-style pipeline."""
    today = today or date.today()
    lang = lang or detect_language(text)
    doc = pipeline(lang, variant)(unquoted(text))
    return _read(text, doc, today, lang, variant, country, case_id)


def extract_many(
    texts: Sequence[str],
    *,
    today: date | None = None,
    lang: str | None = None,
    variant: str = "full",
    country: str | None = None,
) -> list[Extraction]:
    """`extract` of each text, in order, with the same result as one call per text: the texts of
    each language go through their pipeline's `nlp.pipe` together (the batch path spaCy is built
    for), then each document is read alone. An error in one text raises for the batch; a caller
    that must isolate bad texts (the screening) falls back to `extract` one by one."""
    today = today or date.today()
    langs = [lang or detect_language(text) for text in texts]
    out: list[Extraction | None] = [None] * len(texts)
    for one in sorted(set(langs)):
        where = [n for n, told in enumerate(langs) if told == one]
        docs = pipeline(one, variant).pipe(unquoted(texts[n]) for n in where)
        for n, doc in zip(where, docs, strict=True):
            out[n] = _read(texts[n], doc, today, one, variant, country, None)
    return [x for x in out if x is not None]


def _read(
    text: str,
    doc: Any,
    today: date,
    lang: str,
    variant: str,
    country: str | None,
    case_id: str | None,
) -> Extraction:
    """The case told by `text`, from its document processed by the pipeline of `lang`."""
    full = variant == "full"
    sent_of: dict[int, int] = {}
    sent_start: list[int] = []
    sentences = list(doc.sents)
    for n, sent in enumerate(sentences):
        sent_start.append(sent.start_char)
        for t in sent:
            sent_of[t.i] = n
    cats = categories()
    spans: list[Span] = []
    ignored: list[Span] = []
    mentions: list[_Mention] = []
    past: dict[
        int, list[Any]
    ] = {}  # ignored mentions by sentence: durations next to them are not this episode
    generic, quoted = _generic_sentences(doc, text) if full else (set(), set())
    dated_sents, dated_asides = _dated_sentences(sentences, today) if full else (set(), [])

    def dated(sent: int, start_char: int) -> bool:
        if sent in dated_sents:
            # "opéré en 2016, depuis j'ai une zone engourdie", "surgery in 2019 and ever since my
            # foot has been numb": what has lasted since the date is the present
            head = text[sentences[sent].start_char : start_char]
            dates = list(PAST_DATE.finditer(head))
            lasted = dates and SINCE_THEN.search(head, dates[-1].end())
            # "... and ever since my foot was weak, but it has been normal since 2018": it ended
            return not (lasted and not ENDED.search(sentences[sent].text))
        return any(a <= start_char < b for a, b in dated_asides)

    saddle_sents = {sent_of[e.start] for e in doc.ents if e.label_ == "SADDLE_AREA"}
    # "I lost control of my legs during burpees. I recovered within a minute.": the episode is
    # told in one sentence and its brevity in the next.
    brief_before = {
        n - 1
        for n, sent in enumerate(sentences)
        if n and BRIEF_RECOVERY.search(sent.text) and not RECURRING.search(sent.text)
    }
    found: list[tuple[Any, Category, str | None]] = []
    doubted: list[Any] = []  # cauda equina questions the writer says they cannot answer
    brief_give_way: set[int] = set()  # give-ways told as brief: no weakness of both legs read
    unread_organs: list[_Mention] = []  # a bare "bladder" or "bowels" under a verb's negation
    told_past: set[int] = set()  # sentences with a finding of another time
    relative: list[int] = []  # indices into `found` of mentions in a relative's scope
    leaflet = _quoted_lists(text, doc, cats) if full else []
    for ent in doc.ents:
        cat = cats[ent.label_]
        if (
            full
            and cat.name in ("BLADDER_INCONTINENCE", "BOWEL_INCONTINENCE")
            and (_wet_from_elsewhere(ent, doc) or _nearly(ent, doc) or _leaks_of_old(ent))
        ):
            continue
        if full and cat.name == "PAIN_OPIOIDS" and any(t.norm_ in OTHER_DRUGS for t in ent):
            continue  # "I stopped the codeine as the pain settled, naproxen does nothing"
        if full and (_small_wee(ent) or _another_sense(ent) or _not_the_act(ent, cat)):
            continue  # "a wee bit worried", "my bowls club", "I have not peed myself"
        if full and cat.name == "NIGHT_PAIN" and not _night_told(ent, sentences, sent_of):
            continue
        if (
            full
            and cat.name == "WEAKNESS"
            and ent.end < len(doc)
            and doc[ent.end].norm_ in OTHER_ORGANS
            and all(t.norm_ in ("weak", "weaker", "faible", "faibles") for t in ent)
            # "a weak bladder", "weak pelvic floor ...": a determiner or nothing before; "left leg
            # weak bladder fine", "my leg is really weak bowel and bladder fine" are the leg's
            and (ent.start == ent.sent.start or doc[ent.start - 1].norm_ in WEAK_ORGAN_BEFORE)
        ):
            continue  # "a weak bladder", "weak pelvic floor", "un cœur faible": not a leg's strength
        if (
            full
            and cat.name == "WEAKNESS"
            and any(t.norm_ in HEAVY for t in ent)
            and _heavy_of_old(ent, doc)
        ):
            continue  # "les jambes lourdes depuis des années, problème de circulation"
        if (
            full
            and cat.name == "NUMBNESS"
            and any(t.norm_ == "sensible" for t in ent)
            and (
                any(
                    t.norm_ in PAIN_WORDS
                    for t in doc[max(ent.sent.start, ent.start - 4) : ent.start]
                )
                or (ent.end < len(doc) and doc[ent.end].norm_ in ("à", "a", "au", "aux"))
            )
        ):
            continue  # "la douleur est moins sensible", "moins sensible à la douleur": no numbness
        if full and cat.name == "PARALYSIS" and _the_pains_place(ent, doc):
            continue  # "the pain in my hip and leg doesn't budge": the pain does not move
        if (
            full
            and cat.name in BARE_CONTINENCE | {"CONTINENCE_WORDS"}
            and len(ent) == 1
            and _organ_as_a_site(ent, doc)
        ):
            continue  # "I had bowel cancer in 2015", "chemo for my bowel": no function told
        if (
            full
            and cat.name == "IMMUNOSUPPRESSION"
            and ent[-1].norm_.startswith(("seropositi", "séropositi"))
            and ent.end < len(doc)
            and doc[ent.end].norm_ in ("à", "a", "au", "aux", "pour", "to", "for")
        ):
            continue  # "séropositive à la toxo": another infection's antibodies, not HIV
        if full and cat.name == "STEROIDS" and _short_course(ent, doc):
            continue  # "a steroid injection", "a 5-day course of prednisolone": not long-term
        if full and cat.name == "FEVER" and _cold_from_elsewhere(ent):
            continue
        if full and cat.name == "WEIGHT_LOSS" and _intended(ent):
            continue  # "since she started her diet her skirts are hanging off her": not unexplained
        if full and cat.name == "NIGHT_PAIN" and {t.norm_ for t in ent.sent} & NIGHT_OF_OTHERS:
            continue  # "my cough is worse in the night", "the baby is worse at night, teething"
        mods = {m.category for m in ent._.modifiers} if full else set()
        reason = None

        # a warning's condition that came true ("now I have both") is read only for a listed or
        # supposed finding, not for every mention
        its_sentence = sentences[sent_of[ent.start]]
        if (
            full
            and any(a <= ent.start_char < b for a, b in leaflet)
            and not _claimed_later(text, ent, its_sentence)
        ):
            reason = "generic"
        elif full and "FAMILY_HISTORY" in mods:
            reason = "family"
        elif (
            full
            and ent._.is_hypothetical
            and not _condition_cut(ent, doc)
            and not _claimed_later(text, ent, its_sentence)
        ) or (full and _feared(text, its_sentence.start_char, ent.start_char)):
            reason = "hypothetical"
        elif full and (
            sent_of[ent.start] in quoted
            or (sent_of[ent.start] in generic and not (cat.red_flag or cat.name in MOTOR))
        ):
            # a general sentence drops no red flag and no motor symptom: terse notes have no
            # pronouns ("Symptoms include L foot drop", "usually walks fine, now weak L leg")
            reason = "generic"
        elif (
            full
            and ("TRANSIENT" in mods or sent_of[ent.start] in brief_before)
            # a leg that went weak or numb for a moment; never a cauda equina or stroke sign: a
            # leak, a numb saddle, a slurred word or a drooping face that passed is still the
            # warning (a transient stroke is a TIA), so "fine again a minute later" drops none
            and cat.name in MOTOR | {"NUMBNESS"}
        ):
            if cat.name == "GIVES_WAY":
                brief_give_way.add(ent.start)  # a leg gives way for a moment by nature: kept
            else:
                reason = "transient"
        elif full and cat.name in MOTOR and _ended_for_good(ent, sentences, sent_of[ent.start]):
            reason = "historical"  # "six years ago my foot went floppy, full recovery"
        elif (
            full
            and (
                (ent._.is_historical and not _gone_into_a_state(ent, doc))
                # a dated red flag stays current: the story may be the present one, and a missed
                # cauda equina or paralysis is the costly error
                or (
                    dated(sent_of[ent.start], ent.start_char)
                    and not cat.red_flag
                    and cat.kind != "marker"
                    # "it's been exactly the same for 7 years": the years are the stability
                    and cat.name != "COURSE_STABLE"
                    # numbness beside a saddle word is saddle numbness, a red flag
                    and not (cat.name == "NUMBNESS" and sent_of[ent.start] in saddle_sents)
                )
            )
            and not cat.keep_historical
            and "RECURRENCE" not in mods  # "the numbness I had years ago is back": current
        ):
            reason = "historical"
        if full and reason is None and ent._.is_family:
            relative.append(len(found))
        if (
            reason == "hypothetical"
            and cat.name in DOUBTABLE
            and _doubted(ent, doc, sentences, sent_of)
        ):
            doubted.append(ent)
        found.append((ent, cat, reason))
    # A relative's symptoms are read as the patient's: the writer is usually asking for the person
    # they describe ("my mother's legs are so weak she can't move them"), and dropping them could
    # lower the level when a sentence is added (monotonicity). A relative's history (cancer,
    # diabetes) is the patient's when someone other than the writer may have the symptoms (a
    # relative's symptom, or "he"/"she" anywhere in a text with symptoms); beside the writer's own
    # story it is family history. Text-wide, not per sentence: a sentence added or a full stop
    # missing must not flip it.
    third = any(
        t.norm_ in THIRD_PERSON
        and not (t.norm_ == "il" and t.i + 1 < len(doc) and doc[t.i + 1].norm_ in IMPERSONAL)
        for t in doc
    )

    def symptom(c: Category) -> bool:
        return bool(c.fields) and c.fields[0].startswith("symptoms.")

    theirs = any(symptom(found[i][1]) for i in relative) or (
        third and any(r is None and symptom(c) for _, c, r in found)
    )
    for i in relative:
        ent, cat, _ = found[i]
        if not symptom(cat) and not theirs:
            found[i] = (ent, cat, "family")
    for ent, cat, reason in found:
        if reason == "historical" and cat.name == "LEG_PAIN":
            # "I had sciatica five years ago": a previous episode
            mentions.append(
                _Mention(
                    cats["PREVIOUS_EPISODES"], ent.start, ent.end, sent_of[ent.start], False, ent
                )
            )
        if reason == "historical":
            told_past.add(sent_of[ent.start])
        if reason:
            past.setdefault(sent_of[ent.start], []).append(ent)
            ignored.append(
                Span(
                    cat.fields[0] if cat.fields else None,
                    None,
                    cat.name,
                    ent.start_char,
                    ent.end_char,
                    ent.text,
                    bool(ent._.is_negated),
                    reason,
                )
            )
            continue
        # "Bowel problems? no", "Numbness in the saddle area? nope": a checklist item answered no
        checklist = _checklist_answer(ent, doc) if full else None
        told_not = bool(ent._.is_negated) or checklist is not None
        if full and cat.kind == "value" and cat.value == "normal" and _answered_no(ent, doc):
            # "Bladder normal? no", "Peeing normally - no": the writer answers that the function
            # is not normal, without saying how. A cauda equina question stays open (`unsure`,
            # RF-CES-UNSURE); any other is left unread. Never the normal it names (these had read
            # "normal", the answer's "no" taken for an ability lost).
            if cat.fields[0] in CES_FIELDS:
                # the evidence quotes the answer: "Bladder normal? no"
                told = doc[ent.start : next(t.i for t in doc[ent.end + 1 :] if not t.is_space) + 1]
                unread_organs.append(
                    _Mention(cat, ent.start, ent.end, sent_of[ent.start], False, told)
                )
            continue
        if (
            told_not
            and full
            and (
                _negation_cut(ent, doc)
                or _verdict_denied(ent, doc)
                or (cat.name not in UNCHANGED_IS_NORMAL and _only_unchanged(ent, doc))
                or _unaware(ent, doc)
                or _health_after_a_condition(ent, cat, doc)
                or _answer_runs_on(ent, doc)
                or _answer_to_an_ability(ent, doc)
                or _test_failed(ent, cat, doc)
                or _easing_denied(ent, cat, doc)
                or _verdict_of_the_day(ent, cat, doc)
            )
        ):
            told_not = False
        if told_not and cat.red_flag and len(ent) > 1 and _verdict_across_a_break(ent, doc):
            told_not = False  # "I can't pee, poo normal": the verdict is the next item's
        if told_not and cat.red_flag and _event_after_a_verdict(ent, doc):
            told_not = False  # "Pee as usual, bowels opened themselves in bed last night"
        if (
            told_not
            and full
            and any(t.norm_ in OWN_NEGATION for t in ent)
            and not any(lo >= ent.end for lo, _ in _cues(ent, "NEGATED_EXISTENCE"))
        ):
            # "I have not had a poo for days and can't feel my bowels": a finding told with its
            # own negation ("can't feel") is not undone by an earlier one
            told_not = False
        negated = told_not or (
            # "no trouble speaking": the negation phrase "no trouble" overlaps the target and is
            # pruned with it, leaving no "no"; a negation word right before the target still counts
            full
            and ent.start > 0
            and (
                doc[ent.start - 1].norm_ in DIRECT_NEGATION
                # "pas de problème pour uriner": the French negation reaches through its "de"
                or (
                    ent.start > 1
                    and doc[ent.start - 1].norm_ in ("de", "d'")
                    and doc[ent.start - 2].norm_ in ("pas", "sans")
                )
                or _ne_verb_pas(ent, doc)
            )
        )
        # "I don't think the weakness is improving", "la force ne s'améliore pas", "I hope the
        # weakness is improving": no course read, so the engine takes the worse one (an
        # adversarial review, 2026-12-07; a better course lowers the level)
        unread_course = cat.name in ("COURSE_BETTER", "COURSE_STABLE") and (
            negated
            or _compared_with_others(ent, doc)
            or _not_a_told_course(sentences[sent_of[ent.start]], ent)
            or _course_of_something_else(ent, sentences[sent_of[ent.start]])
        )
        # "the right leg is weaker than the left": a weakness, and a side compared, not a course
        unread_course = unread_course or (
            full and cat.name == "COURSE_WORSE" and not negated and _side_compared(ent)
        )
        if (
            negated
            and full
            and cat.name == "COURSE_WORSE"
            and _worse_denied_as_told(ent, doc, sentences[sent_of[ent.start]])
        ):
            # "it's not getting worse, maybe a touch better": an unchanged course, told as such
            # (a negated "worse" had been read as "worse", and a stable foot drop as an emergency)
            mentions.append(
                _Mention(cats["COURSE_STABLE"], ent.start, ent.end, sent_of[ent.start], False, ent)
            )
            continue
        if negated and full and _verb_denied_not_the_organ(ent, cat, doc):
            # "I haven't been able to open my bowels", "je ne sais pas si ma vessie...": the verb is
            # denied, not the bladder or bowels: no normal answer is read; the question stays open
            unread_organs.append(_Mention(cat, ent.start, ent.end, sent_of[ent.start], False, ent))
            continue
        if not unread_course:
            if negated and cat.kind == "value" and cat.negative is None:
                negated = False  # "no weakness, bladder fine": the "no" does not reach "fine"
            mentions.append(
                _Mention(cat, ent.start, ent.end, sent_of[ent.start], negated, checklist or ent)
            )
        if cat.name.startswith("COURSE_") and any(
            t.norm_.startswith(("weak", "faibl")) for t in ent
        ):
            # "getting weaker": the course of a weakness, and the weakness itself; "the weakness
            # hasn't changed" still tells a weakness when its course is not read
            mentions.append(
                _Mention(
                    cats["WEAKNESS"],
                    ent.start,
                    ent.end,
                    sent_of[ent.start],
                    negated and not unread_course,
                    ent,
                )
            )
        if cat.name == "IMMUNOSUPPRESSION" and not negated and any(t.norm_ in CHEMO for t in ent):
            # "had the chemo for my bowel in 2019": chemotherapy is given for a cancer
            mentions.append(
                _Mention(cats["CANCER"], ent.start, ent.end, sent_of[ent.start], False, ent)
            )
        if cat.name == "LEG_PAIN" and any(t.norm_ in BELOW_KNEE for t in ent):
            # "pain in my left calf": leg pain, and below the knee
            mentions.append(
                _Mention(cats["BELOW_KNEE"], ent.start, ent.end, sent_of[ent.start], negated, ent)
            )
        if (
            cat.name == "BELOW_KNEE"
            and not negated
            and (RADIATING | PAIN_WORDS).intersection(
                t.norm_ for t in sentences[sent_of[ent.start]]
            )
        ):
            # "pain runs from my left bum cheek down the outside of my calf", "pain in his left
            # calf": a pain below the knee is leg pain, whatever words named it (a calf cramp alone
            # is not)
            mentions.append(
                _Mention(cats["LEG_PAIN"], ent.start, ent.end, sent_of[ent.start], False, ent)
            )

    # Saddle: numbness next to a saddle-area word is saddle numbness, not leg numbness.
    inferred_arm: set[tuple[int, int]] = set()
    if full:
        areas = [m for m in mentions if m.cat.name == "SADDLE_AREA"]
        paired = set(doc.user_data.get(SADDLE_PAIRS, ()))  # cauda.py's constructions
        for m in mentions:
            if m.cat.name != "NUMBNESS":
                continue
            # within 8 words, or 12 of one unbroken phrase ("he can't feel the paper on one side
            # of his bum" puts 10 between them; "numb, tingling ... and I have anus itching" is
            # two complaints)
            near = [
                a
                for a in areas
                if a.sent == m.sent
                and not _the_legs_feeling(doc, a, m)
                and not _asks_of_no_one(sentences[m.sent].text)
                and (
                    any(a.start <= i < a.end and m.start <= j < m.end for i, j in paired)
                    or abs(a.start - m.start) <= 8
                    or (
                        abs(a.start - m.start) <= 12
                        # the words between the two ("quand il s'essuie c'est comme du carton":
                        # the area's own "il" is no new subject)
                        and not any(
                            t.is_punct or t.norm_ in SUBJECTS
                            for t in doc[min(a.end, m.end) : max(a.start, m.start)]
                        )
                    )
                )
            ]
            if not near and any(t.norm_ in SADDLE_IN_SPAN for t in m.span):
                # "elle ne sent plus ses fesses": the area is inside the numbness's own words
                m.cat = cats["SADDLE"]
                continue
            if near:
                m.cat = cats["SADDLE"]
                a = near[0]
                m.negated = m.negated or a.negated
                lo, hi = min(m.span.start, a.span.start), max(m.span.end, a.span.end)
                m.span = doc[lo:hi]
        # Arms: numbness or weakness told of the hands or arms ("tingling in my hands and feet")
        # is also an arm symptom (RF-STROKE, and the Guillain-Barré picture); the legs keep theirs.
        for m in list(mentions):
            if m.cat.name not in ("NUMBNESS", "WEAKNESS"):
                continue
            window = doc[max(0, m.start - 6) : min(len(doc), m.end + 6)]
            if any(
                t.norm_ in ARM_WORDS
                and sent_of[t.i] == m.sent
                and not (t.i > 0 and doc[t.i - 1].norm_ in ("other", "one"))  # "on the other hand"
                # the arms that do a weak leg's work: "can't get up without using my arms", "je
                # soulève la jambe avec les mains"
                and not any(w.norm_ in INSTRUMENT for w in doc[max(0, t.i - 3) : t.i])
                for t in window
            ):
                arm = _Mention(cats["FACE_ARM"], m.start, m.end, m.sent, m.negated, m.span)
                mentions.append(arm)
                inferred_arm.add((arm.span.start_char, arm.span.end_char))
    if full:
        # "wee-wise and number twos all normal": a list closed by one word (continence.py)
        unheard_here = generic | quoted
        told = [
            s
            for n, s in enumerate(sentences)
            if n not in unheard_here and not any(t.norm_ in CONDITIONAL for t in s)
        ]
        for lo, hi, field, normal in [
            *normal_continence(told),
            *unchanged_continence(told),
            *long_standing_continence(told),
        ]:
            if not normal:  # "my pee isn't normal": something is wrong, the text does not say what
                cat = cats["CONTINENCE_WORDS"]
            else:
                cat = cats["BLADDER_NORMAL" if field == "bladder" else "BOWEL_NORMAL"]
                # the bare words "bladder and bowels" read as a difficulty on their own; inside
                # the list (only function words, fillers and the closing word) they are its subject
                mentions = [
                    m
                    for m in mentions
                    if not (m.cat.name in BARE_CONTINENCE and lo <= m.start and m.end <= hi)
                ]
            same = [m for m in mentions if m.cat is cat and m.start < hi and lo < m.end]
            for m in same:
                m.negated = False  # "not normal" negated the word before it; it asserts here
            if not same:
                mentions.append(_Mention(cat, lo, hi, sent_of[lo], False, doc[lo:hi]))
    qualified = _qualified_negations(mentions, sentences) if full else []
    qualified += _doubted_answers(doubted, cats, sent_of, saddle_sents)
    mentions = [m for m in mentions if m not in qualified]
    if full:
        mentions = _set_aside_others(mentions, sentences)
    continence = [
        m
        for m in mentions
        if not m.negated
        and m.sent not in generic | quoted
        and (
            m.cat.name == "CONTINENCE_WORDS"
            # "CES surgery in 2019": a story dated in its own sentence is the past
            or (m.cat.name == "CES_NAMED" and not dated(m.sent, m.span.start_char))
            # "it feels weird down there": a feeling of the saddle area that no rule reads
            or (
                m.cat.name == "SADDLE_AREA"
                and (
                    any(t.norm_ in FEELING_WORDS for t in sentences[m.sent])
                    or REDUCED_FEELING.search(sentences[m.sent].text) is not None
                )
                and not _feels_normal(sentences[m.sent])
            )
        )
    ]
    mentions = [m for m in mentions if m.cat.kind != "marker"]
    # "my legs keep giving way", "mes genoux flanchent": both legs give way, a weakness of both
    # (RF-BILAT); one knee that gives way stays the give-way alone. Why: blind posts read "legs
    # keep giving way" as one leg's, urgent, where both legs are an emergency.
    mentions += [
        _Mention(cats["WEAKNESS"], m.start, m.end, m.sent, False, m.span)
        for m in mentions
        if m.cat.name == "GIVES_WAY"
        and not m.negated
        and m.start not in brief_give_way
        and _both_give_way(m.span, doc)
    ]
    # general sentences that kept no finding: their side words and durations describe no one
    unheard = quoted | (generic - {m.sent for m in mentions})

    # side words of a general sentence ("down both legs" in a textbook line) describe no one
    sides = [x for x in _side_tokens(doc) if sent_of[x[0]] not in unheard]
    clause_of: list[int] = []
    clause = 0
    for t in doc:
        if t.text in (",", ";", ":") or t.norm_ in CLAUSE_BREAKS:
            clause += 1
        clause_of.append(clause)
    positive: dict[str, list[tuple[Any, Span]]] = {}
    negative: dict[str, list[tuple[Any, Span]]] = {}
    for m in mentions:
        for path in m.cat.fields:
            if m.cat.kind == "side":
                # no side word anywhere: present, side not stated (Part I §2), never dropped
                value: Any = (
                    "none"
                    if m.negated
                    else _side_for(m, sides, sent_of, clause_of) or "unspecified"
                )
            elif m.cat.kind == "bool":
                value = not m.negated
            else:
                value = m.cat.negative if m.negated else m.cat.value
            span = Span(
                path, value, m.cat.name, m.span.start_char, m.span.end_char, m.span.text, m.negated
            )
            if value is None:
                reason = "no_side" if m.cat.kind == "side" else "negated"
                ignored.append(
                    Span(path, None, m.cat.name, span.start, span.end, span.text, m.negated, reason)
                )
                continue
            (negative if m.negated else positive).setdefault(path, []).append((value, span))

    case: dict[str, Any] = {"format": "sciatica-case/1", "locale": lang}
    if country:
        case["country"] = country
    if case_id:
        case["id"] = case_id
    kinds = {f: c.kind for c in cats.values() for f in c.fields}
    for path in sorted(positive.keys() | negative.keys(), key=_order_key):
        chosen = positive.get(path) or negative.get(path) or []
        value = _combine(path, kinds[path], [v for v, _ in chosen])
        set_path(case, path, value)
        spans.extend(s for v, s in chosen if _supports(kinds[path], v, value))

    if full:
        _exam(text, case, spans, ignored, leaflet)
        # a sentence of another time tells no leg of this spread ("my right leg ached after the
        # marathon two years ago")
        # nor does a leaflet's list ("signs (numbness between your legs, both legs weak)")
        listed = {sent_of[t.i] for t in doc if any(a <= t.idx < b for a, b in leaflet)}
        spread = _spread_to_the_other_leg(
            doc, mentions, sides, sent_of, clause_of, unheard | told_past | listed
        )
        if spread is not None and case.get("history", {}).get("became_bilateral") is None:
            set_path(case, "history.became_bilateral", True)
            spans.append(
                Span(
                    "history.became_bilateral",
                    True,
                    "BECAME_BILATERAL",
                    spread.start_char,
                    spread.end_char,
                    spread.text,
                )
            )
    if case.get("history", {}).get("became_bilateral") is True:
        legs = case.setdefault("symptoms", {})
        for key in ("leg_pain", "numbness", "weakness"):  # spread from one leg: both legs now
            if legs.get(key) in ("left", "right", "unspecified"):
                legs[key] = "both"
        if not any(
            legs.get(key) not in (None, "none") for key in ("leg_pain", "numbness", "weakness")
        ):
            legs["leg_pain"] = (
                "both"  # "both legs now, it started on the right": what spread is pain
            )
    if full and case.get("symptoms", {}).get("leg_pain") in (None, "left", "right", "unspecified"):
        alternating = next(
            (
                m
                for m in ALTERNATING.finditer(text)
                if _sentence_at(sent_start, m.start()) not in unheard
            ),
            None,
        )
        if alternating is not None:
            # "one day the left, the next the right", "ça change de côté": both legs have it
            # (bilateral radicular symptoms, RF-BILAT), one at a time
            set_path(case, "symptoms.leg_pain", "both")
            spans.append(
                Span(
                    "symptoms.leg_pain",
                    "both",
                    "ALTERNATING",
                    alternating.start(),
                    alternating.end(),
                    alternating.group(0),
                )
            )
    _numbers(text, doc, today, mentions, past, sent_start, case, spans, unheard)
    if full and "pain_uncontrolled_by_opioids" not in case.get("symptoms", {}):
        failed = opioid_failed(sentences, unheard)
        if failed is not None:
            set_path(case, "symptoms.pain_uncontrolled_by_opioids", True)
            spans.append(
                Span("symptoms.pain_uncontrolled_by_opioids", True, "OPIOID_FAILED", *failed)
            )
    legs = case.get("symptoms", {})
    if legs.get("anterolateral_thigh_only") and (
        legs.get("pain_below_knee")
        or legs.get("back_pain")
        or legs.get("weakness") not in (None, "none")
    ):
        # "from my buttock down the outside of my thigh to the calf": the thigh is not alone
        del legs["anterolateral_thigh_only"]
        spans[:] = [sp for sp in spans if sp.field != "symptoms.anterolateral_thigh_only"]
    _long_standing_arms(case, spans, ignored, inferred_arm)
    _unread_continence(
        case,
        spans,
        continence + qualified + unread_organs,
        SENSATION_NORMAL.search(text) is not None,
    )
    if JOINER in doc.text:  # the evidence quotes the words as written, quote marks and all
        spans = [_as_written(sp, text) for sp in spans]
        ignored = [_as_written(sp, text) for sp in ignored]
    return Extraction(
        case=parse_case(case),
        lang=lang,
        spans=sorted(spans, key=lambda s: s.start),
        ignored=sorted(ignored, key=lambda s: s.start),
    )


SIDES = frozenset({"left", "right", "gauche", "droite", "droit"})


def _asks_of_no_one(sentence: str) -> bool:
    """A question asked in a question's words, with no person in it, asks about a sign and tells
    none: "is numbness down there a sign of something serious?" (the project's own control).
    "Numb around the anus, is it serious?" tells the sign first, then asks."""
    return (
        sentence.rstrip().endswith("?")
        and ASKS.match(sentence) is not None
        and not PERSONAL_WORDS.search(sentence)
    )


SINGLE = frozenset({"cheek", "fesse"})
JOINS_AREA = frozenset({"and", "et", "&", "plus"})


def _the_legs_feeling(doc: Any, area: Any, numb: Any) -> bool:
    """A numbness beside a saddle-area word that tells of another part, as cauda._of_the_saddle
    reads it: a leg on the way between them ("numb from my bum to my foot"), the area told as
    sore ("my leg is numb and my bum aches"), the numbness's own place ("the numbness in my
    foot"), one side or one buttock ("tingling in my right bum cheek"), the area where a leg
    symptom starts ("from the butt down into the calf"), or a name ("my brother Willy"). A part
    joined to the area by "and" shares the feeling ("tingling in my left leg and around my bum"
    is the classic picture). Why: the project's own controls read these as saddle numbness, and
    a review found the first version of this guard dropping the joined ones (2026-12-07)."""
    text = doc.text
    lo, hi = min(area.end, numb.end), max(area.start, numb.start)
    between = doc[lo:hi].text if lo < hi else ""
    if leg_between(between, area_first=area.start < numb.start):
        return True
    if SORE_PLACE_RE.match(text, area.span.end_char):
        return True
    before = list(doc[max(0, area.start - 2) : area.start])
    sided = [k for k, t in enumerate(before) if t.norm_ in SIDES]
    if sided and not any(t.norm_ in JOINS_AREA for t in before[sided[-1] :]):
        return True  # "my right bum" ("le pied droit et entre les jambes" joins two places)
    after = [
        i for i in range(numb.end, min(len(doc), numb.end + 3)) if not area.start <= i < area.end
    ]
    if any(doc[i].norm_ in LEG | FOOT for i in after) and not (
        numb.end <= area.start and JOINED_RE.search(doc[numb.end : area.start].text)
    ):
        return True  # "the numbness in my foot" ("numb in my leg and my bum" is joined)
    ahead = doc[area.end : min(len(doc), area.end + 6)]
    if any(t.norm_ in TRAVEL for t in ahead) and any(t.norm_ in LEG | FOOT for t in ahead):
        return True
    if any(t.norm_ in SINGLE for t in doc[area.start : min(len(doc), area.end + 1)]):
        return True
    sent_text = area.span.sent.text
    return (
        area.span.text[:1].isupper()
        and area.start > area.span.sent.start
        and not sent_text.isupper()
    )


WET = frozenset(
    {
        "wet",
        "damp",
        "soaked",
        "soaking",
        "sodden",
        "mouille",
        "mouillé",
        "mouillee",
        "mouillée",
        "trempe",
        "trempé",
        # pads worn: for a leak, unless the sentence names what else they are for
        "pads",
        "pad",
        "protections",
        "soiled",
        "pooed",
        "pooped",
    }
)
# what else wets clothes: "my trackies were soaked in the rain", "spilt tea on my jeans"
WETTED_BY = frozenset(
    {"rain", "raining", "rained", "snow", "puddle", "spilt", "spilled", "spill", "pool", "swim",
     "swimming", "shower", "wash", "washing", "bath", "sea", "river", "pluie", "neige", "flaque",
     "piscine", "douche", "renversé", "renverse",
     # a child's clothes: "my son's joggers were wet at nursery"
     "son", "son's", "daughter", "daughter's", "toddler", "toddler's", "baby", "baby's", "kid",
     "kid's", "potty", "nursery", "fils", "fille", "bébé", "bebe", "creche", "crèche", "boy",
     "girl", "child", "children", "kids", "grandson", "granddaughter", "dog", "puppy", "cat",
     "enfant", "enfants", "chien", "chat", "petit-fils", "petite-fille",
     # pads for something else: "pads because of my periods", "after the birth"
     "period", "periods", "menstrual", "règles", "regles", "birth", "postpartum", "accouchement",
     # pads for the joints, sheets wet with sweat
     "knee", "knees", "elbow", "elbows", "shin", "shins", "genoux", "coudes", "sweat", "sweating",
     "sweaty", "transpiration", "sueur", "sueurs", "transpire"}
)  # fmt: skip
REFLEXIVE = frozenset({"myself", "himself", "herself", "themselves"})
CHILDREN_AND_PETS = frozenset(
    {"son", "son's", "daughter", "daughter's", "toddler", "toddler's", "baby", "baby's", "kid",
     "kid's", "potty", "nursery", "fils", "fille", "bébé", "bebe", "creche", "crèche", "boy",
     "girl", "child", "children", "kids", "grandson", "granddaughter", "dog", "puppy", "cat",
     "enfant", "enfants", "chien", "chat", "petit-fils", "petite-fille"}
)  # fmt: skip
WASHING = frozenset({"wash", "washing", "shower", "bath", "douche"})
# a cause the writer only guesses is no other cause: "je pensais que c'était la transpiration"
GUESSED = frozenset(
    {"thought", "think", "maybe", "probably", "perhaps", "guess", "assumed", "pensais", "pense",
     "croyais", "crois", "peut-etre", "peut-être", "surement", "sûrement"}
)  # fmt: skip


POSITION_WORDS = frozenset(
    {"position", "positions", "lie", "lying", "lay", "laying", "sleep", "sleeping", "turn", "dos",
     "whether", "importe",
     "cote", "côté", "ventre", "couche",
     "couchee", "allonge", "allongee", "assis", "assise", "debout"}
)  # fmt: skip
NIGHT_WORDS = frozenset(
    {"night", "nights", "nightly", "overnight", "bed", "2am", "3am", "4am", "wakes", "woke",
     "waking", "awake", "nuit", "nuits", "lit", "nocturne", "nocturnes", "reveille", "réveille"}
)  # fmt: skip
NIGHT_HOUR = re.compile(
    r"\b(?:[0-5]|1[12])\s?(?:am|a\.m\.)|\b[0-5]\s?h\b|\bmidnight|\bminuit", re.I
)
EASED = frozenset(
    {"fine", "ok", "okay", "comfortable", "comfy", "except", "apart", "sauf", "probleme", "gene",
     "eases", "eased", "settles", "settled"}
)  # fmt: skip


def _night_told(ent: Any, sentences: list[Any], sent_of: dict[int, int]) -> bool:
    """Night pain told by the positions tried ("no matter how I lie", "quelle que soit la
    position") counts only beside the night (in its sentence or the two before) and with no
    position that eases it: "no matter how I position my laptop", "tried every position at
    yoga", "rien ne la calme sauf allongée" tell no night pain (an adversarial review,
    2026-12-07)."""
    at = sent_of[ent.start]
    if not any(t.norm_ in POSITION_WORDS or t.norm_ == "nothing" for t in ent):
        return True  # "pain at night", "wakes me at night": told in words of the night
    near = [sentences[k] for k in (at - 2, at - 1, at) if k >= 0]
    night = any(t.norm_ in NIGHT_WORDS for sent in near for t in sent) or any(
        NIGHT_HOUR.search(sent.text) or lying_at_night(sent.text) for sent in near
    )
    own = {
        t.norm_
        for t in sentences[at]
        if not ent.start <= t.i < ent.end
        and not _of_the_day(t, ent, sentences[at])
        # "can't get comfy no matter which way I lie": an ease denied is none
        and not (t.i > 0 and t.doc[t.i - 1].norm_ in DIRECT_NEGATION | {"get"})
    }
    return night and not own & EASED


# The bladder or bowel named as where a disease or a treatment was ("bowel cancer", "my bladder
# op", "cancer de la vessie", "chemo for my bowel"): the organ, not its function. Why: a probe set
# (2026-12-08) found "I had bowel cancer in 2015" read as a new bowel difficulty, an emergency.
SITE_AFTER = frozenset(
    {"cancer", "cancers", "tumour", "tumours", "tumor", "tumors", "polyp", "polyps",
     "surgery", "op", "operation", "resection", "screening", "scope", "biopsy", "removed",
     "removal", "stoma"}
)  # fmt: skip
SITE_BEFORE = frozenset(
    {"cancer", "tumeur", "tumour", "tumor", "chemo", "chimio", "radiotherapy", "radiothérapie",
     "radiotherapie", "surgery", "operation", "op", "opéré", "opérée", "opere", "operee",
     "chirurgie", "ablation"}
)  # fmt: skip


def _organ_as_a_site(ent: Any, doc: Any) -> bool:
    """A bare "bladder" or "bowel" that names where a disease or treatment was: a disease word
    right after it ("bowel cancer"), or one joined to it by a preposition ("cancer de la vessie",
    "chemo for my bowel", "surgery on my bladder"). Not an operation told beside it ("after the
    op, bladder is not working", "back surgery last week, bladder not right since": the classic
    picture of cauda equina after surgery, which an adversarial review found dropped)."""
    if ent.end < len(doc) and doc[ent.end].norm_ in SITE_AFTER:
        return True
    k = ent.start - 1
    if k >= 0 and doc[k].norm_ in SITE_DETERMINERS:
        k -= 1
    if k < 1 or doc[k].norm_ not in SITE_PREPOSITIONS:
        return False
    # the disease or treatment right before the preposition: "since the op nothing in my bowel"
    # tells the bowel, not where the operation was (a second review)
    return doc[k - 1].norm_ in SITE_BEFORE


SITE_DETERMINERS = frozenset(
    {"my", "the", "her", "his", "la", "le", "sa", "son", "ma", "mon", "l'"}
)
SITE_PREPOSITIONS = frozenset({"for", "to", "on", "of", "in", "de", "du", "des", "sur", "à", "au"})


CHEMO = frozenset({"chemo", "chemotherapy", "chimio", "chimiotherapie", "chimiothérapie"})
SHORT_COURSE = re.compile(
    r"\b(?:inject\w*|infiltration\w*|epidurals?|[ée]pidurale?s?|jabs?|shots?|piq[ûu]res?|course\s+of"
    r"|for\s+(?:\d|a|one|two|three|four|five|six|seven|ten)\w*\s+(?:days?|weeks?)|\d+[- ]days?"
    r"|pendant\s+(?:\d+|une|deux|trois|quatre|cinq|six|sept|dix)\s+(?:jours?|semaines?)|cure\s+de"
    r"|une\s+seule\s+fois|just\s+once|one[- ]off)\b",
    re.IGNORECASE,
)


def _short_course(ent: Any, doc: Any) -> bool:
    """Steroids told as an injection or a short course (its words within six words of the
    steroid's), with no word of years or every day in the sentence: long-term steroids (a red
    flag of infection and fracture) are not what the writer took. A probe set (2026-12-08) read
    "une infiltration de cortisone, une seule fois" and "a course of oral steroids for 5 days" as
    long-term steroids; a review then found "on steroids for years ..., due a flu jab" dropped."""
    near = doc[max(ent.sent.start, ent.start - 6) : min(ent.sent.end, ent.end + 6)]
    return SHORT_COURSE.search(near.text) is not None and FOR_LONG.search(ent.sent.text) is None


# Legs that feel heavy for years, or from the veins: the common venous heaviness ("jambes lourdes"),
# not a new weakness of both legs (RF-BILAT, an emergency). A probe of the project's own sentences
# (2026-12-08) read "J'ai les jambes lourdes depuis des années, problème de circulation" as one.
HEAVY = frozenset({"heavy", "lourde", "lourdes", "lead", "plomb"})
HEAVY_OF_OLD = re.compile(
    r"\b(?:varicose|varices|veins?|veineu\w*|circulation|contention|compression\s+(?:stockings|socks)"
    r"|as\s+always|like\s+always|comme\s+toujours|comme\s+d'habitude|for\s+(?:many\s+|several\s+|\d+\s+)?years"
    r"|depuis\s+(?:toujours|des\s+ann[ée]es|\d+\s+ans))\b",
    re.IGNORECASE,
)
WEAK_ORGAN_BEFORE = frozenset(
    {"a", "my", "the", "her", "his", "have", "has", "had", "got", "une", "un", "ma", "mon", "sa",
     "son", "with", "avec"}
)  # fmt: skip
RECENT_ONSET = re.compile(
    r"\b(?:since|depuis|suddenly|soudain\w*|started|commenc\w*|yesterday|hier|today|aujourd'hui"
    r"|this\s+(?:morning|week)|ce\s+matin|cette\s+semaine|last\s+(?:night|week)|new|nouveau\w*)\b",
    re.I,
)


def _heavy_of_old(ent: Any, doc: Any) -> bool:
    """Heavy legs told as old or venous, with no recent onset anywhere in the sentence (the old
    words themselves aside): "les jambes lourdes depuis des années, problème de circulation".
    Not "both legs feel like lead since yesterday, I've had back trouble for years" (a second
    review found it dropped, an emergency)."""
    sent_text = ent.sent.text
    if not HEAVY_OF_OLD.search(sent_text):
        return False
    return RECENT_ONSET.search(HEAVY_OF_OLD.sub(" ", sent_text)) is None


OTHER_ORGANS = frozenset(
    {"bladder", "pelvic", "heart", "chest", "stomach", "tummy", "voice", "immune", "bones", "bone",
     "eyes", "eyesight", "lungs", "kidneys", "kidney", "bowel", "bowels", "vessie", "coeur", "cœur",
     "périnée", "perinee", "plancher", "os", "yeux", "sphincter", "spot"}
)  # fmt: skip


def _the_pains_place(ent: Any, doc: Any) -> bool:
    """A limb that "doesn't budge" named as where a pain is: "the pain in my leg won't budge",
    "the pain in my hip and leg doesn't budge one bit": the pain stays, the leg is not said not to
    move. Only where the limb is the object of the pain's "in" (an adversarial review found "pain
    down my leg and my foot doesn't budge when I try to lift it" dropped, a paralysis)."""
    if TRIED_TO_MOVE.search(ent.sent.text):
        return False  # "... and foot doesn't budge when I try to lift it": a paralysis
    verb = next((t.i for t in ent if t.norm_ in ("budge", "bouge", "budged")), None)
    limbs = [t.i for t in ent if t.norm_ in BODY_PARTS and verb is not None and t.i < verb]
    if not limbs:
        return False
    k = limbs[-1] - 1  # the limb the verb is told of: "la jambe et le pied ne bouge plus"
    if k >= 1 and doc[k].norm_ in ("and", "et") and doc[k - 1].norm_ in BODY_PARTS:
        k -= 2  # "in my hip and leg"
    if k < 1 or doc[k].norm_ not in SITE_DETERMINERS or doc[k - 1].norm_ not in ("in", "dans"):
        return False
    return any(t.norm_ in PAIN_WORDS for t in doc[max(ent.sent.start, k - 4) : k - 1])


TRIED_TO_MOVE = re.compile(
    r"\b(?:try|tries|tried|trying|attempt\w*|essaie|essaye|essayé)\s+(?:to\s+|de\s+)?(?:lift|move|raise|bouger|lever)\b"
    r"|\b(?:can'?t|cannot|couldn'?t)\s+(?:lift|move|raise)\b|\bpeux\s+(?:plus|pas)\s+(?:le\s+|la\s+)?(?:lever|bouger)\b",
    re.I,
)
BODY_PARTS = (
    LEG | FOOT | frozenset({"hip", "back", "knee", "hanche", "dos", "genou", "bum", "fesse"})
)


DAY_WORDS = frozenset({"day", "daytime", "days", "jour", "journee", "journée", "morning", "matin"})


def _of_the_day(token: Any, ent: Any, sent: Any) -> bool:
    """`token` stands between commas with a word of the day and away from the night pain's own
    words: "no position helps at all, daytime ok-ish" eases the day, not the night."""
    lo = max((t.i for t in sent if t.i < token.i and t.is_punct), default=sent.start)
    hi = min((t.i for t in sent if t.i > token.i and t.is_punct), default=sent.end)
    if lo <= ent.start < hi:
        return False
    return any(t.norm_ in DAY_WORDS for t in token.doc[lo:hi])


def _intended(ent: Any) -> bool:
    """A weight loss whose sentence names its intent ("on Slimming World", "since her diet"),
    unless the intent is denied ("sans faire de régime", "without dieting")."""
    for t in ent.sent:
        if t.norm_ in INTENDED and not any(
            w.norm_ in DENY | {"without", "sans", "no", "n't"}
            for w in ent.doc[max(ent.sent.start, t.i - 3) : t.i]
        ):
            return True
    return False


NIGHT_OF_OTHERS = frozenset(
    {"cough", "coughing", "toux", "tousse", "baby", "bébé", "bebe", "teething", "snoring",
     "ronfle", "ronflement", "asthma", "asthme", "reflux", "eczema", "eczéma", "itch", "itching",
     "démange"}
)  # fmt: skip
INTENDED = frozenset(
    {"diet", "dieting", "diets", "slimming", "purpose", "gym", "régime", "regime", "exprès",
     "expres", "sleeve", "bariatric", "ozempic", "wegovy", "mounjaro", "semaglutide",
     "tirzepatide", "proud", "chuffed", "fière", "fier", "bookies", "intentionally", "deliberately"}
)  # fmt: skip
SHIVERS = frozenset(
    {"shivering", "shivers", "shivery", "chills", "grelotte", "grelotter", "frissons", "chattering"}
)
COLD_FROM = frozenset(
    {"cold", "freezing", "outside", "outdoors", "bus", "snow", "winter", "heating", "weather",
     "wind", "froid", "dehors", "hiver", "neige", "chauffage", "chauffée", "chauffee", "vent"}
)  # fmt: skip


def _cold_from_elsewhere(ent: Any) -> bool:
    """Shivering in a sentence that names the cold it comes from ("shivering at the bus stop in
    the cold", "je grelotte dans cette maison mal chauffée"): no fever told."""
    return any(t.norm_ in SHIVERS for t in ent) and bool({t.norm_ for t in ent.sent} & COLD_FROM)


NEARLY = frozenset({"nearly", "almost", "presque", "failli", "quasiment"})


def _nearly(ent: Any, doc: Any) -> bool:
    """A leak that nearly happened did not: "I nearly wet myself laughing", "j'ai failli me faire
    dessus" (a probe's control, and the round's review)."""
    return any(t.norm_ in NEARLY for t in doc[max(ent.sent.start, ent.start - 3) : ent.start])


def _leaks_of_old(ent: Any) -> bool:
    """A leak told long-standing and unchanged: the long-standing words in the leak's own clause,
    words of no change in its sentence, and no word of a time or an event anywhere in it: "I've
    always wet myself a bit when I sneeze, since having the kids, nothing new" (stress
    incontinence of old is no new sign). Not "I've had back pain for years, same as always, I wet
    myself at work this afternoon" (the years are the back's: a third review)."""
    lo, hi = _between_punctuation(ent)
    if not OF_OLD.search(ent.doc[lo:hi].text) or not AS_ALWAYS.search(ent.sent.text):
        return False
    rest = AS_ALWAYS.sub(" ", LONG_STANDING_WORDS.sub(" ", ent.sent.text))
    return NEW_LEAK.search(rest) is None


def _between_punctuation(ent: Any) -> tuple[int, int]:
    """The token bounds of the stretch of its sentence that holds `ent`, between the punctuation
    marks around it (unlike `_clause_start`, any mark, not only commas)."""
    doc, sent = ent.doc, ent.sent
    lo = max((t.i + 1 for t in doc[sent.start : ent.start] if t.is_punct), default=sent.start)
    hi = min((t.i for t in doc[ent.end : sent.end] if t.is_punct), default=sent.end)
    return lo, hi


OF_OLD = re.compile(
    r"\balways\b|\btoujours\b|\bfor\s+(?:many\s+|several\s+|\d+\s+)?years\b|\bdepuis\s+(?:des\s+ann[ée]es"
    r"|toujours|mes\s+accouchements|ma\s+grossesse|mes\s+grossesses)\b|\bsince\s+(?:having\s+)?(?:the|my|her)"
    r"\s+(?:kids|children|babies|baby|first|second|third|pregnancy)\b|\bsince\s+childbirth\b",
    re.I,
)


NEW_LEAK = re.compile(
    r"\b(?:now|but|mais|worse|pire|new|newly|recently|lately|suddenly|today|yesterday|this\s+\w+"
    r"|last\s+\w+|tonight|twice|completely|also|bed|lit|work|travail|midi|soir|couldn'?t|didn'?t"
    r"|notic\w*|feel|felt|sentir|senti|apercevoir|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|week-?end"
    r"|without\s+noticing|sans\s+m'en\s+rendre|maintenant|depuis\s+(?:hier|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche|\d+\s+jours))\b",
    re.I,
)


def _wet_from_elsewhere(ent: Any, doc: Any) -> bool:
    """Clothes or a bed told wet, in a sentence that names what else wetted them."""
    if not any(t.norm_ in WET for t in ent):
        return False
    words = {t.norm_ for t in ent.sent}
    if any(t.norm_ in REFLEXIVE for t in ent):
        # "I have wet myself twice today" in a sentence about lifting the washing machine: a
        # person wets themself; water from washing does not (the review's text read routine);
        # nor does a child ("a bit leaky since the kids, but now I wet myself": a second review)
        words -= WASHING | (
            CHILDREN_AND_PETS if any(t.norm_ == "myself" for t in ent) else frozenset()
        )
    return bool(words & WETTED_BY) and not words & GUESSED


# "my bum has gone numb", "my leg has gone weak": "has gone" before a state is the change into it,
# not the past ("the pain has gone"). Why: "my bum has gone numb since Tuesday" read the saddle
# area as past and the numbness as a leg's, routine (an adversarial review, 2026-12-07).
STATES = frozenset(
    {"numb", "weak", "dead", "floppy", "cold", "pale", "white", "blue", "heavy", "tingly", "funny",
     "weird", "limp", "stiff", "wobbly", "rubbery", "jelly", "strange", "odd", "worse", "bad"}
)  # fmt: skip


def _gone_into_a_state(ent: Any, doc: Any) -> bool:
    """Every past cue of `ent` is a "gone" followed by a state ("has gone numb")."""
    cues = _cues(ent, "HISTORICAL")
    return bool(cues) and all(
        doc[hi - 1].norm_ == "gone" and hi < len(doc) and doc[hi].norm_ in STATES for _, hi in cues
    )


def _as_written(span: Span, text: str) -> Span:
    """`span` with its words taken from the text as written, where `unquoted` joined them."""
    return replace(span, text=text[span.start : span.end]) if JOINER in span.text else span


SENSATION_NORMAL = re.compile(
    r"\bje\s+sens\s+tout\b|\bi\s+(?:can\s+)?feel\s+everything\b|\bfeeling\s+(?:is\s+|'s\s+)?normal\b"
    r"|\bsensation\s+(?:is\s+|'s\s+)?normal\b|\bnormal\s+(?:feeling|sensation)\b",
    re.IGNORECASE,
)
# "down there is a little less sensitive": a feeling told by its loss, not by a feeling word
REDUCED_FEELING = re.compile(
    r"\b(?:less|moins)\s+(?:sensitive|sensibles?|de\s+sensibilit[ée])\b"
    # "less sensitive to sitting", "moins sensible à la douleur" are less tender; "to touch" is not
    r"(?!\s+(?:to\s+(?!touch)|[àa]\s+(?!toucher)|aux?\s+(?!toucher)))",
    re.I,
)
FEELING_WORDS = frozenset(
    {"feel", "feels", "feeling", "felt", "sensation", "weird", "odd", "strange", "funny", "different",
     "sensible", "sensations", "bizarre", "etrange", "drole"}
)  # fmt: skip
BOWEL_WORDS = BOWEL | frozenset(
    {"poo", "pooing", "poos", "stool", "stools", "constipated", "constipation", "number", "selles",
     "caca", "constipe", "constipee"}
)  # fmt: skip


FEELS_NORMAL = frozenset(
    {"normal", "normally", "fine", "ok", "okay", "usual", "should", "normale", "normalement",
     "habitude", "d'habitude", "avant"}
)  # fmt: skip


QUALIFIED = frozenset(
    {"but", "except", "apart", "though", "although", "however", "mais", "sauf", "part",
     "cependant", "pourtant"}
)  # fmt: skip


def _feels_normal(sent: Any) -> bool:
    """ "Everything feels normal down there", "feels as it should when I wipe": a feeling word
    closed by a verdict of health within three words, no negation between."""
    words = list(sent)
    if any(t.norm_ in QUALIFIED for t in words):
        return False  # "feels normal down there, but when I wipe it's someone else's skin"
    for n, t in enumerate(words):
        if t.norm_ not in FEELING_WORDS:
            continue
        ahead = words[n + 1 : n + 5]
        for k, w in enumerate(ahead):
            if w.norm_ in FEELS_NORMAL and not any(v.norm_ in NOT for v in ahead[:k]):
                return True
    return False


# "I didn't know I had wet myself", "I didn't notice I'd leaked", "I can't tell when my bladder's
# full" (blind batch 19 read that "bladder normal"), "je ne me suis pas rendu compte
# que j'avais fait pipi": the negation denies the knowing, and asserts what was not known. Why: a
# review (2026-12-07) found such sentences read as "bladder normal", a reassuring answer.
UNAWARE = frozenset(
    {"know", "knew", "known", "notice", "noticed", "realise", "realised", "realize", "realized",
     "remember", "aware", "tell", "rendu", "rendue", "apercu", "aperçu", "apercue", "aperçue", "remarque",
     "remarqué", "souviens"}
)  # fmt: skip
# what opens the clause of the thing not known: "didn't know I had", "when my bladder is full",
# "pas rendu compte que j'avais"; "didn't notice any weakness" denies the weakness itself
CLAUSE_OPENERS = frozenset(
    {"i", "i'd", "i'm", "i've", "he", "she", "he'd", "she'd", "they", "that", "if", "when",
     "whether", "je", "j'", "il", "elle", "que", "qu'", "si", "quand"}
)  # fmt: skip


VERBAL_NOT = frozenset({"not", "n't", "never", "ne", "n'", "cannot"})
OWN_NEGATION = VERBAL_NOT - {"never"}  # "can't feel": a negation inside the finding's words
# what the bladder or bowels do, denied: "no control over my bladder", "haven't had my bowels
# open", "I don't get any warning from my bladder" (a loss, not a normal answer)
ORGAN_FUNCTIONS = frozenset(
    {"control", "warning", "feeling", "sensation", "urge", "signal", "open", "opened", "move",
     "moving", "filling", "same", "usual", "sense", "contrôle", "controle", "envie"}
)  # fmt: skip
TROUBLE = frozenset(
    {"problem", "problems", "issue", "issues", "trouble", "troubles", "change", "changes",
     "probleme", "problemes", "souci", "soucis"}
)  # fmt: skip
HAVING = TROUBLE | frozenset(
    {"have", "has", "had", "'ve", "'d", "got", "get", "getting", "notice", "noticed", "noticing",
     "experience", "experienced", "experiencing", "any", "suffer", "suffered", "affected",
     "complaints", "ai", "as", "a", "avais", "avait", "eu", "de", "d'", "aucun", "aucune",
     "touché", "touchée", "touchee"}
)  # fmt: skip


# A bare "bladder" or "bowels" is answered "normal" by a denial of the organ or its trouble ("no
# bladder or bowel problems", "don't have any bladder trouble", "bladder fine"); not by a denied verb
# of doing or knowing ("haven't been able to open my bowels", "can't tell when my bladder is full").
# Why: the reader turned such sentences into a normal answer, a reassurance the writer never gave.
def _verb_denied_not_the_organ(ent: Any, cat: Category, doc: Any) -> bool:
    """A single bare organ word ("bladder", "bowels") negated only from before, by a verb's
    negation with no word of having or of trouble between the cue and the word."""
    if cat.name not in BARE_CONTINENCE or len(ent) != 1:
        return False
    cues = _cues(ent, "NEGATED_EXISTENCE")
    if not cues or any(lo >= ent.end for lo, _ in cues):
        return False  # "bladder fine", "bowels normal": an answer
    if ent.start > 0 and doc[ent.start - 1].norm_ in DIRECT_NEGATION:
        return False  # "no bladder trouble"
    if not all(any(doc[k].norm_ in VERBAL_NOT for k in range(a, b)) for a, b in cues):
        return False  # "nothing new with the bladder", "pas de souci de vessie": a denial
    lo = min(lo for lo, _ in cues)
    between = {t.norm_ for t in doc[lo : ent.start]}
    if between & ORGAN_FUNCTIONS and not between & TROUBLE:
        return True  # "I don't have control of my bladder", "no warning from my bladder"
    if ent.end < len(doc) and doc[ent.end].norm_ in HAVING | {"or", "and", "ou", "et", "/"}:
        return False  # "no bladder or bowel problems": the organ heads a denied list
    return not between & HAVING


REFLEXIVE_FR = frozenset({"me", "m'", "se", "s'", "te", "t'", "le", "la", "l'", "les", "lui"})


def _ne_verb_pas(ent: Any, doc: Any) -> bool:
    """A French verb told between its "ne" and its "pas" ("ma jambe ne lâche pas", "ne se dérobe
    plus"): the target is the verb alone, so the negation around it is not one of its words and
    ConText, looking forward from "pas", never reaches back to it."""
    if ent.end >= len(doc) or doc[ent.end].norm_ not in ("pas", "plus", "jamais"):
        return False
    if any(t.norm_ in ("ne", "n'", "pas", "plus", "pu") for t in ent):
        return False  # "je ne sens plus mes fesses et je n'urine plus": a negation of its own
    k = ent.start - 1
    while k >= 0 and doc[k].norm_ in REFLEXIVE_FR:
        k -= 1
    return k >= 0 and doc[k].norm_ in ("ne", "n'")


def _unaware(ent: Any, doc: Any) -> bool:
    """Every negation before `ent` denies a verb of knowing or noticing just after it ("didn't
    know I had wet myself"), and `ent` tells a leak or a finding, not the feeling itself."""
    every = _cues(ent, "NEGATED_EXISTENCE")
    cues = [(lo, hi) for lo, hi in every if hi <= ent.start]
    if not cues or any(lo >= ent.start for lo, _ in every):
        return False
    if any(t.norm_ in UNAWARE for t in ent):
        return False
    for lo, hi in cues:
        verbs = [k for k in range(lo, min(hi + 3, ent.start)) if doc[k].norm_ in UNAWARE]
        if not verbs or not any(
            doc[k].norm_ in CLAUSE_OPENERS
            for k in range(verbs[0] + 1, min(verbs[0] + 4, ent.start))
        ):
            return False
    return True


# The heel and tiptoe walks are tests of an ability: "can't do heel walking" is a failed test (the
# finding), not a denied one. Why: a probe in the project's own words ("Cant do heel walking OR toe
# walking on the left") read both as normal, a reassurance nobody wrote (2026-12-07).
ABILITY_TESTS = frozenset({"HEEL_WALK", "TOE_WALK"})
MODALS_OF_ABILITY = frozenset(
    {"can", "could", "ca", "cannot", "peux", "peut", "arrive", "arrivais"}
)


def _test_failed(ent: Any, cat: Category, doc: Any) -> bool:
    """Every negation of a heel or tiptoe walk stands before it and denies an ability ("can't do",
    "cannot manage", "n'arrive pas à faire"): the test was tried and failed."""
    if cat.name not in ABILITY_TESTS:
        return False
    cues = _cues(ent, "NEGATED_EXISTENCE")
    return (
        bool(cues)
        and all(
            hi <= ent.start
            and lo > 0
            and doc[lo].norm_ in VERBAL_NOT | {"pas", "plus"}
            and doc[lo - 1].norm_ in MODALS_OF_ABILITY
            # "can't do heel walking", not "can't say heel walking is a problem"
            and all(t.norm_ in TRIED for t in doc[hi : ent.start])
            for lo, hi in cues
        )
    )


TRIED = frozenset(
    {"do", "manage", "perform", "try", "the", "a", "any", "my", "even", "really", "faire", "la",
     "de", "à", "le", "les", "heel", "toe", "walking", "walk", "or", "and", "nor", "either", "on",
     "stand", "standing", "marcher", "tenir", "mettre", "rester", "sur", "me", "du", "des"}
)  # fmt: skip


# "ça ne se calme pas, quelle que soit la position", "it doesn't ease whatever way I lie": the
# negation denies the easing, so the pain at night is asserted. Why: two posts of the tuning parts
# of batches 30 and 31 read such night pain as denied (2026-12-07).
EASING = frozenset(
    {"calme", "soulage", "passe", "apaise", "cede", "cède", "ease", "eases", "shift", "shifts",
     "settle", "settles", "help", "helps", "go", "goes", "stop", "stops", "difference", "change"}
)  # fmt: skip


def _easing_denied(ent: Any, cat: Category, doc: Any) -> bool:
    """Every negation of a night pain stands before it and denies a verb of easing within three
    words ("ne se calme pas", "doesn't ease")."""
    if cat.name != "NIGHT_PAIN":
        return False
    cues = _cues(ent, "NEGATED_EXISTENCE")
    return bool(cues) and all(
        hi <= ent.start
        and any(t.norm_ in EASING for t in doc[max(0, lo - 3) : min(hi + 3, ent.start)])
        for lo, hi in cues
    )


# the questions whose answer tells that the writer speaks of their own body, not a story's
WARNING_ANSWERS = frozenset(
    {"SADDLE", "BLADDER_RETENTION", "BLADDER_INCONTINENCE", "BLADDER_DIFFICULTY", "BLADDER_NORMAL",
     "BOWEL_INCONTINENCE", "BOWEL_DIFFICULTY", "BOWEL_NORMAL", "SPHINCTER", "SPHINCTER_NORMAL",
     "SEXUAL", "NUMBNESS", "WEAKNESS", "FOOT_DROP", "HEEL_WALK", "TOE_WALK", "GIVES_WAY"}
)  # fmt: skip


def _set_aside_others(mentions: list[_Mention], sentences: list[Any]) -> list[_Mention]:
    """Without another person's symptoms (others.py): those the writer sets against their own
    ("..., mine is just pins and needles"), and those of another person's cauda equina story
    when the text answers a warning question outside it ("peeing fine", "no numb bits")."""
    theirs = others_set_against_mine(sentences)
    mentions = [
        m
        for m in mentions
        if not (
            any(lo <= m.start < hi for lo, hi in theirs)
            and not m.negated
            and (m.cat.kind == "marker" or m.cat.fields[0].startswith("symptoms."))
        )
    ]
    stories = others_stories(sentences)
    if not stories:
        return mentions

    def storied(m: _Mention) -> bool:
        return any(lo <= m.start < hi for lo, hi in stories)

    answered = any(
        not storied(m)
        and (m.negated or m.cat.name.endswith("_NORMAL"))
        and m.cat.name in WARNING_ANSWERS
        for m in mentions
    )
    if not answered:
        return mentions
    return [
        m
        for m in mentions
        if not (
            storied(m)
            and not m.negated
            and (m.cat.kind == "marker" or m.cat.fields[0].startswith("symptoms."))
        )
    ]


def _verdict_of_the_day(ent: Any, cat: Category, doc: Any) -> bool:
    """Every negation of a night pain is a verdict after it, past a comma, beside a word of the
    day: "no position helps, daytime ok" eases the day, not the night."""
    if cat.name != "NIGHT_PAIN":
        return False
    cues = _cues(ent, "NEGATED_EXISTENCE")
    return bool(cues) and all(
        lo >= ent.end
        and any(t.is_punct for t in doc[ent.end : lo])
        and any(t.norm_ in DAY_WORDS for t in doc[max(ent.end, lo - 3) : hi])
        for lo, hi in cues
    )


def _cues(ent: Any, category: str) -> list[tuple[int, int]]:
    """The (start, end) of each ConText modifier of `category` on `ent`."""
    return [m.modifier_span for m in ent._.modifiers if m.category == category]


def _new_clauses(doc: Any, start: int, end: int) -> list[int]:
    """The joins in doc[start:end] that open a clause with its own subject (", she", "and my"); the
    subject may be the first word of the finding at `end` ("... mais je ne sens plus mes fesses")."""
    return [
        t.i
        for t in doc[start:end]
        if t.norm_ in JOINS and t.i + 1 <= end and doc[t.i + 1].norm_ in NEW_SUBJECT
    ]


def _verdict_across_a_break(ent: Any, doc: Any) -> bool:
    """The only negation of `ent` is a verdict after it ("... normal", "... fine") beyond a comma
    or a "but". A finding told in several words ("can't pee", "trouble peeing") asserts something
    is wrong; a verdict past the break closes the next item ("I can't pee, poo normal"). A bare
    word ("bladder, bowels normal") has no assertion of its own and stays in the list."""
    cues = _cues(ent, "NEGATED_EXISTENCE")
    after = [lo for lo, _ in cues]
    if not after or min(after) < ent.end:
        return False
    if any(doc[k].norm_ in POINTS_BACK for lo, hi in cues for k in range(lo, hi)):
        return False  # "a numb bottom is a red flag, I don't have that": the verdict points back
    return any(t.norm_ in BREAKS for t in doc[ent.end : min(after)])


POINTS_BACK = frozenset({"that", "those", "which", "ça", "ca"})


def _event_after_a_verdict(ent: Any, doc: Any) -> bool:
    """Every negation of `ent` is a verdict before it, beyond a comma or a "but", and the clause
    of `ent` tells an event: "Pee as usual, bowels opened themselves in bed last night" (a second
    review found the bowels read normal, an emergency lost)."""
    cues = _cues(ent, "NEGATED_EXISTENCE")
    if not cues or any(hi > ent.start for _, hi in cues):
        return False
    if not any(t.norm_ in BREAKS for t in doc[max(hi for _, hi in cues) : ent.start]):
        return False
    _, end = _between_punctuation(ent)
    return any(t.norm_ in CONTINENCE_EVENTS for t in doc[ent.start : end])


CONTINENCE_EVENTS = EVENTS | frozenset(
    {
        "opened",
        "themselves",
        "itself",
        "accident",
        "accidents",
        "leaked",
        "leaking",
        "wet",
        "soiled",
        "emptied",
        "dribbled",
        "lost",
        "came",
        "out",
        "bed",
    }
)


BREAKS = frozenset({",", ";", "but", "mais", "-", "–"})

# A new clause with its own subject: a comma or a conjunction, then a pronoun or a determiner.
JOINS = frozenset({",", ";", "and", "et", "but", "mais", "so", "donc", "-", "–"})
NEW_SUBJECT = frozenset(
    {"i", "i'm", "im", "he", "she", "it", "it's", "its", "they", "we", "you", "my", "his", "her",
     "their", "the", "this", "that", "je", "j'", "il", "elle", "on", "ils", "elles", "nous", "vous",
     "mon", "ma", "mes", "son", "sa", "ses", "le", "la", "les", "l'", "ça", "ca", "c'", "both"}
)  # fmt: skip


def _clause_start(doc: Any, sent_start: int, at: int) -> int:
    """The start of the clause holding token `at`: after the last comma or semicolon before it in
    its sentence ("Foot drop on the left for 5 weeks, it's not getting worse")."""
    commas = [int(t.i) + 1 for t in doc[sent_start:at] if t.norm_ in (",", ";")]
    return max([sent_start, *commas])


def _no_better_either(later: set[str]) -> bool:
    """What follows a contrast only denies an improvement: "ça n'empire pas mais ça ne s'améliore
    pas non plus", "not getting worse but not better either": the course is unchanged."""
    return bool(
        later & {"améliore", "ameliore", "better", "improving", "mieux", "récupère"}
    ) and bool(later & (DENY | {"ne", "n'"}))


def _course_of_something_else(ent: Any, sent: Any) -> bool:
    """A better or unchanged course told without the strength's own words ("recovering", "ça
    s'améliore", "ni mieux ni pire") in a sentence about the pain, the back or another illness:
    "the pain is recovering slowly", "I'm recovering from flu" tell nothing of the weakness, whose
    unknown course is read as worsening (Part I §2). A pain's course had lowered a foot drop from
    an emergency to urgent."""
    if any(t.norm_.startswith(STRENGTH_STEMS) for t in ent):
        return False
    later = {t.norm_ for t in ent.doc[ent.end : sent.end]}
    if later & (WORSENING | {"tombe", "drags", "traîne"}):
        return True  # "ni mieux ni pire, mais depuis hier l'autre pied tombe aussi"
    clause = list(ent.doc[_clause_start(ent.doc, sent.start, ent.start) : ent.start])
    if any(t.norm_ in MOTOR_SUBJECT for t in clause) and not any(
        t.norm_ in PAIN_WORDS | ELSEWHERE for t in clause
    ):
        return False  # "my right foot drop is slowly recovering, the back pain is still bad"
    return bool(later & CONTRAST) or bool({t.norm_ for t in sent} & (PAIN_WORDS | ELSEWHERE))


MOTOR_SUBJECT = frozenset(
    {"foot", "drop", "weakness", "toes", "toe", "ankle", "pied", "tombant", "faiblesse",
     "releveur", "releveurs", "orteil", "orteils", "cheville", "strength", "force"}
)  # fmt: skip


STRENGTH_STEMS = ("weak", "faibl", "strength", "stronger", "force", "déficit", "deficit", "power")
ELSEWHERE = frozenset(
    {"flu", "grippe", "cold", "rhume", "covid", "virus", "infection", "cough", "toux", "wound",
     "plaie", "cicatrice", "scar", "back", "dos", "operation", "opération", "surgery", "chirurgie",
     "mood", "moral", "sleep", "sommeil", "knee", "genou", "hip", "hanche", "œdème", "oedème",
     "oedeme", "œdeme", "gonflement", "swelling", "bruise", "bruising", "blister", "ampoule",
     "numbness", "engourdissement", "engourdissements", "tingling", "fourmillements", "picotements"}
)  # fmt: skip


def _worse_denied_as_told(ent: Any, doc: Any, sent: Any) -> bool:
    """ "It's not getting worse", "ça ne s'aggrave pas": a worse course denied right beside it, in a
    sentence that tells the writer's present (no hope, forecast, question or other time) and
    is not about the pain, whose course says nothing of the weakness's."""
    before = doc[max(sent.start, ent.start - 3) : ent.start]
    after = doc[ent.end : min(sent.end, ent.end + 2)]
    direct = any(t.norm_ in DENY | {"ne", "n'"} for t in before) or (
        any(t.norm_ in ("ne", "n'") for t in before) and any(t.norm_ == "pas" for t in after)
    )
    words = {t.norm_ for t in sent}
    opening = _clause_start(doc, sent.start, ent.start)
    subject = [t for t in doc[opening : ent.start] if not (t.is_punct or t.is_space)]
    later = {t.norm_ for t in doc[ent.end : sent.end]}
    return (
        direct
        and all(t.norm_ in COURSE_SUBJECT for t in subject)
        and not (later & (WORSENING | {"more"}))
        and not (later & CONTRAST and not _no_better_either(later))
        and not words
        & (NOT_TOLD | TOLD_BEFORE | PAIN_WORDS | {"?", "know", "sure", "sais", "sûr", "sur"})
    )


# what may stand before "is not getting worse" for the course to be the weakness's: the weakness,
# the foot or leg, or a bare "it" ("my mood is not getting worse" tells nothing of the foot)
COURSE_SUBJECT = frozenset(
    {"it", "it's", "its", "'s", "is", "are", "has", "have", "been", "not", "n't", "no", "still",
     "so", "far", "and", "thankfully", "luckily", "at", "least", "ça", "ca", "c'", "ce", "cela",
     "ne", "n'", "s'", "se", "this", "that", "the", "my", "his", "her", "le", "la", "mon", "ma",
     "son", "sa", "left", "right", "gauche", "droit", "droite", "foot", "feet", "drop", "weakness",
     "leg", "legs", "toe", "toes", "ankle", "strength", "pied", "faiblesse", "jambe", "orteil",
     "cheville", "force", "deficit", "déficit", "getting", "doing", "going", "seem", "seems",
     "really", "definitely", "globalement", "overall", "generally", "basically", "honestly",
     "franchement", "bon", "well", "pour", "l'instant", "now", "for"}
)  # fmt: skip
CONTRAST = frozenset(
    {"but", "though", "although", "yet", "however", "mais", "pourtant", "cependant", "sauf",
     "except", "whereas", "alors"}
)  # fmt: skip
WORSENING = frozenset({"worse", "pire", "aggrave", "empire"})


def _compared_with_others(ent: Any, doc: Any) -> bool:
    """ "No worse than" compared with someone or something else, not with an earlier time: "I'm no
    worse than anyone my age", "no worse than the other leg"."""
    if ent[-1].norm_ != "than":
        return False
    at = ent.end + (ent.end < len(doc) and doc[ent.end].norm_ == "the")  # "than the start"
    return at >= len(doc) or doc[at].norm_ not in EARLIER


EARLIER = frozenset(
    {"when", "last", "yesterday", "before", "it", "on", "at", "earlier", "a", "this", "monday",
     "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "in", "two", "three",
     "ten", "start", "beginning", "first", "week", "weekend", "day", "morning"}
)  # fmt: skip


def _not_a_told_course(sent: Any, ent: Any) -> bool:
    """A sentence where a better or unchanged course may not be the writer's observation: a
    negation anywhere but in the course's own words ("la force ne s'améliore pas"; not "not
    better not worse"), a hope, a forecast, another's words, a question, another time (not the
    yardstick of a comparison: "the same as last week")."""
    doc = ent.doc
    words = {
        t.norm_
        for t in sent
        if not ent.start <= t.i < ent.end
        and not (t.i > 0 and doc[t.i - 1].norm_ in YARDSTICK and t.norm_ in TOLD_BEFORE)
    }
    return bool(words & (DENY | NOT_TOLD | TOLD_BEFORE | {"ne", "n'", "?"}))


YARDSTICK = frozenset({"as", "than", "since", "que", "qu'", "depuis"})


# a course told of another time: "last month the weakness was stable", "better for an hour"
TOLD_BEFORE = frozenset(
    {"was", "were", "had", "last", "ago", "briefly", "then", "before", "hour", "hours", "avant",
     "était", "etait", "dernier", "derniere", "dernière", "voice", "cough", "stroke", "sprain"}
)  # fmt: skip


# what keeps a main clause inside a condition's world: "if it gets worse, I won't be able to walk"
MODAL = frozenset(
    {"will", "would", "'ll", "might", "could", "may", "shall", "wo", "going", "gonna",
     "ferai", "serait", "pourrait", "vais", "va", "irai", "faudra", "risque"}
)  # fmt: skip


# a fear of what a part will do: "I'm scared my leg will give way on the stairs", "worried my foot
# will start dragging", "j'ai peur que ma jambe lâche" (a feeling word alone is no scope: "I'm
# worried, I can't feel my bum" asserts; the future verb just before the finding makes it a fear)
FEAR_OF_WHAT_WILL = re.compile(
    r"\b(?:scared|worried|afraid|frightened|terrified|petrified|fear|dread|peur|crains|inquiet|inqui[èe]te)\b"
    r"(?:\s+(?:that|que|qu'))?\s+(?:my|his|her|the|ma|mon|sa|son|la|le|i|je|j')\s*(?:[\w']+\s+){0,2}?"
    r"(?:will|might|could|may|would|'ll|is\s+going\s+to|are\s+going\s+to|va|vont|pourrait|finisse)"
    r"(?:\s+(?:start|begin|end\s+up|just|suddenly|one\s+day|se\s+mettre\s+[àa]|finir\s+par))?\s*$",
    re.IGNORECASE,
)


def _feared(text: str, sentence_start: int, finding_start: int) -> bool:
    """The words just before a finding tell a fear of what will come, not the finding."""
    return (
        FEAR_OF_WHAT_WILL.search(text[max(sentence_start, finding_start - 60) : finding_start])
        is not None
    )


def _condition_cut(ent: Any, doc: Any) -> bool:
    """Every condition that reaches `ent` from before it is cut by a new clause with its own
    subject, and that clause tells no future or possibility: "I'm not sure if my bladder is ok, I
    have to push to pee since yesterday" asserts the pushing. "If it gets worse, I won't be able
    to walk" stays a condition."""
    cues = _cues(ent, "HYPOTHETICAL")
    if not cues or any(lo >= ent.start for lo, _ in cues):
        return False
    for _, hi in cues:
        joins = _new_clauses(doc, hi, ent.start)
        if not joins:
            return False
        if any(t.norm_ in MODAL for t in doc[joins[-1] : ent.end]):
            return False
    return True


# "no change", "same as always": normal for the bladder, bowel and saddle questions (Part I §2:
# a change since the leg symptoms began), but a weakness "unchanged since 3 days" is a weakness
UNCHANGED_IS_NORMAL = frozenset(
    {"CONTINENCE_WORDS", "BLADDER_RETENTION", "BLADDER_INCONTINENCE", "BLADDER_DIFFICULTY",
     "BLADDER_NORMAL", "BOWEL_INCONTINENCE", "BOWEL_DIFFICULTY", "BOWEL_NORMAL", "SPHINCTER",
     "SADDLE", "SADDLE_AREA", "SEXUAL"}
)  # fmt: skip
UNCHANGED_CUES = frozenset(
    {"no change", "no changes", "nothing new", "no different", "same as always", "as always",
     "nothing unusual", "comme d'habitude", "comme toujours", "pas de changement",
     "rien de nouveau", "all completely unchanged", "are all unchanged", "all unchanged",
     "as it always has", "as it always did", "as it always was", "as they always have",
     "as they always did", "as it always has done", "as usual", "as normal"}
)  # fmt: skip


def _only_unchanged(ent: Any, doc: Any) -> bool:
    """Every negation of `ent` is a cue of no change ("leg weak for 4 days, no change")."""
    cues = [doc[lo:hi].text.lower() for lo, hi in _cues(ent, "NEGATED_EXISTENCE")]
    return bool(cues) and all(c in UNCHANGED_CUES for c in cues)


def _verdict_denied(ent: Any, doc: Any) -> bool:
    """Every negation of `ent` is a verdict after it that is itself denied: "it feels odd down
    there, not normal", "my pee isn't fine", "c'est pas normal". A denied verdict of health
    asserts that something is wrong."""
    cues = _cues(ent, "NEGATED_EXISTENCE")
    if not cues or any(lo < ent.end for lo, _ in cues):
        return False
    return all(any(doc[k].norm_ in DENY for k in range(max(ent.end, lo - 2), lo)) for lo, _ in cues)


DENY = frozenset({"not", "n't", "nt", "no", "never", "pas", "jamais"})


def _health_after_a_condition(ent: Any, cat: Category, doc: Any) -> bool:
    """Every negation of a condition the patient has or had is a verdict of health after it:
    "had prostate cancer, PSA checks all fine since", "diabetic, sugars fine", "on methotrexate,
    bloods normal". The verdict is the follow-up's; the history stands. A verdict of absence
    ("cancer: none", "diabetes - no") still denies it."""
    if cat.name not in PAST_CONDITIONS:
        return False
    if any(t.norm_ in SUSPICION for t in ent.sent):
        return False  # "tests for cancer, all normal", "a cancer scare, biopsy fine"
    cues = _cues(ent, "NEGATED_EXISTENCE")
    if not cues or any(lo < ent.end for lo, _ in cues):
        return False
    return all(any(doc[k].norm_ in HEALTHY for k in range(lo, hi)) for lo, hi in cues)


def _answer_to_an_ability(ent: Any, doc: Any) -> bool:
    """Every negation of `ent` is a questionnaire answer after it, and the question asks for an
    ability or a normal function ("Bladder control - no", "Can feel the paper when wiping: no",
    "Contrôle de la vessie : non"): the "no" tells that the function is lost, not that a sign is
    absent (an adversarial review, 2026-12-07: seven such answers read as normal)."""
    cues = _answer_cues(ent, doc)
    if not cues:
        return False
    lo = min(c[0] for c in cues)
    # the item asked: from the start of its line (or sentence) to the answer
    breaks = [int(t.i) + 1 for t in doc[ent.sent.start : lo - 1] if "\n" in t.text_with_ws]
    start = max([ent.sent.start, *breaks])
    return any(t.norm_ in ABILITY for t in doc[start:lo])


ABILITY = frozenset(
    {"control", "able", "can", "could", "feel", "feeling", "feelings", "sensation", "normally",
     "normal", "ok", "okay", "fine", "sentir", "sens", "sent", "contrôle", "controle",
     "normalement", "arrive", "arriver", "peux", "capable", "sensibilité", "sensibilite",
     "go"}
)  # fmt: skip


def _answer_runs_on(ent: Any, doc: Any) -> bool:
    """Every negation of `ent` is a questionnaire answer after it ("Weakness - no") that runs on
    into words: "my foot drags - no joke", "it drags - no idea why" are emphasis, not answers. An
    answer ends its line: a full stop, a comma, a new line or the end of the text."""
    return bool(cues := _answer_cues(ent, doc)) and all(
        hi < len(doc) and not (doc[hi].is_punct or doc[hi].is_space or doc[hi].norm_ in ANSWER_TAIL)
        for _, hi in cues
    )


def _answer_cues(ent: Any, doc: Any) -> list[tuple[int, int]]:
    """The negations of `ent` when every one is a questionnaire answer after it ("Weakness -
    no", "Engourdissement : non"); else none."""
    cues = _cues(ent, "NEGATED_EXISTENCE")
    if any(lo < ent.end or doc[lo].norm_ not in ANSWER_MARKS for lo, _ in cues):
        return []
    return cues


# Words that make a question more than a checklist item: a verb, a subject, a course or a worry.
# "Has the numbness in my groin gone? no", "Weak left leg, any better? no", "is it getting better?
# no" answer the course, not the sign (an adversarial review, 2026-12-08: 21 such answers erased
# the sign, an emergency read routine).
NOT_THE_SIGN = frozenset(
    {"COURSE_BETTER", "COURSE_STABLE", "COURSE_WORSE", "BECAME_BILATERAL", "ONSET_SUDDEN",
     "ONSET_GRADUAL", "PREVIOUS_EPISODES"}
)  # fmt: skip
CHECKLIST_WORDS = frozenset(
    {"any", "problems", "problem", "issues", "issue", "trouble", "troubles", "concerns", "or", "/",
     "-", "the", "in", "of", "de", "du", "des", "la", "le", "les", "l'", "a", "area", "zone",
     "around", "down", "below", "there", "your", "aucun", "aucune", "d'", "with", "avec", "to",
     "left", "right", "gauche", "droite", "droit", "new", "nouveau", "nouvelle", "nouveaux",
     "nouvelles", "saddle", "selle", "symptoms", "problèmes", "problème", "soucis", "souci"}
)  # fmt: skip
HEDGES = frozenset(
    {"not", "sure", "maybe", "well", "but", "though", "actually", "except", "mais", "peut-être",
     "peut", "sauf", "enfin", "perhaps", "think", "pense", "crois", "sometimes", "parfois", "bit",
     "little", "peu"}
)  # fmt: skip
NOT_A_CHECKLIST = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "does", "do", "did", "can", "could", "will",
     "would", "should", "am", "it", "this", "that", "i", "you", "he", "she", "we", "they", "my",
     "his", "her", "gone", "better", "worse", "improved", "improving", "stopped", "eased", "help",
     "helps", "helped", "worried", "scared", "serious", "emergency", "changed", "come", "passed",
     "away", "est", "a", "as", "ça", "ca", "c'", "il", "elle", "je", "j'", "tu", "vous", "mon", "ma",
     "mes", "son", "sa", "parti", "partie", "passé", "passée", "mieux", "pire", "amélioré", "grave",
     "urgence", "inquiet", "inquiète", "aide", "normal", "normale", "normally", "normalement",
     "tested", "positive", "negative"}
)  # fmt: skip


def _checklist_answer(ent: Any, doc: Any) -> Any:
    """The words from `ent` to its answer when `ent` is a checklist item asked and answered "no"
    (the evidence then quotes the answer: "Bowel problems? no", not "Bowel problems"), else None.
    Its clause (from the last punctuation before it) ends in "?", holds no verb, subject, course
    or worry, and a bare "no" follows."""
    sent = ent.sent
    end = next((t.i for t in doc[ent.end : sent.end] if t.text == "?"), None)
    if end is None or any(t.is_punct for t in doc[ent.end : end]) or not answered_no(doc, end):
        return None
    start, _ = _between_punctuation(ent)
    # "Able to pee since yesterday? no", "Bladder control? no": the "no" tells a function lost;
    # "numb between the legs and bladder feels weird? no" asks two things
    if any(t.norm_ in NOT_A_CHECKLIST | ABILITY | {"and", "et"} for t in doc[start:end]):
        return None
    # the item is the sign and a checklist's own words only: "Saddle numbness spreading? no",
    # "Foot drop affecting both feet? no", "Urge to pee? no" ask something else (a second review)
    # the sign's words; a course or a spread asked is not the sign ("Pied tombant récupéré ? non",
    # "Weakness spreading to the other leg? no": the "no" answers the course)
    signs = [
        (e.start, e.end)
        for e in doc.ents
        if e.start < end and start < e.end and e.label_ not in NOT_THE_SIGN
    ]
    if not all(
        t.norm_ in CHECKLIST_WORDS
        for t in doc[start:end]
        if not any(lo <= t.i < hi for lo, hi in signs)  # "Engourdissement du périnée ? non"
    ):
        return None
    answer = next(t.i for t in doc[end + 1 :] if not t.is_space)
    # "no... not sure", "No. Well maybe a little": a hedged or retracted "no" is no answer
    after = {t.norm_ for t in doc[answer + 1 : min(len(doc), answer + 8)]}
    if after & HEDGES or doc[answer + 1 : answer + 2].text in ("...", "…", "?"):
        return None
    return doc[ent.start : answer + 1]


def _answered_no(ent: Any, doc: Any) -> bool:
    """A normal function asked, then answered "no" ("Bladder normal? no", "Peeing normally - no",
    "Selles normales : non"). ConText cannot tie this "no" to the target: the target's own
    "normal" cue, pruned as it overlaps the target, has cut the answer's scope first."""
    return answered_no(doc, ent.end)


ANSWER_TAIL = frozenset(
    {"whatsoever", "at", "really", "thankfully", "luckily", "never", "and", "et", "merci",
     "heureusement", "du", "not", "pas", "thanks", "thank"}
)  # fmt: skip


# conditions that a good follow-up does not undo (the red-flag histories of Part I §4)
PAST_CONDITIONS = frozenset(
    {"CANCER", "IV_DRUGS", "IMMUNOSUPPRESSION", "OSTEOPOROSIS", "STEROIDS", "DIABETES",
     "PREGNANT", "SPINE_SURGERY", "SPINAL_PROCEDURE"}
)  # fmt: skip
SUSPICION = frozenset(
    {"for", "pour", "suspected", "suspicion", "possible", "test", "tests", "tested", "screening",
     "screened", "examens", "examen", "dépistage", "depistage", "checked", "check", "scan",
     "mammogram", "mammographie", "investigated", "exclude", "excluded", "écarter", "ecarter",
     "rule", "biopsy", "biopsie", "scare", "peur", "fear", "feared", "worried"}
)  # fmt: skip
HEALTHY = frozenset(
    {"fine", "ok", "okay", "normal", "normale", "normaux", "normales", "unaffected", "intact",
     "intacte", "va", "fonctionne", "unchanged", "clear", "good"}
)  # fmt: skip


def _negation_cut(ent: Any, doc: Any) -> bool:
    """Every negation that reaches `ent` from before it is cut by a new clause with its own subject
    in between: "not able to press the pedal, the foot is not having power, it is going weak",
    "sans s'accrocher à la rampe et elle traîne le pied". The ConText lexicon names some such
    joins ("and my"); this reads the construction, whatever the subject word. A list under one
    negation ("no numbness, tingling or weakness") has no subject between and stays negated."""
    cues = _cues(ent, "NEGATED_EXISTENCE")
    if not cues or any(lo >= ent.start for lo, _ in cues):
        return False
    for _, hi in cues:
        if any(t.text in ("(", ")") for t in doc[hi : ent.start]):
            continue  # "(no worse, no better) and right leg pain": a bracket closes the negation
        if not _new_clauses(doc, hi, ent.start):
            return False
    return True


CES_FIELDS = frozenset(
    {
        "symptoms.bladder",
        "symptoms.bowel",
        "symptoms.saddle_numbness",
        "symptoms.sexual_dysfunction_new",
    }
)
# After a negated cauda equina answer, in its sentence: an exception ("no leaks until I fell",
# "rien, sauf", "à part", "enfin si") ...
EXCEPTIONS = frozenset({"except", "apart", "until", "till", "sauf", "part", "jusqu'", "enfin"})
# what the bladder does, told after a normal verdict that it then qualifies
CONTINENCE_ACTS = frozenset(
    {"go", "going", "been", "finished", "empty", "emptied", "emptying", "full", "once", "twice",
     "nothing", "comes", "come", "dribble", "dribbling", "trickle", "flow", "stream", "wet", "loo",
     "toilet", "urge", "need", "needed", "needing", "vider", "vide", "vient", "sort", "sortir",
     "aller", "allée", "allé"}
)  # fmt: skip
# ... or a "but" that goes on about the same functions ("wee fine but I have to push").
BUT = frozenset({"but", "mais", "though", "although", "just", "juste"})
FUNCTION_WORDS = frozenset(
    {"push", "pushing", "strain", "straining", "hold", "leak", "leaking", "leaks", "control",
     "pee", "wee", "poo", "bladder", "bowels", "wipe", "feel", "pousser", "pousse", "forcer",
     "retenir", "retiens", "fuite", "fuites", "pipi", "selles", "sens", "sentir", "vessie"}
)  # fmt: skip


LEG_SIDED = frozenset({"LEG_PAIN", "NUMBNESS", "WEAKNESS", "FOOT_DROP", "PARALYSIS"})
# words that tell the second leg is new: "since Tuesday it's down the right leg as well"
SPREAD = frozenset(
    {"now", "too", "also", "well", "since", "started", "starting", "joined", "spread", "spreading",
     "aussi", "maintenant", "egalement", "également", "depuis", "desormais", "désormais", "s'y",
     "gagne", "gagné", "week", "semaine", "today", "yesterday", "hier", "aujourd'hui"}
)  # fmt: skip
# a side told as a leg: "the right leg", "his left side", "la droite s'y est mise"
LIMB_NEAR = frozenset({"side", "sided", "one", "cote", "côté", *LEG, *FOOT})
THE = frozenset({"the", "la", "le", "a", "à"})  # "the left has joined in", "passée à droite"
# ability is an examination, not a spread: "I can get up on my heels both sides"
ABLE = frozenset({"can", "able", "peux", "peut", "arrive", "capable"})
VERDICT = frozenset(
    {"fine", "ok", "okay", "normal", "good", "bien", "rien", "nothing", "only", "swapped",
     "alternates", "alternating", "switches", "limping", "seulement", "alterne", "years",
     "annees", "années", "diabetes", "diabete", "diabète", "forever", "toujours", *DENY,
     "without", "nor", "neither", "sans", "ni", "aucun", "aucune"}
)  # fmt: skip


# a clause that dates the other leg's symptom long ago tells no spread
LONG_STANDING = frozenset(
    {"unchanged", "stable", "inchangé", "inchangée", "inchange", "inchangee", "decades", "décennies"}
)  # fmt: skip
YEAR = re.compile(r"(?:19|20)\d\d")
# what may follow a bare side that names a leg: "the left one has joined in", "la droite s'y est"
BARE_SIDE_NEXT = frozenset(
    {"one", "side", "too", "also", "as", "has", "is", "started", "s'y", "s'", "aussi", "est", "a",
     "commence", "joined", "now", "maintenant", "was"}
)  # fmt: skip
# words that say what the second leg has
LEG_SYMPTOM = PAIN_WORDS | TRAVEL | frozenset(
    {"numb", "numbness", "tingling", "tingles", "pins", "weak", "weakness", "same", "joined",
     "started", "fourmillements", "fourmis", "engourdi", "engourdie", "faible", "pareil", "mise",
     "met", "going", "s'y"}
)  # fmt: skip
# a side word followed by one of these names something other than a leg ("the right hand")
NOUNS = frozenset(
    ARM_WORDS | {"side", "of", "de", "du", "des", "shoulder", "epaule", "épaule", "eye"}
)


# parts of the body a side may belong to other than a leg: "the pain is on the left of my back"
OTHER_PARTS = frozenset(
    {"back", "dos", "neck", "cou", "arm", "arms", "bras", "hand", "main", "shoulder", "epaule",
     "épaule", "hip", "hanche", "groin", "aine", "chest", "head", "tete", "tête", "stomach",
     "ventre", "kidney", "rein", "eye", "oeil", "œil", "breast", "sein", "side", "cote", "côté",
     "hands", "mains", "face", "visage", "knee", "genou"}
)  # fmt: skip


def _clause_words(doc: Any, i: int, clause_of: list[int]) -> set[str]:
    """The words of the clause of token `i` (its sentence's tokens of the same clause)."""
    return {t.norm_ for t in doc[i].sent if clause_of[t.i] == clause_of[i]}


def _spread_to_the_other_leg(
    doc: Any,
    mentions: list[_Mention],
    sides: list[tuple[int, str, bool]],
    sent_of: dict[int, int],
    clause_of: list[int],
    unheard: set[int],
) -> Any:
    """The words that tell a leg symptom has reached the second leg, when no phrase rule did: a
    symptom of one leg told first, then the other side (or both legs) named in a later clause with
    a word of change ("now", "too", "aussi", "depuis"), and no verdict of health in that clause
    ("the left is fine now"). RF-BILAT: a spread to both legs is a cauda equina warning."""
    first = sorted(
        (m.start, side)
        for m in mentions
        if m.cat.name in LEG_SIDED
        and not m.negated
        and (side := _side_for(m, sides, sent_of, clause_of)) in ("left", "right")
    )
    # "the pain was on the left, but since Tuesday it's down the right leg as well": a pain told
    # by its side alone, in a clause that names no other part of the body, may be the first leg
    for i, told, implicit in sides:
        if implicit or told not in ("left", "right") or sent_of[i] in unheard:
            continue
        clause = _clause_words(doc, i, clause_of)
        if clause & PAIN_WORDS and not clause & (OTHER_PARTS | NOT):
            first.append((i, told))
    first.sort()
    if not first:
        return None
    at, side = first[0]
    for i, other, implicit in sides:
        if i <= at or implicit or other == side or sent_of[i] in unheard:
            continue
        if sent_of[i] == sent_of[at] and i - at < 4:
            continue  # "left and right leg pain": one statement of both, not a spread
        words = _clause_words(doc, i, clause_of)
        after = {t.norm_ for t in doc[i + 1 : i + 3]}
        named_leg = bool(after & LIMB_NEAR) or (i > 0 and doc[i - 1].norm_ in LIMB_NEAR)
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        bare_side = (
            other != "both"
            and i > 0
            and doc[i - 1].norm_ in THE
            and (nxt is None or nxt.is_punct or nxt.norm_ in BARE_SIDE_NEXT)
        )
        if words & (VERDICT | ABLE) or not (named_leg or bare_side):
            continue
        if words & LONG_STANDING or any(YEAR.fullmatch(w) for w in words):
            continue  # "my numb patch on the left shin has been there since 2010, unchanged"
        # the clause says what the second leg has ("hurts", "numb"), or is elliptical ("and since
        # yesterday the right leg too"): "I now use the right leg for the clutch" is neither
        elliptical = len(words) <= 10 and words & {"too", "also", "aussi", "well", "également"}
        if words & SPREAD and (words & LEG_SYMPTOM or elliptical or other == "both"):
            return doc[i : i + 1]
    return None


# "I can't tell if it's numb round my bum", "not sure whether my wee has changed", "je ne sais
# pas si je sens le papier", "une question que j'ai pas su répondre : si j'ai des engourdissements
# au niveau du périnée": a cauda equina question the writer cannot answer is RF-CES-UNSURE (a
# same-day check), not a condition to drop. Why: three blind posts (batches 15, 16) said so in
# these words and read self-care.
DOUBT = frozenset(
    {"tell", "know", "sure", "certain", "idea", "unsure", "wonder", "wondering", "sais", "sait",
     "savais", "savait", "saurais", "saurait", "idee", "idée",
     "savoir", "sur", "sûr", "sûre", "certaine", "answer", "repondre", "répondre"}
)  # fmt: skip
# the saddle area named alone is doubted only beside a feeling word or in a question someone asked
# (`_doubted`): "can't tell if the pain is from my back or my bum" asks nothing
DOUBTABLE = frozenset(
    {"SADDLE", "SADDLE_AREA", "NUMBNESS", "CONTINENCE_WORDS", "BLADDER_RETENTION",
     "BLADDER_INCONTINENCE", "BLADDER_DIFFICULTY", "BOWEL_INCONTINENCE", "BOWEL_DIFFICULTY",
     "SPHINCTER"}
)  # fmt: skip


def _doubted(ent: Any, doc: Any, sentences: list[Any], sent_of: dict[int, int]) -> bool:
    """The condition reaching `ent` is a doubt ("can't tell if", "not sure whether", "je ne sais
    pas si": a doubt word in the four words before the cue), or a question someone asked ("the
    111 lady asked if I had numbness around my bum", "on lui a demandé si") that the writer says,
    in that sentence or the next, they could not answer ("I didn't know what to say")."""
    cues = _cues(ent, "HYPOTHETICAL")
    before = {doc[k].norm_ for lo, _ in cues for k in range(max(0, lo - 4), lo)}
    if before & DOUBT and (
        ent.label_ != "SADDLE_AREA"
        or any(t.norm_ in FEELING_WORDS | FEEL_FR for t in ent.sent)
        or REDUCED_FEELING.search(ent.sent.text) is not None
    ):
        return True
    if not before & ASKED:
        return False
    # in the question's sentence or the next ("...and I didn't know what to say", "I couldn't
    # say"), and not after an answer ("I said no. Not sure what else to tell you" answered it)
    at = sent_of[ent.start]
    end = sentences[min(at + 1, len(sentences) - 1)].end_char
    answer = DOUBT_ANSWER.search(doc.text, ent.end_char, end)
    # not answered before the doubt ("I said no. Not sure what else...") or after it ("I couldn't
    # answer with my daughter there; it's all fine though", "j'ai pas su quoi répondre, mais non")
    return answer is not None and not ANSWERED.search(doc.text, ent.end_char, end)


FEEL_FR = frozenset({"sens", "sent", "sentir", "sentais", "sentait", "ressens", "ressent"})
ASKED = frozenset({"asked", "asks", "ask", "asking", "demande", "demandé", "demandait"})
DOUBT_ANSWER = re.compile(
    r"\b(?:do|did|does|can|could|ca|wo)(?:n[’']?t|\s+not)\s+(?:really\s+|honestly\s+|genuinely\s+)?"
    r"(?:know|tell|say)\b|\bcannot\s+(?:tell|say)\b|\bnot\s+sure\b|\bno\s+idea\b|\bunsure\b"
    r"|\b(?:ne\s+)?(?:sai[st]|savai[st]|saurai[st])\s+pas\b|\bne\s+saurai[st]\s+dire\b|\baucune\s+id[ée]e\b"
    r"|\bpas\s+s[ûu]re?\b"
    r"|\bpas\s+su\s+(?:quoi\s+)?r[ée]pondre\b|\bcould(?:n[’']?t|\s+not)\s+answer\b",
    re.IGNORECASE,
)
ANSWERED = re.compile(
    r"\b(?:said|told\s+(?:her|him|them))\s+(?:no|yes)\b|\b(?:dit|r[ée]pondu)\s+(?:non|oui)\b"
    r"|(?:^|[.!?,]\s*)(?:no|non|nope|nah|yes|oui)\b"
    r"|\b(?:they|it|that)(?:'s|\s+(?:is|are|was|were))\s+(?:all\s+)?(?:fine|ok|okay|normal|good)\b"
    r"|\bc'est\s+(?:bon|normal|ok)\b|\btout\s+va\s+bien\b|\bmais\s+non\b|\bbut\s+no\b",
    re.IGNORECASE,
)


def _doubted_answers(
    doubted: list[Any], cats: dict[str, Category], sent_of: dict[int, int], saddle_sents: set[int]
) -> list[_Mention]:
    """The questions left open by a doubt, as mentions for `_unread_continence`: a numbness is the
    saddle's when the saddle area is named in its sentence or the one before ("the 111 lady asked
    about numbness around my bum... I can't tell if it's numb")."""
    out = []
    for ent in doubted:
        cat, at = cats[ent.label_], sent_of[ent.start]
        if cat.name == "NUMBNESS":
            if not {at, at - 1} & saddle_sents:
                continue
            cat = cats["SADDLE_AREA"]
        out.append(_Mention(cat, ent.start, ent.end, at, False, ent))
    return out


DENIALS = frozenset({"not", "n't", "never", "cannot", "unable", "ne", "pas", "plus"})
# what a denial may deny that is a trouble, not the act: "I don't need to strain", "I do not have
# any leaks", "never had trouble going" (a third review found these read as acts denied)
TROUBLE_DENIED = frozenset(
    {"strain", "straining", "push", "pushing", "leak", "leaks", "leaking", "control", "more",
     "night", "problem", "problems", "issue", "issues", "trouble", "difficulty", "souci", "soucis",
     "pousser", "fuite", "fuites", "accident", "accidents", "urgency", "rush"}
)  # fmt: skip


def _an_act_denied(sent: Any, after: int) -> bool:
    """After token `after` in `sent`, a denial whose next five words name no trouble: "I've not
    been for 5 days" denies the act; "I don't need to strain" denies a trouble."""
    words = [t.norm_ for t in sent if t.i >= after]
    return any(
        w in DENIALS and not TROUBLE_DENIED.intersection(words[n + 1 : n + 6])
        for n, w in enumerate(words)
    )


def _qualified_negations(mentions: list[_Mention], sentences: list[Any]) -> list[_Mention]:
    """A cauda equina answer negated, then qualified in the same sentence: the negation is not the
    whole answer, so the question stays open (RF-CES-UNSURE) instead of reading "normal".
    Why: an adversarial review found "no leaks until I fell, now all the time" and "pas de souci
    pour uriner mais je dois pousser" read as a normal bladder."""
    out = []
    for m in mentions:
        marker = m.cat.name == "CONTINENCE_WORDS"
        ces = marker or bool(m.cat.fields and m.cat.fields[0] in CES_FIELDS)
        if ces and not m.negated and m.cat.kind == "value" and m.cat.value == "normal":
            # "my bladder is fine, it's just that I can't go", "Bladder: normal (haven't been
            # since this morning though)": a normal verdict qualified by an act of the bladder
            rest = {t.norm_ for t in sentences[m.sent] if t.i >= m.end}
            acts = rest & (FUNCTION_WORDS | CONTINENCE_ACTS)
            # "Bowels unchanged, I've not been for 5 days and can't feel the urge"
            denied = _an_act_denied(sentences[m.sent], m.end)
            if acts and (
                rest & (BUT | EXCEPTIONS | {"well", "however", "cependant", "pourtant"}) or denied
            ):
                out.append(m)
            continue
        if not (m.negated and ces):
            continue
        # from inside the span on: "uriner mais je dois pousser" is one span
        after = [t.norm_ for t in sentences[m.sent] if t.i > m.start]
        told_acts = FUNCTION_WORDS | CONTINENCE_ACTS
        if (
            any(w in EXCEPTIONS for w in after)
            or any(w in BUT and told_acts.intersection(after[n + 1 :]) for n, w in enumerate(after))
            # "Bladder: normal (haven't been since this morning though)": the qualifier last
            or (after[-2:] and set(after[-2:]) & BUT and told_acts.intersection(after))
        ):
            if marker:
                m.negated = False  # "wee normal but I have to push": the bladder named, unread
            else:
                out.append(m)
    return out


def _unread_continence(
    case: dict[str, Any], spans: list[Span], words: list[_Mention], feeling_told_normal: bool
) -> None:
    """The bladder or bowel named, or a feeling of the saddle area told, in the writer's present,
    with no reading of it: the question goes into `unsure` (a same-day check, RF-CES-UNSURE), as
    a person's "I don't know" would. So does an answer negated and then qualified ("no leaks
    until I fell", `_qualified_negations`): its own field.
    Why: "I've been going for a wee less than usual" has a thousand forms; a lexicon misses some,
    and a cauda equina sign missed in silence is the costly error (INT-24)."""
    symptoms = case.get("symptoms", {})
    unsure: list[str] = case.setdefault("unsure", [])
    for m in words:
        if m.cat.kind != "marker":
            path = m.cat.fields[0]
        elif m.cat.name == "CES_NAMED":
            days = case.get("history", {}).get("symptom_days")
            if (
                "saddle_numbness" in symptoms
                or any(symptoms.get(k) not in (None, "normal") for k in ("bladder", "bowel"))
                # a normal bladder or bowel answers the saddle's question only beside a feeling
                # denied ("no numbness anywhere", "je sens tout"): "wee and poo normal" alone
                # leaves it open (a never-opened post whose writer could not tell lost its
                # same-day check when its "as usual" bladder came to be read, 2026-12-08)
                or (
                    any(k in symptoms for k in ("bladder", "bowel"))
                    and (symptoms.get("numbness") == "none" or feeling_told_normal)
                )
                or (days is not None and days > 14)
            ):
                continue  # the text reads a sign itself, or dates the story beyond two weeks
            path = "symptoms.saddle_numbness"
        elif m.cat.name == "SADDLE_AREA":
            path = "symptoms.saddle_numbness"
        elif any(fold(t.text) in BOWEL_WORDS for t in m.span):
            path = "symptoms.bowel"
        else:
            path = "symptoms.bladder"
        if path.split(".")[1] in symptoms or path in unsure:
            continue
        unsure.append(path)
        spans.append(
            Span(path, "unsure", m.cat.name, m.span.start_char, m.span.end_char, m.span.text)
        )
    if not unsure:
        del case["unsure"]


def _long_standing_arms(
    case: dict[str, Any], spans: list[Span], ignored: list[Span], inferred: set[tuple[int, int]]
) -> None:
    """`face_or_arm_symptoms` is *new* weakness or numbness of the face or an arm (case-format).
    Hands that have tingled with the legs for months (the common picture of polyneuropathy) are
    not: when the arm symptom was only read from numbness or weakness told of the hands or arms,
    and the text dates the symptoms to more than 14 days, it is left out (listed as ignored). A
    named arm or face symptom ("my arm went weak") stays, whatever the duration."""
    symptoms = case.get("symptoms", {})
    days = case.get("history", {}).get("symptom_days")
    if symptoms.get("face_or_arm_symptoms") is not True or days is None or days <= 14:
        return
    arm = [s for s in spans if s.field == "symptoms.face_or_arm_symptoms"]
    if not arm or any((s.start, s.end) not in inferred for s in arm):
        return
    del symptoms["face_or_arm_symptoms"]
    for s in arm:
        spans.remove(s)
        ignored.append(
            Span(s.field, None, s.category, s.start, s.end, s.text, s.negated, "long_standing")
        )


# Examination findings (text/exam_notes.py): when a note gives several values for one field, the
# worse wins (the lower grade, absent over reduced, positive over negative, the larger residual).
EXAM_SEVERITY: dict[str, tuple[Any, ...]] = {
    "reflexes": ("absent", "reduced", "brisk", "normal"),
    "sensation": ("absent", "reduced", "normal"),
    "straight_leg_raise": ("positive", "negative"),
    "femoral_stretch": ("positive", "negative"),
    "anal_tone": ("reduced", "normal"),
    "babinski": (True, False),
    "clonus": (True, False),
}


def _exam_combine(path: str, values: list[Any]) -> Any:
    parts = path.split(".")
    if parts[1] in ("strength",):
        return min(values)
    if parts[1] == "post_void_residual_ml":
        return max(values)
    if parts[1] == "crossed_straight_leg_raise":
        return _combine(path, "side", values)
    order = EXAM_SEVERITY[parts[1]]
    return min(values, key=order.index)


def _exam(
    text: str,
    case: dict[str, Any],
    spans: list[Span],
    ignored: list[Span],
    leaflet: Sequence[tuple[int, int]] = (),
) -> None:
    """Examination findings of a clinician's note, each with its words, merged into the case: an
    exam field takes the worse value the note gives; a symptom of unstated side read from a grade
    (exam_notes) joins the symptom read from the words like any other mention. A finding inside a
    quoted list of warning signs ("watch for 'saddle anaesthesia, ...', I don't have any of
    those") is the list's, not an examination's."""
    found: dict[str, list[tuple[Any, Span]]] = {}
    for f in read_exam(text):
        reason = f.reason or ("generic" if any(a <= f.start < b for a, b in leaflet) else None)
        span = Span(f.path, f.value, f.category, f.start, f.end, f.text, f.negated, reason)
        if reason:
            ignored.append(Span(None, None, f.category, f.start, f.end, f.text, f.negated, reason))
            continue
        found.setdefault(f.path, []).append((f.value, span))
    for path, readings in found.items():
        values = [v for v, _ in readings]
        if path.startswith("symptoms."):
            before = get_path(case, path)
            value = _combine(path, "side", values + ([before] if before is not None else []))
            keep = [s for v, s in readings if _supports("side", v, value)]
        else:
            value = _exam_combine(path, values)
            keep = [s for v, s in readings if v == value]
        set_path(case, path, value)
        spans.extend(keep)


def _dated_sentences(sentences: list[Any], today: date) -> tuple[set[int], list[tuple[int, int]]]:
    """The sentences dated in the past, and the bracketed asides dated in the past. A date inside
    brackets dates the aside only: "sciatica for ten days (known disc, MRI in 2022)" is a current
    sciatica with a past scan, not a past story."""
    out: set[int] = set()
    asides: list[tuple[int, int]] = []
    for n, sent in enumerate(sentences):
        brackets = [(m.start(), m.end()) for m in ASIDE.finditer(sent.text)]
        for m in PAST_DATE.finditer(sent.text):
            if m.group(1) is not None and int(m.group(1)) >= today.year:
                continue
            if BORN.search(sent.text[max(0, m.start() - 25) : m.start()]):
                continue  # "I was born in 1948 and my left leg is weak": a birth, not the story
            inside = next((b for b in brackets if b[0] <= m.start() < b[1]), None)
            if inside is None:
                out.add(n)
            else:
                asides.append((sent.start_char + inside[0], sent.start_char + inside[1]))
    return out, asides


# A passage quoted from elsewhere: between quotation marks, or after a colon that follows a
# leaflet's words ("the leaflet has a box saying go to A&E if you have: ...").
QUOTED = re.compile(
    r"[«“\"]([^«»“”\"]{10,500})[»”\"]"
    # single quotes, not apostrophes: "watch for 'saddle anaesthesia, loss of bladder control'"
    r"|(?<![\w'])'([^'\n]{10,300})'(?![\w'])"
    # a line quoted in a reply: "> Any numbness, weakness, or trouble with the bathroom?"
    r"|^>[ \t]?([^\n]{10,500})$",
    re.MULTILINE,
)
LEAFLET = re.compile(
    r"\b(?:leaflet|list|box|warning\s+signs?|red\s+flags?|signs|symptoms|article|website|poster"
    r"|if\s+you\s+have|if\s+you|d[ée]pliant|liste|signes|sympt[ôo]mes|brochure|affiche|site"
    r"|si\s+vous\s+avez|pharmacy|pharmacist|paper|sheet|card|app|hospital\s+if|a&e\s+if|er\s+if"
    r"|urgences\s+si|pharmacie|pharmacien|papier|feuille|fiche)\b[^.:\n]{0,80}:([^.!?\n]{10,500})",
    re.IGNORECASE,
)
# a leaflet's or a clinician's words told without a colon: "a leaflet which says to go to A&E at
# once with numbness around the back passage, difficulty passing water, ..."; "the app told me to
# watch for saddle anaesthesia, loss of bladder control ..." (to the end of the sentence)
TOLD_LIST = re.compile(
    r"\b(?:leaflet|paper|sheet|card|app|website|poster|nhs|pharmacist|nurse|gp|doctor|physio"
    r"|d[ée]pliant|papier|feuille|fiche|site|pharmacien|m[ée]decin|kin[ée])\b[^.!?\n]{0,60}?"
    r"\b(?:says?|said|tells?|told|lists?|listed|warns?|warned|dit|disait|conseille)\b[^.!?\n]{0,60}?"
    r"\b(?:with|if|for|about|avec|si|en\s+cas\s+de)\s+([^.!?\n]{10,500})",
    re.IGNORECASE,
)


# a list in brackets after the words that announce one: "all the 'go to the ER if' signs
# (numbness between your legs, can't pee, both legs weak)"
LISTED = re.compile(
    r"\b(?:signs?|symptoms?|list|warnings?|red\s+flags?|leaflet|signes|sympt[ôo]mes|liste)\b"
    r"[^.(\n]{0,40}\(([^)\n]{10,500})\)",
    re.IGNORECASE,
)
# what a list of warning signs names besides the red flags themselves
WARNING_WORDS = frozenset(
    {"NUMBNESS", "WEAKNESS", "SADDLE_AREA", "CONTINENCE_WORDS", "FEVER", "EXAM_SADDLE",
     "COURSE_WORSE"}
)  # fmt: skip


DENIED = re.compile(
    r"\b(?:none\s+of\s+(?:th(?:ose|ese|em|at|is)|it|the\s+above|which|the\s+(?:signs|symptoms|things|list|red))|i\s+have\s+none|i'?ve\s+(?:got\s+)?none|not\s+me|doesn'?t\s+apply|don'?t\s+apply"
    r"|fine\s+on\s+all|none\s+apply|nothing\s+like\s+that|haven'?t\s+got\s+any"
    r"|no\s+to\s+(?:all|both|any|each|every)|(?:don'?t|do\s+not|i\s+not)\s+have\s+(?:any|th[ie]s|those|these|them)"
    r"|haven'?t\s+had\s+any|not\s+(?:a\s+)?(?:one|single)\s+of|aucun\s+de\s+ces|je\s+n'ai\s+aucun"
    r"|i\s+have\s+neither|neither\s+of\s+th|ni\s+l'un\s+ni\s+l'autre|no\s+sign\s+of\s+(?:th|any)"
    r"|luckily\s+not|thankfully\s+not|thank\s+god\s+not|i\s+haven'?t(?:\s*[,.!]|\s+thank)|me\s*:\s*neither"
    r"|j'ai\s+aucun"
    r"|rien\s+de\s+tout|aucun\s+de|aucune\s+de|je\s+n'ai\s+rien|j'ai\s+rien|ne\s+s'applique"
    r"|pas\s+concern[ée]e?)",
    re.IGNORECASE,
)
OWNED = re.compile(
    r"\b(?:yes|exactly\s+(?:what|that|those|these|this|like\s+th)|all\s+three|i\s+have\s+(?:all|them|these|those)|tick|what\s+i\s+have|my\s+(?:notes|symptoms|diary|list)"
    r"|i\s+wrote|i\s+told|i\s+typed|typed\s+my|c'est\s+ce\s+que\s+j'ai|j'ai\s+tout|oui|je\s+coche"
    r"|mes\s+sympt[ôo]mes|j'ai\s+not[ée]|j'ai\s+dit|j'ai\s+les\s+deux|i\s+have\s+both"
    r"|i'?ve\s+got\s+both|j'ai\s+tout\s+[çc]a)\b",
    re.IGNORECASE,
)


def _claimed_later(text: str, ent: Any, sent: Any) -> bool:
    """A warning's condition the writer then says has come true: "the GP said to go to A&E if I
    get numbness down below or can't pee. Well, now I have both", "c'est exactement ce qui m'arrive
    depuis ce matin". The condition is a finding (read in the rest of its sentence and the next
    200 characters, unless a denial comes first)."""
    window = text[ent.end_char : sent.end_char + 200]
    claim = CLAIMED.search(window)
    if claim is None:
        return False
    denial = DENIED.search(window)
    return denial is None or denial.start() > claim.start()


CLAIMED = re.compile(
    r"\b(?:(?:now\s+)?i(?:'ve|\s+have)\s+(?:now\s+)?(?:got\s+)?(?:both|all\s+three|them\s+both)"
    r"(?=\s*(?:[.,!;)]|$|of\s+th|now|since|already|today|this|from|as\s+of))"
    r"|(?:now\s+)?i(?:'ve|\s+have)\s+(?:now\s+)?(?:got\s+)?all\s+of\s+th(?:ose|em|ese)"
    # told of the person written about: "well, now she has both", "il a les deux"
    r"|(?:s?he|they)(?:'s|\s+has|\s+have|'ve)\s+(?:now\s+)?(?:got\s+)?(?:both|all\s+three|them\s+both)"
    r"(?=\s*(?:[.,!;)]|$|of\s+th|now|since|already|today|this|from|as\s+of))"
    r"|(?:il|elle)\s+a\s+(?:maintenant\s+)?(?:les\s+deux|tout\s+[çc]a|les\s+trois)"
    r"|i\s+do\s+have\s+(?:both|all|them|those|these|that)\b"
    r"|that'?s\s+(?:exactly\s+)?what(?:'s|\s+has|\s+is)?\s+(?:happened|happening|i\s+have|i'?ve\s+got)"
    r"|(?:both|all\s+(?:three|of\s+th(?:ose|em|ese)))\s+(?:have\s+|has\s+)?(?:now\s+)?(?:happened|started|come\s+on)"
    r"|which\s+i\s+(?:now\s+)?have|yes\s+to\s+(?:both|all|each)"
    r"|j'ai\s+(?:maintenant\s+)?(?:les\s+deux|tout\s+[çc]a|les\s+trois)"
    r"|c'est\s+(?:exactement\s+)?ce\s+qui\s+(?:m'arrive|se\s+passe|est\s+arriv)|c'est\s+ce\s+que\s+j'ai)",
    re.IGNORECASE,
)


def _owned_after(after: str) -> bool:
    """The writer owns the list in the words after it ("that's exactly what I have"), unless
    those words are the denial itself ("no to all three" is no "all three")."""
    denials = [m.span() for m in DENIED.finditer(after)]
    return any(not any(lo <= m.start() < hi for lo, hi in denials) for m in OWNED.finditer(after))


def _quoted_lists(text: str, doc: Any, cats: dict[str, Category]) -> list[tuple[int, int]]:
    """Character ranges of a list of warning signs quoted from a leaflet or an article: a quoted
    passage that names two red flags or more. Its words are not the writer's findings (README of
    the real posts), however they are punctuated. Why: "My physio gave me a leaflet ... "numbness
    between your legs ..., weakness in both legs - go to A&E". I'm fine on all of those" read as
    cauda equina, four times in the studied posts."""
    ranges = [
        m.span(next(g for g in (1, 2, 3) if m.group(g) is not None)) for m in QUOTED.finditer(text)
    ] + [
        m.span(1)
        for m in (*LEAFLET.finditer(text), *TOLD_LIST.finditer(text), *LISTED.finditer(text))
    ]
    out = []
    for a, b in ranges:
        # only a list the writer then denies ("none of it applies to me", "je n'ai rien de tout
        # ça"), and never one the writer owns ("my notes:", "that's exactly what I have"): a
        # person's own symptoms, quoted or listed, are findings (an adversarial review found 15
        # emergencies lost to a rule without this, 2026-12-07)
        before, after = text[max(0, a - 120) : a], text[b : b + 160]
        denied = DENIED.search(after) or DENIED.search(text[max(0, a - 60) : a])
        if not denied or OWNED.search(before) or _owned_after(after):
            continue
        flags = {
            e.label_
            for e in doc.ents
            if a <= e.start_char < b and (cats[e.label_].red_flag or e.label_ in WARNING_WORDS)
        }
        if len(flags) >= 2:
            out.append((a, b))
    return out


def _generic_sentences(doc: Any, text: str) -> tuple[set[int], set[int]]:
    """Sentences of general knowledge (a GENERIC cue such as "usually", "most people", "your", and no
    word tying it to a person), and quoted lists: the bulleted lines under a sentence that ends with
    ":" and carries both a generic and a hypothetical or warning cue ("Symptoms that may constitute
    an emergency include:"); a quoted list of warning signs is not a finding (README of the real
    posts). A plain "Symptoms include:" in a note introduces findings and quotes nothing."""
    out: set[int] = set()
    quoted: set[int] = set()
    sents = list(doc.sents)
    cued: set[int] = set()
    warned: set[int] = set()

    def sent_index(token: int) -> int:
        return next(n for n, s in enumerate(sents) if s.start <= token < s.end)

    for mod in doc._.context_graph.modifiers if doc.has_extension("context_graph") else ():
        if mod.category == "GENERIC":
            cued.add(sent_index(mod.modifier_span[0]))
        elif mod.category == "HYPOTHETICAL":
            warned.add(sent_index(mod.modifier_span[0]))

    def personal(n: int) -> bool:
        return any(t.norm_ in PERSONAL for t in sents[n])

    for n in sorted(cued):
        if not personal(n):
            out.add(n)
        # a list under a warning sentence ending with ":" is quoted, even when the sentence itself
        # is personal ("I read the warning signs, which include:")
        own = text[sents[n].start_char : sents[n].end_char].rstrip(" \t\n•-*–·")
        if not own.endswith(":") or n not in warned:
            continue
        # the list under it: following lines that are bullets (or blank), none of them personal
        pos = sents[n].start_char + len(own)
        for line in text[pos:].splitlines(keepends=True):
            if line.strip() and not BULLET.match(line):
                break
            start, pos = pos, pos + len(line)
            for k, sent in enumerate(sents):
                if sent.start_char < pos and start < sent.end_char and k > n and not personal(k):
                    quoted.add(k)
    return out, quoted


def _distance(m: _Mention, start: int, end: int) -> int:
    if m.span.end_char <= start:
        return int(start - m.span.end_char)
    if m.span.start_char >= end:
        return int(m.span.start_char - end)
    return 0


def _order_key(path: str) -> str:
    return path


def _combine(path: str, kind: str, values: list[Any]) -> Any:
    if kind == "side":  # none < unspecified < one leg < both
        found = set(values) - {"none"}
        if not found:
            return "none"
        if "both" in found or {"left", "right"} <= found:
            return "both"
        named = found - {"unspecified"}
        return named.pop() if named else "unspecified"
    if kind == "bool":
        return any(values)
    order = SEVERITY.get(path)
    if order:
        return min(values, key=lambda v: order.index(v) if v in order else len(order))
    return values[0]


def _supports(kind: str, value: Any, chosen: Any) -> bool:
    if kind == "side":
        return bool(
            value == chosen
            or (chosen == "both" and value != "none")
            or value == "none"
            or value == "unspecified"
        )
    return bool(value == chosen)


ONSET = re.compile(
    r"\b(?:ago|since|depuis|il\s+y\s+a|yesterday|hier|today|aujourd|this\s+morning|ce\s+matin"
    r"|last\s+night|cette\s+nuit|(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi"
    r"|jeudi|vendredi|samedi|dimanche)\b",
    re.IGNORECASE,
)


def _sentence_at(sent_start: list[int], char: int) -> int:
    """The index of the sentence holding character `char`, from the sentences' start offsets."""
    return max(0, bisect.bisect_right(sent_start, char) - 1)


def _numbers(
    text: str,
    doc: Any,
    today: date,
    mentions: list[_Mention],
    past: dict[int, list[Any]],
    sent_start: list[int],
    case: dict[str, Any],
    spans: list[Span],
    generic: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Durations, pain score and age: regular expressions over the text, placed by sentence; a
    duration in a sentence of general knowledge ("some cases last a year") dates nothing."""

    def sent_at(char: int) -> int:
        return _sentence_at(sent_start, char)

    by_sent: dict[int, list[_Mention]] = {}
    for m in mentions:
        by_sent.setdefault(m.sent, []).append(m)
    # the durations of the leg symptoms, by what they date: when a current leg finding is dated
    # from its start ("3 days ago pain started in both legs", "depuis 3 jours les deux jambes"),
    # the durations of leg findings alone; else every duration, back pain alone and sentences with
    # no finding included ("Past 6 months I've been training" dates no leg)
    symptom: list[tuple[int, Span]] = []
    symptom_else: list[tuple[int, Span]] = []
    weakness: list[tuple[int, Span]] = []
    for start, end, days in durations(text, today):
        if sent_at(start) in generic:
            continue
        here = by_sent.get(sent_at(start), [])
        snippet = text[start:end]
        gone = [e for e in past.get(sent_at(start), []) if e.end_char <= start]
        if gone and all(
            m.span.end_char < gone[-1].end_char or m.span.start_char > end for m in here
        ):
            continue  # "sciatica five years ago": the nearest finding before it is not current
        if here:  # the finding nearest the duration in its sentence is the one it dates
            before = [m for m in here if m.span.start_char < start]
            nearest = min(before or here, key=lambda m: _distance(m, start, end))
            if nearest.cat.name == "BECAME_BILATERAL":
                continue
            if nearest.negated and nearest.cat.name not in PROCEDURES:
                continue  # "for the past 3 years I have had no back problems": dates an absence
            if not (nearest.cat.name in PROCEDURES and not nearest.negated):
                here = [nearest]
        if any(m.cat.name in PROCEDURES and not m.negated for m in here):
            recent = days <= 90
            set_path(case, "history.recent_spinal_procedure", recent)
            spans.append(
                Span("history.recent_spinal_procedure", recent, "DURATION", start, end, snippet)
            )
            continue
        if here and all(
            m.span._.is_historical or m.cat.keep_historical or m.cat.name == "BECAME_BILATERAL"
            for m in here
        ):
            continue  # "sciatica five years ago", "cancer in 2015": not this episode
        if any(m.cat.name in MOTOR and not m.negated for m in here):
            weakness.append(
                (days, Span("history.weakness_days", days, "DURATION", start, end, snippet))
            )
        else:
            leg = any(m.cat.name != "BACK_PAIN" for m in here)
            (symptom if leg else symptom_else).append(
                (days, Span("history.symptom_days", days, "DURATION", start, end, snippet))
            )
    if not any(ONSET.search(span.text) for _, span in symptom):
        symptom = symptom + symptom_else
    if symptom:
        days, span = max(symptom, key=lambda d: d[0])
        set_path(case, "history.symptom_days", min(days, 36500))
        spans.append(span)
    if weakness:
        days, span = max(weakness, key=lambda d: d[0])
        set_path(case, "history.weakness_days", min(days, 36500))
        spans.append(span)
    care = [
        (
            _number(hit.group(1) or hit.group(3))
            * UNIT_DAYS[(hit.group(2) or hit.group(4)).lower()],
            hit,
        )
        for hit in CARE.finditer(text)
        if sent_at(hit.start()) not in generic
    ]
    if care:  # "done six weeks of physio": RF-PAIN-6W counts the weeks of treatment tried
        days, hit = max(care, key=lambda c: c[0])
        weeks = days // 7
        set_path(case, "history.conservative_care_weeks", weeks)
        spans.append(
            Span("history.conservative_care_weeks", weeks, "CARE", hit.start(), hit.end(), hit[0])
        )
    scores = [
        (int(next(g for g in hit.groups() if g)), hit)
        for hit in (*PAIN.finditer(text), *SPOKEN_PAIN.finditer(text))
    ] + [(WORD_SCORES[hit.group(1).lower()], hit) for hit in WORDED_PAIN.finditer(text)]
    if scores:
        value, hit = max(scores, key=lambda s: s[0])
        set_path(case, "symptoms.pain_score", value)
        spans.append(
            Span("symptoms.pain_score", value, "PAIN_SCORE", hit.start(), hit.end(), hit.group(0))
        )
    # a temperature of 38 or more is a fever, even beside a "no fever" ("no fever, though the
    # thermometer said 38.4"): the measurement is the safer reading
    for fever in TEMPERATURE.finditer(text):
        if case.get("history", {}).get("fever") is True:
            break
        degrees = float((next(g for g in fever.groups() if g)).replace(",", "."))
        if degrees >= 38.0 if degrees < 50 else degrees >= 100.4:  # Celsius, else Fahrenheit
            set_path(case, "history.fever", True)
            spans.append(
                Span("history.fever", True, "FEVER", fever.start(), fever.end(), fever.group(0))
            )
    # the writer's own age before a relative's: "my mum's 74 and she's fine. I'm 38 ..."
    for hit in sorted(AGE.finditer(text), key=lambda h: not (h.group(4) or h.group(5))):
        if re.search(
            r"(?:\bwas|\bavais|\bavait|\bd'ici|\bin|\bil\s+y\s+a|\bdepuis|\bpendant|\bdurant"
            r"|\bfait|\bdans|\bapr[èe]s)\s*$",
            text[: hit.start()],
            re.I,
        ):
            continue  # "when I was 28", "j'avais 21 ans", "d'ici 5 ans", "opéré il y a 3 ans"
        age = next(int(g) for g in hit.groups() if g)
        if hit.group(2) and age < 16:
            continue  # "depuis 6-7 ans,", "ça fait 4 ans.": a bare "N ans" under 16 is a duration
        if 0 < age <= 120:
            set_path(case, "patient.age", age)
            spans.append(Span("patient.age", age, "AGE", hit.start(), hit.end(), hit.group(0)))
            break
    if case.get("patient", {}).get("age") is None:
        for hit in BIRTH_YEAR.finditer(text):
            # "DOB 03/1941", "born in 1948", "née en 1950": the age this year at most, the older
            # reading (the age thresholds of Part I are all "or older")
            year = int(hit.group(1) or hit.group(2))
            if year < 100:  # "born '49": the century that makes an adult of them
                year += 1900 if year > today.year % 100 else 2000
            age = today.year - year
            if CHILD_BEFORE.search(text[max(0, hit.start() - 30) : hit.start()]):
                continue  # "my son was born in 2019": not the patient's birth
            if 16 <= age <= 120:
                set_path(case, "patient.age", age)
                spans.append(Span("patient.age", age, "AGE", hit.start(), hit.end(), hit.group(0)))
                break
    for hit in SEX_LETTER.finditer(text):  # "52M", "52 yo F"
        if case.get("patient", {}).get("age") is None:
            set_path(case, "patient.age", int(hit.group(0)[:2]))
            spans.append(
                Span(
                    "patient.age",
                    int(hit.group(0)[:2]),
                    "AGE",
                    hit.start(),
                    hit.start() + 2,
                    hit.group(0)[:2],
                )
            )
        if case.get("patient", {}).get("sex") is None:
            sex = "male" if hit.group(1) == "M" else "female"
            set_path(case, "patient.sex", sex)
            spans.append(Span("patient.sex", sex, "SEX", hit.start(1), hit.end(1), hit.group(1)))
        break
