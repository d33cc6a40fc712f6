"""A case and its assessment as a FHIR Bundle (collection), built with `fhir.resources` models.

    Patient            the person's sex (omitted when the caller names an existing Patient)
    Observation        one per answered field of the case (findings, symptoms, history, pain 0-10)
    Condition          the suspected presentation, each localised root, each differential
    RiskAssessment     the triage level, its basis (the Observations) and every reason
    ServiceRequest     each imaging, referral or test step (a draft proposal, never an order)
    CarePlan           every next step as an activity, and the safety-net advice

Pure: no clock (the caller passes `when`), no file, no network. `from_fhir` reads it back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.careplan import CarePlan, CarePlanActivity, CarePlanActivityDetail
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.condition import Condition, ConditionEvidence
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.quantity import Quantity
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.riskassessment import RiskAssessment, RiskAssessmentPrediction
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.timing import Timing

from ..assessment import Assessment, NextStep, Reason
from ..case import Case
from ..clinical_findings import clinical
from ..clinical_words import field_label, level_action
from ..knowledge import label, load_knowledge, rule_titles
from ..patient import clinician_reasons
from . import codes as k
from .fields import CaseField, body_site_display, by_path

UNVERIFIED_NOTE = (
    "Codings marked U in the extension code-verification are unverified (clinical-spec E9): check "
    "them in the official terminology browser before clinical use."
)
SUGGESTED_NOTE = (
    "Suggested by sciatica decision support from the findings in this bundle; not a diagnosis. "
    "It supports, and does not replace, a clinician."
)
SERVICE_KINDS = ("imaging", "referral", "test")
PRIORITY = {"emergency": "stat", "urgent": "urgent"}  # every other level: routine


@dataclass
class EntryIds:
    """Entry ids: random, or derived from `seed` so that the same call gives the same bundle."""

    seed: str | None
    used: dict[str, str] = field(default_factory=dict)

    def __call__(self, key: str) -> str:
        if key not in self.used:
            if self.seed is None:
                self.used[key] = str(uuid.uuid4())
            else:
                self.used[key] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.seed}#{key}"))
        return self.used[key]


def ref(uid: str, display: str | None = None) -> Reference:
    return Reference(reference=f"urn:uuid:{uid}", display=display)


@dataclass(frozen=True)
class Subject:
    """Whom the resources are about, and the Encounter they were made in (a stored visit)."""

    subject: Reference
    encounter: Reference | None = None


# --- observations ---------------------------------------------------------------------------------


def _observation_code(f: CaseField) -> CodeableConcept:
    codings = [k.own(k.CS_CASE_FIELD, f.code, f.display)]
    if f.code == "symptoms.pain_score":
        codings.extend(k.external(e) for e in k.table().pain_score)
    return k.concept(*codings, text=f.display)


def _category(f: CaseField) -> CodeableConcept:
    code = "exam" if f.section == "exam" else "survey"
    display = "Exam" if code == "exam" else "Survey"
    return k.concept(k.own(k.CS_OBSERVATION_CATEGORY, code, display))


def _body_site(f: CaseField, side: str | None) -> CodeableConcept | None:
    if f.body_site is None:
        return None
    site = body_site_display(f.body_site)
    text = f"{side} {site}" if side else site
    cc = k.concept(k.own(k.CS_BODY_SITE, f.body_site, site), text=text)
    if side in ("left", "right"):
        cc.extension = [k.laterality(side)]
    return cc


def _set_value(obs: Observation, f: CaseField, value: Any) -> None:
    if f.kind == "bool":
        obs.valueBoolean = bool(value)
    elif f.kind == "code":
        obs.valueCodeableConcept = k.concept(k.own(k.CS_ANSWER, str(value), str(value)))
    elif f.unit is not None:
        unit, display = f.unit
        obs.valueQuantity = Quantity(value=int(value), unit=display, system=k.UCUM, code=unit)
    else:
        obs.valueInteger = int(value)


def _observation(
    f: CaseField, side: str | None, value: Any, to: Subject, when: datetime | None
) -> Observation:
    obs = Observation(
        status="final",
        category=[_category(f)],
        code=_observation_code(f),
        subject=to.subject,
        encounter=to.encounter,
        bodySite=_body_site(f, side),
    )
    if when is not None:
        obs.effectiveDateTime = when
    if value is not None:
        _set_value(obs, f, value)
    return obs


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _observations(
    data: dict[str, Any], to: Subject, when: datetime | None, with_patient: bool
) -> list[tuple[str, Observation]]:
    """(case path, Observation) for every answered field, in contract order (the sex goes to the
    Patient when the bundle holds one)."""
    out = []
    for path, (f, side) in by_path().items():
        value = _get(data, path)
        if value is not None and not (path == "patient.sex" and with_patient):
            out.append((path, _observation(f, side, value, to, when)))
    # case-format 1.1: a question the person was asked and could not answer is an Observation of
    # that field with dataAbsentReason "asked-unknown" and no value (never a "no").
    fields = by_path()
    for path in data.get("unsure") or ():
        f, side = fields[path]
        obs = _observation(f, side, None, to, when)
        obs.dataAbsentReason = k.concept(
            Coding(
                system=k.CS_DATA_ABSENT_REASON, code=k.ASKED_UNKNOWN, display="Asked But Unknown"
            )
        )
        out.append((path, obs))
    previous = data.get("previous") or {}
    days_ago = previous.get("days_ago")
    marker = Extension(
        url=k.EXT_PREVIOUS_VISIT, extension=[Extension(url="visit", valueCode="previous")]
    )
    if days_ago is not None:
        assert marker.extension is not None
        marker.extension.append(Extension(url="daysAgo", valueInteger=days_ago))
    then = when - timedelta(days=days_ago) if when is not None and days_ago is not None else None
    for path, (f, side) in by_path().items():
        if f.section not in ("symptoms", "exam"):
            continue
        value = _get(previous, path)
        if value is not None:
            obs = _observation(f, side, value, to, then)
            obs.extension = [marker]
            out.append((f"previous.{path}", obs))
    return out


# --- conditions -----------------------------------------------------------------------------------


def _condition(
    code: CodeableConcept,
    to: Subject,
    verification_status: Literal["provisional", "differential"],
    notes: list[str],
    when: datetime | None,
    side: str | None = None,
    evidence: list[Reference] | None = None,
) -> Condition:
    cond = Condition(
        clinicalStatus=k.concept(k.own(k.CS_CONDITION_CLINICAL, "active", "Active")),
        verificationStatus=k.concept(
            k.own(k.CS_CONDITION_VERIFICATION, verification_status, verification_status.title())
        ),
        category=[
            k.concept(k.own(k.CS_CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis"))
        ],
        code=code,
        subject=to.subject,
        encounter=to.encounter,
        note=[Annotation(text=n) for n in notes],
    )
    if side in ("left", "right"):
        site = k.concept(k.own(k.CS_BODY_SITE, "leg", "leg"), text=f"{side} leg")
        site.extension = [k.laterality(side)]
        cond.bodySite = [site]
    elif side == "both":
        cond.bodySite = [k.concept(k.own(k.CS_BODY_SITE, "leg", "leg"), text="both legs")]
    if evidence:
        cond.evidence = [ConditionEvidence(detail=evidence)]
    if when is not None:
        cond.recordedDate = when
    return cond


def _coded(
    own_system: str, own_code: str, display: str, external: list[k.CodeEntry]
) -> CodeableConcept:
    codings = [k.own(own_system, own_code, display)]
    codings.extend(k.external(e) for e in external)
    return k.concept(*codings, text=display)


def _notes(code: CodeableConcept, *lines: str) -> list[str]:
    out = [line for line in lines if line]
    if k.unverified(code.coding or []):
        out.append(UNVERIFIED_NOTE)
    return out


def _mimic_name(condition: str) -> str:
    for mimic in load_knowledge().mimics:
        if mimic.condition == condition:
            return mimic.name.en
    return condition.replace("_", " ")


# --- next steps -----------------------------------------------------------------------------------


def _step_kind(step: NextStep) -> CodeableConcept:
    return k.concept(k.own(k.CS_NEXT_STEP, step.kind, label("kind", step.kind, "en")))


def service_requests(a: Assessment, patient: str) -> list[ServiceRequest]:
    """The imaging, referral and test steps of an assessment as draft ServiceRequest proposals for
    an existing Patient (a reference such as "Patient/123"), outside any bundle."""
    to = Subject(Reference(reference=patient))
    return [
        _service_request(step, to, a.triage.level, None, None)
        for step in a.next_steps
        if step.kind in SERVICE_KINDS
    ]


def _service_request(
    step: NextStep, to: Subject, level: str, risk: Reference | None, when: datetime | None
) -> ServiceRequest:
    request = ServiceRequest(
        status="draft",
        intent="proposal",
        priority=PRIORITY.get(level, "routine"),
        category=[_step_kind(step)],
        code=k.concept(text=step.text),
        subject=to.subject,
        encounter=to.encounter,
        occurrenceTiming=Timing(code=k.concept(text=step.timing)),
        reasonReference=[risk] if risk is not None else None,
        note=[Annotation(text=f"Sources: {', '.join(step.sources)}. {SUGGESTED_NOTE}")],
    )
    if when is not None:
        request.authoredOn = when
    return request


def _activity(step: NextStep, request: Reference | None) -> CarePlanActivity:
    if request is not None:
        return CarePlanActivity(reference=request)
    return CarePlanActivity(
        detail=CarePlanActivityDetail(
            code=_step_kind(step),
            status="not-started",
            doNotPerform=True if step.kind == "avoid" else None,
            description=step.text,
            scheduledString=step.timing,
        )
    )


# --- the risk assessment --------------------------------------------------------------------------


def _reason_extension(reason: Reason) -> Extension:
    parts = [
        Extension(url="rule", valueCode=reason.rule),
        Extension(url="level", valueCode=reason.level),
        Extension(url="finding", valueString=reason.finding),
        Extension(url="text", valueString=reason.text),
        *(Extension(url="source", valueString=s) for s in reason.sources),
        Extension(url="label", valueCode=reason.label),
    ]
    return Extension(url=k.EXT_REASON, extension=parts)


@dataclass(frozen=True)
class ReasonWords:
    """A fired rule as a clinician reads it: its title, its level in words, the clinician's text
    and the findings in clinical words (never its id, a field path or a snake-case value)."""

    reason: Reason
    title: str
    level: str
    text: str
    finding: str


def reason_words(a: Assessment) -> list[ReasonWords]:
    """Every fired rule in clinical words, in the assessment's order (most urgent first): the
    RiskAssessment's notes and the CDS Hooks card both read them."""
    locale = a.locale
    titles = rule_titles(locale)
    texts = dict(clinician_reasons(a))
    return [
        ReasonWords(
            r,
            titles.get(r.rule, r.rule),
            label("level", r.level, locale),
            texts[r.rule],
            clinical(r.evidence, locale),
        )
        for r in a.triage.reasons
    ]


