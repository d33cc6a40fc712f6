"""The REST API through httpx (fastapi TestClient): contract, errors, limits, headers, logs, OpenAPI."""

from __future__ import annotations

import copy
import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from importlib import resources
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from sciatica import assess
from sciatica.knowledge import load_knowledge
from sciatica.web import create_app
from sciatica.web.settings import Settings

from .conftest import free_port

PROBLEM = "application/problem+json"
EXAMPLES = (
    "paralysing-l5-contract",
    "cauda-equina-self-check",
    "foot-drop-self-check-fr",
    "pain-only-sciatica",
    "peroneal-palsy",
    "s1-sensory-radiculopathy",
    "follow-up-worsening",
)
# A case id nobody would write by chance: if it shows up in a log line, case data leaked.
SECRET_ID = "zq7-CASE-ID-MUST-NOT-BE-LOGGED-41d9"


def example(name: str) -> dict[str, Any]:
    text = resources.files("sciatica").joinpath("examples", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["type"], str) and body["type"]
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    return body


# --- POST /api/v1/assess -----------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_assess_returns_what_the_engine_returns(client: TestClient, name: str) -> None:
    case = example(name)
    response = client.post("/api/v1/assess", json=case)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == "application/json"
    body = response.json()
    assert body == assess(case).to_json_dict()
    assert body["format"] == "sciatica-assessment/1"


def test_every_packaged_example_answers_the_engine_json_as_utf8(client: TestClient) -> None:
    """The API writes the assessment with pydantic's serialiser (issue 16): for every packaged
    example, the same JSON as `to_json_dict()`, UTF-8 with accents as they are, and no more."""
    folder = resources.files("sciatica").joinpath("examples")
    names = sorted(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )
    assert set(EXAMPLES) <= set(names)
    for name in names:
        case = example(name)
        response = client.post("/api/v1/assess", json=case)
        assert response.status_code == 200, name
        assert response.headers["content-type"] == "application/json", name
        assert int(response.headers["content-length"]) == len(response.content), name
        expected = assess(case).to_json_dict()
        assert json.loads(response.content.decode("utf-8")) == expected, name
        compact = json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()
        assert len(response.content) == len(compact), name  # no escapes or spaces added


def test_an_integer_written_as_a_whole_float_is_an_integer(client: TestClient) -> None:
    """JSON Schema counts 100.0 as an integer, so the document accepts `age: 100.0`: the server
    must too (schemathesis found it refused), and a fraction stays refused, naming the field."""
    case = example("paralysing-l5-contract")
    case["patient"]["age"] = 100.0
    assert client.post("/api/v1/assess", json=case).status_code == 200
    case["patient"]["age"] = 40.5
    body = assert_problem(client.post("/api/v1/assess", json=case), 422)
    assert [e["path"] for e in body["errors"]] == ["patient.age"]


def test_assess_emergency_case_is_an_emergency(client: TestClient) -> None:
    body = client.post("/api/v1/assess", json=example("cauda-equina-self-check")).json()
    assert body["triage"]["level"] == "emergency"
    assert body["case_id"] == "example-ces"


def test_assess_accepts_charset_and_fhir_json(client: TestClient) -> None:
    data = json.dumps(example("pain-only-sciatica")).encode()
    for media in ("application/json; charset=utf-8", "application/fhir+json"):
        response = client.post("/api/v1/assess", content=data, headers={"content-type": media})
        assert response.status_code == 200, (media, response.text)


def test_assess_is_pure_same_answer_twice(client: TestClient) -> None:
    case = example("paralysing-l5-contract")
    first = client.post("/api/v1/assess", json=case).json()
    second = client.post("/api/v1/assess", json=case).json()
    assert first == second


