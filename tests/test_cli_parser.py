"""The command line builds only the arguments of the command it runs (issue 16: start-up time), and
what it prints is what the full parser prints: every help text, the usage errors, the width."""

from __future__ import annotations

import argparse
import shutil

import pytest

from sciatica.cli import main as cli


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _full() -> argparse.ArgumentParser:
    """Every command with its arguments: what an unknown command gets, as before the change."""
    return cli._parser(["no-such-command"])


NAMES = [name for name, _, _ in cli.COMMANDS] + ["screen"]


def test_help_lists_every_command_as_the_full_parser_does() -> None:
    # names only, and `screen`'s line without importing its module: the same text
    assert cli._parser(["--help"]).format_help() == _full().format_help()
    assert cli._parser(["-h"]).format_help() == _full().format_help()
    assert sorted(_commands(_full())) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_command_gets_its_own_arguments_and_help(name: str) -> None:
    only = _commands(cli._parser([name]))
    assert list(only) == [name]
    assert only[name].format_help() == _commands(_full())[name].format_help()
    assert only[name].format_usage() == _commands(_full())[name].format_usage()


def test_sciatica_help_prints_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the help lines
    for name, help_line, _ in cli.COMMANDS:
        assert f"{name} {help_line}" in out
    assert f"screen {cli.SCREEN_HELP}" in out


@pytest.mark.parametrize("columns", ["40", "200", "0", "not-a-number", None])
def test_the_help_width_is_argparse_own(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._terminal_columns() == shutil.get_terminal_size().columns