def _reason_notes(a: Assessment) -> list[str]:
    """Each fired rule as a note in the record (the rule id stays in the machine-readable
    extension)."""
    notes = []
    for w in reason_words(a):
        unverified = " Unverified rule." if w.reason.label == "U" else ""
        notes.append(
            f"{w.title} ({w.level}): {w.text} Finding: {w.finding}. "
            f"Sources: {', '.join(w.reason.sources)}. Label: {w.reason.label}.{unverified}"
        )
    return notes


def _risk_assessment(
    a: Assessment,
    to: Subject,
    basis: list[Reference],
    presentation: Reference | None,
    when: datetime | None,
) -> RiskAssessment:
    level = a.triage.level
    level_coding = k.own(k.CS_TRIAGE_LEVEL, level, label("level", level, "en"))
    extensions = [_reason_extension(r) for r in a.triage.reasons]
    extensions.extend(Extension(url=k.EXT_UNANSWERED, valueString=m) for m in a.missing)
    if a.country is not None:
        extensions.append(Extension(url=k.EXT_COUNTRY, valueCode=a.country))
    notes = _reason_notes(a)
    if a.follow_up is not None:
        changes = "; ".join(
            f"{field_label(g.finding, a.locale)} {g.previous} -> {g.current}"
            for g in a.follow_up.grade_changes
        )
        notes.append(
            f"Follow-up: progression {'yes' if a.follow_up.progression else 'no'}; newly "
            f"bilateral {'yes' if a.follow_up.newly_bilateral else 'no'}"
            + (f"; grade changes: {changes}" if changes else "")
        )
    notes.append(a.disclaimer)
    top = [r for r in a.triage.reasons if r.level == level]
    risk = RiskAssessment(
        status="final",
        code=k.concept(k.own(k.CS_ASSESSMENT, "sciatica-triage", "Sciatica triage")),
        method=k.concept(
            Coding(
                system=k.CS_ASSESSMENT,
                code="rule-set",
                version=a.knowledge_version,
                display=f"sciatica rule set {a.knowledge_version}",
            )
        ),
        subject=to.subject,
        encounter=to.encounter,
        basis=basis or None,
        prediction=[
            RiskAssessmentPrediction(
                outcome=k.concept(text="Harm from delayed care (triage level)"),
                qualitativeRisk=k.concept(level_coding, text=label("level", level, a.locale)),
                rationale="; ".join(
                    dict.fromkeys(rule_titles(a.locale).get(r.rule, r.rule) for r in top)
                )
                or None,
            )
        ],
        # what the clinician arranges at this level (E2.2), not the patient's sentence
        mitigation=level_action(level, a.locale),
        reasonReference=[presentation] if presentation is not None else None,
        note=[Annotation(text=n) for n in notes],
        extension=extensions or None,
    )
    if when is not None:
        risk.occurrenceDateTime = when
    return risk


