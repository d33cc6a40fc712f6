"""Case builders for the records tests."""

from __future__ import annotations

from typing import Any


def foot_drop(grade: int, *, side: str = "left", **symptoms: Any) -> dict[str, Any]:
    """An L5 picture with the given ankle dorsiflexion grade."""
    return {
        "locale": "en",
        "history": {"symptom_days": 20, "conservative_care_weeks": 2, "weakness_course": "stable"},
        "symptoms": {"leg_pain": side, "weakness": side, "bladder": "normal", **symptoms},
        "exam": {"strength": {side: {"ankle_dorsiflexion": grade, "great_toe_extension": 4}}},
    }
