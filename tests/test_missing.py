"""`missing`: unanswered questions that could raise the level, most dangerous first."""

from __future__ import annotations

from sciatica import assess
from sciatica.knowledge import load_knowledge


def test_questions_made_irrelevant_by_earlier_answers_are_not_missing() -> None:
    result = assess({"symptoms": {"leg_pain": "left", "weakness": "none", "claudication": False}})
    assert "history.weakness_days" not in result.missing
    assert "symptoms.claudication_relief" not in result.missing
    with_weakness = assess({"symptoms": {"leg_pain": "left", "weakness": "left"}})
    assert "history.weakness_course" in with_weakness.missing  # read as worsening: listed


def test_missing_is_in_danger_order_and_exam_items_only_with_an_exam() -> None:
    order = [q.field for q in load_knowledge().questions]
    result = assess({"symptoms": {"leg_pain": "left"}})
    assert result.missing == sorted(result.missing, key=order.index)
    assert result.missing[0] == "symptoms.face_or_arm_symptoms"
    assert not any(p.startswith("exam.") for p in result.missing)
    examined = assess({"symptoms": {"leg_pain": "left"}, "exam": {}})
    assert "exam.sensation.saddle" in examined.missing


def test_nothing_is_missing_at_a_certain_emergency() -> None:
    result = assess({"symptoms": {"bladder": "retention"}})
    assert result.triage.level == "emergency" and result.missing == []
