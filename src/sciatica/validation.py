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
    if len(literal) > MAX_NUMBER_DIGITS + 8:  # digits, sign, point and exponent
        raise _refused(f"not valid JSON: a number with more than {MAX_NUMBER_DIGITS} digits")
    value = float(literal)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


# Limits on untrusted JSON, decided once here, where JSON enters every adapter (CLI, API, CDS
# Hooks, FHIR, the clinician page's SMART link). A real case or FHIR Bundle nests about 12 deep
# and no clinical number has more than a few digits; beyond these the input is hostile or broken.
MAX_JSON_DEPTH = 64
MAX_NUMBER_DIGITS = 30


def _refused(message: str, path: str = "") -> InvalidCase:
    return InvalidCase([FieldProblem(path, message)])


def _integer(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _refused(f"not valid JSON: a number with more than {MAX_NUMBER_DIGITS} digits")
    return int(literal)


def _constant(name: str) -> Any:
    raise _refused(f"not valid JSON: {name} is not a JSON number")


def is_text(value: str) -> bool:
    """Whether a string is Unicode text: a lone surrogate such as "\\ud800" (from JSON escapes, or
    bytes read with `surrogateescape`) lives in a Python str but cannot be stored, logged or sent."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_json_value(value: Any) -> None:
    """Refuse (`InvalidCase`) a parsed value nested deeper than MAX_JSON_DEPTH or holding a string
    or key that is not Unicode text; `parse_json` applies it, and bodies another parser read
    (FastAPI's request models) call it themselves."""
    # Every request passes through here: the first walk only looks, and the paths that name a
    # refusal are spelt out by a second walk when there is one to name.
    if not _looks_sound(value):
        _refuse_first_problem(value)


def _looks_sound(value: Any) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]  # the outermost object is level 1
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            if depth > MAX_JSON_DEPTH:
                return False
            for key, child in node.items():
                if not is_text(key):
                    return False
                stack.append((child, depth + 1))
        elif isinstance(node, list):
            if depth > MAX_JSON_DEPTH:
                return False
            stack.extend((child, depth + 1) for child in node)
        elif isinstance(node, str) and not is_text(node):
            return False
    return True


def _refuse_first_problem(value: Any) -> None:
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH and isinstance(node, dict | list):
            raise _refused(f"not valid input: nested more than {MAX_JSON_DEPTH} levels deep")
        if isinstance(node, str) and not is_text(node):
            raise _refused("not valid text: contains an unpaired surrogate", path)
        if isinstance(node, dict):
            for key, child in node.items():
                if not is_text(key):
                    raise _refused("not valid text: a key contains an unpaired surrogate", path)
                stack.append((child, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(node, list):
            stack.extend(
                (child, f"{path}.{i}" if path else str(i), depth + 1)
                for i, child in enumerate(node)
            )


def parse_json(text: str | bytes) -> Any:
    """Parse untrusted JSON text. Malformed JSON is refused (`InvalidCase`) with its line and
    column; so are NaN/Infinity, numbers of more than MAX_NUMBER_DIGITS digits, nesting deeper
    than MAX_JSON_DEPTH and strings with unpaired surrogates, naming the problem."""
    try:
        value = json.loads(text, parse_float=_number, parse_int=_integer, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise _refused(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except UnicodeDecodeError:
        raise _refused("not valid JSON: the text is not UTF-8") from None
    except RecursionError:
        raise _refused(f"not valid input: nested more than {MAX_JSON_DEPTH} levels deep") from None
    if not _surely_sound(text):
        check_json_value(value)
    return value


def _surely_sound(text: str | bytes) -> bool:
    """Whether the text alone shows that its parsed value passes `check_json_value`, without
    walking the value (most of a request's parsing time): no more than MAX_JSON_DEPTH brackets
    at all, so none nested deeper; and no unpaired surrogate, which a value can only get from a
    `\\u` escape or from the text itself (bytes: UTF-8 read strictly, and no NUL byte, so `json`
    reads them as UTF-8 and not as UTF-16 or UTF-32). False sends the value to the full check."""
    if isinstance(text, str):
        if "\\u" in text or not is_text(text):
            return False
        return text.count("{") + text.count("[") <= MAX_JSON_DEPTH
    if isinstance(text, bytes):
        if b"\\u" in text or b"\x00" in text:
            return False
        try:
            text.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return text.count(b"{") + text.count(b"[") <= MAX_JSON_DEPTH
    return False


def parse_case_json(text: str | bytes) -> Case:
    """Validate JSON text into a `Case`; malformed JSON is refused with its line and column."""
    return parse_case(parse_json(text))
