"""`sciatica` command line. Imports only what each command needs, so `sciatica assess` stays fast."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: start-up time
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_MISSING_EXTRA = 2  # as for a refused input: nothing was done


def _assess(a: argparse.ArgumentParser) -> None:
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


def _check(c: argparse.ArgumentParser) -> None:
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


def _rules(r: argparse.ArgumentParser) -> None:
    r.add_argument("--markdown", action="store_true", help="a clinician-readable Markdown table")
    r.add_argument("--lang", choices=["en", "fr"], default="en")


def _explain(e: argparse.ArgumentParser) -> None:
    e.add_argument("rule_id")
    e.add_argument("--lang", choices=["en", "fr"], default="en")


def _serve(s: argparse.ArgumentParser) -> None:
    s.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="port (default 8000)")
    s.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    s.add_argument("--quiet", action="store_true", help="no access log")


def _example(x: argparse.ArgumentParser) -> None:
    x.add_argument("name", nargs="?")


def _admin(admin: argparse.ArgumentParser) -> None:
    from .admin_cmd import add_arguments

    add_arguments(admin)


# The commands in the order `sciatica --help` lists them: name, help line, what adds its arguments.
# `screen` is added last by its own module.
COMMANDS: tuple[tuple[str, str, Callable[[argparse.ArgumentParser], None]], ...] = (
    ("assess", "assess a sciatica-case/1 JSON file ('-' for standard input)", _assess),
    ("check", "interactive self-check for a person with leg pain or weakness", _check),
    ("rules", "list the triage rules with level, sources and label", _rules),
    ("explain", "show one rule with its evidence", _explain),
    ("serve", "run the web application (self-check, clinician page, API)", _serve),
    ("example", "print a packaged example case (no name: list them)", _example),
    ("admin", "records administration (clinics, users, backup)", _admin),
)


SCREEN_HELP = "screen many free-text notes (CSV, JSONL or Parquet) in one run"


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized as it sizes itself but without importing shutil (and with it
    bz2, lzma and fnmatch) for `shutil.get_terminal_size`: a few ms of `sciatica --help`."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)


def _terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS, else the terminal's width, else 80."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__  # None when the process has no standard output
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`. Building every command's arguments is several milliseconds of each
    run's start-up, so when `argv` starts with a command only that command gets its arguments,
    and `sciatica --help` (which shows only the names and help lines) gets none. Any other `argv`
    (no command, an unknown one, an option first) gets them all, so its errors read as always."""
    p = argparse.ArgumentParser(
        prog="sciatica",
        formatter_class=_HelpFormatter,
        description="Decision support for sciatica with leg weakness. It supports, and does not "
        "replace, a clinician; it is not a certified medical device.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    args = sys.argv[1:] if argv is None else argv
    first = args[0] if args else ""
    only_help = first == "-h" or (len(first) > 2 and "--help".startswith(first))
    names = [name for name, _, _ in COMMANDS] + ["screen"]
    chosen = first if first in names else None
    for name, help_line, add_arguments in COMMANDS:
        if chosen in (None, name):
            command = sub.add_parser(name, help=help_line, formatter_class=_HelpFormatter)
            if not only_help:
                add_arguments(command)
    if chosen in (None, "screen") and only_help:
        # screen_cmd's help line without importing it (and pathlib); a test keeps the two equal
        sub.add_parser("screen", help=SCREEN_HELP, formatter_class=_HelpFormatter)
    elif chosen in (None, "screen"):
        from .screen_cmd import add_parser as add_screen

        add_screen(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser(argv).parse_args(argv)
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
