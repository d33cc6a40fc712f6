"""The assessment as a FHIR Bundle, and a record read back into a case: every mapping by round trip
through the `fhir.resources` models (dump to JSON, validate, dump again, read back)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import given, settings

from sciatica import Case, InvalidCase, assess, parse_case
from sciatica.clinical_words import level_action
from sciatica.fhir import assessment_bundle, case_from_bundle, case_from_resources
from sciatica.fhir import codes as k
from sciatica.fhir.concept_map import map_file
from sciatica.fhir.fields import by_path, case_fields
from sciatica.knowledge import rule_titles

from ..strategies import cases
from .conftest import EXAMPLE_NAMES, fixture

WHEN = datetime(2026, 1, 12, 9, 30, tzinfo=UTC)


def through_json(bundle: Bundle) -> Bundle:
    """Dump, validate and dump again: the JSON must survive the models unchanged."""
    text = bundle.model_dump_json()
    again = Bundle.model_validate_json(text)
    assert again.model_dump_json() == text
    return again


def pruned(node: Any) -> Any:
    """The case without empty objects (an empty object and an absent one say the same)."""
    if isinstance(node, dict):
        out = {key: pruned(value) for key, value in node.items()}
        return {key: value for key, value in out.items() if value not in ({}, None)}
    return node


def comparable(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = pruned(case.model_dump(mode="json", exclude_none=True))
    previous = data.get("previous", {})
    if not previous.get("symptoms") and not previous.get("exam"):
        data.pop("previous", None)  # a previous visit with no finding is not exported
    return data


def resources(bundle: Bundle, kind: str) -> list[Any]:
    return [
        e.resource
        for e in bundle.entry or []
        if e.resource is not None and e.resource.get_resource_type() == kind
    ]


def one(bundle: Bundle, kind: str) -> Any:
    found = resources(bundle, kind)
    assert len(found) == 1, f"{len(found)} {kind}"
    return found[0]


def references(node: Any) -> list[str]:
    """Every Reference's `reference` in a JSON tree."""
    if isinstance(node, dict):
        own = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return own + [r for v in node.values() for r in references(v)]
    if isinstance(node, list):
        return [r for v in node for r in references(v)]
    return []


def codings_of(node: Any) -> list[dict[str, Any]]:
    """Every Coding in a JSON tree (objects with a system and a code)."""
    out = []
    if isinstance(node, dict):
        if "system" in node and "code" in node:
            out.append(node)
        for value in node.values():
            out.extend(codings_of(value))
    elif isinstance(node, list):
        for value in node:
            out.extend(codings_of(value))
    return out


# --- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_round_trips(name: str, examples: dict[str, dict[str, Any]]) -> None:
    case = parse_case(examples[name])
    bundle = through_json(assessment_bundle(case, assess(case), when=WHEN, id_seed=name))
    reading = case_from_bundle(json.loads(bundle.model_dump_json()))
    assert comparable(reading.case) == comparable(case)
    assert assess(reading.case).triage == assess(case).triage


@settings(max_examples=60)
@given(cases())
def test_any_case_round_trips(data: dict[str, Any]) -> None:
    # `unsure` (case-format 1.1) travels as Observations with dataAbsentReason "asked-unknown".
    case = parse_case(data)
    bundle = through_json(assessment_bundle(case, assess(case)))
    assert comparable(case_from_bundle(bundle).case) == comparable(case)


@settings(max_examples=30)
@given(cases())
def test_any_case_round_trips_with_the_ehr_patient(data: dict[str, Any]) -> None:
    case = parse_case(data)
    bundle = through_json(assessment_bundle(case, assess(case), patient="Patient/123"))
    assert not resources(bundle, "Patient")
    for obs in resources(bundle, "Observation"):
        assert obs.subject.reference == "Patient/123"
    assert comparable(case_from_bundle(bundle).case) == comparable(case)


def test_the_same_seed_gives_the_same_bundle(examples: dict[str, dict[str, Any]]) -> None:
    case = parse_case(examples["paralysing-l5-contract"])
    a = assess(case)
    first = assessment_bundle(case, a, when=WHEN, id_seed="s").model_dump_json()
    assert first == assessment_bundle(case, a, when=WHEN, id_seed="s").model_dump_json()
    assert first != assessment_bundle(case, a, when=WHEN).model_dump_json()


# --- what the bundle says -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contract() -> tuple[Case, Bundle]:
    from .conftest import example

    case = parse_case(example("paralysing-l5-contract"))
    return case, through_json(assessment_bundle(case, assess(case), when=WHEN, id_seed="c"))


