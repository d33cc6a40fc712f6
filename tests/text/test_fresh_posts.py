"""The project's own posts written by someone who never read the reader (issue 12, docs/text.md).

The sets whose misses were studied must stay safe (a regression would bring a studied miss back).
Batches 4, 5 and 6 were opened on 2026-12-07 and their misses studied: 39, 39 and 40 of 40 safe
(left: a date told as a bank holiday; a strength grade a patient reports from the GP's examination).
Batches 7 and 8 were measured blind (31 and 29 of 40 safe), then their tuning part (two posts in
three, by `evaluate.held_out`) was studied in the fifth round (2026-12-07): 40 and 36 now.
Batches 9 to 12 (160 posts) were written blind for the fifth round and never opened; only their
totals and per-field counts were read, to choose which constructions to build and to check that a
change lost no post: 132 safe at the start of the round, 139 at its end. Batches 13 and 14 were
written during the round and measured once, at its end, never opened: 67 safe with the reader of
the start, 71 at the end. In the sixth round (2026-12-07) the tuning parts of batches 10 to 14
were opened and their under-triaged posts studied (18 of 142; 2 left after the seventh round);
their held-out thirds stay unopened (49 of 58 safe before the rounds, 51 after). The floors
below are the figures at the end of the last round that measured each batch, so that a change
that loses ground shows.
Batches 15 and 16 were written blind during the sixth round and measured twice before any was
opened: 67 of 80 safe with the reader of the round's start, 69 with its end. In the seventh round
their tuning parts were studied (43 -> 51 of 51 safe; 50 after the review withdrew "the last
four months" as a duration); their held-out thirds stay unopened (24 of
29 safe at the start of the sixth round, 26 after both). Batch 17 was written blind after the
seventh round and measured once, never opened: 36 of 40 safe with the reader of the session's
start, 37 with the reader after both rounds (and after the review's fixes). Batch 18 was
written blind after the review's fixes and measured once, never opened: 36 of 40 safe with the
reader of the session's start, 38 with the final one. Batch 19 was written blind during the
second review's fixes and measured once at the end, never opened: 33 of 40 safe with the reader
of the session's start, 35 with the final one.
In the eighth round (2026-12-07, third session) the tuning parts of batches 17 to 19 were opened
(7 under-triaged of 82, now 0). Batches 20 and 21 were written blind by two helpers who never read
the reader and measured once before any was opened: 32 and 27 of 40 safe with the reader of the
round's start. Their tuning parts were then studied (12 under-triaged of 51, now 0); their held-out
thirds stay unopened (20 of 29 safe at the start, 23 after the round, much of it from reading
classes built from the project's own paraphrases rather than from the posts: a denied verb is no
normal bladder, feeling ill is no negation, foot drop and continence in everyday words).
Batches 22 and 23 were written blind during the eighth round and measured once, at its end,
never opened: 76 of 80 safe with the reader of the round's start, 76 with its end. Batches 24
and 25 were written blind after the round's last change and measured once, never opened: 72 of
80 safe with the reader of the round's start, 74 with its end.
In the ninth round (2026-12-07, fourth session) the tuning parts of batches 22 to 25 were opened
(7 under-triaged of 114, now 0); their held-out thirds stay unopened (43 of 46 safe before, 44
after). Batches 26 and 27 were written blind by two helpers at the round's start and measured
once before any was opened: 72 of 80 safe with the reader of the round's start and with the
reader after the batch 22-25 work; their tuning parts were then studied (5 under-triaged of 56,
1 left: a cold white foot told across a long sentence); their held-out thirds stay unopened (21
of 24 safe before and after). Batches 28 and 29 were written blind during the round and
measured once, before any was opened: 73 of 80 safe with the reader of the round's start and
with the reader after its warning-list work; the one under-triaged post of their tuning parts (a
birth year told as "born '49") was then mended: 74. Their held-out thirds stay unopened. The
round's last pass, each class in the project's own words, took batch 19 to 40 (a never-opened
foot drop told as "le pied tombe").
In the tenth round (2026-12-07, fifth session) four helpers wrote batches 30 to 33 blind, each on
a theme (relatives and carers; French from France, Quebec, Belgium and Switzerland; long stories
with timelines; short phone messages). Measured whole once before any was opened: 130 of 160 safe
with the reader of the round's start. Their tuning parts were then studied (18 under-triaged of
100, 1 left: a bladder change the writer cannot judge); their held-out thirds stay unopened (48
of 60 safe with the start reader, 47 after: a correct side reading, "deux mois" is no second leg,
uncovered a missed night pain that the false "both legs" had hidden). A fifth helper wrote batch
34 (mixed, with other people's stories beside the writer's) after the round's changes: measured
once before it was opened, 33 of 40 safe with both the reader of the round's start and its end;
its tuning part was then studied (4 under-triaged of 31, now 0: 37 of 40); its held-out third
stays unopened (6 of 9). A sixth helper wrote batch 35 (ages, athletes, carers, pregnancy) at the
stop's end: never opened, 38 of 40 safe with both readers.
In the eleventh round (2026-12-07, sixth session) four helpers wrote probe sets told to avoid the
words a lexicon holds (tests/text/probes/*2.jsonl) and a fifth wrote batch 36, measured once before
anything changed (36 of 40) and never opened. The round's constructions (cauda equina signs told by
an act, a weak leg told by what it has become, an opioid's failure after "but" or as severe pain)
were written from the probes' tuning parts and the project's own texts; on the never-opened
held-out thirds of batches 9 to 34 they took 290 to 297 of 329 safe (232 to 240 in range), batch
35 went from 38 to 39 and batch 36 stayed at 36. An adversarial review then cut the constructions'
false alarms; one never-opened post (batch 24) read safe before that cut and not after. A sixth
helper wrote batch 37 after all of the round's changes: never opened, 34 of 40 safe with the
reader of the round's start, 35 with its end.
In the twelfth round (2026-12-08, seventh session) a helper wrote batch 38 at the round's start: 39
of 40 safe at the start, 40 at the end, never opened; batch 37 reads 36 after the round (the night-pain
construction). A second helper wrote batch 39 after all of the round's changes: never opened, 37
of 40 safe with the reader of the round's start and with its end."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from sciatica.text.evaluate import load, score_posts

HERE = Path(__file__).parent
LOOKED_AT = ("fresh_posts_looked_at", "fresh_posts_unseen", "fresh_posts_batch3")


@pytest.mark.parametrize("name", LOOKED_AT)
def test_the_studied_posts_stay_safe(name: str) -> None:
    score = score_posts(name, load(HERE / f"{name}.jsonl"))
    under = [row[0] for row in score.rows if row[4] != row[1] and _below(row[4], row[1])]
    assert score.safe == score.n, under


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("fresh_posts_batch4", 39),
        ("fresh_posts_batch5", 39),
        ("fresh_posts_batch6", 40),
        ("fresh_posts_batch7", 40),
        ("fresh_posts_batch8", 36),
        ("fresh_posts_batch9", 39),
        ("fresh_posts_batch10", 40),
        ("fresh_posts_batch11", 40),
        ("fresh_posts_batch12", 40),
        ("fresh_posts_batch13", 40),
        ("fresh_posts_batch14", 38),
        ("fresh_posts_batch15", 38),
        ("fresh_posts_batch16", 39),
        ("fresh_posts_batch17", 39),
        ("fresh_posts_batch18", 40),
        ("fresh_posts_batch19", 40),
        ("fresh_posts_batch20", 39),
        ("fresh_posts_batch21", 36),
        ("fresh_posts_batch22", 40),
        ("fresh_posts_batch23", 40),
        ("fresh_posts_batch24", 39),
        ("fresh_posts_batch25", 40),
        ("fresh_posts_batch26", 39),
        ("fresh_posts_batch27", 37),
        ("fresh_posts_batch28", 38),
        ("fresh_posts_batch29", 36),
        ("fresh_posts_batch30", 40),
        ("fresh_posts_batch31", 38),
        ("fresh_posts_batch32", 34),
        ("fresh_posts_batch33", 35),
        ("fresh_posts_batch34", 38),
        ("fresh_posts_batch35", 39),
        ("fresh_posts_batch36", 36),
        ("fresh_posts_batch37", 36),
        ("fresh_posts_batch38", 40),
        ("fresh_posts_batch39", 37),
    ],
)
def test_each_batch_keeps_its_measured_floor(name: str, floor: int) -> None:
    score = score_posts(name, load(HERE / f"{name}.jsonl"))
    assert score.n == 40
    assert score.safe >= floor


def _below(level: str, minimum: str) -> bool:
    order = ["self_care", "routine", "soon", "urgent", "emergency"]
    return order.index(level) < order.index(minimum)
