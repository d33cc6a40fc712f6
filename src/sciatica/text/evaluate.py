"""`python -m sciatica.text.evaluate [SET.jsonl]`: precision, recall and F1 per finding and triage
agreement of the extractor on an annotated set, beside a plain negspaCy-style baseline (the same
target phrases, medspaCy's default ConText rules, negation only: no hypothetical, historical or
family handling, no spelling lexicon, no accent folding).

A finding is right when the extracted value equals the gold value; a wrong value counts as a false
positive and a false negative. Red-flag recall counts the gold red-flag findings that are not a
negative (the ones that can raise the level) and were extracted with the right value.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..engine import assess
from .extract import extract
from .rules import red_flag_fields

DEFAULT_SET = Path("tests/text/eval/set.jsonl")
NEGATIVES = (False, "none", "normal", 0)


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    level_agree: int = 0
    under_triage: int = 0
    texts: int = 0
    red_flags: int = 0
    red_flags_found: int = 0
    misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def prf(self, key: str | None = None) -> tuple[float, float, float]:
        tp = self.tp[key] if key else sum(self.tp.values())
        fp = self.fp[key] if key else sum(self.fp.values())
        fn = self.fn[key] if key else sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def red_flag_recall(self) -> float:
        return self.red_flags_found / self.red_flags if self.red_flags else 1.0


LEVELS = ("self_care", "routine", "soon", "urgent", "emergency")


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(records: list[dict[str, Any]], variant: str) -> Score:
    s = Score()
    flags = red_flag_fields()
    start = time.perf_counter()
    for rec in records:
        x = extract(
            rec["text"], today=date.fromisoformat(rec["today"]), lang=rec["lang"], variant=variant
        )
        got = x.findings()
        gold: dict[str, Any] = rec["gold"]
        for key in gold.keys() | got.keys():
            if key in gold and key in got and gold[key] == got[key]:
                s.tp[key] += 1
                continue
            if key in got:
                s.fp[key] += 1
            if key in gold:
                s.fn[key] += 1
                s.misses.append((rec["id"], key, gold[key], got.get(key)))
        for key, value in gold.items():
            if key in flags and value not in NEGATIVES:
                s.red_flags += 1
                s.red_flags_found += got.get(key) == value
        level = assess(x.case).triage.level
        s.texts += 1
        s.level_agree += level == rec["gold_level"]
        s.under_triage += LEVELS.index(level) < LEVELS.index(rec["gold_level"])
    s.seconds = time.perf_counter() - start
    return s


def report(records: list[dict[str, Any]], full: Score, base: Score, out: Any) -> None:
    keys = sorted(
        full.tp.keys() | full.fn.keys() | full.fp.keys() | base.tp.keys() | base.fn.keys()
    )
    w = max(len(k) for k in keys) + 2
    print(f"{len(records)} texts ({sum(r['lang'] == 'fr' for r in records)} French)\n", file=out)
    print(
        f"{'finding':<{w}} {'n':>4}   {'extractor P/R/F1':>18}   {'baseline P/R/F1':>18}", file=out
    )
    for k in keys:
        n = full.tp[k] + full.fn[k]
        a, b = full.prf(k), base.prf(k)
        print(
            f"{k:<{w}} {n:>4}   {a[0]:.2f} {a[1]:.2f} {a[2]:.2f}       {b[0]:.2f} {b[1]:.2f} {b[2]:.2f}",
            file=out,
        )
    a, b = full.prf(), base.prf()
    print(
        f"{'all (micro)':<{w}} {sum(full.tp.values()) + sum(full.fn.values()):>4}   "
        f"{a[0]:.2f} {a[1]:.2f} {a[2]:.2f}       {b[0]:.2f} {b[1]:.2f} {b[2]:.2f}\n",
        file=out,
    )
    for name, s in (("extractor", full), ("baseline", base)):
        print(
            f"{name:<10} triage agreement {s.level_agree}/{s.texts} = {s.level_agree / s.texts:.3f}"
            f"; under-triaged {s.under_triage}; red-flag recall {s.red_flags_found}/{s.red_flags} = "
            f"{s.red_flag_recall:.3f}; {s.texts / s.seconds:.0f} texts/s",
            file=out,
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m sciatica.text.evaluate", description=__doc__)
    p.add_argument("set", nargs="?", type=Path, default=DEFAULT_SET, help="annotated JSONL")
    p.add_argument("--misses", action="store_true", help="list the extractor's misses")
    args = p.parse_args(argv)
    if not args.set.exists():
        print(f"no evaluation set at {args.set}", file=sys.stderr)
        return 2
    records = load(args.set)
    full, base = score(records, "full"), score(records, "baseline")
    report(records, full, base, sys.stdout)
    if args.misses:
        for rec_id, key, want, got in full.misses:
            print(f"  {rec_id} {key}: gold {want!r}, got {got!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