def test_every_reference_resolves_inside_the_bundle(contract: tuple[Case, Bundle]) -> None:
    _, bundle = contract
    data = json.loads(bundle.model_dump_json())
    full_urls = {e["fullUrl"] for e in data["entry"]}
    assert len(full_urls) == len(data["entry"])
    refs = references(data)
    assert refs and set(refs) <= full_urls


def test_the_risk_assessment_carries_level_basis_and_reasons(
    contract: tuple[Case, Bundle],
) -> None:
    case, bundle = contract
    a = assess(case)
    risk = one(bundle, "RiskAssessment")
    risk_level = risk.prediction[0].qualitativeRisk.coding[0]
    assert (risk_level.system, risk_level.code) == (k.CS_TRIAGE_LEVEL, a.triage.level)
    assert risk.method.coding[0].version == a.knowledge_version
    observation_urls = {
        e.fullUrl for e in bundle.entry or [] if e.resource.get_resource_type() == "Observation"
    }
    basis = {b.reference for b in risk.basis}
    assert basis <= observation_urls and len(basis) >= len(by_path()) // 2
    reasons = [e for e in risk.extension if e.url == k.EXT_REASON]
    assert len(reasons) == len(a.triage.reasons)
    for ext, reason in zip(reasons, a.triage.reasons, strict=True):
        parts: dict[str, list[Any]] = {}
        for sub in ext.extension:
            value = sub.valueCode if sub.valueCode is not None else sub.valueString
            parts.setdefault(sub.url, []).append(value)
        assert parts["rule"] == [reason.rule]
        assert parts["level"] == [reason.level]
        assert parts["label"] == [reason.label]
        assert parts["source"] == list(reason.sources)
    notes = " ".join(n.text for n in risk.note)
    titles = rule_titles(a.locale)
    assert all(titles[r.rule] in notes for r in a.triage.reasons)
    assert a.disclaimer in notes
    # the clinician register: what to arrange (E2.2), rules by title, no field path or rule id
    assert risk.mitigation == level_action(a.triage.level, a.locale)
    assert risk.mitigation != a.triage.action
    assert not any(r.rule in notes for r in a.triage.reasons)
    assert "symptoms." not in notes and "exam." not in notes and "history." not in notes
    unanswered = [e.valueString for e in risk.extension if e.url == k.EXT_UNANSWERED]
    assert unanswered == a.missing


def test_an_mrc_grade_has_its_body_site_and_laterality(contract: tuple[Case, Bundle]) -> None:
    _, bundle = contract
    grades = [
        o
        for o in resources(bundle, "Observation")
        if o.code.coding[0].code == "exam.strength.great_toe_extension" and not o.extension
    ]
    assert len(grades) == 1
    obs = grades[0]
    assert obs.valueInteger == 1
    assert obs.category[0].coding[0].code == "exam"
    assert obs.bodySite.coding[0].code == "great_toe"
    laterality = obs.bodySite.extension[0]
    assert laterality.url == k.EXT_LATERALITY
    codes = {(c.system, c.code) for c in laterality.valueCodeableConcept.coding}
    assert (k.CS_ANSWER, "left") in codes and ("http://snomed.info/sct", "7771000") in codes


def test_the_pain_score_has_loinc_72514_3(contract: tuple[Case, Bundle]) -> None:
    _, bundle = contract
    pains = [
        o
        for o in resources(bundle, "Observation")
        if any(c.code == "72514-3" for c in o.code.coding)
    ]
    assert len(pains) == 1
    loinc = next(c for c in pains[0].code.coding if c.code == "72514-3")
    assert loinc.system == "http://loinc.org"
    assert loinc.extension[0].url == k.EXT_VERIFICATION and loinc.extension[0].valueCode == "S"
    assert pains[0].valueInteger == 8


def test_every_kind_of_finding_is_an_observation(contract: tuple[Case, Bundle]) -> None:
    _, bundle = contract
    codes = {o.code.coding[0].code for o in resources(bundle, "Observation")}
    for field in (
        "exam.reflexes.medial_hamstring",
        "exam.sensation.lateral_leg",
        "exam.straight_leg_raise",
        "exam.foot_pulses",
        "exam.post_void_residual_ml",
        "symptoms.bladder",
        "history.symptom_days",
    ):
        assert field in codes, field
    quantities = [
        o
        for o in resources(bundle, "Observation")
        if o.code.coding[0].code == "history.symptom_days"
    ]
    assert quantities[0].valueQuantity.code == "d" and quantities[0].valueQuantity.value == 10


