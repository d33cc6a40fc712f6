"""Constructions of the eleventh free-text round (issue 12, 2026-12-07, sixth session): cauda equina
signs told by an act and what is wrong with it (text/cauda.py), a weak leg told by what it has
become (text/motor.py), and an opioid's failure told after "but", in the next sentence or as severe
pain (text/opioids.py). Every text here is this project's own writing; the probe sets were written
by helpers who never read the reader (tests/text/probes/*2.jsonl)."""

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
PROBES = Path(__file__).parent / "probes"


def read(text: str) -> tuple[dict[str, Any], str]:
    x = extract(text, today=TODAY)
    return x.findings(), assess(x.case).triage.level


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # an opioid's failure after "but", in the next sentence, or told as severe pain
        ("I take tramadol but it doesn't help.", "symptoms.pain_uncontrolled_by_opioids", True),
        (
            "I'm on tramadol and co-codamol. Nothing touches it.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "They upped my codeine and it hasn't made a dent in the pain.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Took 2 Percocet an hour ago, pain still 9/10",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Dihydrocodeine every 4 hours and I'm still in bits.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Sous Lamaline et Topalgic, j'ai encore super mal, j'en peux plus.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "J'ai du Izalgi mais franchement la douleur reste à 9.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Been on oxycodone since Friday. Still can't sleep, still crying with it.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Taking 2 co-codamol four times a day like he said and it hasnt touched the sides.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Même avec le Skenan 30 je passe mes nuits à tourner, la douleur me laisse pas dormir.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        # the saddle told by an act and a feeling lost
        (
            "Depuis 3 jours je sens pas l'eau chaude sur mes fesses sous la douche.",
            "symptoms.saddle_numbness",
            True,
        ),
        (
            "when I sit on the loo the seat feels like it's not there",
            "symptoms.saddle_numbness",
            True,
        ),
        (
            "Since the disc went, wiping feels like it's through a glove, I barely feel it.",
            "symptoms.saddle_numbness",
            True,
        ),
        # the bladder: the urge gone for good, nothing coming, a leak
        (
            "I just don't get the feeling I need to wee anymore, I go by the clock.",
            "symptoms.bladder",
            "retention",
        ),
        (
            "rien ne sort quand je vais aux toilettes, la vessie est pleine, sciatique gauche",
            "symptoms.bladder",
            "retention",
        ),
        (
            "Only going for a wee twice a day since the leg went, normally it's six or seven.",
            "symptoms.bladder",
            "new_difficulty",
        ),
        (
            "en toussant j'ai tout lâché dans mon slip, pipi je précise, sciatique depuis 1 semaine",
            "symptoms.bladder",
            "incontinence",
        ),
        # the bowel: an accident, a strain that is new
        (
            "Had a poo accident in my trackies at work, didn't feel it coming, back gone for a week.",
            "symptoms.bowel",
            "incontinence",
        ),
        (
            "Il a fait dans son pantalon sans s'en rendre compte, sciatique des deux côtés.",
            "symptoms.bowel",
            "incontinence",
        ),
        (
            "je dois pousser comme une malade pour aller à la selle, c'est nouveau depuis ma hernie",
            "symptoms.bowel",
            "new_difficulty",
        ),
        # sexual function
        (
            "Since I hurt my back I've had zero sensation during sex, before that all fine.",
            "symptoms.sexual_dysfunction_new",
            True,
        ),
        # a weak leg told by what it has become, a leg giving way, a tiptoe test, shoes lost
        ("ma jambe gauche a plus de jus depuis lundi", "symptoms.weakness", "left"),
        ("la jambe gauche suit plus, elle devient toute molle", "symptoms.weakness", "left"),
        ("my left leg isn't as strong as the right one", "symptoms.weakness", "left"),
        # severity and the systemic flags told in everyday words (text/severity.py)
        ("My left leg pain wakes me up most nights around 2am.", "symptoms.night_pain", True),
        ("My left leg pain wakes me up most nights around 2am.", "symptoms.leg_pain", "left"),
        (
            "This sciatic thing hasn't given me a single second off in 5 days.",
            "symptoms.pain_constant",
            True,
        ),
        ("Mon frère se shoote, il a mal au dos et à la jambe.", "history.iv_drug_use", True),
        (
            "On prednisolone 5mg every day for my asthma for 6 years, left leg pain since Monday.",
            "history.long_term_steroids",
            True,
        ),
        (
            "J'ai tellement mal à la jambe que je perds le fil de mes phrases.",
            "symptoms.pain_disturbs_thinking",
            True,
        ),
        ("my right leg keeps going from under me", "symptoms.leg_gives_way", True),
        # a feeling word alone is no fear of the future
        ("I'm worried, my left foot is dragging since Monday.", "symptoms.foot_drop", "left"),
        (
            "My leg will give way without warning, it happened twice today.",
            "symptoms.leg_gives_way",
            True,
        ),
        (
            "My left leg gave up yesterday and I fell in the kitchen.",
            "symptoms.leg_gives_way",
            True,
        ),
        (
            "sur la pointe des pieds : à droite ok, à gauche impossible",
            "symptoms.cannot_toe_walk",
            "left",
        ),
        (
            "cant wear flip flops, the left one goes flying every few steps",
            "symptoms.foot_drop",
            "left",
        ),
    ],
)
def test_the_round_reads(text: str, field: str, value: Any) -> None:
    found, _ = read(text)
    assert found.get(field) == value, found


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # an opioid that works, stopped, refused, or a pain told as past or relieved
        (
            "The tramadol has really helped, I'm sleeping again.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        (
            "I was in agony until the GP gave me codeine, now it's bearable.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        (
            "The morphine brought it down from 10/10 to about 4.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        ("Codeine works. Without it I'm in agony.", "symptoms.pain_uncontrolled_by_opioids"),
        (
            "Tramadol helped massively, I was crying with relief.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        (
            "Je prends du tramadol, ça va beaucoup mieux. Avant j'étais à 9/10.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        (
            "I took one co-codamol 2 weeks ago and stopped, now pain 7/10.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        (
            "I'm allergic to codeine so I'm on naproxen, pain still 8/10.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        (
            "I can't take codeine, I'm allergic. Naproxen doesn't help much.",
            "symptoms.pain_uncontrolled_by_opioids",
        ),
        # the leg's numbness beside the bottom, one buttock, a question, a name
        (
            "My leg is numb and my bum aches from sitting, left sciatica.",
            "symptoms.saddle_numbness",
        ),
        ("Tingling in my right bum cheek down to the foot.", "symptoms.saddle_numbness"),
        (
            "For a year my right leg gets tingly from the butt down into the calf when I walk.",
            "symptoms.saddle_numbness",
        ),
        (
            "Is numbness down there a sign of something serious? I don't have it, just asking.",
            "symptoms.saddle_numbness",
        ),
        ("My brother Willy says the numbness in my foot is nothing.", "symptoms.saddle_numbness"),
        (
            "I can feel the toilet paper fine, no problems with wee or poo.",
            "symptoms.saddle_numbness",
        ),
        # a bladder just emptied
        ("I don't need a wee, no urge to go at the moment.", "symptoms.bladder"),
        # a leg that does not give way, did long ago, or may one day
        ("My legs don't give out, both thighs burn when I walk.", "symptoms.leg_gives_way"),
        (
            "Years ago my left leg used to give out on me but thats long gone.",
            "symptoms.leg_gives_way",
        ),
        (
            "I worry my leg will collapse on the stairs so I go slow, it's never happened.",
            "symptoms.leg_gives_way",
        ),
        (
            "Avant ma chirurgie il y a 5 ans ma jambe lâchait, mais c'est fini depuis.",
            "symptoms.leg_gives_way",
        ),
        (
            "Slipped on the ice, my feet went from under me and I landed on my back.",
            "symptoms.leg_gives_way",
        ),
        ("ma jambe n'est pas molle, juste douloureuse", "symptoms.weakness"),
        ("I gave up running because of my knee.", "symptoms.leg_gives_way"),
        # a fear of what a part will do (the review's "already wrong before the round" list)
        ("I'm scared my leg will give way on the stairs.", "symptoms.leg_gives_way"),
        ("I'm worried my foot will start dragging.", "symptoms.foot_drop"),
        ("I'm scared I'll wet myself at work, left sciatica.", "symptoms.bladder"),
        # woken by something else, a short course of steroids, someone else's past drug use, a
        # thought lost to tiredness
        ("I wake up at 3am to pee, left leg ache in the day only.", "symptoms.night_pain"),
        (
            "I had a course of pred for a week last month, now left sciatica.",
            "history.long_term_steroids",
        ),
        (
            "My brother used heroin years ago, clean for 10 years; my sciatica is the left leg.",
            "history.iv_drug_use",
        ),
        (
            "I lost my train of thought at work, I'm exhausted from the new baby.",
            "symptoms.pain_disturbs_thinking",
        ),
    ],
)
def test_the_round_does_not_read(text: str, field: str) -> None:
    found, _ = read(text)
    assert found.get(field) in (None, False, "none", "normal"), found


