"""The ConceptMap from problem-list Condition codes to history fields: its content, its publication,
and the safety rule that a Condition only ever answers "yes" (never "no")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.conceptmap import ConceptMap
from fhir.resources.R4B.condition import Condition
from hypothesis import given
from hypothesis import strategies as st

from sciatica import assess
from sciatica.errors import KnowledgeError
from sciatica.fhir import case_from_resources, condition_map
from sciatica.fhir import codes as k
from sciatica.fhir.cds import PREFETCH
from sciatica.fhir.concept_map import MapFile, _check, map_file, rules
from sciatica.web import create_app
from sciatica.web.api.cds_hooks import CdsSettings

from .test_cds_hooks import Harness, only_card, request_for

CLINICAL = ("active", "recurrence", "relapse", "inactive", "remission", "resolved")
VERIFICATION = (
    "unconfirmed",
    "provisional",
    "differential",
    "confirmed",
    "refuted",
    "entered-in-error",
)
HISTORY_PATHS = sorted(map_file().maps)
ENTRIES = [(path, e) for path, m in map_file().maps.items() for e in m.codes]


def condition(
    system: str,
    code: str,
    clinical: str | None = "active",
    verification: str | None = "confirmed",
    rid: str = "c1",
) -> Condition:
    data: dict[str, Any] = {
        "resourceType": "Condition",
        "id": rid,
        "subject": {"reference": "Patient/p1"},
        "code": {"coding": [{"system": system, "code": code}]},
    }
    if clinical is not None:
        data["clinicalStatus"] = {"coding": [{"system": k.CS_CONDITION_CLINICAL, "code": clinical}]}
    if verification is not None:
        data["verificationStatus"] = {
            "coding": [{"system": k.CS_CONDITION_VERIFICATION, "code": verification}]
        }
    return Condition.model_validate(data)


def history(resources: list[Any]) -> dict[str, Any]:
    case = case_from_resources(resources).case
    assert case.symptoms is None and case.exam is None and case.patient is None
    return case.history.model_dump(exclude_none=True) if case.history else {}


def child(code: str) -> str:
    """A code below a prefix entry (E11 -> E11.9, C -> C50.9, Z3A -> Z3A.20)."""
    return "C50.9" if code == "C" else f"{code}.9" if "." not in code else f"{code}9"


# --- the resource ---------------------------------------------------------------------------------


def test_the_concept_map_round_trips_through_the_model() -> None:
    text = condition_map().model_dump_json()
    again = ConceptMap.model_validate_json(text)
    assert again.model_dump_json() == text
    assert again.url == k.CONCEPT_MAP_URL and again.status == "draft" and again.experimental
    assert {str(g.source) for g in again.group or []} == {
        k.system_url("snomed"),
        k.system_url("icd10"),
        k.system_url("icd10cm"),
    }
    assert {str(g.target) for g in again.group or []} == {k.CS_CASE_FIELD}


def test_every_element_carries_its_label_source_and_status_rule() -> None:
    elements = [e for g in condition_map().group or [] for e in g.element or []]
    assert len(elements) == len(ENTRIES) == len(rules())
    for element in elements:
        labels = [x.valueCode for x in element.extension or [] if x.url == k.EXT_VERIFICATION]
        assert labels == ["U"]  # no code of clinical-spec E9 names a history field
        (target,) = element.target or []
        assert target.equivalence == "wider"
        assert "never to false" in str(target.comment)
        assert "not in clinical-spec E9" in str(target.comment)
        counts = [x.valueCode for x in target.extension or [] if x.url == k.EXT_COUNTS_WHEN]
        assert counts in (["active"], ["any"])


def test_it_is_published(client_app: TestClient) -> None:
    answer = client_app.get(f"/fhir/ConceptMap/{k.CONCEPT_MAP_ID}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/fhir+json")
    assert json.loads(answer.text) == json.loads(condition_map().model_dump_json())


@pytest.fixture
def client_app() -> Any:
    with TestClient(create_app()) as client:
        yield client


# --- each mapping ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "entry"), ENTRIES, ids=[f"{p}-{e.code}" for p, e in ENTRIES])
def test_each_mapping_sets_its_field_to_true(path: str, entry: Any) -> None:
    system = k.system_url(entry.system)
    field = path.split(".")[1]
    assert history([condition(system, entry.code)]) == {field: True}
    reading = case_from_resources([condition(system, entry.code)])
    assert reading.unverified == [f"{system}|{entry.code} -> {path}"]
    below = child(entry.code)
    if entry.prefix:
        assert history([condition(system, below)]) == {field: True}
    else:
        assert history([condition(system, below)]) == {}  # an exact code only
    other = "icd10" if entry.system != "icd10" else "icd10cm"
    if all(e.system != other or e.code != entry.code for _, e in ENTRIES):
        assert history([condition(k.system_url(other), entry.code)]) == {}  # not another system


def test_the_examples_the_issue_names() -> None:
    icd10, icd10cm, snomed = (k.system_url(s) for s in ("icd10", "icd10cm", "snomed"))
    assert history([condition(icd10cm, "E11.65")]) == {"diabetes": True}
    assert history([condition(icd10, "M81.0")]) == {"osteoporosis": True}
    assert history([condition(icd10, "Z85.3")]) == {"cancer_history": True}
    assert history([condition(snomed, "86406008")]) == {"immunosuppression": True}
    assert history([condition(icd10cm, "Z3A.20")]) == {"pregnant": True}
    assert history([condition(icd10cm, "Z79.52")]) == {"long_term_steroids": True}
    assert history([condition(icd10cm, "M96.1")]) == {"previous_spine_surgery": True}
    # written without the dot, or in lower case, it is the same code
    assert history([condition(icd10, "e119")]) == {"diabetes": True}
    # near misses stay unanswered
    assert history([condition(icd10cm, "Z33.2")]) == {}  # an encounter for termination
    assert history([condition(icd10, "D84.1")]) == {}  # C1 esterase inhibitor defect
    assert history([condition(icd10, "D05.1")]) == {}  # carcinoma in situ is not in chapter C
    assert history([condition(snomed, "44054006")]) == {}  # a SNOMED child: exact match only


@pytest.mark.parametrize("status", ["refuted", "entered-in-error"])
def test_refuted_and_entered_in_error_are_ignored(status: str) -> None:
    for _, entry in ENTRIES:
        resource = condition(k.system_url(entry.system), entry.code, verification=status)
        reading = case_from_resources([resource])
        assert reading.case.history is None
        assert reading.ignored == [f"Condition/c1: verification status {status}"]
        assert reading.unverified == []


@pytest.mark.parametrize("status", ["inactive", "remission", "resolved"])
def test_a_past_condition_answers_only_history_questions(status: str) -> None:
    icd10 = k.system_url("icd10")
    assert history([condition(icd10, "C50.9", status)]) == {"cancer_history": True}
    assert history([condition(icd10, "M96.1", status)]) == {"previous_spine_surgery": True}
    for code in ("E11.9", "M81.0", "B20", "Z33"):
        assert history([condition(icd10, code, status)]) == {}
        reading = case_from_resources([condition(icd10, code, status)])
        assert f"a {status} condition does not answer" in reading.ignored[0]


def test_without_statuses_a_condition_counts() -> None:
    icd10 = k.system_url("icd10")
    assert history([condition(icd10, "E11.9", None, None)]) == {"diabetes": True}


def test_a_problem_list_raises_the_level_it_should() -> None:
    """Cancer history with night pain is a red flag that needs the record's Condition."""
    case = {"symptoms": {"leg_pain": "left", "night_pain": True}, "history": {}}
    base = assess(case).triage.level
    reading = case_from_resources(
        [condition(k.system_url("icd10"), "C61", "resolved")], locale="en"
    )
    assert reading.case.history is not None
    merged = {**case, "history": reading.case.history.model_dump(exclude_none=True)}
    assert assess(merged).triage.level != base


