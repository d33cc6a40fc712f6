"""A visit recorded with the full examination form (/records/patients/{id}/exam), both backends."""

from __future__ import annotations

import re
from datetime import date

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
    assert saved.status_code == 303
    assert re.fullmatch(rf"{patient}\?saved=\d+#alerts", saved.headers["location"])
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


def test_the_visit_date_is_kept_and_a_bad_one_is_named(
    app_client: TestClient, store: Store
) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    form = app_client.get(f"{patient}/exam").text
    assert re.search(
        r'<input id="seen_on" name="seen_on" type="date" value="\d{4}-\d\d-\d\d"', form
    )
    for bad in ("2025-02-30", "yesterday", "2999-01-01"):
        refused = app_client.post(f"{patient}/exam", data={**exam(token), "seen_on": bad})
        assert refused.status_code == 422, bad
        assert 'id="err-seen_on">Give the date of the visit' in refused.text
        assert f'value="{bad}"' in refused.text  # what was typed comes back to be corrected
    assert visits(store) == []
    saved = app_client.post(
        f"{patient}/exam", data={**exam(token, hip_flexion="5"), "seen_on": "2025-03-04"}
    )
    assert saved.status_code == 200  # followed to the patient page
    assert visits(store)[0].seen_at.date().isoformat() == "2025-03-04"
    assert "Visit of 2025-03-04 saved. Assessment:" in saved.text


def test_the_form_starts_from_the_record_age_and_sex(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)  # born 1970, female
    form = app_client.get(f"{patient}/exam").text
    age = date.today().year - 1970
    assert 'name="patient.age" type="number"' in form
    assert re.search(rf'id="f-patient-age"[^>]*value="{age}"', form, re.S)
    assert 'name="patient.sex" value="female" checked' in form
    assert "data-level=" not in form  # age and sex alone are not assessed


def test_a_past_visit_opens_and_copies_forward(app_client: TestClient, store: Store) -> None:
    token = sign_in(app_client, "alice")
    patient = new_patient(app_client, token)
    sent = exam(token, ankle_dorsiflexion="2", great_toe_extension="1")
    sent["exam.sensation.left.dorsum_foot"] = "reduced"
    sent["seen_on"] = "2025-03-01"
    app_client.post(f"{patient}/exam", data=sent)
    visit_id = visits(store)[0].id
    page = app_client.get(patient).text
    assert f'href="{patient}/visits/{visit_id}"' in page  # the date opens the visit
    assert f'href="{patient}/exam?from={visit_id}"' in page  # copy forward, at the top
    assert page.index("rec-record-actions") < page.index('id="alerts"')
    opened = app_client.get(f"{patient}/visits/{visit_id}")
    assert opened.status_code == 200
    text = opened.text
    assert "Visit of 2025-03-01" in text
    assert "TA 2/5, EHL 1/5" in text  # the shorthand
    assert "Dorsum of the foot, left</dt><dd>reduced" in text
    assert "Achilles reflex, left</dt><dd>reduced" in text
    assert "exam.sensation" not in text  # clinical words, never a field path
    # copy forward: the new visit's form holds the old examination, already assessed
    form = app_client.get(f"{patient}/exam?from={visit_id}").text
    assert 'name="exam.strength.left.great_toe_extension" value="1" checked' in form
    assert 'name="exam.sensation.left.dorsum_foot" value="reduced" checked>' in form
    assert "Filled in from the visit of 2025-03-01" in form
    assert "data-level=" in form  # assessed at once
    # another clinic cannot open it, nor copy it
    sign_in(app_client, "carol")
    assert app_client.get(f"{patient}/visits/{visit_id}").status_code == 404
    assert app_client.get(f"{patient}/exam?from={visit_id}").status_code == 404
