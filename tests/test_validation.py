"""Bad input is refused with one clear message per offending JSON path; nothing is guessed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciatica import InvalidCase, assess, parse_case, parse_case_json


def problems(data: object) -> list[str]:
    with pytest.raises(InvalidCase) as info:
        parse_case(data)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def test_the_contract_message_for_an_impossible_grade() -> None:
    assert problems({"exam": {"strength": {"left": {"hip_flexion": 7}}}}) == [
        "exam.strength.left.hip_flexion: must be an integer 0-5 (MRC grade), got 7"
    ]


def test_every_offending_path_is_named_once() -> None:
    found = problems(
        {
            "bogus": 1,
            "symptoms": {"leg_pain": "up", "pain_score": 11},
            "history": {"symptom_days": -3, "fever": "yes"},
            "exam": {"reflexes": {"left": {"knee": "normal"}}},
        }
    )
    paths = [f.split(":")[0] for f in found]
    assert sorted(paths) == sorted(
        [
            "bogus",
            "symptoms.leg_pain",
            "symptoms.pain_score",
            "history.symptom_days",
            "history.fever",
            "exam.reflexes.left.knee",
        ]
    )
    assert any(
        "unknown field; expected one of: patellar, medial_hamstring, achilles" in f for f in found
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"exam": {"strength": {"left": {"hip_flexion": True}}}}, "must be an integer 0-5"),
        ({"exam": {"strength": {"left": {"hip_flexion": 4.0}}}}, "must be an integer 0-5"),
        ({"exam": {"strength": {"left": {"hip_flexion": "4"}}}}, "must be an integer 0-5"),
        ({"history": {"symptom_days": -1}}, "must be a whole number of days"),
        ({"country": "France"}, "ISO 3166-1 alpha-2"),
        ({"locale": "de"}, "one of 'en', 'fr'"),
        ({"format": "sciatica-case/2"}, "'sciatica-case/1'"),
        ({"symptoms": []}, "must be an object"),
        ({"exam": {"strength": {"middle": {}}}}, "unknown field"),
    ],
)
def test_wrong_types_and_ranges_are_refused(data: object, message: str) -> None:
    found = problems(data)
    assert len(found) == 1 and message in found[0], found


def test_not_an_object_and_not_json_are_refused() -> None:
    assert problems([1, 2]) == ["a case must be a JSON object, got [1, 2]"]
    with pytest.raises(InvalidCase, match="not valid JSON"):
        parse_case_json("{")
    with pytest.raises(InvalidCase, match="not UTF-8"):
        parse_case_json(b"\xff\xfe{")


def test_absent_and_null_both_mean_not_asked() -> None:
    assert parse_case({"symptoms": {"bladder": None}}) == parse_case({"symptoms": {}})


def test_assess_refuses_invalid_input_too() -> None:
    with pytest.raises(InvalidCase):
        assess({"symptoms": {"weakness": "yes"}})


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["symptoms", "exam", "history", "left", "leg_pain", "strength", "x"]
                ),
                inner,
                max_size=3,
            )
        ),
    )
)
def test_any_input_is_assessed_or_refused_cleanly(data: object) -> None:
    try:
        assess(data)  # type: ignore[arg-type]
    except InvalidCase as error:
        assert error.problems and all(str(p) for p in error.problems)


def test_whole_json_numbers_written_with_a_fraction_are_integers() -> None:
    """JSON Schema's "integer" counts 4.0 (EHR serialisers write it); 4.5 stays refused."""
    case = parse_case_json('{"exam": {"strength": {"left": {"hip_flexion": 4.0}}}}')
    assert case.exam is not None and case.exam.strength is not None
    assert case.exam.strength.left is not None and case.exam.strength.left.hip_flexion == 4
    with pytest.raises(
        InvalidCase, match=r"hip_flexion: must be an integer 0-5 \(MRC grade\), got 4.5"
    ):
        parse_case_json('{"exam": {"strength": {"left": {"hip_flexion": 4.5}}}}')
