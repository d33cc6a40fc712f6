"""Constructions of the tenth free-text round (issue 12, 2026-12-07, fifth session): the tuning parts
of blind batches 30 to 33 and the project's own probe texts (tests/text/probes). Every text here is
this project's own writing; each row names the reading it protects, and the rows after them the
false alarms the same constructions must not raise."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.engine import assess
from sciatica.text.extract import extract, extract_many

TODAY = date(2026, 12, 7)
LEVELS = ["self_care", "routine", "soon", "urgent", "emergency"]
PROBES = Path(__file__).parent / "probes"


def read(text: str) -> tuple[dict[str, Any], str]:
    x = extract(text, today=TODAY)
    return x.findings(), assess(x.case).triage.level


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # a failed heel or tiptoe walk told as a denied ability is the finding
        ("Can't do heel walking on the right, tried twice.", "symptoms.cannot_heel_walk", "right"),
        ("cannot do toe walking on my left side", "symptoms.cannot_toe_walk", "left"),
        (
            "J'arrive plus à marcher sur les talons, côté gauche.",
            "symptoms.cannot_heel_walk",
            "left",
        ),
        (
            "Pas moyen de tenir sur la pointe du pied droit depuis lundi.",
            "symptoms.cannot_toe_walk",
            "right",
        ),
        (
            "The physio had me walk on my heels and the front of my right foot just won't stay up.",
            "symptoms.cannot_heel_walk",
            "right",
        ),
        (
            "En marchant sur les talons, côté gauche, la pointe du pied retombe tout de suite.",
            "symptoms.cannot_heel_walk",
            "left",
        ),
        # everyday and Quebec French: "pas mal faible" is quite weak; "ça va mieux" is a course
        ("Ma jambe droite est pas mal faible depuis une semaine.", "symptoms.weakness", "right"),
        ("Mon pied gauche claque au sol, ça va un peu mieux.", "symptoms.foot_drop", "left"),
        # a leg that gives way or goes useless, told in other words
        ("Mon genou droit plie tout seul dans l'escalier.", "symptoms.leg_gives_way", True),
        ("Sa jambe gauche l'a lâchée d'un coup au marché.", "symptoms.leg_gives_way", True),
        ("On the stairs my left leg goes a bit useless halfway up.", "symptoms.weakness", "left"),
        (
            "Dans les escaliers la jambe droite ne pousse plus, je me tiens à la rampe.",
            "symptoms.weakness",
            "right",
        ),
        # the saddle told by the area and a lost feeling
        ("His willy and his balls have gone numb since Sunday.", "symptoms.saddle_numbness", True),
        ("No control over my bowl since Sunday.", "symptoms.bowel", "incontinence"),
        (
            "Everything between my legs is dead since this morning.",
            "symptoms.saddle_numbness",
            True,
        ),
        ("Il dit qu'il sent plus ses parties depuis hier.", "symptoms.saddle_numbness", True),
        (
            "My bottom feels like it belongs to someone else when I sit.",
            "symptoms.saddle_numbness",
            True,
        ),
        # the bladder: effort, nothing coming, a catheter, and in French
        ("I have to strain to pee since Tuesday.", "symptoms.bladder", "new_difficulty"),
        (
            "Went to the loo four times, nothing will come out.",
            "symptoms.bladder",
            "new_difficulty",
        ),
        ("Hasn't passed water since breakfast.", "symptoms.bladder", "retention"),
        ("In A&E they had to drain my bladder with a tube.", "symptoms.bladder", "retention"),
        ("Il doit pousser fort pour que ça coule.", "symptoms.bladder", "new_difficulty"),
        ("Je reste devant les wc à attendre que ça vienne.", "symptoms.bladder", "new_difficulty"),
        ("Rien pissé depuis ce matin, le ventre est dur.", "symptoms.bladder", "retention"),
        ("Ce matin lit mouillé, jamais arrivé.", "symptoms.bladder", "incontinence"),
        # the bowel: an accident, more than wind, and in French
        ("Found mess in my pants and never felt it.", "symptoms.bowel", "incontinence"),
        ("Thought it was wind but it wasn't just wind.", "symptoms.bowel", "incontinence"),
        (
            "Il s'est sali dans son pyjama sans s'en rendre compte.",
            "symptoms.bowel",
            "incontinence",
        ),
        ("Je retiens plus mes selles depuis hier.", "symptoms.bowel", "incontinence"),
        ("Haven't managed a number two in five days, no urge.", "symptoms.bowel", "new_difficulty"),
        ("My bowls are not right since Monday.", "symptoms.bowel", "new_difficulty"),
        # sexual function lost, told plainly
        (
            "He hasn't been able to keep an erection since the disc went.",
            "symptoms.sexual_dysfunction_new",
            True,
        ),
        (
            "Morning erections have gone since the sciatica.",
            "symptoms.sexual_dysfunction_new",
            True,
        ),
        ("No orgasm at all since the leg pain began.", "symptoms.sexual_dysfunction_new", True),
        # an opioid named and its failure in the same clause
        (
            "On tramadol for a week and it does absolutely nothing.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "They gave him morphine and he was still in agony.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Même avec la morphine la douleur ne passe pas.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Le Dilaudid ça m'a rien fait, encore mal partout.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        # night pain told as not easing, whatever the position
        (
            "Nights are awful. It doesn't settle whichever way she turns.",
            "symptoms.night_pain",
            True,
        ),
        (
            "La nuit ça ne se calme pas, quelle que soit la position.",
            "symptoms.night_pain",
            True,
        ),
        ("Wakes me every night, no position helps, daytime ok.", "symptoms.night_pain", True),
        ("It burns all night long in my leg.", "symptoms.night_pain", True),
        # a fall or a crash, and a sudden onset
        ("Came off my bike on Sunday and the leg pain started.", "history.trauma", True),
        ("Got rear-ended at the lights, now sciatica on the right.", "history.trauma", True),
        ("Je suis tombé d'une échelle et depuis j'ai mal.", "history.trauma", True),
        ("Lifted a sack, felt something go, pain down the left leg.", "history.onset", "sudden"),
        # ages in a phone message, durations told as the sciatica's age
        ("mum 81 lifted the shopping, pain down her right leg.", "patient.age", 81),
        ("Ma sciatique gauche a trois semaines aujourd'hui.", "history.symptom_days", 21),
        # a pain compared between the legs: both hurt
        ("My right leg hurts more than the left.", "symptoms.leg_pain", "both"),
        ("Ma jambe gauche me fait plus mal que la droite.", "symptoms.leg_pain", "both"),
        # a short French text is read in French
        ("ma sciatique droite a 2 semaines.", "symptoms.leg_pain", "right"),
        ("sciatique gauche, mollet qui tire", "symptoms.leg_pain", "left"),
        # a stable course told by its years
        (
            "Dropped right foot since 2017, it's been exactly the same for 7 years.",
            "history.weakness_course",
            "stable",
        ),
        # stroke signs told in a relative's words
        ("Her mouth is hanging down on one side.", "symptoms.face_or_arm_symptoms", True),
        ("He's getting his words in the wrong order.", "symptoms.speech_difficulty", True),
        # batch 34's tuning part: euphemisms, a wipe that feels detached, PT weeks, a stroke in
        # Belgian French
        (
            "The downstairs department isn't working since my back went.",
            "symptoms.sexual_dysfunction_new",
            True,
        ),
        (
            "Going for a number two is odd, I can't really tell it's happening.",
            "symptoms.bowel",
            "new_difficulty",
        ),
        ("When I wipe it's like it's not attached to me.", "symptoms.saddle_numbness", True),
        ("It's like wiping someone elses bum.", "symptoms.saddle_numbness", True),
        ("Did 6 weeks of PT for my left sciatica.", "history.conservative_care_weeks", 6),
        ("Sa main droite ne voulait plus serrer ce matin.", "symptoms.face_or_arm_symptoms", True),
        ("Sa bouche tire un peu d'un côté depuis ce matin.", "symptoms.face_or_arm_symptoms", True),
        ("Il parle comme s'il avait bu, il n'a rien pris.", "symptoms.speech_difficulty", True),
        # the normal answers people give
        ("Bowels regular as clockwork, left sciatica.", "symptoms.bowel", "normal"),
        ("Je fais pipi comme d'habitude, sciatique gauche.", "symptoms.bladder", "normal"),
        ("blader and bowls are fine, left leg pain", "symptoms.bowel", "normal"),
    ],
)
def test_reads(text: str, field: str, value: Any) -> None:
    got, _ = read(text)
    assert got.get(field) == value, got


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # a game of bowls or a cat's bowl is no bowel
        (
            "Left sciatica. I play bowls on Tuesdays and fed the cat from her bowl.",
            "symptoms.bowel",
        ),
        # "a wee bit" is small, not urine
        ("Left sciatica, a wee bit worried about work.", "symptoms.bladder"),
        # an ability tested and passed is no failure
        (
            "Je suis capable de marcher sur les talons, sciatique gauche.",
            "symptoms.cannot_heel_walk",
        ),
        ("Left sciatica, heel walking is not impaired.", "symptoms.cannot_heel_walk"),
        # a drug that works, a drug that fails that is not an opioid
        (
            "Codeine helps a lot but the gabapentin barely touches it.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        # a day without night pain
        ("Left sciatica. I slept fine and nothing much helps in the day.", "symptoms.night_pain"),
        # a warning or a worry, not a finding
        (
            "Ma belle-mère dit que je vais finir paralysée si je fais pas attention.",
            "symptoms.complete_paralysis",
        ),
        ("My colleague says I'll end up paralysed, left sciatica.", "symptoms.complete_paralysis"),
        ("Mon moral flanche, sciatique gauche depuis 3 semaines.", "symptoms.leg_gives_way"),
        # a family's story, not the writer's
        ("Erection problems run in my family, all fine for me.", "symptoms.sexual_dysfunction_new"),
        (
            "Had numbness down there once with an epidural in 2015, nothing like that now.",
            "symptoms.saddle_numbness",
        ),
        # a past episode closed for good
        (
            "Foot drop on the left after a disc op in 2012, it fully recovered years ago.",
            "symptoms.foot_drop",
        ),
        # words that only look like the new readings (an adversarial review of the round)
        ("Left sciatica. I can't weed the garden.", "symptoms.bladder"),
        (
            "Went for a wee and had to push myself up off the toilet, left sciatica.",
            "symptoms.bladder",
        ),
        ("The dog made a mess in my bed, left sciatica.", "symptoms.bowel"),
        ("J'ai sali mon pantalon en tombant dans la boue, sciatique droite.", "symptoms.bowel"),
        (
            "I'm not struggling to get an erection, just the leg pain.",
            "symptoms.sexual_dysfunction_new",
        ),
        ("Sex is not happening, the pain in my leg is too bad.", "symptoms.sexual_dysfunction_new"),
        ("I tried ibuprofen but it got useless after a week, left sciatica.", "symptoms.weakness"),
        ("Ma voiture m'a lâchée sur l'autoroute, sciatique droite.", "symptoms.leg_gives_way"),
        ("I got hit by a shooting pain down my leg when I sneezed.", "history.trauma"),
        (
            "I lie face down hanging my leg off the bed, left sciatica.",
            "symptoms.face_or_arm_symptoms",
        ),
        ("My brother Willy says the numbness in my foot is nothing.", "symptoms.saddle_numbness"),
        ("I can't say heel walking is a problem, just my calf hurts.", "symptoms.cannot_heel_walk"),
        ("I have not peed myself or anything, left leg pain.", "symptoms.bladder"),
        ("I miss my bowls club because of the sciatica in my left leg.", "symptoms.bowel"),
        (
            "Ma bouche tire quand je souris depuis le dentiste, sciatique gauche.",
            "symptoms.face_or_arm_symptoms",
        ),
        ("My legs are dead tired after the gym, left sciatica.", "symptoms.complete_paralysis"),
        ("My legs are dead tired after the gym, left sciatica.", "symptoms.numbness"),
        (
            "I'm useless at remembering my codeine, leg pain 4/10.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        (
            "I stopped the codeine as the pain settled, naproxen does nothing for my stomach.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        (
            "La morphine ne passe pas bien chez moi, sciatique gauche 4/10.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        # a number, not both legs
        ("Sciatique gauche depuis deux mois, kiné deux fois par semaine.", "symptoms.weakness"),
    ],
)
def test_no_reading_of(text: str, field: str) -> None:
    got, _ = read(text)
    assert got.get(field) in (None, False, "none", "normal"), got


@pytest.mark.parametrize(
    "text",
    [
        # the writer's own signs beside someone else's words or story (an adversarial review)
        "My friend who is a nurse says this is cauda equina because I've lost feeling in my bum "
        "and can't pee since this morning. No weakness in my legs.",
        "Someone on the forum said numb bum plus not being able to wee means cauda equina, which "
        "is exactly what I have now. My legs aren't weak.",
        "I'm a 45 year old man with what I think is cauda equina, numb saddle and I can't pass "
        "urine. No weakness.",
        "My sister ended up in hospital last year with the same thing and now I can't feel my "
        "bottom at all. Bladder fine.",
        "Writing for my dad: he had a discectomy 3 years ago and last night he ended up in "
        "hospital as he couldn't pee and his bum is numb. His legs aren't weak.",
        "My mum ended up in hospital in 2020 with cauda equina and now she can't pee again. Her "
        "legs aren't weak.",
        "Mon mari a été opéré en urgence il y a deux ans, depuis hier il ne sent plus ses fesses. "
        "Il n'a pas de faiblesse.",
        "He ended up in hospital with cauda equina and couldn't pee. His bowels are fine.",
        "My partner took me to A&E because I couldn't pee and my bum went numb. I've just got back.",
        "My wife says my left foot slaps when I walk, I've only got pain in my back though.",
        "Mon mari dit que mon pied droit tombe, moi j'ai seulement mal au dos.",
        "Bonjour docteur, numb between legs, can't pee since this morning. Merci",
        "I'm waiting 6 weeks before the op and since yesterday I can't feel the toilet paper.",
        "Sinon depuis hier je ne sens plus rien quand je m'essuie.",
        # a finding with a negation of its own is not undone by the "ne ... plus" around it
        "Un homme de 45 ans, je ne sens plus mes fesses et je n'urine plus. Pas de faiblesse.",
    ],
)
def test_the_writers_own_emergency_stays(text: str) -> None:
    _, level = read(text)
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My right leg hurts more than my left shoulder.",
        "My right leg hurts more than the left, which doesn't hurt at all.",
    ],
)
def test_a_pain_compared_with_something_else_stays_one_leg(text: str) -> None:
    got, _ = read(text)
    assert got.get("symptoms.leg_pain") == "right"


def test_two_months_is_no_second_leg() -> None:
    got, _ = read("Sciatique gauche depuis deux mois, kiné deux fois par semaine.")
    assert got.get("symptoms.leg_pain") == "left"


def test_a_strength_compared_is_no_course() -> None:
    got, _ = read("The right leg is weaker than the left, pain in the right leg.")
    assert got.get("symptoms.weakness") == "right"
    assert "history.weakness_course" not in got


def test_a_sentence_ends_after_a_and_e() -> None:
    # "A&E." kept its full stop as one word, so the sentencizer joined the next sentence: the
    # hypothetical's plural lent "both" to the sciatica
    got, level = read("If his legs go weak we go to A&E. He has sciatica on the left.")
    assert got.get("symptoms.leg_pain") == "left"
    assert level == "self_care"


@pytest.mark.parametrize(
    "text",
    [
        # another's cauda equina, and the writer's own answers
        "My neighbour's husband had cauda equina a few years back, couldn't feel his legs or "
        "control his bladder. My husband has left sciatica since Monday, nothing numb, no "
        "problems with the loo either end.",
        "My brother had cauda equina last year (numb bum, couldn't pee, emergency op). Now I have "
        "right sciatica for a week; I can feel the toilet paper, peeing fine.",
        "Ma voisine a fini aux urgences pour une queue de cheval, elle ne sentait plus rien. Moi "
        "sciatique gauche depuis 5 jours, pipi normalement, je sens tout.",
        # another's symptom set against the writer's own
        "My dad has a dropped foot from his stroke, I've only got back pain and a sore left calf.",
        "Mon père a un pied tombant depuis son AVC, moi j'ai seulement mal au dos.",
    ],
)
def test_another_persons_story_is_no_emergency(text: str) -> None:
    _, level = read(text)
    assert LEVELS.index(level) < LEVELS.index("emergency"), level


@pytest.mark.parametrize(
    "text",
    [
        # the story is the patient's when nobody answers the questions for the writer
        "My husband had cauda equina surgery two weeks ago and since yesterday he can't pee again.",
        "My brother had cauda equina, he still can't feel his bum and now he can't pee.",
        # a relative's symptoms with no contrast stay the patient's
        "My mum's legs are weak and she can't lift her right foot.",
    ],
)
def test_a_relatives_story_without_an_answer_stays_an_emergency(text: str) -> None:
    _, level = read(text)
    assert level == "emergency"


def _probe_ok(rec: dict[str, Any], got: dict[str, Any]) -> bool:
    for key, want in rec.get("expect", {}).items():
        have = got.get(key)
        close = (
            isinstance(want, int)
            and not isinstance(want, bool)
            and isinstance(have, int | float)
            and abs(have - want) <= max(1, 0.1 * want)
        )
        if have != want and not close:
            return False
    return all(got.get(key) in (None, False, "none", "normal", 0) for key in rec.get("absent", []))


# The probes: short texts written for this round by three helpers who never read the reader, one
# class each (weakness told by what cannot be done; pain severity and systemic flags; cauda equina
# told indirectly). Floors are the counts at the end of the round (first read: 72, 66, 59).
# Cauda equina went 91 -> 90 in the eleventh round, knowingly: a bladder whose urge is gone now
# reads "retention" where its probe wrote "new_difficulty" (both RF-CES), and "my brother had
# cauda equina last year and lost all feeling in his backside", a text with nobody else in it,
# reads as the patient's saddle numbness (a relative's story is the patient's when the writer
# tells none of their own, and a past story with no present is scored as current).
@pytest.mark.parametrize(("name", "floor"), [("weakness", 91), ("severity", 92), ("cauda", 90)])
def test_each_probe_set_keeps_its_floor(name: str, floor: int) -> None:
    path = PROBES / f"{name}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    found = extract_many([r["text"] for r in records], today=TODAY)
    ok = sum(_probe_ok(r, x.findings()) for r, x in zip(records, found, strict=True))
    assert ok >= floor, f"{name}: {ok}/{len(records)}"
