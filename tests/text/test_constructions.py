"""Constructions of the fourth free-text round (issue 12): a feeling lost told with what should be
felt, the bladder and bowel listed as normal or as not normal, the face and speech of a stroke, a
knee that folds, informal French negation, and a time ahead that is no duration. Every text here
is this project's own writing, in words that differ from the posts the rules were studied on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.engine import assess
from sciatica.text.extract import extract

TODAY = date(2026, 12, 7)


def read(text: str) -> tuple[dict[str, Any], list[str], str]:
    x = extract(text, today=TODAY)
    return x.findings(), list(x.case.unsure or []), assess(x.case).triage.level


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "since Friday I can barely feel the loo roll when I wipe",
            "symptoms.saddle_numbness",
            True,
        ),
        ("she can't really feel the bike seat any more", "symptoms.saddle_numbness", True),
        ("my bum feels kind of fuzzy since this morning", "symptoms.saddle_numbness", True),
        ("depuis ce matin je sens pas le papier", "symptoms.saddle_numbness", True),
        ("I can't feel when my bladder is full any more", "symptoms.bladder", "new_difficulty"),
        ("no feeling at all when the wee comes out", "symptoms.bladder", "new_difficulty"),
        ("je sens plus l'envie de faire pipi depuis hier", "symptoms.bladder", "new_difficulty"),
        ("ça coule sans que je sente le pipi passer", "symptoms.bladder", "new_difficulty"),
        ("he can't feel himself doing a poo", "symptoms.bowel", "new_difficulty"),
        ("his smile has gone lopsided since lunch", "symptoms.face_or_arm_symptoms", True),
        ("her words are all jumbled this evening", "symptoms.speech_difficulty", True),
        ("il bafouille depuis une heure", "symptoms.speech_difficulty", True),
        ("on the stairs my left knee folded under me", "symptoms.leg_gives_way", True),
        ("the leg doesn't hold me up any more", "symptoms.leg_gives_way", True),
        ("I can't balance on my right heel at all", "symptoms.cannot_heel_walk", "right"),
        ("j'arrive pas à relever le pied droit", "symptoms.foot_drop", "right"),
        ("mon pied droit est tombé hier soir", "symptoms.foot_drop", "right"),
        # the second round (batch 5 studied): function, wet clothes, amounts, courses of pain
        (
            "this morning my knickers were soaked and I never felt it",
            "symptoms.bladder",
            "incontinence",
        ),
        (
            "ma culotte était trempée ce matin sans que je m'en rende compte",
            "symptoms.bladder",
            "incontinence",
        ),
        ("his left hand went all clumsy at dinner", "symptoms.face_or_arm_symptoms", True),
        ("she's jumbling her words since teatime", "symptoms.speech_difficulty", True),
        ("my slippers keep sliding off the left foot", "symptoms.foot_drop", "left"),
        ("I keep catching my right toes on the steps", "symptoms.foot_drop", "right"),
        ("mes tongs tombent du pied gauche", "symptoms.foot_drop", "left"),
        ("slipped and landed right on my tailbone on Sunday", "history.trauma", True),
        (
            "I've lost 8 kilos since the summer without trying",
            "history.unexplained_weight_loss",
            True,
        ),
        ("an ache running from the buttock down into the left calf", "symptoms.leg_pain", "left"),
        (
            "la douleur part de la fesse et descend jusqu'au pied droit",
            "symptoms.leg_pain",
            "right",
        ),
        (
            "il sent presque plus rien quand il s'essuie, c'est comme du carton",
            "symptoms.saddle_numbness",
            True,
        ),
        # the third round (batch 6 studied)
        (
            "since this morning she dont feel the seat when she sit",
            "symptoms.saddle_numbness",
            True,
        ),
        ("he cannot make a wee since lunch", "symptoms.bladder", "retention"),
        ("hier je sentais pas le siège du vélo", "symptoms.saddle_numbness", True),
        ("pour uriner faut que je pousse depuis lundi", "symptoms.bladder", "new_difficulty"),
        ("ce matin une petite fuite sans rien sentir", "symptoms.bladder", "incontinence"),
        ("my left foot keeps flapping on the pavement", "symptoms.foot_drop", "left"),
        ("j'ai mal dans la cuisse droite depuis hier", "symptoms.leg_pain", "right"),
        (
            "sciatique droite depuis un mois, et depuis samedi j'ai aussi mal à la jambe gauche",
            "history.became_bilateral",
            True,
        ),
        ("glissé sur le verglas samedi, tombé direct sur le coccyx", "history.trauma", True),
        ("My dad is 81 and his left leg aches", "patient.age", 81),
    ],
)
def test_a_construction_is_read(text: str, field: str, value: Any) -> None:
    findings, _, _ = read(text)
    assert findings.get(field) == value, findings


@pytest.mark.parametrize(
    ("text", "bladder", "bowel"),
    [
        ("pee and poo both totally normal", "normal", "normal"),
        ("weeing/pooing all fine", "normal", "normal"),
        ("pipi et selles normaux", "normal", "normal"),
        ("bladder, bowels okay", "normal", "normal"),
        ("pas de problème pour uriner", "normal", None),
        ("no problems with peeing", "normal", None),
    ],
)
def test_a_list_closed_by_normal_answers_both(text: str, bladder: Any, bowel: Any) -> None:
    findings, _, _ = read(text)
    assert findings.get("symptoms.bladder") == bladder, findings
    assert findings.get("symptoms.bowel") == bowel, findings


@pytest.mark.parametrize(
    "text",
    [
        "my pee isn't normal since the weekend",  # something is wrong, not said what
        "le pipi c'est pas normal depuis hier",
        "is peeing normal with sciatica?",  # a question answers nothing
        "if your wee is normal you can wait",  # a condition answers nothing
    ],
)
def test_what_is_not_an_answer_leaves_the_bladder_question_open(text: str) -> None:
    findings, unsure, _ = read(text)
    assert findings.get("symptoms.bladder") != "normal", findings
    if "normal" in text and "?" not in text and not text.startswith("if"):
        assert "symptoms.bladder" in unsure


@pytest.mark.parametrize(
    "text",
    [
        "I have trouble with my bladder, bowels normal",
        "trouble peeing since Monday, bowels fine",
        "I can't pee, poo normal",
    ],
)
def test_a_normal_beside_a_difficulty_never_hides_it(text: str) -> None:
    findings, _, level = read(text)
    assert findings.get("symptoms.bladder") in ("new_difficulty", "retention"), findings
    assert level == "emergency"


def test_a_time_ahead_is_an_appointment_not_a_duration() -> None:
    findings, _, _ = read("sciatique gauche depuis 12 jours, je vois le rhumato dans 3 semaines")
    assert findings.get("history.symptom_days") == 12
    # "in 14 weeks" also looks back ("no improvement in 14 weeks"): only the French is dropped
    findings, _, _ = read("leg pain, no improvement in 14 weeks")
    assert findings.get("history.symptom_days") == 98


def test_a_count_told_up_to_now_is_a_duration() -> None:
    findings, _, _ = read("Six weeks now of this sciatica down my right leg")
    assert findings.get("history.symptom_days") == 42


def test_a_fall_down_the_stairs_is_an_injury() -> None:
    # "down the stairs" stays an injury word even when it over-reads "going down the stairs": an
    # adversarial review found falls told without "fell" ("went down the stairs head first")
    findings, _, _ = read("I fell down the stairs on Sunday and now my leg is numb")
    assert findings.get("history.trauma") is True
    findings, _, _ = read(
        "Missed a step and went down the stairs yesterday, now my left foot is weak"
    )
    assert findings.get("history.trauma") is True


def test_weeks_of_treatment_tried_are_read() -> None:
    findings, _, level = read(
        "Sciatica down the left leg for nine weeks now, 5/10. Done 7 weeks of physio."
    )
    assert findings.get("history.conservative_care_weeks") == 7
    assert level == "soon"  # RF-PAIN-6W: 63 days and 7 weeks of conservative care
    findings, _, _ = read("sciatique depuis 2 mois, 4 semaines de kiné sans effet")
    assert findings.get("history.conservative_care_weeks") == 4


def test_until_ends_a_negation() -> None:
    findings, _, _ = read("I didn't notice anything until my trousers were wet")
    assert findings.get("symptoms.bladder") == "incontinence"


def test_enfin_si_is_no_condition() -> None:
    findings, _, _ = read("Rien d'autre... enfin si, j'ai perdu 5 kilos sans faire de régime")
    assert findings.get("history.unexplained_weight_loss") is True


def test_a_floppy_foot_of_a_dated_past_story_is_no_new_foot_drop() -> None:
    """ "In 2015 my foot went weak and floppy": the flapping-foot construction of the third round
    leaves "floppy" to the older phrase list (a dated red flag stays current by design)."""
    text = "In 2015 my foot went weak and floppy, surgery fixed it. Now 4 days of buttock ache."
    findings, _, _ = read(text)
    assert findings.get("symptoms.foot_drop") is None


def test_strength_as_a_noun_is_no_straining() -> None:
    findings, _, _ = read("pipi normal. Pas de perte de force.")
    assert findings.get("symptoms.bladder") == "normal"


@pytest.mark.parametrize(
    "text",
    [
        # each was read as a normal answer by a first version of this round (adversarial review)
        "I've lost normal bladder control.",
        "Loss of normal bowel control.",
        "Normal bladder, no. Normal bowels, no.",
        "I'm unable to wee normally.",
        "I haven't had a normal pee in two days.",
        "Sometimes my pee is normal, sometimes nothing comes out.",
        "Pee normal in the morning, then I can't go for the rest of the day.",
        "Wee normal but I have to push to start.",
        "Pipi et selles normaux mais je ne me retiens plus.",
        "Pas de souci pour uriner mais je dois pousser.",
        "Pas de fuites jusqu'à ce que je tombe, maintenant j'en ai tout le temps.",
        "I have nae control of my bladder.",
        "The GP said nothing wrong with me, I can't feel the toilet paper.",
        "Rien d'anormal à la radio selon le médecin et incontinence depuis hier.",
    ],
)
def test_a_qualified_or_lost_normal_is_never_a_normal_answer(text: str) -> None:
    findings, _, _ = read(text)
    assert findings.get("symptoms.bladder") != "normal", findings
    assert findings.get("symptoms.bowel") != "normal", findings
    assert findings.get("symptoms.saddle_numbness") is not False, findings


# The fifth round (batches 7 and 8 studied, 2026-12-07): new sentences in the same constructions.
@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # a negation does not cross into a new clause with its own subject
        (
            "I could not climb the ladder this morning, my left leg is getting weak",
            "symptoms.weakness",
            "left",
        ),
        (
            "il marche sans canne et il traîne le pied gauche depuis mardi",
            "symptoms.foot_drop",
            "left",
        ),
        # what the saddle should feel, said not to be there
        ("when she wipes the tissue is not touching anything", "symptoms.saddle_numbness", True),
        ("my pad feels like it is not there at all", "symptoms.saddle_numbness", True),
        ("côté intime plus rien depuis une semaine", "symptoms.sexual_dysfunction_new", True),
        ("my right knee just goes, and down I go", "symptoms.leg_gives_way", True),
        ("the toes of my left foot keep clipping the step", "symptoms.foot_drop", "left"),
        ("la douleur est des deux côtés maintenant", "history.became_bilateral", True),
        ("son pied droit est devenu pâle et froid", "symptoms.cold_pale_foot", "right"),
        ("the pain shoots from my right hip down into the calf", "symptoms.leg_pain", "right"),
        ("on a bad day it's a 9, most days less", "symptoms.pain_score", 9),
        ("39.2 on the thermometer tonight and shaking", "history.fever", True),
        ("mon papy a 81 ans et souffre du dos", "patient.age", 81),
    ],
)
def test_a_fifth_round_construction_is_read(text: str, field: str, value: Any) -> None:
    got, _, _ = read(text)
    assert got.get(field) == value


@pytest.mark.parametrize(
    "text",
    [
        "no weakness, numbness or tingling in the legs",  # one negation over a list
        "I don't have any weakness and no numbness",
        "pas de faiblesse ni de fourmillements",
    ],
)
def test_a_list_under_one_negation_stays_negated(text: str) -> None:
    got, _, _ = read(text)
    assert got.get("symptoms.weakness") == "none"


def test_a_pregnancy_term_is_no_duration_of_symptoms() -> None:
    got, _, _ = read("I'm 31 weeks pregnant and the sciatica started 3 days ago")
    assert got.get("history.symptom_days") == 3


def test_a_calf_cramp_alone_is_no_radiating_leg_pain() -> None:
    got, _, _ = read("I get cramp in my calf at night")
    assert got.get("symptoms.leg_pain") is None


def test_a_childs_age_is_not_the_patients() -> None:
    got, _, _ = read("mon fils a 12 ans et moi j'ai une sciatique")
    assert got.get("patient.age") != 12


# Two words of one clause (compose.py) and a spread to the second leg (extract.py), 2026-12-07.
@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("my whole thigh aches when I stand, the left one", "left"),
        ("j'ai mal dans toute la cuisse droite", "right"),
        ("since Tuesday it's down the right leg", "right"),
        ("burning pain that shoots into his left calf", "left"),
    ],
)
def test_a_pain_word_and_a_leg_part_of_one_clause_are_leg_pain(text: str, side: str) -> None:
    got, _, _ = read(text)
    assert got.get("symptoms.leg_pain") == side


@pytest.mark.parametrize(
    "text",
    [
        "no pain in the leg at all, only my back",  # negated through ConText like any target
        "tiredness in my legs and a little pain in the knee cap",  # two complaints of a list
        "my feet hurt in these new shoes",  # a foot alone may be the foot's own pain
        "reduced sensation down the back of my thighs",  # what travels is no pain
        "if the pain goes down my leg I will call",  # a condition
    ],
)
def test_no_leg_pain_is_composed_from(text: str) -> None:
    got, _, _ = read(text)
    assert got.get("symptoms.leg_pain") in (None, "none")


@pytest.mark.parametrize(
    "text",
    [
        "Pain down my right leg for a fortnight. Since last night my left leg is the same.",
        "Sciatique gauche depuis un mois, et depuis ce matin la jambe droite aussi.",
        "It was only the left thigh, now it's in both legs.",
        "My dad's had pain in his left calf for weeks and now the right one has started too.",
    ],
)
def test_a_pain_that_reached_the_other_leg_became_bilateral(text: str) -> None:
    got, _, level = read(text)
    assert got.get("history.became_bilateral") is True
    assert got.get("symptoms.leg_pain") == "both"
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Pain down my left leg for a week. My right leg is fine.",
        "Left leg pain. I can stand on my heels and toes on both sides.",
        "Left sciatica again. I hold the rail with both hands now.",
        "left and right leg pain for two years, unchanged",
    ],
)
def test_no_spread_is_read_from(text: str) -> None:
    got, _, _ = read(text)
    assert got.get("history.became_bilateral") is None


# A leg failing a task, and the course of a weakness (compose.py), 2026-12-07: sentences of this
# project's own, written before the rules were run on them.
@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("This morning I couldn't press the brake with my right foot", "right"),
        ("she struggles to get up the stairs now, the left leg has nothing", "left"),
        ("my left leg won't do what I ask of it", "left"),
        ("il n'arrive plus à monter les marches, la jambe droite ne suit pas", "right"),
        ("je peux plus appuyer sur la pédale avec le pied gauche", "left"),
    ],
)
def test_a_leg_failing_a_task_is_weakness(text: str, side: str) -> None:
    got, _, level = read(text)
    assert got.get("symptoms.weakness") == side
    assert level in ("urgent", "emergency")


@pytest.mark.parametrize(
    "text",
    [
        "I can't climb the stairs because of the pain in my leg",  # a limit put down to pain
        "I can still get up the stairs fine",
        "if I can't lift my foot I'll go straight in",  # a condition
        "I'm scared I won't be able to climb stairs one day",  # a fear
        "putting my sock on is a struggle, I can't get the foot up to me",  # the hip's bend
    ],
)
def test_no_weakness_is_composed_from(text: str) -> None:
    got, _, _ = read(text)
    assert got.get("symptoms.weakness") in (None, "none")


@pytest.mark.parametrize(
    ("text", "course"),
    [
        # a better course only from the plain phrases (INT-26), never composed
        ("Pied gauche tombant depuis 5 jours, la force revient doucement.", "improving"),
        ("Left foot drop for ten days, strength is coming back.", "improving"),
        ("Can't walk on my heels, and the foot gets worse by the day.", "worsening"),
    ],
)
def test_the_course_of_a_weakness_is_read(text: str, course: str) -> None:
    got, _, _ = read(text)
    assert got.get("history.weakness_course") == course


@pytest.mark.parametrize(
    "text",
    [
        "Right foot drop since Friday. The weakness is the same as on day one.",
        "Left foot drop for ten days, the strength is a little better each day.",
        "Pied droit qui tape depuis lundi, la faiblesse est pareille depuis le début.",
    ],
)
def test_a_better_or_unchanged_course_is_not_composed(text: str) -> None:
    """Three reviews found the composed reading lowering emergencies on words about something
    else; left unread, Part I §2 reads the course as worsening."""
    got, _, level = read(text)
    assert got.get("history.weakness_course") is None
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Left foot drop since Monday. The pain is much better though.",  # the pain's course
        "Left foot drop since Monday. My back is better.",  # another subject
        "Left foot drop since Monday and it's not getting better.",  # no reading: the worse one
        "Left foot drop since Monday. At the same time my back went.",
        # an adversarial review's texts (2026-12-07): a course of something else, a hope, a
        # forecast, a question, a negation
        "Foot drop since Monday; the bruise on the foot is better now.",
        "Foot drop since Monday; it's the same foot as last time.",
        "Foot drop 5 days, walking is better with the brace they gave me.",
        "Foot drop since the weekend, my diabetes is stable.",
        "Foot drop since Friday, I hope the weakness is improving.",
        "Foot drop since Friday; I was told the strength usually improves.",
        "Foot drop 4 days. Is the strength better? No, not at all.",
        "Foot drop 3 days, I don't think the weakness is improving.",
        "Pied tombant depuis 3 jours, la force ne s'améliore pas.",
        "Pied tombant depuis 4 jours, l'œdème du pied va mieux.",
        "Right foot drop for 3 days, my toes are stronger? no they are weaker.",
        "My foot drags since Sunday, the weakness could not be worse.",
    ],
)
def test_a_course_of_something_else_is_not_the_weaknesss(text: str) -> None:
    got, _, level = read(text)
    assert got.get("history.weakness_course") in (None, "worsening")
    assert level == "emergency"


# Over-triage constructions (batches 7 and 8 studied), 2026-12-07: this project's own sentences.
def test_a_quoted_list_of_warning_signs_is_no_finding() -> None:
    text = (
        'The poster at the surgery says "numbness in the saddle area, trouble passing urine, '
        'weakness of both legs: call 999". None of that, just my left calf aching for 3 days.'
    )
    got, _, level = read(text)
    assert got.get("symptoms.saddle_numbness") is None
    assert got.get("symptoms.bladder") is None
    assert level in ("self_care", "routine")


def test_a_list_after_a_leaflet_colon_is_no_finding() -> None:
    text = (
        "The leaflet says go to A&E if you have: numb genitals, wetting yourself, both legs weak. "
        "I have none of those, only pain down my right leg."
    )
    got, _, _ = read(text)
    assert got.get("symptoms.bladder") is None
    assert got.get("symptoms.weakness") in (None, "none")


def test_one_warning_sign_between_quotes_is_still_read() -> None:
    # a quote of a single red flag is the writer's own words told as said: kept
    got, _, level = read('She said "I can\'t feel the toilet paper" and started crying.')
    assert got.get("symptoms.saddle_numbness") is True
    assert level == "emergency"


def test_a_dated_story_that_recovered_is_the_past() -> None:
    text = (
        "In 2018 I had a left foot drop, operated the same week, fully recovered within a year. "
        "Now three days of left calf pain, 3/10."
    )
    got, _, level = read(text)
    assert got.get("symptoms.foot_drop") in (None, "none")
    assert level in ("self_care", "routine")


def test_a_dated_red_flag_said_to_be_back_is_current() -> None:
    text = "In 2018 I had a left foot drop and fully recovered, but since Monday the foot drop is back."
    got, _, level = read(text)
    assert got.get("symptoms.foot_drop") == "left"
    assert level == "emergency"


def test_a_feeling_closed_by_normal_answers_the_saddle_question() -> None:
    _, unsure, _ = read("Pain down my left leg. Everything feels normal down there.")
    assert "symptoms.saddle_numbness" not in unsure


def test_a_feeling_that_is_not_normal_leaves_it_open() -> None:
    _, unsure, level = read("Pain down my left leg. It feels odd down there, not normal.")
    assert "symptoms.saddle_numbness" in unsure
    assert level in ("urgent", "emergency")


def test_rien_d_negates_what_follows() -> None:
    got, _, _ = read("Sciatique droite depuis 5 jours, rien d'engourdi dans les deux jambes.")
    assert got.get("symptoms.numbness") == "none"


def test_the_same_strength_is_equal_not_unchanged() -> None:
    got, _, _ = read("Weak right ankle since Friday; both legs used to be the same strength.")
    assert got.get("history.weakness_course") is None


def test_my_child_told_as_yo_is_not_the_patient() -> None:
    got, _, _ = read("Picked up my 3yo and felt my back go, pain down the left leg since.")
    assert got.get("patient.age") is None


@pytest.mark.parametrize(
    "text",
    [
        # an adversarial review's texts (2026-12-07) that the composed findings misread upward
        "Left leg pain 3 weeks; I now use the right leg for the clutch.",
        "Left calf pain for a week, the right kidney hurts too.",
        "Sore legs since I started the statin.",
        "The paper towel is not there in the gym toilets; my leg hurts after the workout.",
        "I can't kick a ball with my left foot, never could, I'm right footed.",
        # the third review's texts that older rules read upward
        "I fell behind at work because of my sciatica, left leg pain.",
        "Mon pied tombe bien dans la chaussure, pas de souci. Douleur dans la jambe droite.",
        "Pain down the left leg, and my right foot is numb since diabetes, for years.",
        "I can't press the pedal hard, my car is old and the pedal is stiff.",
        # the sixth round's own checks
        # quotes that hold someone else's whole sentence stay as they are
        'The leaflet says "numbness between your legs, trouble peeing, weakness in both legs".'
        " None of that, just pain down my left leg for a week.",
        # a position that eases is no night pain
        "Sciatica 3 weeks; lying on my side with a pillow between my knees helps.",
        # "both at once" of something else
        "I can't sit and stand both at once, haha. Left leg pain 2 weeks.",
        # the seventh round's review
        "No matter how I position my laptop, my neck hurts. Left leg sciatica for 2 weeks.",
        "J'ai testé toutes les positions au yoga, c'est là que ma sciatique droite s'est réveillée.",
        "Rien ne la calme sauf allongée. Sciatique gauche depuis 3 semaines.",
        "Le pied de la table tape par terre quand je m'assois. Sciatique gauche depuis 3 semaines.",
        "Je n'arrive pas à me lever sans poser les pieds bien à plat, tellement j'ai mal au dos.",
        "My trackies were soaked in the rain walking home. Sciatica left 2 weeks.",
        "My son's joggers were wet when I picked him up from nursery. I have right leg sciatica.",
        "Put an ice pack on for 20 mins, my foot is colder now but the leg still aches.",
        "The nurse asked if I had numbness around my bottom, I said no. Not sure what else to tell"
        " you. Sciatica left.",
        "I can't tell if the pain is from my back or my bum. Sciatica left 2 weeks.",
    ],
)
def test_no_alarm_from(text: str) -> None:
    got, _, level = read(text)
    assert level in ("self_care", "routine", "soon"), got


def test_a_bracket_closes_a_negation() -> None:
    got, _, level = read(
        "left foot drop since yesterday (no worse, no better) and right leg pain since today"
    )
    assert got.get("symptoms.leg_pain") in ("right", "both")
    assert level == "emergency"


def test_the_other_leg_that_started_is_a_spread() -> None:
    got, _, level = read(
        "Had sciatica on the right for months, the other leg started to hurt last week."
    )
    assert got.get("history.became_bilateral") is True
    assert level == "emergency"


# The second (2026-12-07, 500 texts) and third (573 texts) adversarial reviews: what the first
# fixes broke, and what the course composed from "better" and "the same" (withdrawn) and older
# rules lost, now held.
@pytest.mark.parametrize(
    "text",
    [
        # second review
        'From the NHS site: "loss of feeling around genitals, bladder problems, weakness in both '
        "legs\". That's exactly what I have.",
        'My notes: "weakness both legs, numb saddle, constipated".',
        "J'ai noté : « fesses engourdies, fuites urinaires, jambes faibles ». C'est depuis hier.",
        "En 2022 j'ai eu un pied tombant, récupération complète. Depuis 4 jours le pied retombe.",
        "My back pain fully recovered in 2022 but my left foot has been dropping since last week",
        "They say it's improving but I don't believe them, both legs weak for 20 days.",
        "I don't think it's anything, both legs gone weak this morning.",
        "Strength is better in the morning but by the evening my foot drags badly.",
        "I'm not sure if my bladder is ok, I have to push to pee since yesterday",
        "Left foot drop 4 weeks, getting worse",
        "Mon pied gauche ne se relève plus depuis 6 semaines",
        "Feels normal when I wipe. Poo comes out without warning since Monday",
        # third review
        "left foot weak and dragging for 5 days, strength in my voice is better (I had laryngitis)",
        "The weakness improved, then stabilized, and now it's worse. Foot drop left 6 days.",
        "Foot drop 3 days, the weakness improved briefly after the injection.",
        "The foot drop came back yesterday. Last month the weakness was improving.",
        "Weakness was stable for months after my 2019 surgery. Since yesterday my foot drops completely.",
        "Foot drop unchanged since yesterday.",
        "Both legs weak, unchanged since 3 days.",
        "Maintenant les deux pieds tombent depuis ce matin.",
        "Depuis hier, mes deux pieds ne se relèvent plus.",
        "The bed was wet this morning and I didn't notice. Sciatica left.",
        "I can't lift my right foot",
        # the seventh round's review (384 texts): "both at once" read as both legs from the first
        # day and "the last N months" as a duration were withdrawn; these stay emergencies
        "Right sided sciatica since August. Since 4 days ago my left leg has joined in. Walking the"
        " dog and carrying shopping both at once is impossible now.",
        "Both legs weak at once since this morning, can barely stand.",
        "Les deux jambes engourdies en même temps depuis hier soir.",
        "The last three weeks have been stressful at work. Since yesterday both legs tingle.",
        "The last 4 years I've been pain free. On Sunday my back went and now both legs are numb.",
        "Depuis 4 jours j'ai des fourmillements sous la plante des pieds et mal à la jambe droite.",
        "Pour la vessie ça va je crois, mais hier j'avais mouillé ma culotte sans rien sentir, je"
        " pensais que c'était la transpiration. Sciatique gauche depuis 10 jours.",
        # the second leg named as it began ("started too", "joined in", "moved to the right")
        "left leg 3 months. 6 days ago my right leg started too. both hurt in the mornings.",
        "Started in my right leg 6 weeks ago and the left one joined in about 5 days ago.",
        "It started in the left and moved to the right about 10 days ago, both hurt now.",
        "J'ai mal aux deux jambes depuis 5 semaines, d'abord la droite puis la gauche il y a une"
        " semaine.",
        "Les deux jambes paralysées depuis hier soir.",
        "Both legs dead since last night, I can hardly walk.",
        # a leg finding dated from its start dates the leg symptoms; a spell of training, no back
        # problems or back pain alone does not
        "Past 6 months I've been training for a half marathon. 3 days ago pain started in both legs.",
        "For the past 3 years I have had no back problems at all. Then 5 days ago pain shot down"
        " both legs.",
        "Depuis cinq mois j'ai mal au dos seulement. Depuis 3 jours, les deux jambes me font mal.",
        # French and English signs the review found unread
        "Les deux jambes depuis 3 jours, je sens plus mes pieds.",
        "Depuis 3 jours je n'arrive plus à retenir mes urines, sciatique gauche.",
        "Je me suis fait pipi dessus deux fois cette semaine, et j'ai une sciatique gauche.",
        "Waterworks a bit weird since the weekend, slow to start. Left leg sciatica 1 week.",
        # the second review (2026-12-07, 384 texts): signs in everyday words, and a leak the
        # writer did not know of, once read as "bladder normal"
        "Woke up wet and honestly didn't know I'd wet myself. Left leg sciatica for a week.",
        "I don't really know when my bladder is full any more, since the leg pain 6 days ago.",
        "My wife says I've been peeing myself at night. Right leg pain for 3 weeks.",
        "Haven't had a wee since this morning even though I've drunk loads. Sciatica left.",
        "J'ai pas uriné depuis hier soir, j'ai le ventre tendu, sciatique gauche.",
        "Jme fais pipi dessus depuis lundi, sciatique droite.",
        "Left sciatica for 2 weeks. It's jumped to the other side since this morning.",
        "Sciatique gauche 3 semaines, depuis hier ça descend aussi dans la droite.",
        "Mon pied est tout mou depuis cette nuit, sciatique gauche 10 jours.",
        "Since the weekend my left foot doesn't clear the ground, getting worse.",
        "Since the sciatica began 10 days ago I can't ejaculate properly.",
        "Mon père m'a dit qu'il ne sentait plus le papier toilette, sciatique droite.",
        "My right foot is a blueish pale colour and cold to touch since this morning.",
        "Suddenly couldn't hold my cup with my left hand and my left leg dragged.",
        "Numb where I sit on the bike saddle since last week. Left sciatica.",
        "My stream is weak since the sciatica started. Left leg sciatica 2 weeks.",
        "I didn't feel the urge before I leaked. Left leg sciatica 2 weeks.",
        "Now it's in my right leg as well. Left leg sciatica 2 weeks.",
        "Le jet est faible depuis que j'ai mal à la jambe gauche, une semaine.",
        "Perte de contrôle des selles. Sciatique gauche 2 semaines.",
        "Je n'arrive plus à éjaculer depuis 10 jours. Sciatique gauche.",
        "J'ai le cul tout engourdi depuis lundi et la jambe gauche qui me tue.",
        "My legs are killing me since Sunday, both of them.",
        "Le pied droit est pâle, un peu bleuté et froid par rapport à l'autre, depuis ce matin.",
        "Je n'arrive plus à parler correctement et ma jambe gauche est faible.",
        "Je suis tombé du toit, j'ai mal au dos et la jambe gauche est faible.",
        "Depuis 10 jours je ne sens plus rien pendant les rapports. Sciatique gauche.",
        # "has gone" before a state is the change into it, not the past
        "My bum has gone numb since Tuesday and my left leg hurts.",
        # a condition cut by a new clause whose subject opens the finding itself
        "Je ne sais pas si c'est normal mais je ne sens plus mes fesses depuis ce matin, sciatique"
        " droite.",
    ],
)
def test_a_red_flag_of_the_reviews_is_an_emergency(text: str) -> None:
    got, _, level = read(text)
    assert level == "emergency", got


def test_a_qualified_normal_feeling_leaves_the_saddle_question_open() -> None:
    _, unsure, level = read(
        "Feels normal down there, but when I wipe it feels like someone else's skin."
    )
    assert "symptoms.saddle_numbness" in unsure or level == "emergency"


@pytest.mark.parametrize(
    ("text", "score"),
    [("pain is an eight out of ten down my leg", 8), ("Pain score 9 in the leg for 8 weeks.", 9)],
)
def test_a_score_told_in_words_is_read(text: str, score: int) -> None:
    got, _, _ = read(text)
    assert got.get("symptoms.pain_score") == score


@pytest.mark.parametrize(
    "text",
    [
        "my hip hurts when I walk, it doesn't go down the leg",
        "can't climb stairs because I am out of breath",
    ],
)
def test_no_task_failure_is_read_from(text: str) -> None:
    got, _, _ = read(text)
    assert got.get("symptoms.weakness") in (None, "none")


def test_no_change_keeps_the_weakness_and_the_cancer() -> None:
    got, _, level = read("Leg weak for 4 days, no change, history of lung cancer.")
    assert got.get("history.cancer_history") is True
    assert got.get("symptoms.weakness") not in (None, "none")
    assert level == "emergency"


def test_unchanged_still_answers_the_bladder_and_bowel() -> None:
    got, _, _ = read("Bladder unchanged, bowels unchanged, pain down my left leg.")
    assert got.get("symptoms.bladder") == "normal"
    assert got.get("symptoms.bowel") == "normal"


def test_a_claudication_told_in_french_eased_standing_still() -> None:
    got, _, _ = read("Quand je marche, mon mollet fait mal, je m'arrête debout et ça passe.")
    assert got.get("symptoms.claudication") is True
    assert got.get("symptoms.claudication_relief") == "standing_still"


@pytest.mark.parametrize(
    "text",
    [
        "Burning thigh on the outside, no back pain, I put on weight recently.",
        "Numb patch on the outer part of my left thigh since I started wearing a tight belt.",
        "J'ai des brûlures sur la face externe de la cuisse droite depuis ma grossesse.",
    ],
)
def test_the_outer_thigh_alone_is_the_meralgia_picture(text: str) -> None:
    got, _, level = read(text)
    assert got.get("symptoms.anterolateral_thigh_only") is True
    assert level == "routine"


def test_the_outer_thigh_on_the_way_to_the_calf_is_not_the_thigh_alone() -> None:
    got, _, _ = read("Pain from my buttock down the outside of my thigh to the calf.")
    assert got.get("symptoms.anterolateral_thigh_only") is None


@pytest.mark.parametrize(
    "text",
    [
        "The pain was on the left but since Tuesday it's down the right leg as well.",
        "Douleur à gauche depuis un mois, depuis mardi elle descend aussi dans la jambe droite.",
    ],
)
def test_a_pain_told_by_its_side_then_the_other_leg_is_a_spread(text: str) -> None:
    got, _, level = read(text)
    assert got.get("history.became_bilateral") is True
    assert level == "emergency"


def test_a_side_of_the_back_is_no_first_leg() -> None:
    got, _, _ = read(
        "The pain is on the left side of my back, and since Tuesday my right leg hurts too."
    )
    assert got.get("history.became_bilateral") is None


# The sixth and seventh rounds (2026-12-07): what the tuning parts of fresh batches 10-16
# under-triaged, written afresh here in other words.
@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        # pain that no position eases (case-format: night pain "not eased by position")
        ("Sciatica 4 weeks. At night no matter how I lie it throbs.", "symptoms.night_pain", True),
        ("Tried every position in bed, the leg still burns.", "symptoms.night_pain", True),
        ("La nuit j'ai mal quelle que soit la position.", "symptoms.night_pain", True),
        ("Rien ne le soulage la nuit, allongé ou assis.", "symptoms.night_pain", True),
        # a French attempt to pass urine that failed, whatever its verb
        ("Mon père n'a pas pu faire pipi depuis hier soir.", "symptoms.bladder", "retention"),
        (
            "J'arrive plus à pisser depuis ce matin, sciatique à gauche.",
            "symptoms.bladder",
            "retention",
        ),
        # the foot that strikes the ground, "de la misère à" (Québec: trouble doing)
        ("Mon pied gauche tape sur le plancher quand je marche.", "symptoms.foot_drop", "left"),
        ("J'ai de la misère à lever le pied droit.", "symptoms.foot_drop", "right"),
        # the leg that did not hold, told in the past
        ("Sa jambe droite ne l'a pas tenue dans l'escalier.", "symptoms.weakness", "right"),
        # the failed test named first, its failure after
        (
            "Sur la pointe des pieds, côté gauche, je n'y arrive pas.",
            "symptoms.cannot_toe_walk",
            "left",
        ),
        (
            "Marcher sur les talons, à droite, je n'y arrive plus.",
            "symptoms.cannot_heel_walk",
            "right",
        ),
        ("On the left the heel won't come off the ground.", "symptoms.cannot_toe_walk", "left"),
        # "la pointe des pieds" is a set phrase: no side of its own
        (
            "Impossible de marcher sur la pointe des pieds.",
            "symptoms.cannot_toe_walk",
            "unspecified",
        ),
        # a foot colder or paler than the other
        (
            "My left foot is colder and paler than the right since the summer.",
            "symptoms.cold_pale_foot",
            "left",
        ),
        # a word set in quotes by the writer is still the writer's word
        ("My legs feel 'like lead' on the stairs since Friday.", "symptoms.weakness", "both"),
        ("Ma jambe gauche est « molle » depuis lundi.", "symptoms.weakness", "left"),
        ("Both my legs have ached down to the calves for months.", "symptoms.leg_pain", "both"),
        # the seventh round: the tuning parts of blind batches 15 and 16, in other words
        ("My husband has pain in the leg since four months approx.", "history.symptom_days", 120),
        ("Since two days her right leg is not having any strength.", "symptoms.weakness", "right"),
        ("He nearly fell when the left leg didn't take his weight.", "symptoms.weakness", "left"),
        ("Since Sunday my right foot feels kind of floppy.", "symptoms.foot_drop", "right"),
        ("I keep catching my left toe on the edge of the stairs.", "symptoms.foot_drop", "left"),
        (
            "Got up from the chair and my trackies were wet, never felt it.",
            "symptoms.bladder",
            "incontinence",
        ),
    ],
)
def test_the_sixth_and_seventh_rounds_read(text: str, path: str, value: object) -> None:
    got, _, _ = read(text)
    assert got.get(path) == value, got


def test_a_shy_bladder_is_no_retention() -> None:
    # the bladder named without a reading of a change stays a question (RF-CES-UNSURE), never
    # the emergency a retention would be
    got, unsure, level = read(
        "Je n'arrive pas à faire pipi devant les autres depuis toujours. Sciatique gauche 1 semaine."
    )
    assert got.get("symptoms.bladder") != "retention"
    assert level == "urgent" and "symptoms.bladder" in unsure


def test_a_long_story_keeps_its_longest_leg_duration() -> None:
    got, _, _ = read("Left leg pain since Monday. I have had sciatica on and off for 4 months.")
    assert got.get("history.symptom_days") == 120
    got, _, _ = read(
        "Three weeks ago I tweaked my back lifting my son. Pain went down my left leg for a few"
        " days, mostly gone now, but the top of my left foot is still numb."
    )
    assert got.get("history.symptom_days") == 21


def test_not_noticing_a_weakness_still_denies_it() -> None:
    got, _, _ = read("I didn't notice any weakness, and I don't feel any numbness. Right leg pain.")
    assert got.get("symptoms.weakness") == "none"
    assert got.get("symptoms.numbness") == "none"


@pytest.mark.parametrize(
    "text",
    [
        "the pain down my right leg is constant and nothing eases it, not lying, not sitting, it"
        " keeps me up all night",
        "It doesn't matter what position I'm in at night, the left leg pain is there, can't sleep.",
    ],
)
def test_pain_no_position_eases_at_night_is_night_pain(text: str) -> None:
    got, _, _ = read(text)
    assert got.get("symptoms.night_pain") is True, got


def test_an_age_after_a_date_of_birth_is_read() -> None:
    got, _, _ = read("My father Arthur (DOB 12/04/1948, 77) asked me to write. Right leg pain.")
    assert got.get("patient.age") == 77


def test_the_evidence_of_a_quoted_word_quotes_it_as_written() -> None:
    text = "Ma jambe gauche est « molle » depuis lundi."
    spans = extract(text).spans
    weak = [s for s in spans if s.field == "symptoms.weakness"]
    assert weak and weak[0].text == text[weak[0].start : weak[0].end]
    assert "«" in weak[0].text and "\u00ad" not in weak[0].text


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # a doubt about a cauda equina question is RF-CES-UNSURE, a same-day check
        (
            "Left sciatica 6 days. I'm not sure if it's numb down below or not.",
            "symptoms.saddle_numbness",
        ),
        ("Right leg pain. Can't tell whether my wee is slower, maybe.", "symptoms.bladder"),
        (
            "Sciatique droite. Je ne sais pas si je sens bien le papier toilette.",
            "symptoms.saddle_numbness",
        ),
        # someone asked; the writer could not answer
        (
            "The nurse asked if I had any numbness around my bottom and I didn't know what to say."
            " Sciatica left for 9 days.",
            "symptoms.saddle_numbness",
        ),
    ],
)
def test_a_question_the_writer_cannot_answer_stays_open(text: str, question: str) -> None:
    got, unsure, level = read(text)
    assert question in unsure, got
    assert level in ("urgent", "emergency")


@pytest.mark.parametrize(
    "text",
    [
        "The GP asked if I had numbness around my bottom, I said no. Sciatica left 2 weeks.",
        "If my bum ever goes numb I know to go to A&E. Left leg pain 10 days.",
        "I wonder if the numbness on top of my foot is from the disc. Right leg pain 3 weeks.",
    ],
)
def test_no_doubt_is_read_from(text: str) -> None:
    got, unsure, _ = read(text)
    assert "symptoms.saddle_numbness" not in unsure, got
