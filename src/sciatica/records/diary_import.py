"""A patient's recovery diary brought to the clinic (issue 15 part 3): its entries become the
record's outcome scores, the form records already keep (no new table).

Each entry gives a pain rating (NPRS: leg and back, 0-10) and, when the person filled it in, the
Sciatica Bothersomeness Index, recorded at the entry's date (noon UTC: a diary has days, not
times). An entry already imported (same instrument, day and answers) is not added twice, so the
same file brought to two visits does not double the chart. One audit event per import.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..diary import Entry
from . import audit
from .audit import Actor
from .models import ScoreResponse
from .scores import score
from .services import _hold_patient, _patient

NOON = time(12, tzinfo=UTC)


def _scores(entry: Entry) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = [
        ("nprs", {"leg": entry.leg_pain, "back": entry.back_pain})
    ]
    if entry.sbi is not None:
        found.append(("sbi", dict(entry.sbi)))
    return found


def import_diary(
    session: Session, actor: Actor, patient_id: int, entries: list[Entry]
) -> tuple[list[ScoreResponse], int]:
    """Record the entries' scores for the patient; (the new responses, how many were already
    there)."""
    patient = _patient(session, actor, patient_id)
    _hold_patient(session, patient)
    existing = {
        (r.instrument, r.recorded_at, repr(sorted(r.answers.items())))
        for r in session.scalars(
            select(ScoreResponse).where(ScoreResponse.patient_id == patient.id)
        )
    }
    added: list[ScoreResponse] = []
    skipped = 0
    for entry in entries:
        when = datetime.combine(entry.day, NOON)
        for instrument, answers in _scores(entry):
            key = (instrument, when, repr(sorted(answers.items())))
            if key in existing:
                skipped += 1
                continue
            existing.add(key)
            response = ScoreResponse(
                patient_id=patient.id,
                instrument=instrument,
                answers=answers,
                result=score(instrument, answers),
                recorded_at=when,
                recorded_by=actor.clinician_id,
            )
            session.add(response)
            added.append(response)
    session.flush()
    audit.record(
        session,
        actor,
        "diary.import",
        "score",
        patient_id=patient.id,
        detail=f"{len(entries)} entries, {len(added)} scores added, {skipped} already there",
    )
    return added, skipped
