"""Case-format 1.1 "unspecified": a symptom present on a leg not named (clinical-spec Part I §2
"Side not stated"; INT-20). The golden cases G122-G124 hold the worked examples; these tests hold
the contract and the properties."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica import InvalidCase, assess, parse_case
from sciatica.assessment import LEVELS
from sciatica.case import SYMPTOM_SIDE_FIELDS

from .strategies import cases

RANK = {level: i for i, level in enumerate(LEVELS)}


def level(case: dict[str, Any]) -> int:
    return RANK[assess(parse_case(case)).triage.level]


def test_a_symptom_may_have_its_side_unstated() -> None:
    case = parse_case({"format": "sciatica-case/1", "symptoms": {"weakness": "unspecified"}})
    assert case.symptoms is not None and case.symptoms.weakness == "unspecified"


def test_an_examination_finding_always_names_its_side() -> None:
    with pytest.raises(InvalidCase) as caught:
        parse_case(
            {"format": "sciatica-case/1", "exam": {"crossed_straight_leg_raise": "unspecified"}}
        )
    assert "exam.crossed_straight_leg_raise" in str(caught.value)


@pytest.mark.parametrize("field", SYMPTOM_SIDE_FIELDS)
def test_the_unstated_side_is_listed_as_missing(field: str) -> None:
    a = assess({"format": "sciatica-case/1", "symptoms": {field: "unspecified"}})
    assert f"symptoms.{field}" in a.missing


@pytest.mark.parametrize("field", ["weakness", "foot_drop", "complete_paralysis", "leg_pain"])
def test_an_unstated_side_is_never_both_legs(field: str) -> None:
    # The other leg hurts; the unstated symptom may be on the same leg: no bilateral rule fires.
    a = assess(
        {
            "format": "sciatica-case/1",
            "history": {"symptom_days": 3, "weakness_course": "stable", "weakness_days": 3},
            "symptoms": {"leg_pain": "left", field: "unspecified"}
            if field != "leg_pain"
            else {"weakness": "left", "leg_pain": "unspecified"},
        }
    )
    assert not {r.rule for r in a.triage.reasons} & {
        "RF-BILAT",
        "RF-BILAT-UNCLEAR",
        "RF-BILAT-CHRONIC",
    }


@settings(max_examples=150)
@given(cases(), st.sampled_from(SYMPTOM_SIDE_FIELDS))
def test_an_unstated_side_sits_between_no_and_both_legs(data: dict[str, Any], field: str) -> None:
    """Part I §2 and INT-20: none <= unspecified <= both, whatever else the case says."""

    def with_side(value: str) -> dict[str, Any]:
        out = copy.deepcopy(data)
        out.setdefault("symptoms", {})[field] = value
        out["unsure"] = [p for p in out.get("unsure", []) if p != f"symptoms.{field}"] or None
        if out["unsure"] is None:
            del out["unsure"]
        return out

    none, unstated, both = (level(with_side(v)) for v in ("none", "unspecified", "both"))
    assert none <= unstated <= both


@pytest.mark.parametrize(
    "field", ["weakness", "foot_drop", "complete_paralysis", "cannot_heel_walk"]
)
def test_an_unstated_motor_symptom_weighs_as_much_as_a_named_one_without_an_exam(
    field: str,
) -> None:
    base = {
        "format": "sciatica-case/1",
        "history": {"weakness_days": 2, "weakness_course": "stable"},
    }
    named = copy.deepcopy(base) | {"symptoms": {field: "left"}}
    unstated = copy.deepcopy(base) | {"symptoms": {field: "unspecified"}}
    assert level(unstated) == level(named)
