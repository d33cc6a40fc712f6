"""Constructions of the eighth free-text round (issue 12, 2026-12-07, third session): the tuning
parts of blind batches 17 to 21. Every text here is this project's own writing, in words that
differ from the posts the rules were studied on; each row names the reading it protects."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.engine import assess
from sciatica.text.extract import extract

TODAY = date(2026, 12, 7)


def read(text: str) -> tuple[dict[str, Any], str]:
    x = extract(text, today=TODAY)
    return x.findings(), assess(x.case).triage.level


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # a negated verb of knowing before a clause asserts the clause ("tell" joins "know")
        ("Left sciatica. Lately I cannot honestly tell when my bladder is full.", "symptoms.bladder",
         "new_difficulty"),
        # a slow start told after going, and a bladder that never feels emptied
        ("Sciatica, left. When I finally went it took forever to get going.", "symptoms.bladder",
         "new_difficulty"),
        ("Sciatica, left. I don't feel like I have emptied properly.", "symptoms.bladder",
         "new_difficulty"),
        # the tiptoe test by its clinical name
        ("L sciatica 2/52. Cannot do a single leg calf raise on the left.",
         "symptoms.cannot_toe_walk", "left"),
        ("Sciatica. Unable to perform a heel raise on the right side.", "symptoms.cannot_toe_walk",
         "right"),
        # a duration told with "ça fait" / "it's been" / "N weeks ... since"
        ("ca fait trois semaines que ma jambe gauche me lance", "history.symptom_days", 21),
        ("It's been nine weeks of this pain down my right leg.", "history.symptom_days", 63),
        ("Six weeks on Monday since it began, pain in my left calf.", "history.symptom_days", 42),
        # the leg named, then the course of its pain
        ("Left leg, hip to the top of the foot, about 6/10.", "symptoms.leg_pain", "left"),
        # night pain told by the positions tried
        ("Jambe droite douloureuse. La nuit, j'ai beau changer de position, ça ne passe pas.",
         "symptoms.night_pain", True),
        ("Pain down my left leg. At night however I lie it is the same.", "symptoms.night_pain",
         True),
        ("Sciatique gauche. La nuit, sur le ventre ou sur le dos, rien ne la calme.",
         "symptoms.night_pain", True),
        # a complete paralysis with "plus du tout"
        ("je ne peux plus du tout bouger la cheville droite depuis ce matin",
         "symptoms.complete_paralysis", "right"),
        # both legs giving way is a weakness of both; the knees count when they give way
        ("My back went a week ago and now my legs keep buckling.", "symptoms.weakness", "both"),
        ("Depuis lundi mes deux genoux flanchent dans l'escalier.", "symptoms.weakness", "both"),
        # a doubt told as an unanswered question
        ("Sciatique gauche. Le médecin m'a demandé si j'avais des fourmis entre les fesses, "
         "j'ai pas su répondre.", "unsure", ["symptoms.saddle_numbness"]),
        # soiled, told of someone else
        ("My brother has sciatica on the right and soiled himself twice this week.",
         "symptoms.bowel", "incontinence"),
        # a foot that does not lift, and toes that hit the step
        ("Right sciatica. My right foot is not lifting when I walk.", "symptoms.foot_drop",
         "right"),
        ("Left sciatica. My toes keep hitting the stairs on the left.", "symptoms.foot_drop",
         "left"),
        # the face and speech of a stroke in lay words
        ("Her sciatica is on the left. Since lunch one side of face has dropped.",
         "symptoms.face_or_arm_symptoms", True),
        ("Sciatica for months. Today his speech sounds thick.", "symptoms.speech_difficulty",
         True),
        ("Sciatica on the right. She is not able to grip her mug in her left hand.",
         "symptoms.face_or_arm_symptoms", True),
        # a pain score told as "an 8 most nights"
        ("Pain in my left leg, a 7 most nights.", "symptoms.pain_score", 7),
        # hyperalgesic signs in everyday words
        ("Sciatique droite, elle s'arrete jamais.", "symptoms.pain_constant", True),
        ("Right sciatica. I have to crawl to the toilet.", "symptoms.pain_blocks_basic_activities",
         True),
        ("Left sciatica. My husband has to put my socks on me.",
         "symptoms.pain_blocks_basic_activities", True),
        ("Left sciatica. The oxycodone they gave me hardly dents it.",
         "symptoms.pain_uncontrolled_by_opioids", True),
        # weeks of treatment with words between the treatment and its length
        ("Sciatique gauche depuis deux mois, kiné une fois par semaine depuis 6 semaines.",
         "history.conservative_care_weeks", 6),
        # the saddle area named as the crack, and the paper felt through something
        ("Left sciatica. Since Friday the skin beside my bum crack is numb.",
         "symptoms.saddle_numbness", True),
        ("Left sciatica. The toilet paper feels like it touches me through a glove.",
         "symptoms.saddle_numbness", True),
        # what has lasted since a dated operation is the present
        ("Operated in 2018 and ever since the outside of my right foot has been numb.",
         "symptoms.numbness", "right"),
        # claudication told in French as a hill climbed and a stop standing
        ("En montant la côte, son mollet gauche devient dur et il doit s'arrêter debout, "
         "puis ça repart.", "symptoms.claudication_relief", "standing_still"),
        # sexual function told by the partner
        ("Right sciatica since May. He can hardly feel anything when we try.",
         "symptoms.sexual_dysfunction_new", True),
        # fever: feeling ill is no negation; shivering; a French reading; a measurement wins
        ("Sciatica on the left. Not feeling great, hot and shivery since the epidural.",
         "history.fever", True),
        ("Right sciatica. I don't feel well at all, shivering under two duvets.", "history.fever",
         True),
        ("Sciatique droite depuis l'infiltration, il fait 38,9 ce soir.", "history.fever", True),
        ("Right sciatica. No fever they said, but my own thermometer read 38.3.",
         "history.fever", True),
        # immunosuppression by the drug's name
        ("Left sciatica for a week. I inject adalimumab for psoriasis.",
         "history.immunosuppression", True),
        ("Sciatique gauche, je suis sous méthotrexate pour ma polyarthrite.",
         "history.immunosuppression", True),
        # a foot that will not come up, in everyday words
        ("Right sciatica. Since Sunday my right foot just dangles.", "symptoms.foot_drop", "right"),
        ("Left sciatica. My left ankle will not pull up.", "symptoms.foot_drop", "left"),
        ("Left sciatica. My left slipper keeps flying off.", "symptoms.foot_drop", "left"),
        ("Right sciatica. The toes of my right foot scrape along the path.", "symptoms.foot_drop",
         "right"),
        ("Sciatique droite. Je perds mes claquettes du pied droit.", "symptoms.foot_drop", "right"),
        ("Sciatique droite. Mes orteils droits ne remontent plus.", "symptoms.foot_drop", "right"),
        # the bladder and bowels in everyday words
        ("Left sciatica. For two days I have not been able to wee properly.", "symptoms.bladder",
         "new_difficulty"),
        ("Left sciatica. Since Tuesday I can't control my bladder.", "symptoms.bladder",
         "incontinence"),
        ("Left sciatica. Twice I didn't make it to the loo in time.", "symptoms.bladder",
         "incontinence"),
        ("Left sciatica. It only trickles out now.", "symptoms.bladder", "new_difficulty"),
        ("Sciatique gauche. Depuis hier je ne contrôle plus ma vessie.", "symptoms.bladder",
         "incontinence"),
        ("Sciatique gauche depuis une semaine, j'ai mouillé mes draps deux nuits de suite.",
         "symptoms.bladder", "incontinence"),
        ("Left sciatica. I haven't been able to open my bowels since Friday.", "symptoms.bowel",
         "new_difficulty"),
        ("Left sciatica. My wife says I messed my pants without noticing.", "symptoms.bowel",
         "incontinence"),
        ("Sciatique gauche, je n'arrive plus à retenir les selles.", "symptoms.bowel",
         "incontinence"),
        # night pain that nothing eases, and weight lost in French
        ("Right sciatica. Every night it wakes me and nothing I try shifts it.",
         "symptoms.night_pain", True),
        ("Sciatique droite depuis un mois, et je maigris sans raison.",
         "history.unexplained_weight_loss", True),
        # the second leg told in other words
        ("My legs have been giving up on me since Saturday.", "symptoms.weakness", "both"),
        ("Sciatique droite depuis une semaine et depuis hier la gauche s'y met aussi.",
         "history.became_bilateral", True),
        ("The pain was in my right leg and it has crossed over to my left leg this week.",
         "history.became_bilateral", True),
        # a pain that changes sides is in both legs
        ("Sciatica for six days and it keeps switching sides.", "symptoms.leg_pain", "both"),
        ("Sciatique depuis trois jours, un jour à droite, le lendemain à gauche.",
         "symptoms.leg_pain", "both"),
        # stroke signs in French everyday words
        ("Sciatique gauche. Depuis midi mon bras droit ne répond plus.",
         "symptoms.face_or_arm_symptoms", True),
        ("Sciatique. Ce soir il parle bizarrement, on ne le comprend plus.",
         "symptoms.speech_difficulty", True),
        # weakness told by what the leg no longer does
        ("Right sciatica. The right leg is not as strong as it was.", "symptoms.weakness", "right"),
        ("Right sciatica. There's no push in my right calf on the hills.", "symptoms.weakness",
         "right"),
        ("Right sciatica. I cannot stand on my right foot alone.", "symptoms.weakness", "right"),
        ("Sciatique droite. J'ai du mal à monter l'escalier avec la jambe droite.",
         "symptoms.weakness", "right"),
        ("Sciatique droite. Ma jambe droite flageole dans les descentes.", "symptoms.weakness",
         "right"),
    ],
)  # fmt: skip
def test_an_eighth_round_construction_is_read(text: str, field: str, value: Any) -> None:
    found, _ = read(text)
    assert found.get(field) == value, found


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # a French verb between its "ne" and "pas" is negated
        ("Sciatique gauche depuis 10 jours, ma jambe ne lâche pas.", "symptoms.leg_gives_way"),
        # legs that do not give way are no weakness ("do" is no movement)
        ("Sciatica on the left. My legs don't give way.", "symptoms.weakness"),
        # a brief give-way of both legs reads no weakness of both
        ("Running uphill my legs gave way. Fine again a minute later.", "symptoms.weakness"),
        # knees that ache are no weakness of both legs
        ("Left sciatica. My knees ache with arthritis.", "symptoms.weakness"),
        # a change of something other than the pain's side
        ("Left sciatica. It changes every day how bad it is.", "symptoms.leg_pain"),
        ("Left sciatica. The physio alternates heat and ice.", "symptoms.leg_pain"),
        # speaking ill of someone is no speech trouble
        (
            "Sciatique gauche depuis dix jours, il parle mal de son médecin.",
            "symptoms.speech_difficulty",
        ),
        # pads for periods and a child's wet bed are no leak of the writer's
        ("Right sciatica for a week. I wear pads because of my periods.", "symptoms.bladder"),
        (
            "Right sciatica for a week. My daughter wet the bed so I was up all night.",
            "symptoms.bladder",
        ),
        # a night that was fine, and nothing that helps by day, is no night pain
        (
            "Left sciatica. I slept fine last night and nothing much helps in the day.",
            "symptoms.night_pain",
        ),
        # a dated story with nothing lasting since stays in the past
        ("In 2015 my left foot went numb for a month.", "symptoms.numbness"),
    ],
)
def test_no_reading_of(text: str, field: str) -> None:
    found, _ = read(text)
    assert found.get(field) in (None, False, "none", "left"), found


def test_a_french_verb_between_ne_and_pas_is_a_no_answer() -> None:
    found, level = read("Sciatique gauche depuis 10 jours, ma jambe ne se dérobe pas.")
    assert found["symptoms.leg_gives_way"] is False
    assert level == "self_care"


def test_one_knee_giving_way_stays_one_legs() -> None:
    found, level = read("Left sciatica for a week. My left knee gives way on the stairs.")
    assert "symptoms.weakness" not in found
    assert level == "urgent"


def test_both_legs_giving_way_is_an_emergency() -> None:
    _, level = read("Back pain since Sunday and now both my legs keep giving way.")
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Left sciatica. I can't control my bladder.",
        "Left sciatica. I haven't been able to empty my bowels for three days.",
        "Left sciatica. I honestly cannot tell when my bladder is full.",
        "Sciatique gauche. Je ne sais pas si ma vessie se vide.",
    ],
)
def test_a_denied_verb_is_never_a_normal_bladder_or_bowel(text: str) -> None:
    """A bare "bladder" or "bowels" under a verb's negation is no normal answer (a reassurance
    the writer never gave): it is read as a sign, or left open, never as "normal"."""
    found, level = read(text)
    assert found.get("symptoms.bladder") != "normal", found
    assert found.get("symptoms.bowel") != "normal", found
    assert level in ("urgent", "emergency")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Left sciatica. I don't have any bladder or bowel problems.", "symptoms.bladder"),
        ("Left sciatica. Nothing new with the bladder.", "symptoms.bladder"),
        ("Left sciatica. My bladder isn't affected.", "symptoms.bladder"),
        (
            "Sciatique gauche depuis une semaine, je n'ai aucun problème de vessie ni de selles.",
            "symptoms.bladder",
        ),
    ],
)
def test_a_denied_organ_is_still_a_normal_answer(text: str, field: str) -> None:
    found, _ = read(text)
    assert found.get(field) == "normal", found


# The review of this round (a helper's 360 texts, /tmp/review9 at the time): what it found the
# round had broken or over-read, each in this project's own words.
@pytest.mark.parametrize(
    "text",
    [
        # a cauda equina or stroke sign that passed is still the warning ("fine again" drops none)
        "Sciatica on the left. My speech went slurred this morning. Fine again a few minutes later.",
        "Left sciatica. I wet myself in the queue at the bank. Fine again a minute later.",
        "Left sciatica. The left side of my face drooped. Normal again a minute later.",
        # "ni" is no denial of what follows it
        "Sciatique gauche. Ni le kiné ni le médecin n'ont vu que j'ai des fuites urinaires.",
        # a denied function of the organ is a loss, not a normal answer
        "Left sciatica for a week. I have no control over my bladder.",
        "Left sciatica for a week. I haven't had my bowels open for four days.",
        "Left sciatica for a week. I don't get any warning from my bladder now.",
        "Left sciatica. I have not had a poo for days and can't feel my bowels.",
        "Left sciatica. I can't stop leaking.",
        "Left sciatica. I didn't get to the loo before my bladder went.",
        "Sciatique gauche depuis une semaine. Je n'ai pas eu de selles depuis cinq jours.",
    ],
)
def test_a_sign_of_the_review_stays_a_sign(text: str) -> None:
    _, level = read(text)
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Left sciatica for 3 weeks. The roof has a few small leaks since the storm.",
        "Left sciatica for 3 weeks. I need pads for my knees when I garden.",
        "Left sciatica for 3 weeks. I can't hold my wee grandson for long.",
        "Left sciatica for 3 weeks. If I sit for twenty minutes it starts burning down my leg.",
        "Left sciatica for 3 weeks. I waited ages at A&E before anything happened.",
        "Left sciatica for 3 weeks. I can't empty my bins, bending hurts.",
        "Left sciatica for 3 weeks. The house never feels empty with three kids.",
        "Sciatique gauche depuis 3 semaines. J'attends une amélioration mais rien ne vient.",
        "Sciatique gauche depuis 3 semaines. Rien ne sort de l'IRM.",
        "Left sciatica for 3 weeks. The puppy soiled the bed again.",
        "Left sciatica for 3 weeks. The train seat felt hard through the journey.",
        "Sciatique gauche depuis 3 semaines. Je suis assise sur un coussin ergonomique.",
        "Left sciatica for 3 weeks. Swelling in my foot is not coming down.",
        "Left sciatica for 3 weeks. My foot was hanging off the bed all night.",
        "Left sciatica for 3 weeks. My shoe came off in the mud.",
        "Sciatique gauche depuis 3 semaines. Mon moral flanche.",
        "Sciatique gauche depuis 3 semaines. J'ai 38 heures de travail par semaine.",
        "Sciatique gauche depuis 3 semaines. Il fait 38,5 dehors.",
        "Left sciatica for 3 weeks. I was shivering at the bus stop in the cold.",
        "Left sciatica for 3 weeks. I was offered anti-TNF years ago but said no.",
        "Left sciatica for 3 weeks. Codeine helps a lot but the gabapentin barely touches it.",
        "Left sciatica for 3 weeks. My voice is thick with this cold.",
        "Sciatique gauche depuis 3 semaines. Je n'ai pas envie de bouger la jambe.",
        "Left sciatica for 3 weeks. Unable to run, so doing calf raises instead.",
    ],
)
def test_a_false_alarm_of_the_review_stays_quiet(text: str) -> None:
    _, level = read(text)
    assert level in ("self_care", "routine"), level


def test_a_time_since_another_event_is_no_duration() -> None:
    found, level = read("Pain down both legs for 5 days. It's been 3 years since my last flare.")
    assert found["history.symptom_days"] == 5
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # a give-way with another cause stays a give-way (urgent by Part I), not both legs' weakness
        "Left sciatica for 3 weeks. My legs gave way when I fainted at the wedding.",
        "Left sciatica for 3 weeks. My legs nearly collapsed from tiredness after a long shift.",
        # a reassurance the reader cannot parse is left open (urgent), never an emergency
        "Sciatique gauche depuis 3 semaines. Je retiens mes selles sans problème.",
    ],
)
def test_no_emergency_from(text: str) -> None:
    found, level = read(text)
    assert level != "emergency", found
    assert found.get("symptoms.weakness") != "both"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # the saddle area inside the numbness's own words
        ("Ma femme a une sciatique, elle ne sent plus ses fesses depuis hier.", "emergency"),
        # pressing on the belly to pass urine
        ("Left sciatica for a week. I keep pressing on my belly to get the pee out.", "emergency"),
        # a warning sign read about and denied in the same breath
        (
            "Right sciatica. I read that a numb bottom is a warning sign, I don't have that.",
            "self_care",
        ),
        # an old paralysis that recovered ("rentré dans l'ordre") is the past
        (
            "Sciatique gauche depuis 10 jours. En 2014 j'ai eu une paralysie du pied, tout est "
            "rentré dans l'ordre.",
            "self_care",
        ),
    ],
)
def test_a_last_class_of_the_round(text: str, level: str) -> None:
    found, read_level = read(text)
    assert read_level == level, found


def test_an_old_numb_patch_with_its_year_is_no_spread() -> None:
    found, _ = read(
        "Right sciatica for 2 weeks. My numb patch on the left shin has been there since 2010, "
        "unchanged."
    )
    assert "history.became_bilateral" not in found


@pytest.mark.parametrize(
    "text",
    [
        # tripping or worsening fast is no other cause of legs that give way
        "Back pain since Monday. My legs keep giving way and I keep tripping.",
        "Back pain since Monday. Both legs buckle, it's getting worse fast.",
    ],
)
def test_legs_giving_way_with_more_signs_stay_an_emergency(text: str) -> None:
    _, level = read(text)
    assert level == "emergency"


def test_a_belt_buckle_is_no_give_way() -> None:
    found, _ = read("Left sciatica for a week. I had to buckle my belt tighter.")
    assert "symptoms.leg_gives_way" not in found
