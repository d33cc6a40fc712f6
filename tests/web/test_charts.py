"""The recovery charts' geometry (web/patient_records/charts.py): labels that never print over
each other or run past the drawing, line ends labelled apart, alert visits marked (issue 14)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sciatica.web.patient_records.charts import CHART, DATE_GAP, LABEL_GAP, line_chart

START = datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_date_labels_are_thinned_and_the_last_one_is_inside() -> None:
    dates = [START + timedelta(days=7 * i) for i in range(12)]
    chart = line_chart(dates, {"left.ankle_dorsiflexion": [(i, i % 6) for i in range(12)]}, 5)
    ticks = chart["xticks"]
    assert 1 < len(ticks) < len(dates)  # thinned, yet more than one
    assert ticks[-1][1] == dates[-1].date().isoformat()  # the latest visit is always dated
    assert ticks[0][2] == "start" and ticks[-1][2] == "end"  # anchored inside the drawing
    xs = [x for x, _, _ in ticks]
    assert all(b - a >= DATE_GAP for a, b in itertools.pairwise(xs))
    assert all(CHART["left"] <= x <= CHART["width"] - CHART["right"] for x in xs)


def test_end_labels_do_not_overlap_and_stay_in_the_chart() -> None:
    dates = [START, START + timedelta(days=14)]
    # five lines ending on the same grade: their labels must be stacked apart
    values = {f"left.m{n}": [(0, 3), (1, 4)] for n in range(5)}
    labels = {k: k[-2:] for k in values}
    chart = line_chart(dates, values, 5, end_labels=labels)
    ys = sorted(s.label_y for s in chart["series"])
    assert all(b - a >= LABEL_GAP - 1e-9 for a, b in itertools.pairwise(ys))
    assert chart["y1"] - LABEL_GAP <= ys[0] and ys[-1] <= chart["y0"]
    assert {s.end_label for s in chart["series"]} == set(labels.values())


def test_alert_visits_are_marked_at_their_dates() -> None:
    dates = [START + timedelta(days=d) for d in (0, 7, 21)]
    chart = line_chart(dates, {"pain": [(0, 8), (1, 6), (2, 7)]}, 10, marked=[2])
    assert [d for _, d in chart["marks"]] == [dates[2].date().isoformat()]
    assert chart["marks"][0][0] == max(x for x, _, _, _ in chart["series"][0].points)
