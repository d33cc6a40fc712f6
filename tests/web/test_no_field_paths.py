"""No clinician page, report or letter shows a field path, a snake-case name or a rule id (issue
14, two registers), over every example case in both languages: the form with its result, the live
result fragment, the report, the letter form, the letter and the text of its PDF."""

from __future__ import annotations

import io
import json
import re
from importlib import resources
from pathlib import Path

import pypdf
import pytest
from fastapi.testclient import TestClient

from sciatica import assess, parse_case
from sciatica.clinical_words import level_action
from sciatica.web.pages.clinician_form import values_from_case

from ..code_like import code_like, visible_text

EXAMPLES = sorted(Path(str(p)) for p in resources.files("sciatica").joinpath("examples").iterdir())
LETTER = {
    "letter_name": "Jane Doe",
    "letter_referrer": "Dr Smith",
    "letter_question": "Please see within the timing advised.",
}
PAGES = ("/clinician", "/clinician/result", "/clinician/report", "/clinician/referral")


def test_the_check_finds_what_the_pages_used_to_show() -> None:
    """The checker is not vacuous: the old raw finding, a root's evidence and a rule id."""
    for shown in (
        "exam.babinski.left = yes",
        "history.fever",
        "hip_abduction 4/5",
        "RF-MOT-SEVERE",
    ):
        assert code_like(f"Reason: {shown}."), shown
    assert code_like("Left ankle dorsiflexion: MRC 2 [thome-2022] https://x.org/a_b.c") == []


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_page_shows_code(client: TestClient, example: Path, lang: str) -> None:
    values = values_from_case(json.loads(example.read_text("utf-8")))
    values["locale"] = lang
    page = client.get(f"/clinician?lang={lang}")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    form = {"csrf_token": found.group(1), **values}
    for path in PAGES:
        answer = client.post(f"{path}?lang={lang}", data=form)
        assert answer.status_code == 200, path
        text = visible_text(answer.text)
        assert code_like(text) == [], f"{path}: {code_like(text)}"
    letter = client.post(f"/clinician/referral/letter?lang={lang}", data={**form, **LETTER})
    assert letter.status_code == 200 and "Jane Doe" in letter.text
    assert code_like(visible_text(letter.text)) == []
    pdf = client.post(f"/clinician/referral.pdf?lang={lang}", data={**form, **LETTER})
    assert pdf.status_code == 200
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Jane Doe" in text
    assert code_like(text) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_clinician_reads_what_to_arrange_not_the_patients_sentence(
    client: TestClient, example: Path, lang: str
) -> None:
    """The level's action on the result, report and letter is the clinician's (E2.2: "same-day
    spinal contact, urgent MRI"), not the patient's "Call 15 now" that the assessment carries."""
    case = json.loads(example.read_text("utf-8"))
    values = values_from_case(case)
    values["locale"] = lang
    page = client.get(f"/clinician?lang={lang}")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    form = {"csrf_token": found.group(1), **values}
    a = assess(parse_case({k: v for k, v in case.items() if k != "locale"} | {"locale": lang}))
    for path, extra in (
        ("/clinician/result", {}),
        ("/clinician/report", {}),
        ("/clinician/referral/letter", LETTER),
    ):
        text = visible_text(client.post(f"{path}?lang={lang}", data={**form, **extra}).text)
        assert " ".join(level_action(a.triage.level, lang).split()) in text, path
        assert a.triage.action not in text, path
