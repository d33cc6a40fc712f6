"""The referral letter (issue 14): a letter form over an assessed case, then the letter as a page
to print (one A4 page where possible) and as a PDF rendered by WeasyPrint (web/pdf.py).

The case travels as the report's does, as hidden fields named by case path, and is assessed again
on every step, so the letter always says what the engine says about the case it carries.

Identifiers typed into the letter (name, date of birth, record number, the referrer's contact)
live only in the posted form and in the answer: nothing here stores them, logs them or puts them
in an address, and every answer carrying them says `Cache-Control: no-store`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from ..case import MUSCLES
from ..clinical_words import field_label, words
from .i18n import negotiate, translator
from .pages_clinician import (
    SIDES,
    Outcome,
    _page,
    case_from_form,
    evaluate_form,
    field_views,
    key_findings,
)
from .pdf import pdf_response
from .security import CSRF_FIELD, require_csrf
from .templating import render, templates

router = APIRouter(include_in_schema=False)  # pages for people, not API operations


@dataclass(frozen=True, slots=True)
class LetterField:
    """One box of the letter form: its name (never a case path), its label key, its limit."""

    name: str
    label: str
    limit: int
    required: bool = False
    lines: bool = False  # a textarea: line breaks allowed


LETTER_FIELDS: tuple[LetterField, ...] = (
    LetterField("letter_name", "ref_f_name", 120, required=True),
    LetterField("letter_birth", "ref_f_birth", 10),
    LetterField("letter_number", "ref_f_number", 40),
    LetterField("letter_referrer", "ref_f_referrer", 120, required=True),
    LetterField("letter_role", "ref_f_role", 120),
    LetterField("letter_contact", "ref_f_contact", 200),
    LetterField("letter_team", "ref_f_team", 200),
    LetterField("letter_question", "ref_f_question", 800, required=True, lines=True),
    LetterField("letter_medication", "ref_f_medication", 800, lines=True),
    LetterField("letter_note", "ref_f_note", 1500, lines=True),
)
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ref_sec_patient", ("letter_name", "letter_birth", "letter_number")),
    ("ref_sec_referrer", ("letter_referrer", "letter_role", "letter_contact")),
    ("ref_sec_request", ("letter_team", "letter_question", "letter_medication", "letter_note")),
)
BY_NAME = {f.name: f for f in LETTER_FIELDS}
PATIENT_FIELDS = ("letter_name", "letter_birth", "letter_number")
OLDEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class FromRecord:
    """A patient of the records: the letter's identifiers come from the record, never typed (so
    they cannot differ from it), and its addresses are under the patient's."""

    base: str  # the letter's addresses: /records/patients/{id}/referral
    back: str  # the patient's page
    name: str | None
    number: str
    birth_year: int | None


