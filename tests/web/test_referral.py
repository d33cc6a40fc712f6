"""The referral letter (web/pages/referral.py) through TestClient: the letter form over a case, the
letter as a page and as a PDF read back with pypdf, refused input named by field, and the privacy
rules (no cache keeps it, no log line carries what was typed).

The browser checks (axe, screenshots) are in test_referral_browser.py.
"""

from __future__ import annotations

import io
import logging
import re
import sys
from typing import Any

import pypdf
import pytest
from fastapi.testclient import TestClient

from sciatica.web.pages.clinician_form import _example, values_from_case
from sciatica.web.pages.referral import LETTER_FIELDS

LETTER = {
    "letter_name": "Jane Quentin-Doe",
    "letter_birth": "1978-03-21",
    "letter_number": "943 476 5919",
    "letter_referrer": "Dr Amal Smith",
    "letter_role": "General practitioner",
    "letter_contact": "01632 960 123",
    "letter_team": "Spinal surgery on call",
    "letter_question": "Please assess for urgent decompression of the left L5 root.",
    "letter_medication": "Naproxen 500 mg twice daily\nCodeine 30 mg at night",
    "letter_note": "Lives alone; drives for work.",
}


def case_values(name: str = "paralysing-l5-contract", lang: str = "en") -> dict[str, str]:
    values = values_from_case(_example(name))
    values["locale"] = lang
    return values


def token(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/clinician").text)
    assert found
    return found.group(1)


def post(client: TestClient, path: str, fields: dict[str, str], lang: str = "en") -> Any:
    return client.post(f"{path}?lang={lang}", data={"csrf_token": token(client), **fields})


def pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_letter_form_carries_the_case_and_asks_for_the_letter(client: TestClient) -> None:
    answer = post(client, "/clinician/referral", case_values())
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    text = answer.text
    assert "Write the referral letter" in text and "Error:" not in text
    assert 'name="exam.strength.left.great_toe_extension" value="1"' in text  # the case, hidden
    for f in LETTER_FIELDS:
        assert f'<label for="{f.name}">' in text, f.name
    assert 'autocomplete="off"' in text  # the browser does not keep identifiers for autofill
    assert 'formaction="/clinician/referral.pdf"' in text


def test_the_letter_page_carries_identifiers_question_and_findings(client: TestClient) -> None:
    answer = post(client, "/clinician/referral/letter", {**case_values(), **LETTER})
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    text = answer.text
    for value in ("Jane Quentin-Doe", "1978-03-21", "943 476 5919", "Dr Amal Smith"):
        assert value in text
    assert "Please assess for urgent decompression of the left L5 root." in text
    assert "Naproxen 500 mg twice daily" in text and "Lives alone; drives for work." in text
    # findings in clinical words, the rule by its title with its sources, the root explained
    assert "Left great toe extension 1/5 (was 2/5)" in text
    assert "Paralysing sciatica, recent or worsening" in text and "thome-2022" in text
    assert "Score: the share" in text
    assert "data-print hidden" in text  # Print, shown by the script


def test_the_pdf_carries_identifiers_question_and_findings(client: TestClient) -> None:
    answer = post(client, "/clinician/referral.pdf", {**case_values(), **LETTER})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.content.startswith(b"%PDF-")
    text = pdf_text(answer.content)
    for value in ("Jane Quentin-Doe", "1978-03-21", "943 476 5919", "Dr Amal Smith"):
        assert value in text
    assert "Spinal surgery on call" in text
    assert "Please assess for urgent decompression of the left L5 root." in text
    assert "Left ankle dorsiflexion 2/5 (was 3/5)" in text
    assert "Left great toe extension: MRC 1" in text  # a reason's finding, in words
    assert "Naproxen 500 mg twice daily" in text and "Codeine 30 mg at night" in text
    assert "Paralysing sciatica, recent or worsening" in text and "thome-2022" in text


def test_the_pdf_fits_one_page_where_it_can_and_keeps_everything_where_it_cannot(
    client: TestClient,
) -> None:
    answer = post(client, "/clinician/referral.pdf", {**case_values(), **LETTER})
    assert len(pypdf.PdfReader(io.BytesIO(answer.content)).pages) == 1
    long_note = "Seen twice this month. " * 65  # 1495 characters, within the limit
    longer = {**LETTER, "letter_note": long_note.strip()}
    answer = post(client, "/clinician/referral.pdf", {**case_values(), **longer})
    assert len(pypdf.PdfReader(io.BytesIO(answer.content)).pages) == 2
    text = pdf_text(answer.content)
    assert text.count("Seen twice this month.") == 65 and "Jane Quentin-Doe" in text


def test_the_pdf_is_written_in_the_advice_language(client: TestClient) -> None:
    answer = post(client, "/clinician/referral.pdf", {**case_values(lang="fr"), **LETTER})
    text = pdf_text(answer.content)
    assert "Adressage : sciatique avec faiblesse de jambe" in text
    assert "Flexion dorsale de cheville gauche 2/5" in text
    assert "Jane Quentin-Doe" in text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"letter_birth": "1978-02-30"}, "letter_birth", "Date of birth: enter a real date"),
        ({"letter_birth": "21/03/1978"}, "letter_birth", "Date of birth: enter a real date"),
        ({"letter_birth": "2999-01-01"}, "letter_birth", "Date of birth must be in the past"),
        ({"letter_name": "x" * 121}, "letter_name", "Full name: 120 characters at most"),
        ({"letter_name": "Jane\x00Doe"}, "letter_name", "Full name: remove the control"),
        ({"letter_question": "  "}, "letter_question", "Enter the question for the receiving"),
    ],
    ids=["no-such-day", "not-iso", "future", "too-long", "control", "no-question"],
)
@pytest.mark.parametrize("path", ["/clinician/referral/letter", "/clinician/referral.pdf"])
def test_refused_letter_input_names_the_field(
    client: TestClient, path: str, change: dict[str, str], field: str, message: str
) -> None:
    answer = post(client, path, {**case_values(), **LETTER, **change})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-store"
    text = answer.text
    assert "<title>Error:" in text and "There is a problem" in text
    assert f'<a href="#{field}">{message}' in text
    assert f'id="{field}-error"' in text and 'aria-invalid="true"' in text


