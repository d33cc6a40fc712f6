"""The referral letter in a real browser: from the clinician page to the letter form, a refused
date, the letter on a desktop and on a phone, and an axe-core audit of every page of the way.
Screenshots go to test-artifacts/screenshots/ (referral-*.png)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from sciatica.web.i18n import translator

from .conftest import DESKTOP, MOBILE

EN = translator("en")
TYPED = {
    "ref_f_name": "Jane Quentin-Doe",
    "ref_f_number": "943 476 5919",
    "ref_f_referrer": "Dr Amal Smith",
    "ref_f_role": "General practitioner",
    "ref_f_contact": "01632 960 123",
    "ref_f_team": "Spinal surgery on call",
    "ref_f_question": "Please assess for urgent decompression of the left L5 root.",
    "ref_f_medication": "Naproxen 500 mg twice daily",
}


def go(page: Page, control: Any) -> None:
    with page.expect_navigation():
        control.click()


def open_letter_form(page: Page) -> None:
    page.goto("/clinician?example=paralysing-l5-contract")
    go(page, page.get_by_role("button", name=EN["ref_button"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["ref_form_title"])


def test_the_letter_from_the_clinician_page(
    new_page: Callable[..., Page], axe_audit: Callable[..., Any], screenshot: Callable[..., Path]
) -> None:
    for name, viewport in (("desktop", DESKTOP), ("phone", MOBILE)):
        page = new_page(viewport=viewport)
        open_letter_form(page)
        for key, value in TYPED.items():
            page.get_by_label(EN[key], exact=False).first.fill(value)
        page.get_by_label(EN["ref_f_birth"]).fill("2999-01-01")  # refused: in the future
        screenshot(page, f"referral-form-{name}")
        axe_audit(page, f"referral-form-{name}")
        go(page, page.get_by_role("button", name=EN["ref_show"]))
        expect(page).to_have_title(f"Error: {EN['ref_form_title']} · {EN['app_name']}")
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Date of birth must be in the past")
        expect(page.get_by_label(EN["ref_f_name"])).to_have_value(TYPED["ref_f_name"])
        screenshot(page, f"referral-form-error-{name}")
        axe_audit(page, f"referral-form-error-{name}")
        page.get_by_label(EN["ref_f_birth"]).fill("1978-03-21")
        go(page, page.get_by_role("button", name=EN["ref_show"]))
        expect(page.get_by_role("heading", level=1)).to_have_text(EN["ref_letter_title"])
        expect(page.locator("main")).to_contain_text("Jane Quentin-Doe")
        expect(page.locator("main")).to_contain_text(TYPED["ref_f_question"])
        expect(page.get_by_role("button", name=EN["cl_print"])).to_be_visible()
        # the letter never makes the page scroll sideways on a phone
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name}: the letter is {width} px wide"
        screenshot(page, f"referral-letter-{name}")
        axe_audit(page, f"referral-letter-{name}")


def test_the_clinician_result_and_report_pass_axe(
    new_page: Callable[..., Page], axe_audit: Callable[..., Any]
) -> None:
    """The result panel and report changed (rule titles, root legend, the letter button)."""
    page = new_page(viewport=DESKTOP)
    page.goto("/clinician?example=follow-up-worsening")
    expect(page.get_by_role("button", name=EN["ref_button"])).to_be_visible()
    axe_audit(page, "clinician-result-words")
    go(page, page.get_by_role("button", name=EN["cl_make_report"]))
    expect(page.get_by_role("button", name=EN["ref_button"])).to_be_visible()
    axe_audit(page, "report-words")
