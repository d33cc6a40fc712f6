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
        "once im in bed its next level, cant get comfy no matter which way i lie",
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
        "week my left leg aches again.",
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
    at the round's end (82: tuning 62, held-out 20)."""
    path = PROBES / "systemic3.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    found = extract_many([r["text"] for r in records], today=TODAY)
    ok = sum(_probe_ok(r, x.findings()) for r, x in zip(records, found, strict=True))
    assert ok >= 82, f"systemic3: {ok}/{len(records)}"


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