def _probe_ok(rec: dict[str, Any], got: dict[str, Any]) -> bool:
    """Each expected field read as written (a number within 10 %; the `unsure` questions among
    those read), and no `absent` field read as present."""
    for key, want in rec.get("expect", {}).items():
        have = got.get(key)
        if key == "unsure":
            if not set(want) <= set(have or ()):
                return False
            continue
        close = (
            isinstance(want, int)
            and not isinstance(want, bool)
            and isinstance(have, int | float)
            and abs(have - want) <= max(1, 0.1 * want)
        )
        if have != want and not close:
            return False
    return all(got.get(key) in (None, False, "none", "normal", 0) for key in rec.get("absent", []))


# Probes written for this round by four helpers who never read the reader, one class each, told
# to avoid the words a lexicon would hold (first read, start of the round: cauda 49, severity 54,
# motor 41, legs 38 of 100). Floors are the counts at the end of the round (cauda equina had reached
# 73 before the review's fixes cut the false alarms below, then 71).
@pytest.mark.parametrize(
    ("name", "floor"), [("cauda2", 71), ("severity2", 70), ("motor2", 46), ("legs2", 38)]
)
def test_each_new_probe_set_keeps_its_floor(name: str, floor: int) -> None:
    path = PROBES / f"{name}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    found = extract_many([r["text"] for r in records], today=TODAY)
    ok = sum(_probe_ok(r, x.findings()) for r, x in zip(records, found, strict=True))
    assert ok >= floor, f"{name}: {ok}/{len(records)}"


