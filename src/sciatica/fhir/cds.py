"""CDS Hooks 2.0 for sciatica, the pure part: the service description, the request and card models,
and the cards built from an assessment. No network, no clock: `sciatica.web.api.cds_hooks` does the
HTTP, the JWT check and the fetching.

Cards: `critical` for emergency, `warning` for urgent, `info` otherwise; a summary under 140
characters; the reasons with their sources and verification labels in the markdown detail; a SMART
link to the clinician page carrying the case; for an emergency or urgent level, the imaging,
referral and test steps as suggestions (draft ServiceRequest proposals, never orders).
"""

from __future__ import annotations

import base64
import json
import uuid
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..assessment import Assessment
from ..case import Case
from ..clinical_words import evidence_words, field_label, level_action
from ..knowledge import condition_names, label
from . import codes as k
from .from_fhir import RecordReading
from .to_fhir import SERVICE_KINDS, reason_words, service_requests

SERVICE_ID = "sciatica-triage"
HOOK = "patient-view"
SUMMARY_MAX = 139  # the spec: "<140-character summary"
Indicator = Literal["info", "warning", "critical"]
INDICATOR: dict[str, Indicator] = {"emergency": "critical", "urgent": "warning"}  # else info

# The prefetch templates: the Patient, the Observations coded in the project CodeSystem (any code of
# it: token search "system|") or with the LOINC pain score, and the Conditions.
PAIN = k.table().pain_score[0]
OBSERVATION_CODES = f"{k.CS_CASE_FIELD}|,{k.system_url(PAIN.system)}|{PAIN.code}"
PREFETCH: dict[str, str] = {
    "patient": "Patient/{{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&code=" + OBSERVATION_CODES,
    "conditions": "Condition?patient={{context.patientId}}",
}
REQUIRED_PREFETCH = ("observations",)  # without findings there is nothing to triage