def test_422_names_each_bad_field(client: TestClient) -> None:
    case = copy.deepcopy(example("paralysing-l5-contract"))
    case["patient"]["age"] = -3
    case["symptoms"]["leg_pain"] = "up"
    case["exam"]["strength"]["left"]["hip_flexion"] = 7
    case["history"]["fever"] = "maybe"
    case["surprise"] = 1
    body = assert_problem(client.post("/api/v1/assess", json=case), 422)
    paths = {e["path"] for e in body["errors"]}
    assert {
        "patient.age",
        "symptoms.leg_pain",
        "exam.strength.left.hip_flexion",
        "history.fever",
        "surprise",
    } <= paths, body["errors"]
    for error in body["errors"]:
        assert error["message"], error
    by_path = {e["path"]: e["message"] for e in body["errors"]}
    assert "7" in by_path["exam.strength.left.hip_flexion"]


@pytest.mark.parametrize(
    "content",
    [b"{", b"[]", b"null", b'"a case"', b"42", b"\xff\xfe", b"", b'{"format": "other/9"}'],
    ids=["truncated", "array", "null", "string", "number", "not-utf8", "empty", "wrong-format"],
)
def test_422_for_anything_that_is_not_a_case(client: TestClient, content: bytes) -> None:
    response = client.post(
        "/api/v1/assess", content=content, headers={"content-type": "application/json"}
    )
    body = assert_problem(response, 422)
    assert body["errors"] and all("path" in e and e["message"] for e in body["errors"])


@pytest.mark.parametrize(
    "media", ["application/x-www-form-urlencoded", "text/plain", "application/xml"]
)
def test_415_for_non_json(client: TestClient, media: str) -> None:
    response = client.post("/api/v1/assess", content=b"a=1", headers={"content-type": media})
    assert_problem(response, 415)


def test_413_for_a_too_large_body(client: TestClient) -> None:
    limit = Settings().max_body_bytes
    case = example("pain-only-sciatica")
    case["id"] = "x" * (limit + 1)
    response = client.post("/api/v1/assess", json=case)
    body = assert_problem(response, 413)
    assert str(limit) in body["detail"]


