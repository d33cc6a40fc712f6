"""The education pages in the real browser (Playwright on Debian's Chromium, phone viewport):
axe-core finds nothing serious or critical on the index and two topics (the roots drawings and the
corrected claims) in both languages, the language follows the browser, the index links reach a
topic, and the print stylesheet hides the navigation and the country chooser. Screenshots go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sciatica.web.i18n import translator
from sciatica.web.pages.learn_content import load_learn
from tests.browser import DESKTOP


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_learn_pages_accessibility(
    new_page: Callable[..., Page],
    axe_audit: Callable[..., Any],
    screenshot: Callable[..., Path],
    lang: str,
) -> None:
    t = translator(lang)
    page = new_page(locale="fr-FR" if lang == "fr" else "en-GB")
    page.goto("/learn")  # no ?lang=: the browser's language decides
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_count(1)
    expect(
        page.get_by_role("heading", name=t["learn_help_title"].replace("\u202f", " "))
    ).to_be_visible()
    axe_audit(page, f"learn-index-{lang}")
    screenshot(page, f"learn-index-{lang}")
    roots = load_learn().topic("roots")
    assert roots is not None
    with page.expect_navigation():
        page.get_by_role("link", name=getattr(roots.title, lang), exact=True).click()
    assert page.url.split("?")[0].endswith("/learn/roots")
    expect(page.locator("svg.legs-svg")).to_have_count(5)
    axe_audit(page, f"learn-roots-{lang}")
    screenshot(page, f"learn-roots-{lang}")
    page.goto(f"/learn/claims?lang={lang}")
    claims = load_learn().topic("claims")
    assert claims is not None
    expect(page.locator(".learn-mark-claim")).to_have_count(len(claims.statements()))
    axe_audit(page, f"learn-claims-{lang}")


def test_learn_prints_without_navigation(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/learn/treatments?lang=en")
    expect(page.locator(".site-header nav")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.locator(".learn-country-form")).to_be_hidden()
    expect(page.locator(".learn-help")).to_be_visible()  # the seek-help box prints
    expect(page.locator(".learn-cited")).to_be_visible()
    screenshot(page, "learn-treatments-print-en")
