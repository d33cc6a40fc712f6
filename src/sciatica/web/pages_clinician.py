"""The clinician page: an examination form over the whole `sciatica-case/1`, the result panel
(updated live by static/clinician.js through a server-rendered fragment) and the one-page referral
report. Thin: form fields -> case mapping -> `assess` -> templates. No clinical logic here.
POST /clinician/prefill fills the form from a CDS card's SMART link (`#case=<base64url JSON>`,
which the page's script sends in a request body, never in a URL).

Every form field is named by its case path (`exam.strength.left.hip_flexion`), so the paths in
`InvalidCase.problems` point straight at the fields. An empty value means "not asked / not tested"
and is left out of the case: absent is never "no".
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal, get_args, get_origin

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from ..assessment import Assessment
from ..case import MUSCLES, REFLEXES, SENSORY_AREAS, Case
from ..clinical_words import evidence_words, field_label
from ..engine import assess
from ..errors import InvalidCase
from ..knowledge import load_knowledge
from ..paths import get_path, set_path
from ..patient import clinician_reasons
from ..validation import parse_case, parse_json
from . import legs
from .findings import clinical
from .i18n import negotiate, translator
from .security import CSRF_FIELD, require_csrf
from .templating import render

router = APIRouter(include_in_schema=False)  # HTML pages for people, not API operations

Kind = Literal["int", "grade", "bool", "choice", "text"]
SIDES: tuple[str, str] = ("left", "right")
PER_SIDE_SIGNS: tuple[str, ...] = (
    "straight_leg_raise",
    "femoral_stretch",
    "foot_pulses",
    "babinski",
    "clonus",
    "fibular_head_tinel",
    "hoover_sign",
)
EXAMPLES: tuple[str, ...] = (
    "paralysing-l5-contract",
    "follow-up-worsening",
    "peroneal-palsy",
    "s1-sensory-radiculopathy",
    "pain-only-sciatica",
)
LOST = ("reduced", "absent")
INT_TEXT = re.compile(r"[+-]?\d{1,9}")
MAX_TEXT = 200  # longer values are cut before validation (they are refused anyway)


# --- the form's fields, derived from the case model ----------------------------------------------


@dataclass(frozen=True, slots=True)
class FormField:
    """One form control: its case path (also its name), what it holds, and its bounds."""

    path: str
    kind: Kind
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def id(self) -> str:
        return "f-" + self.path.replace(".", "-")

    @property
    def examined(self) -> bool:
        """An examination finding ("not tested") rather than a question ("not asked")."""
        return self.path.startswith(("exam.", "previous."))


SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cl_sec_patient", ("patient.age", "patient.sex", "country", "locale")),
    (
        "cl_sec_history",
        (
            "history.symptom_days",
            "history.weakness_days",
            "history.onset",
            "history.weakness_course",
            "history.became_bilateral",
            "history.previous_episodes",
            "history.conservative_care_weeks",
            "history.trauma",
            "history.cancer_history",
            "history.unexplained_weight_loss",
            "history.fever",
            "history.iv_drug_use",
            "history.immunosuppression",
            "history.osteoporosis",
            "history.long_term_steroids",
            "history.diabetes",
            "history.pregnant",
            "history.previous_spine_surgery",
            "history.recent_spinal_procedure",
        ),
    ),
    (
        "cl_sec_red_flags",
        (
            "symptoms.saddle_numbness",
            "symptoms.bladder",
            "symptoms.bowel",
            "symptoms.sexual_dysfunction_new",
            "symptoms.face_or_arm_symptoms",
            "symptoms.speech_difficulty",
            "symptoms.breathing_or_swallowing_difficulty",
            "symptoms.ascending_weakness",
        ),
    ),
    (
        "cl_sec_pain",
        (
            "symptoms.back_pain",
            "symptoms.leg_pain",
            "symptoms.pain_below_knee",
            "symptoms.pain_score",
            "symptoms.pain_constant",
            "symptoms.pain_prevents_sleep",
            "symptoms.pain_disturbs_thinking",
            "symptoms.pain_blocks_basic_activities",
            "symptoms.pain_uncontrolled_by_opioids",
            "symptoms.night_pain",
        ),
    ),
    (
        "cl_sec_neuro",
        (
            "symptoms.weakness",
            "symptoms.numbness",
            "symptoms.foot_drop",
            "symptoms.cannot_heel_walk",
            "symptoms.cannot_toe_walk",
            "symptoms.complete_paralysis",
            "symptoms.leg_gives_way",
            "symptoms.walking",
        ),
    ),
    (
        "cl_sec_other",
        (
            "symptoms.claudication",
            "symptoms.claudication_relief",
            "symptoms.cold_pale_foot",
            "symptoms.anterolateral_thigh_only",
        ),
    ),
)
EXAM_OTHER: tuple[str, ...] = (
    "exam.crossed_straight_leg_raise",
    "exam.anal_tone",
    "exam.post_void_residual_ml",
)


def _exam_paths(prefix: str = "") -> list[str]:
    paths = [f"{prefix}exam.strength.{s}.{m}" for m in MUSCLES for s in SIDES]
    if prefix:
        return paths  # the previous visit's form holds only its MRC grades
    paths += [f"exam.reflexes.{s}.{r}" for r in REFLEXES for s in SIDES]
    paths += [f"exam.sensation.{s}.{a}" for a in SENSORY_AREAS for s in SIDES]
    paths.append("exam.sensation.saddle")
    paths += [f"exam.{sign}.{s}" for sign in PER_SIDE_SIGNS for s in SIDES]
    return paths


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in get_args(annotation) or (annotation,):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _field_of(path: str) -> FormField:
    """The control for one case path, typed from the case model (so the form cannot drift)."""
    model: type[BaseModel] | None = Case
    parts = path.split(".")
    for part in parts[:-1]:
        assert model is not None, path
        model = _model_of(model.model_fields[part].annotation)
    assert model is not None, path
    info = model.model_fields[parts[-1]]
    types = [a for a in get_args(info.annotation) if a is not type(None)]
    bounds = {k: getattr(m, k) for m in info.metadata for k in ("ge", "le") if hasattr(m, k)}
    kind: Kind = "text"
    choices: tuple[str, ...] = ()
    if types == [bool]:
        kind, choices = "bool", ("yes", "no")
    elif types == [int] and ".strength." in path:
        kind, choices = "grade", tuple(str(g) for g in range(6))
    elif types == [int]:
        kind = "int"
    elif types and get_origin(types[0]) is Literal:
        kind, choices = "choice", tuple(str(v) for v in get_args(types[0]))
    return FormField(path, kind, choices, bounds.get("ge"), bounds.get("le"))


@cache
def form_fields() -> dict[str, FormField]:
    """Every control of the form, in form order."""
    paths = [p for _, section in SECTIONS for p in section]
    paths += [*_exam_paths(), *EXAM_OTHER, "previous.days_ago", *_exam_paths("previous.")]
    return {p: _field_of(p) for p in paths}


# --- labels ---------------------------------------------------------------------------------------


@cache
def _roots_of() -> dict[str, list[str]]:
    """For each muscle, reflex and sensory area, the roots the knowledge base maps it to."""
    out: dict[str, list[str]] = {}
    for entry in load_knowledge().roots.roots:
        for item in (
            *entry.key_muscles,
            *entry.other_muscles,
            *entry.reflexes,
            *entry.minor_reflexes,
            *entry.sensory_areas,
        ):
            roots = out.setdefault(item, [])
            if entry.root not in roots:
                roots.append(entry.root)
    order: list[str] = [r.root for r in load_knowledge().roots.roots]
    return {k: sorted(v, key=order.index) for k, v in out.items()}


def label(path: str, t: Mapping[str, str], with_side: bool = True) -> str:
    """The field's name in words: 'Hip flexion, left', 'Days since the leg symptoms began'."""
    parts = path.split(".")
    previous = parts[0] == "previous" and len(parts) > 2
    if previous:
        parts = parts[1:]
    name = parts[-1]
    side = f", {t['cl_side_' + parts[-2]]}" if len(parts) > 2 and parts[-2] in SIDES else ""
    if len(parts) > 2 and parts[-1] in SIDES:  # exam.<sign>.<side>
        name, side = parts[-2], f", {t['cl_side_' + parts[-1]]}"
    if parts[:2] == ["exam", "strength"]:
        text = t["cl_m_" + name]
    elif parts[:2] == ["exam", "reflexes"]:
        text = t["cl_r_" + name]
    elif parts[:2] == ["exam", "sensation"]:
        text = t["cl_a_" + name]
    else:
        text = t.get("cl_f_" + name, path)
    if with_side:
        text += side
    return f"{t['cl_previous_short']}: {text}" if previous else text


