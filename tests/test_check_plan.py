"""`sciatica check` prints the personal plan after a result below emergency, never after an
emergency, and never inside the `--json` contract."""

from __future__ import annotations

import json

import pytest

from sciatica.cli.main import main
from sciatica.cli.plan_render import WORDS

WEAK_FOOT = [
    "symptoms.leg_pain=left",
    "symptoms.foot_drop=left",
    "symptoms.cannot_heel_walk=left",
    "history.weakness_course=stable",
]


def check(capsys: pytest.CaptureFixture[str], answers: list[str], *extra: str) -> str:
    args = ["check", "--no-color", *extra]
    for answer in answers:
        args += ["--answer", answer]
    assert main(args) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_weak_foot_gets_the_plan_after_the_result(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    out = check(capsys, WEAK_FOOT, "--lang", lang, "--country", "GB")
    assert WORDS[lang]["title"] in out
    result, plan = out.split(WORDS[lang]["title"])
    assert ("URGENT" in result) and ("URGENT" not in plan)  # the level is the result's
    heel = {"en": "walk 5 steps on your heels", "fr": "faites 5 pas sur les talons"}[lang]
    assert heel in " ".join(plan.split())
    assert WORDS[lang]["against"] in plan and "sources:" in plan
    assert "symptoms." not in plan and "RF-" not in plan


def test_a_case_with_unanswered_warning_signs_gets_a_plan_that_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A non-interactive case that never answered the cauda equina questions: the plan opens by
    saying it cannot rule the warning signs out, and leaves out the reassuring course."""
    out = check(capsys, ["symptoms.leg_pain=left", "history.symptom_days=4"])
    plan = " ".join(out.split(WORDS["en"]["title"])[1].split())
    assert "This plan cannot rule those signs out" in plan
    assert "usually gets better" not in plan


def test_an_emergency_gets_no_plan(capsys: pytest.CaptureFixture[str]) -> None:
    out = check(capsys, ["symptoms.saddle_numbness=true"])
    assert "EMERGENCY" in out and WORDS["en"]["title"] not in out


def test_the_json_output_stays_the_assessment_contract(capsys: pytest.CaptureFixture[str]) -> None:
    out = check(capsys, WEAK_FOOT, "--json")
    body = json.loads(out)
    assert body["format"] == "sciatica-assessment/1" and "plan" not in body
