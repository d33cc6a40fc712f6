"""`sciatica assess CASE.json`: a coloured summary, or the assessment JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..case import Case
from ..engine import assess
from ..errors import InvalidCase
from ..extras import require
from ..validation import parse_case, parse_json
from .style import Painter, wants_colour


def read_input(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def read_case(raw: bytes) -> Case:
    """A case from `sciatica-case/1` JSON, or from a FHIR QuestionnaireResponse to the self-check
    (told apart by its resourceType; the FHIR reader is imported only then)."""
    data = parse_json(raw)
    if isinstance(data, dict) and data.get("resourceType") == "QuestionnaireResponse":
        require("fhir", "reading a FHIR QuestionnaireResponse")
        from ..fhir import case_from_response

        return case_from_response(data)
    return parse_case(data)


def report_invalid(error: InvalidCase) -> int:
    print("sciatica: the case was refused; nothing was assessed:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def run_assess(args: argparse.Namespace) -> int:
    """The assessment; `ExtraMissing` (said in one line by `main`) when --text, --text-file or
    --fhir is asked without its extra, before anything is read."""
    from_text: Case | None = None
    if getattr(args, "fhir", False):
        require("fhir", "--fhir")
    if getattr(args, "text", None) is not None or getattr(args, "text_file", None) is not None:
        require("text", "free text (--text, --text-file)")
        from ..text.cli import case_from_args  # free text (issue 6)

        extracted = case_from_args(args)
        if isinstance(extracted, int):
            return extracted
        from_text = extracted
    elif args.case is None:
        print("sciatica: give a case file, - for standard input, or --text", file=sys.stderr)
        return 2
    try:
        raw = b"" if from_text is not None else read_input(args.case)
    except OSError as error:
        print(f"sciatica: cannot read {args.case}: {error.strerror or error}", file=sys.stderr)
        return 2
    try:
        case = from_text if from_text is not None else read_case(raw)
        assessment = assess(case)
    except InvalidCase as error:
        return report_invalid(error)
    if getattr(args, "fhir", False):
        from datetime import UTC, datetime

        from ..fhir import assessment_bundle

        bundle = assessment_bundle(case, assessment, when=datetime.now(UTC))
        sys.stdout.write(bundle.model_dump_json(indent=2) + "\n")
        return 0
    if args.json:
        json.dump(assessment.to_json_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from .render import render_summary

    print(render_summary(assessment, Painter(wants_colour(sys.stdout, args.colour))))
    return 0
