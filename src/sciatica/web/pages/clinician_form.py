"""The clinician examination form as a model: one field per `sciatica-case/1` path, its kind and
options, how submitted values become a case and a case becomes values, and a case read from a SMART
link's fragment. No routes here (web/pages/clinician.py); no clinical logic (the engine's).

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
from functools import cache
from importlib import resources
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from ...case import MUSCLES, REFLEXES, SENSORY_AREAS, Case
from ...errors import InvalidCase
from ...knowledge import load_knowledge
from ...paths import get_path, set_path
from ...validation import parse_json
from ..i18n import translator

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
