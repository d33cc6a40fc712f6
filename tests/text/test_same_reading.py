"""One reading of a text serves every path into the engine (issue 12): `sciatica assess --text`,
`POST /api/v1/assess-text`, `sciatica screen` and the self-check's own-words box give the same
case and the same level, roots and presentation as `extract` then `assess`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("medspacy")

from fastapi.testclient import TestClient

from sciatica import flow
from sciatica.cli.main import main
from sciatica.engine import assess
from sciatica.text.extract import extract
from sciatica.text.screen import Job, run
from sciatica.web import create_app
from sciatica.web.api.text import prefill

TODAY = "2026-03-12"
# Our own writing, as messy as real posts: relatives, unstated sides, French, past episodes.
TEXTS = {
    "foot-drop-fr": "Depuis 3 jours je n'arrive plus a relever le pied gauche, ca s'aggrave.",
    "wife-ces": "my wife says she cant feel the toilet paper and shes been peeing herself since tuesday",
    "unsided": "my foot started dragging last week. back pain too",
    "past-episode": "had sciatica in 2019 that got better. Now left leg pain for 10 days, no weakness",
    "stable-numbness": "both my feet have been numb for 6 years, diabetic, nothing new",
    "pain-only": "Right sided sciatica for about 5 weeks, pain 6/10, walking is ok",
}


def _reference(text: str) -> tuple[dict[str, Any], Any]:
    extraction = extract(text, today=date.fromisoformat(TODAY))
    return extraction.case.model_dump(mode="json", exclude_none=True), assess(extraction.case)


def _summary(a: dict[str, Any]) -> tuple[Any, ...]:
    roots = [(r["root"], r["side"]) for r in a["roots"]]
    return a["triage"]["level"], a["presentation"], a["side"], roots


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_cli_and_api_give_the_library_reading(
    name: str, client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TEXTS[name]
    case, reference = _reference(text)
    want = _summary(reference.to_json_dict())
    assert main(["assess", "--text", text, "--json", "--today", TODAY]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert _summary(cli) == want
    api = client.post("/api/v1/assess-text", json={"text": text, "today": TODAY}).json()
    assert _summary(api["assessment"]) == want
    assert {k: v for k, v in api["case"].items() if k != "case_id"} == {
        k: v for k, v in case.items() if k != "case_id"
    }


def test_screen_gives_the_library_reading(tmp_path: Path) -> None:
    src = tmp_path / "notes.jsonl"
    src.write_text(
        "".join(json.dumps({"nid": k, "note": v}) + "\n" for k, v in TEXTS.items()),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    job = Job(src, out, "note", "nid", today=TODAY, workers=1, chunk_size=2, progress=False)
    assert run(job) == (len(TEXTS), 0)
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    for name, text in TEXTS.items():
        _, reference = _reference(text)
        row = rows[name]
        roots = json.loads(row["roots"]) if isinstance(row["roots"], str) else row["roots"]
        assert row["level"] == reference.triage.level, name
        assert row["presentation"] == reference.presentation, name
        assert [(r["root"], r["side"]) for r in roots] == [
            (r.root, r.side) for r in reference.roots
        ], name


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_own_words_box_starts_from_the_same_reading(name: str) -> None:
    """Every answer the box fills is the reading's own value (a duration goes to the band that
    holds it, on its short side), and no self-check field the reading found is dropped."""
    extraction = extract(TEXTS[name], today=date.fromisoformat(TODAY))
    found = extraction.findings()
    answers = prefill(found)
    cat = flow.catalogue().items
    for path, value in found.items():
        if path not in flow.question_fields():
            continue
        assert path in answers, (path, value)
        if cat[path].kind == "band":
            assert answers[path] <= value
        else:
            assert answers[path] == value, path
