"""The clinical knowledge base: YAML files in this folder, loaded strictly and cross-checked.

Every rule, root, mimic, next step and number lives here as data with its source ids and a
verification label (C, S, U, SEED-n: clinical-spec.md E0.1). `load_knowledge()` refuses unknown keys,
unknown source ids, duplicated ids and dangling references, naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import KnowledgeError
from .schema import Country, Knowledge, describe, load_yaml

M = TypeVar("M", bound=BaseModel)

# The folder the YAML files are read from (a test points it at a corrupted copy).
DATA: Traversable = resources.files(__package__)

FILES: tuple[str, ...] = (
    "meta",
    "sources",
    "rules",
    "roots",
    "mimics",
    "next_steps",
    "escalation",
    "never",
    "countries",
    "safety_net",
    "while_waiting",
    "questions",
    "self_check",
    "interpretations",
    "labels",
)


def _read(name: str) -> Any:
    text = DATA.joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return load_yaml(text, f"knowledge/{name}.yaml")  # safe, and refuses a duplicated key


# The YAML documents already parsed, as JSON, with the digest of the texts they were parsed from:
# PyYAML builds every value in Python, most of the knowledge base's load time (and so of `sciatica
# assess`). Used only while every YAML text is the one it was made from, else the YAML is read;
# `python scripts/parse_knowledge.py` writes it, and a test says when it is out of date. It is
# written only from a knowledge base that passes every check `load_knowledge` makes (and the
# thresholds every check of `sciatica.thresholds`), so while it is current its documents are built
# into models without validating them again (`_construct`): pydantic building the validators for
# the whole schema and running them was most of the rest of the load time.
PARSED = "parsed.json"

# Other files of this folder that PARSED holds, read by their own loaders (not part of `Knowledge`).
OTHER_PARSED: tuple[str, ...] = ("thresholds",)


def _texts() -> dict[str, str]:
    names = FILES + OTHER_PARSED
    return {name: DATA.joinpath(f"{name}.yaml").read_text(encoding="utf-8") for name in names}


def _digest(texts: dict[str, str]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for name, text in texts.items():
        digest.update(f"{name}\0{len(text)}\0{text}".encode())
    return digest.hexdigest()


def _parsed(texts: dict[str, str]) -> dict[str, Any] | None:
    """PARSED's documents when it was made from `texts`, else None (not shipped, broken, stale)."""
    import json

    try:
        parsed = json.loads(DATA.joinpath(PARSED).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not shipped, or broken: the YAML is the source
        return None
    if isinstance(parsed, dict) and parsed.get("digest") == _digest(texts):
        documents: dict[str, Any] = parsed["documents"]
        return documents
    return None


def _documents() -> dict[str, Any]:
    """The YAML documents by file name: from PARSED when it was made from these texts."""
    texts = _texts()
    parsed = _parsed(texts)
    if parsed is not None:
        return {name: parsed[name] for name in FILES}
    return {name: load_yaml(texts[name], f"knowledge/{name}.yaml") for name in FILES}


# The checked documents of the last call, with the texts they stand for: `sciatica.thresholds` (at
# import) and `load_knowledge` both read them, and parsing PARSED once is enough.
_checked_memo: list[tuple[dict[str, str], str, dict[str, Any]]] = []


def checked_documents() -> dict[str, Any] | None:
    """PARSED's documents (FILES and OTHER_PARSED) when it is current, and so was written from
    these very YAML texts after every check passed; None otherwise (then read and check the YAML).
    Shared between callers: read them, never change them."""
    texts = _texts()
    try:
        raw = DATA.joinpath(PARSED).read_text(encoding="utf-8")
    except OSError:
        return None
    if _checked_memo and _checked_memo[0][0] == texts and _checked_memo[0][1] == raw:
        return _checked_memo[0][2]
    documents = _parsed(texts)
    if documents is not None:
        _checked_memo[:] = [(texts, raw, documents)]
    return documents


def _duplicates(ids: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]


def check_links(kb: Knowledge) -> list[str]:
    """Every cross-reference problem in the knowledge base, as 'file: message' lines."""
    problems: list[str] = []
    source_ids = {s.id for s in kb.sources}
    rule_ids = {r.id for r in kb.rules}

    def cite(where: str, sources: list[str]) -> None:
        problems.extend(f"{where}: unknown source {s!r}" for s in sources if s not in source_ids)

    for name, ids in (
        ("sources", [s.id for s in kb.sources]),
        ("rules", [r.id for r in kb.rules]),
        ("next_steps", [n.id for n in kb.next_steps]),
        ("escalation", [e.id for e in kb.escalation]),
        ("never", [n.id for n in kb.never]),
        ("countries", [c.code for c in kb.countries]),
        ("safety_net", [s.id for s in kb.safety_net]),
        ("while_waiting", [w.id for w in kb.while_waiting]),
        ("questions", [q.field for q in kb.questions]),
        ("interpretations", [i.id for i in kb.interpretations]),
        ("mimics", [m.condition for m in kb.mimics]),
        ("roots", [r.root for r in kb.roots.roots]),
    ):
        problems.extend(f"{name}.yaml: duplicated id {d!r}" for d in _duplicates(ids))
    for rule in kb.rules:
        cite(f"rules.yaml {rule.id}", rule.sources)
        for locale in ("en", "fr"):  # the clinician text is found from the patient text
            texts = [str(getattr(o.text, locale)) for o in rule.outcomes.values()]
            problems.extend(
                f"rules.yaml {rule.id}: two outcomes share the {locale} text {t[:40]!r}..."
                for t in _duplicates(texts)
            )
    for root in kb.roots.roots:
        cite(f"roots.yaml {root.root}", root.sources)
    for mimic in kb.mimics:
        cite(f"mimics.yaml {mimic.condition}", mimic.sources)
    for where, entries in (("next_steps", kb.next_steps), ("while_waiting", kb.while_waiting)):
        for entry in entries:
            cite(f"{where}.yaml {entry.id}", entry.sources)
            for key in ("rules", "not_rules"):
                for rid in getattr(entry.when, key) or []:
                    if rid not in rule_ids:
                        problems.append(
                            f"{where}.yaml {entry.id}: when.{key} names unknown rule {rid!r}"
                        )
    for locale in ("en", "fr"):
        # The patient view finds a step's patient text from the contract's (clinician) text.
        texts = [str(getattr(step.text, locale)) for step in kb.next_steps]
        problems.extend(
            f"next_steps.yaml: two steps share the {locale} text {t[:40]!r}..."
            for t in _duplicates(texts)
        )
    for esc in kb.escalation:
        cite(f"escalation.yaml {esc.id}", esc.sources)
        problems.extend(
            f"escalation.yaml {esc.id}: implemented_by names unknown rule {rid!r}"
            for rid in esc.implemented_by
            if rid not in rule_ids
        )
    for item in kb.never:
        cite(f"never.yaml {item.id}", item.sources)
    for country in kb.countries:
        cite(f"countries.yaml {country.code}", country.sources)
        problems.extend(_number_problems(country))
    for net in kb.safety_net:
        cite(f"safety_net.yaml {net.id}", net.sources)
    problems.extend(_self_check_links(kb))
    problems.extend(_missing_labels(kb))
    if "default" not in {c.code for c in kb.countries}:
        problems.append("countries.yaml: no 'default' entry (the 112 fallback)")
    return problems


def _number_problems(country: Country) -> list[str]:
    """One primary number, listed first; no number twice; every label shows its number."""
    where = f"countries.yaml {country.code}"
    problems = [
        f"{where}: number {d!r} listed twice" for d in _duplicates(country.emergency_numbers)
    ]
    if [n.primary for n in country.numbers].count(True) != 1 or not country.numbers[0].primary:
        problems.append(f"{where}: exactly one primary number, listed first")
    if country.numbers[0].kind != "call":
        problems.append(f"{where}: the primary number must take calls")
    for n in country.numbers:
        for locale in ("en", "fr"):
            if not str(getattr(n.label, locale)).startswith(n.number):
                problems.append(f"{where}: the {locale} label of {n.number} must start with it")
    return problems


def _self_check_links(kb: Knowledge) -> list[str]:
    """self_check.yaml names only self-check questions, orders each once, screens first."""
    where = "self_check.yaml"
    asked = {q.field: q for q in kb.questions if not q.exam}
    sc = kb.self_check
    screens = {s.id: s for s in sc.screens}
    problems = [f"{where}: order repeats {d!r}" for d in _duplicates(sc.order)]
    for name in (set(asked) | set(screens)) - set(sc.order):
        problems.append(f"{where}: order leaves out {name!r}")
    for name in set(sc.order) - set(asked) - set(screens):
        problems.append(f"{where}: order names {name!r}, not a self-check question")
    position = {name: i for i, name in enumerate(sc.order)}
    member_of: dict[str, str] = {}
    for screen in sc.screens:
        if len(screen.items) != len(screen.members):
            problems.append(f"{where}: {screen.id}: one item per member")
        for member in screen.members:
            question = asked.get(member)
            if question is None or question.answer not in ("yes_no", "side"):
                problems.append(
                    f"{where}: {screen.id}: {member!r} is not a yes/no or side question"
                )
            elif position.get(member, -1) < position.get(screen.id, 0):
                problems.append(f"{where}: {screen.id} must come before its member {member!r}")
            if member in member_of:
                problems.append(f"{where}: {member!r} is in two screens")
            member_of[member] = screen.id
    for key, fields in (("bands", sc.bands), ("choices", sc.choices), ("simpler", sc.simpler)):
        for name in fields:
            question = asked.get(name)
            if question is None or (key != "simpler" and question.answer != "number"):
                problems.append(f"{where}: {key}.{name}: not a numeric self-check question")
    return problems


def _missing_labels(kb: Knowledge) -> list[str]:
    """Every value of the contract's display enums must have a label in both languages."""
    import typing

    from ..assessment import LEVELS, Chronicity, Likelihood, Presentation, StepKind

    wanted = [f"presentation.{v}" for v in typing.get_args(Presentation)]
    wanted += [f"level.{v}" for v in LEVELS]
    wanted += ["side.left", "side.right", "side.both"]
    wanted += [f"chronicity.{v}" for v in typing.get_args(Chronicity)]
    wanted += [f"likelihood.{v}" for v in typing.get_args(Likelihood)]
    wanted += [f"kind.{v}" for v in typing.get_args(StepKind)]
    return [f"labels.yaml: no label for {key!r}" for key in wanted if key not in kb.labels]


def parse_knowledge(raw: dict[str, Any]) -> Knowledge:
    """Validate raw YAML documents (keyed by file name) into a cross-checked `Knowledge`."""
    try:
        kb = Knowledge.model_validate(raw)
    except ValidationError as error:
        lines = []
        for item in error.errors():
            loc = item["loc"]  # the first part names the file
            where = f"knowledge/{loc[0]}.yaml" if loc else "knowledge"
            lines.append(describe(item, where, raw, skip=1))
        raise KnowledgeError("\n".join(lines)) from None
    problems = check_links(kb)
    if problems:
        raise KnowledgeError("\n".join(problems))
    return kb


@cache
def load_knowledge() -> Knowledge:
    """The packaged knowledge base, checked once per process: built from PARSED without validating
    it again while PARSED is current (it was checked when written), else read from the YAML and
    validated (`parse_knowledge`)."""
    documents = checked_documents()
    if documents is not None:
        kb = _construct(Knowledge, {name: documents[name] for name in FILES})
        _checked_memo.clear()  # the thresholds read them at import: not kept beside the models
        return kb
    return parse_knowledge(_documents())


# How to build each model from checked data: per field its name, its key in the data (the alias,
# as for Mimic's `for`), what builds its value (None: the value as it is) and what gives its
# default when the data leaves it out.
_Build = Callable[[Any], Any]
_Plan = list[tuple[str, str, _Build | None, Callable[[], Any] | None]]
_plans: dict[type[BaseModel], _Plan] = {}


def _construct(model: type[M], data: dict[str, Any]) -> M:
    """`model` from checked data, as `model.model_validate(data)` builds it (the same values in
    the same order, types and set fields; a test compares the whole knowledge base) without
    validating it. Set as `model_construct` sets it, without its general cases."""
    plan = _plans.get(model)
    if plan is None:
        plan = _plans[model] = _plan(model)
    values = {}
    given = set()
    for name, key, build, default in plan:
        if key in data:
            value = data[key]
            values[name] = value if build is None or value is None else build(value)
            given.add(name)
        elif default is not None:
            values[name] = default()
    built = model.__new__(model)
    object.__setattr__(built, "__dict__", values)
    object.__setattr__(built, "__pydantic_fields_set__", given)
    object.__setattr__(built, "__pydantic_extra__", None)
    object.__setattr__(built, "__pydantic_private__", None)
    return built


def _plan(model: type[BaseModel]) -> _Plan:
    if (
        model.__pydantic_post_init__
        or model.__private_attributes__
        or model.__pydantic_root_model__
    ):
        raise TypeError(f"knowledge schema: {model.__name__} needs model_construct")
    plan: _Plan = []
    for name, info in model.model_fields.items():
        default: Callable[[], Any] | None = None
        if info.default_factory is not None:
            default = info.default_factory  # type: ignore[assignment]  # takes no data here
        elif not info.is_required():
            if not isinstance(info.default, str | int | float | bool | tuple | None):
                raise TypeError(f"knowledge schema: {model.__name__}.{name}: a mutable default")
            default = (lambda value: lambda: value)(info.default)
        plan.append((name, info.alias or name, _builder(info.annotation), default))
    return plan


def _builder(annotation: Any) -> _Build | None:
    """What turns checked JSON data into a field's value, for the types the schema uses; None
    where the data is the value (str, int, bool, Literal and lists or dicts of them)."""
    import types
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        model = annotation
        return lambda value: _construct(model, value)
    if annotation is float:  # strict float takes a whole number and makes it a float
        return float
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        item = _builder(args[0])
        return None if item is None else (lambda value: [item(v) for v in value])
    if origin is dict:
        entry = _builder(args[1])
        return None if entry is None else (lambda value: {k: entry(v) for k, v in value.items()})
    if origin in (typing.Union, types.UnionType):
        built = [b for b in (_builder(a) for a in args if a is not type(None)) if b is not None]
        if len(built) > 1:
            raise TypeError(f"knowledge schema: no builder for {annotation}")
        return built[0] if built else None  # `_construct` keeps a None as it is
    if origin is typing.Literal or annotation in (str, int, bool):
        return None
    raise TypeError(f"knowledge schema: no builder for {annotation}")


def unknown_citations(
    where: str, sources: Sequence[str], never: Sequence[str] = (), note: str = ""
) -> list[str]:
    """The problems of one statement of content written beside the knowledge base (the plan, the
    education pages): each source id not in sources.yaml and each never id not in never.yaml, named
    by `where` (file and key) and an optional `note` such as " (in topic-id)"."""
    kb = load_knowledge()
    source_ids = {s.id for s in kb.sources}
    never_ids = {n.id for n in kb.never}
    return [
        f"{where}.sources: unknown source {i!r}{note}" for i in sources if i not in source_ids
    ] + [f"{where}.never: unknown never.yaml id {i!r}{note}" for i in never if i not in never_ids]


@cache
def rule_titles(locale: str) -> dict[str, str]:
    """Each rule's title in `locale` ("Paralysing sciatica, recent or worsening"): how a clinician
    reads a rule, never by its id."""
    return {r.id: str(getattr(r.title, locale)) for r in load_knowledge().rules}


@cache
def condition_names(locale: str) -> dict[str, str]:
    """Each mimic's condition by its name in `locale`, never its snake-case value."""
    return {m.condition: str(getattr(m.name, locale)) for m in load_knowledge().mimics}


def label(kind: str, value: str, locale: str) -> str:
    """The display name of an enum value (e.g. label("presentation", "cauda_equina", "fr"))."""
    text = load_knowledge().labels.get(f"{kind}.{value}")
    return str(getattr(text, locale)) if text is not None else value.replace("_", " ")


__all__ = [
    "Knowledge",
    "check_links",
    "condition_names",
    "label",
    "load_knowledge",
    "parse_knowledge",
    "rule_titles",
    "unknown_citations",
]