def test_conditions_carry_the_spec_codes_and_say_which_are_unverified(
    contract: tuple[Case, Bundle],
) -> None:
    case, bundle = contract
    a = assess(case)
    conditions = resources(bundle, "Condition")
    presentation = [c for c in conditions if c.code.coding[0].system == k.CS_PRESENTATION]
    assert [c.code.coding[0].code for c in presentation] == [a.presentation]
    codes = {(c.system, c.code) for c in presentation[0].code.coding}
    assert ("http://snomed.info/sct", "23056005") in codes
    assert ("http://hl7.org/fhir/sid/icd-10-cm", "M54.32") in codes  # the left side
    assert ("http://hl7.org/fhir/sid/icd-10-cm", "M54.31") not in codes
    roots = [c for c in conditions if c.code.coding[0].system == k.CS_NERVE_ROOT]
    assert [c.code.coding[0].code for c in roots] == [r.root for r in a.roots]
    differentials = [c for c in conditions if c.code.coding[0].system == k.CS_DIFFERENTIAL]
    assert len(differentials) == len(a.differentials)
    assert all(c.verificationStatus.coding[0].code == "differential" for c in differentials)
    assert all(c.verificationStatus.coding[0].code == "provisional" for c in presentation + roots)
    for cond in conditions:
        external = [c for c in cond.code.coding if not c.system.startswith(k.CANONICAL)]
        for coding in external:  # every outside code says how sure we are of it
            labels = [e.valueCode for e in coding.extension if e.url == k.EXT_VERIFICATION]
            assert labels in (["C"], ["S"], ["U"]), coding
        has_u = any(
            e.valueCode == "U" for c in external for e in c.extension if e.url == k.EXT_VERIFICATION
        )
        notes = " ".join(n.text for n in cond.note)
        assert ("unverified" in notes) == has_u


def test_the_labels_follow_the_spec() -> None:
    """A few codes whose label clinical-spec E9 states outright."""
    labels = {
        (e.system, e.code): e.label
        for group in (
            *k.table().presentations.values(),
            *k.table().roots.values(),
            *k.table().differentials.values(),
            k.table().pain_score,
        )
        for e in group
    }
    assert labels[("snomed", "23056005")] == "S"
    assert labels[("snomed", "192970008")] == "S"
    assert labels[("snomed", "128200000")] == "U"
    assert labels[("snomed", "57310009")] == "U"
    assert labels[("icd10cm", "M54.16")] == "S"
    assert labels[("icd10cm", "M54.31")] == "U"
    assert labels[("icd10", "M54.16")] == "U"
    assert labels[("icd10", "G57.3")] == "U"
    assert labels[("loinc", "72514-3")] == "S"
    for spec in map_file().maps.values():  # not in the spec at all
        assert {e.label for e in spec.codes} == {"U"}


def test_next_steps_are_service_requests_and_care_plan_activities(
    contract: tuple[Case, Bundle],
) -> None:
    case, bundle = contract
    a = assess(case)
    requests = resources(bundle, "ServiceRequest")
    services = [s for s in a.next_steps if s.kind in ("imaging", "referral", "test")]
    assert [r.code.text for r in requests] == [s.text for s in services]
    assert {r.status for r in requests} == {"draft"} and {r.intent for r in requests} == {
        "proposal"
    }
    assert {r.priority for r in requests} == {"stat"}  # an emergency
    plan = one(bundle, "CarePlan")
    assert len(plan.activity) == len(a.next_steps)
    avoided = [x for x in plan.activity if x.detail is not None and x.detail.doNotPerform]
    assert len(avoided) == len([s for s in a.next_steps if s.kind == "avoid"])
    assert [n.text for n in plan.note or []] == [f"Seek help at once if: {s}" for s in a.safety_net]


def test_every_case_field_has_one_code() -> None:
    fields = case_fields()
    assert len(fields) == len(set(fields))
    assert "exam.strength.hip_flexion" in fields and fields["exam.strength.hip_flexion"].per_side
    assert by_path()["exam.strength.right.hip_flexion"][1] == "right"
    assert by_path()["exam.sensation.saddle"][1] is None


# --- reading an EHR's record ----------------------------------------------------------------------