# --- the bundle -----------------------------------------------------------------------------------


def assessment_entries(
    case: Case,
    assessment: Assessment,
    to: Subject,
    ids: Callable[[str], str],
    *,
    when: datetime | None = None,
    sex_on_patient: bool = False,
) -> list[tuple[str, Resource]]:
    """(entry id, resource) for the case's Observations and the assessment's Conditions,
    RiskAssessment, ServiceRequests and CarePlan, all about `to` (a Patient and, for a stored
    visit, its Encounter). `ids(key)` names each entry; `sex_on_patient` leaves the sex out when
    the caller's Patient carries it."""
    entries: list[tuple[str, Resource]] = []
    data = case.model_dump(mode="json", exclude_none=True)
    obs_ref: dict[str, Reference] = {}
    for path, obs in _observations(data, to, when, sex_on_patient):
        entries.append((ids(path), obs))
        obs_ref[path] = ref(ids(path))
    current = [r for path, r in obs_ref.items() if not path.startswith("previous.")]

    a = assessment
    presentation_ref: Reference | None = None
    if a.presentation != "undetermined":
        name = label("presentation", a.presentation, "en")
        external = k.for_side(k.table().presentations[a.presentation], a.side)
        code = _coded(k.CS_PRESENTATION, a.presentation, name, external)
        # the case fields the reasons rest on, read from their evidence (never from `finding`)
        found = {e.path for r in a.triage.reasons for e in r.evidence if e.path is not None}
        evidence = [obs_ref[p] for p in obs_ref if p in found]
        extra = [
            f"Chronicity: {a.chronicity}." if a.chronicity else "",
            f"Recurrent: {'yes' if a.recurrent else 'no'}." if a.recurrent is not None else "",
        ]
        notes = _notes(code, SUGGESTED_NOTE, *extra)
        cond = _condition(code, to, "provisional", notes, when, a.side, evidence)
        entries.append((ids("presentation"), cond))
        presentation_ref = ref(ids("presentation"), name)

    for root in a.roots:
        name = f"{root.root} radiculopathy"
        code = _coded(k.CS_NERVE_ROOT, root.root, name, k.table().roots[root.root])
        note = f"Localisation score {root.score:.2f}. Evidence: {', '.join(root.evidence)}."
        cond = _condition(
            code, to, "provisional", _notes(code, SUGGESTED_NOTE, note), when, root.side
        )
        entries.append((ids(f"root:{root.root}:{root.side}"), cond))

    for d in a.differentials:
        name = _mimic_name(d.condition)
        code = _coded(k.CS_DIFFERENTIAL, d.condition, name, k.table().differentials[d.condition])
        notes = _notes(
            code,
            f"Likelihood: {d.likelihood}.",
            f"For: {', '.join(d.for_)}." if d.for_ else "",
            f"Against: {', '.join(d.against)}." if d.against else "",
        )
        cond = _condition(code, to, "differential", notes, when)
        cond.extension = [Extension(url=k.EXT_LIKELIHOOD, valueCode=d.likelihood)]
        entries.append((ids(f"differential:{d.condition}"), cond))

    risk_id = ids("risk")
    entries.append((risk_id, _risk_assessment(a, to, current, presentation_ref, when)))
    entries.extend(_next_steps(a, to, ref(risk_id), presentation_ref, ids, when))
    return entries


