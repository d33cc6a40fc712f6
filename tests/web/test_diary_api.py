"""The diary's stateless endpoints: `POST /api/v1/diary/check` lets the ENGINE decide on the latest
entry with the one before as `previous` (a leg newly affected, a cauda equina sign, "I don't know"),
adds leg pain climbing for two weeks, never lowers a level for a worse answer, gives no headline
when a warning-sign question is unanswered, refuses bad input naming the field, and logs nothing;
`POST /api/v1/diary/fhir` gives a Bundle that reads back into the same entries and passes the
independent FHIR validator."""

from __future__ import annotations

import itertools
import json
import logging
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sciatica.advice import LEVEL_RANK
from sciatica.diary import read_entries
from sciatica.web.i18n import translator
from sciatica.web.pages.diary import diary_strings

NO_FLAGS = {"saddle_numbness": "no", "bladder": "no", "bowel": "no", "weak": "none"}


def entry(day: str, legs: str = "left", leg_pain: int = 3, **more: Any) -> dict[str, Any]:
    return {"date": day, "legs": legs, "leg_pain": leg_pain, "back_pain": 2, **NO_FLAGS, **more}


def check(client: TestClient, entries: list[dict[str, Any]], **envelope: Any) -> dict[str, Any]:
    answer = client.post(
        "/api/v1/diary/check",
        json={
            "format": "sciatica-diary/1",
            "locale": "en",
            "country": "GB",
            **envelope,
            "entries": entries,
        },
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_one_leg_then_both_is_the_emergency_with_the_countrys_number(client: TestClient) -> None:
    before = entry("2026-11-30")
    calm = check(client, [before])
    assert calm["level"] not in ("emergency", "urgent")
    worse = check(client, [before, entry("2026-12-01", legs="both")])
    assert worse["level"] == "emergency"
    assert worse["call"]["href"] == "tel:999"
    assert translator("en")["sc_level_emergency"] in worse["html"]
    assert 'href="tel:999"' in worse["html"]
    assert translator("en")["sc_waiting_title"] in worse["html"]  # as the self-check's result
    fr = check(client, [before, entry("2026-12-01", legs="both")], locale="fr", country="FR")
    assert fr["call"]["href"] == "tel:15"
    assert translator("fr")["sc_level_emergency"] in fr["html"]


@pytest.mark.parametrize("flag", ["saddle_numbness", "bladder", "bowel"])
def test_a_cauda_equina_sign_is_the_emergency(client: TestClient, flag: str) -> None:
    assert check(client, [entry("2026-12-01", **{flag: "yes"})])["level"] == "emergency"


def test_unsure_is_never_reassurance(client: TestClient) -> None:
    result = check(client, [entry("2026-12-01", bladder="unsure")])
    assert result["level"] in ("urgent", "emergency")


def test_an_unanswered_warning_sign_gives_no_headline(client: TestClient) -> None:
    bare = {"date": "2026-12-01", "legs": "left", "leg_pain": 3, "back_pain": 2, "weak": "none"}
    result = check(client, [bare])
    assert result["level"] is None
    assert result["red_flags_answered"] is False
    t = translator("en")
    assert t["sc_no_result_title"] in result["html"]
    assert t["sc_level_self_care"] not in result["html"]
    assert 'href="tel:999"' in result["html"]


def test_a_worse_answer_never_lowers_the_level(client: TestClient) -> None:
    """Monotone: each warning sign no < unsure < yes, one leg < both, no weakness < weak."""
    order = {"no": 0, "unsure": 1, "yes": 2}
    levels: dict[tuple[str, ...], int] = {}
    for flags in itertools.product(order, repeat=3):
        for legs in ("left", "both"):
            answers = dict(zip(("saddle_numbness", "bladder", "bowel"), flags, strict=True))
            result = check(client, [entry("2026-12-01", legs=legs, **answers)])
            levels[(*flags, legs)] = LEVEL_RANK[result["level"]]
    for a, b in itertools.combinations(levels, 2):
        worse_or_same = all(order[x] <= order[y] for x, y in zip(a[:3], b[:3], strict=True))
        if worse_or_same and (a[3], b[3]) != ("both", "left"):
            assert levels[a] <= levels[b], (a, b)


def test_pain_climbing_for_two_weeks_asks_for_a_doctor_today(client: TestClient) -> None:
    rising = [
        entry("2026-11-16", leg_pain=3),
        entry("2026-11-23", leg_pain=4),
        entry("2026-11-30", leg_pain=5),
    ]
    result = check(client, rising)
    assert result["pain_climbing"] is True
    assert result["level"] == "urgent"
    assert diary_strings("en")["climbing"].format(first=3, last=5, days=14) in result["html"]
    # a dip on the way, or less than two weeks, is not a climb: the engine's level stands
    dipped = [rising[0], entry("2026-11-23", leg_pain=2), rising[2]]
    assert check(client, dipped)["pain_climbing"] is False
    short = check(client, rising[1:])
    assert short["pain_climbing"] is False
    assert LEVEL_RANK[short["level"]] < LEVEL_RANK["urgent"]
    # the trend never lowers the engine's emergency
    both = check(client, [*rising[:2], entry("2026-11-30", legs="both", leg_pain=5)])
    assert both["level"] == "emergency"


def test_entries_in_any_order_are_read_by_date(client: TestClient) -> None:
    older, newer = entry("2026-11-01"), entry("2026-11-02", legs="both")
    assert check(client, [newer, older])["level"] == "emergency"  # newer is the latest


def test_bad_input_names_each_field(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/diary/check",
        json={
            "entries": [
                {
                    "date": "2026-02-30",
                    "legs": "up",
                    "leg_pain": 11,
                    "back_pain": "2",
                    "bladder": "maybe",
                    "sbi": {"leg_pain": 9},
                    "mood": 1,
                }
            ],
            "locale": "de",
            "colour": 1,
        },
    )
    assert answer.status_code == 422
    paths = {e["path"] for e in answer.json()["errors"]}
    assert paths == {
        "colour", "locale", "entries[0].date", "entries[0].legs", "entries[0].leg_pain",
        "entries[0].back_pain", "entries[0].bladder", "entries[0].mood",
        # the index names each of its four items: one out of range, three missing
        "entries[0].sbi.leg_pain", "entries[0].sbi.numbness_tingling", "entries[0].sbi.weakness",
        "entries[0].sbi.back_or_leg_pain_sitting",
    }  # fmt: skip
    for junk in ([], {"entries": []}, {"entries": "x"}, {"entries": [1]}, "text", None):
        answer = client.post("/api/v1/diary/check", json=junk)
        assert answer.status_code == 422, junk
    answer = client.post(
        "/api/v1/diary/check", content=b"{", headers={"content-type": "text/plain"}
    )
    assert answer.status_code == 415


def test_nothing_is_logged(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        check(client, [entry("2026-12-01", legs="both", leg_pain=9)])
        client.post("/api/v1/diary/check", json={"entries": [{"date": "secret-1234"}]})
    assert "secret-1234" not in caplog.text
    assert "leg_pain" not in caplog.text


def test_fhir_export_reads_back_and_is_valid_r4(client: TestClient) -> None:
    from sciatica.fhir.diary import entries_from_bundle
    from tests.fhir.test_independent_validation import validate

    sent = [
        entry(
            "2026-11-30",
            sbi={
                "leg_pain": 3,
                "numbness_tingling": 1,
                "weakness": 0,
                "back_or_leg_pain_sitting": 5,
            },
        ),
        entry(
            "2026-12-01",
            legs="both",
            leg_pain=7,
            weak="left",
            weakness_course="worse",
            heel_walk="no",
            bladder="unsure",
        ),
    ]
    answer = client.post("/api/v1/diary/fhir", json={"entries": sent})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/fhir+json")
    bundle = answer.json()
    assert bundle["resourceType"] == "Bundle"
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["QuestionnaireResponse"] * 2
    assert entries_from_bundle(bundle) == read_entries(sent)
    assert validate([bundle]) == [[]]
    broken = json.loads(json.dumps(bundle))
    broken["entry"][0]["resource"]["status"] = "finished"  # not a QuestionnaireResponse status
    assert validate([broken]) != [[]]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("title: {en: Diary, fr: Carnet, de: Tagebuch}", "web/diary.yaml: title.de: unknown key"),
        ("title: {en: Diary}", "web/diary.yaml: title.fr: Field required"),
        ("title: {en: 'Diary {n}', fr: Carnet}", "web/diary.yaml: title"),
    ],
)
def test_a_corrupted_diary_strings_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, expected: str
) -> None:
    from sciatica.errors import KnowledgeError
    from sciatica.web import i18n

    source = resources.files("sciatica.web").joinpath("diary.yaml").read_text("utf-8")
    lines = [change if line.startswith("title:") else line for line in source.splitlines()]
    (tmp_path / "diary.yaml").write_text("\n".join(lines), "utf-8")
    monkeypatch.setattr(i18n, "DATA", tmp_path)
    with pytest.raises(KnowledgeError, match=re.escape(expected)):
        diary_strings.__wrapped__("en")