# An adversarial review of the round's first version (2026-12-07) wrote 346 texts against the
# constructions: 45 went from routine to emergency. These are some of them, and the findings the
# first version lost; the words' other senses, another body part, a dose, a road accident, a pet,
# a drug that works or is not taken, the pain before the drug.
REVIEW_NOT_READ = [
    ("I nearly wet myself laughing, left leg pain.", "symptoms.bladder"),
    ("J'ai failli me faire dessus en riant, sciatique gauche.", "symptoms.bladder"),
    (
        "I've always wet myself a bit when I sneeze, since having the kids, nothing new.",
        "symptoms.bladder",
    ),
    (
        "If you have any numbness around your bottom, go to A&E. I have left sciatica.",
        "symptoms.saddle_numbness",
    ),
    ("I have a frozen shoulder and my bum hurts from sitting all day.", "symptoms.saddle_numbness"),
    ("The pain in my arse is dead annoying, nothing I do helps.", "symptoms.saddle_numbness"),
    ("I feel nothing but pain in my backside when I sit.", "symptoms.saddle_numbness"),
    ("Je me sens plus rien, j'en ai ras le cul de ce dos.", "symptoms.saddle_numbness"),
    (
        "Je me suis assis sur les cartons du déménagement, j'ai mal aux fesses depuis.",
        "symptoms.saddle_numbness",
    ),
    ("Numbness comes and goes in bits and pieces.", "symptoms.saddle_numbness"),
    ("I've got tingling down below my knee on the right.", "symptoms.saddle_numbness"),
    ("Sexe: H, 52 ans, douleur lombaire, fourmillements.", "symptoms.saddle_numbness"),
    ("Je m'essuie les mains et j'ai des fourmis dans les doigts.", "symptoms.saddle_numbness"),
    (
        "I've hit rock bottom, I feel nothing anymore, just tired of this pain.",
        "symptoms.saddle_numbness",
    ),
    (
        "We haven't had sex in months because of the pain, and my left foot is numb.",
        "symptoms.sexual_dysfunction_new",
    ),
    (
        "Sex is off the table because I can't feel comfortable in any position.",
        "symptoms.sexual_dysfunction_new",
    ),
    ("J'ai mis une bande sur mon genou, mon pied est engourdi.", "symptoms.sexual_dysfunction_new"),
    (
        "Au lit je n'arrive plus à me tourner, ma jambe ça marche plus.",
        "symptoms.sexual_dysfunction_new",
    ),
    (
        "I have no urge to go anywhere anymore, I just lie in bed drinking water.",
        "symptoms.bladder",
    ),
    ("I usually take my tablets twice a day with water.", "symptoms.bladder"),
    ("There's still some left in the tramadol box, and I pee fine.", "symptoms.bladder"),
    ("Je n'ai pas fini de vider mon garage, j'ai mal au dos depuis.", "symptoms.bladder"),
    ("I can't hold it together anymore, I just cry in the bathroom.", "symptoms.bladder"),
    ("Je pleure aux toilettes, les larmes coulent toutes seules.", "symptoms.bladder"),
    ("Since the car accident my bowels have been completely normal.", "symptoms.bowel"),
    (
        "The dog had a poo accident on the carpet and I bent down to clean it, now my back hurts.",
        "symptoms.bowel",
    ),
    ("I can't bend to get my foot into my trousers, poo and wee are normal.", "symptoms.bowel"),
    ("Je vais à la selle normalement, mais je me cogne le pied sans le sentir.", "symptoms.bowel"),
    (
        "Le chat a fait dans mon lit cette nuit et j'ai dû changer les draps, mal au dos.",
        "symptoms.bowel",
    ),
    ("Je dois pousser fort pour aller à la selle depuis le tramadol.", "symptoms.bowel"),
    ("My leg pain is not as strong today, the stretches help.", "symptoms.weakness"),
    ("La douleur dans la jambe est moins forte qu'hier.", "symptoms.weakness"),
    ("The physio for my leg was useless.", "symptoms.weakness"),
    ("My knee brace is floppy and keeps slipping down.", "symptoms.weakness"),
    ("My knees hurt when I fold the laundry.", "symptoms.leg_gives_way"),
    ("My knee pain is so bad I collapsed on the sofa and cried.", "symptoms.leg_gives_way"),
    ("I can walk on my tiptoes fine, I just can't sit for long.", "symptoms.cannot_toe_walk"),
    (
        "J'arrive à marcher sur les talons, mais impossible de m'asseoir.",
        "symptoms.cannot_heel_walk",
    ),
    ("Mes chaussons, je les perds tout le temps dans la maison.", "symptoms.foot_drop"),
    (
        "Tramadol is brilliant. I was in agony for weeks before it.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "Before the tramadol my pain was 9/10, now it's about 3.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "I take tramadol at night; the baby is crying all night so I don't sleep much.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "Co-codamol works. Work is unbearable though, my manager is a nightmare.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "I'm on tramadol. My husband is in agony with his knee.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "Got tramadol from the GP yesterday. Haven't started it yet, pain 9/10.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "I'm scared of getting addicted so I don't take the tramadol. Pain is 8/10.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    ("Doc wants to put me on morphine. I'm in agony.", "symptoms.pain_uncontrolled_by_opioids"),
    (
        "Despite the tramadol making me drowsy, I sleep ok and the pain is manageable.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "Still on tramadol 50mg, no change in dose, pain much better.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "On tramadol long term, back pain 10 years now, it's manageable.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
    (
        "Codeine is fine. I'm crying because the MRI waiting list is 6 months.",
        "symptoms.pain_uncontrolled_by_opioids",
    ),
]
REVIEW_READ = [
    # a request to whoever reads is no condition on the symptoms after it
    (
        "I am asking if you have any appointments this week as my back has been very bad since I"
        " lifted the washing machine on my own on Saturday morning and now I have wet myself"
        " twice today.",
        "symptoms.bladder",
        "incontinence",
    ),
    ("Tingling in my left leg and around my bum.", "symptoms.saddle_numbness", True),
    ("Numb in my right leg and my bum since this morning.", "symptoms.saddle_numbness", True),
    (
        "Tingling down my right leg and in my privates since yesterday.",
        "symptoms.saddle_numbness",
        True,
    ),
    ("My right leg is numb and so is my bottom.", "symptoms.saddle_numbness", True),
    ("Fourmis dans le pied droit et entre les jambes.", "symptoms.saddle_numbness", True),
    ("Numb around the anus, is it serious?", "symptoms.saddle_numbness", True),
    ("MY BUM IS NUMB AND I CANT FEEL THE TOILET PAPER", "symptoms.saddle_numbness", True),
    (
        "Since the car accident on Friday my back is agony and my bowels are not right.",
        "history.trauma",
        True,
    ),
    (
        "I take tramadol, can't sleep without it, and it still doesn't help the pain.",
        "symptoms.pain_uncontrolled_by_opioids",
        True,
    ),
    (
        "Je prends du tramadol, je peux pas dormir sans, et ça ne fait rien.",
        "symptoms.pain_uncontrolled_by_opioids",
        True,
    ),
]


@pytest.mark.parametrize(("text", "field"), REVIEW_NOT_READ)
def test_the_reviews_false_alarms_stay_away(text: str, field: str) -> None:
    found, _ = read(text)
    assert found.get(field) in (None, False, "none", "normal"), found


@pytest.mark.parametrize(("text", "field", "value"), REVIEW_READ)
def test_the_reviews_lost_findings_are_read(text: str, field: str, value: Any) -> None:
    found, _ = read(text)
    assert found.get(field) == value, found