def _option_text(f: FormField, value: str, t: Mapping[str, str], lang: str) -> str:
    if f.path == "country":
        return next(
            str(getattr(c.name, lang)) for c in load_knowledge().countries if c.code == value
        )
    if f.path == "locale":
        return t["cl_lang_" + value]
    if f.path.startswith("symptoms.") and value == "none" and f.choices[0] == "left":
        return t["cl_o_neither"]
    if f.path.endswith("crossed_straight_leg_raise") and value == "none":
        return t["cl_o_negative"]
    if f.kind == "bool" and f.examined:
        return t["cl_o_positive" if value == "yes" else "cl_o_negative"]
    if f.kind == "grade":
        return value
    return t.get("cl_o_" + value, value)


@dataclass(slots=True)
class FieldView:
    """What a template needs to draw one control."""

    path: str
    id: str
    kind: Kind
    label: str
    value: str
    options: list[tuple[str, str]]
    blank: str
    error: str | None
    minimum: int | None
    maximum: int | None
    hint: str = ""


def _country_codes() -> tuple[str, ...]:
    return tuple(c.code for c in load_knowledge().countries if c.code != "default")


def field_views(
    values: Mapping[str, str], errors: Mapping[str, str], lang: str
) -> dict[str, FieldView]:
    t = translator(lang)
    roots = _roots_of()
    views: dict[str, FieldView] = {}
    for path, f in form_fields().items():
        choices = _country_codes() if path == "country" else f.choices
        options = [(c, _option_text(f, c, t, lang)) for c in choices]
        value = values.get(path, "")
        if value and value not in choices and f.kind != "int" and path != "country":
            options.append((value, value))  # show a refused value as it was sent
        blank = t["cl_o_not_tested"] if f.examined else t["cl_o_not_asked"]
        if path == "country":
            blank = t["cl_o_country_other"]
        elif path == "locale":
            blank = ""  # always set: it defaults to the page's language
        hint = " ".join(roots.get(path.rsplit(".", 1)[-1], [])) if f.examined else ""
        views[path] = FieldView(
            path=path,
            id=f.id,
            kind=f.kind,
            label=label(path, t),
            value=value,
            options=options,
            blank=blank,
            error=errors.get(path),
            minimum=f.minimum,
            maximum=f.maximum,
            hint=hint,
        )
    return views


