"""The public surface stays small and honest (httpx-style `__all__` check)."""

from __future__ import annotations

import sciatica
from sciatica import Case, assess
from sciatica.errors import InvalidCase, KnowledgeError, SciaticaError, UnknownRule


def test_all_is_sorted_and_complete() -> None:
    import types

    assert sciatica.__all__ == sorted(sciatica.__all__)
    public = {
        name
        for name, value in vars(sciatica).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public <= set(sciatica.__all__), public - set(sciatica.__all__)


def test_exception_tree() -> None:
    for error in (InvalidCase, KnowledgeError, UnknownRule):
        assert issubclass(error, SciaticaError)
    assert issubclass(InvalidCase, ValueError)


def test_assess_takes_a_model_or_a_dict_and_agrees() -> None:
    data = {"symptoms": {"leg_pain": "right", "pain_score": 4}, "history": {"symptom_days": 5}}
    assert assess(data) == assess(Case.model_validate(data))


def test_the_engine_imports_no_io_module() -> None:
    import ast
    from pathlib import Path

    banned = {
        "os",
        "pathlib",
        "socket",
        "http",
        "urllib",
        "sqlite3",
        "subprocess",
        "requests",
        "httpx",
        "fastapi",
        "sqlalchemy",
    }
    package = Path(sciatica.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module.split(".")[0]]
            assert not banned.intersection(names), f"{path.name} imports {names}"


def test_the_package_docstring_examples_hold() -> None:
    import doctest

    failures, tried = doctest.testmod(sciatica)
    assert tried >= 4 and failures == 0
