"""Browser tests: Playwright driving Debian's Chromium against the real app served by uvicorn.

The self-check's start page in both languages and its result's print view (the walks, Back, the
red flags and the self-check's accessibility audits: test_selfcheck_flow_browser.py), the
clinician form's live recomputation, the
referral report as a one-page PDF, and an axe-core audit of each kind of page. Screenshots go to
test-artifacts/screenshots/ (and the PDF to test-artifacts/).

Selectors are roles and labels, with the visible words taken from the app's own catalogues
(web/strings.yaml and the knowledge base), plus the form contract (`input[name=field]`, the
control names that are case paths).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from sciatica import flow
from sciatica.web.i18n import translator

from .conftest import ARTIFACTS, DESKTOP

EN, FR = translator("en"), translator("fr")
T = {"en": EN, "fr": FR}


def go(page: Page, control: Any) -> None:
    """Click a link or a submit button and wait for the new page."""
    with page.expect_navigation():
        control.click()


# --- the self-check ----------------------------------------------------------------------------


def test_language_switch(new_page: Callable[..., Page], screenshot: Callable[..., Path]) -> None:
    page = new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    go(page, page.get_by_role("link", name="Français"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Auto-évaluation de la sciatique")
    screenshot(page, "selfcheck-start-fr")
    # French is remembered; the question pages are GETs, so the header link switches them too
    go(page, page.get_by_role("button", name=FR["sc_start_button"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        flow.shown("screen.call_now", "fr").text
    )
    go(page, page.get_by_role("link", name="English"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        flow.shown("screen.call_now", "en").text
    )


def test_result_print_view(new_page: Callable[..., Page], screenshot: Callable[..., Path]) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/")
    page.get_by_label(EN["sc_country_label"]).select_option("FR")
    go(page, page.get_by_role("button", name=EN["sc_start_button"]))
    go(page, page.get_by_role("radio", name="None of these", exact=True))
    go(page, page.get_by_role("radio", name=EN["sc_yes"], exact=True))  # saddle numbness
    result = page.get_by_role("heading", level=1)
    expect(result).to_have_text(EN["sc_level_emergency"])
    start_again = page.get_by_role("link", name=EN["sc_start_again"])
    expect(start_again).to_be_visible()
    page.emulate_media(media="print")
    expect(result).to_be_visible()
    expect(start_again).to_be_hidden()  # the on-screen actions are not printed
    expect(page.get_by_role("heading", name=EN["sc_doctor_title"])).to_be_visible()
    screenshot(page, "selfcheck-result-print")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert 1 <= pages <= 4, f"the printed result takes {pages} pages"
    page.emulate_media(media="screen")
    expect(start_again).to_be_visible()


# --- the clinician page ------------------------------------------------------------------------


def clinician_level(page: Page) -> str:
    return str(page.locator("#result .cl-panel").get_attribute("data-level"))


def set_grade(page: Page, muscle: str, grade: str, side: str = "left") -> None:
    """Clicks an MRC grade's segmented button (the label a clinician clicks)."""
    group = page.get_by_role("group", name=f"{EN['cl_m_' + muscle]}, {EN['cl_side_' + side]}")
    group.locator("label").filter(has_text=re.compile(f"^{grade}$")).click()


def grade_of(page: Page, muscle: str, side: str = "left") -> str:
    checked = page.locator(f'input[name="exam.strength.{side}.{muscle}"]:checked')
    return str(checked.get_attribute("value"))


