"""The patient page's short visit form: a date that cannot be read or is in the future is named
and nothing is saved (it was quietly read as today); a saved visit is confirmed (issue 14)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sciatica.records.db import Store
from sciatica.records.models import Visit

from .test_pages import new_patient, sign_in


def short_form(token: str, day: str) -> dict[str, str]:
    return {"csrf_token": token, "seen_on": day, "mrc_left_ankle_dorsiflexion": "4"}


@pytest.mark.parametrize("day", ["2025-13-01", "soon", "2999-01-01", "1900-01-01"])
def test_a_bad_visit_date_is_named_and_nothing_saved(
    app_client: TestClient, store: Store, day: str
) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    refused = app_client.post(f"{patient}/visits", data=short_form(token, day))
    assert refused.status_code == 422
    assert "Give the date of the visit as a calendar date, not in the future." in refused.text
    with store.session() as s:
        assert list(s.scalars(select(Visit))) == []


def test_a_saved_visit_is_confirmed_on_the_patient_page(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    saved = app_client.post(
        f"{patient}/visits", data=short_form(token, "2025-06-01"), follow_redirects=False
    )
    assert saved.status_code == 303
    location = saved.headers["location"]
    assert re.fullmatch(rf"{patient}\?saved=\d+#alerts", location)
    page = app_client.get(location.split("#")[0]).text
    assert re.search(r'role="status" id="saved-banner">Visit of 2025-06-01 saved\.', page)
    # no banner for a visit that is not this patient's, nor without ?saved
    assert "saved-banner" not in app_client.get(f"{patient}?saved=999999").text
    assert "saved-banner" not in app_client.get(patient).text
