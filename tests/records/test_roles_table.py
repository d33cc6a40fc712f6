"""The role × route table of docs/records.md is complete and true (issue 13, part 4): a route added
without its row fails here, and every route a clinician may not use is one the role tests call."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.routing import APIRoute

from sciatica.web.patient_records import api as api_records
from sciatica.web.patient_records import data_rights as pages_data_rights
from sciatica.web.patient_records import diary_import as api_diary_import
from sciatica.web.patient_records import episodes as pages_episodes
from sciatica.web.patient_records import exam_visit as pages_exam_visit
from sciatica.web.patient_records import pages as pages_records
from sciatica.web.patient_records import patient as pages_patient
from sciatica.web.patient_records import scores as pages_scores

DOC = Path(__file__).parents[2] / "docs" / "records.md"
ROW = re.compile(r"^\| (GET|POST|PUT|DELETE) \| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$")
# What tests/records/test_api.py::test_every_patient_route_for_each_role and
# tests/records/test_pages.py::test_only_a_clinic_admin_downloads_or_deletes_a_record call as a
# clinician and expect a 403 for.
REFUSED_IN_TESTS = {
    ("DELETE", "/api/v1/patients/{patient_id}"),
    ("GET", "/api/v1/patients/{patient_id}/export"),
    ("POST", "/records/patients/{patient_id}/export"),
    ("GET", "/records/patients/{patient_id}/delete"),
    ("POST", "/records/patients/{patient_id}/delete"),
}


def documented() -> dict[tuple[str, str], tuple[str, str]]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            rows[(m[1], m[2])] = (m[3].strip(), m[4].strip())
    return rows


def served() -> set[tuple[str, str]]:
    modules = [
        api_diary_import,
        api_records,
        pages_records,
        pages_patient,
        pages_data_rights,
        pages_scores,
        pages_episodes,
        pages_exam_visit,
    ]
    out = {
        (method, route.path)
        for module in modules
        for route in module.router.routes
        if isinstance(route, APIRoute)
        and (route.include_in_schema or module not in (api_records, api_diary_import))
        for method in route.methods
    }
    out.add(("GET", "/fhir/Patient/{patient_id}/$everything"))
    return out


def test_every_records_route_has_a_row_and_every_row_a_route() -> None:
    rows = documented()
    assert len(rows) >= 30, "the table was found"
    assert served() == set(rows), (served() - set(rows), set(rows) - served())


def test_the_table_says_what_the_role_tests_enforce() -> None:
    rows = documented()
    refused = {route for route, (clinician, _) in rows.items() if clinician.startswith("no")}
    assert refused == REFUSED_IN_TESTS
    assert all(admin == "yes" for _, admin in rows.values())
