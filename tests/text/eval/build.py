"""Builds `set.jsonl`, the extractor's annotated evaluation set (issue 6). Run by hand:
`python tests/text/eval/build.py`; the JSONL is committed.

Every sentence below was written for this project and annotated by hand with the findings a careful
reader takes from it (`gold`); a text is a few such sentences about one person, with the side filled
in, so each text's gold findings are the union of its sentences' annotations. Some texts are written
whole (`WHOLE`). The gold triage level is the engine's level for the gold findings: the level the
text deserves if every finding were read right, so triage agreement measures what extraction errors
do to triage. Misspelt variants replace words the way people write them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

SIDES = {"en": {"left": "left", "right": "right"}, "fr": {"left": "gauche", "right": "droite"}}

# (text with {side}, gold with "$side" where the side goes)
EN: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "pain": [
        ("I have sciatica down my {side} leg.", {"symptoms.leg_pain": "$side"}),
        (
            "Shooting pain down the back of my {side} leg to my foot.",
            {"symptoms.leg_pain": "$side", "symptoms.pain_below_knee": True},
        ),
        (
            "Bad low back pain and pain down my {side} leg into the calf.",
            {
                "symptoms.back_pain": True,
                "symptoms.leg_pain": "$side",
                "symptoms.pain_below_knee": True,
            },
        ),
        (
            "My {side} leg pain is 8/10 at worst.",
            {"symptoms.leg_pain": "$side", "symptoms.pain_score": 8},
        ),
        (
            "{Side} sided sciatica, pain 6/10.",
            {"symptoms.leg_pain": "$side", "symptoms.pain_score": 6},
        ),
        (
            "I've got a trapped nerve in my back and the pain goes down my {side} leg.",
            {"symptoms.leg_pain": "$side"},
        ),
        (
            "Pt c/o {side} leg pain radiating below the knee.",
            {"symptoms.leg_pain": "$side", "symptoms.pain_below_knee": True},
        ),
        (
            "The pain in my {side} leg is constant and keeps me awake at night.",
            {
                "symptoms.leg_pain": "$side",
                "symptoms.pain_constant": True,
                "symptoms.pain_prevents_sleep": True,
            },
        ),
        (
            "{Side} leg pain 9/10, can't get out of bed, even with morphine.",
            {
                "symptoms.leg_pain": "$side",
                "symptoms.pain_score": 9,
                "symptoms.pain_blocks_basic_activities": True,
                "symptoms.pain_uncontrolled_by_opioids": True,
            },
        ),
        (
            "My {side} leg hurts so much I can't think straight.",
            {"symptoms.leg_pain": "$side", "symptoms.pain_disturbs_thinking": True},
        ),
    ],
    "duration": [
        ("It started two weeks ago.", {"history.symptom_days": 14}),
        ("I've had it for 3 months.", {"history.symptom_days": 90}),
        ("This has been going on for about 10 days.", {"history.symptom_days": 10}),
        ("Symptoms for 6/52.", {"history.symptom_days": 42}),
        (
            "It came on suddenly three days ago.",
            {"history.symptom_days": 3, "history.onset": "sudden"},
        ),
        (
            "It came on gradually over the last 2 months.",
            {"history.symptom_days": 60, "history.onset": "gradual"},
        ),
    ],
    "motor": [
        ("My {side} foot drags when I walk.", {"symptoms.foot_drop": "$side"}),
        ("My {side} leg feels weak.", {"symptoms.weakness": "$side"}),
        (
            "Weakness in the {side} leg for 4 days.",
            {"symptoms.weakness": "$side", "history.weakness_days": 4},
        ),
        ("I can't walk on my {side} heel.", {"symptoms.cannot_heel_walk": "$side"}),
        ("I can't stand on tiptoe on the {side}.", {"symptoms.cannot_toe_walk": "$side"}),
        (
            "{Side} foot drop since yesterday.",
            {"symptoms.foot_drop": "$side", "history.weakness_days": 1},
        ),
        ("My {side} knee gives way and I keep falling.", {"symptoms.leg_gives_way": True}),
        (
            "The {side} leg is getting weaker every day.",
            {"symptoms.weakness": "$side", "history.weakness_course": "worsening"},
        ),
        ("I can't move my {side} foot at all.", {"symptoms.complete_paralysis": "$side"}),
        ("No weakness in my legs.", {"symptoms.weakness": "none"}),
        ("I don't have any weakness.", {"symptoms.weakness": "none"}),
        ("My {side} toes catch on the carpet and I trip.", {"symptoms.foot_drop": "$side"}),
    ],
    "numb": [
        ("Pins and needles in my {side} foot.", {"symptoms.numbness": "$side"}),
        ("The outside of my {side} leg is numb.", {"symptoms.numbness": "$side"}),
        ("Tingling down the {side} leg.", {"symptoms.numbness": "$side"}),
        ("No numbness or tingling.", {"symptoms.numbness": "none"}),
    ],
    "saddle": [
        ("I can't feel the toilet paper when I wipe.", {"symptoms.saddle_numbness": True}),
        ("I'm numb between my legs.", {"symptoms.saddle_numbness": True}),
        ("No numbness between my legs.", {"symptoms.saddle_numbness": False}),
        ("Denies saddle anaesthesia.", {"symptoms.saddle_numbness": False}),
        ("I'm scared I might get numb down below.", {}),
        ("My bum and genitals feel numb.", {"symptoms.saddle_numbness": True}),
    ],
    "bladder": [
        ("I can't pee since this morning.", {"symptoms.bladder": "retention"}),
        ("I wet myself yesterday without noticing.", {"symptoms.bladder": "incontinence"}),
        ("I'm afraid I could lose bladder control.", {}),
        (
            "Bladder and bowels are fine.",
            {"symptoms.bladder": "normal", "symptoms.bowel": "normal"},
        ),
        ("No problems with my bladder.", {"symptoms.bladder": "normal"}),
        ("I have trouble starting to pee now.", {"symptoms.bladder": "new_difficulty"}),
        (
            "No bladder or bowel problems.",
            {"symptoms.bladder": "normal", "symptoms.bowel": "normal"},
        ),
        ("What if I lose control of my bowels?", {}),
        ("I soiled myself last night.", {"symptoms.bowel": "incontinence"}),
        ("Sphincter function normal.", {"symptoms.bladder": "normal", "symptoms.bowel": "normal"}),
        ("The doctor said to go to A&E if I have bladder problems.", {}),
    ],
    "history": [
        ("I had breast cancer in 2015.", {"history.cancer_history": True}),
        ("No history of cancer.", {"history.cancer_history": False}),
        ("My mother had cancer.", {}),
        ("I've had a fever and night sweats.", {"history.fever": True}),
        ("No fever.", {"history.fever": False}),
        ("I've lost a lot of weight without trying.", {"history.unexplained_weight_loss": True}),
        ("I fell down the stairs last week.", {"history.trauma": True}),
        ("I have osteoporosis.", {"history.osteoporosis": True}),
        ("I've had sciatica before.", {"history.previous_episodes": 1}),
        ("I had an epidural injection 3 weeks ago.", {"history.recent_spinal_procedure": True}),
        ("I'm diabetic.", {"history.diabetes": True}),
        ("I take prednisolone long term.", {"history.long_term_steroids": True}),
        ("I used to inject drugs.", {"history.iv_drug_use": True}),
        ("I'm on chemotherapy.", {"history.immunosuppression": True}),
        ("I had a discectomy years ago.", {"history.previous_spine_surgery": True}),
        ("My father has diabetes.", {}),
    ],
    "rare": [
        ("My {side} foot is cold and pale.", {"symptoms.cold_pale_foot": "$side"}),
        ("Now it has spread to the other leg too.", {"history.became_bilateral": True}),
        ("My face is drooping on one side.", {"symptoms.face_or_arm_symptoms": True}),
        ("My speech is slurred.", {"symptoms.speech_difficulty": True}),
        ("I have trouble swallowing.", {"symptoms.breathing_or_swallowing_difficulty": True}),
        ("The weakness is spreading up from my feet.", {"symptoms.ascending_weakness": True}),
    ],
}

FR: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "pain": [
        ("J'ai une sciatique {side}.", {"symptoms.leg_pain": "$side"}),
        (
            "J'ai mal au dos et une douleur dans la jambe {side} jusqu'au pied.",
            {
                "symptoms.back_pain": True,
                "symptoms.leg_pain": "$side",
                "symptoms.pain_below_knee": True,
            },
        ),
        (
            "Douleur de la jambe {side} à 7/10.",
            {"symptoms.leg_pain": "$side", "symptoms.pain_score": 7},
        ),
        (
            "Sciatique {side} hyperalgique, malgré la morphine, m'empêche de dormir.",
            {
                "symptoms.leg_pain": "$side",
                "symptoms.pain_uncontrolled_by_opioids": True,
                "symptoms.pain_prevents_sleep": True,
            },
        ),
    ],
    "duration": [
        ("Ça a commencé il y a deux semaines.", {"history.symptom_days": 14}),
        ("Depuis 3 mois.", {"history.symptom_days": 90}),
        (
            "C'est venu brutalement il y a 5 jours.",
            {"history.symptom_days": 5, "history.onset": "sudden"},
        ),
    ],
    "motor": [
        ("Mon pied {side} traîne quand je marche.", {"symptoms.foot_drop": "$side"}),
        ("Je n'arrive pas à relever le pied {side}.", {"symptoms.foot_drop": "$side"}),
        ("Faiblesse de la jambe {side}.", {"symptoms.weakness": "$side"}),
        ("Impossible de marcher sur le talon {side}.", {"symptoms.cannot_heel_walk": "$side"}),
        ("Pas de faiblesse.", {"symptoms.weakness": "none"}),
    ],
    "numb": [
        ("Des fourmillements dans le pied {side}.", {"symptoms.numbness": "$side"}),
        ("La jambe {side} est engourdie.", {"symptoms.numbness": "$side"}),
        ("Pas d'engourdissement.", {"symptoms.numbness": "none"}),
    ],
    "saddle": [
        ("Je ne sens plus le papier toilette.", {"symptoms.saddle_numbness": True}),
        ("Pas d'anesthésie en selle.", {"symptoms.saddle_numbness": False}),
        ("J'ai un engourdissement entre les jambes.", {"symptoms.saddle_numbness": True}),
    ],
    "bladder": [
        ("J'ai peur de perdre le contrôle de ma vessie.", {}),
        ("Je n'arrive plus à uriner depuis ce matin.", {"symptoms.bladder": "retention"}),
        (
            "Pas de troubles sphinctériens.",
            {"symptoms.bladder": "normal", "symptoms.bowel": "normal"},
        ),
        ("Des fuites urinaires depuis hier.", {"symptoms.bladder": "incontinence"}),
    ],
    "history": [
        ("Pas de fièvre.", {"history.fever": False}),
        ("Antécédent de cancer du sein.", {"history.cancer_history": True}),
        ("Ma mère a eu un cancer.", {}),
        ("J'ai de la fièvre.", {"history.fever": True}),
        ("J'ai déjà eu une sciatique.", {"history.previous_episodes": 1}),
        ("J'ai perdu du poids sans raison.", {"history.unexplained_weight_loss": True}),
    ],
    "rare": [
        ("Maintenant ça passe dans l'autre jambe aussi.", {"history.became_bilateral": True}),
        ("Mon pied {side} est froid et pâle.", {"symptoms.cold_pale_foot": "$side"}),
    ],
}

MISSPELL = {
    "weak": "weeak",
    "weakness": "weekness",
    "numb": "numbe",
    "numbness": "numbess",
    "can't": "cant",
    "don't": "dont",
    "sciatica": "siatica",
    "nerve": "nurve",
    "bladder": "blader",
    "heel": "heal",
    "fever": "feaver",
    "tingling": "tingeling",
    "fièvre": "fievre",
    "engourdie": "engourdi",
    "weaker": "weeker",
    "bowels": "bowls",
}

# Whole texts, written and annotated one by one (patient messages and clinician notes).
WHOLE: list[tuple[str, str, dict[str, Any]]] = [
    (
        "en",
        "My left foot drags and I can't feel the toilet paper.",
        {"symptoms.foot_drop": "left", "symptoms.saddle_numbness": True},
    ),
    (
        "en",
        "Both legs are numb and weak, and I haven't peed since last night.",
        {"symptoms.numbness": "both", "symptoms.weakness": "both", "symptoms.bladder": "retention"},
    ),
    (
        "en",
        "52M. R L5 radiculopathy 3/52. R foot drop 2/7. No saddle anaesthesia, B&B normal. No fever.",
        {
            "patient.age": 52,
            "patient.sex": "male",
            "symptoms.leg_pain": "right",
            "history.symptom_days": 21,
            "symptoms.foot_drop": "right",
            "history.weakness_days": 2,
            "symptoms.saddle_numbness": False,
            "symptoms.bladder": "normal",
            "symptoms.bowel": "normal",
            "history.fever": False,
        },
    ),
    (
        "en",
        "hi doc, i have had siatica in my rite leg for 2 weeks now and the weekness is geting worse, "
        "i cant walk on my heals",
        {
            "symptoms.leg_pain": "right",
            "history.symptom_days": 14,
            "symptoms.weakness": "right",
            "history.weakness_course": "worsening",
            "symptoms.cannot_heel_walk": "right",
        },
    ),
    (
        "en",
        "I'm 45 and pregnant. Sciatica down my right leg, no weakness, no numbness.",
        {
            "patient.age": 45,
            "history.pregnant": True,
            "symptoms.leg_pain": "right",
            "symptoms.weakness": "none",
            "symptoms.numbness": "none",
        },
    ),
    (
        "en",
        "History of prostate cancer. New left leg weakness for 5 days and back pain worse at night.",
        {
            "history.cancer_history": True,
            "symptoms.weakness": "left",
            "history.weakness_days": 5,
            "symptoms.back_pain": True,
            "symptoms.night_pain": True,
        },
    ),
    (
        "en",
        "I had sciatica five years ago that went away. Now my right leg hurts again since Monday.",
        {"history.previous_episodes": 1, "symptoms.leg_pain": "right", "history.symptom_days": 3},
    ),
    (
        "en",
        "My mother had cauda equina. I'm worried I might get it. My left leg hurts, bladder fine.",
        {"symptoms.leg_pain": "left", "symptoms.bladder": "normal"},
    ),
    (
        "en",
        "Numb bum, can't feel myself wipe, and my legs are weak on both sides.",
        {"symptoms.saddle_numbness": True, "symptoms.weakness": "both"},
    ),
    (
        "en",
        "Left sciatica. Right leg fine. No weakness. Walking normally.",
        {"symptoms.leg_pain": "left", "symptoms.weakness": "none", "symptoms.walking": "normal"},
    ),
    (
        "en",
        "I injected heroin until last year and now I have a fever and terrible back pain.",
        {"history.iv_drug_use": True, "history.fever": True, "symptoms.back_pain": True},
    ),
    (
        "en",
        "The sciatica started in my left leg and has now spread to both legs over the last 3 days.",
        {"symptoms.leg_pain": "both", "history.became_bilateral": True},
    ),
    (
        "en",
        "Can't walk at all, my right foot is paralysed.",
        {"symptoms.walking": "unable", "symptoms.complete_paralysis": "right"},
    ),
    (
        "en",
        "Walking with crutches because of the pain in my left leg.",
        {"symptoms.walking": "needs_help", "symptoms.leg_pain": "left"},
    ),
    (
        "fr",
        "J'ai 60 ans, sciatique droite depuis 2 mois, pas de faiblesse, pas de troubles urinaires.",
        {
            "patient.age": 60,
            "symptoms.leg_pain": "right",
            "history.symptom_days": 60,
            "symptoms.weakness": "none",
            "symptoms.bladder": "normal",
        },
    ),
    (
        "fr",
        "Mme D., 48 ans, lombosciatique gauche, steppage gauche depuis hier, pas de fièvre.",
        {
            "patient.age": 48,
            "patient.sex": "female",
            "symptoms.leg_pain": "left",
            "symptoms.foot_drop": "left",
            "history.weakness_days": 1,
            "history.fever": False,
        },
    ),
    (
        "fr",
        "Je ne sens plus mes fesses ni entre les jambes et je n'arrive plus à uriner.",
        {"symptoms.saddle_numbness": True, "symptoms.bladder": "retention"},
    ),
    (
        "fr",
        "Les deux jambes sont faibles et engourdies.",
        {"symptoms.weakness": "both", "symptoms.numbness": "both"},
    ),
    (
        "fr",
        "Opéré du dos en 2019. Sciatique gauche récidivante.",
        {
            "history.previous_spine_surgery": True,
            "symptoms.leg_pain": "left",
            "history.previous_episodes": 1,
        },
    ),
    (
        "fr",
        "Si jamais j'ai des fuites urinaires, je dois appeler le 15. Pour l'instant, sciatique droite.",
        {"symptoms.leg_pain": "right"},
    ),
    (
        "en",
        "I'm scared of losing bowel control. I have no bowel problems now. Left leg numb.",
        {"symptoms.bowel": "normal", "symptoms.numbness": "left"},
    ),
    (
        "en",
        "My left leg keeps giving way and I've fallen twice. Tingling in both feet.",
        {"symptoms.leg_gives_way": True, "symptoms.numbness": "both"},
    ),
    (
        "en",
        "No trauma. No weight loss. No history of cancer. Right sciatica 4 weeks.",
        {
            "history.trauma": False,
            "history.unexplained_weight_loss": False,
            "history.cancer_history": False,
            "symptoms.leg_pain": "right",
            "history.symptom_days": 28,
        },
    ),
    (
        "en",
        "HIV positive, on treatment. Back pain with fever and a weak left leg.",
        {
            "history.immunosuppression": True,
            "symptoms.back_pain": True,
            "history.fever": True,
            "symptoms.weakness": "left",
        },
    ),
    (
        "en",
        "Erectile dysfunction since the sciatica began, and I can't feel when I pee.",
        {
            "symptoms.sexual_dysfunction_new": True,
            "symptoms.bladder": "new_difficulty",
            "symptoms.leg_pain": "unspecified",  # sciatica, side not said (case-format 1.1)
        },
    ),
]

# Messy texts written like real posts (issue 12): third person, relatives writing, typos, long
# stories, past episodes, questions, general knowledge, French. Appended after the composed texts so
# that the earlier ids stay put. Gold is what a careful reader takes from the words: a side that is
# never said is "unspecified"; a past episode said to be back is current; a relative's symptoms are the
# patient's; a textbook sentence or a quoted list of warning signs is not a finding.
MESSY: list[tuple[str, str, dict[str, Any]]] = [
    (
        "en",
        "posting for my mum (74). since her op on her back last month her legs are so weak she "
        "cant move them, the nurses say its normal?? is it??",
        {
            "patient.age": 74,
            "history.previous_spine_surgery": True,
            "history.recent_spinal_procedure": True,
            "symptoms.weakness": "both",
            "symptoms.complete_paralysis": "both",
        },
    ),
    (
        "en",
        "Two weeks after my second back operation my toes could not be moved on the left side. "
        "The surgeon is away.",
        {
            "history.previous_spine_surgery": True,
            "history.recent_spinal_procedure": True,
            "symptoms.complete_paralysis": "left",
        },
    ),
    (
        "en",
        "Weird one. Sciatica on and off. Since Sunday theres a buzzing feeling in my genital area "
        "and down the back of my right leg. Is this normal?",
        {
            "symptoms.leg_pain": "right",
            "symptoms.saddle_numbness": True,
            "history.symptom_days": 4,
        },
    ),
    (
        "en",
        "The tingling started in both feet and over a week it has climbed to my knees.",
        {"symptoms.numbness": "both", "history.symptom_days": 7},
    ),
    (
        "en",
        "I have had left leg pain for a month, and now it is spreading to my right leg. I need a "
        "cane to get around.",
        {
            "symptoms.leg_pain": "both",
            "history.symptom_days": 30,
            "history.became_bilateral": True,
            "symptoms.walking": "needs_help",
        },
    ),
    (
        "en",
        "Doing burpees at the gym I lost control of my legs for a second, then it was fine. "
        "No pain at all since.",
        {},
    ),
    (
        "en",
        "Both my feet have been numb for years, the podiatrist says it is my diabetes. Nothing has "
        "changed. Now I get sciatica down the left leg.",
        {
            "symptoms.numbness": "both",
            "history.symptom_days": 730,
            "history.diabetes": True,
            "symptoms.leg_pain": "left",
        },
    ),
    (
        "en",
        "Had a foot drop in 2015 that recovered fully after surgery. This week just a stiff lower "
        "back, no leg pain.",
        {"symptoms.back_pain": True, "symptoms.leg_pain": "none"},
    ),
    (
        "en",
        "My sciatica from three years ago is back, and the right foot is slapping again when I "
        "walk.",
        {"symptoms.leg_pain": "right", "symptoms.foot_drop": "right"},
    ),
    (
        "en",
        "My husband (58) cant feel his bum when he sits on the toilet and his left leg is weak. "
        "He wont go to the doctor. What do I do",
        {
            "patient.age": 58,
            "symptoms.saddle_numbness": True,
            "symptoms.weakness": "left",
        },
    ),
    (
        "en",
        "Sciatica is the name for pain along the sciatic nerve. It usually goes down the back of "
        "both legs to the feet in some cases. Mine is just in the buttock on the right.",
        {"symptoms.leg_pain": "right"},
    ),
    (
        "en",
        "I read the warning signs, which include:\n- numbness around your bottom\n- loss of "
        "bladder control\n- weakness in both legs\nI don't have any of those, just pain in my left "
        "calf.",
        {
            "symptoms.leg_pain": "left",
            "symptoms.pain_below_knee": True,
        },
    ),
    (
        "en",
        "my leg feels weak and numb. no idea which side started first tbh",
        {"symptoms.weakness": "unspecified", "symptoms.numbness": "unspecified"},
    ),
    (
        "en",
        "my legs feel like jelly and keep giving out, this started yesterday",
        {
            "symptoms.weakness": "both",
            "symptoms.leg_gives_way": True,
            "history.weakness_days": 1,
        },
    ),
    (
        "en",
        "Long story. Three years ago I slipped a disc and had a microdiscectomy. All good until "
        "christmas. Since then sciatica in the right leg, worse when I sit, 6/10. I can walk but "
        "I limp. No numbness, waterworks ok.",
        {
            "history.previous_spine_surgery": True,
            "symptoms.leg_pain": "right",
            "symptoms.pain_score": 6,
            "symptoms.walking": "limited",
            "symptoms.numbness": "none",
            "symptoms.bladder": "normal",
            "history.recent_spinal_procedure": False,  # the operation was three years ago
        },
    ),
    (
        "en",
        "He suddenly couldnt move his right arm and his speech was slurred. Dad also says his right "
        "leg feels weird.",
        {
            "history.onset": "sudden",
            "symptoms.face_or_arm_symptoms": True,
            "symptoms.speech_difficulty": True,
        },
    ),
    (
        "en",
        "I'm 31 and pregnant, sciatica in both buttocks for two and a half weeks, I can barely "
        "walk by the evening.",
        {
            "patient.age": 31,
            "history.pregnant": True,
            "symptoms.leg_pain": "both",
            "history.symptom_days": 17,
            "symptoms.walking": "limited",
        },
    ),
    (
        "en",
        "Pins and needles in my right foot when I sit too long, it goes when I stand up. Could it "
        "be my back?",
        {"symptoms.numbness": "right"},
    ),
    (
        "en",
        "My wife has had sciatica for three months. No weakness she says, but she can't sleep for "
        "the pain.",
        {
            "symptoms.leg_pain": "unspecified",
            "history.symptom_days": 90,
            "symptoms.weakness": "none",
            "symptoms.pain_prevents_sleep": True,
        },
    ),
    (
        "en",
        "If my leg ever goes weak I'll go to A&E, for now its just the ache in my left thigh.",
        {"symptoms.leg_pain": "left"},
    ),
    (
        "fr",
        "Je poste pour ma mère de 80 ans : depuis hier ses jambes ne la tiennent plus et elle "
        "n'arrive plus à uriner.",
        {
            "patient.age": 80,
            "history.weakness_days": 1,
            "symptoms.weakness": "both",
            "symptoms.bladder": "retention",
        },
    ),
    (
        "fr",
        "J'ai eu une sciatique il y a des années, guérie. Ça recommence : la jambe gauche est faible "
        "et je boite.",
        {
            "history.previous_episodes": 1,
            "symptoms.weakness": "left",
            "symptoms.walking": "limited",
        },
    ),
    (
        "fr",
        "Des fourmillements dans le sexe et les fesses depuis ce matin, avec ma sciatique droite.",
        {
            "symptoms.saddle_numbness": True,
            "symptoms.leg_pain": "right",
            "history.symptom_days": 0,
        },
    ),
    (
        "fr",
        "bjr, douleur dans la jambe gauche depuis 1 mois, et maintenant ça passe dans l'autre jambe. "
        "Je marche avec une canne.",
        {
            "symptoms.leg_pain": "both",
            "history.symptom_days": 30,
            "history.became_bilateral": True,
            "symptoms.walking": "needs_help",
        },
    ),
    (
        "fr",
        "Deux semaines après la réopération, je ne peux plus bouger les orteils du pied droit.",
        {"symptoms.complete_paralysis": "right"},
    ),
    (
        "fr",
        "En général la sciatique passe en six semaines, m'a dit le médecin. Moi j'ai mal à la "
        "cuisse droite, c'est tout.",
        {"symptoms.leg_pain": "right"},
    ),
    (
        "fr",
        "Ma jambe est faible, je ne sais plus de quel côté ça a commencé.",
        {"symptoms.weakness": "unspecified"},
    ),
]


def _fill(text: str, gold: dict[str, Any], lang: str, side: str) -> tuple[str, dict[str, Any]]:
    word = SIDES[lang][side]
    text = text.replace("{side}", word).replace("{Side}", word.capitalize())
    for noun in ("pied", "talon"):  # French agreement: le pied droit
        text = text.replace(f"{noun} droite", f"{noun} droit")
    return text, {k: (side if v == "$side" else v) for k, v in gold.items()}


def _misspell(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    out = []
    for w in words:
        bare = w.strip(".,?").lower()
        if bare in MISSPELL and rng.random() < 0.7:
            w = w.lower().replace(bare, MISSPELL[bare])
        out.append(w)
    return " ".join(out)


def _compose(
    pool: dict[str, list[tuple[str, dict[str, Any]]]], lang: str, rng: random.Random, misspell: bool
) -> tuple[str, dict[str, Any]]:
    side = rng.choice(["left", "right"])
    sentences: list[str] = []
    gold: dict[str, Any] = {}
    others = ["duration", "motor", "numb", "saddle", "bladder", "history", "history", "rare"]
    slots = ["pain", *rng.sample(others, k=rng.randint(2, 4))]
    for slot in slots:
        for _ in range(10):
            text, g = _fill(*rng.choice(pool[slot]), lang=lang, side=side)
            if not set(g) & set(gold):  # one sentence per field: no contradictions
                break
        else:
            continue
        sentences.append(text)
        gold.update(g)
    if "history.became_bilateral" in gold:  # spreading to the other leg: the leg symptoms are both
        for key in ("symptoms.leg_pain", "symptoms.numbness", "symptoms.weakness"):
            if gold.get(key) in ("left", "right"):
                gold[key] = "both"
    text = " ".join(sentences)
    return (_misspell(text, rng) if misspell else text), gold


def main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))
    from sciatica import assess
    from sciatica.paths import set_path

    rng = random.Random(6)
    rows: list[tuple[str, str, dict[str, Any], str]] = [
        (lang, t, g, "whole") for lang, t, g in WHOLE
    ]
    for n in range(150):
        misspell = n % 4 == 3
        text, gold = _compose(EN, "en", rng, misspell)
        rows.append(("en", text, gold, "composed-misspelt" if misspell else "composed"))
    for _ in range(50):
        text, gold = _compose(FR, "fr", rng, False)
        rows.append(("fr", text, gold, "composed"))
    rows.extend((lang, t, g, "messy") for lang, t, g in MESSY)
    out = Path(__file__).with_name("set.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for i, (lang, text, gold, kind) in enumerate(rows):
            case: dict[str, Any] = {"format": "sciatica-case/1", "locale": lang}
            for path, value in gold.items():
                set_path(case, path, value)
            level = assess(case).triage.level
            record = {
                "id": f"t{i:03d}",
                "lang": lang,
                "kind": kind,
                "today": "2026-03-12",
                "text": text,
                "gold": gold,
                "gold_level": level,
            }
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(rows)} texts -> {out}")


if __name__ == "__main__":
    main()