class _Cds(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class FhirAuthorization(_Cds):
    access_token: str = Field(min_length=1)
    token_type: str = "Bearer"
    expires_in: int | None = None
    scope: str | None = None
    subject: str | None = None


class CdsRequest(_Cds):
    """A CDS Hooks call (unknown fields, such as `extension`, are tolerated and ignored)."""

    hook: str = Field(min_length=1)
    hookInstance: str = Field(min_length=1)  # noqa: N815 - the spec's name
    fhirServer: str | None = None  # noqa: N815
    fhirAuthorization: FhirAuthorization | None = None  # noqa: N815
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Coding(_Out):
    system: str | None = None
    code: str
    display: str | None = None


class Source(_Out):
    label: str
    url: str | None = None
    topic: Coding | None = None


class Link(_Out):
    label: str
    url: str
    type: Literal["absolute", "smart"]
    appContext: str | None = None  # noqa: N815


class Action(_Out):
    type: Literal["create", "update", "delete"]
    description: str
    resource: dict[str, Any] | None = None


class Suggestion(_Out):
    label: str
    uuid: str | None = None
    isRecommended: bool | None = None  # noqa: N815
    actions: list[Action] | None = None


class Card(_Out):
    uuid: str
    summary: str = Field(max_length=SUMMARY_MAX)
    detail: str | None = None
    indicator: Indicator
    source: Source
    suggestions: list[Suggestion] | None = None
    selectionBehavior: Literal["at-most-one", "any"] | None = None  # noqa: N815
    links: list[Link] | None = None


class CdsResponse(_Out):
    cards: list[Card]

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def discovery() -> dict[str, Any]:
    """The body of GET /cds-services."""
    return {
        "services": [
            {
                "hook": HOOK,
                "id": SERVICE_ID,
                "title": "Sciatica with leg weakness: triage",
                "description": (
                    "Reads the sciatica findings, symptoms and history in the record (Observations "
                    "coded in the sciatica case-field CodeSystem, the LOINC 72514-3 pain score, "
                    "problem-list Conditions) and returns the triage level, the reasons with their "
                    "sources, and the next steps. Decision support for a clinician; not a certified "
                    "medical device."
                ),
                "prefetch": PREFETCH,
            }
        ]
    }


def _source(knowledge_version: str) -> Source:
    return Source(
        label=f"sciatica decision support (knowledge {knowledge_version})",
        topic=Coding(system=k.CS_ASSESSMENT, code="sciatica-triage", display="Sciatica triage"),
    )


def _clip(text: str, limit: int = SUMMARY_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def case_fragment(case: Case) -> str:
    """The case as the URL fragment the clinician page can read: `case=<base64url JSON>`.

    A fragment, not a query parameter: the browser never sends it to a server, so the case does not
    reach access logs, proxies or the Referer header.
    """
    text = json.dumps(case.model_dump(mode="json", exclude_none=True), separators=(",", ":"))
    return "case=" + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# How a clinician names the code systems of a record's conditions (the card shows the code it relied
# on, never the system's address).
SYSTEM_NAMES = {"snomed": "SNOMED CT", "icd10": "ICD-10", "icd10cm": "ICD-10-CM", "loinc": "LOINC"}


@cache
def _system_names() -> dict[str, str]:
    """Code system address -> its name, for the systems of codes.yaml."""
    return {url: SYSTEM_NAMES[key] for key, url in k.table().systems.items()}


def _code_words(code: str, locale: str) -> str:
    """ "http://hl7.org/fhir/sid/icd-10-cm|E11.9 -> history.diabetes" (the reading's note of a
    code it relied on) as "ICD-10-CM E11.9 (read as Diabetes)"."""
    coding, _, path = code.partition(" -> ")
    system, _, value = coding.rpartition("|")
    name = _system_names().get(system, system)
    return f"{name} {value} (read as {field_label(path, locale)})"


def _detail(a: Assessment, reading: RecordReading, unavailable: list[str]) -> str:
    """The card's markdown in the clinician register: what to arrange at this level (E2.2), each
    rule by its title with the findings in clinical words, never a field path or a rule id."""
    locale = a.locale
    level = label("level", a.triage.level, locale)
    lines = [f"**Triage: {level}.** {level_action(a.triage.level, locale)}", ""]
    if a.triage.reasons:
        lines.append("**Why** (every rule that fired, highest level first):")
        for w in reason_words(a):
            flag = " **unverified rule**" if w.reason.label == "U" else ""
            lines.append(
                f"- **{w.title}** ({w.level}; label {w.reason.label}){flag}: {w.text}  \n"
                f"  Finding: {w.finding}. Sources: {', '.join(w.reason.sources)}."
            )
        lines.append("")
    lines.append(f"**Presentation:** {label('presentation', a.presentation, locale)}.")
    if a.roots:
        roots = "; ".join(
            f"{r.root} {label('side', r.side, locale)} (score {r.score:.2f}: "
            f"{'; '.join(evidence_words(e, locale) for e in r.evidence)})"
            for r in a.roots
        )
        lines.append(f"**Root:** {roots}.")
    if a.differentials:
        names = condition_names(locale)
        lines.append(
            "**Differentials:** "
            + "; ".join(
                f"{names.get(d.condition, d.condition)} ({label('likelihood', d.likelihood, locale)})"
                for d in a.differentials
            )
            + "."
        )
    if a.next_steps:
        lines += ["", "**Next steps:**"]
        lines += [f"- {s.text} ({s.timing}; sources: {', '.join(s.sources)})" for s in a.next_steps]
    if a.missing:
        asked = ", ".join(field_label(p, locale) for p in a.missing)
        lines += ["", f"**Not in the record** (could raise the level): {asked}."]
    lines += ["", f"Read from the record: {len(reading.used)} values."]
    if unavailable:
        lines.append("Not available, so not read: " + "; ".join(unavailable) + ".")
    if reading.unverified:
        lines.append(
            "Codes relied on that are **unverified** (clinical-spec E9): "
            + ", ".join(_code_words(u, locale) for u in reading.unverified)
            + "."
        )
    lines += ["", f"*{a.disclaimer}*"]
    return "\n".join(lines)


def _suggestions(a: Assessment, patient_id: str) -> list[Suggestion]:
    if a.triage.level not in ("emergency", "urgent"):
        return []
    steps = [s for s in a.next_steps if s.kind in SERVICE_KINDS]
    requests = service_requests(a, f"Patient/{patient_id}")
    return [
        Suggestion(
            label=_clip(f"Propose: {step.text}", 120),
            uuid=str(uuid.uuid4()),
            isRecommended=step.kind == "imaging",
            actions=[
                Action(
                    type="create",
                    description=step.text,
                    resource=request.model_dump(mode="json"),
                )
            ],
        )
        for step, request in zip(steps, requests, strict=True)
    ]


def assessment_card(
    case: Case,
    a: Assessment,
    reading: RecordReading,
    *,
    clinician_url: str,
    patient_id: str,
    unavailable: list[str] | None = None,
) -> Card:
    """The card for an assessment of the record (`clinician_url`: the absolute /clinician URL;
    `unavailable`: the data that could not be had, in words)."""
    what = label("presentation", a.presentation, a.locale)
    roots = ", ".join(f"{r.root} {label('side', r.side, a.locale)}" for r in a.roots[:2])
    level = label("level", a.triage.level, a.locale)
    summary = f"Sciatica triage: {level}. {what}" + (f" ({roots})" if roots else "")
    suggestions = _suggestions(a, patient_id)
    app_context = json.dumps(case.model_dump(mode="json", exclude_none=True))
    return Card(
        uuid=str(uuid.uuid4()),
        summary=_clip(summary),
        detail=_detail(a, reading, unavailable or []),
        indicator=INDICATOR.get(a.triage.level, "info"),
        source=_source(a.knowledge_version),
        suggestions=suggestions or None,
        selectionBehavior="any" if suggestions else None,
        links=[
            Link(
                label="Open the sciatica clinician page with these findings",
                url=f"{clinician_url}#{case_fragment(case)}",
                type="smart",
                appContext=app_context,
            )
        ],
    )


def notice_card(summary: str, detail: str, knowledge_version: str) -> Card:
    """An info card saying why the service could not triage (data missing or unreadable)."""
    return Card(
        uuid=str(uuid.uuid4()),
        summary=_clip(summary),
        detail=detail,
        indicator="info",
        source=_source(knowledge_version),
    )
