"""The personal plan in the real browser (Playwright on Debian's Chromium, phone viewport): a
self-check ends on its result, the result links to the plan, the plan shows its sections and
drawings, axe-core finds nothing serious or critical, and the PDF downloads and reads back with the
plan's words; in English and French, for a pain-only and a weak-foot self-check. Screenshots go
to test-artifacts/screenshots/.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from sciatica.web.i18n import translator

from .conftest import DESKTOP
from .test_selfcheck_flow_browser import SelfCheck, go

PAIN_ONLY = {"symptoms.leg_pain": "left", "history.symptom_days": 4}
WEAK_FOOT = {
    "symptoms.leg_pain": "left",
    "symptoms.weakness": "left",
    "screen.motor": True,
    "symptoms.cannot_heel_walk": "left",
    "history.weakness_days": 8,
}


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def open_plan(page: Page, answers: dict[str, Any], lang: str) -> None:
    t = translator(lang)
    walk = SelfCheck(page, lang=lang)
    walk.start(country="United Kingdom" if lang == "en" else "France")
    walk.run(answers)
    expect(page.locator(".level-banner")).to_have_count(1)
    go(page, page.get_by_role("link", name=t["plan_open"], exact=True))
    assert page.url.split("?")[0].endswith("/plan")
    expect(page.get_by_role("heading", level=1)).to_have_text(t["plan_title"])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("who", ["pain-only", "weak-foot"])
def test_a_self_check_ends_on_a_plan_that_prints_as_a_pdf(
    new_page: Callable[..., Page],
    axe_audit: Callable[..., Any],
    screenshot: Callable[..., Path],
    lang: str,
    who: str,
) -> None:
    t = translator(lang)
    page = new_page(locale="fr-FR" if lang == "fr" else "en-GB")
    open_plan(page, PAIN_ONLY if who == "pain-only" else WEAK_FOOT, lang)
    expect(page.get_by_role("heading", name=plain(t["plan_first_title"]))).to_be_visible()
    drawings = page.locator("img.plan-drawing")
    assert drawings.count() >= 2
    for i in range(drawings.count()):  # every drawing loaded, with words for a screen reader
        assert drawings.nth(i).get_attribute("alt")
        assert drawings.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    heel = page.locator('[data-statement="weakness-heel-walk"]')
    expect(heel).to_have_count(1 if who == "weak-foot" else 0)
    no_overflow = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_overflow), "the plan scrolls sideways on a phone"
    screenshot(page, f"plan-{who}-{lang}")
    axe_audit(page, f"plan-{who}-{lang}")

    with page.expect_download() as caught:
        page.get_by_role("link", name=t["plan_pdf"]).click()
    pdf = PdfReader(io.BytesIO(Path(caught.value.path()).read_bytes()))
    assert 1 <= len(pdf.pages) <= 2, f"{len(pdf.pages)} A4 pages"
    words = plain(" ".join(p.extract_text() for p in pdf.pages))
    assert plain(t["plan_title"]) in words
    assert plain(t["disclaimer"]) in words
    heel_words = {"en": "walk 5 steps on your heels", "fr": "faites 5 pas sur les talons"}[lang]
    assert (heel_words in words) == (who == "weak-foot")


def test_the_plan_prints_without_its_buttons(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page(viewport=DESKTOP)
    open_plan(page, PAIN_ONLY, "en")
    expect(page.locator(".plan-actions")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".plan-actions")).to_be_hidden()
    expect(page.locator(".site-header nav")).to_be_hidden()
    screenshot(page, "plan-print-en")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_start_back_group_changes_the_plan(
    new_page: Callable[..., Page],
    axe_audit: Callable[..., Any],
    screenshot: Callable[..., Path],
    lang: str,
) -> None:
    t = translator(lang)
    page = new_page(locale="fr-FR" if lang == "fr" else "en-GB")
    open_plan(page, PAIN_ONLY, lang)
    expect(page.locator('[data-statement="support-unknown"]')).to_have_count(1)
    go(page, page.get_by_role("button", name=t["plan_sb_submit"]))  # nothing chosen: still fine
    page.get_by_role("radio", name=t["plan_sb_medium"]).check()
    go(page, page.get_by_role("button", name=t["plan_sb_submit"]))
    expect(page.locator('[data-statement="support-raised"]')).to_have_count(1)
    expect(page.get_by_role("radio", name=t["plan_sb_medium"])).to_be_checked()
    screenshot(page, f"plan-startback-{lang}")
    axe_audit(page, f"plan-startback-{lang}")
    page.goto(f"/plan?lang={lang}&startback=nonsense")
    expect(page.locator("#sc-error-summary")).to_be_visible()
    axe_audit(page, f"plan-startback-error-{lang}")
