"""Findings composed from small word sets where no phrase rule matched (issue 12, the fifth
round): people put any words between a pain and the leg it is in, between failing and the task
failed, so a list of phrases never closes; two or three word sets do.

- a pain word and a part of the leg in one clause: leg pain ("j'ai mal dans toute la cuisse",
  "since Tuesday it's down the right leg");
- failing, a movement and a leg or what a leg works on: weakness ("couldn't press the brake with
  my left foot", "n'arrive plus à monter les marches, la jambe ne suit pas");
- a word of course beside the strength itself: the course of a weakness (INT-26);
- walking, then what eases it: claudication, and whether sitting or standing still eases it.

The spans are added after the phrase rules and before ConText (pipeline.TargetMatches), so a
negation, a condition, a past or another person's story reaches them as it reaches a phrase.
Why: on 160 posts written blind (2026-12-07) these were the findings most often missed in the
under- and over-triaged posts; two adversarial reviews shaped the exclusions (see each set)."""

from __future__ import annotations

from typing import Any

PAIN = frozenset(
    {"pain", "pains", "painful", "hurts", "hurt", "hurting", "ache", "aches", "ached", "aching", "achy",
     "sore", "soreness", "burning", "shooting", "stabbing", "throbbing", "sciatica", "agony", "killing",
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


SENTENCES = "sciatica.sentences"


def sentences(doc: Any) -> list[tuple[Any, str]]:
    """The doc's sentences with their text, made once per doc for the constructions (a span's
    `.text` rebuilds itself from its tokens each time it is read)."""
    cached: list[tuple[Any, str]] | None = doc.user_data.get(SENTENCES)
    if cached is None:
        cached = [(s, doc.text[s.start_char : s.end_char]) for s in doc.sents]
        doc.user_data[SENTENCES] = cached
    return cached


def claim(
    sent: Any, lo: int, hi: int, label: str, taken: set[int], out: list[tuple[int, int, str]]
) -> bool:
    """Mark characters lo..hi of `sent` (widened to whole tokens) as a finding `label`, unless a
    token there is already `taken`; the tokens are taken then. Whether it was marked."""
    span = sent.doc.char_span(sent.start_char + lo, sent.start_char + hi, alignment_mode="expand")
    if span is None or any(i in taken for i in range(span.start, span.end)):
        return False
    out.append((span.start, span.end, label))
    taken.update(range(span.start, span.end))
    return True


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
                if u.norm_ in PLURAL and t.norm_ in SORE and not _counted(doc, u.i):
                    continue  # "sore legs since the statin": a muscle ache of both legs, not RF-BILAT
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


# --- A leg that fails a task: weakness told by what the person cannot do -----------------------
# "I couldn't press the clutch with my left foot", "j'arrive plus à monter l'escalier", "my left
# leg won't do what I tell it". Three small word sets (failing, a movement, a leg or what a leg
# works on) instead of the endless phrases people use. A failure put down to pain ("can't walk far
# because of the pain") is a limit of walking, not weakness, and is left to the walking rules.
MODALS = frozenset({"can", "could", "will", "would", "does", "do", "did", "is", "was"})
FAILING = frozenset(
    {"unable", "struggle", "struggles", "struggled", "struggling", "trouble", "difficulty",
     "impossible", "incapable", "hard", "harder"}
)  # fmt: skip
FAILING_FR = frozenset({"arrive", "arrivais", "arrivait", "peux", "peut", "pouvais", "pouvait"})
NOT_FR = frozenset({"pas", "plus", "pu", "guere"})
NEARLY_FR = frozenset(
    {"quasiment", "presque", "vraiment", "carrément", "carrement", "meme", "même"}
)
MOVING = frozenset(
    {"lift", "raise", "climb", "get", "go", "stand", "push", "press", "bend", "straighten",
     "kick", "step", "come", "move", "use", "control", "hold", "pick", "do", "doing",
     "obey", "respond", "work", "monter", "lever", "soulever", "relever", "appuyer", "pousser",
     "tenir", "plier", "tendre", "bouger", "mettre", "porter", "suivre", "suit", "repondre",
     "répondre", "répond", "repond", "obeir", "obéir", "obeit", "obéit", "leve", "lève",
     "releve", "relève", "monte", "enfoncer", "enfonce", "floor", "wiggle", "wriggle", "flex",
     "curl", "remuer"}
)  # fmt: skip
LEG_WORK = frozenset(
    {"leg", "legs", "foot", "feet", "toes", "toe", "knee", "knees", "ankle", "heel", "heels",
     "thigh", "calf", "stairs", "staircase", "steps", "step", "kerb", "curb", "pedal", "clutch",
     "brake", "accelerator", "tiptoe", "tiptoes", "bath", "jambe", "jambes", "pied", "pieds",
     "orteils", "genou", "cheville", "talon", "escalier", "escaliers", "marche", "marches",
     "pedale", "pédale", "frein", "embrayage", "baignoire", "pointe", "pointes"}
)  # fmt: skip
# A failure imagined or feared is no finding; dressing the foot (socks, shoes, toenails) tests the
# hip's bend, not the leg's strength (the hip osteoarthritis mimic).
NOT_A_TASK = frozenset(
    {"imagine", "imagined", "imagining", "imaginais", "imaginait", "picture", "pictured", "afraid",
     "scared", "peur", "crains", "fear", "worried", "inquiet", "inquiete", "inquiète", "sock",
     "socks", "shoe", "shoes", "toenails", "nails", "chaussette", "chaussettes", "chaussure",
     "chaussures", "ongles", "never", "always", "childhood", "toujours", "jamais", "enfance",
     "stiff", "raide",
     "breath", "breathless", "souffle", "essouffle", "essoufflé", "essoufflée", "arthritis",
     "arthrose", "arthrosique", "osteoarthritis"}
)  # fmt: skip
BLAMED_ON_PAIN = frozenset(
    {"pain", "painful", "hurts", "hurt", "hurting", "douleur", "mal", "sore", "agony"}
)  # fmt: skip


def _fails_at(doc: Any, i: int) -> int | None:
    """The index after a failing cue that starts at token i, if one does: "can't", "won't",
    "unable", "struggle", "n'arrive plus", "peux pas", "impossible"."""
    t = doc[i]
    if t.norm_ in MODALS and i + 1 < len(doc) and doc[i + 1].norm_ == "not":
        return i + 2
    if t.norm_ in FAILING:
        return i + 1
    if t.norm_ in FAILING_FR:
        k = i + 1
        if k < len(doc) and doc[k].norm_ in NEARLY_FR:  # "j'arrive quasiment pu à ..."
            k += 1
        if k < len(doc) and doc[k].norm_ in NOT_FR:
            return k + 1
    if t.norm_ in ("mal", "peine") and i > 0 and doc[i - 1].norm_ in ("du", "de", "a", "à"):
        return i + 1  # "j'ai du mal à monter les marches", "à peine à lever le pied"
    if t.norm_ in ("ne", "n'") and i + 2 < len(doc) and doc[i + 2].norm_ in NOT_FR:
        return i + 1  # "la jambe ne suit pas": the verb is the movement
    return None


def weakness_spans(doc: Any, taken: set[int]) -> list[tuple[int, int]]:
    """(start, end) token spans of a leg failing a task, in one clause, on tokens outside
    `taken`: failing, then a movement within 4 words, then a leg or its work within 6 ("can't get
    up the stairs"); or a leg, then failing and a movement within 4 ("my left leg won't do")."""
    taken = set(taken)
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        words = {t.norm_ for t in sent}
        if words & BLAMED_ON_PAIN and words & {"because", "cause", "too", "tellement", "trop"}:
            continue  # "I can't climb the stairs because of the pain"
        if words & NOT_A_TASK:
            continue
        for t in sent:
            after = _fails_at(doc, t.i)
            if after is None:
                continue
            span = _task(doc, sent, t.i, after) or _leg_before(doc, sent, t.i, after)
            if span is None or any(i in taken for i in range(*span)):
                continue
            out.append(span)
            taken.update(range(*span))
    return out


def _clause(doc: Any, lo: int, hi: int) -> bool:
    return not any(w.is_punct for w in doc[lo:hi])


def _task(doc: Any, sent: Any, at: int, after: int) -> tuple[int, int] | None:
    for j in range(after, min(sent.end, after + 4)):
        if doc[j].norm_ not in MOVING:
            continue
        if _travels(doc, j) or (j + 1 < len(doc) and doc[j + 1].norm_ == "to"):
            continue  # "it doesn't go down the leg": where a pain goes, not a task
        for k in range(j + 1, min(sent.end, j + 7)):
            if doc[k].norm_ in LEG_WORK and _clause(doc, at, k):
                return at, k + 1
    return None


def _travels(doc: Any, j: int) -> bool:
    """The verb at j tells where something goes ("go down the leg"), not a task; pushing or
    pressing down is a task ("won't push down on the brake")."""
    return (
        j + 1 < len(doc)
        and doc[j + 1].norm_ in TRAVEL
        and doc[j].norm_ not in ("push", "press", "pousser", "appuyer")
    )


def _leg_before(doc: Any, sent: Any, at: int, after: int) -> tuple[int, int] | None:
    legs = [i for i in range(max(sent.start, at - 4), at) if doc[i].norm_ in LEG_WORK]
    if not legs or not _clause(doc, legs[-1], at):
        return None
    moving = [
        j
        # from the word after the failing cue: "my legs don't give way" has no movement in "do"
        for j in range(after, min(sent.end, after + 4))
        if doc[j].norm_ in MOVING and not _travels(doc, j)
    ]
    if not moving or not _clause(doc, at, moving[0]):
        return None
    return legs[-1], moving[0] + 1


# --- The course of a weakness, told of the strength itself -------------------------------------
# "getting weaker", "my foot is worse". A worse course raises the level, so any leg word will do
# for it, in a clause with no negation and no question, about no other subject (a hope or a
# forecast of worsening still raises it).
# A better or unchanged course is not composed: three adversarial reviews (2026-12-07) found it
# read from the course of a voice, a cough, a thigh, last month or an hour after an injection,
# each time lowering an emergency. The phrase rules keep the plain ones ("the weakness is
# improving"), under the guards of extract._not_a_told_course.
ANY_LEG = frozenset(
    {"weak", "weakness", "strength", "power", "faiblesse", "faible", "force", "deficit", "déficit",
     "leg", "legs", "knee", "jambe", "jambes", "genou", "foot", "toes", "tiptoe", "heel", "heels",
     "stairs", "walking", "lift", "drop", "slapping", "pied", "orteils", "pointe", "talon",
     "escalier", "marche", "marcher", "relever", "lever"}
)  # fmt: skip
# a clause that hopes, forecasts, asks or reports another's words tells no course (extract reads
# it for the better and unchanged courses its phrase rules find)
NOT_TOLD = frozenset(
    {"hope", "hoping", "hopefully", "should", "will", "would", "usually", "told", "says", "said",
     "expect", "expected", "think", "if", "espere", "espère", "devrait", "dit", "va", "vont",
     "normalement", "si", "pense", "seems", "seem", "appears", "semble", "morning", "mornings",
     "evening", "evenings", "night", "nights", "matin", "soir", "nuit", "arms", "arm", "hands",
     "bras", "mains"}
)  # fmt: skip
WORSE = frozenset(
    {"worse", "worsening", "weaker", "harder", "pire", "aggrave", "empire", "empirer"}
)  # fmt: skip
# "the worse side", "harder things", "a worse day": a comparison, no course
NOT_A_COURSE = frozenset(
    {"time", "thing", "things", "day", "temps", "chose", "side", "cote", "côté", "strength",
     "force", "size", "length", "power"}
)  # fmt: skip


# A clause about something else: its course is not the weakness's ("my back is better").
OTHER_SUBJECT = PAIN | frozenset(
    {"back", "dos", "sleep", "sommeil", "mood", "moral", "bladder", "bowel", "bowels", "wee",
     "pee", "numbness", "tingling", "fourmillements", "engourdissement", "sensation", "feeling",
     "sciatica", "sciatique", "neck", "arm", "hand", "stomach", "ventre", "bras", "main", "cou",
     "swelling", "swollen", "bruise", "colour", "color", "wound", "brace", "splint", "stick",
     "crutches", "diabetes", "pressure", "angina", "weight", "oedeme", "œdème", "canne",
     "couleur", "tension", "diabete", "diabète", "moralement", "plaie", "attelle"}
)  # fmt: skip


def course_spans(doc: Any, taken: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, "COURSE_WORSE") of a worse course told of the leg, on tokens outside
    `taken`."""
    taken = set(taken)
    out: list[tuple[int, int, str]] = []
    for sent in doc.sents:
        if "?" in sent.text:
            continue  # "is the foot better? no"
        for clause in _clauses(doc, sent):
            words = [doc[i] for i in clause]
            norms = {w.norm_ for w in words}
            if norms & OTHER_SUBJECT:
                continue
            for w in words:
                if w.i in taken or not _told_worse(doc, w, norms):
                    continue
                if not any(v.norm_ in ANY_LEG and v.i != w.i for v in words):
                    continue
                # the course word alone: its anchor may be a finding read already ("weakness")
                out.append((w.i, w.i + 1, "COURSE_WORSE"))
                taken.add(w.i)
    return out


def _clauses(doc: Any, sent: Any) -> list[list[int]]:
    """The token indices of each clause: split at punctuation and at "but", "mais"."""
    out: list[list[int]] = [[]]
    for t in sent:
        if t.is_punct or t.norm_ in ("but", "mais", "whereas", "alors"):
            out.append([])
        else:
            out[-1].append(t.i)
    return [c for c in out if c]


def _told_worse(doc: Any, w: Any, clause: set[str]) -> bool:
    """Whether a word tells a worse course in its clause. Not where the clause has a negation
    ("no worse" may mean "could not be worse"): the engine takes an unread course as worsening."""
    nxt = doc[w.i + 1].norm_ if w.i + 1 < len(doc) else ""
    return w.norm_ in WORSE and not clause & NOT and nxt not in NOT_A_COURSE


SORE = frozenset({"sore", "soreness", "ache", "aches", "aching", "achy"})
PLURAL = frozenset(
    {"legs", "thighs", "calves", "shins", "buttocks", "hamstrings", "feet", "jambes", "cuisses",
     "mollets", "pieds", "fesses"}
)  # fmt: skip


def _counted(doc: Any, i: int) -> bool:
    """ "both legs", "les deux jambes", "two legs": the plural counted in words."""
    return any(w.norm_ in ("both", "deux", "two", "2") for w in doc[max(0, i - 3) : i])


# --- Claudication: a leg symptom brought on by walking and eased by stopping or sitting --------
# "thigh pain after 5 minutes walking, better if I sit", "j'ai mal au mollet quand je marche, je
# m'arrête devant une vitrine et ça passe". What eases it tells the mimic apart (Part I §5):
# sitting or bending forward (the spinal canal), standing still (the arteries).
WALKING = frozenset(
    {"walk", "walking", "walked", "walks", "metres", "meters", "yards", "marche", "marcher",
     "marchant", "mètres", "montant", "montée"}
)  # fmt: skip
SITTING = frozenset(
    {"sit", "sitting", "sits", "sat", "bend", "bending", "lean", "leaning", "trolley", "cart",
     "crouch", "squat", "asseoir", "assois", "assieds", "assis", "assise", "penche", "pencher",
     "caddie", "chariot", "accroupi", "accroupie"}
)  # fmt: skip
STOPPING = frozenset(
    {"stop", "stops", "stopping", "stopped", "rest", "resting", "still", "arrete", "arrête",
     "arrêter", "arreter", "m'arrête", "m'arrete", "repos", "pause"}
)  # fmt: skip
EASING = frozenset(
    {"eases", "ease", "eased", "away", "passes", "pass", "better", "disappears", "settles",
     "relieves", "relieved", "helps", "fades", "goes", "have", "need", "must", "passe", "disparait",
     "disparaît", "soulage", "soulagé", "soulagée", "mieux", "calme", "dois", "doit", "obligé",
     "obligée", "oblige", "repart"}
)  # fmt: skip
LEG_FEELING = PAIN | frozenset(
    {"cramp", "cramps", "cramping", "heavy", "heaviness", "tired", "numb", "tingling", "weak",
     "crampe", "crampes", "lourdes", "lourde", "lourdeur", "fatigue", "fatiguées", "dur", "durcit",
     "tétanisé", "tetanise"}
)  # fmt: skip


def claudication_spans(doc: Any, taken: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, label): CLAUDICATION from the walking word up to what eases it, then the word
    that eases it as CLAUDICATION_SITTING or CLAUDICATION_STANDING. One per text."""
    for sent in doc.sents:
        norms = {t.norm_ for t in sent}
        if not (norms & LEG_FEELING and norms & EASING):
            continue
        legs = [
            t.i
            for t in sent
            if t.norm_ in LEG | FOOT | PLURAL
            and not any(doc[k].norm_ in NOT for k in range(max(sent.start, t.i - 2), t.i))
        ]
        if not legs:
            continue  # "after walking my back gets stiff, sitting helps, no leg pain"
        walk = next((t.i for t in sent if t.norm_ in WALKING and t.i not in taken), None)
        if walk is None:
            continue
        eased = [t.i for t in sent if t.i > walk and t.norm_ in SITTING | STOPPING]
        eased = [i for i in eased if i not in taken]
        if not eased:
            continue
        # "sans m'asseoir", "without sitting": the sitting is denied
        sat = [
            i
            for i in eased
            if doc[i].norm_ in SITTING
            and not any(doc[k].norm_ in NOT for k in range(max(sent.start, i - 2), i))
        ]
        how = "CLAUDICATION_SITTING" if sat else "CLAUDICATION_STANDING"
        # the walking word and the easing word: what lies between may be read already ("mon
        # mollet fait mal" is leg pain)
        return [(walk, walk + 1, "CLAUDICATION"), (eased[0], eased[0] + 1, how)]
    return []