def _next_steps(
    a: Assessment,
    to: Subject,
    risk: Reference,
    presentation: Reference | None,
    ids: Callable[[str], str],
    when: datetime | None,
) -> list[tuple[str, Resource]]:
    entries: list[tuple[str, Resource]] = []
    activities = []
    for i, step in enumerate(a.next_steps):
        request_ref = None
        if step.kind in SERVICE_KINDS:
            request = _service_request(step, to, a.triage.level, risk, when)
            entries.append((ids(f"step:{i}"), request))
            request_ref = ref(ids(f"step:{i}"), step.text)
        activities.append(_activity(step, request_ref))
    if activities or a.safety_net:
        plan = CarePlan(
            status="draft",
            intent="proposal",
            title="Next steps suggested by sciatica decision support",
            subject=to.subject,
            encounter=to.encounter,
            addresses=[presentation] if presentation is not None else None,
            supportingInfo=[risk],
            activity=activities or None,
            note=[Annotation(text=f"Seek help at once if: {s}") for s in a.safety_net] or None,
        )
        if when is not None:
            plan.created = when
        entries.append((ids("careplan"), plan))
    return entries


def assessment_bundle(
    case: Case,
    assessment: Assessment,
    *,
    when: datetime | None = None,
    patient: str | None = None,
    id_seed: str | None = None,
) -> Bundle:
    """The case and its assessment as a Bundle of type collection.

    `when` dates the resources (none when omitted); `patient` is a reference such as
    "Patient/123" to an existing Patient (else the bundle holds a Patient with the case's sex);
    `id_seed` makes the entry ids repeatable (else they are random).
    """
    ids = EntryIds(id_seed)
    entries: list[tuple[str, Resource]] = []
    if patient is not None:
        to = Subject(Reference(reference=patient))
    else:
        person = Patient(gender=(case.patient.sex if case.patient else None))
        entries.append((ids("patient"), person))
        to = Subject(ref(ids("patient")))
    entries += assessment_entries(
        case, assessment, to, ids, when=when, sex_on_patient=patient is None
    )
    bundle = Bundle(
        type="collection",
        language=case.locale,
        entry=[BundleEntry(fullUrl=f"urn:uuid:{uid}", resource=r) for uid, r in entries],
    )
    if case.id is not None:
        bundle.identifier = Identifier(system=k.IDENTIFIER_CASE_ID, value=case.id)
    if when is not None:
        bundle.timestamp = when
    return bundle
