"""Each optional extra on its own (issue 11): `sciatica.extras` finds them, and every command that
needs a missing one says which to install in one line and exits 2, never with a traceback.

A missing extra is simulated in process with `sys.modules[name] = None` (an import of `name` then
fails as if it were not installed); tests/test_extras_venv.py installs each extra for real.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from sciatica.cli.main import main
from sciatica.errors import ExtraMissing, SciaticaError
from sciatica.extras import EXTRAS, available, extra_of, install_hint, missing, require

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "sciatica" / "examples"
# The modules that, made unimportable, take each extra away (a dotted name needs its parent too:
# a module already imported by another test would otherwise still be found).
KEY = {
    "web": ("fastapi",),
    "records": ("sqlalchemy",),
    "fhir": ("fhir", "fhir.resources"),
    "text": ("medspacy",),
    "pdf": ("weasyprint",),
}


def without(monkeypatch: pytest.MonkeyPatch, *extras: str) -> None:
    for extra in extras:
        for module in KEY[extra]:
            monkeypatch.setitem(sys.modules, module, None)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# --- sciatica.extras -----------------------------------------------------------------------------


def test_the_extras_are_those_of_pyproject_and_their_modules_come_from_them() -> None:
    """Every extra of pyproject.toml but dev is known, and each key module is brought by a
    distribution that the extra lists (so detection follows what `pip install` installs)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
    assert set(EXTRAS) == set(declared) - {"dev"}
    distributions = packages_distributions()
    for name, extra in EXTRAS.items():
        listed = {_normal(re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0]) for r in declared[name]}
        for module in extra.modules:
            brought_by = {_normal(d) for d in distributions.get(module.split(".")[0], [])}
            assert brought_by & listed, f"{module} is not brought by the {name} extra {listed}"


def test_every_extra_is_found_in_the_dev_environment() -> None:
    assert all(available(name) for name in EXTRAS), {name: missing(name) for name in EXTRAS}


@pytest.mark.parametrize("extra", sorted(KEY))
def test_a_missing_module_makes_its_extra_missing(
    monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    without(monkeypatch, extra)
    assert not available(extra)
    assert missing(extra) == KEY[extra][-1] or missing(extra) == KEY[extra][0]
    assert all(available(other) for other in EXTRAS if other != extra)
    with pytest.raises(ExtraMissing) as raised:
        require(extra, "this")
    error = raised.value
    assert isinstance(error, SciaticaError) and error.extra == extra
    assert str(error).endswith(f"pip install 'sciatica[{extra}]'")
    assert "\n" not in str(error)


def test_install_hint_and_extra_of() -> None:
    assert install_hint("text") == "pip install 'sciatica[text]'"
    with pytest.raises(KeyError):
        install_hint("nope")
    assert extra_of(ModuleNotFoundError(name="medspacy")) == "text"
    assert extra_of(ModuleNotFoundError(name="fhir.resources.R4B")) == "fhir"
    assert extra_of(ModuleNotFoundError(name="sqlalchemy.orm")) == "records"
    assert extra_of(ModuleNotFoundError(name="numpy_typo")) is None


# --- the command line ------------------------------------------------------------------------------


def _one_line_hint(capsys: pytest.CaptureFixture[str], extra: str) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("sciatica: ")
    assert lines[0].endswith(f"pip install 'sciatica[{extra}]'"), lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (["assess", "--text", "my left foot drags"], "text"),
        (["assess", "--text-file", "notes.txt"], "text"),
        (["screen", "notes.csv", "-o", "out.csv"], "text"),
        (["assess", str(EXAMPLES / "peroneal-palsy.json"), "--fhir"], "fhir"),
        (["admin", "create-clinic", "Clinic"], "records"),
        (["serve", "--port", "1"], "web"),
    ],
)
def test_a_command_needing_a_missing_extra_names_it_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    extra: str,
) -> None:
    without(monkeypatch, extra)
    assert main(argv) == 2
    line = _one_line_hint(capsys, extra)
    assert f"optional extra {extra!r}" in line


def test_assess_text_without_the_text_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    without(monkeypatch, "text", "web", "records", "fhir")  # the core install alone
    assert main(["assess", "--text", "my left foot drags"]) == 2
    assert _one_line_hint(capsys, "text") == (
        "sciatica: free text (--text, --text-file) needs the optional extra 'text' (medspacy is "
        "not installed): pip install 'sciatica[text]'"
    )


def test_a_questionnaire_response_without_the_fhir_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    response = tmp_path / "response.json"
    response.write_text(json.dumps({"resourceType": "QuestionnaireResponse"}), "utf-8")
    without(monkeypatch, "fhir")
    assert main(["assess", str(response)]) == 2
    _one_line_hint(capsys, "fhir")


def test_the_core_commands_need_no_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    without(monkeypatch, "web", "records", "fhir", "text")
    assert main(["assess", str(EXAMPLES / "peroneal-palsy.json"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["triage"]["level"]
    assert main(["rules"]) == 0
    assert main(["example"]) == 0


def test_an_unguarded_import_of_an_extra_still_ends_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last resort in `main`: a ModuleNotFoundError for a module of an extra that no
    `require` guarded is said like the others; any other one is a bug and is raised."""
    import sciatica.cli.main as cli

    def broken(args: argparse.Namespace) -> int:
        raise ModuleNotFoundError("No module named 'sqlalchemy'", name="sqlalchemy")

    monkeypatch.setattr(cli, "_run", broken)
    assert main(["rules"]) == 2
    _one_line_hint(capsys, "records")

    def bug(args: argparse.Namespace) -> int:
        raise ModuleNotFoundError("No module named 'sciatica.nothing'", name="sciatica.nothing")

    monkeypatch.setattr(cli, "_run", bug)
    with pytest.raises(ModuleNotFoundError):
        main(["rules"])
