"""The public names: every `__all__` names only what its module defines (no stale name left after
a rename), and every name the README and docs import from sciatica exists (issue 11)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "sciatica"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PYTHON_BLOCK = re.compile(r"^```(?:python|py|pycon)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _declared_all(path: Path) -> list[str] | None:
    """The module's `__all__`, read from its source (a literal list or tuple of strings)."""
    for node in ast.parse(path.read_text("utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            assert isinstance(node, ast.Assign)
            value = ast.literal_eval(node.value)
            assert isinstance(value, list | tuple), f"{path}: __all__ is not a literal list"
            return [str(name) for name in value]
    return None


MODULES_WITH_ALL = {
    _module_name(path): names
    for path in sorted(PACKAGE.rglob("*.py"))
    if (names := _declared_all(path)) is not None
}


def test_the_package_and_the_extras_module_declare_their_public_names() -> None:
    assert "sciatica" in MODULES_WITH_ALL
    assert "sciatica.extras" in MODULES_WITH_ALL


@pytest.mark.parametrize("module_name", sorted(MODULES_WITH_ALL))
def test_every_name_in_all_exists_once(module_name: str) -> None:
    names = MODULES_WITH_ALL[module_name]
    module = importlib.import_module(module_name)
    assert module.__all__ == names  # what was read is what Python sees
    stale = [name for name in names if not hasattr(module, name)]
    assert not stale, f"{module_name}.__all__ names what it does not define: {stale}"
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, f"{module_name}.__all__ names {twice} twice"


def _doc_blocks() -> list[tuple[str, str]]:
    blocks = []
    for doc in DOCS:
        for n, match in enumerate(PYTHON_BLOCK.finditer(doc.read_text("utf-8")), 1):
            code = match.group(1)
            if code.lstrip().startswith(">>>"):  # a console session: its statements only
                lines = [
                    line[4:] for line in code.splitlines() if line.startswith((">>> ", "... "))
                ]
                code = "\n".join(lines)
            blocks.append((f"{doc.name}#{n}", code))
    return blocks


DOC_BLOCKS = _doc_blocks()


def test_the_readme_has_a_python_example() -> None:
    assert any(where.startswith("README.md") for where, _ in DOC_BLOCKS)


@pytest.mark.parametrize(("where", "code"), DOC_BLOCKS, ids=[w for w, _ in DOC_BLOCKS])
def test_the_names_the_docs_import_exist(where: str, code: str) -> None:
    imported = 0
    for node in ast.walk(ast.parse(code, where)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sciatica":
            module = importlib.import_module(node.module or "")
            for alias in node.names:
                assert hasattr(module, alias.name), f"{where}: {node.module} has no {alias.name}"
                public = getattr(module, "__all__", None)
                assert public is None or alias.name in public, (
                    f"{where}: {alias.name} is imported from {node.module} but not in its __all__"
                )
                imported += 1
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sciatica":
                    importlib.import_module(alias.name)
                    imported += 1
    if imported:  # the example runs as written (assess is pure: no file, network or clock)
        exec(compile(code, where, "exec"), {})
