"""The record pages on both backends: login, patients, visits, alerts, the recovery chart,
acknowledgement, another clinic's 404 and logout (plain form posts, no JavaScript)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sciatica.records.db import Store
from sciatica.records.models import Episode, Patient
from sciatica.web.patient_records import pages as pages_records

from .conftest import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: TestClient, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, path
    return match.group(1)


def sign_in(client: TestClient, username: str) -> str:
    token = csrf(client)
    answer = client.post(
        "/login",
        data={"csrf_token": token, "username": username, "password": PASSWORD},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/records", answer.text
    return token


def new_patient(client: TestClient, token: str) -> str:
    answer = client.post(
        "/records/patients",
        data={"csrf_token": token, "birth_year": "1970", "sex": "female"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    location: str = answer.headers["location"]
    assert re.fullmatch(r"/records/patients/\d+", location)
    return location


def add_visit(client: TestClient, token: str, patient: str, day: str, grade: int) -> None:
    answer = client.post(
        f"{patient}/visits",
        data={
            "csrf_token": token,
            "seen_on": day,
            "mrc_left_ankle_dorsiflexion": str(grade),
            "mrc_left_great_toe_extension": "4",
            "leg_pain": "left",
            "weakness": "left",
            "bladder": "normal",
            "saddle_numbness": "no",
            "symptom_days": "20",
            "conservative_care_weeks": "2",
            "pain_score": "6",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def test_login_sets_a_hardened_cookie(app_client: TestClient) -> None:
    page = app_client.get("/login")
    assert page.status_code == 200 and 'type="password"' in page.text
    sign_in(app_client, "bob")
    cookie = next(c for c in app_client.cookies.jar if c.name == "sciatica_session")
    assert cookie.value.startswith("sct_")
    assert app_client.get("/records").status_code == 200


def test_login_cookie_flags(app_client: TestClient) -> None:
    token = csrf(app_client)
    answer = app_client.post(
        "/login",
        data={"csrf_token": token, "username": "bob", "password": PASSWORD},
        follow_redirects=False,
    )
    flags = answer.headers["set-cookie"].lower()
    assert "httponly" in flags and "samesite=strict" in flags


def test_bad_login_and_missing_csrf(app_client: TestClient) -> None:
    token = csrf(app_client)
    wrong = app_client.post(
        "/login", data={"csrf_token": token, "username": "bob", "password": "wrong password!"}
    )
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    assert "sciatica_session" not in app_client.cookies
    forged = app_client.post("/login", data={"username": "bob", "password": PASSWORD})
    assert forged.status_code == 403


def test_pages_need_a_session(app_client: TestClient) -> None:
    for path in ("/records", "/records/patients/1"):
        answer = app_client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login"
    app_client.cookies.set("sciatica_session", "sct_" + "x" * 43)
    answer = app_client.get("/records", follow_redirects=False)
    assert answer.headers["location"] == "/login"


def flat_routes(router: APIRouter) -> Iterator[APIRoute]:
    """A router's routes and those of the routers it includes (the app wraps included routers,
    so app.routes would list none of them)."""
    for route in router.routes:
        if isinstance(route, APIRoute):
            yield route
        elif isinstance(included := getattr(route, "original_router", None), APIRouter):
            yield from flat_routes(included)


def test_every_record_page_sends_a_signed_out_visitor_to_sign_in(
    app_client: TestClient, store: Store
) -> None:
    """Each /records route, read or form post (with a valid CSRF token), answers 303 to /login
    without a session, and writes nothing: the sign-in check is one dependency on every route."""
    token = csrf(app_client)
    checked = 0
    for route in flat_routes(pages_records.router):
        if not route.path.startswith("/records"):
            continue
        url = re.sub(r"\{[a-z_]+\}", "1", route.path)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            data = {"csrf_token": token} if method == "POST" else None
            answer = app_client.request(method, url, data=data, follow_redirects=False)
            assert answer.status_code == 303, (method, url, answer.status_code)
            assert answer.headers["location"] == "/login", (method, url)
            checked += 1
    assert checked >= 14, checked  # every page module is in the walk
    with store.session() as s:  # the form posts wrote nothing
        assert s.scalar(select(func.count()).select_from(Patient)) == 0
        assert s.scalar(select(func.count()).select_from(Episode)) == 0


def test_follow_up_alert_chart_acknowledge_and_logout(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    for day, grade in (("2025-03-01", 5), ("2025-03-08", 4), ("2025-03-15", 3)):
        add_visit(app_client, token, patient, day, grade)

    page = app_client.get(patient).text
    assert "RF-MOT-PROGRESSIVE" in page
    assert page.count("2025-03-") >= 3
    series = re.search(r'data-series="left.ankle_dorsiflexion">(.*?)</g>', page, re.S)
    assert series, "no chart series for left ankle dorsiflexion"
    values = re.findall(r'class="rec-point"[^>]*data-value="(\d)"', series.group(1))
    assert values == ["5", "4", "3"]
    assert "hou-2023" in page and "saeed-2021" in page and "liu-2013" in page
    assert "aono-2007" in page and "no individual probability" in page

    dashboard = app_client.get("/records").text
    assert "RF-MOT-PROGRESSIVE" in dashboard
    record_number = re.search(r"P-[A-Z2-9]{4}-[A-Z2-9]{4}", page)
    assert record_number and record_number.group(0) in dashboard

    actions = re.findall(
        r'<li class="rec-alert" data-rule="([^"]+)">.*?action="([^"]+/acknowledge)"', page, re.S
    )
    progressive = [a for rule, a in actions if rule == "RF-MOT-PROGRESSIVE"]
    assert progressive  # one per visit that fell by a grade
    for action in progressive:
        acked = app_client.post(action, data={"csrf_token": token}, follow_redirects=False)
        assert acked.status_code == 303
    assert app_client.post(action, data={}).status_code == 403  # no CSRF token
    after = app_client.get(patient).text.split('id="alerts-h"')[1].split('id="visits-h"')[0]
    assert 'data-rule="RF-MOT-PROGRESSIVE"' not in after
    assert 'data-rule="RF-MOT-PROGRESSIVE"' not in app_client.get("/records").text

    out = app_client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert app_client.get(patient, follow_redirects=False).status_code == 303


def test_another_clinic_gets_404(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    add_visit(app_client, token, patient, "2025-03-01", 4)
    app_client.cookies.clear()
    token = sign_in(app_client, "carol")
    assert app_client.get(patient).status_code == 404
    visit = app_client.post(
        f"{patient}/visits", data={"csrf_token": token, "seen_on": "2025-03-02"}
    )
    assert visit.status_code == 404
    assert (
        app_client.post(f"{patient}/alerts/1/acknowledge", data={"csrf_token": token}).status_code
        == 404
    )
    assert "P-" not in app_client.get("/records").text.split('id="patients-h"')[1]
    # the patient page's newer routes too (all of them: tests/records/test_record_pages.py)
    assert app_client.get(f"{patient}/delete").status_code == 404
    for path in ("export", "scores/nprs", "episodes", "episodes/1/close", "delete"):
        assert app_client.post(f"{patient}/{path}", data={"csrf_token": token}).status_code == 404


def test_secure_cookie_and_french(
    db_url: str, actors: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sciatica.records import db
    from sciatica.web import create_app
    from sciatica.web.settings import Settings

    monkeypatch.setenv(db.ENV_URL, db_url)
    app = create_app(Settings(secure_cookies=True))
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/login?lang=fr")
        assert "Connexion des cliniciens" in page.text and 'lang="fr"' in page.text
        token = CSRF.search(page.text)
        assert token
        answer = client.post(
            "/login",
            data={"csrf_token": token.group(1), "username": "bob", "password": PASSWORD},
            follow_redirects=False,
        )
        session = next(h for h in answer.headers.get_list("set-cookie") if "sciatica_session" in h)
        assert "secure" in session.lower() and "httponly" in session.lower()
        assert "Dossiers des patients" in client.get("/records").text
    for opened in db._stores.values():
        opened.close()
    db._stores.clear()


def test_only_a_clinic_admin_downloads_or_deletes_a_record(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    assert 'action="' + patient.split("testserver")[-1] + '/export"' in app_client.get(patient).text
    app_client.cookies.clear()
    token = sign_in(app_client, "bob")  # a clinician of the same clinic
    page = app_client.get(patient)
    assert page.status_code == 200
    assert "/export" not in page.text and "/delete" not in page.text, "no button they cannot use"
    assert "clinic administrator" in page.text
    assert app_client.get(f"{patient}/delete").status_code == 403
    for path in ("export", "delete"):
        answer = app_client.post(f"{patient}/{path}", data={"csrf_token": token})
        assert answer.status_code == 403, path
    assert app_client.get(patient).status_code == 200, "still there"
