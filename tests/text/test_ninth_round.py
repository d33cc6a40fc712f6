"""Constructions of the ninth free-text round (issue 12, 2026-12-07, fourth session): the tuning
parts of blind batches 22 to 27. Every text here is this project's own writing, in words that
differ from the posts the rules were studied on; each row names the reading it protects, and the
rows after them the false alarms the same constructions must not raise."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.engine import assess
from sciatica.text.extract import extract

TODAY = date(2026, 12, 7)
LEVELS = ["self_care", "routine", "soon", "urgent", "emergency"]


def read(text: str) -> tuple[dict[str, Any], str]:
    x = extract(text, today=TODAY)
    return x.findings(), assess(x.case).triage.level


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # a verdict of health after a past condition is the follow-up's: the history stands
        (
            "Bowel cancer, operated in 2017, scans all fine since. Right sciatica for a month.",
            "history.cancer_history",
            True,
        ),
        ("Type 1 diabetic, sugars are fine. Pain down my left leg.", "history.diabetes", True),
        (
            "On methotrexate for years, bloods normal. Sciatica left leg.",
            "history.immunosuppression",
            True,
        ),
        (
            "J'ai eu un cancer de la prostate, contrôles normaux depuis. Sciatique droite.",
            "history.cancer_history",
            True,
        ),
        # the person written about, told with he/she, a comma, or a birth year
        ("Update on Grandad. He's 83, and the pain goes down his right leg.", "patient.age", 83),
        ("My husband, 68, has had a numb left foot since Friday.", "patient.age", 68),
        ("Referral for Mr Dunn (DOB 07/1944): back and left leg pain.", "patient.age", 82),
        ("I was born in 1950 and my right leg has gone weak.", "symptoms.weakness", "right"),
        ("I was born in 1950 and my right leg has gone weak.", "patient.age", 76),
        ("Née en 1946, sciatique gauche depuis dix jours.", "patient.age", 80),
        (
            "Grandad (born '48) lifted a bag of coal and now it's down his left leg.",
            "patient.age",
            78,
        ),
        # a spread told by its verb, then "as well"
        (
            "It began in my left leg in June. Somewhere along the way it's crept into the right leg "
            "as well.",
            "symptoms.leg_pain",
            "both",
        ),
        # a leg that fails a task, in Quebec and everyday French
        (
            "Depuis lundi j'arrive plus à enfoncer la pédale de frein avec le pied droit.",
            "symptoms.weakness",
            "right",
        ),
        ("Mon pied gauche, j'arrive presque pu à lever les orteils.", "symptoms.weakness", "left"),
        ("Sciatique gauche, y a plus la force dans le mollet.", "symptoms.weakness", "left"),
        (
            "She can't really wiggle the toes on her right foot since this morning.",
            "symptoms.weakness",
            "right",
        ),
        ("My left calf, I can't hop on it any more.", "symptoms.weakness", "left"),
        (
            "Sciatica left. I can't do a single-leg calf raise on the left, the heel just sinks.",
            "symptoms.cannot_toe_walk",
            "left",
        ),
        # the opioid named, then that it changes nothing
        (
            "The walk-in gave me oxycontin and it has done nothing.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "Le médecin du sans rendez-vous m'a prescrit de l'oxycodone, ça change presque rien.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        # sleep told in hours
        (
            "Sciatique droite, je dors pas plus de deux heures d'affilée.",
            "symptoms.pain_prevents_sleep",
            True,
        ),
        (
            "J'ai pas dormi plus d'une heure de suite cette semaine, la jambe gauche me brûle.",
            "symptoms.pain_prevents_sleep",
            True,
        ),
        # night pain in other words
        ("Right leg sciatica, and it is always worse in the night.", "symptoms.night_pain", True),
        (
            "At night it is awful: on my back, on my side, nothing helps.",
            "symptoms.night_pain",
            True,
        ),
        # weight loss without a number
        (
            "Mum has lost a good few pounds lately, her trousers are hanging off her.",
            "history.unexplained_weight_loss",
            True,
        ),
        # background offered "in case it matters" is told, not supposed
        (
            "Some history in case it's relevant: I had a sarcoma removed from my thigh in 2015.",
            "history.cancer_history",
            True,
        ),
        # a questionnaire answered line by line
        (
            "Pain left leg 10 days.\nWeakness - no\nNumbness down below - no\nBladder - normal",
            "symptoms.saddle_numbness",
            False,
        ),
        (
            "Pain left leg 10 days.\nWeakness - no\nNumbness down below - no\nBladder - normal",
            "symptoms.weakness",
            "none",
        ),
        ("Faiblesse : non. Engourdissement du périnée : non.", "symptoms.saddle_numbness", False),
        # a worse course denied beside it, in a sentence about the weakness
        (
            "My right foot has been dropping for ten days. It's not getting worse.",
            "history.weakness_course",
            "stable",
        ),
        (
            "Pied gauche tombant depuis un mois. Ça ne s'aggrave pas.",
            "history.weakness_course",
            "stable",
        ),
        # weakness told by what the leg no longer does, or by what it has lost (the round's own
        # paraphrases of each motor and saddle class, written before the never-opened posts were
        # counted by field)
        ("Since Friday my left leg just isn't doing what I tell it.", "symptoms.weakness", "left"),
        (
            "I have to lift my right leg into the car with my hands now.",
            "symptoms.weakness",
            "right",
        ),
        ("My right leg has gone all feeble this week.", "symptoms.weakness", "right"),
        ("The left calf has lost its oomph.", "symptoms.weakness", "left"),
        ("The strength in my right leg is going.", "symptoms.weakness", "right"),
        ("I'm losing power in my left leg.", "symptoms.weakness", "left"),
        ("My left foot won't push down on the clutch properly.", "symptoms.weakness", "left"),
        ("He can't stand up on his right leg alone any more.", "symptoms.weakness", "right"),
        ("My left leg is noticeably weaker than the right.", "symptoms.weakness", "left"),
        ("Ma jambe gauche est plus faible que la droite.", "symptoms.weakness", "left"),
        ("Ma jambe gauche ne me porte plus bien.", "symptoms.weakness", "left"),
        ("Depuis samedi je traîne la jambe droite.", "symptoms.weakness", "right"),
        ("Ma cheville gauche est toute molle.", "symptoms.weakness", "left"),
        ("Mon gros orteil droit ne se relève plus.", "symptoms.weakness", "right"),
        ("J'ai perdu de la force au pied gauche.", "symptoms.weakness", "left"),
        (
            "Je n'arrive plus à me relever d'une chaise sans les bras.",
            "symptoms.weakness",
            "unspecified",
        ),
        ("I've lost sensation in my genitals since Sunday.", "symptoms.saddle_numbness", True),
        ("J'ai perdu la sensibilité au niveau du sexe.", "symptoms.saddle_numbness", True),
        (
            "There's been no sensation when we have sex since the sciatica started.",
            "symptoms.sexual_dysfunction_new",
            True,
        ),
        # cauda equina signs in everyday words
        (
            "Sciatica left. I went 14 hours without needing a wee yesterday.",
            "symptoms.bladder",
            "new_difficulty",
        ),
        (
            "Sciatica left. There's no urge to go anymore, I just go by the clock.",
            "symptoms.bladder",
            "new_difficulty",
        ),
        ("Since the weekend my stream is really weak.", "symptoms.bladder", "new_difficulty"),
        (
            "I haven't had the urge to poo for four days and that's not like me.",
            "symptoms.bowel",
            "new_difficulty",
        ),
        ("I couldn't hold my poo this morning.", "symptoms.bowel", "incontinence"),
        ("Je fais pipi sur moi sans m'en rendre compte.", "symptoms.bladder", "incontinence"),
        ("Je ne sens plus l'envie d'aller aux toilettes.", "symptoms.bladder", "new_difficulty"),
        (
            "J'ai eu un accident, j'ai pas pu me retenir pour les selles.",
            "symptoms.bowel",
            "incontinence",
        ),
        (
            "Ma femme a perdu le contrôle de sa vessie cette nuit.",
            "symptoms.bladder",
            "incontinence",
        ),
        ("J'ai perdu le contrôle de mes intestins.", "symptoms.bowel", "incontinence"),
        ("Je n'ai pas perdu le contrôle de ma vessie.", "symptoms.bladder", "normal"),
        # foot drop in everyday words
        ("I'm scuffing my right shoe all the time.", "symptoms.foot_drop", "right"),
        ("My left foot just doesn't come up any more.", "symptoms.foot_drop", "left"),
        ("Depuis lundi mon pied droit tombe", "symptoms.foot_drop", "right"),
        ("Je m'accroche le pied dans les marches.", "symptoms.foot_drop", "unspecified"),
        (
            "My left leg went completely dead and I couldn't move it at all.",
            "symptoms.complete_paralysis",
            "left",
        ),
        # a numbness that climbs, told by where it has reached
        (
            "The numbness has climbed from my toes to my thighs over three days.",
            "symptoms.ascending_weakness",
            True,
        ),
        (
            "Les fourmis remontent des pieds jusqu'aux genoux depuis hier.",
            "symptoms.ascending_weakness",
            True,
        ),
        (
            "I had sciatica on the left, I've got it down both sides now.",
            "symptoms.leg_pain",
            "both",
        ),
        (
            "Nothing touches the pain, not even the morphine.",
            "symptoms.pain_uncontrolled_by_opioids",
            True,
        ),
        (
            "I've lost a stone without trying and my legs ache at night.",
            "symptoms.night_pain",
            True,
        ),
        ("Standing on my toes is impossible on the left side.", "symptoms.cannot_toe_walk", "left"),
        ("My knee keeps collapsing under me on the right.", "symptoms.leg_gives_way", True),
        (
            "J'ai perdu la sensibilité entre les jambes depuis hier.",
            "symptoms.saddle_numbness",
            True,
        ),
        # a course told without its subject, in a sentence about nothing else
        (
            "Mon pied droit tombe depuis dix jours. C'est stable, ni mieux ni pire.",
            "history.weakness_course",
            "stable",
        ),
        # a foot and its colour and cold across a comma
        (
            "Dad's foot has gone white since his nap, properly white, and it's cold as ice.",
            "symptoms.cold_pale_foot",
            "unspecified",
        ),
    ],
)
def test_the_round_reads(text: str, field: str, value: Any) -> None:
    findings, _ = read(text)
    assert findings.get(field) == value, findings


@pytest.mark.parametrize(
    ("text", "field", "absent_or"),
    [
        # an absence stays an absence
        ("Cancer history: none. Sciatica left.", "history.cancer_history", False),
        ("No cancer, bloods fine. Sciatica left.", "history.cancer_history", False),
        # a child's birth is not the patient's age, and dates nothing
        ("My son was born in 2019 and my left leg hurts.", "patient.age", None),
        ("The baby was born 10 days ago and my left leg hurts.", "patient.age", None),
        ("She's 30 minutes away and my leg hurts.", "patient.age", None),
        # an opioid named beside a denial that is not about it
        ("On tramadol, no numbness, no weakness.", "symptoms.pain_uncontrolled_by_opioids", None),
        ("Walking on my toes is hard work in these shoes.", "symptoms.cannot_toe_walk", None),
        # the normal urge of the moment, and a short drive, are no sign
        ("I don't need a wee, no urge to go at the moment.", "symptoms.bladder", None),
        ("I went 3 hours without needing the loo on the drive.", "symptoms.bladder", None),
        ("I don't have the urge to poo right now.", "symptoms.bowel", None),
        # the pain's course, or another illness's, is not the weakness's
        (
            "My left foot drags since Monday. The pain is recovering slowly.",
            "history.weakness_course",
            None,
        ),
        (
            "Mon pied gauche traîne depuis 3 jours. La douleur s'améliore.",
            "history.weakness_course",
            None,
        ),
        (
            "My left foot drags since Monday, I'm recovering from flu.",
            "history.weakness_course",
            None,
        ),
        # an emphasis is not an answer
        ("My left foot drags - no joke - since Monday.", "symptoms.foot_drop", "left"),
        # a colour named normal and a foot that is not cold
        ("Le pied a une couleur normale et il n'est pas froid.", "symptoms.cold_pale_foot", None),
        # the arms that do a weak leg's work are no arm symptom
        (
            "I can't get up from the sofa without using my arms.",
            "symptoms.face_or_arm_symptoms",
            None,
        ),
        ("Je n'arrive plus à me relever sans les bras.", "symptoms.face_or_arm_symptoms", None),
        # standing up without the arms is no weakness
        ("I can get up from the sofa without using my arms.", "symptoms.weakness", None),
        ("Je peux me relever sans les mains.", "symptoms.weakness", None),
        # "nothing helps" far from the night is no night pain
        ("Back ache after gardening, nothing helps.", "symptoms.night_pain", None),
    ],
)
def test_the_round_does_not_read(text: str, field: str, absent_or: Any) -> None:
    findings, _ = read(text)
    assert findings.get(field) == absent_or, findings


@pytest.mark.parametrize(
    ("text", "minimum"),
    [
        # the pain's course says nothing of the weakness's: the unknown course stays worsening
        ("My left foot slaps when I walk. The pain is not getting worse.", "emergency"),
        # a hope is not a course
        ("My left foot slaps when I walk. I hope it's not getting worse.", "emergency"),
        # a stable foot drop is still a same-day matter
        ("My left foot slaps when I walk. It's not getting worse.", "urgent"),
        # a dated operation beside a present weakness keeps the weakness (a birth is no story)
        ("I was born in 1950 and my right leg has gone weak.", "urgent"),
    ],
)
def test_the_round_keeps_the_level(text: str, minimum: str) -> None:
    _, level = read(text)
    assert LEVELS.index(level) >= LEVELS.index(minimum), level


@pytest.mark.parametrize(
    "text",
    [
        # a reply that quotes the question, then answers it for every item
        "> Any numbness, weakness or trouble passing water?\n\nNo to all three. Left buttock pain "
        "into the thigh since Sunday, 3/10.",
        # a list in brackets after the words that announce it, denied later
        "The walk-in centre gave me a sheet of red flags (numb saddle, can't pee, both legs weak) "
        "and I keep checking. None of those have happened. Right leg pain for a week.",
        # single quotes around the list, denied at once
        "My physio said to watch for 'numbness between the legs, losing control of my bowels, "
        "progressive weakness', I don't have any of those. Sciatica left, 5 days.",
        # a leaflet's words without a colon, and a denial a sentence later
        "The leaflet says to go to A&E with numbness around the back passage, difficulty passing "
        "water, loss of bowel control or weakness in both legs. None of that applies to me. Pain "
        "down my right leg for two weeks.",
    ],
)
def test_a_denied_warning_list_raises_nothing(text: str) -> None:
    _, level = read(text)
    assert LEVELS.index(level) <= LEVELS.index("soon"), level


@pytest.mark.parametrize(
    "text",
    [
        # the condition of a warning, then that it has come true
        "The GP said to go to A&E if I get numbness down below or can't pee. Well, now I have "
        "both.",
        "My physio said if my bum goes numb or I wet myself, go to A&E. That's exactly what's "
        "happened this morning.",
        "Le médecin m'a dit d'aller aux urgences si j'ai la selle engourdie ou si je n'arrive plus "
        "à uriner. Eh bien j'ai les deux depuis ce matin.",
        "The app told me to watch for 'saddle numbness, losing bladder control'. I have both of "
        "those since yesterday.",
        # told of the person written about
        "Mam's 74. The GP said go to A&E if she gets numbness down below or can't pee. Well, now "
        "she has both.",
        "Le médecin a dit d'aller aux urgences s'il a la selle engourdie ou s'il n'arrive plus à "
        "uriner. Il a les deux depuis ce matin.",
        # a quoted question answered yes
        "> Any numbness around your bottom or trouble peeing?\nYes to both, since last night.",
        # a list the writer owns, in single quotes
        "Is it normal to have 'numbness down there and trouble peeing'? None of my friends have "
        "had this.",
    ],
)
def test_a_warning_that_came_true_is_an_emergency(text: str) -> None:
    _, level = read(text)
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "The GP said to go to A&E if I get numbness down below or can't pee. I have neither, "
        "thankfully; I have both kids off school though.",
        "If my leg goes weak I'll go to A&E. I have both kids at home this week.",
    ],
)
def test_a_warning_not_come_true_stays_a_warning(text: str) -> None:
    findings, _ = read(text)
    assert "symptoms.saddle_numbness" not in findings, findings
    assert "symptoms.weakness" not in findings, findings


# The round's review (a helper wrote 284 texts against the change and compared the readers).
@pytest.mark.parametrize(
    "text",
    [
        # a "no" to an ability is the ability lost, never a normal answer
        "Sciatica left leg.\nControl bladder: no\nBowels: ok",
        "Sciatica left.\nBladder control - no\nBowel control - ok",
        "Sciatica left.\nAble to pee - no, since last night",
        "Sciatique gauche.\nContrôle de la vessie : non",
        # "not getting worse" of something else, contradicted, or not told
        "Right foot drop since Sunday. It's not getting worse, it's getting a LOT worse.",
        "My left foot drags. I can't say it's not getting worse.",
        "Right foot drop. The numbness isn't getting worse, but the foot is dragging more each day.",
        "Right foot slaps since Thursday. My mood is not getting worse at least.",
        "Left foot drop since Saturday.\n\nUnrelated but my eczema is not getting worse.",
        "Mon pied droit tombe depuis jeudi. L'engourdissement ne s'aggrave pas mais le pied oui.",
        "Mon pied gauche tombe, ni mieux ni pire, mais depuis hier l'autre pied tombe aussi.",
    ],
)
def test_the_review_found_no_lower_reading(text: str) -> None:
    findings, level = read(text)
    assert findings.get("symptoms.bladder") != "normal", findings
    assert findings.get("history.weakness_course") != "stable", findings
    assert LEVELS.index(level) >= LEVELS.index("urgent"), (level, findings)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "Sciatique jambe droite. On m'a fait des examens pour un cancer, tout était normal.",
            "history.cancer_history",
        ),
        (
            "Sciatique gauche. Le moteur de ma voiture a perdu de la force, super.",
            "symptoms.weakness",
        ),
        ("Sciatica left. My son keeps scuffing his shoes at football.", "symptoms.foot_drop"),
        (
            "Sciatica left. My foot doesn't come up in the MRI report, only the disc.",
            "symptoms.foot_drop",
        ),
        ("Sciatique gauche. Je ne sens plus l'envie de sortir, je déprime.", "symptoms.bladder"),
        ("Sciatica left. My cough is worse in the night.", "symptoms.night_pain"),
        (
            "Sciatica left. Lost a good few pounds at the bookies this weekend.",
            "history.unexplained_weight_loss",
        ),
        (
            "Mum's sciatica, left leg. Since she started her diet her skirts are hanging off her.",
            "history.unexplained_weight_loss",
        ),
        (
            "Sciatica left. Told to look out for signs (numb bum, wetting myself, both legs weak), "
            "no sign of those.",
            "symptoms.weakness",
        ),
    ],
)
def test_the_review_found_no_false_alarm(text: str, field: str) -> None:
    findings, _ = read(text)
    assert findings.get(field) in (None, False, "none", "normal"), findings


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "My right foot drop is slowly recovering, the back pain is still bad though.",
            "history.weakness_course",
            "improving",
        ),
        (
            "Foot drop on the left for 5 weeks, it's not getting worse, just the same.",
            "history.weakness_course",
            "stable",
        ),
        (
            "My mum's 74 and she's fine. I'm 38 and have had sciatica down my right leg.",
            "patient.age",
            38,
        ),
        (
            "Woke up and my right leg, I couldn't move it at all.",
            "symptoms.complete_paralysis",
            "right",
        ),
        (
            "Sciatica right leg 3 weeks and I've lost a good few pounds without trying.",
            "history.unexplained_weight_loss",
            True,
        ),
    ],
)
def test_the_review_reads(text: str, field: str, value: Any) -> None:
    findings, _ = read(text)
    assert findings.get(field) == value, findings