def test_413_without_content_length_when_streamed(client: TestClient) -> None:
    limit = Settings().max_body_bytes

    def chunks() -> Iterator[bytes]:
        yield b'{"id": "'
        for _ in range(limit // 1024 + 2):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(
        "/api/v1/assess", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_problem(response, 413)


def test_a_body_just_under_the_limit_is_read(client: TestClient) -> None:
    limit = Settings().max_body_bytes
    data = json.dumps(example("pain-only-sciatica")).encode()
    data += b" " * (limit - len(data))  # JSON allows trailing whitespace
    assert len(data) == limit
    response = client.post(
        "/api/v1/assess", content=data, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text


ASSESS_REQUESTS: list[tuple[str, str, bytes | None, dict[str, str]]] = [
    ("POST", "/api/v1/assess", json.dumps(example("paralysing-l5-contract")).encode(), {}),
    ("POST", "/api/v1/assess", b'{"format": "sciatica-case/1", "patient": {"age": 999}}', {}),
    ("POST", "/api/v1/assess", b'{"id": "\\ud800"}', {}),
    ("POST", "/api/v1/assess", b"{bad", {}),
    ("POST", "/api/v1/assess", b"a=1", {"content-type": "text/plain"}),
    ("POST", "/api/v1/assess", b"[" * 10_000, {}),
    ("POST", "/api/v1/assess", b" " * 2_000_000, {}),
    ("POST", "/api/v1/assess/", b"{}", {}),
    ("GET", "/api/v1/assess", None, {}),
    ("GET", "/api/v1/assess", None, {"accept": "text/html"}),
    ("PUT", "/api/v1/assess", b"{}", {}),
    ("HEAD", "/api/v1/assess", None, {}),
    ("OPTIONS", "/api/v1/assess", None, {}),
]


def test_the_direct_route_answers_as_the_documented_route(client: TestClient) -> None:
    """POST /api/v1/assess is answered by a plain Starlette route put first (issue 16: FastAPI's
    per-request machinery had nothing to do for it); without it the documented APIRoute answers.
    Both give the same status, headers and bytes, errors included."""
    plain = create_app(Settings(secret_key="k" * 32))
    plain.router.routes.pop(0)  # the direct route: the APIRoute answers
    with TestClient(plain, raise_server_exceptions=False) as documented:
        for method, path, body, headers in ASSESS_REQUESTS:
            sent = {"content-type": "application/json", **headers}
            answers = [
                c.request(method, path, content=body, headers=sent, follow_redirects=False)
                for c in (client, documented)
            ]
            direct, apiroute = (
                (
                    a.status_code,
                    a.content,
                    {k: v for k, v in a.headers.items() if k != "set-cookie"},
                )
                for a in answers
            )
            assert direct == apiroute, (method, path, body and body[:40])
    assert type(client.app.router.routes[0]).__name__ == "Route"  # type: ignore[attr-defined]


def test_wrong_method_is_a_problem_not_a_500(client: TestClient) -> None:
    response = client.get("/api/v1/assess")
    assert_problem(response, 405)


def test_unknown_path_is_a_404_problem(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/nothing-here"), 404)


# --- rules and health ----------------------------------------------------------------------------


def test_rules_lists_every_rule_with_label_and_sources(client: TestClient) -> None:
    response = client.get("/api/v1/rules")
    assert response.status_code == 200
    body = response.json()
    kb = load_knowledge()
    assert body["knowledge_version"] == kb.meta.version
    assert [r["id"] for r in body["rules"]] == [r.id for r in kb.rules]
    for rule in body["rules"]:
        assert rule["label"] and isinstance(rule["sources"], list)
        assert rule["unverified"] == (rule["label"] == "U")


def test_one_rule_with_its_evidence(client: TestClient) -> None:
    kb = load_knowledge()
    for rule in kb.rules:
        response = client.get(f"/api/v1/rules/{rule.id}")
        assert response.status_code == 200, rule.id
        body = response.json()
        assert body["id"] == rule.id
        assert [s["id"] for s in body["source_details"]] == list(rule.sources)
        assert isinstance(body["escalation"], list)


@pytest.mark.parametrize("rule_id", ["NOPE", "rf-ces", "RF-CES%20", "%00", "..%2F..%2Fetc"])
def test_unknown_rule_is_a_404_problem(client: TestClient, rule_id: str) -> None:
    body = assert_problem(client.get(f"/api/v1/rules/{rule_id}"), 404)
    assert body["title"]


def test_health(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["knowledge_version"] == load_knowledge().meta.version
    assert body["version"]


# --- security headers ----------------------------------------------------------------------------


def assert_security_headers(response: Any, *, cached: bool = False) -> None:
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    directives = {
        d.strip().split(" ", 1)[0]: d.strip().split(" ", 1)[-1] for d in csp.split(";") if d.strip()
    }
    where = f"{response.request.method} {response.request.url.path}"
    assert directives.get("default-src") == "'self'", (where, csp)
    assert directives.get("script-src") == "'self'", (where, csp)
    assert directives.get("style-src") == "'self'", (where, csp)
    assert directives.get("frame-ancestors") == "'none'", (where, csp)
    assert directives.get("object-src") == "'none'", (where, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (where, csp)
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("referrer-policy") == "no-referrer", where
    if not cached:
        assert headers.get("cache-control") == "no-store", where


def page_paths() -> list[str]:
    """The page routes of the self-check and the clinician page."""
    import importlib

    paths = []
    for module_name, path in (("pages.selfcheck", "/"), ("pages.clinician", "/clinician")):
        module = importlib.import_module(f"sciatica.web.{module_name}")
        if any(getattr(r, "path", None) == path for r in module.router.routes):
            paths.append(path)
    return paths


def test_security_headers_on_api_answers(client: TestClient) -> None:
    responses = [
        client.get("/api/v1/health"),
        client.get("/api/v1/rules"),
        client.get("/api/v1/rules/NOPE"),
        client.post("/api/v1/assess", json=example("pain-only-sciatica")),
        client.post("/api/v1/assess", json={"patient": {"age": "old"}}),
        client.post("/api/v1/assess", content=b"x", headers={"content-type": "text/plain"}),
        client.post("/api/v1/assess", content=b"x" * (Settings().max_body_bytes + 1)),
        client.get("/openapi.json"),
        client.get("/no-such-page"),
    ]
    for response in responses:
        assert_security_headers(response)


def test_security_headers_on_pages(client: TestClient) -> None:
    for path in page_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert_security_headers(response)


def test_static_files_carry_the_headers_and_may_be_cached(client: TestClient) -> None:
    response = client.get("/static/base.css")
    assert response.status_code == 200
    assert_security_headers(response, cached=True)
    assert response.headers.get("cache-control") != "no-store"


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for path in page_paths():
        html = client.get(path).text.lower()
        for needle in ("http://", "https://", "//cdn", "fonts.googleapis"):
            # Only the html namespace of inline SVG may be absolute.
            stripped = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
            stripped = stripped.replace("http://www.w3.org/1999/xlink", "")
            assert needle not in stripped, (path, needle)


# --- no case data in logs ----------------------------------------------------------------------


def secret_case() -> dict[str, Any]:
    case = example("paralysing-l5-contract")
    case["id"] = SECRET_ID
    return case


def assert_not_logged(records: list[logging.LogRecord], secret: str = SECRET_ID) -> None:
    formatter = logging.Formatter()
    for record in records:
        text = formatter.format(record)  # includes the traceback of exc_info, if any
        assert secret not in text, f"case data in the log {record.name}: {text[:500]}"


def post_every_way(client: httpx.Client | TestClient) -> list[int]:
    ok = secret_case()
    bad = secret_case()
    bad["exam"]["strength"]["left"]["hip_flexion"] = 7
    bad["symptoms"]["leg_pain"] = SECRET_ID  # an invalid value echoed back must not be logged
    return [
        client.post("/api/v1/assess", json=ok).status_code,
        client.post("/api/v1/assess", json=bad).status_code,
        client.post(
            "/api/v1/assess",
            content=json.dumps(ok).encode()[:-5],
            headers={"content-type": "application/json"},
        ).status_code,
        client.post(
            "/api/v1/assess",
            content=json.dumps(ok).encode(),
            headers={"content-type": "text/plain"},
        ).status_code,
    ]


def csrf_token_of(client: TestClient, path: str) -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def post_pages(client: TestClient) -> list[int]:
    """Form posts of the pages carrying the secret where a person could type or tamper it."""
    statuses = []
    paths = page_paths()
    if "/clinician" in paths:
        token = csrf_token_of(client, "/clinician")
        form = {"csrf_token": token, "patient.age": "52", "symptoms.leg_pain": SECRET_ID}
        for path in ("/clinician", "/clinician/result", "/clinician/report"):
            statuses.append(client.post(path, data=form).status_code)
    if "/" in paths:
        token = csrf_token_of(client, "/")
        state = {"v": 1, "answers": {"symptoms.leg_pain": SECRET_ID}, "asked": [], "country": "FR"}
        form = {"csrf_token": token, "state": json.dumps(state), "action": "answer"}
        statuses.append(client.post("/check", data=form).status_code)
        statuses.append(client.post("/check/result", data=form).status_code)
    return statuses


def test_no_case_data_in_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        statuses = post_every_way(client)
        page_statuses = post_pages(client)
    assert statuses == [200, 422, 422, 415]
    assert all(400 <= s < 500 or s == 200 for s in page_statuses), page_statuses
    assert_not_logged(caplog.records)


@pytest.fixture
def threaded_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app under a real uvicorn in a thread, logging at DEBUG with its access log, with
    `assess` made to crash with the case id in its message (an internal error must not log it)."""
    import sciatica.web.api.assess as api

    def crash(case: Any) -> Any:
        raise RuntimeError(f"engine failure on case {case.id}")

    app = create_app()
    monkeypatch.setattr(api, "assess", crash)
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="debug", access_log=True, log_config=None
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_no_case_data_in_uvicorn_logs_even_on_an_internal_error(
    threaded_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    close = {"connection": "close"}  # one connection per request, see the next test
    with (
        caplog.at_level(logging.DEBUG),
        httpx.Client(base_url=threaded_server, headers=close) as http,
    ):
        statuses = post_every_way(http)
        crash = http.post("/api/v1/assess", json=secret_case())
    # the crash stand-in turns the valid case into a 500: it must be a problem, not a stack trace
    assert statuses == [500, 422, 422, 415]
    body = assert_problem(crash, 500)
    assert SECRET_ID not in crash.text and "RuntimeError" not in body["detail"]
    assert any(r.name.startswith("uvicorn") for r in caplog.records), "uvicorn logged nothing"
    assert_not_logged(caplog.records)


def test_an_internal_error_does_not_break_the_connection(threaded_server: str) -> None:
    """After a 500, the next request on the same keep-alive connection is answered (a server
    that closes the connection after a crash makes a browser's next POST fail)."""
    with httpx.Client(base_url=threaded_server) as http:
        assert http.post("/api/v1/assess", json=secret_case()).status_code == 500
        assert http.get("/api/v1/health").status_code == 200


# --- OpenAPI -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    with TestClient(create_app()) as test_client:
        response = test_client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


API_OPERATIONS = {
    ("/api/v1/assess", "post"),
    ("/api/v1/rules", "get"),
    ("/api/v1/rules/{rule_id}", "get"),
    ("/api/v1/health", "get"),
    ("/api/v1/self-check", "post"),
}
# The records API (bearer tokens, docs/records.md): every operation but the login is signed in.
RECORD_OPERATIONS = {
    ("/api/v1/auth/token", "post"),
    ("/api/v1/auth/token", "delete"),
    ("/api/v1/patients", "get"),
    ("/api/v1/patients", "post"),
    ("/api/v1/patients/{patient_id}", "get"),
    ("/api/v1/patients/{patient_id}", "delete"),
    ("/api/v1/patients/{patient_id}/export", "get"),
    ("/api/v1/patients/{patient_id}/timeline", "get"),
    ("/api/v1/patients/{patient_id}/episodes", "post"),
    ("/api/v1/patients/{patient_id}/episodes/{episode_id}/close", "post"),
    ("/api/v1/patients/{patient_id}/episodes/{episode_id}/reopen", "post"),
    ("/api/v1/patients/{patient_id}/episodes/{episode_id}/visits", "post"),
    ("/api/v1/patients/{patient_id}/visits/{visit_id}", "get"),
    ("/api/v1/patients/{patient_id}/visits/{visit_id}", "put"),
    ("/api/v1/patients/{patient_id}/alerts", "get"),
    ("/api/v1/patients/{patient_id}/alerts/{alert_id}/acknowledge", "post"),
    ("/api/v1/patients/{patient_id}/scores", "get"),
    ("/api/v1/patients/{patient_id}/scores", "post"),
    ("/api/v1/alerts", "get"),
}


def test_openapi_lists_every_api_route(openapi: dict[str, Any]) -> None:
    documented = {(p, m) for p, item in openapi["paths"].items() for m in item}
    assert documented >= API_OPERATIONS | RECORD_OPERATIONS
    from sciatica.web.api import assess as api
    from sciatica.web.api import selfcheck as api_selfcheck
    from sciatica.web.api import text as api_text
    from sciatica.web.pages import diary as pages_diary
    from sciatica.web.patient_records import api as api_records
    from sciatica.web.patient_records import diary_import as api_diary_import

    routers = (api, api_text, api_records, api_selfcheck, pages_diary, api_diary_import)
    routed = {
        (getattr(route, "path", ""), method.lower())
        for route in [r for module in routers for r in module.router.routes]
        for method in getattr(route, "methods", ()) or ()
        if method not in ("HEAD", "OPTIONS")
        and getattr(route, "path", "").startswith("/api/")
        and getattr(route, "include_in_schema", False)  # not the 405 answers of api_records
    }
    assert routed == {op for op in documented if op[0].startswith("/api/")}
    for path, method in documented:
        operation = openapi["paths"][path][method]
        assert operation.get("summary"), (path, method)
        assert operation.get("responses"), (path, method)


def test_openapi_records_api_is_signed_in_with_a_bearer_token(openapi: dict[str, Any]) -> None:
    schemes = openapi["components"]["securitySchemes"]
    assert schemes == {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "sct_...",
            "description": schemes["bearer"]["description"],
        }
    }
    assert "POST /api/v1/auth/token" in schemes["bearer"]["description"]
    for path, method in RECORD_OPERATIONS:
        operation = openapi["paths"][path][method]
        assert operation["tags"] == ["records"], (path, method)
        if (path, method) == ("/api/v1/auth/token", "post"):
            assert "security" not in operation  # the login itself needs no token
            assert "WWW-Authenticate" not in str(operation["responses"]["401"])
            assert PROBLEM in operation["responses"]["429"]["content"]
        else:
            assert operation["security"] == [{"bearer": []}], (path, method)
            unauthorised = operation["responses"]["401"]
            assert unauthorised["headers"]["WWW-Authenticate"]["required"] is True
        for status in ("401", "404", "413", "422"):
            content = operation["responses"][status]["content"]
            assert content == {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, method in API_OPERATIONS:
        assert "security" not in openapi["paths"][path][method], (path, method)
    put_visit = openapi["paths"]["/api/v1/patients/{patient_id}/visits/{visit_id}"]["put"]
    add_visit = openapi["paths"]["/api/v1/patients/{patient_id}/episodes/{episode_id}/visits"]
    assert PROBLEM in put_visit["responses"]["409"]["content"]
    assert PROBLEM in add_visit["post"]["responses"]["409"]["content"]


def test_openapi_records_answers_have_typed_schemas(openapi: dict[str, Any]) -> None:
    def answer(path: str, method: str) -> Any:
        operation = openapi["paths"][path][method]
        ok = next(s for s in operation["responses"] if s.startswith("2"))
        content = operation["responses"][ok].get("content")
        return content["application/json"]["schema"] if content else None

    ref = "#/components/schemas/{}".format
    expected = {
        ("/api/v1/auth/token", "post"): {"$ref": ref("Token")},
        ("/api/v1/auth/token", "delete"): None,
        ("/api/v1/patients", "get"): {"type": "array", "items": {"$ref": ref("PatientRecord")}},
        ("/api/v1/patients", "post"): {"$ref": ref("PatientRecord")},
        ("/api/v1/patients/{patient_id}", "get"): {"$ref": ref("PatientWithEpisodes")},
        ("/api/v1/patients/{patient_id}", "delete"): None,
        ("/api/v1/patients/{patient_id}/export", "get"): {"$ref": ref("Export")},
        ("/api/v1/patients/{patient_id}/timeline", "get"): {"$ref": ref("Timeline")},
        ("/api/v1/patients/{patient_id}/episodes", "post"): {"$ref": ref("Episode")},
        ("/api/v1/patients/{patient_id}/episodes/{episode_id}/close", "post"): {
            "$ref": ref("Episode")
        },
        ("/api/v1/patients/{patient_id}/episodes/{episode_id}/reopen", "post"): {
            "$ref": ref("Episode")
        },
        ("/api/v1/patients/{patient_id}/episodes/{episode_id}/visits", "post"): {
            "$ref": ref("VisitWithAlerts")
        },
        ("/api/v1/patients/{patient_id}/visits/{visit_id}", "get"): {"$ref": ref("Visit")},
        ("/api/v1/patients/{patient_id}/visits/{visit_id}", "put"): {"$ref": ref("Visit")},
        ("/api/v1/patients/{patient_id}/alerts", "get"): {
            "type": "array",
            "items": {"$ref": ref("Alert")},
        },
        ("/api/v1/patients/{patient_id}/alerts/{alert_id}/acknowledge", "post"): {
            "$ref": ref("Alert")
        },
        ("/api/v1/patients/{patient_id}/scores", "get"): {
            "type": "array",
            "items": {"$ref": ref("Score")},
        },
        ("/api/v1/patients/{patient_id}/scores", "post"): {"$ref": ref("Score")},
        ("/api/v1/alerts", "get"): {"type": "array", "items": {"$ref": ref("Alert")}},
    }
    assert set(expected) == RECORD_OPERATIONS
    for (path, method), schema in expected.items():
        got = answer(path, method)
        if got is not None:
            got = {k: v for k, v in got.items() if k != "title"}
        assert got == schema, (path, method, got)
    schemas = openapi["components"]["schemas"]
    visit = schemas["Visit"]["properties"]
    assert visit["case"]["allOf"] == [{"$ref": ref("Case")}]
    assert visit["assessment"]["allOf"] == [{"$ref": ref("Assessment")}]
    assert schemas["Visit"]["additionalProperties"] is False  # drift is caught (schemathesis)
    # The patient block of a Case keeps its own component; the record is PatientRecord.
    assert "birth_year" in schemas["PatientRecord"]["properties"]
    assert "record_number" not in schemas["Patient"].get("properties", {})


def test_openapi_documents_only_the_api(openapi: dict[str, Any]) -> None:
    """The pages (HTML forms behind CSRF) are not API operations: their routers should be
    included with include_in_schema=False, else clients and schemathesis see undocumented 403s."""
    pages = sorted(p for p in openapi["paths"] if not p.startswith("/api/"))
    assert not pages, f"page routes in the OpenAPI document: {pages}"


def test_openapi_components(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    for name in ("Case", "Assessment", "Problem"):
        assert name in schemas, name
    assert {"type", "title", "status", "detail"} <= set(schemas["Problem"]["required"])
    assert "errors" in schemas["Problem"]["properties"]

    def refs(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for item in node:
                yield from refs(item)

    for ref in refs(openapi):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, f"dangling {ref}"


def test_openapi_assess_has_examples_that_the_api_accepts(
    openapi: dict[str, Any], client: TestClient
) -> None:
    operation = openapi["paths"]["/api/v1/assess"]["post"]
    content = operation["requestBody"]["content"]["application/json"]
    assert content["schema"] == {"$ref": "#/components/schemas/Case"}
    examples = content["examples"]
    assert len(examples) >= 2
    for name, entry in examples.items():
        assert entry.get("summary"), name
        response = client.post("/api/v1/assess", json=entry["value"])
        assert response.status_code == 200, (name, response.text)
    responses = operation["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Assessment"
    }
    for status in ("413", "415", "422"):
        assert PROBLEM in responses[status]["content"], status
    example_422 = responses["422"]["content"][PROBLEM]["example"]
    assert example_422["status"] == 422 and example_422["errors"]


def test_openapi_problem_responses_on_rules(openapi: dict[str, Any]) -> None:
    one = openapi["paths"]["/api/v1/rules/{rule_id}"]["get"]
    assert PROBLEM in one["responses"]["404"]["content"]


def test_openapi_does_not_document_the_stock_docs_pages(client: TestClient) -> None:
    # /docs and /redoc load scripts from a CDN: they are switched off.
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
