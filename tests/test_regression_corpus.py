"""The engine's output is byte-identical to the recorded corpus (tests/regression/build.py).

Over 1,700 cases (golden, examples, the benchmark mix and >= 1,000 Hypothesis-drawn cases), each
`assess(case).to_json_dict()` serialised as the adapters do must equal the recorded JSON exactly:
speed work on the engine must not change one byte of any output. A deliberate output change
rebuilds the corpus (`PYTHONPATH=src python -m tests.regression.build`) and shows in its diff.
"""

from __future__ import annotations

import difflib
import gzip
import json
from typing import Any

from sciatica import assess
from tests.regression.build import CORPUS, dumps


def _corpus() -> list[dict[str, Any]]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def test_the_corpus_is_large_enough() -> None:
    entries = _corpus()
    assert sum(e["name"].startswith("drawn/") for e in entries) >= 1000
    assert any(e["name"].startswith("golden/") for e in entries)
    assert any(e["name"].startswith("example/") for e in entries)


def test_every_case_gives_the_recorded_json_byte_for_byte() -> None:
    changed = []
    for entry in _corpus():
        got = dumps(assess(entry["case"]).to_json_dict())
        if got != entry["json"]:
            changed.append((entry["name"], entry["json"], got))
    if changed:
        name, want, got = changed[0]
        diff = "\n".join(
            difflib.unified_diff(
                json.dumps(json.loads(want), indent=1, ensure_ascii=False).splitlines(),
                json.dumps(json.loads(got), indent=1, ensure_ascii=False).splitlines(),
                lineterm="",
            )
        )
        raise AssertionError(f"{len(changed)} case(s) changed output; first {name}:\n{diff}")


def test_assess_of_a_case_model_gives_the_same_json() -> None:
    """`assess` takes a mapping or a validated `Case`; both give the same output."""
    from sciatica import parse_case

    for entry in _corpus()[::50]:
        got = dumps(assess(parse_case(entry["case"])).to_json_dict())
        assert got == entry["json"], entry["name"]
