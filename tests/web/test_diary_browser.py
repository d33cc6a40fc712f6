"""The recovery diary in the real browser (Playwright on Debian's Chromium, phone viewport unless
said): after a self-check, three entries with rising leg pain and a new "both legs" answer give
the emergency result with the country's number; the entries survive a reload (localStorage) and
draw the chart and the table; the PDF export downloads and reads back with the entries; "forget"
empties the browser; without JavaScript the form still checks an entry; axe-core finds nothing
serious or critical in both languages. Screenshots go to test-artifacts/screenshots/.

Selectors are roles and labels with the words of web/diary.yaml and web/strings.yaml.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from playwright.sync_api import Page, expect

from sciatica.web.i18n import translator
from sciatica.web.pages.diary import diary_strings
from sciatica.web.pages.selfcheck import answer_label, question_label

from .conftest import DESKTOP
from .test_selfcheck_flow_browser import SelfCheck, go


def plain(text: str) -> str:
    """A typeset string as the accessibility tree reads it (narrow no-break spaces as spaces)."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def add_entry(page: Page, lang: str, **answers: Any) -> None:
    """Fill the entry form by its labels and save it."""
    d = {k: plain(v) for k, v in diary_strings(lang).items()}
    page.get_by_label(d["date"], exact=True).fill(answers["date"])
    legs = page.get_by_role("group", name=d["legs"])
    legs.get_by_role("radio", name=d[f"side_{answers['legs']}"], exact=True).check()
    page.get_by_label(d["leg_pain"]).fill(str(answers["leg_pain"]))
    page.get_by_label(d["back_pain"]).fill(str(answers["back_pain"]))
    weak = page.get_by_role("group", name=d["weak"])
    weak.get_by_role("radio", name=d["weak_none"], exact=True).check()
    for flag in ("saddle_numbness", "bladder", "bowel"):
        group = page.get_by_role("group", name=d[flag])
        group.get_by_role("radio", name=d[f"ans_{answers.get(flag, 'no')}"], exact=True).check()
    page.get_by_role("button", name=d["save"]).click()


