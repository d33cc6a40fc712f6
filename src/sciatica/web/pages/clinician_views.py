"""What the clinician pages show of an assessment: the result panel's view model (rules by
title, findings in clinical words, sources), the outcome of a submitted form, and the report's key
findings. No routes here (web/pages/clinician.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ...assessment import Assessment
from ...case import Case
from ...clinical_words import evidence_words, field_label
from ...engine import assess
from ...errors import InvalidCase
from ...knowledge import condition_names, load_knowledge, rule_titles
from ...patient import clinician_reasons
from ...validation import parse_case
from ..i18n import translator
from . import legs
from .clinician_form import (
    EXAM_OTHER,
    PER_SIDE_SIGNS,
    SECTIONS,
    SIDES,
    _exam_paths,
    _marked,
    field_views,
    form_fields,
    label,
    values_from_case,
)
from .findings import clinical

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

    titles = rule_titles(a.locale)
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
        condition_names=condition_names(lang),
        step_labels=step_labels,
        missing=missing,
        marked=_marked(values_from_case(case.model_dump(exclude_none=True))),
        sides=legs.symptom_sides(case),
        root_areas=areas,
        root_name=root_name,
        rule_titles={r.rule: titles.get(r.rule, r.rule) for r in a.triage.reasons},
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
