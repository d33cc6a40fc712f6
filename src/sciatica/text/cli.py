"""`sciatica assess --text "..."` / `--text-file F`: the case from free text, with its evidence
printed to standard error (standard output keeps the usual summary or JSON)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..case import Case

# the evidence's own words, in the text's language: a French note is read back in French
WORDS = {
    "en": {"head": "From the text:", "none": "nothing recognised", "not_counted": "not counted"},
    "fr": {"head": "Lu dans le texte :", "none": "rien de reconnu", "not_counted": "non compté"},
}
# why a reading was not counted (`Span.reason`), in French; English shows the reason itself
REASONS_FR = {
    "hypothetical": "hypothèse",
    "historical": "passé",
    "family": "un proche",
    "generic": "général",
    "transient": "passager",
    "long_standing": "ancien",
    "no_side": "côté non précisé",
    "negated": "nié",
}


def case_from_args(args: argparse.Namespace) -> Case | int:
    """The extracted case, or an exit code after a message on standard error."""
    if args.text_file is not None:
        try:
            text = (
                sys.stdin.read()
                if args.text_file == "-"
                else Path(args.text_file).read_text("utf-8")
            )
        except (OSError, UnicodeDecodeError) as error:
            print(f"sciatica: cannot read {args.text_file}: {error}", file=sys.stderr)
            return 2
    else:
        text = args.text
    today = None
    if getattr(args, "today", None):
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            print(f"sciatica: --today must be YYYY-MM-DD, got {args.today!r}", file=sys.stderr)
            return 2
    if not text.strip():
        print("sciatica: the text is empty; nothing was assessed", file=sys.stderr)
        return 2
    from ..extras import require

    require("text", "free text (--text, --text-file)")  # ExtraMissing: one line from `main`
    from ..clinical_findings import answer_words
    from ..clinical_words import field_label
    from .extract import extract

    extraction = extract(text, today=today)
    lang = extraction.lang
    words = WORDS.get(lang, WORDS["en"])
    print(words["head"], file=sys.stderr)
    for span in extraction.spans:  # in the clinician's words, never a field path
        read = (
            f"{field_label(span.field, lang)}: {answer_words(span.value, lang)}"
            if span.field
            else ""
        )
        print(f"  {read:<36} «{span.text}»", file=sys.stderr)
    for span in extraction.ignored:
        told = span.reason or ""
        reason = REASONS_FR.get(told, told) if lang == "fr" else told
        print(
            f"  ({words['not_counted']}, {reason.replace('_', ' ')}) «{span.text}»", file=sys.stderr
        )
    if not extraction.spans:
        print(f"  {words['none']}", file=sys.stderr)
    return extraction.case
