"""Re-check (`POST /check/again`): the last answers a browser kept start a self-check with them
filled in and the earlier check kept as `previous`; the same answers again show no change; what
recheck.js did not write is refused with the "start again" page (400), never a 500."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sciatica.web.pages.diary import diary_strings
from tests.test_flow import walk


def token(client: TestClient) -> str:
    page = client.get("/diary?lang=en")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def last_check(persona: dict[str, Any]) -> dict[str, Any]:
    """What recheck.js keeps: country, the steps in order, own-words answers, the date."""
    _, asked, answers, _ = walk(persona)
    return {"c": "GB", "s": [[f, answers[f]] for f in asked], "p": {}, "t": "2026-12-01"}


def again(client: TestClient, last: Any) -> Any:
    return client.post(
        "/check/again",
        data={"csrf_token": token(client), "last": json.dumps(last)},
        follow_redirects=False,
    )


def test_the_same_answers_again_show_no_change(client: TestClient) -> None:
    last = last_check({"symptoms.leg_pain": "left", "history.symptom_days": 43})
    answer = again(client, last)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/check/q/1"
    first = client.get("/check/q/1?lang=en")
    first_value = last["s"][0][1]
    assert f'value="{str(first_value).lower()}" checked' in first.text  # filled in
    result = client.get("/check/result?lang=en")
    assert result.status_code == 200
    d = diary_strings("en")
    assert d["recheck_changes_title"] in result.text
    assert d["recheck_no_change"] in result.text


@pytest.mark.parametrize(
    "last",
    [
        None,
        "text",
        {"c": "GB", "s": [], "p": {}},  # no date
        {"c": "GB", "s": [["not.a.question", 1]], "p": {}, "t": "2026-12-01"},
        {"c": "XX", "s": [], "p": {}, "t": "2026-12-01"},
        {"c": "GB", "s": [["symptoms.leg_pain", "up"]], "p": {}, "t": "2026-12-01"},
        {"c": "GB", "s": [], "p": {}, "t": "yesterday"},
        {"c": ["GB"], "s": [], "p": {}, "t": "2026-12-01"},
    ],
)
def test_what_recheck_js_did_not_write_is_refused(client: TestClient, last: Any) -> None:
    answer = again(client, last)
    assert answer.status_code == 400


def test_check_again_needs_the_forms_token(client: TestClient) -> None:
    last = last_check({"symptoms.leg_pain": "left", "history.symptom_days": 43})
    answer = client.post("/check/again", data={"last": json.dumps(last)}, follow_redirects=False)
    assert answer.status_code == 403
