"""The twelfth free-text round (issue 12, 2026-12-08, seventh session): questionnaire answers given
after a question mark, a function told "as always", systemic flags told in everyday words
(text/severity.py, a probe set written by a helper who never read the reader), and the false alarms
found on the way: stools read as the saddle, a pain that "doesn't budge" read as a paralysed leg,
bowel cancer read as a bowel symptom, a steroid injection read as years of steroids, a foot drop
that recovered years ago read as today's. Every text here is this project's own writing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("medspacy")

from sciatica.engine import assess
from sciatica.text.extract import extract, extract_many

TODAY = date(2026, 12, 8)
PROBES = Path(__file__).parent / "probes"


def read(text: str) -> tuple[dict[str, Any], str]:
    x = extract(text, today=TODAY)
    return x.findings(), assess(x.case).triage.level


# --- a question answered "no" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # a sign asked, answered no: its negative (these had read the sign itself, an emergency)
        ("Bowel problems? no.", "symptoms.bowel", "normal"),
        ("Numbness in the saddle area? no", "symptoms.saddle_numbness", False),
        ("Leg weakness? No.", "symptoms.weakness", "none"),
        ("Faiblesse ? non. Engourdissement du périnée ? non", "symptoms.saddle_numbness", False),
        # a sign asked, answered yes: the sign
        ("Bladder problems? yes since yesterday.", "symptoms.bladder", "new_difficulty"),
        ("Numbness around my bum? yes, a bit.", "symptoms.saddle_numbness", True),
    ],
)
def test_a_question_answered(text: str, field: str, value: Any) -> None:
    found, _ = read(text)
    assert found.get(field) == value, found


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # a normal function asked, answered no: not normal, how is not said (RF-CES-UNSURE).
        # These had read "normal": the answer's "no" taken for a function lost, or not seen.
        ("Bladder normal? no.", "symptoms.bladder"),
        ("Bladder normal - no", "symptoms.bladder"),
        ("Peeing normally: no", "symptoms.bladder"),
        ("Pee normal? no.", "symptoms.bladder"),
        ("Are you peeing normally? no", "symptoms.bladder"),
        ("Bowels normal? nope", "symptoms.bowel"),
    ],
)
def test_a_normal_function_answered_no_stays_open(text: str, field: str) -> None:
    found, level = read(text)
    assert field in found.get("unsure", []), found
    assert found.get(field) is None, found
    assert level == "urgent"


def test_two_things_asked_are_no_checklist_item() -> None:
    """ "Numb between the legs and bladder feels weird? no": the "no" answers the last question,
    not the numbness told first (the review kept the saddle numbness)."""
    found, level = read("Numb between the legs and bladder feels weird? no")
    assert found.get("symptoms.saddle_numbness") is True, found
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Bladder normal? yes",
        # not answers: "no idea", "no joke" run on
        "Pee and poo normal? no joke, all fine.",
    ],
)
def test_a_yes_or_a_run_on_no_is_not_read_as_not_normal(text: str) -> None:
    found, _ = read(text)
    assert "unsure" not in found, found


# --- the bladder and bowels "as always" -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # the first had read a new bladder difficulty (the bare "bladder"), an emergency
        ("Bladder wise nothing has changed, I go as normal.", "symptoms.bladder"),
        ("I get up to pee at night like always.", "symptoms.bladder"),
        ("Peeing is the same as always.", "symptoms.bladder"),
        ("Toilet habits unchanged.", "symptoms.bowel"),
        ("Pas de changement pour la vessie.", "symptoms.bladder"),
        ("Pour le pipi elle dit que c'est comme d'habitude.", "symptoms.bladder"),
        (
            "I've always had a weak bladder since having the kids, nothing new there.",
            "symptoms.bladder",
        ),
    ],
)
def test_a_function_told_as_always_is_normal(text: str, field: str) -> None:
    found, level = read(text)
    assert found.get(field) == "normal", found
    assert level != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the unchanged words are about something else, or a trouble persists
        "Ive noticed im only going for a wee twice a day since the leg got bad, normally im up and "
        "down all day like a yo-yo and im drinking the same as always",
        "Still can't pee, nothing has changed since yesterday.",
        "I've always had a weak bladder but now I can't feel when I'm going.",
        "I've had a weak bladder for years, nothing new, but since Tuesday I can't pee at all.",
        "My bladder is not like always.",
        "I haven't been able to pee since this morning, which is not like me at all.",
    ],
)
def test_as_always_does_not_hide_a_bladder_sign(text: str) -> None:
    found, level = read(text)
    assert found.get("symptoms.bladder") != "normal", found
    assert level == "emergency"


def test_a_weak_bladder_is_not_a_weak_leg() -> None:
    found, _ = read("I've always had a weak bladder since having the kids, nothing new there.")
    assert "symptoms.weakness" not in found, found


def test_a_normal_bladder_does_not_answer_the_saddle_question_alone() -> None:
    """Cauda equina named, the bladder told as usual, the saddle's feeling doubted: the saddle
    question stays open; where the writer also denies numbness, it is answered."""
    found, level = read(
        "I read about cauda equina. Bladder and bowels normal. The area around my bottom seems a "
        "bit less sensitive some days but I can't really tell."
    )
    assert "symptoms.saddle_numbness" in found.get("unsure", []), found
    assert level == "urgent"
    found, level = read(
        "Read about cauda equina at 2am. Wee and poo completely normal, no numbness anywhere."
    )
    assert "unsure" not in found, found
    assert level in ("self_care", "routine")


# --- stools are not the saddle --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Pipi ok, selles normales, pas de fourmillements.",
        "J'ai mal au dos et à la jambe gauche depuis 3 semaines. Selles normales.",
    ],
)
def test_selles_are_stools_not_the_saddle(text: str) -> None:
    found, _ = read(text)
    assert found.get("symptoms.bowel") == "normal", found
    assert "exam.sensation.saddle" not in found, found


def test_the_saddle_examined_is_still_read() -> None:
    found, _ = read("Sensibilité périnéale normale, selles normales.")
    assert found.get("exam.sensation.saddle") == "normal", found


# --- night pain: lying down, and no position eases it ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "every time i go to bed same thing, on my back on my front on my side, the pain in my hip "
        "and leg doesnt budge one bit.",
        "The minute I lay down it starts throbbing deep in my lower back and down my leg and "
        "nothing I do in bed changes it.",
        "the pain is bad but once im in bed its next level, cant get comfy no matter which way i lie",
        "mon père ne dort plus, allongé la douleur ne le lâche pas quelle que soit la position",
        "dès que je me couche ça élance dans la jambe, peu importe comment je me place",
    ],
)
def test_night_pain_told_by_the_bed_and_the_positions_tried(text: str) -> None:
    found, _ = read(text)
    assert found.get("symptoms.night_pain") is True, found


@pytest.mark.parametrize(
    "text",
    [
        "When I lie down on my back with a pillow under my knees the leg pain settles, no matter "
        "which way I sat before.",
        "I lie down in the afternoon and tried every position, the baby still won't settle.",
    ],
)
def test_lying_down_with_relief_or_another_cause_is_not_night_pain(text: str) -> None:
    found, _ = read(text)
    assert found.get("symptoms.night_pain") is not True, found


# --- false alarms -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # a pain that does not budge is no paralysed leg (an emergency before)
        (
            "every time i go to bed same thing, the pain in my hip and leg doesnt budge one bit.",
            "symptoms.complete_paralysis",
        ),
        # the pain does not let go of him: no leg giving way
        (
            "la douleur ne le lâche pas depuis 3 semaines, dans la jambe droite.",
            "symptoms.leg_gives_way",
        ),
        # the bladder or bowel named as a cancer's or a treatment's site (emergencies before)
        ("I had bowel cancer in 2015, now sciatica down my left leg.", "symptoms.bowel"),
        ("My dad had bladder cancer, I have sciatica.", "symptoms.bladder"),
        (
            "had the chemo for my bowel in 2019, all clear since, now pain down my right leg",
            "symptoms.bowel",
        ),
        ("radiotherapy to my bladder last year, now pain down my leg", "symptoms.bladder"),
        # one injection, a five-day course: not long-term steroids
        (
            "on m'a fait une infiltration de cortisone il y a deux mois, une seule fois",
            "history.long_term_steroids",
        ),
        ("They gave me a course of oral steroids for 5 days.", "history.long_term_steroids"),
        # someone's hero is no heroin
        ("She's my hero, my mum. My leg hurts.", "history.iv_drug_use"),
    ],
)
def test_the_round_does_not_read(text: str, field: str) -> None:
    found, _ = read(text)
    assert found.get(field) in (None, False, "none", "normal"), found


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "my left leg won't budge since this morning, I can't lift it at all.",
            "symptoms.complete_paralysis",
            "left",
        ),
        ("ma jambe lâche quand je marche", "symptoms.leg_gives_way", True),
        (
            "Bladder op 2 years ago, fine since. Now bladder problems since Monday and numb bum.",
            "symptoms.bladder",
            "new_difficulty",
        ),
        (
            "I've been on steroids for my asthma for 10 years, and had an epidural last month.",
            "history.long_term_steroids",
            True,
        ),
        (
            "mom has taken her pred every morning for her lupus for like 8 years now, and she has "
            "this pain down her leg",
            "history.long_term_steroids",
            True,
        ),
    ],
)
def test_the_guards_keep_the_true_readings(text: str, field: str, value: Any) -> None:
    found, _ = read(text)
    assert found.get(field) == value, found


# --- systemic flags in everyday words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "had the chemo for my bowel in 2019, all clear since, now pain down my right leg",
            "history.cancer_history",
            True,
        ),
        (
            "on m'a enlevé un bout de poumon pour une masse maligne en 2021",
            "history.cancer_history",
            True,
        ),
        (
            "séropo depuis 15 ans, sous trithérapie, douleur du dos jusqu'au pied",
            "history.immunosuppression",
            True,
        ),
        (
            "j'ai un foie neuf depuis 2018 avec les anti-rejets à vie, sciatique",
            "history.immunosuppression",
            True,
        ),
        (
            "ma maman a raté une marche dans l'escalier lundi, depuis elle a mal dans la jambe droite",
            "history.trauma",
            True,
        ),
        (
            "got cleaned up in a tackle at footy, been crook in the back and leg since",
            "history.trauma",
            True,
        ),
        ("turned 71 in june and this sciatica has knocked me for six", "patient.age", 71),
        ("mon père qui a 74 piges a une sciatique", "patient.age", 74),
        ("been running 38.9 for 3 days with this back and leg pain", "history.fever", True),
        (
            "je me suis piqué à l'héro pendant des années, j'ai une douleur qui descend dans la jambe",
            "history.iv_drug_use",
            True,
        ),
        (
            "my brother still bangs dope, his arms are a mess, back pain into his leg",
            "history.iv_drug_use",
            True,
        ),
    ],
)
def test_systemic_flags_in_everyday_words(text: str, field: str, value: Any) -> None:
    found, _ = read(text)
    assert found.get(field) == value, found


@pytest.mark.parametrize(
    "text",
    [
        "I turned the heating up 20 degrees and my leg still aches.",
        "I was running 10.5 km a day before this.",
    ],
)
def test_numbers_that_are_no_age_or_fever(text: str) -> None:
    found, _ = read(text)
    assert "patient.age" not in found and "history.fever" not in found, found


# --- a weakness of a past episode that ended for good ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Had my back operated on 6 years ago after my left foot went floppy, full recovery. This "
        "week my left leg aches.",
        "Five years ago I couldn't lift my foot and had an emergency decompression. All good "
        "since. Now mild sciatica.",
        "Il y a 3 ans je ne pouvais plus lever le pied, opéré, tout est rentré dans l'ordre. Là "
        "j'ai mal à la fesse.",
    ],
)
def test_a_past_foot_drop_that_recovered_is_not_today(text: str) -> None:
    found, level = read(text)
    assert found.get("symptoms.foot_drop") is None, found
    assert level != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # not recovered, or back now
        "Five years ago I couldn't lift my foot and had an emergency decompression. Never fully "
        "recovered.",
        "Five years ago my foot dropped, all good since. Since Monday I can't lift my left foot "
        "again.",
        "Il y a 3 ans je ne pouvais plus lever le pied, opéré, tout est rentré dans l'ordre. "
        "Depuis hier je ne peux plus lever le pied gauche.",
    ],
)
def test_a_foot_drop_not_recovered_or_back_stays(text: str) -> None:
    found, level = read(text)
    assert found.get("symptoms.foot_drop") is not None, found
    assert level == "emergency"


# --- the course of a weakness told against an earlier time ---------------------------------------


@pytest.mark.parametrize(
    ("text", "course"),
    [
        (
            "My left foot has been dragging for 3 weeks, it's no worse than when it started.",
            "stable",
        ),
        ("Le pied tombant est stable depuis 15 jours.", "stable"),
        ("Left foot weak for 10 days, slowly improving with physio.", "improving"),
    ],
)
def test_a_course_told_against_an_earlier_time(text: str, course: str) -> None:
    found, _ = read(text)
    assert found.get("history.weakness_course") == course, found


@pytest.mark.parametrize(
    "text",
    [
        "My foot drags. I'm no worse than anyone else my age.",
        "My foot drags, no worse than the other leg.",
        "My left foot drags and the back pain is slowly improving.",
    ],
)
def test_a_comparison_with_others_is_no_course(text: str) -> None:
    found, level = read(text)
    assert "history.weakness_course" not in found, found
    assert level == "emergency"


# --- the probe set ----------------------------------------------------------------------------------


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


def test_the_systemic_probe_set_keeps_its_floor() -> None:
    """Written for this round by a helper who never read the reader (60 positives, 40 controls;
    first read 62 of 100, tuning part 44 of 70, held-out third 18 of 30). The floor is the count
    at the round's end (83: tuning 62, held-out 21; it had reached 84 before a second review's
    cut of false alarms, "a nurse at the methadone clinic", took one held-out probe)."""
    path = PROBES / "systemic3.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    found = extract_many([r["text"] for r in records], today=TODAY)
    ok = sum(_probe_ok(r, x.findings()) for r, x in zip(records, found, strict=True))
    assert ok >= 83, f"systemic3: {ok}/{len(records)}"


# --- a normal verdict qualified by what the bladder does ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # each had read a normal bladder: a reassurance the writer did not give
        "My bladder is fine, it's just that I can't go.",
        "Bladder seems normal, though I've only been once today and I've drunk loads.",
        "Bladder: normal (haven't been since this morning though)",
    ],
)
def test_a_normal_bladder_qualified_by_its_acts_stays_open(text: str) -> None:
    found, level = read(text)
    assert found.get("symptoms.bladder") != "normal", found
    assert "symptoms.bladder" in found.get("unsure", []), found
    assert level == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "Bladder and bowels fine, it's just the pain.",
        "Bladder normal, though the leg is killing me.",
        "no problem peeing, just the leg",
    ],
)
def test_a_normal_bladder_qualified_by_something_else_stays_normal(text: str) -> None:
    found, _ = read(text)
    assert found.get("symptoms.bladder") == "normal", found


# --- heavy legs of old, an operation told by what was done -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "J'ai une sciatique droite. J'ai les jambes lourdes depuis des années, problème de "
        "circulation.",
        "Right sciatica. My legs feel heavy in the evening as always.",
    ],
)
def test_heavy_legs_of_old_are_no_new_weakness(text: str) -> None:
    found, level = read(text)
    assert "symptoms.weakness" not in found, found
    assert level != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Right sciatica. My legs feel heavy.",
        "Since yesterday both my legs feel heavy and I can't climb the stairs.",
    ],
)
def test_heavy_legs_told_now_stay_a_weakness(text: str) -> None:
    found, level = read(text)
    assert found.get("symptoms.weakness") == "both", found
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "had my back done in 2019",
        "they removed part of the disc in 2018",
        "I had surgery for a slipped disc.",
        "my L4/5 was decompressed in 2021",
    ],
)
def test_an_operation_told_by_what_was_done(text: str) -> None:
    found, _ = read(text)
    assert found.get("history.previous_spine_surgery") is True, found


def test_a_disc_of_another_kind_is_no_operation() -> None:
    found, _ = read("I cut down on my disc golf.")
    assert "history.previous_spine_surgery" not in found, found


# An adversarial review of the round (a helper who read the change, 344 texts, 2026-12-08) found
# 86 texts the first version read worse than the reader before it: 58 lowered (a course asked
# and answered "no" erasing the sign, a bladder after surgery read as the operation's site, a new
# foot drop beside an old one that recovered, ...) and 28 false alarms. Each is mended at its
# cause; these keep the level the reader had before the round. Left: "my brother bangs dope and
# I'm worried about him" (a relative's story stands for the patient's in a text with "him") and
# "can't get comfy in bed at night, tossing and turning" (read as night pain, arguably right).
REVIEW_KEEPS = [
    ("Has the numbness in my groin gone? no", "emergency"),
    ("Is the numbness between my legs going away? nope", "emergency"),
    ("Did the weakness in my right leg improve? no", "urgent"),
    ("Numbness in the saddle area since Tuesday, is it getting better? no", "emergency"),
    ("Has the numbness around my bottom worn off? no, still there", "emergency"),
    ("Is my foot drop any better? nope", "emergency"),
    ("Is the tingling in my bits gone? no", "emergency"),
    ("Did the numbness between my legs settle? nope", "emergency"),
    ("Fever since Sunday, has it come down? no", "urgent"),
    ("My right leg is weak, does physio help? no", "urgent"),
    ("Weak left leg, any better? no", "urgent"),
    ("Has the bladder leaking stopped? no", "emergency"),
    ("La faiblesse de ma jambe s'est améliorée ? non", "urgent"),
    ("L'engourdissement entre les jambes est parti ? non", "emergency"),
    ("Mon pied qui tombe, ça va mieux ? non", "emergency"),
    ("Has my wife's numbness down below gone? no, she's still numb", "emergency"),
    ("Toilet habits unchanged apart from having to strain", "urgent"),
    ("Going to the toilet like before, pads every day now", "urgent"),
    ("Selles comme avant, il m'arrive de me salir", "urgent"),
    ("I've had sciatica for years and this morning I was unable to pee at all", "emergency"),
    (
        "I've always had a weak bladder since having the kids, this morning it emptied itself in the kitchen",
        "emergency",
    ),
    (
        "Left leg sciatica 10 days. Getting into bed is agony no matter how slowly I do it.",
        "self_care",
    ),
    (
        "Sciatica right leg. Can't get comfy in bed but sleeping in the recliner helps a lot.",
        "self_care",
    ),
    (
        "Sciatica down my right leg. Tried everything in bed, only a pillow between the knees helps.",
        "self_care",
    ),
    (
        "Leg pain for 3 weeks. Nothing helps in bed except lying on my side with knees bent.",
        "self_care",
    ),
    (
        "Sciatica left leg 2 weeks, when I lie down on the sofa after work I can't get comfy.",
        "self_care",
    ),
    (
        "Sciatica right leg, lying flat on the physio table no matter which way she moved my leg it hurt.",
        "self_care",
    ),
    (
        "Pain down my left leg. I lie in bed till the morning scrolling my phone because the pain "
        "meds make me wired.",
        "self_care",
    ),
    (
        "Leg pain for a month. I can't get comfortable in bed, I just toss and turn, lying on my "
        "back with a pillow under my knees works though.",
        "self_care",
    ),
    (
        "Sciatica 3 weeks, lying down any position is ok, it's sitting that kills me no matter what chair.",
        "self_care",
    ),
    (
        "Sciatique droite, couchée j'ai mal peu importe la position au début, après 10 minutes ça va.",
        "self_care",
    ),
    (
        "Sciatica left leg. I have to lie down flat in the afternoon, nothing I take shifts the pain.",
        "self_care",
    ),
    (
        "My left foot is dragging since Monday, I had the same 2 years ago and made a full recovery.",
        "emergency",
    ),
    (
        "My right foot has gone floppy again, like 4 years ago, all good since then until Sunday.",
        "emergency",
    ),
    ("Ma femme a le pied tombant depuis lundi, il y a 2 ans elle a récupéré en 3 mois.", "urgent"),
    ("Mon pied tombe depuis 3 jours, il y a 2 ans j'avais eu pareil et ça a récupéré.", "urgent"),
    (
        "Right leg giving way since the weekend, last year I had the same and was fine ever since.",
        "urgent",
    ),
    (
        "I can't stand on my tiptoes on the left since Monday, last year my GP said I'd make a "
        "full recovery from the hernia.",
        "urgent",
    ),
    (
        "Weakness in my left leg since 2 weeks, it's been fine since the steroid jab last year but "
        "now worse each day.",
        "urgent",
    ),
    ("Mon pied tombe depuis lundi, l'engourdissement est pareil qu'au début.", "emergency"),
    ("Pain down my leg and my foot doesn't budge when I try to lift it", "emergency"),
    (
        "Severe pain in the leg and my foot just won't budge, can't lift it off the floor since this morning",
        "emergency",
    ),
    ("Douleur dans la jambe et le pied ne bouge plus depuis ce matin", "emergency"),
    ("left leg weak bladder ok no numbness", "urgent"),
    ("foot and leg weak heart racing and sweating", "urgent"),
    ("right leg weaker spot on my lower back hurts to touch", "urgent"),
    ("Back surgery last week, bladder not right since", "emergency"),
    ("Had my discectomy op friday, bladder isn't emptying properly", "emergency"),
    ("After the op, bladder is not working and I can't feel myself", "emergency"),
    ("Cancer is back, bladder gone funny since yesterday", "emergency"),
    (
        "Sciatica left leg 2 weeks. On steroids for years for my RA, and I'm due a flu jab.",
        "urgent",
    ),
    (
        "Sciatica right leg. On prednisolone since 2019 for my lupus, had a steroid injection in "
        "my back too.",
        "urgent",
    ),
    (
        "Sciatique gauche. Sous cortisone depuis longtemps pour ma polyarthrite, j'ai eu une "
        "infiltration la semaine dernière.",
        "urgent",
    ),
    (
        "Sciatica left leg, I've been on prednisolone for ages for my PMR, had a one-off epidural last week.",
        "urgent",
    ),
    (
        "Sciatica right leg 10 days. Steroid inhaler for years, had a course of oral steroids for 5 days.",
        "urgent",
    ),
    ("Sciatica left leg 2 weeks. I used to be running 38.5 km a week before this.", "self_care"),
    ("Sciatica for 10 days, I was running 40.2 miles a week for marathon training.", "self_care"),
    (
        "Sciatica right leg. I ran 100.5 km ultra last month, running 102.5 km total this month.",
        "self_care",
    ),
    ("Sciatica left leg since I tackled hard jobs in the garden at the weekend.", "self_care"),
    (
        "Sciatica in my right leg, I missed a step in my physio routine and it flared up.",
        "self_care",
    ),
    (
        "Sciatica left leg 2 weeks, started after I missed a step in dance class rehearsal, no fall.",
        "self_care",
    ),
    ("Sciatica right leg. The car banged speed bumps and the pain shot down my leg.", "self_care"),
    ("Sciatica left leg. Still have track marks on my arm from the drip in hospital.", "self_care"),
    (
        "Sciatique droite depuis 3 semaines. Je suis séropositive à la toxo, le médecin m'a dit "
        "rien de grave.",
        "self_care",
    ),
    ("Sciatica left leg. My dad turned 75 last week and I'm looking after him.", "self_care"),
    (
        "Sciatique droite depuis 2 semaines. Mon fils c'est l'héro de la famille, il fait tout.",
        "self_care",
    ),
    (
        "Sciatique droite, ma jambe est moins sensible à la douleur depuis les anti-inflammatoires.",
        "self_care",
    ),
    ("Sciatique gauche, la douleur est moins sensible aujourd'hui, ça va mieux.", "self_care"),
    (
        "Sciatica 2 weeks, my bum is less sensitive to sitting on hard chairs now that the pain is better.",
        "self_care",
    ),
    ("Left leg gone weak, is this an emergency? no, surely not", "urgent"),
    ("Pins and needles in the saddle area – worried? no, terrified", "emergency"),
    ("Sciatica right leg. No change in my meds and my bladder keeps emptying itself.", "emergency"),
    (
        "Sciatica left leg. Nothing has changed with my meds and my bladder empties itself every hour.",
        "emergency",
    ),
    (
        "Sciatica left leg. I've had a weak bladder for years and it let go completely in Tesco "
        "this morning.",
        "emergency",
    ),
    ("Sciatica for years, my bowels opened by themselves in bed this morning.", "emergency"),
    (
        "Sciatica left leg for 3 weeks, my mum (74) says rest. The numbness round my bum since "
        "Sunday, has it eased? no. Bladder ok.",
        "emergency",
    ),
    (
        "L5 disc, 2 weeks. Is my left leg any stronger? no. Is the tingling down below gone? nope.",
        "routine",
    ),
    (
        "Post discectomy day 5. Since the op, bladder feels like it won't empty and I have to push.",
        "emergency",
    ),
    (
        "Had a microdiscectomy on Monday, after surgery bladder not the same, dribbling.",
        "emergency",
    ),
    (
        "Sciatica left leg 10 days, can't get comfortable in bed, lying on my side with a pillow is best.",
        "self_care",
    ),
    (
        "Left leg collapsing under me since Wednesday, happened last year too and was fine ever "
        "since, hopefully same again.",
        "urgent",
    ),
    (
        "Sciatique gauche. Sous corticoïdes depuis longtemps pour ma maladie de Horton, j'ai eu "
        "une infiltration il y a 15 jours.",
        "urgent",
    ),
    ("sciatica left leg weak bladder fine bowels fine", "urgent"),
    (
        "My right leg is weak since friday, has it improved with the exercises? no, if anything it's weaker.",
        "urgent",
    ),
]


@pytest.mark.parametrize(("text", "level"), REVIEW_KEEPS)
def test_the_review_finds_the_level_of_before(text: str, level: str) -> None:
    _, read_level = read(text)
    assert read_level == level


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Je suis séropositif depuis 2010, sciatique gauche.", True),
        ("Je suis séropositive à la toxo, sciatique gauche.", None),
        ("je prends du subutex, sciatique à gauche", None),
    ],
)
def test_seropositive_is_hiv_unless_another_infection_is_named(text: str, value: Any) -> None:
    found, _ = read(text)
    assert found.get("history.immunosuppression") == value, found


@pytest.mark.parametrize(
    "text",
    [
        "Ancien toxico, sous méthadone, j'ai une douleur dans le dos qui descend dans la jambe.",
        "je prends du subutex, sciatique à gauche",
        "I use the needle exchange. Back is agony and my leg.",
    ],
)
def test_treatment_for_opioid_dependence_reads_drugs_injected(text: str) -> None:
    found, level = read(text)
    assert found.get("history.iv_drug_use") is True, found
    assert level == "urgent"


def test_methadone_for_pain_is_no_drug_injected() -> None:
    found, _ = read("I'm on methadone for my chronic pain, sciatica left leg.")
    assert "history.iv_drug_use" not in found, found


def test_the_evidence_of_an_answer_quotes_the_answer() -> None:
    """The own-words page shows "You wrote: ..." beside each reading: "Bowel problems" alone
    beside "no change" would read as the opposite of what was written."""
    x = extract("Bladder normal? no. Bowel problems? no.", today=TODAY)
    quoted = {s.field: s.text for s in x.spans}
    assert quoted["symptoms.bowel"] == "Bowel problems? no"
    assert quoted["symptoms.bladder"] == "Bladder normal? no"


# A second review (another helper, 321 texts, 2026-12-08) of the fixed version found 44 texts
# still read lower than the reader before the round: a checklist "no" to a course ("Saddle
# numbness spreading? no"), "for years" told of the back beside a new bladder trouble, symptoms
# "unchanged", a recovered foot drop said to be back, heavy legs since yesterday beside old
# veins. Mended; none may read lower than before the round. Left: "Foot drop came on Tuesday,
# not getting any worse" reads a stable course (urgent, not emergency), as the writer says.
REVIEW2_NOT_LOWER = [
    ("Saddle numbness? No. Well maybe a little when I sit on the loo, it feels odd.", "emergency"),
    ("Weak leg fixed? no, worse if anything since Sunday", "urgent"),
    ("Bladder symptoms unchanged.", "emergency"),
    ("Bladder dysfunction unchanged since the fall.", "emergency"),
    ("Bowel symptoms the same as before.", "emergency"),
    ("Bad back for many years, bladder stopped working properly on Tuesday.", "emergency"),
    ("In 2019 I had left foot drop, full recovery after the op, and it has returned.", "emergency"),
    (
        "Three years ago I couldn't lift my right foot, full recovery after surgery. Now it's "
        "happening again.",
        "emergency",
    ),
    ("Five years ago my left foot went floppy and I made a full recovery. It's back.", "emergency"),
    ("In 2020 my leg gave way and I fell, full recovery, it's doing it once more.", "urgent"),
    ("Back op on Monday and since the op nothing in my bowel, I can't feel to go.", "emergency"),
    ("Pain in my leg and foot doesn't budge when I try to lift it.", "emergency"),
    ("Both legs feel like lead since yesterday, I've had back trouble for years.", "emergency"),
    ("Both legs heavy and weak since Monday, I've had sciatica for years.", "emergency"),
    ("Jambes lourdes depuis 3 jours, j'ai mal au dos depuis des années.", "emergency"),
    (
        "My legs are heavy, the doctor checked my circulation and it's fine, started last week.",
        "emergency",
    ),
    (
        "Les deux jambes lourdes comme du plomb depuis hier, j'ai des varices depuis toujours.",
        "emergency",
    ),
    (
        "My legs feel heavy and won't do what I tell them since Saturday, compression socks "
        "don't help.",
        "emergency",
    ),
    ("Leg weakness any improvement? no", "urgent"),
    ("Saddle numbness any change? no", "emergency"),
    ("Numbness down below any less? no", "emergency"),
    ("Weakness easing? no", "urgent"),
    ("Numbness subsiding? no", "routine"),
    ("Pied tombant récupéré ? non", "emergency"),
    (
        "Anyone else get saddle numbness with their sciatica? No? Just me then, started Tuesday.",
        "emergency",
    ),
    ("Urge to pee? no", "urgent"),
    ("Both legs weak? no, just the right one, but it's getting worse daily.", "emergency"),
    ("Foot drop? no... not sure, I trip on the left foot since Friday.", "emergency"),
    ("Sciatica for 5 years, bladder problems started Friday.", "emergency"),
    ("For years I've had sciatica, bladder difficulty this weekend.", "emergency"),
    ("Mal au dos depuis des années, souci de vessie depuis samedi.", "emergency"),
    ("I've always had back pain, my bladder packed up on Friday.", "emergency"),
    ("Lumbago for years, bowel trouble started on Tuesday.", "emergency"),
    ("Bladder sensation unchanged, reduced since the op.", "emergency"),
    (
        "In 2018 my foot went floppy, full recovery after the op. Three days ago the same "
        "happened.",
        "emergency",
    ),
    (
        "Last year my left leg gave way and I fell, full recovery. Happened twice this week.",
        "urgent",
    ),
    ("A few years ago I had foot drop, full recovery, the weakness has come back.", "emergency"),
    (
        "Had a microdiscectomy 3 years ago after foot drop, all good since, but weakness returned.",
        "emergency",
    ),
    ("Had surgery Friday, since the surgery nothing in my bladder comes out.", "emergency"),
    ("Foot drop the same? no, it's worse today.", "emergency"),
    ("Weakness spreading to the other leg? no", "emergency"),
    ("Leg weakness progressing? no", "urgent"),
    ("Foot drop affecting both feet? no", "emergency"),
    ("Saddle numbness spreading? no", "emergency"),
]
# ... and the false alarms it found, read as before the round
REVIEW2_FALSE_ALARMS = [
    ("Bedtime routine: nothing I do helps the restless legs.", "routine"),
    ("I'm a nurse at the methadone clinic and have sciatica.", "self_care"),
    ("I volunteer at a needle exchange, back pain 2 weeks.", "routine"),
    ("Mum just turned 80 and I'm looking after her, my back hurts.", "routine"),
    ("I go to bed early, nothing I do helps with tiredness.", "routine"),
]

LEVELS = ["self_care", "routine", "soon", "urgent", "emergency"]


@pytest.mark.parametrize(("text", "before"), REVIEW2_NOT_LOWER)
def test_the_second_review_reads_no_lower_than_before(text: str, before: str) -> None:
    _, level = read(text)
    assert LEVELS.index(level) >= LEVELS.index(before), level


@pytest.mark.parametrize(("text", "before"), REVIEW2_FALSE_ALARMS)
def test_the_second_reviews_false_alarms_are_gone(text: str, before: str) -> None:
    _, level = read(text)
    assert level == before


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # misses the second review found in both readers, mended
        (
            "Pee as usual, bowels opened themselves in bed last night.",
            "symptoms.bowel",
            "new_difficulty",
        ),
        (
            "I've always been a bit leaky since the kids, but now I wet myself without noticing.",
            "symptoms.bladder",
            "incontinence",
        ),
    ],
)
def test_the_second_reviews_old_misses(text: str, field: str, value: Any) -> None:
    found, level = read(text)
    assert found.get(field) == value, found
    assert level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Bowels unchanged, I've not been for 5 days and can't feel the urge.",
        "My bum is less sensitive to touch since the weekend.",
        "Les fesses et le périnée moins sensibles au toucher depuis hier.",
    ],
)
def test_the_second_reviews_old_misses_stay_open(text: str) -> None:
    found, level = read(text)
    assert found.get("unsure"), found
    assert level == "urgent"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("My son wet himself at nursery and I have sciatica.", "symptoms.bladder", None),
        ("Bowels normal, never had trouble going.", "symptoms.bowel", "normal"),
        ("Pee as usual, bowels too.", "symptoms.bowel", "normal"),
    ],
)
def test_their_controls(text: str, field: str, value: Any) -> None:
    found, _ = read(text)
    assert found.get(field) == value, found


# A third review (a helper, 129 texts, 2026-12-08) of the last fixes found the leak of old
# dropping a new leak in the same sentence when the years were the back's, and denials of a
# trouble read as an act denied. Mended; these keep their level.
@pytest.mark.parametrize(
    ("text", "level"),
    [
        (
            "I've had back pain for years, same as always, I wet myself at work this afternoon "
            "and couldnt feel it",
            "emergency",
        ),
        (
            "Sciatique depuis des années, rien de nouveau, j'ai fait pipi sur moi au travail sans "
            "rien sentir",
            "emergency",
        ),
        ("I have had leaks for years, no change, I wet myself walking home on Friday", "emergency"),
        (
            "I've always leaked a bit since the kids, nothing new, also pooed myself in bed on sunday",
            "emergency",
        ),
        (
            "Since childbirth I dribble a bit when I laugh, nothing has changed. Back pain flared up.",
            "routine",
        ),
        ("Bowels normal, I don't need to strain", "routine"),
        ("Bladder and bowels normal, I do not have any leaks", "routine"),
        ("Wee fine, I haven't been able to go since last night, no issues otherwise", "urgent"),
    ],
)
def test_the_third_review(text: str, level: str) -> None:
    _, read_level = read(text)
    assert read_level == level
