"""The plan pages in-process (web/pages_plan.py): GET /plan and GET /plan.pdf after a self-check.

The result links to the plan only below emergency and only with a level headline; /plan and
/plan.pdf go back to the result otherwise, and to the start without a self-check; the page shows
every statement of the plan built from the same answers, with its sources and label, marks what
guidelines advise against and names nothing of never.yaml elsewhere; no field path or rule id
shows; the PDF reads back with the plan's words on one or two pages; both languages.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import date

import pypdf
import pytest
from fastapi.testclient import TestClient

from sciatica import flow
from sciatica.plan import Plan, StartBackRisk, build_plan
from sciatica.records.scores import KEELE_NOTICE
from sciatica.web import create_app
from sciatica.web.i18n import translator
from sciatica.web.settings import Settings
from tests.test_flow import benign

from .test_learn import terms_in, texts
from .test_selfcheck_pages import Walk, norm, text, title

PAIN_ONLY = {"symptoms.leg_pain": "left", "history.symptom_days": 4}
WEAK_FOOT = {
    "symptoms.leg_pain": "left",
    "symptoms.weakness": "left",
    "screen.motor": True,
    "symptoms.cannot_heel_walk": "left",
    "history.weakness_days": 8,
}


@pytest.fixture
def web() -> Iterator[TestClient]:
    app = create_app(Settings(secret_key="test-secret-for-the-plan"))
    with TestClient(app, headers={"accept-language": "en-GB,en;q=0.9"}) as client:
        yield client


def finished(web: TestClient, answers: dict[str, object], country: str = "GB") -> Walk:
    walk = Walk(web, country=country)
    walk.run(answers)
    return walk


def plan_href(lang: str) -> str:
    return f'href="/plan?lang={lang}"'


def expected_plan(
    walk: Walk, answers: dict[str, object], lang: str, startback: StartBackRisk | None = None
) -> Plan | None:
    """The plan the builder makes from the same answers (the walk answered `benign` otherwise)."""
    given = {f: answers.get(f, benign(f)) for f in walk.asked}
    step = flow.next_step(given, (), lang, "GB")
    return build_plan(step.assessment, step.case, date.today(), startback=startback)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("answers", [PAIN_ONLY, WEAK_FOOT], ids=["pain-only", "weak-foot"])
def test_the_result_links_the_plan_and_the_plan_shows_every_statement(
    web: TestClient, answers: dict[str, object], lang: str
) -> None:
    walk = finished(web, answers)
    result = web.get(f"/check/result?lang={lang}")
    assert plan_href(lang) in result.text
    page = web.get(f"/plan?lang={lang}")
    assert page.status_code == 200 and f'<html lang="{lang}">' in page.text
    plan = expected_plan(walk, answers, lang)
    assert plan is not None
    shown = text(page)
    assert norm(plan.action) in shown  # the result's action heads the plan
    t = translator(lang)
    for statement in plan.statements():
        assert norm(statement.text) in shown, statement.id
        assert f'data-statement="{statement.id}"' in page.text
        for source in statement.sources:
            assert f'href="#src-{source}"' in page.text and f'id="src-{source}"' in page.text
    for item in plan.safety_net:
        assert norm(item) in shown
    assert norm(t["disclaimer"]) in shown
    # two registers: no field path, rule id or template placeholder reaches the person
    assert "symptoms." not in shown and "history." not in shown
    assert not re.search(r"\bRF-[A-Z]", shown) and "{" not in shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_plans_of_pain_and_of_a_weak_foot_differ(web: TestClient, lang: str) -> None:
    finished(web, PAIN_ONLY)
    pain = web.get(f"/plan?lang={lang}").text
    web.cookies.clear()
    finished(web, WEAK_FOOT)
    weak = web.get(f"/plan?lang={lang}").text
    for only_weak in ("weakness-heel-walk", "weakness-toe-walk", "dates-strength"):
        assert f'data-statement="{only_weak}"' in weak and only_weak not in pain
    assert 'data-statement="course-pain"' in pain and "course-pain" not in weak
    assert "/static/plan/heel-walk.svg" in weak and "/static/plan/heel-walk.svg" not in pain


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("answers", [PAIN_ONLY, WEAK_FOOT], ids=["pain-only", "weak-foot"])
def test_no_plan_page_recommends_what_never_yaml_forbids(
    web: TestClient, answers: dict[str, object], lang: str
) -> None:
    finished(web, answers)
    page = web.get(f"/plan?lang={lang}")
    free, flagged, _ = texts(page.text)
    assert not terms_in(free), sorted(terms_in(free))
    assert flagged, "the plan says what guidelines advise against"
    mark = translator(lang)["learn_not_recommended"]
    for block in flagged:
        assert mark in block, block


def test_an_emergency_has_no_plan(web: TestClient) -> None:
    finished(web, {"symptoms.saddle_numbness": True})
    result = web.get("/check/result?lang=en")
    assert "level-emergency" in result.text and "/plan" not in result.text
    for path in ("/plan", "/plan.pdf"):
        moved = web.get(path, follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"] == "/check/result"


def test_an_unfinished_check_has_no_plan(web: TestClient) -> None:
    walk = Walk(web, country="FR")
    walk.answer(False)  # only the first question: no headline, only the warning signs
    assert "/plan" not in web.get("/check/result").text
    moved = web.get("/plan", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/check/result"


def test_without_a_self_check_the_plan_goes_to_the_start(web: TestClient) -> None:
    moved = web.get("/plan", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/"


def test_a_tampered_cookie_is_refused_cleanly(web: TestClient) -> None:
    web.cookies.set("sciatica_check", "bm9wZQ.0000")
    page = web.get("/plan")
    assert page.status_code == 400 and 'lang="en"' in page.text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_reads_back_with_the_plan(web: TestClient, lang: str) -> None:
    walk = finished(web, WEAK_FOOT)  # the longest plan: a weak leg, a STarT Back group
    answer = web.get(f"/plan.pdf?lang={lang}&startback=high")
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "application/pdf"
    assert "no-store" in answer.headers["cache-control"]
    assert "attachment" in answer.headers["content-disposition"]
    reader = pypdf.PdfReader(io.BytesIO(answer.content))
    assert 1 <= len(reader.pages) <= 2, f"{len(reader.pages)} pages"
    words = norm(" ".join(p.extract_text() for p in reader.pages))
    plan = expected_plan(walk, WEAK_FOOT, lang, "high")
    assert plan is not None
    assert norm(translator(lang)["plan_title"]) in words
    # every statement's opening words (a line break may fall anywhere after them)
    for statement in plan.statements():
        opening = " ".join(html.unescape(statement.text).split()[:4])
        assert opening in words, (statement.id, opening)


# ---- Keele STarT Back: the risk group a clinician gave ------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_start_back_group_sets_how_much_help_to_ask_for(web: TestClient, lang: str) -> None:
    finished(web, PAIN_ONLY)
    t = translator(lang)
    none = web.get(f"/plan?lang={lang}").text
    assert 'name="startback"' in none and 'data-statement="support-unknown"' in none
    assert KEELE_NOTICE not in none  # the notice goes with a STarT Back result
    low = web.get(f"/plan?lang={lang}&startback=low").text
    assert 'data-statement="support-low"' in low and "support-raised" not in low
    for risk in ("medium", "high"):
        page = web.get(f"/plan?lang={lang}&startback={risk}")
        assert page.status_code == 200
        assert 'data-statement="support-raised"' in page.text
        shown = text(page)
        assert ("physiotherapist" if lang == "en" else "kinésithérapeute") in shown
        assert norm(t["plan_sb_shown"].format(risk=t[f"plan_sb_{risk}"])) in shown
        assert KEELE_NOTICE in html.unescape(page.text)
        assert f'value="{risk}" checked' in page.text
        assert f"/plan.pdf?lang={lang}&amp;startback={risk}" in page.text
    pdf = pypdf.PdfReader(io.BytesIO(web.get(f"/plan.pdf?lang={lang}&startback=high").content))
    assert 1 <= len(pdf.pages) <= 2, f"{len(pdf.pages)} pages"
    words = norm(" ".join(p.extract_text() for p in pdf.pages))
    raised = {
        "en": "Ask your doctor for care led by a physiotherapist",
        "fr": "prise en charge par",
    }
    assert raised[lang] in words


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_start_back_value_names_the_question(web: TestClient, lang: str) -> None:
    finished(web, PAIN_ONLY)
    t = translator(lang)
    page = web.get(f"/plan?lang={lang}&startback=very-high")
    assert page.status_code == 422
    assert 'id="sc-error-summary"' in page.text and 'href="#sb-low"' in page.text
    assert norm(t["plan_sb_error"]) in text(page)
    assert title(page).startswith(norm(t["sc_error_title_prefix"]))
    moved = web.get(f"/plan.pdf?lang={lang}&startback=very-high", follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/plan?lang={lang}&startback=very-high"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_dont_know_to_a_warning_sign_makes_the_plan_say_so(web: TestClient, lang: str) -> None:
    """Saddle numbness answered "I don't know" twice: the result is urgent, and the plan opens by
    saying it cannot rule the warning signs out, without the reassuring course."""
    walk = Walk(web)
    walk.answer(False)  # the stroke screen
    walk.answer(None)
    walk.answer(None)  # "I don't know" to saddle numbness, asked again in simpler words
    result = walk.run({"symptoms.leg_pain": "left", "history.symptom_days": 4})
    assert "level-urgent" in result.text
    page = web.get(f"/plan?lang={lang}").text
    assert 'data-statement="first-warning-signs-open"' in page
    assert "course-pain" not in page and "first-self-care" not in page
