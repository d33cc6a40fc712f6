"""A visit recorded with the full examination form (/records/patients/{id}/exam), both backends."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from sciatica.records.db import Store
from sciatica.records.models import Visit

from .test_pages import add_visit, new_patient, sign_in


def exam(token: str, **grades: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "locale": "en",
        "symptoms.leg_pain": "left",
        "symptoms.weakness": "left",
        "symptoms.bladder": "normal",
        "exam.reflexes.left.achilles": "reduced",
        **{f"exam.strength.left.{m}": g for m, g in grades.items()},
    }


def visits(store: Store) -> list[Visit]:
    with store.session() as s:
        return list(s.scalars(select(Visit).order_by(Visit.seen_at, Visit.id)))


def test_full_exam_is_saved_as_a_visit_compared_with_the_stored_one(
    app_client: TestClient, store: Store
) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    add_visit(app_client, token, patient, "2025-03-01", 4)
    form = app_client.get(f"{patient}/exam")
    assert form.status_code == 200
    assert f'formaction="{patient}/exam"' in form.text and "Save as a visit" in form.text
    assert 'id="sec-previous"' not in form.text  # the store's last visit is the previous one
    assert f'href="{patient}/exam"' in app_client.get(patient).text
    # a `previous` smuggled into the form is ignored: the stored visit (grade 4) decides
    sent = exam(token, ankle_dorsiflexion="2", great_toe_extension="2")
    sent["previous.days_ago"] = "7"
    sent["previous.exam.strength.left.ankle_dorsiflexion"] = "1"
    saved = app_client.post(f"{patient}/exam", data=sent, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"{patient}#alerts"
    page = app_client.get(patient).text
    assert "RF-MOT-PROGRESSIVE" in page  # 4 -> 2 against the stored visit is progression
    stored = visits(store)
    assert len(stored) == 2
    saved_case = stored[-1].case_json
    assert "previous" not in saved_case
    assert saved_case["exam"]["reflexes"]["left"]["achilles"] == "reduced"  # the full form's fields
    assert saved_case["exam"]["strength"]["left"]["great_toe_extension"] == 2
    follow_up = stored[-1].assessment_json["follow_up"]
    assert follow_up["progression"] is True


def test_refused_exam_saves_nothing_and_names_the_field(
    app_client: TestClient, store: Store
) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    refused = app_client.post(f"{patient}/exam", data=exam(token, hip_flexion="9"))
    assert refused.status_code == 422
    message = re.search(
        r'<span class="cl-error" id="err-[^"]*hip_flexion[^"]*">([^<]+)</span>', refused.text
    )
    assert message and "0-5" in message.group(1), refused.text[:300]
    assert f'formaction="{patient}/exam"' in refused.text  # still in record mode
    assert visits(store) == []


def test_exam_form_is_scoped_to_the_clinic_and_needs_csrf(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    assert app_client.post(f"{patient}/exam", data={}).status_code == 403
    app_client.cookies.clear()
    assert app_client.get(f"{patient}/exam", follow_redirects=False).status_code == 303
    other = sign_in(app_client, "carol")
    assert app_client.get(f"{patient}/exam").status_code == 404
    assert app_client.post(f"{patient}/exam", data=exam(other)).status_code == 404
