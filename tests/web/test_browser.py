"""Browser tests: Playwright driving Debian's Chromium against the real app served by uvicorn.

The whole self-check down an emergency path (with and without JavaScript) and a self-care path,
the language switch, the result's print view, the clinician form's live recomputation, the
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

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from sciatica.knowledge.schema import Question
from sciatica.selfcheck import self_check_questions
from sciatica.web.i18n import translator

from .conftest import ARTIFACTS, DESKTOP

QUESTIONS: dict[str, Question] = {q.field: q for q in self_check_questions()}
EN, FR = translator("en"), translator("fr")
T = {"en": EN, "fr": FR}
NEGATIVE_NUMBERS = {
    "patient.age": 35,
    "history.symptom_days": 5,
    "history.weakness_days": 3,
    "history.previous_episodes": 0,
    "history.conservative_care_weeks": 0,
    "symptoms.pain_score": 3,
}
# the cauda equina path: three stroke/airway questions answered no, then saddle numbness yes
EMERGENCY = {"symptoms.saddle_numbness": True}
# pain down the left leg below the knee for five days, no red flag, no weakness
SELF_CARE = {
    "symptoms.leg_pain": "left",
    "symptoms.pain_below_knee": True,
    "symptoms.back_pain": True,
    "history.onset": "gradual",
    "symptoms.walking": "normal",
    "patient.sex": "female",
}


def negative(question: Question) -> Any:
    """The reassuring answer: no, neither leg, normal, or an ordinary number."""
    if question.answer == "yes_no":
        return False
    if question.answer == "side":
        return "none"
    if question.answer == "number":
        return NEGATIVE_NUMBERS[question.field]
    values = [c.value for c in question.choices or []]
    for value in ("normal", "gradual", "stable", "female"):
        if value in values:
            return value
    return values[0]


def option_label(question: Question, value: Any, lang: str) -> str:
    if value is None:
        return T[lang]["sc_unknown"]
    if question.answer == "yes_no":
        return T[lang]["sc_yes" if value else "sc_no"]
    for choice in question.choices or []:
        if choice.value == value:
            return str(getattr(choice.text, lang))
    raise AssertionError(f"{question.field} has no choice {value!r}")


def go(page: Page, control: Any) -> None:
    """Click a link or a submit button and wait for the new page."""
    with page.expect_navigation():
        control.click()


class SelfCheck:
    """Walks the self-check as a person would: reads the question on the screen, answers it with
    the control's label, and goes on until the result page."""

    def __init__(self, page: Page, *, js: bool, lang: str = "en", keys: bool = False) -> None:
        self.page = page
        self.js = js
        self.keys = keys  # choose with the digit keys and send with Enter (the script's shortcuts)
        self.lang = lang
        self.asked: list[str] = []

    @property
    def t(self) -> dict[str, str]:
        return T[self.lang]

    def start(self, country: str | None = None) -> None:
        self.page.goto("/")
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)
        if country:
            self.page.get_by_label(self.t["sc_country_label"]).select_option(label=country)
        go(self.page, self.page.get_by_role("button", name=self.t["sc_start_button"]))

    def field(self) -> str | None:
        """The case path of the question on screen, None when this is not a question page."""
        hidden = self.page.locator('form input[type="hidden"][name="field"]')
        return hidden.get_attribute("value") if hidden.count() else None

    def check_question_page(self, field: str) -> None:
        page, question = self.page, QUESTIONS[field]
        assert page.locator("h1").count() == 1, f"{field}: one h1 per page"
        text = str(getattr(question.text, self.lang))
        expect(page.get_by_role("heading", level=1)).to_have_text(text)
        progress = page.get_by_role("progressbar")
        expect(progress).to_have_count(1)
        step = len(self.asked) + 1
        expect(page.get_by_text(re.compile(rf"\b{step}\b.*\b\d+\b"))).not_to_have_count(0)
        assert int(progress.get_attribute("value") or 0) == step, field
        if step > 1:
            expect(page.get_by_role("button", name=self.t["sc_back"], exact=True)).to_be_visible()

    def answer(self, value: Any) -> None:
        page = self.page
        field = self.field()
        assert field is not None, "not on a question page"
        question = QUESTIONS[field]
        self.check_question_page(field)
        self.asked.append(field)
        next_button = page.get_by_role("button", name=self.t["sc_next"], exact=True)
        if question.answer == "number":
            if value is None:
                go(page, page.get_by_role("button", name=self.t["sc_unknown"], exact=True))
            else:
                page.get_by_role("textbox").fill(str(value))
                go(page, next_button)
        else:
            radio = page.get_by_role(
                "radio", name=option_label(question, value, self.lang), exact=True
            )
            if self.js and self.keys:
                index = page.get_by_role("radio").evaluate_all(
                    "(radios, value) => radios.findIndex(r => r.labels[0].innerText.trim()"
                    " === value)",
                    option_label(question, value, self.lang),
                )
                page.keyboard.press(str(index + 1))
                expect(radio).to_be_checked()
                with page.expect_navigation():
                    page.keyboard.press("Enter")
            elif self.js:
                with page.expect_navigation():  # a tap on a choice goes on by itself
                    radio.click()
            else:
                radio.check()
                go(page, next_button)

    def run(self, answers: dict[str, Any], limit: int = 80) -> None:
        for _ in range(limit):
            field = self.field()
            if field is None:
                return
            value = answers[field] if field in answers else negative(QUESTIONS[field])
            self.answer(value)
        raise AssertionError(f"still asking after {limit} questions: {self.asked}")


