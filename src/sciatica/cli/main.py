"""`sciatica` command line. Imports only what each command needs, so `sciatica assess` stays fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_MISSING_EXTRA = 2  # as for a refused input: nothing was done


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sciatica",
        description="Decision support for sciatica with leg weakness. It supports, and does not "
        "replace, a clinician; it is not a certified medical device.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    a = sub.add_parser("assess", help="assess a sciatica-case/1 JSON file ('-' for standard input)")
    a.add_argument(
        "case",
        nargs="?",
        help="path to the case JSON (or a FHIR QuestionnaireResponse to the self-check), "
        "or - to read standard input",
    )
    text_in = a.add_mutually_exclusive_group()
    text_in.add_argument("--text", help="free text (English or French) to extract the case from")
    text_in.add_argument("--text-file", metavar="FILE", help="read the free text from FILE")
    a.add_argument(
        "--today", metavar="YYYY-MM-DD", help="date the text was written (default today)"
    )
    output = a.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the sciatica-assessment/1 JSON")
    output.add_argument(
        "--fhir", action="store_true", help="print the case and assessment as a FHIR Bundle"
    )
    colour = a.add_mutually_exclusive_group()
    colour.add_argument("--color", dest="colour", action="store_true", default=None)
    colour.add_argument("--no-color", dest="colour", action="store_false")

    c = sub.add_parser(
        "check", help="interactive self-check for a person with leg pain or weakness"
    )
    c.add_argument("--lang", choices=["en", "fr"], default=None, help="language (default: en)")
    c.add_argument(
        "--country", default=None, help="ISO country code for emergency numbers, e.g. FR"
    )
    c.add_argument("--answers", metavar="FILE", help="answers from a JSON/YAML file {path: value}")
    c.add_argument(
        "--answer",
        metavar="PATH=VALUE",
        action="append",
        default=[],
        help="one answer, e.g. symptoms.bladder=retention (repeatable)",
    )
    c.add_argument("--json", action="store_true", help="print the assessment JSON at the end")
    c.add_argument("--case-out", metavar="FILE", help="also write the collected case JSON here")
    colour = c.add_mutually_exclusive_group()
    colour.add_argument("--color", dest="colour", action="store_true", default=None)
    colour.add_argument("--no-color", dest="colour", action="store_false")

    r = sub.add_parser("rules", help="list the triage rules with level, sources and label")
    r.add_argument("--markdown", action="store_true", help="a clinician-readable Markdown table")
    r.add_argument("--lang", choices=["en", "fr"], default="en")

    e = sub.add_parser("explain", help="show one rule with its evidence")
    e.add_argument("rule_id")
    e.add_argument("--lang", choices=["en", "fr"], default="en")

    s = sub.add_parser("serve", help="run the web application (self-check, clinician page, API)")
    s.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="port (default 8000)")
    s.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    s.add_argument("--quiet", action="store_true", help="no access log")

    x = sub.add_parser("example", help="print a packaged example case (no name: list them)")
    x.add_argument("name", nargs="?")

    from .admin_cmd import add_parser as add_admin

    add_admin(sub)

    from .screen_cmd import add_parser as add_screen

    add_screen(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from ..errors import ExtraMissing
    from ..extras import extra_of, install_hint

    try:
        return _run(args)
    except ExtraMissing as error:  # a command needing an optional extra that is not installed
        print(f"sciatica: {error}", file=sys.stderr)
        return EXIT_MISSING_EXTRA
    except ModuleNotFoundError as error:  # a last resort: an import that no `require` guarded
        extra = extra_of(error)
        if extra is None:
            raise
        print(
            f"sciatica: this needs the optional extra {extra!r} ({error.name} is not "
            f"installed): {install_hint(extra)}",
            file=sys.stderr,
        )
        return EXIT_MISSING_EXTRA
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    """The command: each imports only what it needs, and asks `sciatica.extras` for an extra."""
    if args.command == "assess":
        from .assess_cmd import run_assess

        return run_assess(args)
    if args.command == "check":
        from .check import run_check

        return run_check(args)
    if args.command in ("rules", "explain"):
        from .rules_cmd import run_explain, run_rules

        return run_rules(args) if args.command == "rules" else run_explain(args)
    if args.command == "serve":
        from .serve_cmd import run_serve

        return run_serve(args)
    if args.command == "screen":
        from .screen_cmd import run_screen

        return run_screen(args)
    if args.command == "admin":
        from .admin_cmd import run_admin

        return run_admin(args)
    from .example_cmd import run_example

    return run_example(args)


if __name__ == "__main__":
    raise SystemExit(main())
