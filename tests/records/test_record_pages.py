"""The patient page's outcome-score forms, episodes, data rights (export, delete) and the HTML
error pages, on both backends, with plain form posts (no JavaScript)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import select

from sciatica.records.db import Store
from sciatica.records.models import AuditEvent, Visit
from sciatica.records.scores import KEELE_NOTICE, ODI_SECTIONS, STARTBACK_ITEMS

from .test_pages import add_visit, csrf, new_patient, sign_in

HTML = {"accept": "text/html,application/xhtml+xml"}
SBI = {
    "sbi_leg_pain": "5",
    "sbi_numbness_tingling": "3",
    "sbi_weakness": "4",
    "sbi_back_or_leg_pain_sitting": "2",
}


def startback(agree: int, bother: int) -> dict[str, str]:
    """The first `agree` of items 1-8 agreed, item 9 at `bother`."""
    answers = {f"startback_{k}": str(int(i < agree)) for i, k in enumerate(STARTBACK_ITEMS[:8])}
    return {**answers, f"startback_{STARTBACK_ITEMS[8]}": str(bother)}


def odi(*scores: int) -> dict[str, str]:
    """Sections in order; a missing score leaves the section blank."""
    return {f"odi_{s}": str(v) for s, v in zip(ODI_SECTIONS, scores, strict=False)}


def post_score(
    client: TestClient, token: str, patient: str, name: str, form: dict[str, str]
) -> Any:
    return client.post(
        f"{patient}/scores/{name}", data={"csrf_token": token, **form}, follow_redirects=False
    )


def section(page: str, ident: str) -> str:
    """The HTML of <section id=ident> (up to the next section at the same level)."""
    match = re.search(rf'<section[^>]*id="{ident}".*?</section>', page, re.S)
    assert match, ident
    return match.group(0)


def rows(page: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert table, table_id
    body = table.group(0).split("<tbody>")[1]
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def series(page: str, chart: str, key: str) -> list[str]:
    found = re.search(rf'<svg id="{chart}".*?data-series="{key}">(.*?)</g>', page, re.S)
    assert found, (chart, key)
    return re.findall(r'class="rec-point"[^>]*data-value="([^"]+)"', found.group(1))


@pytest.fixture
def signed_in(app_client: TestClient) -> tuple[TestClient, str, str]:
    """Alice signed in, with a patient who has two visits (the latest on 2025-03-08)."""
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    add_visit(app_client, token, patient, "2025-03-01", 5)
    add_visit(app_client, token, patient, "2025-03-08", 4)
    return app_client, token, patient


# --- outcome scores ----------------------------------------------------------------------------


def test_scores_are_recorded_shown_newest_first_and_charted(
    signed_in: tuple[TestClient, str, str],
) -> None:
    client, token, patient = signed_in
    page = client.get(patient).text
    assert "No score recorded yet." in page
    for name in ("nprs", "sbi", "startback", "odi"):
        assert f'action="{patient}/scores/{name}"' in page
    assert "Link to the latest visit (2025-03-08)" in page
    assert KEELE_NOTICE in page  # with the STarT Back form, before any result

    answers: list[tuple[str, dict[str, str]]] = [
        ("nprs", {"nprs_leg": "7", "nprs_back": "2"}),
        ("nprs", {"nprs_leg": "4"}),
        ("sbi", SBI),
        ("startback", startback(8, 4)),  # total 9, distress 5: high
        ("startback", startback(2, 0)),  # total 2: low
        ("odi", odi(3, 3, 3, 3, 3, 3, 3, 3, 3)),  # 9 sections: 27 / 45 = 60 %
        ("odi", odi(1, 1, 1, 1, 1, 1, 1, 1)),  # 8 sections: 20 %
    ]
    for name, form in answers:
        answer = post_score(client, token, patient, name, {**form, "link_visit": "yes"})
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == f"{patient}#scores-{name}"

    page = client.get(patient).text
    assert rows(page, "table-nprs") == [["2025-03-08", "4", "–"], ["2025-03-08", "7", "2"]]
    assert rows(page, "table-sbi") == [["2025-03-08", "14"]]
    assert rows(page, "table-startback") == [
        ["2025-03-08", "2", "0", "low risk"],
        ["2025-03-08", "9", "5", "high risk"],
    ]
    assert rows(page, "table-odi") == [
        ["2025-03-08", "20.0 %", "8/10"],
        ["2025-03-08", "60.0 %", "9/10"],
    ]
    assert series(page, "chart-nprs", "leg") == ["7", "4"]
    assert series(page, "chart-nprs", "back") == ["2"]
    assert series(page, "chart-sbi", "total") == ["14"]
    assert series(page, "chart-startback", "total") == ["9", "2"]
    assert series(page, "chart-odi", "percent") == ["60.0", "20.0"]
    assert KEELE_NOTICE in section(page, "scores-startback")

    export = client.post(f"{patient}/export", data={"csrf_token": token}).json()
    latest_visit = export["episodes"][-1]["visits"][-1]["id"]
    assert {s["visit_id"] for s in export["scores"]} == {latest_visit}


def test_a_score_without_the_visit_link_is_dated_today(
    signed_in: tuple[TestClient, str, str],
) -> None:
    client, token, patient = signed_in
    assert post_score(client, token, patient, "sbi", SBI).status_code == 303  # box not ticked
    page = client.get(patient).text
    today = re.search(r'id="seen_on" name="seen_on" type="date" value="([^"]+)"', page)
    assert today and rows(page, "table-sbi") == [[today.group(1), "14"]]


@pytest.mark.parametrize(
    ("name", "form", "message", "field"),
    [
        ("nprs", {}, "Leg or back pain: rate at least one of the two from 0 to 10.", "nprs_leg"),
        ("nprs", {"nprs_leg": "11"}, "Leg pain: choose a value from 0 to 10.", "nprs_leg"),
        (
            "sbi",
            {**SBI, "sbi_weakness": ""},
            "Weakness in the leg or foot: choose a value from 0 to 6.",
            "sbi_weakness",
        ),
        (
            "startback",
            {**startback(1, 1), "startback_worry": "2"},
            "6. Worry: choose a value from 0 to 1.",
            "startback_worry",
        ),
        (
            "startback",
            {**startback(1, 1), "startback_bothersomeness": "x"},
            "9. Overall bothersomeness: choose a value from 0 to 4.",
            "startback_bothersomeness",
        ),
        (
            "odi",
            odi(2, 2, 2, 2, 2, 2, 2),
            "Oswestry: 7 of 10 sections answered; at least 8 are needed.",
            "odi_sex_life",
        ),
        ("odi", odi(2, 6), "2. Personal care: choose a value from 0 to 5.", "odi_personal_care"),
    ],
)
def test_a_refused_score_names_the_field(
    signed_in: tuple[TestClient, str, str],
    name: str,
    form: dict[str, str],
    message: str,
    field: str,
) -> None:
    client, token, patient = signed_in
    answer = post_score(client, token, patient, name, form)
    assert answer.status_code == 422
    assert f'<a href="#{field}">{message}</a>' in answer.text
    assert re.search(rf'<select id="{field}" name="{field}" aria-invalid="true"', answer.text)
    assert f'<details class="rec-score-form" id="form-{name}" open>' in answer.text
    for key, value in form.items():  # the answers are kept
        if value.isdigit() and key != field:
            assert re.search(rf'id="{key}".*?<option value="{value}" selected>', answer.text, re.S)
    assert "No score recorded yet." in client.get(patient).text  # nothing was saved


def test_refusals_in_french_and_bad_instruments(signed_in: tuple[TestClient, str, str]) -> None:
    client, token, patient = signed_in
    answer = client.post(
        f"{patient}/scores/sbi?lang=fr", data={"csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 422
    assert "Douleur de jambe : choisissez une valeur de 0 à 6." in answer.text
    page = client.get(f"{patient}?lang=fr").text
    assert KEELE_NOTICE in page and 'lang="en"' in page  # the legal notice stays in English
    assert post_score(client, token, patient, "roland", {}).status_code == 404
    assert client.post(f"{patient}/scores/sbi", data=SBI).status_code == 403  # no CSRF token


# --- episodes ----------------------------------------------------------------------------------


def episode_rows(page: str) -> list[tuple[str, str]]:
    """(status, visits) per episode row, newest first."""
    return re.findall(
        r'<tr data-episode="\d+" data-status="(\w+)">.*?</td>\s*<td>(\d+)</td>', page, re.S
    )


def episode_starts(page: str) -> list[str]:
    return re.findall(r'<tr data-episode="\d+" data-status="\w+">\s*<th scope="row">([^<]+)<', page)


def test_episodes_close_reopen_and_new(signed_in: tuple[TestClient, str, str]) -> None:
    client, token, patient = signed_in
    page = client.get(patient).text
    assert episode_rows(page) == [("open", "2")]
    # Recorded today, but its first visit was on 2025-03-01: the episode started then.
    assert episode_starts(page) == ["2025-03-01"]
    close = re.search(r'action="([^"]+/episodes/(\d+)/close)"', page)
    assert close
    first = close.group(2)
    answer = client.post(close.group(1), data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"{patient}#episodes"
    page = client.get(patient).text
    assert episode_rows(page) == [("closed", "2")]
    assert "closed on " in section(page, "episodes")

    add_visit(client, token, patient, "2025-04-01", 5)  # the visit opens a new episode
    assert episode_rows(client.get(patient).text) == [("open", "1"), ("closed", "2")]

    reopen = f"{patient}/episodes/{first}/reopen"
    assert (
        client.post(reopen, data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    assert episode_rows(client.get(patient).text) == [("open", "1"), ("open", "2")]

    new = client.post(
        f"{patient}/episodes",
        data={"csrf_token": token, "note": "new fall, right leg"},
        follow_redirects=False,
    )
    assert new.status_code == 303
    page = client.get(patient).text
    assert episode_rows(page) == [("open", "0"), ("open", "1"), ("open", "2")]
    today = datetime.now(UTC).date().isoformat()  # an episode without visits: when it was opened
    assert episode_starts(page) == [today, "2025-04-01", "2025-03-01"]
    assert "<td>new fall, right leg</td>" in page
    assert client.post(reopen, data={}).status_code == 403  # no CSRF token
    assert (
        client.post(f"{patient}/episodes/999999/close", data={"csrf_token": token}).status_code
        == 404
    )


# --- data rights -------------------------------------------------------------------------------


def test_export_downloads_the_whole_record(signed_in: tuple[TestClient, str, str]) -> None:
    client, token, patient = signed_in
    post_score(client, token, patient, "sbi", SBI)
    page = client.get(patient).text
    assert f'action="{patient}/export"' in page and "Export record (JSON)" in page
    number = re.search(r"P-[A-Z2-9]{4}-[A-Z2-9]{4}", page)
    assert number

    answer = client.post(f"{patient}/export", data={"csrf_token": token})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"] == f'attachment; filename="{number.group(0)}.json"'
    assert "no-store" in answer.headers["cache-control"]
    record = json.loads(answer.content)
    assert record["format"] == "sciatica-record/1"
    assert record["patient"]["record_number"] == number.group(0)
    assert [len(e["visits"]) for e in record["episodes"]] == [2]
    assert [s["instrument"] for s in record["scores"]] == ["sbi"]
    assert client.post(f"{patient}/export", data={}).status_code == 403  # no CSRF token
    assert client.get(f"{patient}/export").status_code == 405


def test_export_as_fhir_downloads_a_bundle_of_the_record(
    signed_in: tuple[TestClient, str, str], store: Store
) -> None:
    client, token, patient = signed_in
    post_score(client, token, patient, "sbi", SBI)
    page = client.get(patient).text
    assert 'name="format" value="fhir"' in page and "Export record (FHIR R4 Bundle)" in page
    number = re.search(r"P-[A-Z2-9]{4}-[A-Z2-9]{4}", page)
    assert number
    answer = client.post(f"{patient}/export", data={"csrf_token": token, "format": "fhir"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/fhir+json")
    expected = f'attachment; filename="{number.group(0)}.fhir.json"'
    assert answer.headers["content-disposition"] == expected
    bundle = Bundle.model_validate_json(answer.content)  # a real FHIR model, not a look-alike
    kinds = [e.resource.get_resource_type() for e in bundle.entry or []]
    assert kinds.count("Patient") == 1 and kinds.count("Encounter") == 2
    assert "RiskAssessment" in kinds and "Observation" in kinds
    with store.session() as s:
        actions = list(s.scalars(select(AuditEvent.action)))
    assert "patient.export.fhir" in actions


def test_delete_needs_the_record_number(
    signed_in: tuple[TestClient, str, str], app_client: TestClient
) -> None:
    client, token, patient = signed_in
    number = re.search(r"P-[A-Z2-9]{4}-[A-Z2-9]{4}", client.get(patient).text)
    assert number
    confirm = client.get(f"{patient}/delete")
    assert confirm.status_code == 200
    assert f"Type the record number {number.group(0)} to confirm" in confirm.text

    wrong = client.post(
        f"{patient}/delete", data={"csrf_token": token, "record_number": "P-AAAA-AAAA"}
    )
    assert wrong.status_code == 422 and "nothing was deleted" in wrong.text
    assert client.get(patient).status_code == 200
    assert (
        client.post(f"{patient}/delete", data={"record_number": number.group(0)}).status_code == 403
    )

    right = client.post(
        f"{patient}/delete",
        data={"csrf_token": token, "record_number": number.group(0).lower()},
        follow_redirects=False,
    )
    assert right.status_code == 303 and right.headers["location"] == "/records?deleted=1"
    listing = client.get("/records?deleted=1").text
    assert "The patient record was deleted." in listing and number.group(0) not in listing
    assert client.get(patient).status_code == 404

    from sciatica.records.db import default_store

    with default_store().session() as s:
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert "patient.delete" in actions and "patient.export" not in actions


# --- another clinic ----------------------------------------------------------------------------


def test_another_clinic_gets_404_on_every_new_route(signed_in: tuple[TestClient, str, str]) -> None:
    client, token, patient = signed_in
    episode = re.search(r"/episodes/(\d+)/close", client.get(patient).text)
    assert episode
    client.cookies.clear()
    token = sign_in(client, "carol")
    posts = {
        f"{patient}/scores/sbi": SBI,
        f"{patient}/scores/odi": odi(1),  # refused form: still 404, not the page
        f"{patient}/episodes": {"note": "x"},
        f"{patient}/episodes/{episode.group(1)}/close": {},
        f"{patient}/episodes/{episode.group(1)}/reopen": {},
        f"{patient}/export": {},
        f"{patient}/delete": {"record_number": "P-AAAA-AAAA"},
    }
    for path, form in posts.items():
        answer = client.post(path, data={"csrf_token": token, **form})
        assert answer.status_code == 404, path
        assert "P-" not in answer.text, path
    assert client.get(f"{patient}/delete").status_code == 404
    client.cookies.clear()
    token = sign_in(client, "alice")
    page = client.get(patient).text
    assert "No score recorded yet." in page and episode_rows(page) == [("open", "2")]


def test_the_new_routes_need_a_session(app_client: TestClient) -> None:
    token = csrf(app_client)
    for path in ("/records/patients/1/scores/sbi", "/records/patients/1/episodes",
                 "/records/patients/1/export", "/records/patients/1/delete"):  # fmt: skip
        answer = app_client.post(path, data={"csrf_token": token}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login", path
    answer = app_client.get("/records/patients/1/delete", follow_redirects=False)
    assert answer.headers["location"] == "/login"


# --- error pages -------------------------------------------------------------------------------


def test_pages_answer_html_errors_and_the_api_problem_json(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    missing = app_client.get("/records/patients/999999", headers=HTML)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert '<h1 id="error-title">Page not found</h1>' in missing.text
    assert 'href="/?lang=en"' in missing.text and 'href="/records"' in missing.text
    french = app_client.get("/nowhere?lang=fr", headers=HTML)
    assert french.status_code == 404 and "Page introuvable" in french.text
    assert 'lang="fr"' in french.text
    app_client.cookies.delete("sciatica_lang")
    assert app_client.get("/records/patients/abc", headers=HTML).status_code == 404
    wrong_method = app_client.get("/logout", headers=HTML)
    assert wrong_method.status_code == 405 and "Not allowed" in wrong_method.text
    forged = app_client.post("/records/patients", data={}, headers=HTML)
    assert forged.status_code == 403 and "The form was refused" in forged.text
    assert token not in forged.text

    for path in ("/api/v1/nothing", "/fhir/Nothing", "/cds-services/nothing", "/static/none.css"):
        api = app_client.get(path, headers=HTML)
        assert api.status_code == 404, path
        assert api.headers["content-type"] == "application/problem+json", path
    plain = app_client.get("/records/patients/999999")  # a client that does not ask for HTML
    assert plain.headers["content-type"] == "application/problem+json"


def test_400_and_500_pages_and_problems() -> None:
    """A page request gets the HTML page for a 400 and for an unhandled error (CatchAll); an API
    path, or a client that does not ask for HTML, still gets the problem document."""
    from fastapi import FastAPI, HTTPException

    from sciatica.web import problems

    app = FastAPI()
    problems.install(app)

    @app.get("/bad")
    def bad() -> None:
        raise HTTPException(400, "unreadable")

    @app.get("/boom")
    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("health data that must not be shown")

    app.add_middleware(problems.CatchAll)
    with TestClient(app) as client:
        page = client.get("/bad", headers=HTML)
        assert page.status_code == 400 and "The request could not be read" in page.text
        crash = client.get("/boom?lang=fr", headers=HTML)
        assert crash.status_code == 500 and crash.headers["content-type"].startswith("text/html")
        assert "Une erreur est survenue" in crash.text and "health data" not in crash.text
        for answer in (client.get("/api/v1/boom", headers=HTML), client.get("/boom")):
            assert answer.status_code == 500
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["title"] == "Internal error"


def test_fhir_export_of_an_old_stored_visit_is_refused_cleanly(
    signed_in: tuple[TestClient, str, str], store: Store
) -> None:
    """A visit an older version stored in another shape: a 409 page, and no export audited."""
    client, token, patient = signed_in
    with store.session() as s:
        visit = s.scalars(select(Visit).order_by(Visit.id)).first()
        assert visit is not None
        visit.assessment_json = {k: v for k, v in visit.assessment_json.items() if k != "triage"}
    answer = client.post(
        f"{patient}/export",
        data={"csrf_token": token, "format": "fhir"},
        headers={"accept": "text/html"},
    )
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("text/html")
    with store.session() as s:
        actions = list(s.scalars(select(AuditEvent.action)))
    assert "patient.export.fhir" not in actions and "patient.export" not in actions
    json_export = client.post(f"{patient}/export", data={"csrf_token": token})
    assert json_export.status_code == 200  # the JSON export still holds the visit as stored