def result_heading(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def tel_links(page: Page) -> list[str]:
    hrefs = page.locator('a[href^="tel:"]').evaluate_all("links => links.map(a => a.href)")
    return list(dict.fromkeys(str(h) for h in hrefs))


# --- the self-check ----------------------------------------------------------------------------


def test_selfcheck_emergency_path_with_javascript(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page()
    page.goto("/")
    # en-GB browser: the United Kingdom and its numbers are proposed first
    expect(page.get_by_label(EN["sc_country_label"])).to_have_value("GB")
    expect(page.get_by_role("link", name=EN["sc_call"].format(number="999"))).to_be_visible()
    page.get_by_label(EN["sc_country_label"]).select_option(label="France")
    # the script makes the call links follow the country at once
    expect(page.get_by_role("link", name=EN["sc_call"].format(number="15"))).to_have_attribute(
        "href", "tel:15"
    )
    screenshot(page, "selfcheck-start-en")
    go(page, page.get_by_role("button", name=EN["sc_start_button"]))

    walk = SelfCheck(page, js=True)
    screenshot(page, "selfcheck-question-1")
    walk.answer(False)  # face or arm
    # back returns to the first question with the same words
    go(page, page.get_by_role("button", name=EN["sc_back"], exact=True))
    walk.asked.pop()
    assert walk.field() == "symptoms.face_or_arm_symptoms"
    walk.run(EMERGENCY)

    assert walk.asked == [
        "symptoms.face_or_arm_symptoms",
        "symptoms.speech_difficulty",
        "symptoms.breathing_or_swallowing_difficulty",
        "symptoms.saddle_numbness",
    ], "red-flag questions first, and stop as soon as the emergency is certain"
    expect(result_heading(page)).to_contain_text("Emergency")
    expect(page.get_by_text(EN["sc_stopped_early"])).to_be_visible()
    assert tel_links(page)[:3] == ["tel:15", "tel:112", "tel:114"]
    expect(page.get_by_role("link", name=EN["sc_call"].format(number="15")).first).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()  # the legs drawing
    assert page.locator("h1").count() == 1
    screenshot(page, "selfcheck-result-emergency-js")


def test_selfcheck_emergency_path_without_javascript(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page(js=False)
    walk = SelfCheck(page, js=False)
    walk.start(country="France")
    walk.run(EMERGENCY)
    assert len(walk.asked) == 4
    expect(result_heading(page)).to_contain_text("Emergency")
    assert tel_links(page)[:3] == ["tel:15", "tel:112", "tel:114"]
    # the print button needs the script, so without it the printable version is a plain form post
    expect(page.get_by_role("button", name=EN["sc_print"], exact=True)).to_be_hidden()
    go(page, page.get_by_role("button", name=EN["sc_print_view"]))
    expect(result_heading(page)).to_contain_text("Emergency")
    screenshot(page, "selfcheck-result-emergency-nojs")


def test_selfcheck_self_care_path(
    new_page: Callable[..., Page], screenshot: Callable[..., Path], axe_audit: Callable[..., Any]
) -> None:
    page = new_page()
    walk = SelfCheck(page, js=True, keys=True)
    walk.start(country="United Kingdom")
    walk.run(SELF_CARE)
    expect(result_heading(page)).to_contain_text("Self-care")
    assert len(walk.asked) >= 30, walk.asked
    # adaptive: no weakness, so neither when it began nor how it is changing was asked
    assert "history.weakness_days" not in walk.asked
    assert "history.weakness_course" not in walk.asked
    assert walk.asked.index("symptoms.saddle_numbness") < walk.asked.index("symptoms.leg_pain")
    # the drawing shows the left leg with symptoms, and says so in words
    drawing = page.locator("svg[role=img]").first
    expect(drawing).to_be_visible()
    expect(page.locator(".sc-drawing")).to_contain_text(EN["sc_legs_left_leg"])
    expect(page.get_by_role("heading", name=EN["sc_next_title"])).to_be_visible()
    assert "tel:999" in tel_links(page)  # the safety net still carries the numbers
    screenshot(page, "selfcheck-result-self-care")
    axe_audit(page, "result-self-care")


def test_selfcheck_keyboard_only(new_page: Callable[..., Page]) -> None:
    """Digit keys pick a choice and Enter sends it; focus starts on the question."""
    page = new_page()
    walk = SelfCheck(page, js=True)
    walk.start()
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.keyboard.press("2")  # the second choice: No
    expect(page.get_by_role("radio", name=EN["sc_no"], exact=True)).to_be_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert walk.field() == "symptoms.speech_difficulty"


def test_language_switch(new_page: Callable[..., Page], screenshot: Callable[..., Path]) -> None:
    page = new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    go(page, page.get_by_role("link", name="Français"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Auto-évaluation de la sciatique")
    screenshot(page, "selfcheck-start-fr")

    # French is remembered: the flow goes on in French
    walk = SelfCheck(page, js=True, lang="fr")
    go(page, page.get_by_role("button", name=FR["sc_start_button"]))
    walk.answer(False)
    question = QUESTIONS["symptoms.speech_difficulty"]
    expect(page.get_by_role("heading", level=1)).to_have_text(question.text.fr)
    expect(page.get_by_text(re.compile(r"Question 2 sur"))).to_be_visible()

    # switch mid-flow: same question, same step, now in English, answers kept
    go(page, page.get_by_role("button", name="English"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(question.text.en)
    expect(page.get_by_text(re.compile(r"Question 2 of"))).to_be_visible()
    walk.lang = "en"
    walk.run({**EMERGENCY})
    expect(result_heading(page)).to_contain_text("Emergency")

    # and the result page switches back to French
    go(page, page.get_by_role("button", name="Français"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(result_heading(page)).to_contain_text("Urgence")
    screenshot(page, "selfcheck-result-emergency-fr")


def test_result_print_view(new_page: Callable[..., Page], screenshot: Callable[..., Path]) -> None:
    page = new_page(viewport=DESKTOP)
    walk = SelfCheck(page, js=True)
    walk.start(country="France")
    walk.run(EMERGENCY)
    start_again = page.get_by_role("link", name=EN["sc_start_again"])
    expect(start_again).to_be_visible()
    page.emulate_media(media="print")
    expect(result_heading(page)).to_be_visible()
    expect(start_again).to_be_hidden()  # the on-screen actions are not printed
    expect(page.get_by_role("button", name="Français")).to_be_hidden()
    expect(page.get_by_text(EN["sc_answers_title"]).first).to_be_attached()
    screenshot(page, "selfcheck-result-print")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert 1 <= pages <= 3, f"the printed result takes {pages} pages"
    page.emulate_media(media="screen")
    expect(start_again).to_be_visible()


# --- the clinician page ------------------------------------------------------------------------


def clinician_level(page: Page) -> str:
    return str(page.locator("#result .cl-panel").get_attribute("data-level"))


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
    for muscle in ("ankle_dorsiflexion", "great_toe_extension"):
        name = f"{EN['cl_m_' + muscle]}, {EN['cl_side_left']}"
        page.get_by_label(name, exact=True).select_option("5")
    page.get_by_label(
        f"{EN['cl_m_hip_abduction']}, {EN['cl_side_left']}", exact=True
    ).select_option("5")
    expect(result.locator(".cl-panel")).not_to_have_attribute("data-level", before, timeout=5000)
    assert page.evaluate("window.__no_reload === true"), "the result must update without a reload"
    expect(status).not_to_have_text(old_status)
    after = clinician_level(page)
    assert after != before
    screenshot(page, "clinician-recomputed")

    # a grade set back brings the first result back
    page.get_by_label(
        f"{EN['cl_m_ankle_dorsiflexion']}, {EN['cl_side_left']}", exact=True
    ).select_option("2")
    page.get_by_label(
        f"{EN['cl_m_great_toe_extension']}, {EN['cl_side_left']}", exact=True
    ).select_option("1")
    page.get_by_label(
        f"{EN['cl_m_hip_abduction']}, {EN['cl_side_left']}", exact=True
    ).select_option("4")
    expect(result.locator(".cl-panel")).to_have_attribute("data-level", before, timeout=5000)


def test_clinician_form_without_javascript(new_page: Callable[..., Page]) -> None:
    page = new_page(js=False, viewport=DESKTOP)
    page.goto("/clinician?example=paralysing-l5-contract")
    before = clinician_level(page)
    for muscle in ("ankle_dorsiflexion", "great_toe_extension", "hip_abduction"):
        page.get_by_label(
            f"{EN['cl_m_' + muscle]}, {EN['cl_side_left']}", exact=True
        ).select_option("5")
    go(page, page.get_by_role("button", name=EN["cl_assess"], exact=True))
    assert clinician_level(page) != before
    # the submitted values are kept in the form
    expect(
        page.get_by_label(f"{EN['cl_m_ankle_dorsiflexion']}, {EN['cl_side_left']}", exact=True)
    ).to_have_value("5")


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


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_accessibility_selfcheck(
    new_page: Callable[..., Page], axe_audit: Callable[..., Any], lang: str
) -> None:
    page = new_page(locale="fr-FR" if lang == "fr" else "en-GB")
    page.goto("/")
    axe_audit(page, f"start-{lang}")
    walk = SelfCheck(page, js=True, lang=lang)
    go(page, page.get_by_role("button", name=T[lang]["sc_start_button"]))
    walk.answer(False)
    axe_audit(page, f"question-{lang}")
    walk.run(EMERGENCY)
    axe_audit(page, f"result-emergency-{lang}")


def test_accessibility_number_question_and_error(
    new_page: Callable[..., Page], axe_audit: Callable[..., Any]
) -> None:
    page = new_page()
    walk = SelfCheck(page, js=True)
    walk.start()
    stop_at = "history.weakness_days"
    answers = {"symptoms.weakness": "left"}
    while walk.field() != stop_at:
        field = walk.field()
        assert field is not None
        walk.answer(answers.get(field, negative(QUESTIONS[field])))
    page.get_by_role("textbox").fill("many")
    go(page, page.get_by_role("button", name=EN["sc_next"], exact=True))
    expect(page.get_by_role("alert")).to_be_visible()
    axe_audit(page, "question-number-error")


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
