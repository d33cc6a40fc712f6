"""The patient self-check pages through TestClient, without JavaScript: the start page in both
languages, Post/Redirect/Get, Back, the error summary, walks to each kind of result on
`sciatica.flow`, stopping early, "I don't know", the own words, start again, and a state cookie
that was tampered with (refused with a 400 page, never a 500)."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sciatica import flow
from sciatica.patient import patient_result
from sciatica.web import create_app
from sciatica.web.i18n import translator
from sciatica.web.pages.selfcheck import STATE_COOKIE, default_country
from sciatica.web.settings import Settings
from tests.test_flow import benign

EN, FR = translator("en"), translator("fr")
SECRET = "test-secret-for-the-self-check"


@pytest.fixture
def web() -> Iterator[TestClient]:
    app = create_app(Settings(secret_key=SECRET))
    with TestClient(app, headers={"accept-language": "en-GB,en;q=0.9"}) as client:
        yield client


def norm(words: str) -> str:
    """Spaces made plain (the French pages tie "?" and "»" with no-break spaces)."""
    return re.sub(r"\s+", " ", words.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def text(page: httpx.Response, start: str = "", end: str = "") -> str:
    """The visible words of the page (between the markers), tags removed."""
    body = page.text
    if start:
        body = body[body.index(start) :]
    if end:
        body = body[: body.index(end)]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return norm(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def h1(page: httpx.Response) -> str:
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
    assert len(found) == 1, "one h1 per page"
    return norm(html.unescape(re.sub(r"<[^>]+>", "", found[0])))


def title(page: httpx.Response) -> str:
    found = re.search(r"<title>(.*?)</title>", page.text, re.S)
    assert found
    return norm(html.unescape(found.group(1)))


def token_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def field_of(page: httpx.Response) -> str | None:
    found = re.search(r'<input type="hidden" name="field" value="([^"]*)"', page.text)
    return html.unescape(found.group(1)) if found else None


def posted(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Walk:
    """A person answering one question per page: POST (303), then GET the page it names."""

    def __init__(self, client: TestClient, country: str = "GB") -> None:
        self.client = client
        start = client.get("/")
        assert start.status_code == 200
        self.token = token_of(start)
        moved = client.post(
            "/check/start",
            data={"csrf_token": self.token, "country": country},
            follow_redirects=False,
        )
        assert moved.status_code == 303 and moved.headers["location"] == "/check/q/1"
        self.page = client.get("/check/q/1")
        self.n = 1
        self.asked: list[str] = []

    @property
    def field(self) -> str | None:
        return field_of(self.page)

    def answer(self, value: Any) -> httpx.Response:
        field = self.field
        assert field is not None, "not on a question page"
        assert 'value="unknown"' in self.page.text, "I don't know is always offered"
        assert "of about" not in self.page.text, "no question counter"
        moved = self.client.post(
            f"/check/q/{self.n}",
            data={"csrf_token": self.token, "field": field, "answer": posted(value)},
            follow_redirects=False,
        )
        assert moved.status_code == 303, moved.text[:300]
        self.asked.append(field)
        target = moved.headers["location"]
        self.page = self.client.get(target)
        assert self.page.status_code == 200, (target, self.page.text[:300])
        if target.startswith("/check/q/"):
            self.n = int(target.rsplit("/", 1)[1])
        return self.page

    def run(self, answers: dict[str, Any], limit: int = 40) -> httpx.Response:
        for _ in range(limit):
            field = self.field
            if field is None:
                return self.page
            value = answers[field] if field in answers else benign(field)
            self.answer(value)
        raise AssertionError(f"still asking after {limit} questions: {self.asked}")


def level_of(page: httpx.Response) -> str | None:
    found = re.search(r'class="level-banner level-([a-z_]+)', page.text)
    return found.group(1) if found else None


# --- the start page ----------------------------------------------------------------------------


def test_start_page_in_english_and_french() -> None:
    with TestClient(create_app()) as client:
        en = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
        fr = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert en.status_code == fr.status_code == 200
    assert '<html lang="en">' in en.text and '<html lang="fr">' in fr.text
    assert h1(en) == EN["sc_start_title"] and h1(fr) == FR["sc_start_title"]
    # a bulleted "call now if" list, with the country's primary number
    assert norm(EN["sc_call_now_if"].format(number="911")) in text(en)
    assert norm(FR["sc_call_now_if"].format(number="15")) in text(fr)
    for page, t in ((en, EN), (fr, FR)):
        listed = re.search(r'<ul class="sc-flags">(.*?)</ul>', page.text, re.S)
        assert listed and listed.group(1).count("<li>") == 5
        assert norm(t["sc_flag_saddle"]) in text(page)
        # one primary button: Start; the others are secondary
        assert len(re.findall(r"\bsc-primary(?![-\w])", page.text)) == 1
        assert norm(t["sc_start_button"]) in text(page)
    # France: 15 is the one primary number; 114 is a text service: an sms: link, never tel:
    assert re.search(r'<a class="button sc-call" href="tel:15">', fr.text)
    assert 'href="sms:114"' in fr.text and "tel:114" not in fr.text
    assert "112 (numéro d'urgence européen)" in html.unescape(fr.text)
    assert re.search(r'<a class="button sc-call" href="tel:911">', en.text)
    assert re.search(r'<option value="US"[^>]*selected', en.text)
    assert re.search(r'<option value="FR"[^>]*selected', fr.text)


def test_start_page_numbers_follow_the_country_without_javascript(web: TestClient) -> None:
    page = web.get("/?country=FR")
    assert re.search(r'<a class="button sc-call" href="tel:15">', page.text)
    assert 'formmethod="get"' in page.text  # "show the numbers for this country"


def test_default_country() -> None:
    assert default_country("en-GB,en;q=0.9", "en") == "GB"
    assert default_country("en", "en") == "default"
    assert default_country("fr", "fr") == "FR"
    assert default_country("fr-CA,fr;q=0.9", "fr") == "CA"
    assert default_country("en;q=0.9,de-AT;q=0.8", "en") == "AT"
    assert default_country("en-XX, garbage;q=x", "en") == "default"


# --- Post/Redirect/Get, Back, errors -----------------------------------------------------------


def test_every_post_redirects_and_the_state_is_a_session_cookie(web: TestClient) -> None:
    walk = Walk(web)
    cookie = walk.client.cookies.get(STATE_COOKIE)
    assert cookie
    field = walk.field
    moved = web.post(
        "/check/q/1",
        data={"csrf_token": walk.token, "field": field, "answer": "false"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/check/q/2"
    set_cookie = moved.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=strict" in set_cookie.replace("Strict", "strict")
    assert "Max-Age" not in set_cookie and "expires" not in set_cookie.lower()
    # the health data is not in the URL or the page as a hidden state
    assert 'name="state"' not in web.get("/check/q/2").text
    # a reload is a plain GET
    assert web.get("/check/q/2").status_code == 200


def test_no_state_goes_to_the_start(web: TestClient) -> None:
    for path in ("/check/q/1", "/check/result", "/check", "/check/understood"):
        moved = web.get(path, follow_redirects=False)
        assert moved.status_code == 303, path


def test_back_shows_the_previous_question_with_its_answer(web: TestClient) -> None:
    walk = Walk(web)
    first = walk.field
    walk.answer(False)
    second = walk.field
    walk.answer(False)
    assert walk.n == 3
    assert 'href="/check/q/2"' in walk.page.text  # the Back link
    back = web.get("/check/q/2")
    assert field_of(back) == second
    assert 'value="false" checked' in back.text, "the previous answer is ready to change"
    back = web.get("/check/q/1")
    assert field_of(back) == first and 'href="/"' in back.text
    # answering question 1 the same way keeps the later answers
    same = web.post(
        "/check/q/1",
        data={"csrf_token": walk.token, "field": first, "answer": "false"},
        follow_redirects=False,
    )
    assert same.headers["location"] == "/check/q/2"
    assert 'value="false" checked' in web.get("/check/q/2").text
    # a question further than the walk goes to the current one
    ahead = web.get("/check/q/9", follow_redirects=False)
    assert ahead.status_code == 303 and ahead.headers["location"] == "/check/q/3"
    # a different answer to question 1 drops the later ones: "yes" asks which sign it is
    changed = web.post(
        "/check/q/1",
        data={"csrf_token": walk.token, "field": first, "answer": "true"},
        follow_redirects=False,
    )
    assert changed.headers["location"] == "/check/q/2"
    assert field_of(web.get("/check/q/2")) == "symptoms.face_or_arm_symptoms"
    assert web.get("/check/q/3", follow_redirects=False).headers["location"] == "/check/q/2"


def test_error_summary(web: TestClient) -> None:
    walk = Walk(web)
    moved = web.post(
        "/check/q/1",
        data={"csrf_token": walk.token, "field": walk.field},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/check/q/1?error=1"
    page = web.get("/check/q/1?error=1")
    assert title(page).startswith("Error: ")
    summary = re.search(r'<div class="sc-error-summary"[^>]*>(.*?)</div>', page.text, re.S)
    assert summary, "an error summary at the top"
    assert 'role="alert"' in page.text and "autofocus" in page.text
    assert 'href="#sc-answer-0"' in summary.group(1)
    assert 'id="sc-answer-0"' in page.text  # the first radio
    assert 'id="sc-error"' in page.text and "sc-error" in re.search(
        r'<fieldset[^>]*aria-describedby="([^"]+)"', page.text
    ).group(1)  # type: ignore[union-attr]


def test_number_error(web: TestClient) -> None:
    walk = Walk(web)
    while walk.field != "patient.age":
        assert walk.field is not None
        walk.answer(benign(walk.field))
    for typed in ("abc", "-1", "99999", "1.5", "٣"):
        moved = web.post(
            f"/check/q/{walk.n}",
            data={"csrf_token": walk.token, "field": "patient.age", "answer": typed},
            follow_redirects=False,
        )
        assert moved.headers["location"] == f"/check/q/{walk.n}?error=1", typed
    page = web.get(f"/check/q/{walk.n}?error=1")
    assert 'aria-invalid="true"' in page.text and title(page).startswith("Error: ")
    unknown = web.post(
        f"/check/q/{walk.n}",
        data={"csrf_token": walk.token, "field": "patient.age", "action": "unknown"},
        follow_redirects=False,
    )
    assert unknown.status_code == 303


def test_screen_question_shows_its_items_and_band_question_its_bands(web: TestClient) -> None:
    walk = Walk(web)
    screen = flow.shown("screen.call_now", "en")
    assert walk.field == "screen.call_now"
    listed = re.search(r'<ul class="sc-items" id="sc-items">(.*?)</ul>', walk.page.text, re.S)
    assert listed and listed.group(1).count("<li>") == len(screen.items)
    for label in ("Yes, one or more of these", "None of these", "I don&#39;t know"):
        assert label in walk.page.text
    while walk.field != "history.symptom_days":
        assert walk.field is not None
        walk.answer("left" if walk.field == "symptoms.leg_pain" else benign(walk.field))
    assert walk.page.text.count('type="radio"') == 8  # seven bands and "I don't know"
    assert "Less than 24 hours" in walk.page.text


# --- results -----------------------------------------------------------------------------------


def test_stroke_screen_gives_the_emergency_at_once(web: TestClient) -> None:
    walk = Walk(web, country="FR")
    walk.answer(True)  # one or more of these
    result = walk.answer(True)  # which one: the face or an arm
    assert walk.asked == ["screen.call_now", "symptoms.face_or_arm_symptoms"]
    assert level_of(result) == "emergency" and h1(result) == EN["sc_level_emergency"]
    assert re.search(r'class="button sc-call" href="tel:15"', result.text)
    assert 'href="sms:114"' in result.text


@pytest.mark.parametrize(
    ("answers", "revealing"),
    [
        ({"symptoms.saddle_numbness": True}, "symptoms.saddle_numbness"),
        ({"symptoms.bladder": "retention"}, "symptoms.bladder"),
        (
            {
                "symptoms.leg_pain": "left",
                "symptoms.weakness": "left",
                "screen.motor": True,
                "symptoms.complete_paralysis": "left",
                "history.weakness_days": 1,
            },
            "symptoms.complete_paralysis",
        ),
        ({"symptoms.weakness": "both", "history.symptom_days": 1}, "symptoms.weakness"),
    ],
)
def test_red_flags_reach_the_emergency_within_two_answers(
    web: TestClient, answers: dict[str, Any], revealing: str
) -> None:
    walk = Walk(web)
    result = walk.run(answers)
    assert level_of(result) == "emergency", walk.asked
    assert len(walk.asked) - 1 - walk.asked.index(revealing) <= 2, walk.asked


def test_i_dont_know_to_saddle_numbness_twice_is_urgent(web: TestClient) -> None:
    walk = Walk(web)
    walk.answer(False)  # the stroke screen
    assert walk.field == "symptoms.saddle_numbness"
    assert "sc-simpler-note" not in walk.page.text
    walk.answer(None)
    assert walk.field == "symptoms.saddle_numbness", "asked again"
    assert "sc-simpler-note" in walk.page.text
    assert h1(walk.page) == norm(flow.shown("symptoms.saddle_numbness", "en", True).text)
    walk.answer(None)
    assert walk.field != "symptoms.saddle_numbness"
    result = walk.run({})
    assert level_of(result) in ("urgent", "emergency")
    assert level_of(result) not in ("self_care", "routine")
    assert EN["sc_level_self_care"] not in result.text


def test_stopping_early_shows_no_headline(web: TestClient) -> None:
    walk = Walk(web, country="FR")
    walk.answer(False)
    assert 'href="/check/result"' in walk.page.text  # "see my result now"
    page = web.get("/check/result")
    assert page.status_code == 200
    assert h1(page) == norm(EN["sc_no_result_title"])
    assert level_of(page) is None and "sc-level-" not in page.text
    for key in ("sc_level_self_care", "sc_level_routine", "sc_level_soon", "sc_level_urgent"):
        assert norm(EN[key]) not in text(page)
    assert norm(EN["sc_flag_saddle"]) in text(page)
    assert re.search(r'class="button sc-call" href="tel:15"', page.text)
    assert 'href="/check/q/2"' in page.text  # continue


def test_self_care_result_in_the_patient_register(web: TestClient) -> None:
    walk = Walk(web)
    result = walk.run({"symptoms.leg_pain": "left", "history.symptom_days": 4})
    assert level_of(result) == "self_care"
    assert len(walk.asked) <= 20
    answers = {"symptoms.leg_pain": "left", "history.symptom_days": 4}
    step = flow.next_step({f: answers.get(f, benign(f)) for f in walk.asked}, (), "en", "GB")
    pr = patient_result(step.assessment, "GB")
    patient_part = text(result, end='class="sc-doctor"')
    assert pr.patient_steps
    for item in pr.patient_steps:
        assert norm(item) in patient_part, item
    for step_ in pr.for_doctor:
        if step_.text not in pr.patient_steps:
            assert norm(step_.text) not in patient_part, step_.text
            assert norm(step_.text) in text(result, start='class="sc-doctor"')
    assert norm(EN["sc_doctor_title"]) in text(result)
    # the answers given, in plain words (no field paths)
    assert "symptoms." not in text(result, start='class="sc-doctor"')


def test_tell_us_more_keeps_the_headline(web: TestClient) -> None:
    walk = Walk(web)
    result = walk.run({"symptoms.leg_pain": "left"})
    assert level_of(result) == "self_care"
    assert norm(EN["sc_more_title"]) in text(result)
    moved = web.post("/check/more", data={"csrf_token": walk.token}, follow_redirects=False)
    assert moved.status_code == 303
    walk.page = web.get(moved.headers["location"])
    walk.n = int(moved.headers["location"].rsplit("/", 1)[1])
    assert norm(EN["sc_optional_note"]) in text(walk.page)
    for _ in range(3):
        assert walk.field is not None
        walk.answer(benign(walk.field))
    assert level_of(web.get("/check/result")) == "self_care"


def test_start_again_asks_first(web: TestClient) -> None:
    walk = Walk(web)
    walk.answer(True)
    walk.answer(True)
    # "No, go back" only leads to the self-check's own pages
    assert 'href="/check/result"' in web.get("/check/restart?back=https://evil.example").text
    assert 'href="/check/q/2"' in web.get("/check/restart?back=/check/q/2").text
    confirm = web.get("/check/restart?back=/check/result")
    assert confirm.status_code == 200 and h1(confirm) == EN["sc_restart_title"]
    assert web.get("/check/result").status_code == 200, "nothing erased yet"
    gone = web.post("/check/restart", data={"csrf_token": walk.token}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/"
    assert web.get("/check/result", follow_redirects=False).status_code == 303


def test_language_switch_keeps_the_answers(web: TestClient) -> None:
    walk = Walk(web)
    walk.answer(False)
    french = web.get("/check/q/2?lang=fr")
    assert '<html lang="fr">' in french.text
    assert h1(french) == norm(flow.shown("symptoms.saddle_numbness", "fr").text)
    assert 'href="?lang=en"' in french.text


# --- own words ---------------------------------------------------------------------------------


def test_own_words_with_an_emergency_go_to_the_emergency_result(web: TestClient) -> None:
    pytest.importorskip("spacy")
    token = token_of(web.get("/"))
    moved = web.post(
        "/check/text",
        data={"csrf_token": token, "country": "GB", "description": "I can't feel the toilet paper"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/check/result"
    assert level_of(web.get("/check/result")) == "emergency"


def test_own_words_with_an_emergency_of_unstated_side_go_to_the_emergency_result(
    web: TestClient,
) -> None:
    """A worsening foot drop is an emergency whichever leg it is: the leg not being named is no
    reason to keep asking (Part I §2 "Side not stated", §4a)."""
    pytest.importorskip("spacy")
    token = token_of(web.get("/"))
    words = "my foot suddenly started dragging yesterday and it's getting worse"
    moved = web.post(
        "/check/text",
        data={"csrf_token": token, "country": "GB", "description": words},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/check/result"
    result = web.get("/check/result")
    assert level_of(result) == "emergency"
    assert "No leg symptoms were reported" not in text(result), "the drawing must not reassure"
    assert "a leg (which one was not said)" in text(result)


def test_own_words_of_unstated_side_are_understood_and_the_leg_asked(web: TestClient) -> None:
    pytest.importorskip("spacy")
    token = token_of(web.get("/"))
    moved = web.post(
        "/check/text",
        data={"csrf_token": token, "country": "GB", "description": "My leg is weak"},
        follow_redirects=False,
    )
    assert moved.headers["location"] == "/check/understood"
    page = text(web.get("/check/understood"))
    assert norm(flow.shown("symptoms.weakness", "en").text) in page, "not dropped"
    assert "Yes (which leg not said yet)" in page
    assert "unspecified" not in page, "plain words, never a code"
    # Walking on, the flow asks which leg (the answer can still change the outcome).
    where, asked = "/check/q/1", []
    while where.startswith("/check/q/") and len(asked) < 25:
        field = field_of(web.get(where))
        assert field is not None
        asked.append(field)
        if field == "symptoms.weakness":
            break
        moved = web.post(
            where,
            data={"csrf_token": token, "field": field, "answer": posted(benign(field))},
            follow_redirects=False,
        )
        where = moved.headers["location"]
    assert "symptoms.weakness" in asked, asked


def test_own_words_are_read_in_their_own_language_not_the_pages(web: TestClient) -> None:
    """A French description typed on the English page: the French rules read it (the page's
    language had been passed to the reader, and the English rules lost the leg and the night)."""
    pytest.importorskip("spacy")
    token = token_of(web.get("/"))
    words = (
        "Sciatique gauche depuis 10 jours, la nuit ça ne se calme pas, quelle que soit la position."
    )
    moved = web.post(
        "/check/text",
        data={"csrf_token": token, "country": "GB", "description": words},
        follow_redirects=False,
    )
    assert moved.headers["location"] == "/check/understood"
    page = text(web.get("/check/understood"))
    assert '<html lang="en">' in web.get("/check/understood").text
    assert "Left leg" in page
    assert norm(flow.shown("symptoms.night_pain", "en").text) in page


def test_own_words_show_what_was_understood(web: TestClient) -> None:
    pytest.importorskip("spacy")
    token = token_of(web.get("/"))
    moved = web.post(
        "/check/text",
        data={"csrf_token": token, "country": "GB", "description": "My left leg hurts"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/check/understood"
    page = web.get("/check/understood")
    assert "symptoms.leg_pain" not in text(page), "plain words, never field paths"
    assert norm(flow.shown("symptoms.leg_pain", "en").text) in text(page)
    assert "Left leg" in text(page)
    assert "You wrote: “My left leg hurts”" in text(page) or "You wrote: My left leg hurts" in text(
        page
    ), "each answer shows the words it was read from"
    assert 'href="/check/understood/symptoms.leg_pain"' in page.text  # the edit link
    edit = web.get("/check/understood/symptoms.leg_pain")
    assert 'value="left" checked' in edit.text
    saved = web.post(
        "/check/understood/symptoms.leg_pain",
        data={"csrf_token": token, "field": "symptoms.leg_pain", "answer": "right"},
        follow_redirects=False,
    )
    assert saved.headers["location"] == "/check/understood"
    changed = text(web.get("/check/understood"))
    assert "Right leg" in changed
    assert "You wrote" not in changed, "a changed answer is theirs, not read from the words"
    # the flow does not ask it again
    first = web.get("/check/q/1")
    assert field_of(first) == "screen.call_now"


# --- safety ------------------------------------------------------------------------------------


def test_csrf_is_required(web: TestClient) -> None:
    web.get("/")
    assert web.post("/check/start", data={"country": "GB"}).status_code == 403
    forged = {"country": "GB", "csrf_token": "forged.token"}
    assert web.post("/check/start", data=forged).status_code == 403


def _signed(payload: Any) -> str:
    from starlette.requests import Request

    from sciatica.web.pages.selfcheck import _key, _sign

    app = create_app(Settings(secret_key=SECRET))
    request = Request({"type": "http", "app": app, "headers": []})
    raw = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    return f"{raw}.{_sign(_key(request), raw)}"


GOOD = {"v": 2, "c": "GB", "s": [], "p": {}, "m": False}


@pytest.mark.parametrize(
    "cookie",
    [
        "",
        "garbage",
        "abc.def",
        "x" * 5000,
        _signed(GOOD)[:-2] + "00",
        _signed([]),
        _signed({**GOOD, "v": 1}),
        _signed({**GOOD, "c": "XX"}),
        _signed({**GOOD, "s": [["nope", True]]}),
        _signed({**GOOD, "s": [["symptoms.bladder", "explode"]]}),
        _signed({**GOOD, "s": [["screen.call_now", False], ["symptoms.speech_difficulty", True]]}),
        _signed({**GOOD, "s": [["patient.age", 999]]}),
        _signed({**GOOD, "s": [["patient.age", True]]}),
        _signed({**GOOD, "s": [[]]}),
        _signed({**GOOD, "p": {"symptoms.leg_pain": 3}}),
        _signed({**GOOD, "m": "yes"}),
        _signed({**GOOD, "extra": 1}),
        _signed({**GOOD, "s": [["symptoms.bladder"]] * 3}),
    ],
)
def test_tampered_state_is_refused_cleanly(web: TestClient, cookie: str) -> None:
    token = token_of(web.get("/"))
    for method, path, data in (
        ("GET", "/check/q/1", None),
        ("GET", "/check/q/2", None),
        ("POST", "/check/q/1", {"field": "screen.call_now", "answer": "false"}),
        ("GET", "/check/result", None),
        ("POST", "/check/more", {}),
    ):
        web.cookies.set(STATE_COOKIE, cookie)
        if method == "GET":
            page = web.get(path, follow_redirects=False)
        else:
            page = web.post(path, data={"csrf_token": token, **(data or {})})
        if cookie == "":
            assert page.status_code in (303, 400), path
            continue
        assert page.status_code == 400, (path, cookie[:60])
        assert h1(page) == EN["sc_problem_title"]
        assert 'href="/?lang=en"' in page.text


def test_other_refusals(web: TestClient) -> None:
    walk = Walk(web)
    # an answer for another question than the one on the page
    wrong = web.post(
        "/check/q/1", data={"csrf_token": walk.token, "field": "patient.age", "answer": "40"}
    )
    assert wrong.status_code == 400
    walk = Walk(web)
    bad = web.post("/check/start", data={"csrf_token": walk.token, "country": "ZZ"})
    assert bad.status_code == 400
    walk = Walk(web)
    walk.answer(True)
    walk.answer(True)
    assert (
        web.post("/check/country", data={"csrf_token": walk.token, "country": "ZZ"}).status_code
        == 400
    )


def test_result_in_another_country(web: TestClient) -> None:
    walk = Walk(web, country="GB")
    walk.answer(True)
    walk.answer(True)
    assert re.search(r'class="button sc-call" href="tel:999"', walk.page.text)
    moved = web.post(
        "/check/country", data={"csrf_token": walk.token, "country": "AU"}, follow_redirects=False
    )
    assert moved.status_code == 303
    assert re.search(r'class="button sc-call" href="tel:000"', web.get("/check/result").text)


def test_a_duration_in_the_words_goes_to_the_band_that_holds_it() -> None:
    from sciatica.web.api.text import prefill

    bands = [v for v, _ in flow.catalogue().items["history.symptom_days"].options]
    for days in range(0, 200):
        value = prefill({"history.symptom_days": days})["history.symptom_days"]
        assert value in bands and value <= days  # the band's shortest duration: the safe side
        assert not [b for b in bands if value < b <= days], (days, value)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_headline_does_not_repeat_the_action_under_it(lang: str) -> None:
    """The headline is the outcome and the line under it the action (issue 10): the same words
    twice read as padding to a frightened person."""
    from sciatica.advice import countries

    t = EN if lang == "en" else FR

    def words(s: str) -> list[str]:
        return re.findall(r"\w+", s.lower())

    for country in countries().values():
        for level in ("urgent", "soon", "routine", "self_care"):
            headline = words(t[f"sc_level_{level}"])
            action = words(getattr(getattr(country.actions, level), lang))
            shared = [w for w in headline if w in action[: len(headline) + 2] and len(w) > 3]
            assert len(shared) < 2, (country.code, level, headline, action[:8])
