"""No clinical number is written in engine code: each comes from knowledge/thresholds.yaml (issue 11).

Parses the engine modules with `ast` and refuses every numeric literal except 0 and 1 (indexes,
counts, "none"/"one") and the short allow-list below of non-clinical numbers, each said why.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sciatica

ENGINE = ("engine", "facts", "triage", "presentation", "roots", "mimics", "predicates", "context")
SRC = Path(sciatica.__file__).parent

# (module, value, a piece of the line's source): numbers that are not clinical thresholds.
ALLOWED = {
    ("facts", 2, "REFLEX_RANK"),  # the order normal/brisk < reduced < absent, not a limit
    ("facts", 2, "len(legs) == 2"),  # two legs make "both"
    ("roots", 2, "round(points[r] / total, 2)"),  # the contract's score has two decimals
    ("roots", 2, "ORDER[max(0, i - 1) : i + 2]"),  # a root and its neighbours (slice end)
    ("roots", 2, "ORDER[i : i + 2]"),  # pairs of adjacent roots
    ("mimics", 2, "LIKELIHOOD_RANK"),  # sort order of the likelihoods
    ("mimics", 10, "else (20 if"),  # sort groups: emergency mimics, the others, then stenosis
    ("mimics", 20, "else (20 if"),
    ("mimics", 10, "mimic.group == 10"),
    ("engine", 8192, "MEMO_SIZE = 8192"),  # the bound of the reasons' memo, a size in entries
}


def literals() -> list[tuple[str, int, object, str]]:
    found = []
    for module in ENGINE:
        text = (SRC / f"{module}.py").read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, int | float)
                and not isinstance(node.value, bool)
            ):
                found.append((module, node.lineno, node.value, lines[node.lineno - 1]))
    return found


def clinical(module: str, value: object, line: str) -> bool:
    if value in (0, 1):
        return False
    return not any(m == module and v == value and piece in line for m, v, piece in ALLOWED)


def test_no_clinical_numeric_literal_in_engine_code() -> None:
    offending = [
        f"{m}.py:{n}: {v} in {line.strip()!r}"
        for m, n, v, line in literals()
        if clinical(m, v, line)
    ]
    assert offending == [], "use sciatica.thresholds.T:\n" + "\n".join(offending)


def test_the_check_sees_a_literal() -> None:
    # The scan is not vacuous: a threshold written as a literal would be caught.
    assert clinical("triage", 42, "if days < 42:")
    assert any(v == 2 for m, _, v, _ in literals() if m == "roots")
