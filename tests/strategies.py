"""Hypothesis strategies for valid `sciatica-case/1` mappings, derived from the case models so that
every field of the contract is exercised (a new field is generated without touching this file)."""

from __future__ import annotations

import typing
from typing import Any

from annotated_types import Ge, Le
from hypothesis import strategies as st
from pydantic import BaseModel

from sciatica.case import Case
from sciatica.paths import get_path

# Fields whose generation is narrowed to values that matter clinically (small ints shrink better).
NARROW: dict[str, st.SearchStrategy[Any]] = {
    "symptom_days": st.sampled_from([0, 3, 14, 15, 21, 22, 28, 29, 41, 42, 84, 85, 200]),
    "weakness_days": st.sampled_from([0, 2, 21, 22, 60]),
    "days_ago": st.sampled_from([1, 7, 14, 30]),
    "age": st.sampled_from([8, 35, 59, 60, 69, 70, 88]),
    "conservative_care_weeks": st.sampled_from([0, 3, 6, 12]),
    "previous_episodes": st.sampled_from([0, 1, 3]),
    "post_void_residual_ml": st.sampled_from([0, 150, 200, 201, 700]),
    "country": st.sampled_from(["FR", "GB", "US", "DE", "BE", "CH", "ES", "IT", "CA", "JP"]),
    "id": st.just("generated"),
    "format": st.just("sciatica-case/1"),
}


def _leaf(name: str, annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    if name in NARROW:
        return NARROW[name]
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    inner = args[0] if args else annotation
    if typing.get_origin(inner) is typing.Literal:
        return st.sampled_from(typing.get_args(inner))
    if inner is bool:
        return st.booleans()
    if inner is int:
        lo = next((m.ge for m in metadata if isinstance(m, Ge)), 0)
        hi = next((m.le for m in metadata if isinstance(m, Le)), 100)
        return st.integers(min_value=int(lo), max_value=int(hi))
    raise TypeError(f"no strategy for {name}: {annotation!r}")


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for a in (*typing.get_args(annotation), annotation):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


def model_dicts(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts valid for `model`, each field present or absent (absent = not asked)."""
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        sub = _model_of(info.annotation)
        if sub is not None:
            if sub is Case or (name == "previous" and depth > 0):
                continue
            optional[name] = model_dicts(sub, depth + 1)
        elif name == "unsure":
            continue  # drawn in `cases`, from the questions the case leaves unanswered
        else:
            optional[name] = _leaf(name, info.annotation, list(info.metadata))
    return st.fixed_dictionaries({}, optional=optional)


UNSURE_PATHS = (
    "symptoms.saddle_numbness",
    "symptoms.bladder",
    "symptoms.bowel",
    "symptoms.sexual_dysfunction_new",
    "history.fever",
    "history.symptom_days",
)


def _with_unsure(case: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The case, sometimes with an `unsure` list (case-format 1.1) of questions it left unanswered."""
    open_paths = [p for p in UNSURE_PATHS if get_path(case, p) is None]
    if not open_paths:
        return st.just(case)
    return st.lists(st.sampled_from(open_paths), unique=True, max_size=3).map(
        lambda unsure: {**case, "unsure": unsure} if unsure else case
    )


def cases() -> st.SearchStrategy[dict[str, Any]]:
    return model_dicts(Case).flatmap(_with_unsure)


def set_path(case: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `case` with `path` set (None deletes it)."""
    import copy

    out = copy.deepcopy(case)
    if value is not None and path in out.get("unsure", ()):  # an answer replaces "I don't know"
        out["unsure"] = [p for p in out["unsure"] if p != path]
    node = out
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value
    return out
