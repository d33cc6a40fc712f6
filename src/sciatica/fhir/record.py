"""A stored patient record (`sciatica-record/1`, from `records.services.export_patient`) as a FHIR
Bundle of type collection, built with `fhir.resources` models:

    Patient          identifier = the pseudonymous record number; birthDate = the birth year;
                     gender
    EpisodeOfCare    one per episode (active while open, finished once closed)
    Encounter        one per visit (period = seen_at), in its EpisodeOfCare
    per visit        what `assessment_bundle` writes (Observations, Conditions, RiskAssessment,
                     ServiceRequests, CarePlan), about the Patient and in the visit's Encounter
    Flag             one per alert: escalation, rule, level, finding, text and sources
    Observation      one per outcome score (NPRS leg and back each on their own)

Pure: no clock, no store, no network. Entry ids are uuid5 of the record number and the stored ids,
so the same export always gives the same Bundle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.observation import Observation, ObservationComponent
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.quantity import Quantity
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from ..assessment import Assessment
from ..errors import InvalidCase
from ..validation import parse_case
from . import codes as k
from .to_fhir import EntryIds, Subject, assessment_entries, ref

FORMAT = "sciatica-record/1"
GENDERS = ("female", "male", "other")

# The outcome scores: (local code, display). E9.3 found no LOINC code for SBI, STarT Back or ODI,
# so they carry the project's own code only, labelled U (a standard code may yet exist). The 0-10
# pain ratings also carry LOINC 72514-3 (E9.3, label S), told apart by the local code and body site.
SCORE_CODES: dict[str, str] = {
    "nprs-leg": "Numeric pain rating 0-10: leg pain",
    "nprs-back": "Numeric pain rating 0-10: back pain",
    "sbi": "Sciatica Bothersomeness Index (0-24)",
    "startback": "Keele STarT Back Screening Tool (0-9)",
    "odi": "Oswestry Disability Index 2.1a (%)",
}
NO_STANDARD_CODE = (
    "Local code: clinical-spec E9.3 found no LOINC code for this instrument (label U); check "
    "LOINC before clinical use."
)


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _score_code(code: str, labelled: bool) -> Coding:
    coding = k.own(k.CS_OUTCOME_SCORE, code, SCORE_CODES.get(code, code.replace("_", " ")))
    if labelled:  # a local code standing where the spec found no standard one
        coding.extension = [k.verification("U")]
    return coding


def _patient(data: dict[str, Any]) -> Patient:
    year = data.get("birth_year")
    # FHIR date: a year alone is valid (the store keeps only the year); the model takes the text
    birth: dict[str, Any] = {} if year is None else {"birthDate": f"{int(year):04d}"}
    # display_name is not written: it is a local label that may identify the person, and the
    # record number is the identity this store gives out.
    return Patient(
        identifier=[Identifier(system=k.IDENTIFIER_RECORD_NUMBER, value=data["record_number"])],
        gender=data["sex"] if data.get("sex") in GENDERS else None,
        **birth,
    )


def _episode(data: dict[str, Any], patient: Reference) -> EpisodeOfCare:
    closed = _when(data.get("closed_at"))
    return EpisodeOfCare(
        status="finished" if closed else "active",
        patient=patient,
        period=Period(start=_when(data["started_at"]), end=closed),
    )


def _encounter(visit: dict[str, Any], patient: Reference, episode: Reference) -> Encounter:
    return Encounter(
        status="finished",
        class_fhir=k.own(k.CS_ACT_CODE, "AMB", "ambulatory"),
        subject=patient,
        episodeOfCare=[episode],
        period=Period(start=_when(visit["seen_at"])),
    )


class NotExportable(ValueError):
    """A stored visit no longer validates against today's contracts (stored by an older version);
    the message names the visit. The JSON export still holds it as stored."""


def _visit_entries(
    visit: dict[str, Any], to: Subject, ids: Callable[[str], str]
) -> list[tuple[str, Resource]]:
    try:
        case = parse_case(visit["case"])
        assessment = Assessment.model_validate(visit["assessment"])
    except (InvalidCase, ValidationError) as error:
        raise NotExportable(
            f"visit {visit['id']} was stored in a form this version cannot write as FHIR "
            f"({type(error).__name__}); export the record as JSON instead"
        ) from None
    prefix = f"visit/{visit['id']}/"
    return assessment_entries(
        case, assessment, to, lambda key: ids(prefix + key), when=_when(visit["seen_at"])
    )


# A Flag, not a DetectedIssue: an alert is a standing warning about the patient's state (the
# follow-up found a deterioration) that stays active until a clinician acknowledges it, which is
# what Flag is for; DetectedIssue is about a conflict in proposed or ongoing actions (interactions,
# duplicate therapy), and its acknowledgement fields would suggest a mitigation that did not happen.
def _flag(alert: dict[str, Any], label: str | None, to: Subject) -> Flag:
    parts = [
        Extension(url="rule", valueCode=alert["rule"]),
        Extension(url="level", valueCode=alert["level"]),
        Extension(url="finding", valueString=alert["finding"]),
        Extension(url="text", valueString=alert["text"]),
        *(Extension(url="source", valueString=s) for s in alert["sources"]),
    ]
    if label is not None:
        parts.append(Extension(url="label", valueCode=label))
    # closed when acknowledged, or superseded by a newer visit's alert for the same rule
    closed = _when(alert.get("acknowledged_at") or alert.get("superseded_at"))
    return Flag(
        status="inactive" if closed else "active",
        category=[k.concept(k.own(k.CS_FLAG_CATEGORY, "clinical", "Clinical"))],
        code=k.concept(k.own(k.CS_ESCALATION, alert["escalation"]), text=alert["text"]),
        subject=to.subject,
        encounter=to.encounter,
        period=Period(start=_when(alert["created_at"]), end=closed),
        extension=[Extension(url=k.EXT_REASON, extension=parts)],
    )


def _component(code: str, value: Any) -> ObservationComponent:
    part = ObservationComponent(code=k.concept(_score_code(code, False)))
    if isinstance(value, str):
        part.valueCodeableConcept = k.concept(k.own(k.CS_OUTCOME_SCORE, value, value))
    else:
        part.valueInteger = int(value)
    return part


def _score_observation(code: str, score: dict[str, Any], to: Subject) -> Observation:
    pain = code.startswith("nprs-")
    codings = [_score_code(code, labelled=not pain)]
    if pain:
        codings.extend(k.external(e) for e in k.table().pain_score)
    return Observation(
        status="final",
        category=[k.concept(k.own(k.CS_OBSERVATION_CATEGORY, "survey", "Survey"))],
        code=k.concept(*codings, text=SCORE_CODES[code]),
        subject=to.subject,
        encounter=to.encounter,
        effectiveDateTime=_when(score["recorded_at"]),
        note=None if pain else [Annotation(text=NO_STANDARD_CODE)],
    )


def _scores(score: dict[str, Any], to: Subject) -> list[tuple[str, Observation]]:
    """(key, Observation) for one score response."""
    instrument, result = score["instrument"], score["result"]
    answers = {a: v for a, v in (score.get("answers") or {}).items() if v is not None}
    if instrument == "nprs":
        out = []
        for part in ("leg", "back"):
            if result.get(part) is not None:
                obs = _score_observation(f"nprs-{part}", score, to)
                obs.valueInteger = int(result[part])
                site = "leg" if part == "leg" else "back"
                obs.bodySite = k.concept(k.own(k.CS_BODY_SITE, site, site), text=site)
                out.append((part, obs))
        return out
    if instrument not in ("sbi", "startback", "odi"):
        raise ValueError(f"score {score['id']}: unknown instrument {instrument!r}")
    obs = _score_observation(instrument, score, to)
    parts = [_component(f"{instrument}.{a}", v) for a, v in answers.items()]
    if instrument == "odi":
        obs.valueQuantity = Quantity(value=result["percent"], unit="%", system=k.UCUM, code="%")
        parts.append(_component("odi.sections_answered", result["sections_answered"]))
    else:
        obs.valueInteger = int(result["total"])
    if instrument == "startback":
        parts += [
            _component("startback.distress", result["distress"]),
            _component("startback.risk", result["risk"]),
        ]
        assert obs.note is not None
        obs.note.append(Annotation(text=str(result["notice"])))  # Keele's licence requires it
    obs.component = parts or None
    return [("total", obs)]


def record_bundle(export: dict[str, Any]) -> Bundle:
    """The Bundle (type collection) of a `sciatica-record/1` export; the same export always gives
    the same Bundle. Raises ValueError for another format, and `NotExportable` for a stored visit
    that no longer validates."""
    if export.get("format") != FORMAT:
        raise ValueError(f"expected format {FORMAT!r}, got {export.get('format')!r}")
    person = export["patient"]
    ids = EntryIds(f"{k.CANONICAL}/record/{person['record_number']}")
    patient_ref = ref(ids("patient"))
    entries: list[tuple[str, Resource]] = [(ids("patient"), _patient(person))]
    encounters: dict[int, Reference] = {}
    labels: dict[tuple[int, str], str] = {}  # (visit, rule) -> the rule's verification label

    for episode in export["episodes"]:
        episode_id = ids(f"episode/{episode['id']}")
        entries.append((episode_id, _episode(episode, patient_ref)))
        for visit in episode["visits"]:
            encounter_id = ids(f"visit/{visit['id']}")
            encounter = _encounter(visit, patient_ref, ref(episode_id))
            entries.append((encounter_id, encounter))
            encounters[visit["id"]] = ref(encounter_id)
            entries += _visit_entries(visit, Subject(patient_ref, ref(encounter_id)), ids)
            for reason in visit["assessment"]["triage"]["reasons"]:
                labels[(visit["id"], reason["rule"])] = reason["label"]

    for alert in export["alerts"]:
        to = Subject(patient_ref, encounters.get(alert["visit_id"]))
        flag = _flag(alert, labels.get((alert["visit_id"], alert["rule"])), to)
        entries.append((ids(f"alert/{alert['id']}"), flag))

    for score in export["scores"]:
        to = Subject(patient_ref, encounters.get(score.get("visit_id") or -1))
        for key, obs in _scores(score, to):
            entries.append((ids(f"score/{score['id']}/{key}"), obs))

    return Bundle(
        type="collection",
        timestamp=_when(export.get("exported_at")),
        entry=[BundleEntry(fullUrl=f"urn:uuid:{uid}", resource=r) for uid, r in entries],
    )
