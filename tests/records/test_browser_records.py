"""The record pages in Debian's Chromium (Playwright), against a live server on a temporary SQLite
file: log in, create a patient, record three visits with a worsening grade, see the alert and
the chart, acknowledge, log out; another clinic's clinician cannot open that patient.

The browser fixtures come from tests/conftest.py (tests/browser.py); `live_server` is overridden here so that
the server uses its own database (SCIATICA_DATABASE_URL) with users made by the services.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sciatica.records import auth
from sciatica.records.db import Store
from tests.browser import serve_app

from .conftest import PASSWORD


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('records') / 'records.sqlite3'}"
    store = Store.open(url)
    with store.session() as s:
        a = auth.create_clinic(s, "Clinic A")
        b = auth.create_clinic(s, "Clinic B")
        auth.create_user(s, a.id, "alice", PASSWORD)
        auth.create_user(s, b.id, "carol", PASSWORD)
    store.close()
    with serve_app({"SCIATICA_DATABASE_URL": url}) as base:
        yield base


def sign_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/records")


def record_visit(page: Any, day: str, grade: int) -> None:
    page.get_by_label("Date of the visit").fill(day)
    page.locator("#mrc_left_ankle_dorsiflexion").select_option(str(grade))
    page.locator("#leg_pain").select_option("left")
    page.locator("#weakness").select_option("left")
    page.locator("#bladder").select_option("normal")
    page.get_by_role("button", name="Save the visit").click()
    page.wait_for_load_state()


def test_follow_up_in_the_browser(
    new_page: Callable[..., Any],
    screenshot: Callable[..., Any],
    axe_audit: Callable[..., Any],
) -> None:
    page = new_page()
    sign_in(page, "alice")
    page.get_by_label("Year of birth (optional)").fill("1968")
    page.get_by_role("button", name="Create the patient").click()
    page.wait_for_url("**/records/patients/*")
    patient_url = page.url
    for day, grade in (("2025-03-01", 5), ("2025-03-08", 4), ("2025-03-15", 3)):
        record_visit(page, day, grade)
        page.wait_for_url(f"{patient_url}#alerts")

    alert = page.locator('#alerts li[data-rule="RF-MOT-PROGRESSIVE"]')
    assert alert.count() >= 1
    points = page.locator('#grade-chart g[data-series="left.ankle_dorsiflexion"] circle')
    assert [points.nth(i).get_attribute("data-value") for i in range(points.count())] == [
        "5",
        "4",
        "3",
    ]
    screenshot(page, "records-patient")
    page.goto("/records")
    assert page.locator('#dashboard li[data-rule="RF-MOT-PROGRESSIVE"]').count() >= 1
    screenshot(page, "records-dashboard")
    axe_audit(page, "records-dashboard")

    page.goto(patient_url)
    for _ in range(alert.count()):
        with page.expect_navigation():
            alert.first.get_by_role("button", name="Acknowledge").click()
    assert page.locator('#alerts li[data-rule="RF-MOT-PROGRESSIVE"]').count() == 0
    axe_audit(page, "records-patient")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.goto(patient_url)
    assert page.url.endswith("/login")

    other = new_page()
    sign_in(other, "carol")
    answer = other.goto(patient_url)
    assert answer is not None and answer.status == 404
    assert "P-" not in other.content()


def test_the_forms_work_without_javascript(new_page: Callable[..., Any]) -> None:
    """The same forms with JavaScript off (axe-core needs JavaScript, so no audit here)."""
    page = new_page(js=False)
    sign_in(page, "alice")
    page.get_by_role("button", name="Create the patient").click()
    page.wait_for_url("**/records/patients/*")
    record_visit(page, "2025-04-01", 4)
    page.wait_for_url("**#alerts")
    assert page.locator('#grade-chart g[data-series="left.ankle_dorsiflexion"] circle').count() == 1
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
