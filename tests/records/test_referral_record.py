"""The referral letter for a patient of the records: identifiers from the record (never typed),
nothing stored, another clinic's patient not found; on both backends."""

from __future__ import annotations

import io

import pypdf
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sciatica.records.db import Store
from sciatica.records.models import Patient, Visit

from .test_pages import sign_in

CASE = {
    "locale": "en",
    "symptoms.leg_pain": "left",
    "symptoms.weakness": "left",
    "exam.strength.left.great_toe_extension": "2",
    "exam.strength.left.hip_abduction": "4",
    "exam.reflexes.left.medial_hamstring": "reduced",
    "exam.sensation.left.dorsum_foot": "reduced",
}
TYPED = {
    "letter_name": "Typed Over",  # ignored: the record's name is the patient's name
    "letter_number": "000 000 0000",
    "letter_referrer": "Dr Amal Smith",
    "letter_question": "Please assess the left L5 weakness.",
}


def new_named_patient(client: TestClient, token: str) -> str:
    answer = client.post(
        "/records/patients",
        data={"csrf_token": token, "display_name": "Ada Record", "birth_year": "1961"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    location: str = answer.headers["location"]
    return location


def counts(store: Store) -> tuple[int, int]:
    with store.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Patient)) or 0,
            s.scalar(select(func.count()).select_from(Visit)) or 0,
        )


def test_the_letter_takes_the_identifiers_from_the_record(
    app_client: TestClient, store: Store
) -> None:
    token = sign_in(app_client, "alice")
    patient = new_named_patient(app_client, token)
    exam = app_client.get(f"{patient}/exam").text
    assert f'formaction="{patient}/referral"' in exam
    with store.session() as s:
        number = s.scalars(select(Patient.record_number)).one()
    before = counts(store)
    form = app_client.post(f"{patient}/referral", data={"csrf_token": token, **CASE})
    assert form.status_code == 200 and form.headers["cache-control"] == "no-store"
    assert "Ada Record" in form.text and 'name="letter_name"' not in form.text
    assert f'action="{patient}/referral/letter"' in form.text
    sent = {"csrf_token": token, **CASE, **TYPED}
    letter = app_client.post(f"{patient}/referral/letter", data=sent)
    assert letter.status_code == 200
    assert "Ada Record" in letter.text and "1961" in letter.text
    assert number in letter.text
    assert "Typed Over" not in letter.text and "000 000 0000" not in letter.text
    pdf = app_client.post(f"{patient}/referral.pdf", data=sent)
    assert pdf.status_code == 200 and pdf.headers["cache-control"] == "no-store"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ada Record" in text and number in text
    assert "Please assess the left L5 weakness." in text
    assert "Typed Over" not in text
    assert counts(store) == before  # a letter stores nothing


def test_another_clinics_patient_has_no_letter(app_client: TestClient) -> None:
    token = sign_in(app_client, "alice")
    patient = new_named_patient(app_client, token)
    app_client.post("/logout", data={"csrf_token": token})
    other = sign_in(app_client, "carol")
    answer = app_client.post(
        f"{patient}/referral/letter", data={"csrf_token": other, **CASE, **TYPED}
    )
    assert answer.status_code == 404
    assert "Ada Record" not in answer.text