# --- the safety property --------------------------------------------------------------------------

SYSTEMS = [k.system_url(s) for s in ("snomed", "icd10", "icd10cm")]
CODES = st.one_of(
    st.sampled_from([e.code for _, e in ENTRIES]),
    st.sampled_from([child(e.code) for _, e in ENTRIES]),
    st.from_regex(r"[A-Z][0-9]{2}(\.[0-9]{1,2})?", fullmatch=True),
    st.from_regex(r"[1-9][0-9]{5,9}", fullmatch=True),
)
CONDITIONS = st.lists(
    st.builds(
        condition,
        st.sampled_from(SYSTEMS),
        CODES,
        st.one_of(st.none(), st.sampled_from(CLINICAL)),
        st.one_of(st.none(), st.sampled_from(VERIFICATION)),
    ),
    max_size=8,
)


@given(CONDITIONS)
def test_conditions_never_set_a_field_to_false(conditions: list[Condition]) -> None:
    values = history(conditions)
    assert set(values.values()) <= {True}
    assert set(values) <= {p.split(".")[1] for p in HISTORY_PATHS}


@given(CONDITIONS, CONDITIONS)
def test_more_conditions_never_take_an_answer_away(
    first: list[Condition], more: list[Condition]
) -> None:
    assert history(first).items() <= history(first + more).items()


