"""The clinician page, its result fragment and the referral report, through TestClient (no browser).

The browser tests (live updates, clicking the drawing, the PDF) are in test_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from sciatica.case import Case
from sciatica.web.pages_clinician import case_from_form, form_fields, key_findings

STATIC = Path(__file__).resolve().parents[2] / "src" / "sciatica" / "web" / "static"

# An L5 radiculopathy on the left: great toe extension and hip abduction weak, L5 dermatome
# numb, medial hamstring reflex reduced, straight-leg raise positive.
L5_EXAM = {
    "patient.age": "47",
    "patient.sex": "male",
    "country": "GB",
    "history.symptom_days": "20",
    "history.weakness_days": "20",
    "history.weakness_course": "stable",
    "symptoms.leg_pain": "left",
    "symptoms.weakness": "left",
    "symptoms.bladder": "normal",
    "symptoms.bowel": "normal",
    "symptoms.saddle_numbness": "no",
    "exam.strength.left.great_toe_extension": "3",
    "exam.strength.left.hip_abduction": "4",
    "exam.strength.left.ankle_plantarflexion": "5",
    "exam.strength.right.great_toe_extension": "5",
    "exam.reflexes.left.medial_hamstring": "reduced",
    "exam.reflexes.left.achilles": "normal",
    "exam.sensation.left.lateral_leg": "reduced",
    "exam.sensation.left.dorsum_foot": "reduced",
    "exam.sensation.saddle": "normal",
    "exam.straight_leg_raise.left": "positive",
    "exam.anal_tone": "normal",
}


def token(client: TestClient, path: str = "/clinician") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def post(client: TestClient, path: str, fields: dict[str, str], lang: str = "en") -> Any:
    return client.post(f"{path}?lang={lang}", data={"csrf_token": token(client), **fields})


# --- the form -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "grade_label"),
    [("en", "Clinician examination", "Hip flexion, left"), ("fr", "Examen clinique", "gauche")],
)
def test_the_form_renders_in_both_languages(
    client: TestClient, lang: str, title: str, grade_label: str
) -> None:
    page = client.get("/clinician", headers={"accept-language": lang})
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert title in page.text
    assert page.text.count("<h1") == 1
    assert grade_label in page.text
    assert 'name="exam.strength.right.ankle_plantarflexion"' in page.text
    assert 'name="previous.exam.strength.left.great_toe_extension"' in page.text
    assert 'data-area="saddle"' in page.text  # the clickable drawing


def paths_of(model: type[BaseModel], prefix: str) -> list[str]:
    paths = []
    for name, info in model.model_fields.items():
        inner = [a for a in getattr(info.annotation, "__args__", ()) if isinstance(a, type)]
        nested = next((a for a in inner if issubclass(a, BaseModel)), None)
        if nested is not None:
            paths += paths_of(nested, f"{prefix}{name}.")
        else:
            paths.append(f"{prefix}{name}")
    return paths


def test_every_field_of_the_case_has_a_control() -> None:
    wanted = [
        p
        for p in paths_of(Case, "")
        # `unsure` is the patient's "I don't know" (case-format 1.1), not an examination finding.
        if p not in ("format", "id", "unsure") and not p.startswith("previous.")
    ]
    missing = sorted(set(wanted) - set(form_fields()))
    assert not missing, f"no form control for {missing}"
    assert "previous.days_ago" in form_fields()
    assert "previous.exam.strength.left.ankle_dorsiflexion" in form_fields()


def test_every_control_allows_not_asked(client: TestClient) -> None:
    page = client.get("/clinician").text
    for select in re.findall(r"<select [^>]*>.*?</select>", page, re.S):
        if 'name="locale"' in select:
            continue  # the advice language defaults to the page's language
        assert '<option value="">' in select, select[:120]


def test_a_blank_field_is_left_out_never_read_as_no() -> None:
    case, values = case_from_form(
        {"symptoms.bladder": "", "history.fever": "no", "exam.babinski.left": "  "}, "en"
    )
    assert case == {"format": "sciatica-case/1", "locale": "en", "history": {"fever": False}}
    assert values == {"history.fever": "no", "locale": "en"}


def test_an_example_fills_the_form_and_shows_its_result(client: TestClient) -> None:
    page = client.get("/clinician?example=follow-up-worsening")
    assert page.status_code == 200
    assert re.search(r'name="exam.strength.left.ankle_dorsiflexion"[^>]*>.*?value="3" selected',
                     page.text, re.S)  # fmt: skip
    assert "Since the previous visit" in page.text
    assert "Left ankle dorsiflexion: 4 → 3" in page.text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_reasons_are_in_clinical_wording_not_the_patients(
    client: TestClient, lang: str
) -> None:
    """Two registers (issue 14): the clinician reads each outcome's clinician text; the patient
    text (addressed to "you") belongs to the self-check."""
    import html
    import json
    from importlib import resources

    from sciatica import assess, parse_case
    from sciatica.patient import clinician_reasons

    example = resources.files("sciatica").joinpath("examples", "paralysing-l5-contract.json")
    a = assess(parse_case({**json.loads(example.read_text("utf-8")), "locale": lang}))
    page = client.get(f"/clinician?example=paralysing-l5-contract&lang={lang}")
    assert page.status_code == 200
    shown = re.sub(r"\s+", " ", html.unescape(page.text))
    differ = 0
    for rule, clinical in clinician_reasons(a):
        patient = next(r.text for r in a.triage.reasons if r.rule == rule)
        assert clinical in shown, rule
        if clinical != patient:
            differ += 1
            assert patient not in shown, rule
    assert differ >= 1, "the check is not vacuous"


# --- posting the form without JavaScript ---------------------------------------------------------


def test_an_l5_exam_is_assessed_with_level_root_and_sources(client: TestClient) -> None:
    page = post(client, "/clinician", L5_EXAM)
    assert page.status_code == 200
    text = page.text
    assert re.search(r'class="level-banner level-(emergency|urgent|soon|routine|self_care)"', text)
    roots = re.search(r'<ol class="cl-roots">.*?<strong>(\w+)</strong>', text, re.S)
    assert roots and roots.group(1) == "L5"
    assert "Great toe extension 3/5" in text and "great_toe_extension 3/5" not in text
    assert 'id="src-thome-2022"' in text and "Motor recovery depends on timing" in text
    assert "C · confirmed" in text
    # the form comes back filled
    assert re.search(
        r'name="exam.sensation.left.dorsum_foot".*?value="reduced" selected', text, re.S
    )
    assert 'value="47"' in text


def test_unverified_rules_are_marked(client: TestClient) -> None:
    page = post(client, "/clinician", {"symptoms.numbness": "left"})
    assert page.status_code == 200
    assert 'class="cl-reason is-unverified"' in page.text
    assert "U · UNVERIFIED" in page.text


def test_a_root_that_does_not_localise_says_so(client: TestClient) -> None:
    page = post(client, "/clinician", {"symptoms.leg_pain": "left"})
    assert "No root localises: consider plexus, peripheral nerve, polyneuropathy." in page.text


def test_an_invalid_grade_is_shown_next_to_its_field(client: TestClient) -> None:
    page = post(client, "/clinician", {"exam.strength.left.hip_flexion": "7", "patient.age": "x"})
    assert page.status_code == 422
    assert (
        'id="err-f-exam-strength-left-hip_flexion">must be an integer 0-5 (MRC grade), got 7<'
        in page.text
    )
    assert re.search(
        r'id="f-exam-strength-left-hip_flexion"[^>]*aria-invalid="true"', page.text, re.S
    )
    assert 'id="err-f-patient-age">must be an integer 0-130 (years)' in page.text
    assert "Nothing was assessed" in page.text


@pytest.mark.parametrize(
    "fields",
    [
        {"exam.strength.left.hip_flexion": "-1"},
        {"exam.strength.left.hip_flexion": "99999999999999999999"},
        {"patient.age": "1e3"},
        {"symptoms.bladder": "sometimes"},
        {"country": "france"},
        {"locale": "de"},
        {"history.fever": "maybe"},
        {"exam.post_void_residual_ml": "x" * 5000},
        {"exam.sensation.saddle": "\u0000<script>"},
        {"unknown.field": "1", "exam.clonus.left": "yes"},
    ],
)
def test_no_input_gives_a_500(client: TestClient, fields: dict[str, str]) -> None:
    for path in ("/clinician", "/clinician/result", "/clinician/report"):
        answer = post(client, path, fields)
        assert answer.status_code in (200, 422), (path, answer.status_code)
        assert "<script>" not in answer.text.replace('<script src="/static/clinician.js"', "")


@pytest.mark.parametrize("path", ["/clinician", "/clinician/result", "/clinician/report"])
def test_posts_without_the_csrf_token_are_refused(client: TestClient, path: str) -> None:
    token(client)  # the browser has its cookie
    assert client.post(path, data=L5_EXAM).status_code == 403
    assert client.post(path, data={**L5_EXAM, "csrf_token": "forged.token"}).status_code == 403
    assert client.post(path, data=L5_EXAM, headers={"X-CSRF-Token": "x"}).status_code == 403


# --- the fragment for the page's script ------------------------------------------------------------


def test_the_result_fragment(client: TestClient) -> None:
    csrf = token(client)
    answer = client.post("/clinician/result", data=L5_EXAM, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 200
    assert "<html" not in answer.text and "<form" not in answer.text
    assert 'data-status="Assessment:' in answer.text
    assert 'id="result-title"' in answer.text
    assert "<strong>L5</strong>" in answer.text


def test_the_fragment_lists_refused_fields_for_the_script(client: TestClient) -> None:
    csrf = token(client)
    answer = client.post(
        "/clinician/result",
        data={"exam.strength.right.knee_extension": "6"},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200
    assert 'data-error-for="f-exam-strength-right-knee_extension"' in answer.text
    assert 'data-message="must be an integer 0-5 (MRC grade), got 6"' in answer.text


# --- the referral report ---------------------------------------------------------------------------


def test_the_report_has_the_key_parts(client: TestClient) -> None:
    previous = {"previous.days_ago": "7", "previous.exam.strength.left.great_toe_extension": "4"}
    page = post(client, "/clinician/report", {**L5_EXAM, **previous})
    assert page.status_code == 200
    text = page.text
    assert "Referral report" in text and text.count("<h1") == 1
    assert re.search(r"Date</span> \d{4}-\d{2}-\d{2}", text)
    assert "Age (years)</span> 47" in text and "Sex</span> male" in text
    assert 'class="report-mrc"' in text and "Great toe extension" in text
    assert "L prev." in text  # the previous visit's grades
    assert "4→3" in text
    assert "level-banner level-" in text
    assert "Severe motor deficit or foot drop" in text  # the rule by its title, not its id
    assert 'data-rule="RF-MOT-SEVERE"' in text and "RF-MOT-SEVERE<" not in text
    assert "Score: the share" in text  # the root score is explained
    assert "<strong>L5 left</strong>" in text
    assert "Differential diagnoses" in text
    assert "Next steps" in text
    assert "thome-2022" in text and "Sources and verification labels" in text
    assert "Not a medical device" in text
    assert "Negative or normal" in text  # pertinent negatives, e.g. saddle numbness: no
    assert "data-print hidden" in text  # "Print / Save as PDF", shown by the script
    # the hidden copy of the form, to go back and edit
    assert 'name="exam.strength.left.great_toe_extension" value="3"' in text


def test_the_report_is_written_in_the_advice_language(client: TestClient) -> None:
    page = post(client, "/clinician/report", {**L5_EXAM, "locale": "fr"})
    assert '<html lang="fr">' in page.text
    assert "Courrier d'adressage" in page.text or "Courrier d&#39;adressage" in page.text


def test_the_report_prints_on_a4() -> None:
    css = (STATIC / "clinician.css").read_text(encoding="utf-8")
    assert re.search(r"@page\s*{\s*size:\s*A4;\s*margin:", css)


def test_a_refused_report_goes_back_to_the_form(client: TestClient) -> None:
    page = post(client, "/clinician/report", {"patient.age": "200"})
    assert page.status_code == 422
    assert 'id="err-f-patient-age"' in page.text


def test_the_report_address_without_a_form_goes_to_the_form(client: TestClient) -> None:
    answer = client.get("/clinician/report", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/clinician"


def test_key_findings_merge_the_two_sides() -> None:
    found = key_findings(
        {
            "exam.reflexes.left.achilles": "absent",
            "exam.reflexes.right.achilles": "normal",
            "exam.reflexes.left.patellar": "normal",
            "exam.reflexes.right.patellar": "normal",
            "history.fever": "no",
        },
        "en",
    )
    assert found.positive == [("Reflexes", [("Achilles reflex", "L absent, R normal")])]
    assert found.negative == ["Fever", "Patellar reflex (normal L+R)"]


# --- page hygiene ----------------------------------------------------------------------------------


def test_pages_have_no_inline_script_style_or_handler(client: TestClient) -> None:
    pages = [
        client.get("/clinician?example=paralysing-l5-contract").text,
        post(client, "/clinician/report", L5_EXAM).text,
    ]
    for text in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)", text)
        assert not re.search(r"\sstyle=", text)
        assert not re.search(r"\son[a-z]+=", text)