def days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_rising_pain_and_both_legs_give_the_emergency_and_the_pdf_reads_back(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page()  # en-GB: the diary's numbers are the UK's
    d, t = diary_strings("en"), translator("en")
    check = SelfCheck(page)
    check.start(country="United Kingdom")
    check.run({})
    # the result leads to the plan (issue 15: self-check, plan, then the diary)
    go(page, page.get_by_role("link", name=t["plan_open"], exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t["plan_title"])
    page.go_back()
    go(page, page.get_by_role("link", name=d["diary_link"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(d["title"])

    weak_only = page.get_by_role("group", name=d["weak_only"])
    expect(weak_only).to_be_visible()
    page.get_by_role("group", name=d["weak"]).get_by_role("radio", name=d["weak_none"]).check()
    expect(weak_only).to_be_hidden()  # questions for a weak leg only when a leg is weak
    add_entry(page, "en", date=days_ago(14), legs="left", leg_pain=3, back_pain=2)
    result = page.locator("#diary-result")
    expect(result.get_by_role("heading", level=2)).to_be_visible()
    expect(result.get_by_role("heading", name=t["sc_level_emergency"])).to_have_count(0)
    add_entry(page, "en", date=days_ago(7), legs="left", leg_pain=5, back_pain=2)
    expect(page.locator("#diary-rows tr")).to_have_count(2)
    add_entry(page, "en", date=days_ago(0), legs="both", leg_pain=7, back_pain=3)

    emergency = result.get_by_role("heading", name=t["sc_level_emergency"], exact=True)
    expect(emergency).to_be_visible()
    expect(emergency).to_be_focused()
    expect(result.locator("a.sc-call")).to_have_attribute("href", "tel:999")
    expect(result.get_by_text(d["climbing"].format(first=3, last=7, days=14))).to_be_visible()
    screenshot(page, "diary-emergency-en")

    # kept in this browser: a reload draws the same three entries
    page.reload()
    expect(page.locator("#diary-rows tr")).to_have_count(3)
    expect(page.locator("#diary-chart svg circle.dot-leg")).to_have_count(3)
    expect(page.locator("#diary-rows tr").last).to_contain_text("7/10")

    with page.expect_download() as download:
        page.get_by_role("button", name=d["export_pdf"]).click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert d["pdf_title"] in text
    for n in (14, 7, 0):
        assert days_ago(n) in text
    assert "7/10" in text and "3/10" in text
    assert d["side_both"] in text

    with page.expect_download() as download:
        page.get_by_role("button", name=d["export_fhir"]).click()
    bundle = json.loads(Path(download.value.path()).read_text("utf-8"))
    assert bundle["resourceType"] == "Bundle"
    authored = [e["resource"]["authored"] for e in bundle["entry"]]
    assert authored == [days_ago(n) for n in (14, 7, 0)]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=d["forget_button"]).click()
    expect(page.locator("#diary-rows tr")).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text(d["forgotten"])
    assert page.evaluate("window.localStorage.getItem('sciatica-diary-v1')") is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_diary_accessibility(
    new_page: Callable[..., Page],
    axe_audit: Callable[..., Any],
    screenshot: Callable[..., Path],
    lang: str,
) -> None:
    page = new_page(locale="fr-FR" if lang == "fr" else "en-GB")
    page.goto("/diary")  # no ?lang=: the browser's language decides
    expect(page.locator("html")).to_have_attribute("lang", lang)
    d = diary_strings(lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(plain(d["title"]))
    axe_audit(page, f"diary-empty-{lang}")
    add_entry(page, lang, date=days_ago(3), legs="left", leg_pain=4, back_pain=2)
    add_entry(page, lang, date=days_ago(0), legs="left", leg_pain=5, back_pain=2, bladder="unsure")
    expect(page.locator("#diary-result h2")).to_be_visible()
    expect(page.locator("#diary-chart svg")).to_be_visible()
    axe_audit(page, f"diary-entries-{lang}")
    screenshot(page, f"diary-phone-{lang}")
    wide = new_page(viewport=DESKTOP, locale="fr-FR" if lang == "fr" else "en-GB")
    wide.goto("/diary")
    add_entry(wide, lang, date=days_ago(0), legs="both", leg_pain=6, back_pain=5)
    expect(wide.locator("#diary-result .level-emergency")).to_be_visible()
    axe_audit(wide, f"diary-desktop-{lang}")
    screenshot(wide, f"diary-desktop-{lang}")


def test_without_javascript_the_form_checks_one_entry(
    new_page: Callable[..., Page], screenshot: Callable[..., Path]
) -> None:
    page = new_page(js=False, locale="fr-FR")
    page.goto("/diary")
    d, t = diary_strings("fr"), translator("fr")
    page.get_by_label(plain(d["leg_pain"])).fill("6")
    page.get_by_label(plain(d["back_pain"])).fill("2")
    for group, choice in (("legs", "side_left"), ("weak", "weak_none"),
                          ("saddle_numbness", "ans_yes"), ("bladder", "ans_no"),
                          ("bowel", "ans_no")):  # fmt: skip
        fieldset = page.get_by_role("group", name=plain(d[group]))
        fieldset.get_by_role("radio", name=plain(d[choice]), exact=True).check()
    go(page, page.get_by_role("button", name=plain(d["save"])))
    expect(page.get_by_role("heading", name=t["sc_level_emergency"], exact=True)).to_be_visible()
    expect(page.locator("a.sc-call").first).to_have_attribute("href", "tel:15")
    screenshot(page, "diary-nojs-fr")


def test_check_again_prefills_and_the_engine_compares_with_the_last_answers(
    new_page: Callable[..., Page],
    screenshot: Callable[..., Path],
    axe_audit: Callable[..., Any],
) -> None:
    """One leg at the last check, both legs now: alone that is 'see a doctor soon' (symptoms for
    six weeks, not spread recently), but with the last answers as `previous` the engine sees a
    leg newly affected: the emergency. The walk starts with the last answers filled in."""
    page = new_page()
    d, t = diary_strings("en"), translator("en")
    first = SelfCheck(page)
    first.start(country="United Kingdom")
    first.run({"symptoms.leg_pain": "left", "history.symptom_days": 43})
    expect(page.get_by_role("heading", level=1)).to_have_text(t["sc_level_self_care"])
    page.get_by_role("button", name=d["recheck_keep"]).click()
    expect(page.get_by_role("status")).to_contain_text(date.today().isoformat())

    page.goto("/diary")
    go(page, page.get_by_role("button", name=d["recheck_again"]))
    assert page.url.endswith("/check/q/1")
    expect(page.locator("input[name=answer]:checked")).to_have_count(1)  # the last answer
    again = SelfCheck(page)
    again.run({"symptoms.leg_pain": "both", "history.symptom_days": 43})
    expect(page.get_by_role("heading", level=1)).to_have_text(t["sc_level_emergency"])
    row = page.locator("section.sc-changes tr", has_text=question_label("symptoms.leg_pain", "en"))
    expect(row.locator("td")).to_have_text(
        [answer_label("symptoms.leg_pain", side, "en") for side in ("left", "both")]
    )
    screenshot(page, "recheck-emergency-en")
    axe_audit(page, "recheck-emergency-en")

    page.get_by_role("button", name=d["recheck_forget"]).click()
    expect(page.get_by_role("button", name=d["recheck_again"])).to_be_hidden()
    assert page.evaluate("window.localStorage.getItem('sciatica-last-check-v1')") is None

    # the same answers without the last check: not an emergency
    fresh = new_page()
    alone = SelfCheck(fresh)
    alone.start(country="United Kingdom")
    alone.run({"symptoms.leg_pain": "both", "history.symptom_days": 43})
    expect(fresh.get_by_role("heading", level=1)).not_to_have_text(t["sc_level_emergency"])