def test_an_ehr_record_is_read_into_a_case() -> None:
    bundle = fixture("ehr.json")
    patient = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("id") == "p-foot-drop"
        or e["resource"].get("subject", {}).get("reference") == "Patient/p-foot-drop"
    ]
    record = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in patient],
    }
    reading = case_from_bundle(record, today=date(2026, 1, 12))
    assert comparable(reading.case) == {
        "format": "sciatica-case/1",
        "patient": {"age": 53, "sex": "female"},
        "history": {
            "weakness_days": 3,
            "weakness_course": "worsening",
            "cancer_history": True,  # resolved, but it is a history question
            "diabetes": True,
        },
        "symptoms": {
            "leg_pain": "left",
            "pain_score": 7,  # LOINC 72514-3
            "saddle_numbness": False,
            "bladder": "normal",
            "foot_drop": "left",
        },
        "exam": {"strength": {"left": {"ankle_dorsiflexion": 2, "great_toe_extension": 1}}},
    }
    assert assess(reading.case).triage.level == "emergency"
    ignored = "\n".join(reading.ignored)
    assert "hip-flexion-error: status entered-in-error" in ignored
    assert (
        "osteoporosis-resolved: a resolved condition does not answer history.osteoporosis"
        in ignored
    )
    assert "hiv-refuted: verification status refuted" in ignored
    assert "Observation/bp" in ignored and "Condition/hypertension" in ignored
    assert reading.unverified == [
        "http://hl7.org/fhir/sid/icd-10|C50.9 -> history.cancer_history",
        "http://hl7.org/fhir/sid/icd-10-cm|E11.9 -> history.diabetes",
    ] or sorted(reading.unverified) == sorted(
        [
            "http://hl7.org/fhir/sid/icd-10-cm|E11.9 -> history.diabetes",
            "http://hl7.org/fhir/sid/icd-10|C50.9 -> history.cancer_history",
        ]
    )
    assert any("Observation/adf-left ->" in u for u in reading.used)  # the latest grade won
    assert reading.has_findings


def test_without_today_a_birth_date_gives_no_age() -> None:
    patient = {"resourceType": "Patient", "gender": "male", "birthDate": "1950-01-01"}
    reading = case_from_bundle(
        {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": patient}]}
    )
    assert reading.case.patient is not None and reading.case.patient.age is None
    assert not reading.has_findings


def _observation(code: str, **value: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "code": {"coding": [{"system": k.CS_CASE_FIELD, "code": code}]},
        **value,
    }


@pytest.mark.parametrize(
    ("observation", "where", "message"),
    [
        (
            _observation("exam.strength.hip_flexion", valueInteger=3),
            "Observation/o1",
            "needs the laterality extension",
        ),
        (
            _observation("history.symptom_days", valueQuantity={"value": 2, "code": "wk"}),
            "Observation/o1",
            "expected a quantity in UCUM 'd'",
        ),
        (
            _observation("symptoms.bladder", valueCodeableConcept={"text": "fine"}),
            "Observation/o1",
            "expected valueCodeableConcept",
        ),
        (_observation("symptoms.back_pain", valueInteger=1), "Observation/o1", "valueBoolean"),
        (
            _observation("symptoms.pain_score", valueQuantity={"value": 4.5}),
            "Observation/o1",
            "whole number",
        ),
        (
            _observation("symptoms.pain_score", valueInteger=11),
            "symptoms.pain_score",
            "must be an integer 0-10",
        ),
    ],
)
def test_a_value_that_cannot_be_read_is_refused(
    observation: dict[str, Any], where: str, message: str
) -> None:
    record = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": observation}]}
    with pytest.raises(InvalidCase) as refused:
        case_from_bundle(record)
    assert any(p.path == where and message in p.message for p in refused.value.problems), (
        refused.value.problems
    )


def test_a_malformed_bundle_is_refused_with_the_element() -> None:
    with pytest.raises(InvalidCase) as refused:
        case_from_bundle(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "Observation"}}],
            }
        )
    assert any("entry.0.resource" in p.path for p in refused.value.problems)
    with pytest.raises(InvalidCase):
        case_from_bundle(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "NoSuchThing"}}],
            }
        )
    with pytest.raises(InvalidCase):
        case_from_bundle({"resourceType": "Patient"})


def test_searchset_bundles_nested_in_a_list_are_opened() -> None:
    observations = Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [{"resource": _observation("symptoms.back_pain", valueBoolean=True)}],
        }
    )
    reading = case_from_resources([observations])
    assert reading.case.symptoms is not None and reading.case.symptoms.back_pain is True
