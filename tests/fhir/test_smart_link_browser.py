"""The SMART link of a real CDS card, opened in Chromium: the clinician page fills its form from the
`#case=` fragment (through the server), shows the result, and clears the fragment."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from sciatica import assess
from sciatica.web.api.cds_hooks import CdsSettings
from sciatica.web.pages.clinician_form import case_from_form, prefill_words, values_from_case
from tests.browser import DESKTOP, serve_app

from .conftest import example
from .test_cds_hooks import Harness, only_card, request_for

EN = prefill_words("en")


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    """The real application under uvicorn (the `new_page` fixture opens pages on it)."""
    with serve_app() as base:
        yield base


def card_link(name: str) -> tuple[str, dict[str, Any]]:
    """The SMART link of the card the CDS service gives for an example, and its case."""
    harness = Harness(CdsSettings(require_jwt=False))
    with harness.client:
        card = only_card(harness.call(request_for(example(name))))
    (link,) = card["links"]
    return str(link["url"]), json.loads(link["appContext"])


def control(page: Page, path: str) -> Locator:
    """The control holding a field's value: the checked radio of a segmented group (MRC grades,
    short choices; issue 14), else the select or input itself."""
    if page.locator(f'input[type="radio"][name="{path}"]').count():
        return page.locator(f'input[type="radio"][name="{path}"]:checked')
    return page.locator("#f-" + path.replace(".", "-"))


def test_a_cds_card_link_opens_the_page_filled_in(
    new_page: Callable[..., Page],
    live_server: str,
    screenshot: Callable[..., Path],
    axe_audit: Callable[..., Any],
) -> None:
    url, case = card_link("paralysing-l5-contract")
    assert url.startswith("http://testserver/clinician#case=")
    page = new_page(viewport=DESKTOP)
    page.goto(url.replace("http://testserver", live_server))

    notice = page.locator("#cl-prefill")
    expect(notice).to_contain_text(EN["done"])
    expect(notice).to_contain_text("previous.symptoms.weakness")  # no field for it: named
    values = values_from_case(case)
    for path in (
        "exam.strength.left.ankle_dorsiflexion",
        "exam.strength.left.great_toe_extension",
        "symptoms.leg_pain",
        "history.weakness_days",
        "previous.days_ago",
    ):
        expect(control(page, path)).to_have_value(values[path])
    held, _ = case_from_form(values, "en")
    expected = assess(held)
    panel = page.locator("#result .cl-panel")
    expect(panel).to_have_attribute("data-level", expected.triage.level)
    expect(page.locator("#result")).to_contain_text(expected.roots[0].root)
    assert page.evaluate("window.location.hash") == ""  # not left in the address bar
    assert "case=" not in page.url
    screenshot(page, "clinician-smart-link")

    # the filled form is live: a change recomputes the result without a reload
    for muscle in ("ankle_dorsiflexion", "great_toe_extension", "hip_abduction"):
        page.locator(f'label[for="f-exam-strength-left-{muscle}-5"]').click()  # an MRC button
    expect(panel.first).not_to_have_attribute("data-level", expected.triage.level, timeout=5000)
    axe_audit(page, "clinician-smart-link")  # the notice included


def test_a_malformed_link_says_so_and_leaves_the_form_usable(
    new_page: Callable[..., Page], live_server: str
) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server}/clinician#case=this-is-not*base64")
    message = EN["failed"].format(reason=EN["encoding"])
    expect(page.locator("#cl-prefill")).to_have_text(message)
    assert page.evaluate("window.location.hash") == ""
    expect(control(page, "exam.strength.left.ankle_dorsiflexion")).to_have_value("")
    # the empty form still works
    age = page.locator("#f-patient-age")
    age.fill("400")
    age.blur()
    expect(page.locator("#result .cl-refused")).to_be_visible(timeout=5000)
