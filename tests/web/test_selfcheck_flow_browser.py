"""The self-check on `sciatica.flow` in the real browser (Playwright on Debian's Chromium, phone
viewport unless said): each emergency red flag reaches the emergency result within two answers of
the answer that revealed it; the browser's Back lands on the previous question with its answer;
"I don't know" to saddle numbness twice; stopping early; France's 114 as an sms: link; without
JavaScript; axe-core on the start, question, error, result and stop-early pages. Screenshots of
each result page go to test-artifacts/screenshots/.

Selectors are roles and labels with the words from the app's catalogues (web/strings.yaml and
`flow.shown`), plus the form contract (`input[name=field]`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sciatica import flow
from sciatica.web.i18n import translator
from tests.test_flow import benign

from .conftest import DESKTOP

EN, FR = translator("en"), translator("fr")
T = {"en": EN, "fr": FR}


def go(page: Page, control: Any) -> None:
    """Click a link or a submit button and wait for the new page."""
    with page.expect_navigation():
        control.click()


class SelfCheck:
    """Reads the question on screen, answers it by its label, until the result."""

    def __init__(self, page: Page, *, js: bool = True, lang: str = "en") -> None:
        self.page = page
        self.js = js
        self.lang = lang
        self.asked: list[str] = []

    def start(self, country: str | None = None) -> None:
        self.page.goto("/")
        if country:
            self.page.get_by_label(T[self.lang]["sc_country_label"]).select_option(label=country)
        go(self.page, self.page.get_by_role("button", name=T[self.lang]["sc_start_button"]))

    def field(self) -> str | None:
        hidden = self.page.locator('form input[type="hidden"][name="field"]')
        return hidden.get_attribute("value") if hidden.count() else None

    def answer(self, value: Any) -> None:
        page, field = self.page, self.field()
        assert field is not None, "not on a question page"
        shown = flow.shown(field, self.lang)
        assert page.locator("h1").count() == 1
        expect(page.get_by_role("progressbar")).to_have_count(1)
        expect(page.get_by_text("of about")).to_have_count(0)
        self.asked.append(field)
        t = T[self.lang]
        if shown.kind == "number" and not shown.options:
            if value is None:
                go(page, page.get_by_role("button", name=t["sc_unknown"], exact=True))
            else:
                page.get_by_role("textbox").fill(str(value))
                go(page, page.get_by_role("button", name=t["sc_next"], exact=True))
            return
        label = (
            t["sc_unknown"]
            if value is None
            else next(o.label for o in shown.options if o.value == value)
        )
        radio = page.get_by_role("radio", name=label, exact=True)
        if self.js:
            with page.expect_navigation():  # a tap on a choice goes on by itself
                radio.click()
        else:
            radio.check()
            go(page, page.get_by_role("button", name=t["sc_next"], exact=True))

    def run(self, answers: dict[str, Any], limit: int = 40) -> None:
        for _ in range(limit):
            field = self.field()
            if field is None:
                return
            value = answers[field] if field in answers else benign(field)
            self.answer(value)
        raise AssertionError(f"still asking after {limit} questions: {self.asked}")


def headline(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


RED_FLAGS = {
    "stroke": (
        {"screen.call_now": True, "symptoms.speech_difficulty": True},
        "screen.call_now",
    ),
    "saddle": ({"symptoms.saddle_numbness": True}, "symptoms.saddle_numbness"),
    "bladder-retention": ({"symptoms.bladder": "retention"}, "symptoms.bladder"),
    "cannot-move": (
        {
            "symptoms.leg_pain": "left",
            "symptoms.weakness": "left",
            "screen.motor": True,
            "symptoms.complete_paralysis": "left",
            "history.weakness_days": 1,
        },
        "symptoms.complete_paralysis",
    ),
    "both-legs": (
        {"symptoms.leg_pain": "left", "symptoms.weakness": "both", "history.symptom_days": 1},
        "symptoms.weakness",
    ),
}


@pytest.mark.parametrize("flag", list(RED_FLAGS))
def test_each_red_flag_reaches_the_emergency_within_two_answers(
    new_page: Callable[..., Page], screenshot: Callable[..., Path], flag: str
) -> None:
    answers, revealing = RED_FLAGS[flag]
    page = new_page()
    walk = SelfCheck(page)
    walk.start(country="United Kingdom")
    walk.run(answers)
    expect(headline(page)).to_have_text(EN["sc_level_emergency"])
    after = len(walk.asked) - 1 - walk.asked.index(revealing)
    assert after <= 2, walk.asked
    call = page.get_by_role("link", name=EN["sc_call"].format(number="999 (emergency services)"))
    expect(call).to_be_visible()
    assert call.get_attribute("href") == "tel:999"
    # the clinician work-up is only in the doctor's summary
    expect(page.get_by_role("heading", name=EN["sc_doctor_title"])).to_be_visible()
    screenshot(page, f"selfcheck-flow-result-{flag}")


def test_browser_back_lands_on_the_previous_question(new_page: Callable[..., Page]) -> None:
    page = new_page()
    walk = SelfCheck(page)
    walk.start()
    walk.answer(False)  # the stroke screen: none of these
    walk.answer(False)  # saddle numbness: no
    third = walk.field()
    page.go_back()
    assert walk.field() == "symptoms.saddle_numbness", "no Confirm Form Resubmission"
    expect(page.get_by_role("radio", name=EN["sc_no"], exact=True)).to_be_checked()
    page.go_back()
    assert walk.field() == "screen.call_now"
    expect(page.get_by_role("radio", name="None of these", exact=True)).to_be_checked()
    page.go_forward()
    page.go_forward()
    assert walk.field() == third
    page.reload()  # a reload is a GET too
    assert walk.field() == third
    # the page's own Back link
    go(page, page.get_by_role("link", name=EN["sc_back"], exact=True))
    assert walk.field() == "symptoms.saddle_numbness"


def test_unsure_path(new_page: Callable[..., Page], screenshot: Callable[..., Path]) -> None:
    page = new_page()
    walk = SelfCheck(page)
    walk.start(country="United Kingdom")
    walk.answer(False)
    walk.answer(None)  # saddle numbness: I don't know
    assert walk.field() == "symptoms.saddle_numbness"
    expect(page.get_by_text(EN["sc_simpler_note"])).to_be_visible()
    simpler = flow.shown("symptoms.saddle_numbness", "en", simpler=True).text
    expect(headline(page)).to_have_text(simpler)
    screenshot(page, "selfcheck-flow-question-simpler")
    walk.answer(None)
    walk.run({"symptoms.leg_pain": "left"})
    expect(headline(page)).to_have_text(EN["sc_level_urgent"])
    screenshot(page, "selfcheck-flow-result-unsure")


def test_france_114_is_an_sms_link_and_15_the_primary(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page(locale="fr-FR")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    primary = page.get_by_role("link", name=FR["sc_call"].format(number="15 (SAMU)"))
    expect(primary).to_have_attribute("href", "tel:15")
    sms = page.get_by_role("link", name="114 par SMS (personnes sourdes ou malentendantes)")
    expect(sms).to_have_attribute("href", "sms:114")
    assert page.locator('a[href="tel:114"]').count() == 0
    screenshot(page, "selfcheck-flow-start-fr")
    # the numbers follow the country chosen (the script), still one primary
    page.get_by_label(FR["sc_country_label"]).select_option("GB")
    expect(page.locator("a.sc-call")).to_have_attribute("href", "tel:999")
    assert page.locator("a.sc-call").count() == 1


def test_without_javascript(new_page: Callable[..., Page], screenshot: Callable[..., Path]) -> None:
    page = new_page(js=False)
    page.goto("/")
    page.get_by_label(EN["sc_country_label"]).select_option("FR")
    go(page, page.get_by_role("button", name=EN["sc_show_numbers"]))
    expect(page.locator("a.sc-call")).to_have_attribute("href", "tel:15")
    walk = SelfCheck(page, js=False)
    go(page, page.get_by_role("button", name=EN["sc_start_button"]))
    # the error summary without the script
    go(page, page.get_by_role("button", name=EN["sc_next"], exact=True))
    expect(page.get_by_role("alert")).to_contain_text(EN["sc_error_choose"])
    assert page.title().startswith("Error: ")
    walk.run({"symptoms.saddle_numbness": True})
    expect(headline(page)).to_have_text(EN["sc_level_emergency"])
    expect(page.locator('a[href="sms:114"]')).to_have_count(1)
    # start again asks first
    go(page, page.get_by_role("link", name=EN["sc_start_again"]))
    expect(headline(page)).to_have_text(EN["sc_restart_title"])
    go(page, page.get_by_role("link", name=EN["sc_restart_cancel"]))
    expect(headline(page)).to_have_text(EN["sc_level_emergency"])


def test_error_summary_is_focused(
    new_page: Callable[..., Page], axe_audit: Callable[..., Any]
) -> None:
    page = new_page()
    SelfCheck(page).start()
    go(page, page.get_by_role("button", name=EN["sc_next"], exact=True))
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    go_first = summary.get_by_role("link")
    go_first.click()
    expect(page.locator("#sc-answer-0")).to_be_in_viewport()
    axe_audit(page, "flow-question-error")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_accessibility(
    new_page: Callable[..., Page],
    axe_audit: Callable[..., Any],
    screenshot: Callable[..., Path],
    lang: str,
) -> None:
    page = new_page(locale="fr-FR" if lang == "fr" else "en-GB")
    page.goto("/")
    axe_audit(page, f"flow-start-{lang}")
    walk = SelfCheck(page, lang=lang)
    go(page, page.get_by_role("button", name=T[lang]["sc_start_button"]))
    axe_audit(page, f"flow-question-screen-{lang}")
    walk.answer(False)
    axe_audit(page, f"flow-question-{lang}")
    # stop early: no headline, the warning signs and the number
    go(page, page.get_by_role("link", name=T[lang]["sc_result_now"]))
    expect(headline(page)).to_have_text(T[lang]["sc_no_result_title"].replace("\u202f", " "))
    assert page.locator(".level-banner").count() == 0
    axe_audit(page, f"flow-stop-early-{lang}")
    screenshot(page, f"selfcheck-flow-stop-early-{lang}")
    go(page, page.get_by_role("link", name=T[lang]["sc_continue"]))
    walk.run({"symptoms.leg_pain": "left"})
    expect(page.locator(".level-banner")).to_have_count(1)
    axe_audit(page, f"flow-result-{lang}")
    screenshot(page, f"selfcheck-flow-result-self-care-{lang}")


def test_desktop_result_and_tell_us_more(
    new_page: Callable[..., Page], screenshot: Callable[..., Path], axe_audit: Callable[..., Any]
) -> None:
    page = new_page(viewport=DESKTOP)
    walk = SelfCheck(page)
    walk.start(country="France")
    foot_drop = {
        "symptoms.leg_pain": "left",
        "symptoms.weakness": "left",
        "screen.motor": True,
        "symptoms.foot_drop": "left",
    }
    walk.run(foot_drop)
    level = headline(page).inner_text()
    screenshot(page, "selfcheck-flow-result-foot-drop-desktop")
    axe_audit(page, "flow-result-foot-drop")
    go(page, page.get_by_role("button", name=EN["sc_more_button"]))
    expect(page.get_by_text(EN["sc_optional_note"])).to_be_visible()
    walk.answer(benign(str(walk.field())))
    go(page, page.get_by_role("link", name=EN["sc_result_now"]))
    expect(headline(page)).to_have_text(level)
