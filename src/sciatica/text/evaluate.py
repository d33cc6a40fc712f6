"""`python -m sciatica.text.evaluate [SET.jsonl]`: precision, recall and F1 per finding and triage
agreement of the extractor on an annotated set, beside a plain negspaCy-style baseline (the same
target phrases, medspaCy's default ConText rules, negation only: no hypothetical, historical or
family handling, no spelling lexicon, no accent folding).

`python -m sciatica.text.evaluate --posts A.jsonl B.jsonl`: the extractor on real posts annotated
elsewhere (`../shared/real-posts/`, fields `ideal_level`, `min_level`, `max_level`, `key_findings`).
They are read at run time and never copied: nothing of their text is printed. Each file is split
deterministically (the sha256 of the post id; one third held out) into `tune`, the part the rules may
be developed on, and `held-out`, reported apart; for the held-out part only ids and levels are shown.
Reported per set: safe % (level >= min_level), in range % (min <= level <= max), over-triage, a
confusion table of levels (ideal by read) and precision/recall per annotated field (see `_gold`).

A finding is right when the extracted value equals the gold value; a wrong value counts as a false
positive and a false negative. Red-flag recall counts the gold red-flag findings that are not a
negative (the ones that can raise the level) and were extracted with the right value.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..engine import assess
from .extract import Extraction, extract_many
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
    over_triage: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
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
    for rec, x in zip(records, _extract_all(records, variant), strict=True):
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
        s.over_triage += LEVELS.index(level) > LEVELS.index(rec["gold_level"])
        s.confusion[(rec["gold_level"], level)] += 1
    s.seconds = time.perf_counter() - start
    return s


def _extract_all(records: list[dict[str, Any]], variant: str) -> list[Extraction]:
    """The extraction of every record, in order: the records sharing a date and a language go
    through `extract_many` together."""
    groups: dict[tuple[str, str], list[int]] = {}
    for n, rec in enumerate(records):
        groups.setdefault((rec["today"], rec["lang"]), []).append(n)
    out: dict[int, Extraction] = {}
    for (today, lang), where in groups.items():
        texts = [records[n]["text"] for n in where]
        batch = extract_many(texts, today=date.fromisoformat(today), lang=lang, variant=variant)
        out.update(zip(where, batch, strict=True))
    return [out[n] for n in range(len(records))]


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
    # the own set has one gold level: safe is at least it, in range is exactly it
    safe = full.texts - full.under_triage
    print(
        f"\nextractor: safe {_pct(safe, full.texts)}; in range {_pct(full.level_agree, full.texts)}; "
        f"under-triaged {full.under_triage}; over-triaged {full.over_triage}",
        file=out,
    )
    _confusion(full.confusion, out)


# ---------------------------------------------------------------------------------------------
# Real posts.

POSTS_TODAY = date(2026, 3, 12)  # the posts carry no date; a fixed one keeps the figures stable
SECTIONS = ("symptoms", "history", "patient", "exam")
# Annotations that say a finding is not there (or not now): reading a positive value is a false
# positive; reading nothing or a negative is right.
_ABSENT = re.compile(r"^(none|not |no |unknown|past|normal now)", re.I)
_UNSTATED_SIDE = re.compile(
    r"^(side not stated|one (leg|side)|sciatica \(side not|sciatic pain, side)", re.I
)
_WORD = re.compile(r"^([a-z_]+)\b")


@dataclass
class PostScore:
    name: str
    n: int = 0
    safe: int = 0
    in_range: int = 0
    over: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    fields: Score = field(default_factory=Score)
    rows: list[tuple[str, str, str, str, str]] = field(
        default_factory=list
    )  # id, min, ideal, max, read


def held_out(post_id: str) -> bool:
    """One post in three, by the sha256 of its id: stable whatever the file order."""
    return int(hashlib.sha256(post_id.encode("utf-8")).hexdigest(), 16) % 3 == 0


def _full_path(key: str) -> str | None:
    """`weakness` -> `symptoms.weakness` (seed004 writes the field without its section)."""
    if "." in key:
        return key
    from ..case import Case

    for section in SECTIONS:
        model: Any = Case.model_fields[section].annotation
        for candidate in getattr(model, "__args__", (model,)):
            if hasattr(candidate, "model_fields") and key in candidate.model_fields:
                return f"{section}.{key}"
    return None


def _gold(value: Any) -> tuple[str, Any]:
    """An annotation -> ("value", v) to match, ("absent", None) when nothing positive should be
    read, or ("skip", None) when the annotation is a doubt ("possible", "both?") or a free phrase."""
    if isinstance(value, (bool, int)):
        return "value", value
    text = str(value).strip()
    if "?" in text or text.lower().startswith(("possib", "probab", ">")):
        return "skip", None
    if _UNSTATED_SIDE.match(text):
        return "value", "unspecified"
    if _ABSENT.match(text):
        return "absent", None
    m = _WORD.match(text.lower())
    if m and m.group(1) in {
        "left",
        "right",
        "both",
        "unable",
        "limited",
        "needs_help",
        "normal",
        "sudden",
        "gradual",
        "worsening",
        "stable",
        "improving",
        "retention",
        "incontinence",
        "new_difficulty",
    }:
        return "value", m.group(1)
    return "skip", None


def _positive(value: Any) -> bool:
    return value is not None and value not in NEGATIVES


def score_posts(name: str, records: list[dict[str, Any]]) -> PostScore:
    s = PostScore(name)
    extractions = extract_many([rec["text"] for rec in records], today=POSTS_TODAY)
    for rec, x in zip(records, extractions, strict=True):
        got = x.findings()
        level = assess(x.case).triage.level
        lo, hi = LEVELS.index(rec["min_level"]), LEVELS.index(rec["max_level"])
        read = LEVELS.index(level)
        s.n += 1
        s.safe += read >= lo
        s.in_range += lo <= read <= hi
        s.over += read > hi
        s.confusion[(rec["ideal_level"], level)] += 1
        s.rows.append((rec["id"], rec["min_level"], rec["ideal_level"], rec["max_level"], level))
        for key, raw in rec.get("key_findings", {}).items():
            path = _full_path(key)
            if path is None:
                continue
            how, want = _gold(raw)
            have = got.get(path)
            if how == "value":
                if have == want:
                    s.fields.tp[path] += 1
                else:
                    s.fields.fn[path] += 1
                    s.fields.misses.append((rec["id"], path, want, have))
                    if _positive(have):
                        s.fields.fp[path] += 1
            elif how == "absent" and _positive(have):
                s.fields.fp[path] += 1
                s.fields.misses.append((rec["id"], path, "(nothing positive)", have))
    return s


def _pct(a: int, n: int) -> str:
    return f"{a}/{n} = {100 * a / n:.0f} %" if n else "0/0"


def _confusion(confusion: Counter[tuple[str, str]], out: Any) -> None:
    print("levels, ideal (rows) by read (columns):", file=out)
    short = [lv[:5] for lv in LEVELS]
    print(f"  {'':<10}" + "".join(f"{c:>7}" for c in short), file=out)
    for ideal in LEVELS:
        row = [confusion[(ideal, read)] for read in LEVELS]
        if any(row):
            print(f"  {ideal:<10}" + "".join(f"{v:>7}" for v in row), file=out)


def report_posts(s: PostScore, out: Any, *, show_fields: bool = True) -> None:
    print(f"== {s.name}: {s.n} posts", file=out)
    print(
        f"safe {_pct(s.safe, s.n)}; in range {_pct(s.in_range, s.n)}; "
        f"under-triaged {s.n - s.safe}; over-triaged {s.over}",
        file=out,
    )
    _confusion(s.confusion, out)
    if show_fields:
        keys = sorted(s.fields.tp.keys() | s.fields.fn.keys() | s.fields.fp.keys())
        if keys:
            w = max(len(k) for k in keys) + 2
            print(f"  {'field':<{w}} {'tp':>3} {'fp':>3} {'fn':>3}   P    R", file=out)
            for k in keys:
                p, r, _ = s.fields.prf(k)
                print(
                    f"  {k:<{w}} {s.fields.tp[k]:>3} {s.fields.fp[k]:>3} {s.fields.fn[k]:>3}"
                    f"   {p:.2f} {r:.2f}",
                    file=out,
                )
            p, r, f1 = s.fields.prf()
            print(f"  {'all (micro)':<{w}} P {p:.2f} R {r:.2f} F1 {f1:.2f}", file=out)
    print(file=out)


def _posts(paths: list[Path], misses: bool, out: Any, unseen: frozenset[Path] = frozenset()) -> int:
    """Score posts files: each split into tune and held-out, except the `unseen` ones (texts
    written for measuring only, by someone who did not read the rules), held out whole."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(
            "the real posts are not here: "
            + ", ".join(str(p) for p in missing)
            + " (they live in ../shared/real-posts/, outside the repository; run from the"
            " repository root of a checkout that has them beside it)",
            file=sys.stderr,
        )
        return 2
    for path in paths:
        try:
            records = load(path)
        except (OSError, ValueError) as e:
            print(f"cannot read {path}: {e}", file=sys.stderr)
            return 2
        tune = [] if path in unseen else [r for r in records if not held_out(r["id"])]
        held = records if path in unseen else [r for r in records if held_out(r["id"])]
        t = score_posts(f"{path.name} tune", tune)
        h = score_posts(f"{path.name} held-out", held)
        if tune:
            report_posts(t, out)
        if misses and tune:
            for pid, lo, ideal, hi, read in t.rows:
                if read != ideal:
                    print(f"  {pid}: read {read}, ideal {ideal} (range {lo}..{hi})", file=out)
            for pid, key, want, have in t.fields.misses:
                print(f"  {pid} {key}: gold {want!r}, got {have!r}", file=out)
            print(file=out)
        report_posts(h, out)
        for pid, lo, _ideal, hi, read in h.rows:
            flag = (
                "UNDER"
                if LEVELS.index(read) < LEVELS.index(lo)
                else ("over" if LEVELS.index(read) > LEVELS.index(hi) else "")
            )
            print(f"  {pid}: read {read:<9} range {lo}..{hi} {flag}", file=out)
        print(file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m sciatica.text.evaluate", description=__doc__)
    p.add_argument("set", nargs="?", type=Path, default=DEFAULT_SET, help="annotated JSONL")
    p.add_argument(
        "--posts", nargs="+", type=Path, metavar="POSTS.jsonl", help="real posts (tune / held-out)"
    )
    p.add_argument(
        "--unseen",
        nargs="+",
        type=Path,
        default=[],
        metavar="POSTS.jsonl",
        help="posts written only to measure (e.g. tests/text/fresh_posts_unseen.jsonl): reported whole",
    )
    p.add_argument("--misses", action="store_true", help="list the extractor's misses")
    args = p.parse_args(argv)
    if args.posts or args.unseen:
        paths = [*(args.posts or []), *args.unseen]
        return _posts(paths, args.misses, sys.stdout, frozenset(args.unseen))
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
