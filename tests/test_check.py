"""The self-check: red flags first, adaptive skips, back, early stop, French, non-interactive."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sciatica import assess
from sciatica.cli.check import interview, read_choice
from sciatica.cli.main import main
from sciatica.flow import catalogue, shown


def _texts() -> dict[str, str]:
    """Every prompt text the flow can show (both languages, simpler wordings too) -> field."""
    out: dict[str, str] = {}
    for name in catalogue().items:
        for lang in ("en", "fr"):
            out[shown(name, lang).text] = name
            if name in catalogue().simpler:
                out[shown(name, lang, simpler=True).text] = name
    return out


class Script:
    """Plays a person at the keyboard: answers by question field, or by default."""

    def __init__(self, answers: dict[str, str] | list[str], default: str = "no") -> None:
        self.answers = answers
        self.default = default
        self.asked: list[str] = []
        self._sequence: Iterator[str] | None = iter(answers) if isinstance(answers, list) else None
        self._texts = _texts()

    def read(self, prompt: str) -> str:
        field = self._field_of(prompt)
        self.asked.append(field)
        assert len(self.asked) < 100, f"the check does not end: {self.asked[-10:]}"
        if self._sequence is not None:
            return next(self._sequence, "q")
        assert isinstance(self.answers, dict)
        if field in self.answers:
            return self.answers[field]
        kind = catalogue().items[field].kind
        if kind == "number":
            return "40"  # an age
        return "1" if kind in ("band", "choice") and field != "symptoms.bladder" else self.default

    def _field_of(self, prompt: str) -> str:
        first = prompt.strip().splitlines()[0]
        if first in self._texts:
            return self._texts[first]
        raise AssertionError(f"unknown prompt: {prompt}")


def run_interview(
    answers: dict[str, str] | list[str], lang: str = "en", default: str = "no"
) -> tuple[dict[str, Any], Script]:
    script = Script(answers, default)
    out: list[str] = []
    done = interview(lang, {"format": "sciatica-case/1", "locale": lang}, script.read, out.append)
    return done.case, script


def test_stroke_and_cauda_equina_come_first() -> None:
    _, script = run_interview({})
    first = script.asked[:8]
    assert "screen.call_now" in first
    for field in ("saddle_numbness", "bladder", "bowel", "sexual_dysfunction_new"):
        assert f"symptoms.{field}" in first


def test_questions_that_cannot_change_the_level_are_not_asked() -> None:
    _, script = run_interview({"symptoms.leg_pain": "1"})
    assert "history.weakness_days" not in script.asked
    assert "history.weakness_course" not in script.asked
    assert len(script.asked) <= 20


def test_it_stops_at_once_when_the_answer_is_certainly_emergency() -> None:
    case, script = run_interview({"symptoms.bladder": "3"})
    assert case["symptoms"]["bladder"] == "retention"
    assert script.asked[-1] == "symptoms.bladder"
    assert assess(case).triage.level == "emergency"


def test_an_emergency_that_rests_on_an_unknown_duration_asks_the_duration_next() -> None:
    # A part of the leg that cannot move: emergency unless the weakness is old and not worsening,
    # so the duration is asked next (Part I §4a), and "1-3 days" ends the check.
    case, script = run_interview(
        {"screen.motor": "yes", "symptoms.complete_paralysis": "1", "history.weakness_days": "2"}
    )
    at = script.asked.index("symptoms.complete_paralysis")
    assert script.asked[at + 1 :] == ["history.weakness_days"]
    assert assess(case).triage.level == "emergency"


def test_back_goes_to_the_previous_question_and_replaces_its_answer() -> None:
    case, script = run_interview(["no", "no", "b", "yes"])
    _first, second, _third, fourth = script.asked[:4]
    assert second == "symptoms.saddle_numbness"
    assert fourth == second, "after 'b' the previous question is asked again"
    assert case["symptoms"]["saddle_numbness"] is True, "the new answer replaced the old one"


def test_dont_know_to_saddle_numbness_is_asked_again_then_fires_rf_ces_unsure() -> None:
    case, script = run_interview({"symptoms.saddle_numbness": "?"})
    assert script.asked.count("symptoms.saddle_numbness") == 2
    assert case["unsure"] == ["symptoms.saddle_numbness"]
    result = assess(case)
    assert result.triage.level == "urgent"
    assert "RF-CES-UNSURE" in [r.rule for r in result.triage.reasons]


def test_stopping_before_the_red_flags_gives_no_level(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("no\nq\n"))
    assert main(["check", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "No result yet" in out
    for level in ("SELF-CARE", "Self-care", "ROUTINE", "Not urgent", "EMERGENCY", "URGENT"):
        assert level not in out.split("No result yet")[1]


def test_french_questions_and_answers() -> None:
    case, _script = run_interview({"symptoms.saddle_numbness": "oui"}, lang="fr")
    assert case["symptoms"]["saddle_numbness"] is True
    assert case["locale"] == "fr"
    assert "15" in assess(case).triage.action or "urgence" in assess(case).triage.action.lower()


def test_read_choice_understands_words_numbers_and_no() -> None:
    leg = shown("symptoms.leg_pain", "en")
    assert read_choice(leg, "2") == leg.options[1].value
    assert read_choice(shown("symptoms.bladder", "en"), "no") == "normal"
    assert read_choice(shown("history.fever", "fr"), "oui") is True
    assert read_choice(shown("screen.infection", "en"), "no") is False
    with pytest.raises(ValueError):
        read_choice(shown("symptoms.pain_score", "en"), "11")


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


def test_the_patient_result_keeps_the_work_up_for_the_doctor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sciatica.knowledge import load_knowledge

    assert main(["check", "--answer", "symptoms.saddle_numbness=true", "--no-color"]) == 0
    out = capsys.readouterr().out
    patient_part, _, doctor_part = out.partition("Summary for your doctor")
    assert doctor_part, "the work-up is in the summary for the doctor"
    for step in load_knowledge().next_steps:
        assert step.text.en[:40] not in patient_part.replace("\n", " ")
    assert "200 ml" not in patient_part and "200 ml" in doctor_part.replace("\n  ", " ")
    assert "Do not drive yourself" in patient_part


def test_an_answer_on_the_re_asked_question_replaces_the_dont_know() -> None:
    # "I don't know" to saddle numbness, then "yes" to the simpler wording: the case must carry
    # the yes (and no longer the "I don't know"), which the flow refuses to hold together.
    case, script = run_interview(["no", "?", "yes"])
    assert script.asked[1:3] == ["symptoms.saddle_numbness", "symptoms.saddle_numbness"]
    assert case["symptoms"]["saddle_numbness"] is True
    assert "unsure" not in case
    assert assess(case).triage.level == "emergency"
