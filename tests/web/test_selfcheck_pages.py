"""The patient self-check pages through TestClient, without JavaScript: the start page in both
languages, whole walks to an emergency and to self-care, back, the language switch, CSRF, and
states that were tampered with (refused with a 400 page, never a 500)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sciatica.knowledge.schema import Question
from sciatica.selfcheck import self_check_questions
from sciatica.web import create_app
from sciatica.web.i18n import translator
from sciatica.web.pages_selfcheck import default_country

QUESTIONS: dict[str, Question] = {q.field: q for q in self_check_questions()}
EN, FR = translator("en"), translator("fr")


@pytest.fixture
def web() -> Iterator[TestClient]:
    with TestClient(create_app(), headers={"accept-language": "en-GB,en;q=0.9"}) as client:
        yield client


def hidden(page: httpx.Response, name: str) -> str | None:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page.text)
    return html.unescape(found.group(1)) if found else None


def norm(words: str) -> str:
    """Spaces made plain (the French pages tie "?" and "»" with no-break spaces)."""
    return re.sub(r"\s+", " ", words.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def text(page: httpx.Response, start: str = "") -> str:
    """The visible words of the page (from the first `start` marker on), tags removed."""
    body = page.text[page.text.index(start) :] if start else page.text
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return norm(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def h1(page: httpx.Response) -> str:
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
    assert len(found) == 1, "one h1 per page"
    return norm(html.unescape(re.sub(r"<[^>]+>", "", found[0])))


def tel_links(page: httpx.Response) -> list[str]:
    return list(dict.fromkeys(re.findall(r'href="tel:([^"]+)"', page.text)))


def posted(question: Question, value: Any) -> str:
    """What the form sends for a case value (None: "I don't know")."""
    if value is None:
        return "unknown"
    if question.answer == "yes_no":
        return "yes" if value else "no"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def benign(question: Question) -> Any:
    """The reassuring answer: no, neither leg, normal, or an ordinary number."""
    numbers = {"patient.age": 40, "symptoms.pain_score": 3, "history.symptom_days": 10}
    if question.answer == "yes_no":
        return False
    if question.answer == "number":
        return numbers.get(question.field, 0)
    values = [c.value for c in question.choices or []]
    for value in ("none", "normal", "gradual", "stable", "female"):
        if value in values:
            return value
    return values[0]


class Walk:
    """A person answering one question per page with plain form posts."""

    def __init__(self, client: TestClient, country: str = "GB") -> None:
        self.client = client
        start = client.get("/")
        assert start.status_code == 200
        token = hidden(start, "csrf_token")
        assert token
        self.token = token
        self.page = client.post(
            "/check", data={"csrf_token": token, "action": "start", "country": country}
        )
        assert self.page.status_code == 200
        self.asked: list[str] = []

    @property
    def field(self) -> str | None:
        return hidden(self.page, "field")

    def post(self, path: str = "/check", **data: str) -> httpx.Response:
        state = hidden(self.page, "state")
        assert state is not None
        self.page = self.client.post(path, data={"csrf_token": self.token, "state": state, **data})
        return self.page

    def answer(self, value: Any) -> httpx.Response:
        field = self.field
        assert field is not None, "not on a question page"
        question = QUESTIONS[field]
        assert h1(self.page) == question.text.en
        step = len(self.asked) + 1
        assert f"Question {step} of about" in self.page.text
        assert re.search(rf'<progress max="\d+" value="{step}"', self.page.text)
        assert 'value="unknown"' in self.page.text, "I don't know is always offered"
        self.asked.append(field)
        return self.post(field=field, answer=posted(question, value), action="answer")

    def run(self, answers: dict[str, Any], limit: int = 80) -> httpx.Response:
        for _ in range(limit):
            field = self.field
            if field is None:
                assert self.page.status_code == 200
                return self.page
            value = answers[field] if field in answers else benign(QUESTIONS[field])
            assert self.answer(value).status_code == 200
        raise AssertionError(f"still asking after {limit} questions")


# --- the start page ----------------------------------------------------------------------------


def test_start_page_in_english_and_french_from_accept_language() -> None:
    with TestClient(create_app()) as client:
        en = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
        fr = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert en.status_code == fr.status_code == 200
    assert '<html lang="en">' in en.text and '<html lang="fr">' in fr.text
    assert h1(en) == EN["sc_start_title"] and h1(fr) == FR["sc_start_title"]
    assert "Est-ce une urgence\u202f?" in fr.text  # French typography: no "?" alone on a line
    for page, t in ((en, EN), (fr, FR)):
        assert norm(t["sc_nothing_stored"]) in text(page)
        assert norm(t["sc_emergency_box_title"]) in text(page)
        assert 'name="csrf_token"' in page.text and 'value="start"' in page.text
        assert "hreflang=" in page.text  # the language switch
    # the country select proposes the browser's region, France for French, else "other"
    assert re.search(r'<option value="US"[^>]*selected', en.text)
    assert re.search(r'<option value="FR"[^>]*selected', fr.text)
    assert tel_links(en) == ["911"] and tel_links(fr) == ["15", "112", "114"]


def test_default_country() -> None:
    assert default_country("en-GB,en;q=0.9", "en") == "GB"
    assert default_country("en", "en") == "default"
    assert default_country("fr", "fr") == "FR"
    assert default_country("fr-CA,fr;q=0.9", "fr") == "CA"
    assert default_country("en;q=0.9,de-AT;q=0.8", "en") == "AT"
    assert default_country("en-XX, garbage;q=x", "en") == "default"


def test_lang_query_wins_and_get_check_goes_back_to_start(web: TestClient) -> None:
    assert '<html lang="fr">' in web.get("/?lang=fr").text
    moved = web.get("/check?lang=en", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/?lang=en"
    assert web.get("/check/result", follow_redirects=False).status_code == 303


# --- whole walks -------------------------------------------------------------------------------


def test_walk_to_an_emergency_stops_early(web: TestClient) -> None:
    walk = Walk(web, country="FR")
    result = walk.run({"symptoms.saddle_numbness": True})
    assert walk.asked == [
        "symptoms.face_or_arm_symptoms",
        "symptoms.speech_difficulty",
        "symptoms.breathing_or_swallowing_difficulty",
        "symptoms.saddle_numbness",
    ], "red flags first, and straight to the result once the emergency is certain"
    assert h1(result).endswith(EN["sc_level_emergency"])
    assert "level-emergency" in result.text
    assert EN["sc_stopped_early"] in text(result)
    assert tel_links(result) == ["15", "112", "114"]
    assert "Call 15 now" in result.text  # the country's own action
    assert 'role="img"' in result.text and 'data-area="saddle"' in result.text
    assert re.search(r'class="area is-marked"[^>]*data-area="saddle"', result.text)


def test_call_do_not_travel_when_the_advice_is_to_call(web: TestClient) -> None:
    walk = Walk(web, country="US")
    walk.answer(False)
    result = walk.answer(True)  # trouble speaking
    assert h1(result).endswith(EN["sc_level_emergency"])
    assert EN["sc_do_not_travel"] in text(result)
    assert tel_links(result) == ["911"]


def test_walk_to_self_care(web: TestClient) -> None:
    walk = Walk(web, country="GB")
    result = walk.run({"symptoms.leg_pain": "left"})
    assert h1(result).endswith(EN["sc_level_self_care"])
    assert len(walk.asked) >= 40
    # adaptive: with no weakness, its timing questions were skipped
    assert "history.weakness_days" not in walk.asked
    assert "symptoms.claudication_relief" not in walk.asked
    assert walk.asked.index("symptoms.saddle_numbness") < walk.asked.index("symptoms.leg_pain")
    for title in ("sc_why_title", "sc_next_title", "sc_safety_title", "sc_answers_title"):
        assert EN[title] in text(result)
    assert "tel:999" in result.text  # the safety net carries the numbers
    assert 'class="leg has-symptoms" data-side="left"' in result.text
    assert 'class="leg has-symptoms" data-side="right"' not in result.text
    assert "data-print hidden" in result.text  # the Print button needs the script
    # the printable version works without the script
    printable = walk.post("/check/result", print="1")
    assert printable.status_code == 200 and "sc-print-view" in printable.text


def test_i_dont_know_is_not_a_no(web: TestClient) -> None:
    walk = Walk(web)
    walk.answer(False)
    walk.answer(False)
    walk.answer(False)
    walk.answer(None)  # saddle numbness: don't know
    state = json.loads(hidden(walk.page, "state") or "")
    assert "symptoms.saddle_numbness" in state["asked"]
    assert "symptoms.saddle_numbness" not in state["answers"]
    result = walk.post("/check/result", action="result")
    assert result.status_code == 200
    saddle = QUESTIONS["symptoms.saddle_numbness"].text.en
    assert saddle in text(result, 'class="sc-missing"')
    # "answer these questions" asks the unanswered ones again
    again = walk.post(action="revisit")
    assert hidden(again, "field") == "symptoms.saddle_numbness"


# --- back, errors, language --------------------------------------------------------------------


def test_back_returns_to_the_previous_question_with_its_answer(web: TestClient) -> None:
    walk = Walk(web)
    walk.answer(False)
    walk.answer(True)  # speech: an emergency result page
    back = walk.post(action="back")
    assert back.status_code == 200
    assert hidden(back, "field") == "symptoms.speech_difficulty"
    assert 'value="yes" checked' in back.text, "the previous answer is ready to change"
    state = json.loads(hidden(back, "state") or "")
    assert state["asked"] == ["symptoms.face_or_arm_symptoms"]
    assert list(state["answers"]) == ["symptoms.face_or_arm_symptoms"]
    back = walk.post(action="back")
    assert hidden(back, "field") == "symptoms.face_or_arm_symptoms"
    home = walk.post(action="back")  # back from the first question: the start page
    assert h1(home) == EN["sc_start_title"]


def test_an_answer_that_is_not_understood_asks_again(web: TestClient) -> None:
    walk = Walk(web)
    page = walk.post(field="symptoms.face_or_arm_symptoms", action="answer")  # nothing chosen
    assert page.status_code == 422
    assert hidden(page, "field") == "symptoms.face_or_arm_symptoms"
    assert 'role="alert"' in page.text
    while walk.field != "history.weakness_days":
        field = walk.field
        assert field is not None
        value = "left" if field == "symptoms.weakness" else benign(QUESTIONS[field])
        walk.post(field=field, answer=posted(QUESTIONS[field], value), action="answer")
    for typed in ("abc", "-1", "99999", "1.5", "٣"):
        page = walk.post(field="history.weakness_days", answer=typed, action="answer")
        assert page.status_code == 422, typed
        assert 'aria-invalid="true"' in page.text
    page = walk.post(field="history.weakness_days", action="unknown")
    assert page.status_code == 200 and walk.field == "history.weakness_course"


def test_language_switch_keeps_the_answers(web: TestClient) -> None:
    walk = Walk(web)
    walk.answer(False)
    french = walk.post("/check?lang=fr", action="stay")
    assert '<html lang="fr">' in french.text
    assert h1(french) == norm(QUESTIONS["symptoms.speech_difficulty"].text.fr)
    assert "Question 2 sur environ" in french.text
    assert french.cookies.get("sciatica_lang") == "fr" or "sciatica_lang=fr" in str(
        french.headers.get("set-cookie")
    )
    result = walk.post(field="symptoms.speech_difficulty", answer="yes", action="answer")
    assert h1(result).endswith(norm(FR["sc_level_emergency"]))
    assert 'action="/check/result?lang=en"' in result.text


# --- safety ------------------------------------------------------------------------------------


def test_csrf_is_required(web: TestClient) -> None:
    web.get("/")
    state = json.dumps({"v": 1, "answers": {}, "asked": [], "country": "GB"})
    for data in (
        {"action": "start", "country": "GB"},
        {"action": "start", "country": "GB", "csrf_token": "forged.token"},
    ):
        assert web.post("/check", data=data).status_code == 403
    assert web.post("/check/result", data={"state": state}).status_code == 403


@pytest.mark.parametrize(
    "state",
    [
        "",
        "not json",
        "[]",
        '{"v": 1}',
        '{"v": 2, "answers": {}, "asked": [], "country": "GB"}',
        '{"v": 1, "answers": {}, "asked": [], "country": "XX"}',
        '{"v": 1, "answers": {}, "asked": ["exam.anal_tone"], "country": "GB"}',
        '{"v": 1, "answers": {}, "asked": ["nope"], "country": "GB"}',
        '{"v": 1, "answers": {"symptoms.bladder": "explode"}, "asked": ["symptoms.bladder"],'
        ' "country": "GB"}',
        '{"v": 1, "answers": {"patient.age": true}, "asked": ["patient.age"], "country": "GB"}',
        '{"v": 1, "answers": {"patient.age": 999}, "asked": ["patient.age"], "country": "GB"}',
        '{"v": 1, "answers": {"patient.age": 40}, "asked": [], "country": "GB"}',
        '{"v": 1, "answers": {}, "asked": ["patient.age", "patient.age"], "country": "GB"}',
        '{"v": 1, "answers": {}, "asked": [], "country": "GB", "extra": 1}',
        "x" * 20_000,
        "[" * 15_000,
        '{"v": 1, "answers": {"patient.age": 1' + "0" * 5000 + '}, "asked": ["patient.age"]}',
    ],
)
def test_tampered_state_is_refused_cleanly(web: TestClient, state: str) -> None:
    token = hidden(web.get("/"), "csrf_token")
    for path, data in (
        ("/check", {"action": "answer", "field": "patient.age", "answer": "40"}),
        ("/check", {"action": "back"}),
        ("/check/result", {}),
    ):
        page = web.post(path, data={"csrf_token": token, "state": state, **data})
        assert page.status_code == 400, (path, state[:60])
        assert h1(page) == EN["sc_problem_title"]
        assert 'href="/?lang=en"' in page.text


def test_other_refusals(web: TestClient) -> None:
    walk = Walk(web)
    # an answer for another question than the one on the page
    assert walk.post(field="patient.age", answer="40", action="answer").status_code == 400
    assert Walk(web).post(action="explode").status_code == 400
    assert Walk(web).post("/check/result", country="ZZ").status_code == 400
    token = Walk(web).token
    bad = web.post("/check", data={"csrf_token": token, "action": "start", "country": "ZZ"})
    assert bad.status_code == 400


def test_result_in_another_country(web: TestClient) -> None:
    walk = Walk(web, country="GB")
    walk.answer(False)
    walk.answer(True)
    assert tel_links(walk.page) == ["999", "112"]
    page = walk.post("/check/result", country="AU")
    assert tel_links(page) == ["000", "112"]