@dataclass(slots=True)
class Letter:
    """What was typed into the letter form, and what is wrong with it (by field name)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    birth: date | None = None


def _has_control(text: str, lines: bool) -> bool:
    allowed = {"\n", "\r", "\t"} if lines else {"\t"}
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def read_letter(
    form: Mapping[str, Any], lang: str, today: date, from_record: bool = False
) -> Letter:
    """The letter's values from a posted form, each checked; messages name the field. For a
    patient of the records the identifiers are not read: they come from the record."""
    t = translator(lang)
    letter = Letter()
    for f in LETTER_FIELDS:
        if from_record and f.name in PATIENT_FIELDS:
            continue
        sent = form.get(f.name)
        raw = sent.strip() if isinstance(sent, str) else ""
        what = t[f.label]
        if not raw:
            if f.required:
                letter.errors[f.name] = t["ref_err_required"].format(what=what.lower())
            continue
        # Kept as typed (also when refused) so the form shows it back, cut to a bound: an
        # oversized value is refused, not echoed whole.
        letter.values[f.name] = raw[: f.limit + 1]
        if len(raw) > f.limit:
            letter.errors[f.name] = t["ref_err_long"].format(what=what, n=f.limit)
        elif _has_control(raw, f.lines):
            letter.errors[f.name] = t["ref_err_chars"].format(what=what)
        elif f.name == "letter_birth":
            try:
                born = date.fromisoformat(raw)
            except ValueError:
                letter.errors[f.name] = t["ref_err_date"].format(what=what)
                continue
            if len(raw) != 10 or born < OLDEST_BIRTH:
                letter.errors[f.name] = t["ref_err_date"].format(what=what)
            elif born > today:
                letter.errors[f.name] = t["ref_err_future"].format(what=what)
            else:
                letter.birth = born
    return letter


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


async def _read(request: Request, record: FromRecord | None) -> tuple[Outcome, Letter]:
    lang = negotiate(request)
    form = await request.form()
    sent = {k: v for k, v in form.items() if k != CSRF_FIELD and isinstance(v, str)}
    case, values = case_from_form(sent, lang)
    letter = read_letter(sent, lang, date.today(), from_record=record is not None)
    return evaluate_form(case, values, lang), letter


def _grades(values: Mapping[str, str], lang: str) -> list[str]:
    """The MRC grades as a colleague writes them: "Left ankle dorsiflexion 2/5 (was 3/5)", the
    weak or changed muscles only, then one phrase for the rest tested at full strength."""
    w = words(lang)
    out = []
    full = False
    for muscle in MUSCLES:
        for side in SIDES:
            path = f"exam.strength.{side}.{muscle}"
            if path not in values:
                continue
            before = values.get("previous." + path)
            if values[path] == "5" and before in (None, "5"):
                full = True
                continue
            text = f"{field_label(path, lang)} {values[path]}/5"
            if before is not None:
                text += f" ({w['rec_fd_was']}{before}/5)"
            out.append(text)
    if full:
        out.append(translator(lang)["ref_mrc_rest"])
    return out


def _no_store(response: Response) -> Response:
    # Every answer here may carry identifiers: no browser or shared cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response


def _form_page(
    request: Request, outcome: Outcome, letter: Letter, status: int, record: FromRecord | None
) -> Response:
    assert outcome.result is not None
    lang = negotiate(request)
    t = translator(lang)
    context = {
        "record": record,
        "base": record.base if record else PUBLIC,
        "outcome": outcome,
        "result": outcome.result,
        "letter": letter,
        "fields": BY_NAME,
        "sections": SECTIONS,
        "error_names": [f.name for f in LETTER_FIELDS if f.name in letter.errors],
        "labels": {f.name: t[f.label] for f in LETTER_FIELDS},
    }
    return _no_store(render(request, "clinician/referral_form.html", context, status))


def letter_context(
    outcome: Outcome, letter: Letter, today: date, record: FromRecord | None = None
) -> dict[str, Any]:
    """What the letter (clinician/referral.html) needs; it is written in the advice language."""
    assert outcome.result is not None
    lang = outcome.result.a.locale
    shown = dict(letter.values)
    if record is not None:
        shown["letter_name"] = record.name or translator(lang)["ref_unnamed"]
        shown["letter_number"] = record.number
    return {
        "lang": lang,
        "outcome": outcome,
        "result": outcome.result,
        "letter": shown,
        # the tools' hidden copy: what was typed, never the record's identifiers
        "typed": letter.values,
        "record": record,
        "base": record.base if record else PUBLIC,
        "age": _age(letter.birth, today) if letter.birth else None,
        "today": today.isoformat(),
        "findings": key_findings(outcome.values, lang),
        "grades": _grades(outcome.values, lang),
        "f": field_views(outcome.values, {}, lang),
    }


# Type sizes of the letter's PDF (referral.css .fit-1 .. .fit-3), tried in turn until it fits on
# one A4 page: a one-page letter is read whole; a longer case still prints, on two.
FITS = ("", "fit-1", "fit-2", "fit-3")


def _pdf_versions(request: Request, context: dict[str, Any]) -> list[str]:
    t = translator(context["lang"])
    page = templates().get_template("clinician/referral.html")
    base = {"request": request, "t": t, "csrf_token": "", "for_pdf": True, **context}
    return [page.render({**base, "fit": fit}) for fit in FITS]


PUBLIC = "/clinician/referral"


@router.get(PUBLIC)
@router.get(PUBLIC + "/letter")
@router.get(PUBLIC + ".pdf")
async def referral_get() -> RedirectResponse:
    """The letter is made from a posted case; a reload or a bookmark goes back to the form."""
    return RedirectResponse("/clinician", status_code=303)


async def _refused(request: Request, outcome: Outcome) -> Response:
    """A case the engine refused goes back to the examination form, fields named (as the report)."""
    return _page(request, outcome, 422)


async def form_answer(request: Request, record: FromRecord | None) -> Response:
    """The letter form over a posted case (from the clinician page, or back from the letter)."""
    outcome, letter = await _read(request, record)
    if outcome.result is None:
        return await _refused(request, outcome)
    letter.errors.clear()  # the first sight of the form is not a failed attempt
    return _form_page(request, outcome, letter, 200, record)


async def letter_answer(request: Request, record: FromRecord | None) -> Response:
    """The letter as a page (print stylesheet: one A4 page where possible)."""
    outcome, letter = await _read(request, record)
    if outcome.result is None:
        return await _refused(request, outcome)
    if letter.errors:
        return _form_page(request, outcome, letter, 422, record)
    context = letter_context(outcome, letter, date.today(), record)
    return _no_store(render(request, "clinician/referral.html", {**context, "for_pdf": False}))


async def pdf_answer(request: Request, record: FromRecord | None) -> Response:
    """The letter as a PDF document (WeasyPrint), a download that no cache keeps."""
    outcome, letter = await _read(request, record)
    if outcome.result is None:
        return await _refused(request, outcome)
    if letter.errors:
        return _form_page(request, outcome, letter, 422, record)
    today = date.today()
    versions = _pdf_versions(request, letter_context(outcome, letter, today, record))
    return pdf_response(request, versions, f"referral-{today.isoformat()}.pdf")


@router.post(PUBLIC, dependencies=[Depends(require_csrf)])
async def referral_form(request: Request) -> Response:
    return await form_answer(request, None)


@router.post(PUBLIC + "/letter", dependencies=[Depends(require_csrf)])
async def referral_letter(request: Request) -> Response:
    return await letter_answer(request, None)


@router.post(PUBLIC + ".pdf", dependencies=[Depends(require_csrf)])
async def referral_pdf(request: Request) -> Response:
    return await pdf_answer(request, None)


__all__ = [
    "LETTER_FIELDS",
    "FromRecord",
    "Letter",
    "form_answer",
    "letter_answer",
    "letter_context",
    "pdf_answer",
    "read_letter",
    "router",
]
