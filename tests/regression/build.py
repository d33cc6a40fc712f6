"""Build the engine regression corpus: cases and the exact JSON `assess` gives for each.

    PYTHONPATH=src python -m tests.regression.build

Run it only to record a deliberate change of the engine's output (then review the diff of the
golden tests first): tests/test_regression_corpus.py asserts that every case still gives the JSON
recorded here, byte for byte, so that speed work cannot change an output unnoticed.

The cases: the golden cases, the packaged examples, the benchmark's generated mix and at least
1,000 cases drawn from the project's Hypothesis strategies (tests/strategies.py), derandomized
(a fixed seed) and without the example database, so a rebuild draws the same cases on the same
Hypothesis version. The drawn cases themselves are stored, so the test never depends on Hypothesis
generating them again.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings

from tests.strategies import cases

HERE = Path(__file__).parent
CORPUS = HERE / "corpus.jsonl.gz"
ROOT = HERE.parents[1]
DRAWN = 1200  # Hypothesis draws some cases twice; duplicates are dropped


def dumps(value: Any) -> str:
    """The one serialisation the corpus compares: the adapters' (`ensure_ascii=False`), key order
    as produced (a reordered key is a change too)."""
    return json.dumps(value, ensure_ascii=False)


def _drawn(n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(cases())
    def draw(case: dict[str, Any]) -> None:
        out.append(case)

    draw()
    return out


def _fixed() -> list[tuple[str, dict[str, Any]]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import _generated  # the benchmark's reproducible mix

    found = [
        (f"golden/{p.name}", yaml.safe_load(p.read_text(encoding="utf-8"))["case"])
        for p in sorted((ROOT / "tests" / "golden" / "cases").glob("*.yaml"))
    ]
    found += [
        (f"example/{p.name}", json.loads(p.read_text(encoding="utf-8")))
        for p in sorted((ROOT / "src" / "sciatica" / "examples").glob("*.json"))
    ]
    found += [(f"bench/{i}", c) for i, c in enumerate(_generated(400))]
    return found


def build() -> list[dict[str, Any]]:
    from sciatica import assess

    named = _fixed()
    seen = {dumps(c) for _, c in named}
    for case in _drawn(DRAWN):
        text = dumps(case)
        if text not in seen:
            seen.add(text)
            named.append((f"drawn/{len(named)}", case))
    return [
        {"name": name, "case": case, "json": dumps(assess(case).to_json_dict())}
        for name, case in named
    ]


def main() -> None:
    entries = build()
    drawn = sum(e["name"].startswith("drawn/") for e in entries)
    assert drawn >= 1000, f"only {drawn} distinct drawn cases"
    text = "".join(dumps(e) + "\n" for e in entries).encode("utf-8")
    with gzip.GzipFile(CORPUS, "wb", compresslevel=9, mtime=0) as out:  # mtime: same bytes twice
        out.write(text)
    print(f"{CORPUS.relative_to(ROOT)}: {len(entries)} cases ({drawn} drawn)")


if __name__ == "__main__":
    main()
