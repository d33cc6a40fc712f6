"""Turn untrusted input into a `Case`, or refuse it with one message per offending JSON path."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError

from .case import Case
from .errors import FieldProblem, InvalidCase


def _field_info(loc: tuple[int | str, ...]) -> tuple[str | None, list[str]]:
    """Walk the models along `loc`: what the last field expects, and the keys its parent allows."""
    model: type[BaseModel] | None = Case
    expect: str | None = None
    allowed: list[str] = list(Case.model_fields)
    for part in loc:
        if model is None or not isinstance(part, str):
            return None, []
        allowed = list(model.model_fields)
        info = model.model_fields.get(part)
        if info is None:
            return None, allowed
        extra = info.json_schema_extra
        expect = str(extra["expect"]) if isinstance(extra, dict) and "expect" in extra else None
        model = _model_of(info.annotation)
    return expect, allowed


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in getattr(annotation, "__args__", (annotation,)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems_of(error: ValidationError) -> list[FieldProblem]:
    """One plain message per offending path, in the order pydantic found them."""
    problems: list[FieldProblem] = []
    seen: set[str] = set()
    for item in error.errors():
        loc = tuple(item["loc"])
        path = ".".join(str(p) for p in loc)
        if path in seen:  # a union field reports once per branch; one message is enough
            continue
        seen.add(path)
        kind = item["type"]
        if kind in ("unsure_path", "unsure_answered"):  # raised by Case, about one list entry
            problems.append(FieldProblem(f"unsure.{item['ctx']['i']}", item["msg"]))
            continue
        if kind == "extra_forbidden":
            _, allowed = _field_info(loc)
            hint = f"; expected one of: {', '.join(allowed)}" if allowed else ""
            problems.append(FieldProblem(path, f"unknown field{hint}"))
            continue
        expect, _ = _field_info(loc)
        if kind in {"model_type", "model_attributes_type", "dict_type"} and expect is None:
            expect = "an object"
        what = f"must be {expect}" if expect else item["msg"]
        problems.append(FieldProblem(path, f"{what}, got {_shown(item.get('input'))}"))
    return problems


def parse_case(data: Case | dict[str, Any]) -> Case:
    """Validate a mapping (parsed JSON) into a `Case`; raise `InvalidCase` naming every bad field."""
    if isinstance(data, Case):
        return data
    if not isinstance(data, dict):
        raise InvalidCase([FieldProblem("", f"a case must be a JSON object, got {_shown(data)}")])
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        raise InvalidCase(problems_of(error)) from None


def _number(literal: str) -> int | float:
    """JSON numbers with a fraction part: a whole one (`3.0`) is that integer, as JSON Schema's
    "integer" counts it (EHR serialisers write them); any other stays a float and is refused."""
    value = float(literal)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def parse_json(text: str | bytes) -> Any:
    """Parse JSON text; malformed JSON is refused (`InvalidCase`) with its line and column."""
    try:
        return json.loads(text, parse_float=_number)
    except json.JSONDecodeError as error:
        raise InvalidCase(
            [
                FieldProblem(
                    "", f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
                )
            ]
        ) from None
    except UnicodeDecodeError:
        raise InvalidCase([FieldProblem("", "not valid JSON: the text is not UTF-8")]) from None


def parse_case_json(text: str | bytes) -> Case:
    """Validate JSON text into a `Case`; malformed JSON is refused with its line and column."""
    return parse_case(parse_json(text))