# --- form <-> case ----------------------------------------------------------------------------


def _convert(f: FormField, raw: str) -> Any:
    """The case value for a submitted string; what cannot be read is passed on as the string, so
    validation refuses it with a message naming the field."""
    if f.kind in ("int", "grade") and INT_TEXT.fullmatch(raw):
        return int(raw)
    if f.kind == "bool" and raw in ("yes", "no"):
        return raw == "yes"
    return raw


def case_from_form(form: Mapping[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The case mapping and the submitted values (strings, by path) of a posted form."""
    case: dict[str, Any] = {"format": "sciatica-case/1"}
    values: dict[str, str] = {}
    for path, f in form_fields().items():
        sent = form.get(path)
        raw = sent.strip()[:MAX_TEXT] if isinstance(sent, str) else ""
        if not raw:
            continue
        values[path] = raw
        set_path(case, path, _convert(f, raw))
    if "locale" not in case:
        case["locale"] = values["locale"] = lang
    return case, values


def values_from_case(case: Mapping[str, Any]) -> dict[str, str]:
    """The form's values for a case mapping (an example, or a case to edit again)."""
    values: dict[str, str] = {}
    for path in form_fields():
        value = get_path(dict(case), path)
        if isinstance(value, bool):
            values[path] = "yes" if value else "no"
        elif value is not None:
            values[path] = str(value)
    return values


def _example(name: str) -> dict[str, Any]:
    text = resources.files("sciatica").joinpath("examples", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# --- the result, prepared for the templates ------------------------------------------------------


@dataclass(slots=True)
class SourceView:
    id: str
    citation: str
    url: str | None
    labels: list[str] = field(default_factory=list)
    cited_by: list[str] = field(default_factory=list)

    @property
    def unverified(self) -> bool:
        return "U" in self.labels


@dataclass(slots=True)
class ResultView:
    a: Assessment
    sources: list[SourceView]
    condition_names: dict[str, str]
    step_labels: list[str | None]
    missing: list[tuple[str, str, str | None]]  # path, words, field id
    marked: dict[str, Any]
    sides: list[str]
    root_areas: dict[str, list[str]]
    root_name: str | None
    rule_titles: dict[str, str]
    finding_words: dict[str, str]  # rule -> its evidence in the clinician's words
    unverified_count: int
    # rule -> its outcome in clinical wording (the assessment's own text is the patient's)
    reason_texts: dict[str, str]
    # The contract's root and mimic evidence and grade changes in the clinician's words, in the
    # assessment's order (a clinician never reads a field path or a snake-case name).
    root_words: list[str] = field(default_factory=list)
    diff_words: list[tuple[str, str]] = field(default_factory=list)
    change_words: list[str] = field(default_factory=list)


@cache
def _rule_titles(locale: str) -> dict[str, str]:
    return {r.id: str(getattr(r.title, locale)) for r in load_knowledge().rules}


@cache
def _step_labels(locale: str) -> dict[str, str]:
    return {getattr(s.text, locale): s.label for s in load_knowledge().next_steps}


def result_view(a: Assessment, case: Case, lang: str) -> ResultView:
    kb = load_knowledge()
    t = translator(lang)
    catalogue = {s.id: s for s in kb.sources}
    sources: dict[str, SourceView] = {}

    def cite(source_id: str, by: str, label_: str | None) -> None:
        entry = catalogue.get(source_id)
        view = sources.setdefault(
            source_id,
            SourceView(
                source_id, entry.citation if entry else source_id, entry.url if entry else None
            ),
        )
        if label_ and label_ not in view.labels:
            view.labels.append(label_)
        if by not in view.cited_by:
            view.cited_by.append(by)

    titles = _rule_titles(a.locale)
    for reason in a.triage.reasons:
        for s in reason.sources:
            cite(s, titles.get(reason.rule, reason.rule), reason.label)
    step_labels = [_step_labels(a.locale).get(step.text) for step in a.next_steps]
    for step, step_label in zip(a.next_steps, step_labels, strict=True):
        for s in step.sources:
            cite(s, t["cl_kind_" + step.kind], step_label)
    fields = form_fields()
    missing = [
        (
            p,
            label(p, t) if p in fields else field_label(p, lang),
            fields[p].id if p in fields else None,
        )
        for p in a.missing
    ]
    areas, root_name = legs.root_areas(a.roots[:1])
    return ResultView(
        a=a,
        sources=list(sources.values()),
        condition_names={m.condition: str(getattr(m.name, lang)) for m in kb.mimics},
        step_labels=step_labels,
        missing=missing,
        marked=_marked(values_from_case(case.model_dump(exclude_none=True))),
        sides=legs.symptom_sides(case),
        root_areas=areas,
        root_name=root_name,
        rule_titles={r.rule: _rule_titles(a.locale).get(r.rule, r.rule) for r in a.triage.reasons},
        finding_words={r.rule: clinical(r.evidence, lang) for r in a.triage.reasons},
        unverified_count=sum(1 for r in a.triage.reasons if r.label == "U"),
        reason_texts=dict(clinician_reasons(a)),
        root_words=["; ".join(evidence_words(e, lang) for e in r.evidence) for r in a.roots],
        diff_words=[
            (
                "; ".join(evidence_words(e, lang) for e in d.for_),
                "; ".join(evidence_words(e, lang) for e in d.against),
            )
            for d in a.differentials
        ],
        change_words=[
            field_label(ch.finding, lang)
            for ch in (a.follow_up.grade_changes if a.follow_up else [])
        ],
    )


# --- routes ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """One submitted form: its values, the assessment or the refused fields."""

    case: dict[str, Any]
    values: dict[str, str]
    result: ResultView | None
    errors: dict[str, str]
    other_errors: list[str]


def evaluate_form(case: dict[str, Any], values: dict[str, str], lang: str) -> Outcome:
    try:
        parsed = parse_case(case)
        result = assess(parsed)
    except InvalidCase as refused:
        fields = form_fields()
        errors: dict[str, str] = {}
        other: list[str] = []
        for problem in refused.problems:
            if problem.path in fields:
                errors.setdefault(problem.path, problem.message)
            else:
                other.append(str(problem))
        return Outcome(case, values, None, errors, other)
    return Outcome(case, values, result_view(result, parsed, lang), {}, [])


async def _submitted(request: Request) -> Outcome:
    lang = negotiate(request)
    form = await request.form()
    case, values = case_from_form({k: v for k, v in form.items() if k != CSRF_FIELD}, lang)
    return evaluate_form(case, values, lang)


def _marked(values: Mapping[str, str]) -> dict[str, Any]:
    """Sensory areas recorded as reduced or absent, for the legs drawing's `marked`."""
    marked: dict[str, Any] = {}
    for side in SIDES:
        lost = {
            a: values[f"exam.sensation.{side}.{a}"]
            for a in SENSORY_AREAS
            if values.get(f"exam.sensation.{side}.{a}") in LOST
        }
        if lost:
            marked[side] = lost
    if values.get("exam.sensation.saddle") in LOST:
        marked["saddle"] = values["exam.sensation.saddle"]
    return marked


def workspace_context(
    request: Request, outcome: Outcome | None, prefill: PrefillView | None = None
) -> dict[str, Any]:
    """What the form and result panel (clinician/workspace.html) need."""
    lang = negotiate(request)
    values = outcome.values if outcome else {"locale": lang}
    errors = outcome.errors if outcome else {}
    return {
        "f": field_views(values, errors, lang),
        "sections": SECTIONS,
        "muscles": MUSCLES,
        "reflexes": REFLEXES,
        "areas": SENSORY_AREAS,
        "signs": PER_SIDE_SIGNS,
        "exam_other": EXAM_OTHER,
        "drawing_marked": _marked(values),
        "sides": SIDES,
        "outcome": outcome,
        "result": outcome.result if outcome else None,
        "examples": EXAMPLES,
        "previous_open": any(k.startswith("previous.") for k in values),
        "prefill": prefill,
        "prefill_failed": translator(lang)["cl_prefill_network"],
    }


def _page(request: Request, outcome: Outcome | None, status: int = 200) -> HTMLResponse:
    return render(request, "clinician/page.html", workspace_context(request, outcome), status)


@router.get("/clinician", response_class=HTMLResponse, summary="The clinician examination form")
async def clinician_page(request: Request) -> HTMLResponse:
    example = request.query_params.get("example")
    if example in EXAMPLES:
        case = _example(example)
        case.pop("locale", None)
        lang = negotiate(request)
        values = values_from_case(case)
        values["locale"] = lang
        case["locale"] = lang
        return _page(request, evaluate_form(case, values, lang))
    return _page(request, None)


@router.post(
    "/clinician",
    response_class=HTMLResponse,
    dependencies=[Depends(require_csrf)],
    summary="Assess the examination form (works without JavaScript)",
)
async def clinician_submit(request: Request) -> HTMLResponse:
    outcome = await _submitted(request)
    return _page(request, outcome, 200 if outcome.result else 422)


@router.post(
    "/clinician/result",
    response_class=HTMLResponse,
    dependencies=[Depends(require_csrf)],
    summary="The result panel alone, as an HTML fragment (for the page's script)",
)
async def clinician_result(request: Request) -> HTMLResponse:
    outcome = await _submitted(request)
    lang = negotiate(request)
    context = {
        "outcome": outcome,
        "result": outcome.result,
        "f": field_views(outcome.values, outcome.errors, lang),
    }
    # 200 even when fields are refused: the fragment itself carries the messages (data-error-for),
    # and a 4xx answer to fetch() would be reported by browsers as a console error.
    return render(request, "clinician/fragment.html", context)


# --- a case from a SMART link (/clinician#case=<base64url JSON>) ------------------------------------

# The page's script sends the fragment here (the browser never sends a fragment to a server by
# itself, so the case stays out of URLs and access logs) and swaps in the form the server fills.
MAX_FRAGMENT = 48_000  # characters; the contract's largest example is about 3 KB as a fragment
BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")


def prefill_words(lang: str) -> dict[str, str]:
    """The prefill messages and reasons (strings.yaml `cl_prefill_*`), keyed without the prefix."""
    return {
        key.removeprefix("cl_prefill_"): text
        for key, text in translator(lang).items()
        if key.startswith("cl_prefill_")
    }


@dataclass(slots=True)
class PrefillView:
    message: str
    failed: bool = False
    left_out_intro: str = ""
    left_out: list[tuple[str, str]] = field(default_factory=list)


class Unreadable(ValueError):
    """The fragment is not a case; the message names the reason (strings.yaml cl_prefill_<reason>)."""


def case_from_fragment(text: str) -> dict[str, Any]:
    """The case mapping in a `case=` fragment value (base64url of the case JSON)."""
    text = text.removeprefix("#").removeprefix("case=")
    if len(text) > MAX_FRAGMENT:
        raise Unreadable("size")
    if not BASE64URL.fullmatch(text):
        raise Unreadable("encoding")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise Unreadable("encoding") from None
    try:
        case = parse_json(raw)
    except InvalidCase:  # not JSON, not UTF-8, or hostile (too deep, huge numbers)
        raise Unreadable("json") from None
    if not isinstance(case, dict) or case.get("format") != "sciatica-case/1":
        raise Unreadable("case")
    return case


def _leaves(node: Any, prefix: str = "") -> list[str]:
    if not isinstance(node, dict):
        return [prefix]
    return [leaf for key, value in node.items() for leaf in _leaves(value, f"{prefix}{key}.")]


def _left_out(case: dict[str, Any], t: Mapping[str, str]) -> list[tuple[str, str]]:
    """The answered values of the case that no form field holds (path, words)."""
    out = []
    for leaf in _leaves(case):
        path = leaf.rstrip(".")
        if path in form_fields() or path in ("format", "id") or get_path(case, path) is None:
            continue
        try:
            words = label(path, t)
        except KeyError:  # a path the page has no words for
            words = path
        out.append((path, words))
    return out


@router.post(
    "/clinician/prefill",
    response_class=HTMLResponse,
    dependencies=[Depends(require_csrf)],
    summary="The form and result filled from a SMART link's case (for the page's script)",
)
async def clinician_prefill(request: Request) -> HTMLResponse:
    lang = negotiate(request)
    words = prefill_words(lang)
    try:
        try:
            sent = parse_json(await request.body())
        except InvalidCase:
            raise Unreadable("json") from None
        fragment = sent.get("fragment") if isinstance(sent, dict) else None
        if not isinstance(fragment, str):
            raise Unreadable("case")
        case = case_from_fragment(fragment)
    except Unreadable as refused:
        view = PrefillView(words["failed"].format(reason=words[str(refused)]), failed=True)
        return render(request, "clinician/workspace.html", workspace_context(request, None, view))
    except ValueError:  # the body is not JSON
        view = PrefillView(words["failed"].format(reason=words["json"]), failed=True)
        return render(request, "clinician/workspace.html", workspace_context(request, None, view))
    # The form is filled with the server's own case -> form mapping, then assessed from what the
    # form holds, exactly as a later edit would be; what it cannot hold is named, not dropped quietly.
    values = values_from_case(case)
    values.setdefault("locale", lang)
    form_case, values = case_from_form(values, lang)
    outcome = evaluate_form(form_case, values, lang)
    t = translator(lang)
    view = PrefillView(words["done"], left_out_intro=words["left_out"], left_out=_left_out(case, t))
    # 200 even for refused fields, as /clinician/result: the fragment carries the messages
    return render(request, "clinician/workspace.html", workspace_context(request, outcome, view))


@router.get("/clinician/report")
async def clinician_report_get() -> RedirectResponse:
    """The report is made from a posted form; a reload or a bookmark goes back to the form."""
    return RedirectResponse("/clinician", status_code=303)


@router.post(
    "/clinician/report",
    response_class=HTMLResponse,
    dependencies=[Depends(require_csrf)],
    summary="The one-page referral report (print or save as PDF from the browser)",
)
async def clinician_report(request: Request) -> HTMLResponse:
    outcome = await _submitted(request)
    if outcome.result is None:
        return _page(request, outcome, 422)
    lang = outcome.result.a.locale  # the report is written in the language chosen for the advice
    values = outcome.values
    context: dict[str, Any] = {
        "lang": lang,
        "outcome": outcome,
        "result": outcome.result,
        "f": field_views(values, {}, lang),
        "muscles": MUSCLES,
        "sides": SIDES,
        "today": date.today().isoformat(),
        "findings": key_findings(values, lang),
        "has_previous": any(k.startswith("previous.exam.") for k in values),
        "tested_muscles": [
            m
            for m in MUSCLES
            if any(
                f"{pre}exam.strength.{s}.{m}" in values for pre in ("", "previous.") for s in SIDES
            )
        ],
        "fit": "",
    }
    context["fit"] = _fit(request, context)
    return render(request, "clinician/report.html", context)


# Type sizes of the report (clinician.css .fit-1 .. .fit-3) and how much text each fits on one A4
# page, measured in Chromium on the packaged examples (about 0.145 px of height per character at
# the base size; height scales with the square of the size). clinician.js refines this by measuring.
FIT_LIMITS: tuple[tuple[int, str], ...] = ((7100, ""), (8100, "fit-1"), (9400, "fit-2"))
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


def _fit(request: Request, context: dict[str, Any]) -> str:
    """The type size that keeps this report on one page (without JavaScript too)."""
    from .templating import templates

    html = (
        templates()
        .get_template("clinician/report.html")
        .render({"request": request, "t": translator(context["lang"]), "csrf_token": "", **context})
    )
    main = html[html.find("<main") : html.find("</main>")]
    length = len(SPACE.sub(" ", TAG.sub(" ", main)).strip())
    return next((fit for limit, fit in FIT_LIMITS if length <= limit), "fit-3")


NEGATIVE = frozenset({"no", "normal", "negative", "present", "none"})


@dataclass(slots=True)
class Findings:
    """The report's summary of the answered fields other than the MRC grids: what is abnormal,
    grouped by section, and the pertinent negatives in one list."""

    positive: list[tuple[str, list[tuple[str, str]]]]
    negative: list[str]


def key_findings(values: Mapping[str, str], lang: str) -> Findings:
    t = translator(lang)
    views = field_views(values, {}, lang)
    groups: list[tuple[str, tuple[str, ...]]] = list(SECTIONS[1:])
    exam = [p for p in _exam_paths() if ".strength." not in p]
    groups += [
        ("cl_reflexes_caption", tuple(p for p in exam if ".reflexes." in p)),
        ("cl_sensation_caption", tuple(p for p in exam if ".sensation." in p)),
        ("cl_signs_caption", tuple(p for p in exam if p.split(".")[1] in PER_SIDE_SIGNS)),
        ("cl_sec_exam_other", EXAM_OTHER),
    ]
    abbr = {"left": t["cl_l_abbr"], "right": t["cl_r_abbr"]}
    found = Findings([], [])
    for key, paths in groups:
        items: list[tuple[str, str]] = []
        done: set[str] = set()
        for path in paths:
            if path not in values or path in done:
                continue
            parts = path.split(".")
            side = next((x for x in parts if x in SIDES), None)
            if side is None:
                pair = {"": path}
            else:
                pair = {
                    s: path.replace(f".{side}", f".{s}", 1)
                    for s in SIDES
                    if path.replace(f".{side}", f".{s}", 1) in values
                }
            done.update(pair.values())
            raw = {s: values[q] for s, q in pair.items()}
            shown = {s: dict(views[q].options).get(values[q], values[q]) for s, q in pair.items()}
            if path == "exam.post_void_residual_ml":
                shown[""] += " ml"
            if side is None:
                words, value = views[path].label, shown[""]
            elif len(pair) == 1:
                words, value = views[path].label, shown[side]
            else:
                words = label(path, t, with_side=False)
                same = len(set(shown.values())) == 1
                value = (
                    f"{shown['left']} {abbr['left']}+{abbr['right']}"
                    if same
                    else ", ".join(f"{abbr[s]} {shown[s]}" for s in SIDES)
                )
            if all(v in NEGATIVE for v in raw.values()):
                found.negative.append(
                    words if set(raw.values()) == {"no"} else f"{words} ({value})"
                )
            else:
                items.append((words, value))
        if items:
            found.positive.append((t[key], items))
    return found
