"""The self-check: red flags first, adaptive skips, back, early stop, French, non-interactive."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sciatica import assess
from sciatica.cli.check import interview
from sciatica.cli.main import main
from sciatica.knowledge import load_knowledge
from sciatica.selfcheck import parse_answer, self_check_questions


class Script:
    """Plays a person at the keyboard: answers by question field, or by default."""

    def __init__(self, answers: dict[str, str] | list[str], default: str = "?") -> None:
        self.answers = answers
        self.default = default
        self.asked: list[str] = []
        self._sequence: Iterator[str] | None = iter(answers) if isinstance(answers, list) else None

    def read(self, prompt: str) -> str:
        field = self._field_of(prompt)
        self.asked.append(field)
        if self._sequence is not None:
            return next(self._sequence, self.default)
        assert isinstance(self.answers, dict)
        return self.answers.get(field, self.default)

    @staticmethod
    def _field_of(prompt: str) -> str:
        for q in self_check_questions():
            if q.text.en in prompt or q.text.fr in prompt:
                return q.field
        raise AssertionError(f"unknown prompt: {prompt}")


def run_interview(
    answers: dict[str, str] | list[str], lang: str = "en"
) -> tuple[dict[str, Any], Script]:
    script = Script(answers)
    out: list[str] = []
    case = interview(lang, {"format": "sciatica-case/1", "locale": lang}, script.read, out.append)
    return case, script


def test_red_flags_come_first() -> None:
    fields = [q.field for q in self_check_questions()]
    first = fields[:6]
    assert "symptoms.face_or_arm_symptoms" in first
    assert "symptoms.saddle_numbness" in first
    assert fields.index("symptoms.bladder") < fields.index("symptoms.pain_score")


def test_questions_made_irrelevant_are_skipped() -> None:
    _, script = run_interview({"symptoms.weakness": "none", "symptoms.leg_pain": "left"})
    assert "history.weakness_days" not in script.asked
    assert "history.weakness_course" not in script.asked
    _case, script = run_interview({"symptoms.weakness": "left", "symptoms.leg_pain": "left"})
    assert "history.weakness_days" in script.asked


def test_it_stops_early_once_the_answer_is_certainly_emergency() -> None:
    case, script = run_interview({"symptoms.bladder": "3"})
    assert case["symptoms"]["bladder"] == "retention"
    assert script.asked[-1] == "symptoms.bladder"
    assert assess(case).triage.level == "emergency"


def test_an_emergency_that_rests_on_an_unknown_duration_does_not_stop_early() -> None:
    # Complete paralysis with an unknown weakness duration reads as recent (emergency), but the
    # answer could still lower it, so the check goes on to ask for the duration.
    _case, script = run_interview({"symptoms.complete_paralysis": "left"})
    assert "history.weakness_days" in script.asked


def test_back_goes_to_the_previous_question_and_replaces_its_answer() -> None:
    case, script = run_interview(["no", "no", "b", "yes"])
    _first, second, third = script.asked[:3]
    assert script.asked[3] == second, "after 'b' the previous question is asked again"
    section, field = second.split(".")
    assert case[section][field] is True, "the new answer replaced the old one"
    assert third.split(".")[1] not in case.get(third.split(".")[0], {})


def test_dont_know_stays_unanswered_and_is_listed_as_missing() -> None:
    case, _ = run_interview({"symptoms.leg_pain": "left"})
    assert "bladder" not in case.get("symptoms", {})
    assert "symptoms.bladder" in assess(case).missing


def test_french_questions_and_answers() -> None:
    case, _script = run_interview({"symptoms.saddle_numbness": "oui"}, lang="fr")
    assert case["symptoms"]["saddle_numbness"] is True
    assert case["locale"] == "fr"
    assert "urgence" in assess(case).triage.action.lower() or "15" in assess(case).triage.action


def test_parse_answer_understands_words_numbers_and_no() -> None:
    questions = {q.field: q for q in load_knowledge().questions}
    assert parse_answer(questions["symptoms.leg_pain"], "2", "en") in (
        "right",
        "left",
        "both",
        "none",
    )
    assert parse_answer(questions["symptoms.bladder"], "no", "en") == "normal"
    assert (
        parse_answer(
            questions["symptoms.fever" if "symptoms.fever" in questions else "history.fever"],
            "oui",
            "fr",
        )
        is True
    )
    with pytest.raises(ValueError):
        parse_answer(questions["symptoms.pain_score"], "11", "en")


def test_non_interactive_from_flags_and_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "check",
            "--answer",
            "symptoms.leg_pain=left",
            "--answer",
            "symptoms.foot_drop=left",
            "--answer",
            "history.weakness_course=stable",
            "--json",
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["triage"]["level"] == "urgent"
    answers = tmp_path / "answers.yaml"
    answers.write_text("symptoms:\n  saddle_numbness: true\n", encoding="utf-8")
    out_case = tmp_path / "case.json"
    code = main(
        [
            "check",
            "--answers",
            str(answers),
            "--lang",
            "fr",
            "--country",
            "FR",
            "--case-out",
            str(out_case),
            "--no-color",
        ]
    )
    text = capsys.readouterr().out
    assert code == 0 and "URGENCE" in text and "15" in text
    assert json.loads(out_case.read_text(encoding="utf-8"))["symptoms"]["saddle_numbness"] is True


def test_bad_answers_are_refused_with_the_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--answer", "symptoms.pain_score=12"]) == 2
    assert "symptoms.pain_score: must be an integer 0-10" in capsys.readouterr().err
    assert main(["check", "--answer", "nonsense"]) == 2
    assert "expected PATH=VALUE" in capsys.readouterr().err
