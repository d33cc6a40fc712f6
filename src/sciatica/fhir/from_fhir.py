"""From a FHIR record to a `sciatica-case/1`: Patient, Observations and Conditions, as an EHR holds
them (a Bundle of any type, search results nested or not), read back into the case contract.

What is read (the table is in docs/fhir.md):
    Patient          gender -> patient.sex; birthDate (with `today`) -> patient.age
    Observation      coded in the project CodeSystem `case-field` -> the field of that path, the
                     side from the body site's laterality; LOINC 72514-3 -> symptoms.pain_score;
                     with the previous-visit extension -> the same field under `previous`
    Condition        a problem-list code of the ConceptMap (`concept_map.py`) -> that history
                     field, set to true (never to false: unknown is not no)
    RiskAssessment   only its country extension; the assessment's own Conditions, RiskAssessment,
                     ServiceRequests and CarePlan are conclusions, not findings, and are skipped

The latest Observation of a field wins (effective time, then issued, then bundle order). A value that
cannot be read is refused with the entry and the reason, never guessed. Pure: no clock (the caller
passes `today` to turn a birth date into an age).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.riskassessment import RiskAssessment
from pydantic import ValidationError

from ..case import ANSWERABLE_PATHS, Case
from ..errors import FieldProblem, InvalidCase
from ..paths import set_path
from ..validation import parse_case
from . import codes as k
from .concept_map import translate
from .fields import CaseField, case_fields

READABLE_STATUS = {"final", "amended", "corrected", "preliminary"}
ACTIVE = {"active", "recurrence", "relapse"}
NOT_TRUE = {"refuted", "entered-in-error"}
OWN_CONCLUSIONS = {k.CS_PRESENTATION, k.CS_NERVE_ROOT, k.CS_DIFFERENTIAL}
SNOMED_SIDE = {
    e.code: side for side, entries in k.table().laterality.items() for e in entries
}  # the SNOMED CT laterality codes
OLDEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class RecordReading:
    """The case read from a record, and what was used, skipped and taken on trust."""

    case: Case
    used: list[str] = field(default_factory=list)  # "Observation/1 -> exam.strength.left...."
    ignored: list[str] = field(default_factory=list)  # resources not read, and why
    unverified: list[str] = field(default_factory=list)  # U codes the reading relied on

    @property
    def has_findings(self) -> bool:
        """True when something beyond age and sex was read (a finding, symptom or history)."""
        return any(not u.split(" -> ")[-1].startswith("patient.") for u in self.used)


@dataclass(slots=True)
class _Reader:
    today: date | None
    values: dict[str, tuple[datetime, int, Any]] = field(default_factory=dict)
    days_ago: int | None = None
    country: str | None = None
    used: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)
    sex_read: bool = False
    birth_age: int | None = None  # from Patient.birthDate: outranks an age Observation
    unsure: dict[str, str] = field(default_factory=dict)  # path -> the resource that said so

    def put(self, path: str, value: Any, when: datetime, order: int, where: str) -> None:
        held = self.values.get(path)
        if held is None or (when, order) >= (held[0], held[1]):
            self.values[path] = (when, order, value)
            self.used[path] = where

    def refuse(self, where: str, message: str) -> None:
        self.problems.append(FieldProblem(where, message))


def _name(resource: Resource, index: int) -> str:
    rid = getattr(resource, "id", None)
    kind = resource.get_resource_type()
    return f"{kind}/{rid}" if rid else f"entry[{index}] ({kind})"


def _flatten(resources: Iterable[Resource]) -> Iterator[Resource]:
    for resource in resources:
        if isinstance(resource, Bundle):
            yield from _flatten(e.resource for e in resource.entry or [] if e.resource is not None)
        else:
            yield resource


def _when(obs: Observation) -> datetime:
    for value in (obs.effectiveDateTime, obs.effectiveInstant, obs.issued):
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if obs.effectivePeriod is not None and obs.effectivePeriod.end is not None:
        end = obs.effectivePeriod.end
        if isinstance(end, datetime):
            return end if end.tzinfo else end.replace(tzinfo=UTC)
    return OLDEST


def _field_of(code: CodeableConcept | None) -> CaseField | None:
    fields = case_fields()
    for coding in (code.coding or []) if code else []:
        if coding.system == k.CS_CASE_FIELD and coding.code in fields:
            return fields[coding.code]
    for coding in (code.coding or []) if code else []:
        for entry in k.table().pain_score:
            if coding.system == k.system_url(entry.system) and coding.code == entry.code:
                return fields["symptoms.pain_score"]
    return None


def _side(obs: Observation) -> str | None:
    site = obs.bodySite
    for ext in (site.extension or []) if site else []:
        if ext.url == k.EXT_LATERALITY and ext.valueCodeableConcept is not None:
            for coding in ext.valueCodeableConcept.coding or []:
                if coding.system == k.CS_ANSWER and coding.code in ("left", "right"):
                    return coding.code
                if coding.system == k.system_url("snomed") and coding.code in SNOMED_SIDE:
                    return SNOMED_SIDE[coding.code]
    return None


def _integral(value: Any) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _value(obs: Observation, f: CaseField) -> tuple[Any, str | None]:
    """(value, None) or (None, why it cannot be read)."""
    if f.kind == "bool":
        if obs.valueBoolean is None:
            return None, "expected valueBoolean"
        return bool(obs.valueBoolean), None
    if f.kind == "code":
        cc = obs.valueCodeableConcept
        for coding in (cc.coding or []) if cc else []:
            if coding.system == k.CS_ANSWER and coding.code in f.values:
                return coding.code, None
        allowed = ", ".join(f.values)
        return None, f"expected valueCodeableConcept with a {k.CS_ANSWER} code among: {allowed}"
    if obs.valueInteger is not None:
        return int(obs.valueInteger), None
    quantity = obs.valueQuantity
    if quantity is not None and quantity.value is not None:
        number = _integral(quantity.value)
        if number is None:
            return None, f"expected a whole number, got {quantity.value}"
        if f.unit is not None and quantity.code != f.unit[0]:
            return None, f"expected a quantity in UCUM '{f.unit[0]}', got {quantity.code!r}"
        return number, None
    unit = f" or valueQuantity in UCUM '{f.unit[0]}'" if f.unit else " or valueQuantity"
    return None, f"expected valueInteger{unit}"


def _previous_visit(obs: Observation) -> tuple[bool, int | None]:
    for ext in obs.extension or []:
        if ext.url == k.EXT_PREVIOUS_VISIT:
            days = [e.valueInteger for e in ext.extension or [] if e.url == "daysAgo"]
            return True, (int(days[0]) if days and days[0] is not None else None)
    return False, None


def _observation(r: _Reader, obs: Observation, where: str, order: int) -> None:
    if any(c.system == k.CS_OUTCOME_SCORE for c in obs.code.coding or []):
        # an outcome score (NPRS back or leg, SBI, ...) is not a case finding, even when it carries
        # the LOINC pain code: the back pain is not the worst leg pain of the case
        r.ignored.append(f"{where}: an outcome score, not a case finding")
        return
    f = _field_of(obs.code)
    if f is None:
        r.ignored.append(f"{where}: no code this reading knows")
        return
    if obs.status not in READABLE_STATUS:
        r.ignored.append(f"{where}: status {obs.status}")
        return
    if obs.dataAbsentReason is not None and obs.valueBoolean is None:
        if (
            _asked_unknown(obs)
            and f.code in ANSWERABLE_PATHS
            and _previous_visit(obs)
            == (
                False,
                None,
            )
        ):
            # "I don't know" (case-format 1.1 `unsure`): kept as such, never read as "no".
            r.unsure.setdefault(f.code, where)
        else:
            r.ignored.append(f"{where}: no value ({f.code})")
        return
    side = None
    if f.per_side:
        side = _side(obs)
        if side is None:
            r.refuse(where, f"{f.code}: a per-side finding needs the laterality extension")
            return
    previous, days_ago = _previous_visit(obs)
    if previous and f.section not in ("symptoms", "exam"):
        r.refuse(where, f"{f.code}: only symptoms and examination findings have a previous visit")
        return
    value, why = _value(obs, f)
    if why is not None:
        r.refuse(where, f"{f.code}: {why}")
        return
    path = f.path(side)
    if previous:
        if days_ago is not None:
            if r.days_ago is not None and r.days_ago != days_ago:
                r.refuse(where, f"previous.days_ago: {days_ago} here, {r.days_ago} elsewhere")
                return
            r.days_ago = days_ago
        path = f"previous.{path}"
    r.put(path, value, _when(obs), order, where)


def _asked_unknown(obs: Observation) -> bool:
    reason = obs.dataAbsentReason
    return reason is not None and any(
        c.system == k.CS_DATA_ABSENT_REASON and c.code == k.ASKED_UNKNOWN
        for c in reason.coding or []
    )


def _status_code(cc: CodeableConcept | None) -> str | None:
    for coding in (cc.coding or []) if cc else []:
        if coding.code:
            return str(coding.code)
    return None


def _condition(r: _Reader, cond: Condition, where: str, order: int) -> None:
    codings = (cond.code.coding or []) if cond.code else []
    if any(c.system in OWN_CONCLUSIONS for c in codings):
        r.ignored.append(f"{where}: a conclusion of a previous assessment, not a finding")
        return
    if _status_code(cond.verificationStatus) in NOT_TRUE:
        r.ignored.append(f"{where}: verification status {_status_code(cond.verificationStatus)}")
        return
    matches = translate(codings)
    if not matches:
        r.ignored.append(f"{where}: no code this reading knows")
        return
    clinical = _status_code(cond.clinicalStatus)
    for code, rule in matches:
        if rule.counts == "active" and clinical is not None and clinical not in ACTIVE:
            r.ignored.append(f"{where}: a {clinical} condition does not answer {rule.path}")
            continue
        # only ever true: the ConceptMap has no rule that answers "no"
        r.put(rule.path, True, OLDEST, order, where)
        if rule.label == "U":
            r.unverified.append(f"{code} -> {rule.path}")


def _patient(r: _Reader, patient: Patient, where: str) -> None:
    if r.sex_read:
        r.ignored.append(f"{where}: a second Patient")
        return
    r.sex_read = True
    if patient.gender in ("female", "male", "other"):
        r.put("patient.sex", patient.gender, OLDEST, -1, where)
    birth = patient.birthDate
    if r.today is not None and isinstance(birth, date):
        before_birthday = (r.today.month, r.today.day) < (birth.month, birth.day)
        r.birth_age = r.today.year - birth.year - before_birthday
        r.used["patient.age"] = where


def case_from_resources(
    resources: Iterable[Resource],
    *,
    today: date | None = None,
    case_id: str | None = None,
    locale: str | None = None,
    country: str | None = None,
) -> RecordReading:
    """Read Patient, Observation and Condition resources (Bundles are opened) into a case.

    Raises `InvalidCase` naming the entry and the reason for every value it cannot read, or
    naming the case path when a value read is out of the contract's range.
    """
    r = _Reader(today)
    for order, resource in enumerate(_flatten(resources)):
        where = _name(resource, order)
        if isinstance(resource, Observation):
            _observation(r, resource, where, order)
        elif isinstance(resource, Condition):
            _condition(r, resource, where, order)
        elif isinstance(resource, Patient):
            _patient(r, resource, where)
        elif isinstance(resource, RiskAssessment):
            for ext in resource.extension or []:
                if ext.url == k.EXT_COUNTRY and ext.valueCode:
                    r.country = str(ext.valueCode)
        elif resource.get_resource_type() not in ("ServiceRequest", "CarePlan", "OperationOutcome"):
            r.ignored.append(f"{where}: not read")
    if r.problems:
        raise InvalidCase(r.problems)
    if r.birth_age is not None:
        r.values["patient.age"] = (OLDEST, 0, r.birth_age)
    case: dict[str, Any] = {"format": "sciatica-case/1"}
    if case_id is not None:
        case["id"] = case_id
    if locale is not None:
        case["locale"] = locale
    if (r.country or country) is not None:
        case["country"] = r.country or country
    for path in sorted(r.values, key=_contract_order):
        set_path(case, path, r.values[path][2])
    if r.days_ago is not None and "previous" in case:
        case["previous"]["days_ago"] = r.days_ago
    # An answer outranks "I don't know" for the same question (the person answered it later).
    unsure = [p for p in r.unsure if p not in r.values]  # in the order they were read
    if unsure:
        case["unsure"] = unsure
    used = [f"{r.used[p]} -> {p}" for p in sorted(r.used, key=_contract_order)]
    used += [f"{r.unsure[p]} -> unsure {p}" for p in unsure]
    return RecordReading(parse_case(case), used, r.ignored, r.unverified)


def _contract_order(path: str) -> tuple[int, str]:
    return (1 if path.startswith("previous.") else 0, path)


def _locale(language: str | None) -> str | None:
    tag = (language or "").split("-")[0].lower()
    return tag if tag in ("en", "fr") else None


def case_from_bundle(
    bundle: Bundle | dict[str, Any], *, today: date | None = None
) -> RecordReading:
    """Read a Bundle (of any type) into a case: the inverse of `to_fhir.assessment_bundle` for
    the findings, plus whatever Patient, Observations and Conditions an EHR sends."""
    parsed = bundle if isinstance(bundle, Bundle) else parse_resource(bundle, Bundle)
    case_id = parsed.identifier.value if parsed.identifier is not None else None
    return case_from_resources(
        [parsed], today=today, case_id=case_id, locale=_locale(parsed.language)
    )


R = TypeVar("R", bound=Resource)


def parse_resource(data: Any, model: type[R]) -> R:
    """Validate JSON data as `model`; refuse it with one problem per offending element."""
    if not isinstance(data, dict):
        raise InvalidCase([FieldProblem("", "a FHIR resource must be a JSON object")])
    kind = data.get("resourceType")
    if kind != model.get_resource_type():
        raise InvalidCase(
            [FieldProblem("resourceType", f"must be {model.get_resource_type()!r}, got {kind!r}")]
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            FieldProblem(".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in error.errors()
        ]
        raise InvalidCase(problems or [FieldProblem("", "not a valid FHIR resource")]) from None
    except (ValueError, TypeError, KeyError, LookupError) as error:
        # fhir.resources raises KeyError for an unknown nested resourceType, among others
        raise InvalidCase([FieldProblem("", f"not a valid FHIR {kind}: {error!s:.120}")]) from None
