"""Hostile and broken JSON at every door (issue 13, part 1): refused with the problem named, never a
traceback, never a 5xx. The limits live once in `sciatica.validation.parse_json`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sciatica.cli.main import main
from sciatica.errors import InvalidCase
from sciatica.validation import MAX_JSON_DEPTH, _surely_sound, check_json_value, parse_json
from sciatica.web import create_app
from sciatica.web.api.cds_hooks import CdsSettings, CdsState

CASE = '{"format": "sciatica-case/1", "patient": %s}'
HOSTILE = {
    "nested 3,000 deep": CASE % ("[" * 3000 + "]" * 3000),
    "nested just past the limit": CASE % ("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH),
    "an integer of 5,000 digits": CASE % ('{"age": ' + "9" * 5000 + "}"),
    "a float of 400 digits": CASE % ('{"age": 1.' + "1" * 400 + "}"),
    "NaN": CASE % '{"age": NaN}',
    "Infinity": CASE % '{"age": -Infinity}',
    "a lone surrogate": '{"format": "sciatica-case/1", "id": "\\ud800"}',
    "a lone surrogate in a key": '{"format": "sciatica-case/1", "\\udc00": 1}',
    "a QuestionnaireResponse nested 400 deep": (
        '{"resourceType": "QuestionnaireResponse", "status": "completed", "item": '
        + '[{"linkId": "a", "item": ' * 400
        + "[]"
        + "}]" * 400
        + "}"
    ),
    "not UTF-8": b'{"format": "sciatica-case/1", "id": "\xff\xfe"}',
}
NAMED = ("nested", "digits", "not a JSON number", "surrogate", "not UTF-8", "not valid")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_json_refuses_naming_the_problem(name: str) -> None:
    with pytest.raises(InvalidCase) as refused:
        parse_json(HOSTILE[name])
    assert any(word in p.message for p in refused.value.problems for word in NAMED)


def test_the_limits_leave_real_input_alone() -> None:
    deep_enough = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    assert parse_json(deep_enough)
    assert parse_json('{"id": "café ☕ 🦶", "n": 123456789012, "w": 3.0}') == {
        "id": "café ☕ 🦶",
        "n": 123456789012,
        "w": 3,
    }


SURROGATE_UTF16 = '{"id": "\ud800x"}'.encode("utf-16-le", "surrogatepass")


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE.values(),
        b'{"id": "\\ud800"}',
        b'{"id": "\xed\xa0\x80"}',  # a surrogate written as UTF-8 bytes
        SURROGATE_UTF16,
        b"\xef\xbb\xbf" + '{"id": "caf\u00e9"}'.encode(),  # with a UTF-8 BOM
        "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH,
        ("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH).encode(),
        '{"a": "{[{[{[{["}',
        bytearray(b'{"a": 1}'),
    ],
)
def test_the_quick_look_at_the_text_never_lets_through_what_the_walk_refuses(
    text: str | bytes,
) -> None:
    """`parse_json` skips walking the value only when the text shows it is sound."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # refused before any look at the value
        return
    if _surely_sound(text):
        check_json_value(value)  # raises InvalidCase if the quick look was wrong


def test_a_lone_surrogate_in_utf16_is_still_refused() -> None:
    with pytest.raises(InvalidCase, match="surrogate"):
        parse_json(SURROGATE_UTF16)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app()
    app.state.cds = CdsState(CdsSettings(require_jwt=False))  # what it does with data
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


ENDPOINTS = [
    "/api/v1/assess",
    "/api/v1/assess?format=fhir",
    "/api/v1/assess-text",
    "/api/v1/self-check",
    "/cds-services/sciatica-triage",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_json_endpoint_refuses_with_a_named_problem(
    client: TestClient, endpoint: str, name: str
) -> None:
    body = HOSTILE[name]
    answer = client.post(endpoint, content=body, headers={"content-type": "application/json"})
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:300])
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "Traceback" not in answer.text
    problem = answer.json()
    assert problem["status"] == answer.status_code
    said = problem.get("detail", "") + " ".join(e["message"] for e in problem.get("errors", []))
    assert any(word in said for word in NAMED), said


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_command_line_refuses_with_exit_2_and_no_traceback(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = HOSTILE[name]
    path = tmp_path / "case.json"
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass"))
    assert main(["assess", str(path)]) == 2  # an exception would fail the test here
    said = capsys.readouterr().err
    assert any(word in said for word in NAMED), said
