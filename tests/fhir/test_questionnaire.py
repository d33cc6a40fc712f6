"""The self-check as a FHIR Questionnaire and a QuestionnaireResponse read back into a case: through
the `fhir.resources` models, the web API and the command line."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.questionnaire import Questionnaire, QuestionnaireItem
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)
from hypothesis import given, settings

from sciatica import InvalidCase, KnowledgeError, assess, parse_case
from sciatica.cli.main import main
from sciatica.fhir import case_from_bundle, case_from_response, questionnaire
from sciatica.fhir import codes as k
from sciatica.fhir.fields import by_path
from sciatica.fhir.questionnaire import enable_when
from sciatica.knowledge import load_knowledge
from sciatica.knowledge.schema import AskIf, Question, Text
from sciatica.paths import del_path, get_path
from sciatica.selfcheck import self_check_questions, should_ask
from sciatica.web import create_app
from sciatica.web.settings import Settings

from ..strategies import cases

QUESTIONS = {q.field: q for q in self_check_questions()}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(max_body_bytes=1 << 20))) as test_client:
        yield test_client


def response_to(case: dict[str, Any], **extra: Any) -> QuestionnaireResponse:
    """A QuestionnaireResponse answering every self-check question the case answers."""
    items = []
    for field, question in QUESTIONS.items():
        value = get_path(case, field)
        if value is None:
            continue
        if question.answer == "yes_no":
            answer = QuestionnaireResponseItemAnswer(valueBoolean=value)
        elif question.answer == "number":
            answer = QuestionnaireResponseItemAnswer(valueInteger=value)
        else:
            answer = QuestionnaireResponseItemAnswer(
                valueCoding=Coding(system=k.CS_ANSWER, code=str(value))
            )
        items.append(QuestionnaireResponseItem(linkId=field, answer=[answer]))
    return QuestionnaireResponse(
        status="completed",
        questionnaire=f"{k.QUESTIONNAIRE_URL}|{load_knowledge().meta.version}",
        item=items or None,
        **extra,
    )


def self_check_part(case: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in QUESTIONS:
        value = get_path(case, field)
        if value is not None:
            section, name = field.split(".")
            out.setdefault(section, {})[name] = value
    return out


def through_json(qr: QuestionnaireResponse) -> dict[str, Any]:
    text = qr.model_dump_json()
    assert QuestionnaireResponse.model_validate_json(text).model_dump_json() == text
    data: dict[str, Any] = json.loads(text)
    return data


# --- the Questionnaire ----------------------------------------------------------------------------


def test_the_questionnaire_round_trips_through_the_models() -> None:
    built = questionnaire()
    text = built.model_dump_json()
    assert Questionnaire.model_validate_json(text).model_dump_json() == text
    assert built.url == k.QUESTIONNAIRE_URL and built.id == "sciatica-self-check"
    assert built.version == load_knowledge().meta.version


def test_one_item_per_self_check_question_in_danger_order() -> None:
    items = questionnaire().item or []
    assert [i.linkId for i in items] == list(QUESTIONS)
    assert not [q.field for q in load_knowledge().questions if q.exam and q.field in QUESTIONS]
    for item in items:
        assert item.linkId in by_path(), item.linkId  # linkId = the case path
        question = QUESTIONS[item.linkId]
        assert item.type == {"yes_no": "boolean", "number": "integer"}.get(
            question.answer, "choice"
        )
        assert item.text == question.text.en


def _french(element: Any) -> list[str]:
    return [
        sub.valueString
        for ext in (element.extension or [])
        if ext.url == k.EXT_TRANSLATION
        for sub in ext.extension or []
        if sub.url == "content"
    ]


def test_every_text_has_its_french_translation() -> None:
    for item in questionnaire().item or []:
        question = QUESTIONS[item.linkId]
        assert _french(item.text__ext) == [question.text.fr]
        for option, choice in zip(item.answerOption or [], question.choices or [], strict=True):
            coding = option.valueCoding
            assert (coding.system, coding.code) == (k.CS_ANSWER, str(choice.value))
            assert coding.display == choice.text.en
            assert _french(coding.display__ext) == [choice.text.fr]
        if question.help is not None:
            (help_item,) = item.item or []
            assert help_item.type == "display" and help_item.text == question.help.en
            assert _french(help_item.text__ext) == [question.help.fr]


def test_number_items_carry_their_bounds() -> None:
    item = next(i for i in questionnaire().item or [] if i.linkId == "symptoms.pain_score")
    bounds = {e.url: e.valueInteger for e in item.extension or []}
    assert bounds == {k.EXT_MIN_VALUE: 0, k.EXT_MAX_VALUE: 10}


def enabled(item: QuestionnaireItem, answers: dict[str, Any]) -> bool:
    """enableWhen as FHIR R4 defines it ('!=' holds when the question has no answer)."""
    results = []
    for when in item.enableWhen or []:
        have = when.question in answers
        value = answers.get(when.question)
        if when.answerCoding is not None:
            expected: Any = when.answerCoding.code
        elif when.answerBoolean is not None:
            expected = when.answerBoolean
        else:
            expected = when.answerInteger
        if when.operator == "exists":
            results.append(have == when.answerBoolean)
        elif when.operator == "=":
            results.append(have and value == expected)
        else:
            assert when.operator == "!="
            results.append(not have or value != expected)
    if not results:
        return True
    return all(results) if (item.enableBehavior or "all") == "all" else any(results)


@settings(max_examples=200)
@given(cases())
def test_enable_when_skips_exactly_what_ask_if_skips(case: dict[str, Any]) -> None:
    answers = {
        f: str(v) if isinstance(v, str) else v
        for f in QUESTIONS
        if (v := get_path(case, f)) is not None
    }
    for item in questionnaire().item or []:
        question = QUESTIONS[item.linkId]
        unanswered = copy.deepcopy(case)
        del_path(unanswered, question.field)
        mine = {f: v for f, v in answers.items() if f != question.field}
        assert enabled(item, mine) == should_ask(question, unanswered), question.field


def _question(*tests: AskIf) -> Question:
    text = Text(en="x", fr="x")
    return Question(
        field="history.fever",
        kind="red_flag",
        max_level="emergency",
        exam=False,
        text=text,
        answer="yes_no",
        ask_if=list(tests),
    )


def test_ask_if_combinations() -> None:
    questions = {q.field: q for q in self_check_questions()}
    either = _question(
        AskIf.model_validate({"field": "symptoms.leg_pain", "in": ["left", "right"]})
    )
    conditions, behaviour = enable_when(either, questions)
    assert [c.operator for c in conditions] == ["=", "="] and behaviour == "any"
    answered = _question(AskIf(field="symptoms.weakness", answered=True))
    conditions, behaviour = enable_when(answered, questions)
    assert conditions[0].operator == "exists" and conditions[0].answerBoolean is True
    mixed = _question(
        AskIf.model_validate({"field": "symptoms.leg_pain", "in": ["left", "right"]}),
        AskIf(field="symptoms.weakness", not_in=["none"]),
    )
    with pytest.raises(KnowledgeError, match="mixes"):
        enable_when(mixed, questions)
    with pytest.raises(KnowledgeError, match="not a self-check question"):
        enable_when(_question(AskIf(field="exam.anal_tone", answered=True)), questions)


# --- reading a response ---------------------------------------------------------------------------


@settings(max_examples=100)
@given(cases())
def test_a_response_round_trips_into_the_case(case: dict[str, Any]) -> None:
    # A side not stated ("unspecified", case-format 1.1) comes from free text or a telephone
    # report, never from the self-check, whose side questions offer left, right, both or none.
    case = copy.deepcopy(case)
    for section in case.values():
        if isinstance(section, dict):
            for name in [n for n, v in section.items() if v == "unspecified"]:
                del section[name]
    data = through_json(response_to(case))
    read = case_from_response(data)
    assert read.model_dump(mode="json", exclude_none=True, exclude={"format"}) == self_check_part(
        case
    )


def test_language_id_and_country_are_read(examples: dict[str, dict[str, Any]]) -> None:
    from fhir.resources.R4B.extension import Extension

    case = examples["foot-drop-self-check-fr"]
    qr = response_to(
        case, id="qr-1", language="fr-FR", extension=[Extension(url=k.EXT_COUNTRY, valueCode="FR")]
    )
    read = case_from_response(through_json(qr))
    assert (read.id, read.locale, read.country) == ("qr-1", "fr", "FR")
    assert assess(read).triage.level == assess(case).triage.level


def _refused(qr: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidCase) as refused:
        case_from_response(qr)
    return [(p.path, p.message) for p in refused.value.problems]


def test_bad_responses_are_refused_naming_the_item() -> None:
    good = through_json(response_to({"symptoms": {"bladder": "retention"}}))
    wrong_form = {**good, "questionnaire": "http://example.org/Questionnaire/other"}
    assert _refused(wrong_form)[0][0] == "questionnaire"
    stopped = {**good, "status": "entered-in-error"}
    assert _refused(stopped)[0][0] == "status"

    def with_item(item: dict[str, Any]) -> dict[str, Any]:
        return {**good, "item": [item]}

    unknown = with_item({"linkId": "exam.anal_tone", "answer": [{"valueBoolean": True}]})
    assert _refused(unknown) == [("item[0] (exam.anal_tone)", "not a self-check question")]
    wrong_type = with_item({"linkId": "symptoms.back_pain", "answer": [{"valueInteger": 1}]})
    assert _refused(wrong_type) == [
        ("item[0].answer[0] (symptoms.back_pain)", "expected valueBoolean")
    ]
    bad_code = with_item(
        {
            "linkId": "symptoms.bladder",
            "answer": [{"valueCoding": {"system": k.CS_ANSWER, "code": "sometimes"}}],
        }
    )
    assert "got 'sometimes'" in _refused(bad_code)[0][1]
    two = with_item(
        {
            "linkId": "symptoms.back_pain",
            "answer": [{"valueBoolean": True}, {"valueBoolean": False}],
        }
    )
    assert _refused(two)[0][1] == "expected one answer"
    out_of_range = with_item({"linkId": "symptoms.pain_score", "answer": [{"valueInteger": 11}]})
    assert _refused(out_of_range)[0][0] == "symptoms.pain_score"  # the case path
    assert _refused({"resourceType": "QuestionnaireResponse", "status": 3})  # not FHIR


# --- over HTTP and on the command line ------------------------------------------------------------


def test_get_questionnaire(client: TestClient) -> None:
    answer = client.get("/fhir/Questionnaire/sciatica-self-check")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/fhir+json")
    assert answer.json() == json.loads(questionnaire().model_dump_json())


def test_post_a_response_as_if_it_were_the_case(
    client: TestClient, examples: dict[str, dict[str, Any]]
) -> None:
    case = examples["foot-drop-self-check-fr"]
    qr = through_json(response_to(case, language="fr"))
    via_fhir = client.post(
        "/api/v1/assess", content=json.dumps(qr), headers={"content-type": "application/fhir+json"}
    )
    assert via_fhir.status_code == 200, via_fhir.text
    direct = client.post("/api/v1/assess", json={**self_check_part(case), "locale": "fr"})
    assert via_fhir.json() == direct.json()


def test_post_with_format_fhir_returns_a_bundle(
    client: TestClient, examples: dict[str, dict[str, Any]]
) -> None:
    case = examples["paralysing-l5-contract"]
    for body in (case, through_json(response_to(case))):
        answer = client.post("/api/v1/assess?format=fhir", json=body)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("application/fhir+json")
        bundle = Bundle.model_validate(answer.json())
        assert bundle.type == "collection" and bundle.timestamp is not None
        read = case_from_bundle(bundle).case
        assert assess(read).triage.level == assess(parse_case(case)).triage.level
    # and a bundle can be posted back
    again = client.post("/api/v1/assess", json=answer.json())
    assert again.status_code == 200 and again.json()["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    ("url", "body", "status"),
    [
        ("/api/v1/assess?format=xml", {}, 422),
        ("/api/v1/assess", {"resourceType": "Patient"}, 422),
        ("/api/v1/assess", {"resourceType": "QuestionnaireResponse"}, 422),
        ("/api/v1/assess", {"resourceType": "Bundle", "type": 7}, 422),
        (
            "/api/v1/assess",
            {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "X"}}]},
            422,
        ),
    ],
)
def test_bad_fhir_bodies_are_problems(client: TestClient, url: str, body: Any, status: int) -> None:
    answer = client.post(url, json=body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"


def test_cli_reads_a_response_and_prints_fhir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], examples: dict[str, dict[str, Any]]
) -> None:
    case = examples["cauda-equina-self-check"]
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(through_json(response_to(case))), encoding="utf-8")
    assert main(["assess", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["triage"] == assess(self_check_part(case)).to_json_dict()["triage"]
    assert main(["assess", str(path), "--fhir"]) == 0
    bundle = Bundle.model_validate_json(capsys.readouterr().out)
    assert {e.resource.get_resource_type() for e in bundle.entry or []} >= {
        "RiskAssessment",
        "Observation",
    }
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(case), encoding="utf-8")
    assert main(["assess", str(case_path), "--fhir"]) == 0
    assert Bundle.model_validate_json(capsys.readouterr().out).type == "collection"


def test_cli_refuses_a_bad_response(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "qr.json"
    bad = {"resourceType": "QuestionnaireResponse", "status": "completed", "questionnaire": "x"}
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["assess", str(path)]) == 2
    assert "questionnaire: must be" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["assess", str(path), "--json", "--fhir"])
