"""Real people's words (issue 12): safety by construction, scopes that stay narrow, and the general
forms of weakness, paralysis, saddle and spreading symptoms. Every text here is this project's own."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.engine import assess
from sciatica.text.extract import extract

TODAY = date(2026, 3, 12)


def read(text: str) -> tuple[dict[str, Any], str, dict[str, str]]:
    x = extract(text, today=TODAY)
    return x.findings(), assess(x.case).triage.level, {s.text: s.reason or "" for s in x.ignored}


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "since the op her legs are so weak she cant move them",
            "symptoms.complete_paralysis",
            "both",
        ),
        (
            "his toes could not be moved after the reoperation",
            "symptoms.complete_paralysis",
            "unspecified",
        ),
        ("I can't move my left foot at all", "symptoms.complete_paralysis", "left"),
        ("je ne peux plus bouger le pied gauche", "symptoms.complete_paralysis", "left"),
        ("my legs feel like jelly", "symptoms.weakness", "both"),
        ("I'm losing control of my right leg", "symptoms.weakness", "right"),
        ("mes jambes ne me tiennent plus", "symptoms.weakness", "both"),
        ("j'ai les jambes qui lâchent", "symptoms.weakness", "both"),
        ("a buzzing feeling in my genital area", "symptoms.saddle_numbness", True),
        ("des fourmillements dans le sexe", "symptoms.saddle_numbness", True),
        ("my right leg keeps falling asleep", "symptoms.numbness", "right"),
        ("left leg pain now spreading to my right leg", "history.became_bilateral", True),
        (
            "douleur gauche, maintenant ça passe dans l'autre jambe",
            "history.became_bilateral",
            True,
        ),
        ("I can't walk without a cane", "symptoms.walking", "needs_help"),
        ("la jambe gauche est froide et pâle", "symptoms.cold_pale_foot", "left"),
        ("pain in my left calf", "symptoms.pain_below_knee", True),
        ("pins and needles in my feet since saturday", "symptoms.numbness", "both"),
        ("des picotements dans les pieds depuis hier", "symptoms.numbness", "both"),
        ("my hands and feet went tingly overnight", "symptoms.face_or_arm_symptoms", True),
        ("depuis mardi les jambes lourdes, je monte plus l'escalier", "symptoms.weakness", "both"),
        ("his legs feel heavy since the weekend", "symptoms.weakness", "both"),
        ("it's like walking on broken glass under my right sole", "symptoms.numbness", "right"),
        ("feels like I've got gravel in my shoe all the time", "symptoms.numbness", "unspecified"),
        ("I slipped down the back steps and landed on my bottom", "history.trauma", True),
        ("elle est tombée dans les escaliers la semaine dernière", "history.trauma", True),
        (
            "everything tingles and now breathing is hard to breathe through",
            "symptoms.breathing_or_swallowing_difficulty",
            True,
        ),
        (
            "depuis ce matin j'ai des troubles respiratoires et les pieds engourdis",
            "symptoms.breathing_or_swallowing_difficulty",
            True,
        ),
        ("the temp on the thermometer was 38.9 this morning", "history.fever", True),
        ("je suis à 39,2 de fièvre depuis hier", "history.fever", True),
        (
            "my face dropped on one side and I keep dropping things",
            "symptoms.face_or_arm_symptoms",
            True,
        ),
        (
            "had a little accident in bed last night, never happened before",
            "symptoms.bowel",
            "new_difficulty",
        ),
        ("I've lost a stone since summer without trying", "history.unexplained_weight_loss", True),
        ("the back ache is there at night even lying still", "symptoms.night_pain", True),
        ("my foot just flopped and I couldn't pull it up", "symptoms.foot_drop", "unspecified"),
        ("I can barely feel the floor under my left sole", "symptoms.numbness", "left"),
    ],
)
def test_general_forms(text: str, field: str, value: Any) -> None:
    assert read(text)[0].get(field) == value


def test_an_asserted_symptom_without_a_side_is_kept_and_reads_urgent() -> None:
    found, level, _ = read("Feelings of muscle weakness and pins and needles down to my toes.")
    assert found["symptoms.weakness"] == "unspecified"
    assert found["symptoms.numbness"] == "unspecified"
    assert level == "urgent"  # RF-MOT-REPORTED on a leg not graded


def test_a_past_episode_said_to_be_back_is_current() -> None:
    found, level, _ = read("I had foot drop years ago. It's back, my left foot slaps again.")
    assert found["symptoms.foot_drop"] == "left"
    assert level in ("urgent", "emergency")
    found, _, ignored = read("I had foot drop years ago that recovered fully.")
    assert "symptoms.foot_drop" not in found
    assert ignored["foot drop"] == "historical"


def test_a_relative_writing_about_the_patient() -> None:
    found, level, _ = read("My mother's legs are weak and she can't pee since yesterday.")
    assert found["symptoms.weakness"] == "both"
    assert found["symptoms.bladder"] == "retention"
    assert level == "emergency"
    # a relative's history beside the writer's own story is family history
    found, _, ignored = read("Sciatica down my left leg. My father has diabetes.")
    assert "history.diabetes" not in found
    assert ignored["diabetes"] == "family"


def test_general_knowledge_and_quoted_lists_are_not_findings() -> None:
    text = (
        "Sciatica usually affects both legs in some cases. The warning signs include:\n"
        "- numbness between the legs\n- loss of bladder control\n"
        "I don't have those, just pain in my right thigh."
    )
    found, level, ignored = read(text)
    assert found["symptoms.leg_pain"] == "right"
    assert "symptoms.saddle_numbness" not in found
    assert "symptoms.bladder" not in found
    assert level == "self_care"
    assert ignored["numbness"] == "generic"


def test_transient_exertional_symptoms_are_not_emergencies() -> None:
    found, level, ignored = read(
        "Lifting weights I lost control of my legs for a second, then fine."
    )
    assert "symptoms.weakness" not in found
    assert ignored["lost control of my legs"] == "transient"
    assert level != "emergency"


def test_long_standing_numbness_of_both_feet_is_not_new() -> None:
    found, level, _ = read("Both feet have been numb for years and nothing has changed.")
    assert found["history.symptom_days"] > 14
    assert level != "emergency"


def test_a_dated_red_flag_stays_current_a_dated_symptom_does_not() -> None:
    found, _, _ = read("In March 2018 I lost feeling around my back passage.")
    assert found["symptoms.saddle_numbness"] is True
    found, _, ignored = read("In December 2010 I had tingling in my legs. Now my left leg aches.")
    assert found["symptoms.leg_pain"] == "left"
    assert "symptoms.numbness" not in found
    assert ignored["tingling"] == "historical"


def test_a_negation_word_right_before_a_finding_negates_it() -> None:
    assert read("No trouble speaking.")[0]["symptoms.speech_difficulty"] is False


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # a general-knowledge cue in a terse note drops no red flag and no motor symptom
        ("Symptoms include L foot drop and urinary retention.", "symptoms.bladder", "retention"),
        ("Symptoms include:\n- L foot drop\n- urinary retention", "symptoms.foot_drop", "left"),
        ("Pt usually walks fine, now weak L leg.", "symptoms.weakness", "left"),
        (
            "Your advice please: cant feel the toilet paper since monday.",
            "symptoms.saddle_numbness",
            True,
        ),
        # a leg gives way for a moment by nature
        ("My legs gave way for a second and I fell.", "symptoms.leg_gives_way", True),
        # a feeling is not a hypothetical scope; a worry about something is
        ("I'm so worried, I can't feel my bum when I wipe.", "symptoms.saddle_numbness", True),
        (
            "Ma famille s'inquiète, je ne sens plus mes fesses ni mon sexe.",
            "symptoms.saddle_numbness",
            True,
        ),
        ("I'm worried about losing bladder control.", "symptoms.bladder", None),
    ],
)
def test_narrow_scopes_keep_red_flags(text: str, field: str, value: Any) -> None:
    assert read(text)[0].get(field) == value


def test_left_as_a_verb_is_not_a_side() -> None:
    found, _, _ = read("Pain shoots down my leg to the foot. I left work early and went to bed.")
    assert found["symptoms.leg_pain"] == "unspecified"
    found, _, _ = read("I left the house with my left leg dragging.")
    assert found["symptoms.foot_drop"] == "left"


def test_a_plural_elsewhere_does_not_side_a_pain_told_earlier() -> None:
    found, _, _ = read(
        "Pain shoots down my leg into the ankle. The physio bent my legs up to my chest."
    )
    assert found["symptoms.leg_pain"] == "unspecified"


def test_a_childs_age_is_not_the_patients() -> None:
    found, _, _ = read("I carried my 4-year-old upstairs and felt my back go, pain into my thigh.")
    assert "patient.age" not in found
    assert read("I'm a 47 year old nurse with sciatica.")[0]["patient.age"] == 47


def test_safety_net_advice_reported_by_the_writer_is_not_a_finding() -> None:
    found, level, _ = read(
        "The GP told me that if I ever lost feeling in my bottom, or my bladder or bowel stopped "
        "working or leaked, then I should go straight to A&E. For now it is pain in my right buttock."
    )
    assert "symptoms.saddle_numbness" not in found and "symptoms.bladder" not in found
    assert "symptoms.bowel" not in found
    assert level != "emergency"


def test_a_question_about_what_may_come_is_not_a_finding() -> None:
    found, _, _ = read("Dad has sciatica in both legs. Is there any impending paralysis?")
    assert "symptoms.complete_paralysis" not in found
    found, _, _ = read("Est-ce une paralysie imminente ? Ma jambe droite me fait mal.")
    assert "symptoms.complete_paralysis" not in found


def test_an_episode_told_brief_in_the_next_sentence_is_transient() -> None:
    found, level, _ = read(
        "Doing sprints at the track my legs went weak. I was fine again within a minute."
    )
    assert "symptoms.weakness" not in found
    assert level != "emergency"
    # a weakness that did not pass stays
    found, _, _ = read("Doing sprints my legs went weak. Two days on they are still weak.")
    assert found["symptoms.weakness"] == "both"


def test_hands_tingling_for_months_are_not_a_new_arm_symptom() -> None:
    found, _, ignored = read("For the last 5 months my hands and feet tingle on and off.")
    assert "symptoms.face_or_arm_symptoms" not in found
    assert ignored.get("tingle") == "long_standing"
    # a named arm symptom stays, whatever the duration
    found, _, _ = read("For 3 months my right arm went weak and my right leg aches.")
    assert found["symptoms.face_or_arm_symptoms"] is True


def test_a_negation_does_not_reach_into_a_new_clause() -> None:
    found, _, _ = read("I couldn't sleep, and the top of my right foot is numb since Monday.")
    assert found["symptoms.numbness"] == "right"
    found, _, _ = read("No weakness and my left foot is numb.")
    assert (found["symptoms.weakness"], found["symptoms.numbness"]) == ("none", "left")
    # a list keeps its negation
    found, _, _ = read("No numbness, weakness or bladder problems.")
    assert found["symptoms.weakness"] == "none" and found["symptoms.bladder"] == "normal"


def test_a_leaflet_list_told_to_the_reader_is_not_a_finding() -> None:
    found, level, _ = read(
        "My leaflet says phone 999 if you get: numbness in the saddle area, trouble passing urine, "
        "weakness in both legs. Not me thankfully, just right leg pain for 10 days."
    )
    assert "symptoms.bladder" not in found and "symptoms.weakness" not in found
    assert level != "emergency"


def test_an_accident_of_continence_is_not_trauma() -> None:
    found, level, _ = read(
        "Sciatica for a month. Yesterday I had a small accident and didn't feel it."
    )
    assert "history.trauma" not in found
    assert level == "emergency"


def test_the_bladder_named_without_a_reading_is_a_question_not_silence() -> None:
    """INT-24: words the lexicon cannot read put the question into `unsure` (a same-day check)."""
    found, level, _ = read("Left sciatica 2 weeks, and going to the loo feels odd since Friday.")
    assert found["unsure"] == ["symptoms.bladder"]
    assert level == "urgent"
    found, _, _ = read("Sciatique à droite. Les selles, c'est bizarre depuis hier.")
    assert "symptoms.bowel" in found["unsure"]
    found, level, _ = read("Sciatica on the left and it feels weird down there since yesterday.")
    assert found["unsure"] == ["symptoms.saddle_numbness"] and level == "urgent"
    assert "unsure" not in read("Sciatica on the left and my bottom aches when I sit.")[0]
    # a reading wins, and a negated or feared mention asks nothing
    assert "unsure" not in read("Right leg pain. Peeing fine, no problems with the toilet.")[0]
    assert "unsure" not in read("I'm scared I won't be able to pee. Left leg pain.")[0]


def test_cauda_equina_named_as_ones_own_asks_the_saddle_question() -> None:
    found, level, _ = read("Last night the ER said I have early cauda equina. My left leg is numb.")
    assert found["unsure"] == ["symptoms.saddle_numbness"] and level == "urgent"
    # feared, ruled out, or years old: nothing asked
    assert "unsure" not in read("I'm terrified of cauda equina. Right leg pain.")[0]
    assert "unsure" not in read("MRI ruled out cauda equina. Right leg pain.")[0]
    assert "unsure" not in read("CES surgery in 2019, numb feet since, for 6 years now.")[0]


def test_walking_that_must_stop_to_rest_is_claudication() -> None:
    found, _, _ = read("My calf gives out after 200 yards and I have to stop and rest.")
    assert found["symptoms.claudication"] is True
    assert read("Après 10 minutes je dois m'arrêter, la jambe droite est lourde.")[0][
        "symptoms.claudication"
    ]


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # an inability, a verb of rising and tiptoes: the construction, not a list of its variants
        (
            "since monday I really cannot push up onto my right tiptoes",
            "symptoms.cannot_toe_walk",
            "right",
        ),
        ("she struggles to rise up on her left toes now", "symptoms.cannot_toe_walk", "left"),
        ("on the left I couldn't get my heel off the ground", "symptoms.cannot_toe_walk", "left"),
        ("my left heel stays glued to the floor when I try", "symptoms.cannot_toe_walk", "left"),
        (
            "je n'arrive vraiment plus à me hisser sur la pointe du pied droit",
            "symptoms.cannot_toe_walk",
            "right",
        ),
        ("il n'arrive plus du tout à relever le pied gauche", "symptoms.foot_drop", "left"),
        ("I can't really raise the front of my right foot up", "symptoms.foot_drop", "right"),
        ("he walks lifting his knee really high", "symptoms.foot_drop", "unspecified"),
        (
            "il traînait le pied droit et le bout de sa chaussure accroche le tapis",
            "symptoms.foot_drop",
            "right",
        ),
        ("les orteils du pied gauche ne bougent plus", "symptoms.complete_paralysis", "left"),
        ("ses jambes sont molles depuis jeudi", "symptoms.weakness", "both"),
        # a numb saddle told by what it feels like, or a few words away in one phrase
        ("it feels dead between my legs since yesterday", "symptoms.saddle_numbness", True),
        ("he can't feel the paper on one side of his bum", "symptoms.saddle_numbness", True),
        (
            "had to strain for ages to get the pee going this morning",
            "symptoms.bladder",
            "new_difficulty",
        ),
        ("j'ai mouillé mon pantalon sans rien sentir", "symptoms.bladder", "incontinence"),
        (
            "I couldn't perform in bed last night, first time ever",
            "symptoms.sexual_dysfunction_new",
            True,
        ),
        # hyperalgesic pain told by the help needed
        (
            "my wife has to help me get my trousers and shoes on",
            "symptoms.pain_blocks_basic_activities",
            True,
        ),
        ("slept maybe two hours a night all week", "symptoms.pain_prevents_sleep", True),
        ("the pain never lets up", "symptoms.pain_constant", True),
        ("an ache down the back of my left thigh", "symptoms.leg_pain", "left"),
        ("sciatique gauche depuis une dizaine de jours", "history.symptom_days", 10),
    ],
)
def test_constructions_of_real_language(text: str, field: str, value: Any) -> None:
    assert read(text)[0].get(field) == value


def test_a_date_in_brackets_dates_the_aside_not_the_sentence() -> None:
    found, _, ignored = read(
        "Sciatica in my left leg for 10 days (disc bulge seen on a scan in 2019)."
    )
    assert found.get("symptoms.leg_pain") == "left" and "sciatica" not in ignored.values()
    found, _, ignored = read("In 2019 I had sciatica in my left leg for a few weeks.")
    assert "symptoms.leg_pain" not in found  # a sentence dated in the past is still the past


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "Waterworks, bowels and feeling down there are all completely unchanged.",
            "symptoms.bladder",
            None,
        ),
        ("Bladder and bowels were never affected.", "symptoms.bladder", "normal"),
        ("All normal, nothing weak, just the pain in my right leg.", "symptoms.weakness", "none"),
        # numbness and a saddle word in two complaints of one sentence stay apart (beyond 8 words;
        # closer than that, the safer reading joins them)
        (
            "my feet are numb and tingle very often these days and I have an itchy anus",
            "symptoms.saddle_numbness",
            None,
        ),
    ],
)
def test_verdicts_and_clauses_keep_their_scope(text: str, field: str, value: Any) -> None:
    assert read(text)[0].get(field) == value
