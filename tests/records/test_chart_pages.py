"""The patient page's recovery chart (issue 14): the weak muscles by default, all of them on
request, line ends labelled, alert visits marked in the chart and its table."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .test_pages import add_visit, new_patient, sign_in


def series(page: str) -> set[str]:
    chart = page[
        page.index('id="grade-chart"') : page.index("</svg>", page.index('id="grade-chart"'))
    ]
    return set(re.findall(r'data-series="([^"]+)"', chart))


def test_the_chart_draws_the_weak_muscles_and_marks_alert_visits(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    # add_visit grades left ankle dorsiflexion as given and left great toe extension 4
    add_visit(app_client, token, patient, "2025-03-01", 5)
    add_visit(app_client, token, patient, "2025-03-08", 5)
    page = app_client.get(patient).text
    # nothing weak yet but the toe: the ankle, flat at 5, is left out and counted
    assert series(page) == {"left.great_toe_extension"}
    assert "1 graded muscles that stayed at 5/5 are not drawn." in page
    everything = app_client.get(f"{patient}?chart=all").text
    assert series(everything) == {"left.great_toe_extension", "left.ankle_dorsiflexion"}
    assert "Show only the muscles graded below 5" in everything
    assert ">EHL L</text>" in page  # the line is named at its end

    add_visit(app_client, token, patient, "2025-03-15", 2)  # a paralysing grade: alerts
    page = app_client.get(patient).text
    assert series(page) == {"left.great_toe_extension", "left.ankle_dorsiflexion"}
    assert ">TA L</text>" in page
    marks = re.findall(r'class="rec-alert-mark" data-date="([^"]+)"', page)
    assert "2025-03-15" in marks
    assert re.search(r'2025-03-15 <span class="rec-table-alert">', page)  # the table says it too