def test_a_refused_case_goes_back_to_the_examination_form(client: TestClient) -> None:
    answer = post(client, "/clinician/referral/letter", {"patient.age": "200", **LETTER})
    assert answer.status_code == 422
    assert 'id="err-f-patient-age"' in answer.text


@pytest.mark.parametrize(
    "path", ["/clinician/referral", "/clinician/referral/letter", "/clinician/referral.pdf"]
)
def test_the_letter_addresses_need_a_posted_form(client: TestClient, path: str) -> None:
    answer = client.get(path, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/clinician"
    refused = client.post(path, data={**case_values(), **LETTER}, headers={"X-CSRF-Token": "x"})
    assert refused.status_code == 403


def test_nothing_typed_into_the_letter_is_logged(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, every level
    for path in ("/clinician/referral/letter", "/clinician/referral.pdf"):
        assert post(client, path, {**case_values(), **LETTER}).status_code == 200
    bad = {**LETTER, "letter_birth": "1978-02-30"}
    assert post(client, "/clinician/referral/letter", {**case_values(), **bad}).status_code == 422
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for value in ("Quentin-Doe", "943 476 5919", "01632 960 123", "Amal Smith"):
        assert value not in logged


def test_without_the_pdf_extra_the_letter_pdf_says_501(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    answer = post(client, "/clinician/referral.pdf", {**case_values(), **LETTER})
    assert answer.status_code == 501
    assert "sciatica[pdf]" in answer.text


def test_the_pdf_is_set_in_the_shipped_font(client: TestClient) -> None:
    """The letter's type ships with the project (static/fonts, Arimo): its page count must not
    depend on the fonts of the server (a bare Debian has only the wider DejaVu Sans)."""
    answer = post(client, "/clinician/referral.pdf", {**case_values(), **LETTER})
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in pypdf.PdfReader(io.BytesIO(answer.content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+Arimo") for name in fonts), fonts
    assert any(name.endswith("+Arimo-Bold") for name in fonts), fonts
