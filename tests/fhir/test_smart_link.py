"""POST /clinician/prefill: the clinician page's script sends the `case=` fragment of a CDS card's
SMART link, and the server answers the form and result filled in (its own case -> form mapping)."""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from sciatica import assess, parse_case
from sciatica.fhir.cds import case_fragment
from sciatica.web import create_app
from sciatica.web.pages.clinician_form import case_from_form, prefill_words, values_from_case

from .conftest import example

EN = prefill_words("en")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def csrf(client: TestClient) -> str:
    page = client.get("/clinician")
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert found, "the page carries its CSRF token"
    return found.group(1)


def prefill(client: TestClient, body: Any, token: str | None = None) -> Any:
    headers = {"X-CSRF-Token": token if token is not None else csrf(client)}
    return client.post("/clinician/prefill", json=body, headers=headers)


def fragment_of(case: dict[str, Any]) -> str:
    return case_fragment(parse_case(case)).removeprefix("case=")


def selected(html: str, path: str) -> str:
    """The value a control of the form holds ('' for none)."""
    control_id = "f-" + path.replace(".", "-")
    select = re.search(rf'<select id="{control_id}".*?</select>', html, re.S)
    if select:
        option = re.search(r'<option value="([^"]*)" selected>', select.group(0))
        return option.group(1) if option else ""
    # a segmented control (issue 14): a radio group named by its fieldset, one radio checked
    group = re.search(
        rf'<fieldset class="cl-seg[^"]*"\s+id="{control_id}".*?</fieldset>', html, re.S
    )
    if group:
        checked = re.search(r'value="([^"]*)" checked>', group.group(0))
        return checked.group(1) if checked else ""
    found = re.search(rf'<input id="{control_id}"[^>]*value="([^"]*)"', html, re.S)
    assert found, f"no control for {path}"
    return found.group(1)


def level_shown(html: str) -> str:
    found = re.search(r'<div class="cl-panel"[^>]*data-level="([a-z_]+)"', html)
    assert found, "no result panel"
    return found.group(1)


@pytest.mark.parametrize(
    "name", ["cauda-equina-self-check", "peroneal-palsy", "follow-up-worsening"]
)
def test_a_case_fills_the_form_and_shows_its_result(client: TestClient, name: str) -> None:
    case = example(name)
    answer = prefill(client, {"fragment": fragment_of(case)})
    assert answer.status_code == 200
    html = answer.text
    assert 'id="cl-form"' in html and 'id="result"' in html
    assert EN["done"] in html and "cl-refused" not in html
    for path, value in values_from_case(case).items():
        assert selected(html, path) == value, path
    assert level_shown(html) == assess(case).triage.level


def test_values_without_a_field_are_named_and_left_out(client: TestClient) -> None:
    case = example("paralysing-l5-contract")
    assert case["previous"]["symptoms"]["weakness"]
    html = prefill(client, {"fragment": fragment_of(case)}).text
    assert EN["left_out"] in html
    assert "<code>previous.symptoms.weakness</code>" in html
    assert "<code>format</code>" not in html and "<code>id</code>" not in html
    # the result is the assessment of what the form holds, as a later edit would give
    held, _ = case_from_form(values_from_case(case), "en")
    assert level_shown(html) == assess(held).triage.level
    assert selected(html, "exam.strength.left.great_toe_extension") == "1"
    assert selected(html, "previous.days_ago") == str(case["previous"]["days_ago"])


def test_an_out_of_range_value_is_shown_refused_not_dropped(client: TestClient) -> None:
    raw = {"format": "sciatica-case/1", "patient": {"age": 400}, "symptoms": {"weakness": "left"}}
    text = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")
    html = prefill(client, {"fragment": text}).text
    assert selected(html, "patient.age") == "400"
    assert 'class="cl-panel cl-refused"' in html and 'data-error-for="f-patient-age"' in html


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"fragment": "not*base64!"}, "encoding"),
        ({"fragment": "A"}, "encoding"),  # one character cannot be base64
        ({"fragment": b64(b"\xff\xfe not utf-8")}, "json"),
        ({"fragment": b64(b"{not json")}, "json"),
        ({"fragment": b64(b"[1, 2]")}, "case"),
        ({"fragment": b64(b'{"format": "sciatica-assessment/1"}')}, "case"),
        ({"fragment": "A" * 50_000}, "size"),
        ({"fragment": 12}, "case"),
        ([], "case"),
    ],
)
def test_a_malformed_fragment_gets_a_clear_message(
    client: TestClient, body: Any, reason: str
) -> None:
    answer = prefill(client, body)
    assert answer.status_code == 200  # a message in the page, not an error for fetch()
    message = EN["failed"].format(reason=EN[reason])
    assert escape(message) in answer.text
    assert 'id="cl-form"' in answer.text and "data-level=" not in answer.text
    assert selected(answer.text, "exam.strength.left.ankle_dorsiflexion") == ""


def test_a_body_that_is_not_json_gets_the_message(client: TestClient) -> None:
    token = csrf(client)
    answer = client.post(
        "/clinician/prefill",
        content=b"case=abc",
        headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
    )
    assert answer.status_code == 200
    assert EN["failed"].format(reason=EN["json"]) in answer.text


def test_french_pages_get_french_messages(client: TestClient) -> None:
    client.cookies.set("sciatica_lang", "fr")
    answer = prefill(client, {"fragment": "*"})
    french = prefill_words("fr")
    assert escape(french["failed"].format(reason=french["encoding"])) in answer.text


def test_without_the_csrf_token_it_is_refused(client: TestClient) -> None:
    csrf(client)  # the cookie is set
    body = {"fragment": fragment_of(example("peroneal-palsy"))}
    assert prefill(client, body, token="forged.token").status_code == 403
    assert client.post("/clinician/prefill", json=body).status_code == 403


def test_the_case_reaches_no_log(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    case = example("cauda-equina-self-check")
    fragment = fragment_of(case)
    with caplog.at_level(logging.DEBUG):
        assert prefill(client, {"fragment": fragment}).status_code == 200
        prefill(client, {"fragment": fragment[:-7] + "*"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert fragment[:40] not in logged and '"saddle_numbness"' not in logged


def test_the_page_and_its_script_are_ready_for_the_link(client: TestClient) -> None:
    page = client.get("/clinician").text
    assert 'id="cl-workspace" data-prefill-url="/clinician/prefill"' in page
    assert "data-msg-prefill-failed=" in page
    script = client.get("/static/clinician.js").text
    assert 'indexOf("#case=") === 0' in script and "history.replaceState" in script
