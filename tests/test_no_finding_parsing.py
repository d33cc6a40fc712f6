"""No adapter reads a reason's `finding` string back: they read its evidence items.

The `finding` is a rendering of the evidence (sciatica.evidence.render_finding), kept for the
contract and for traceability. Parsing it again (regexes over "exam.strength..." and the like) is
how code-like text reached patients and clinicians, so this test refuses, in the adapter packages
(web, fhir, cli, records): a regular expression over case field paths, any `re` call or string
method applied to a `finding`, and the old regex tables. Displaying or passing a finding on is fine.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from sciatica import assess
from sciatica.evidence import render_finding
from sciatica.fhir import to_fhir
from sciatica.validation import parse_case
from sciatica.web.pages import findings

SRC = Path(__file__).parents[1] / "src" / "sciatica"
ADAPTERS = ("web", "fhir", "cli", "records")
MODULES = sorted(p for pkg in ADAPTERS for p in (SRC / pkg).rglob("*.py"))
RE_CALLS = {
    "compile",
    "match",
    "fullmatch",
    "search",
    "findall",
    "finditer",
    "sub",
    "subn",
    "split",
}
# A pattern that reads case field paths or the finding's own layout.
FIELD_PATTERN = re.compile(r"(?:patient|history|symptoms|exam|previous)\)?\\?\.|->|strength")
GOLDEN = sorted((Path(__file__).parent / "golden" / "cases").glob("*.yaml"))


def _is_finding(node: ast.AST) -> bool:
    """`x.finding` or `x["finding"]`."""
    if isinstance(node, ast.Attribute):
        return node.attr == "finding"
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "finding"
    return False


def _re_call(node: ast.Call) -> bool:
    f = node.func
    return (
        isinstance(f, ast.Attribute)
        and f.attr in RE_CALLS
        and isinstance(f.value, ast.Name)
        and f.value.id == "re"
    )


def problems(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.name
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _re_call(node):
            pattern = node.args[0] if node.args else None
            if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str):
                if FIELD_PATTERN.search(pattern.value):
                    yield f"{where}:{node.lineno}: a regex over case field paths"
            elif isinstance(pattern, ast.JoinedStr):
                yield f"{where}:{node.lineno}: a regex built at run time (cannot be checked)"
        f = node.func
        # re.findall(p, x.finding) and PATTERN.findall(x.finding) alike
        if isinstance(f, ast.Attribute) and f.attr in RE_CALLS and any(map(_is_finding, node.args)):
            yield f"{where}:{node.lineno}: a regex applied to a finding"
        if isinstance(f, ast.Attribute) and _is_finding(f.value):
            yield f"{where}:{node.lineno}: .{f.attr}() called on a finding"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_adapter_parses_a_finding(path: Path) -> None:
    assert list(problems(path)) == []


def test_the_old_regex_tables_are_gone() -> None:
    assert not hasattr(findings, "PATTERNS")
    assert not hasattr(findings, "FIXED")
    assert not hasattr(to_fhir, "PATH")
    assert "import re\n" not in (SRC / "web" / "pages" / "findings.py").read_text(encoding="utf-8")


def test_the_checker_catches_what_it_looks_for(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import re\n"
        'A = re.compile(r"exam\\.strength\\.(?P<side>left|right)")\n'
        'B = re.findall(r"[a-z]+", reason.finding)\n'
        'C = reason["finding"].split("; ")\n'
        'PATH = re.compile(r"\\b(?:patient|history|symptoms|exam)\\.[a-z_]+")\n'
        "D = PATH.findall(r.finding)\n",
        encoding="utf-8",
    )
    assert len(list(problems(probe))) == 5


def test_every_golden_reason_has_evidence_that_renders_to_its_finding() -> None:
    for path in GOLDEN:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))["case"]
        for reason in assess(parse_case(case)).triage.reasons:
            assert reason.evidence, (path.name, reason.rule)
            assert render_finding(reason.evidence) == reason.finding, (path.name, reason.rule)
