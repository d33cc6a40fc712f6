"""Free text everywhere: `sciatica assess --text`, POST /api/v1/assess-text, the self-check box."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from fastapi.testclient import TestClient

from sciatica.cli.main import main
from sciatica.web import create_app

TEXT = "My left foot drags and I can't feel the toilet paper."


def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--text", TEXT, "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["triage"]["level"] == "emergency"
    assert "«foot drags»" in err


def test_cli_text_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "note.txt"
    f.write_text("Sciatique droite depuis 2 mois, pas de faiblesse.", encoding="utf-8")
    assert main(["assess", "--text-file", str(f), "--json", "--today", "2026-03-12"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["locale"] == "fr"
    assert main(["assess", "--text", "  "]) == 2
    assert main(["assess"]) == 2


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_api_assess_text(client: TestClient) -> None:
    r = client.post("/api/v1/assess-text", json={"text": TEXT, "today": "2026-03-12"})
    assert r.status_code == 200
    data = r.json()
    assert data["case"]["symptoms"]["foot_drop"] == "left"
    assert data["assessment"]["triage"]["level"] == "emergency"
    spans = {s["field"]: s for s in data["spans"]}
    assert TEXT[spans["symptoms.foot_drop"]["start"] : spans["symptoms.foot_drop"]["end"]] == (
        "foot drags"
    )
    bad = client.post("/api/v1/assess-text", json={"text": "", "lang": "de", "x": 1})
    assert bad.status_code == 422
    assert {e["path"] for e in bad.json()["errors"]} == {"text", "lang", "x"}


@pytest.mark.parametrize("blank", ["   ", "\x1e\x1e", "\ufeff", " \x85 ", "\u3000"])
def test_a_blank_text_is_refused_as_the_schema_says(client: TestClient, blank: str) -> None:
    import re

    doc = client.get("/openapi.json").json()
    body = doc["paths"]["/api/v1/assess-text"]["post"]["requestBody"]["content"]
    pattern = body["application/json"]["schema"]["properties"]["text"]["pattern"]
    assert re.search(pattern, blank) is None, "the schema calls it blank too"
    r = client.post("/api/v1/assess-text", json={"text": blank})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "text"


def test_self_check_box_prefills_and_still_asks_the_red_flags(client: TestClient) -> None:
    start = client.get("/")
    assert 'name="description"' in start.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', start.text).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/check/text",
        follow_redirects=False,
        data={
            "csrf_token": token,
            "country": "FR",
            "description": "My left foot drags. No fever. I'm afraid I could lose bladder control.",
        },
    )
    assert r.status_code == 303, "Post/Redirect/Get"
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    text = html.unescape(page.text)
    shown = re.sub(r"<[^>]+>", " ", text)  # what the person reads (a link's address is not shown)
    assert "symptoms." not in shown and "history." not in shown, "no field paths shown"
    assert "drag" in text.lower() or "lift the front of your foot" in text.lower()
    assert "Since your leg symptoms began, has anything changed in the way you pass urine" not in (
        text
    ), "a worry is not an answer"
    first = client.get("/check/q/1")
    assert first.status_code == 200, "the walk goes on to the questions"


def test_self_check_box_needs_csrf(client: TestClient) -> None:
    fresh = TestClient(create_app())
    r = fresh.post("/check/text", data={"country": "FR", "description": TEXT})
    assert r.status_code in (400, 403)


NOTE = "L sciatica 4/7. O/E: L EHL 2/5, AJ absent L. Saddle sensation intact, PVR 40 ml."


def test_api_and_cli_read_an_examination_note(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    r = client.post("/api/v1/assess-text", json={"text": NOTE, "today": "2026-03-12"})
    assert r.status_code == 200
    data = r.json()
    assert data["case"]["exam"]["strength"]["left"]["great_toe_extension"] == 2
    assert data["case"]["exam"]["sensation"]["saddle"] == "normal"
    assert data["assessment"]["triage"]["level"] == "emergency"
    spans = {s["field"]: s for s in data["spans"]}
    grade = spans["exam.strength.left.great_toe_extension"]
    assert NOTE[grade["start"] : grade["end"]] == "EHL 2/5"
    assert main(["assess", "--text", NOTE, "--json", "--today", "2026-03-12"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["side"] == "left"
    assert "«AJ absent»" in err
