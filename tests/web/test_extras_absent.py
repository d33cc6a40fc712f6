"""The web extra alone (issue 11): without records, FHIR or text the app still builds, the
self-check and the clinician pages answer 200, and every address of a missing extra answers 501
naming it (problem+json for clients, the error page for browsers); the pages offer nothing that
leads there. A missing extra is simulated with `sys.modules[name] = None` (tests/test_extras.py);
tests/test_extras_venv.py does the same with real installs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sciatica.web import create_app
from tests.test_extras import without

HTML = {"accept": "text/html"}
OPTIONAL = ("records", "fhir", "text")
# One address per kind for each extra: (method, path).
ADDRESSES = {
    "records": [
        ("GET", "/records"),
        ("GET", "/login"),
        ("POST", "/logout"),
        ("GET", "/records/patients/1"),
        ("POST", "/api/v1/auth/token"),
        ("GET", "/api/v1/patients"),
        ("DELETE", "/api/v1/patients/1"),
        ("GET", "/api/v1/alerts"),
    ],
    "fhir": [
        ("GET", "/fhir/Questionnaire/sciatica-self-check"),
        ("GET", "/fhir/Patient/1/$everything"),
        ("GET", "/cds-services"),
        ("POST", "/cds-services/sciatica-triage"),
    ],
    "text": [("POST", "/api/v1/assess-text"), ("POST", "/check/text")],
}


@pytest.fixture
def web_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    without(monkeypatch, *OPTIONAL)
    with TestClient(create_app()) as client:
        yield client


def test_the_self_check_and_the_clinician_pages_work(web_only: TestClient) -> None:
    for path in ("/", "/clinician", "/clinician?example=peroneal-palsy", "/check/q/1"):
        answer = web_only.get(path, headers=HTML, follow_redirects=False)
        assert answer.status_code in (200, 303), (path, answer.status_code)
    assert web_only.get("/").status_code == 200
    assert web_only.get("/clinician").status_code == 200
    assert web_only.get("/api/v1/health").json()["status"] == "ok"
    case = {"symptoms": {"leg_pain": "left", "foot_drop": "left"}}
    assert web_only.post("/api/v1/assess", json=case).status_code == 200


@pytest.mark.parametrize(
    ("extra", "method", "path"),
    [(extra, method, path) for extra, pairs in ADDRESSES.items() for method, path in pairs],
)
def test_an_address_of_a_missing_extra_answers_501_naming_it(
    web_only: TestClient, extra: str, method: str, path: str
) -> None:
    hint = f"pip install 'sciatica[{extra}]'"
    api = web_only.request(method, path)
    assert api.status_code == 501, api.text
    assert api.headers["content-type"] == "application/problem+json"
    body = api.json()
    assert body["status"] == 501 and body["type"] == "/problems/extra-not-installed"
    assert extra in body["title"] and hint in body["detail"]
    if path.startswith(("/api/", "/fhir/", "/cds-services")):
        return  # machine addresses answer problem+json whatever the client accepts
    page = web_only.request(method, path, headers=HTML)
    assert page.status_code == 501
    assert page.headers["content-type"].startswith("text/html")
    assert hint.replace("'", "&#39;") in page.text
    assert 'href="/records"' not in page.text  # no link to what is not there


def test_fhir_output_of_assess_answers_501_naming_fhir(web_only: TestClient) -> None:
    case = {"symptoms": {"leg_pain": "left"}}
    answer = web_only.post("/api/v1/assess?format=fhir", json=case)
    assert answer.status_code == 501
    assert "pip install 'sciatica[fhir]'" in answer.json()["detail"]


def test_the_missing_extras_are_not_in_the_openapi_document(web_only: TestClient) -> None:
    paths = set(web_only.get("/openapi.json").json()["paths"])
    assert "/api/v1/assess" in paths and "/api/v1/self-check" in paths
    assert not {p for p in paths if p.startswith(("/api/v1/patients", "/api/v1/auth"))}
    assert "/api/v1/assess-text" not in paths


def test_the_self_check_offers_own_words_only_with_the_text_extra(
    monkeypatch: pytest.MonkeyPatch, web_only: TestClient
) -> None:
    start = web_only.get("/")
    assert "sc-own-words" not in start.text and 'formaction="/check/text"' not in start.text
    monkeypatch.undo()  # every extra back
    with TestClient(create_app()) as client:
        assert 'formaction="/check/text"' in client.get("/").text


@pytest.mark.parametrize("extra", OPTIONAL)
def test_each_extra_alone_missing_leaves_the_others(
    monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    """One extra missing at a time: its addresses answer 501, the others' do not."""
    without(monkeypatch, extra)
    with TestClient(create_app()) as client:
        for other, pairs in ADDRESSES.items():
            method, path = pairs[0]
            status = client.request(method, path).status_code
            assert (status == 501) == (other == extra), (other, path, status)
