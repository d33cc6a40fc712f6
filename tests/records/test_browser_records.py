"""The record pages in Debian's Chromium (Playwright), against a live server on a temporary SQLite
file: log in, create a patient, record three visits with a worsening grade, see the alert and
the chart, acknowledge, log out; another clinic's clinician cannot open that patient.

The browser fixtures come from tests/conftest.py (tests/browser.py); `live_server` is overridden here so that
the server uses its own database (SCIATICA_DATABASE_URL) with users made by the services.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sciatica.records import auth
from sciatica.records.db import Store
from sciatica.web.i18n import translator
from tests.browser import ARTIFACTS, serve_app

from .conftest import PASSWORD

EN = translator("en")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('records') / 'records.sqlite3'}"
    store = Store.open(url)
    with store.session() as s:
        a = auth.create_clinic(s, "Clinic A")
        b = auth.create_clinic(s, "Clinic B")
        auth.create_user(s, a.id, "alice", PASSWORD, "clinic_admin")  # downloads and deletes
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


def saved_url(patient_url: str) -> re.Pattern[str]:
    """The patient page after saving a visit: it names the saved visit for its banner."""
    return re.compile(re.escape(patient_url) + r"\?saved=\d+#alerts$")


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
        page.wait_for_url(saved_url(patient_url))

    alert = page.locator('#alerts li[data-rule="RF-MOT-PROGRESSIVE"]')
    assert alert.count() >= 1
    points = page.locator('#grade-chart g[data-series="left.ankle_dorsiflexion"] circle')
    assert [points.nth(i).get_attribute("data-value") for i in range(points.count())] == [
        "5",
        "4",
        "3",
    ]
    screenshot(page, "records-patient")
    # the recovery chart on a phone: its smallest text at least 10 px as drawn (was about 5):
    # the font size in drawing units times the drawing's scale on the screen
    page.locator("#grade-chart").scroll_into_view_if_needed()
    screenshot(page, "records-chart-phone", full_page=False)
    smallest = page.evaluate(
        """() => { const svg = document.getElementById('grade-chart');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Math.min(...Array.from(svg.querySelectorAll('text'))
                .map(t => parseFloat(t.getAttribute('font-size')) * scale)); }"""
    )
    assert smallest >= 10, smallest
    assert page.locator("#grade-chart .rec-alert-mark").count() >= 1  # the worsening visits
    # on a phone the page itself never scrolls sideways (the MRC table scrolls in its box)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width
    page.goto("/records")
    assert page.locator('#dashboard li[data-rule="RF-MOT-PROGRESSIVE"]').count() >= 1
    screenshot(page, "records-dashboard")
    axe_audit(page, "records-dashboard")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(patient_url)
    page.locator("#grade-chart").scroll_into_view_if_needed()
    screenshot(page, "records-chart-desktop", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
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


def open_form(page: Any, instrument: str) -> Any:
    form = page.locator(f"#form-{instrument}")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    return form


def test_scores_episodes_and_data_rights_in_the_browser(
    new_page: Callable[..., Any],
    screenshot: Callable[..., Any],
    axe_audit: Callable[..., Any],
) -> None:
    """Record an STarT Back and an ODI score through the forms and see the charts; close and
    reopen an episode; export the record as a JSON file; delete the patient after confirming."""
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "alice")
    page.get_by_role("button", name="Create the patient").click()
    page.wait_for_url("**/records/patients/*")
    patient_url = page.url
    record_visit(page, "2025-05-02", 4)
    page.wait_for_url("**#alerts")
    # the alert's finding in plain words, the engine's own text one click away
    finding = page.locator("#alerts .rec-finding").first
    assert "→" in finding.inner_text() or "(read as worsening)" in finding.inner_text()

    form = open_form(page, "startback")
    assert "Keele University" in form.inner_text()
    for item in ("referred_leg_pain", "walking", "fear", "worry", "catastrophising", "low_mood"):
        form.locator(f"#startback_{item}").select_option("1")
    for item in ("comorbid_pain", "dressing"):
        form.locator(f"#startback_{item}").select_option("0")
    form.locator("#startback_bothersomeness").select_option("3")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**#scores-startback")
    points = page.locator("#chart-startback circle.rec-point")
    assert [points.nth(i).get_attribute("data-value") for i in range(points.count())] == ["7"]
    assert "high risk" in page.locator("#table-startback").inner_text()

    form = open_form(page, "odi")
    for n, section in enumerate(("pain_intensity", "personal_care", "lifting", "walking",
                                 "sitting", "standing", "sleeping")):  # fmt: skip
        form.locator(f"#odi_{section}").select_option(str(n % 4))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.locator("#odi-errors")
    assert "7 of 10 sections answered" in alert.inner_text()
    page.locator("#form-odi").screenshot(path=str(ARTIFACTS / "records-odi-refused.png"))
    open_form(page, "odi").locator("#odi_social_life").select_option("2")
    page.locator("#form-odi button[type=submit]").click()
    page.wait_for_url("**#scores-odi")
    odi_points = page.locator("#chart-odi circle.rec-point")
    assert odi_points.count() == 1 and odi_points.first.get_attribute("data-value") == "27.5"
    assert "8/10" in page.locator("#table-odi").inner_text()

    episodes = page.locator("#episodes tbody tr")
    assert episodes.first.get_attribute("data-status") == "open"
    episodes.first.get_by_role("button", name="Close").click()
    page.wait_for_url("**#episodes")
    assert page.locator("#episodes tbody tr").first.get_attribute("data-status") == "closed"
    page.locator("#episodes tbody tr").first.get_by_role("button", name="Reopen").click()
    page.wait_for_url("**#episodes")
    assert page.locator("#episodes tbody tr").first.get_attribute("data-status") == "open"

    with page.expect_download() as download:
        page.get_by_role("button", name="Export record (JSON)").click()
    saved = download.value
    assert saved.suggested_filename.startswith("P-") and saved.suggested_filename.endswith(".json")
    record = json.loads(Path(saved.path()).read_text(encoding="utf-8"))
    assert [s["instrument"] for s in record["scores"]] == ["startback", "odi"]

    page.goto(patient_url)
    for instrument in ("nprs", "sbi", "startback", "odi"):
        open_form(page, instrument)
    screenshot(page, "records-patient-scores")
    for part in (
        "scores-startback",
        "scores-odi",
        "form-startback",
        "episodes",
        "data-rights",
        "alerts",
    ):  # fmt: skip  (close-ups to look at)
        page.locator(f"#{part}").screenshot(path=str(ARTIFACTS / f"records-{part}.png"))
    axe_audit(page, "records-patient-scores")

    page.goto(f"{patient_url}?lang=fr")
    assert "Keele University" in page.locator("#scores-startback").inner_text()
    page.locator("#scores").screenshot(path=str(ARTIFACTS / "records-scores-fr.png"))
    page.goto(f"{patient_url}?lang=en")

    number = record["patient"]["record_number"]
    page.get_by_role("link", name="Delete patient").click()
    page.wait_for_url("**/delete")
    page.get_by_label(f"Type the record number {number} to confirm").fill("P-AAAA-AAAA")
    page.get_by_role("button", name="Delete the patient permanently").click()
    page.wait_for_load_state()
    assert "nothing was deleted" in page.get_by_role("alert").inner_text()
    screenshot(page, "records-delete-confirm")
    page.get_by_label(f"Type the record number {number} to confirm").fill(number)
    page.get_by_role("button", name="Delete the patient permanently").click()
    page.wait_for_url("**/records?deleted=1")
    assert "The patient record was deleted." in page.get_by_role("status").inner_text()
    answer = page.goto(patient_url)
    assert answer is not None and answer.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    screenshot(page, "records-not-found")


def test_full_examination_saved_as_a_visit_in_the_browser(
    new_page: Callable[..., Any],
    screenshot: Callable[..., Any],
    axe_audit: Callable[..., Any],
) -> None:
    """From the patient page to the whole examination form and back, with live recompute on."""
    page = new_page()
    sign_in(page, "alice")
    page.get_by_role("button", name="Create the patient").click()
    page.wait_for_url("**/records/patients/*")
    patient_url = page.url.split("#")[0]
    record_visit(page, "2025-03-01", 4)
    page.get_by_role("link", name="Record a full examination").click()
    page.wait_for_url(f"{patient_url}/exam")
    assert page.locator("#sec-previous").count() == 0  # the stored visit is the previous one
    grades = {"ankle_dorsiflexion": "2", "great_toe_extension": "2", "hip_abduction": "4"}
    for muscle, grade in grades.items():
        page.get_by_role("group", name=f"{EN['cl_m_' + muscle]}, {EN['cl_side_left']}").locator(
            "label"
        ).filter(has_text=grade).click()
    page.locator('label[for="f-exam-reflexes-left-achilles-reduced"]').click()  # the ↓ button
    page.get_by_role("group", name=EN["cl_f_weakness"], exact=True).get_by_text(
        EN["cl_o_left"], exact=True
    ).click()
    axe_audit(page, "records-full-exam")
    screenshot(page, "records-full-exam")
    # on a phone the sticky action bar (status, save, assess) stays two short rows: it sits over
    # the form the clinician is filling in
    page.set_viewport_size({"width": 390, "height": 844})
    bar = page.locator(".cl-actions").bounding_box()
    screenshot(page, "records-full-exam-phone", full_page=False)
    assert bar is not None and bar["height"] <= 96
    for button in page.locator(".cl-actions > button").all():  # every button fully on the screen
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save as a visit").click()
    page.wait_for_url(saved_url(patient_url))
    assert page.locator('#alerts li[data-rule="RF-MOT-PROGRESSIVE"]').count() >= 1
    points = page.locator('#grade-chart g[data-series="left.ankle_dorsiflexion"] circle')
    assert [points.nth(i).get_attribute("data-value") for i in range(points.count())] == ["4", "2"]


def test_a_past_visit_opens_and_copies_forward_in_the_browser(
    new_page: Callable[..., Any],
    screenshot: Callable[..., Any],
    axe_audit: Callable[..., Any],
) -> None:
    """Issue 14: "Add a visit" at the top, a banner after saving, a past visit opened to its whole
    examination, and that examination copied into a new visit; desktop and phone."""
    from tests.browser import DESKTOP

    page = new_page(viewport=DESKTOP)
    sign_in(page, "alice")
    page.get_by_label("Year of birth (optional)").fill("1970")
    page.get_by_role("button", name="Create the patient").click()
    page.wait_for_url("**/records/patients/*")
    patient_url = page.url.split("#")[0]
    # the full examination is one click from the top of the page
    page.get_by_role("navigation", name=EN["rec_actions"]).get_by_role(
        "link", name=EN["rec_add_full_exam"]
    ).click()
    page.wait_for_url(f"{patient_url}/exam")
    expect_age = page.get_by_label(EN["cl_f_age"], exact=True)
    assert expect_age.input_value().isdigit()  # the record's age, pre-filled
    page.get_by_label(EN["cl_visit_date"]).fill("2025-05-02")
    for muscle, grade in (("ankle_dorsiflexion", "2"), ("great_toe_extension", "1")):
        page.get_by_role("group", name=f"{EN['cl_m_' + muscle]}, {EN['cl_side_left']}").locator(
            "label"
        ).filter(has_text=grade).click()
    page.get_by_role("button", name=EN["cl_record_save"]).click()
    page.wait_for_url(saved_url(patient_url))
    banner = page.get_by_role("status").filter(has_text="2025-05-02")
    assert "Visit of 2025-05-02 saved" in banner.inner_text()
    screenshot(page, "records-saved-banner-desktop")
    axe_audit(page, "records-saved-banner")

    # the visit's date in the table opens it
    page.get_by_role(
        "link", name=EN["rec_open_visit"].replace("{date}", "2025-05-02")
    ).first.click()
    page.wait_for_url(re.compile(re.escape(patient_url) + r"/visits/\d+$"))
    assert "TA 2/5, EHL 1/5" in page.locator("main").inner_text()
    screenshot(page, "records-visit-desktop")
    axe_audit(page, "records-visit")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "records-visit-phone")

    # copied forward: the new visit starts from that examination, already assessed
    page.get_by_role("link", name=EN["rec_copy_this"]).click()
    page.wait_for_url(re.compile(re.escape(patient_url) + r"/exam\?from=\d+$"))
    checked = page.locator('input[name="exam.strength.left.great_toe_extension"]:checked')
    assert checked.get_attribute("value") == "1"
    assert page.locator("#result .cl-panel").get_attribute("data-level")
    screenshot(page, "records-copy-forward-phone")
    axe_audit(page, "records-copy-forward")
