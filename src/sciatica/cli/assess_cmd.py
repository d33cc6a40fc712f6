"""`sciatica assess CASE.json`: a coloured summary, or the assessment JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..engine import assess
from ..errors import InvalidCase
from ..validation import parse_case_json
from .style import Painter, wants_colour


def read_input(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def report_invalid(error: InvalidCase) -> int:
    print("sciatica: the case was refused; nothing was assessed:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def run_assess(args: argparse.Namespace) -> int:
    try:
        raw = read_input(args.case)
    except OSError as error:
        print(f"sciatica: cannot read {args.case}: {error.strerror or error}", file=sys.stderr)
        return 2
    try:
        assessment = assess(parse_case_json(raw))
    except InvalidCase as error:
        return report_invalid(error)
    if args.json:
        json.dump(assessment.to_json_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from .render import render_summary

    print(render_summary(assessment, Painter(wants_colour(sys.stdout, args.colour))))
    return 0