def test_clinician_live_update(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/clinician?example=paralysing-l5-contract")
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["cl_title"])
    before = clinician_level(page)
    result = page.locator("#result")
    expect(result).to_contain_text("L5")
    screenshot(page, "clinician-example-l5")

    page.evaluate("window.__no_reload = true")  # gone if the page reloads
    status = page.get_by_role("status")
    old_status = status.inner_text()
    # the paralysed muscles recover to full strength: no paralysing deficit any more
    for muscle in ("ankle_dorsiflexion", "great_toe_extension", "hip_abduction"):
        set_grade(page, muscle, "5")
    expect(result.locator(".cl-panel")).not_to_have_attribute("data-level", before, timeout=5000)
    assert page.evaluate("window.__no_reload === true"), "the result must update without a reload"
    expect(status).not_to_have_text(old_status)
    after = clinician_level(page)
    assert after != before
    screenshot(page, "clinician-recomputed")

    # a grade set back brings the first result back
    set_grade(page, "ankle_dorsiflexion", "2")
    set_grade(page, "great_toe_extension", "1")
    set_grade(page, "hip_abduction", "4")
    expect(result.locator(".cl-panel")).to_have_attribute("data-level", before, timeout=5000)


def test_clinician_form_without_javascript(new_page: Callable[..., Page]) -> None:
    page = new_page(js=False, viewport=DESKTOP)
    page.goto("/clinician?example=paralysing-l5-contract")
    before = clinician_level(page)
    for muscle in ("ankle_dorsiflexion", "great_toe_extension", "hip_abduction"):
        set_grade(page, muscle, "5")  # radio buttons need no script
    go(page, page.get_by_role("button", name=EN["cl_assess"], exact=True))
    assert clinician_level(page) != before
    # the submitted values are kept in the form
    assert grade_of(page, "ankle_dorsiflexion") == "5"


def test_clinician_refused_field_is_named(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/clinician")
    age = page.get_by_label(EN["cl_f_age"], exact=True)
    age.fill("400")
    age.blur()
    expect(page.get_by_role("status")).to_have_text(EN["cl_status_refused"], timeout=5000)
    expect(age).to_have_attribute("aria-invalid", "true")


def test_referral_report_is_one_pdf_page(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/clinician?example=follow-up-worsening")
    go(page, page.get_by_role("button", name=EN["cl_make_report"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["cl_report_title"])
    screenshot(page, "referral-report-screen")
    page.emulate_media(media="print")
    screenshot(page, "referral-report-print")
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS.parent / "referral-report.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1, (
        f"the referral report prints on {len(reader.pages)} pages; it must fit on one"
    )
    assert EN["cl_report_title"].split(":")[0] in text
    assert "L5" in text


def test_referral_report_longest_example_is_one_page(new_page: Callable[..., Page]) -> None:
    """Every packaged clinician example, in both languages, fits on one A4 page."""
    page = new_page(viewport=DESKTOP)
    failures = []
    for lang in ("en", "fr"):
        for example in (
            "paralysing-l5-contract",
            "follow-up-worsening",
            "peroneal-palsy",
            "s1-sensory-radiculopathy",
            "pain-only-sciatica",
        ):
            page.goto(f"/clinician?example={example}&lang={lang}")
            go(page, page.get_by_role("button", name=T[lang]["cl_make_report"]))
            pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            if pages != 1:
                failures.append(f"{example} ({lang}): {pages} pages")
    assert not failures, "referral reports longer than one page: " + ", ".join(failures)


# --- accessibility -----------------------------------------------------------------------------


def test_accessibility_clinician(
    new_page: Callable[..., Page], axe_audit: Callable[..., Any]
) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/clinician?example=paralysing-l5-contract")
    axe_audit(page, "clinician-example")
    go(page, page.get_by_role("button", name=EN["cl_make_report"]))
    axe_audit(page, "referral-report")


def test_referral_report_without_javascript(new_page: Callable[..., Page]) -> None:
    """Without the script the report still opens; its Print button, which needs the script, is
    not shown (the browser's own print still works)."""
    page = new_page(js=False, viewport=DESKTOP)
    page.goto("/clinician?example=paralysing-l5-contract")
    go(page, page.get_by_role("button", name=EN["cl_make_report"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["cl_report_title"])
    expect(page.get_by_role("button", name=EN["cl_print"])).to_be_hidden()