@given(CONDITIONS)
def test_refuted_conditions_change_nothing(conditions: list[Condition]) -> None:
    refuted = [
        condition(
            str(c.code.coding[0].system),  # type: ignore[index, union-attr]
            str(c.code.coding[0].code),  # type: ignore[index, union-attr]
            verification="refuted",
        )
        for c in conditions
    ]
    assert history(refuted) == {}


# --- the label rules are enforced ------------------------------------------------------------------


def _map(path: str, **entry: Any) -> MapFile:
    code = {"system": "icd10", "code": "X00", "display": "x", "label": "U"}
    code["source"] = "not in clinical-spec E9: test"
    code.update(entry)
    return MapFile.model_validate(
        {
            "id": "m",
            "name": "M",
            "title": "t",
            "maps": {path: {"counts": "active", "codes": [code]}},
        }
    )


@pytest.mark.parametrize(
    ("path", "entry", "message"),
    [
        ("history.diabetes", {"label": "S"}, "label U"),
        ("history.diabetes", {"source": "from memory"}, "label U"),
        ("history.diabetes", {"system": "icd10", "code": "M54.3"}, "E9 gives label S"),
        ("history.diabetes", {"system": "snomed", "code": "1", "prefix": True}, "prefix"),
        ("history.symptom_days", {}, "not a yes/no history field"),
        ("symptoms.night_pain", {}, "not a yes/no history field"),
    ],
)
def test_the_loader_refuses_a_map_that_breaks_the_rules(
    path: str, entry: dict[str, Any], message: str
) -> None:
    with pytest.raises(KnowledgeError, match=message):
        _check(_map(path, **entry))


def test_an_e9_code_keeps_its_e9_label() -> None:
    ok = {"system": "icd10", "code": "M54.3", "label": "S", "source": "clinical-spec E9.1"}
    _check(_map("history.diabetes", **ok))  # accepted: the spec's label, citing it


# --- CDS Hooks reads Conditions through the map -----------------------------------------------------


def test_the_cds_prefetch_still_fetches_every_condition() -> None:
    assert PREFETCH["conditions"] == "Condition?patient={{context.patientId}}"


def test_a_cds_call_reads_the_problem_list(examples: dict[str, dict[str, Any]]) -> None:
    harness = Harness(CdsSettings(require_jwt=False))
    body = request_for(examples["pain-only-sciatica"])
    pregnancy = condition(k.system_url("icd10cm"), "Z3A.20", rid="preg")
    refuted = condition(k.system_url("icd10"), "C50.9", verification="refuted", rid="no-cancer")
    body["prefetch"]["conditions"] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": json.loads(c.model_dump_json())} for c in (pregnancy, refuted)],
    }
    with harness.client:
        card = only_card(harness.call(body))
    assert "ICD-10-CM Z3A.20 (read as Pregnant)" in card["detail"]
    assert "C50.9" not in card["detail"]
    (link,) = card["links"]
    read = json.loads(link["appContext"])["history"]
    assert read["pregnant"] is True
    assert read.get("cancer_history") is not True  # the refuted cancer is not read
