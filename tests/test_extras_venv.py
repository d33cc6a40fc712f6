"""Each extra installed for real, alone, in a fresh virtualenv (issue 11; marker `venv`).

The checkout is built once into a wheel (from a copy of the files a build reads, so the checkout
is left as it was), then installed with one set of extras per virtualenv: `sciatica[web]`,
`sciatica[web,records]`, `sciatica[web,fhir]`, `sciatica[text]` and the core alone. Each venv is
made once per session and shared by its tests. pip resolves the dependencies from the indexes
configured for it (pip.conf); when it cannot, the test FAILS with pip's output: it never skips.

Nothing of the test's own environment leaks in: PYTHONPATH and VIRTUAL_ENV are dropped, so the
commands run the installed package, not src/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import free_port, running

pytestmark = pytest.mark.venv

ROOT = Path(__file__).resolve().parents[1]
BUILD_FILES = ("pyproject.toml", "README.md", "LICENSE", "src")
EXAMPLE = ROOT / "src" / "sciatica" / "examples" / "peroneal-palsy.json"
INSTALL_TIMEOUT_S = 600
TIMINGS: dict[str, float] = {}  # shown at the end of the run (tests/conftest.py)


def _env(venv: Path | None = None, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
    env.update(extra)
    return env


def _run(args: list[str], what: str, *, timed: bool = True) -> None:
    started = time.monotonic()
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, env=_env(), check=False
    )
    if timed:
        TIMINGS[what] = time.monotonic() - started
    if done.returncode != 0:
        pytest.fail(
            f"{what} failed ({done.returncode}): {' '.join(args)}\n{done.stdout}\n{done.stderr}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout built into a wheel once (pip's isolated build, as `pip install .` does)."""
    tree = tmp_path_factory.mktemp("checkout")
    for name in BUILD_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    out = tmp_path_factory.mktemp("wheel")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(tree)],
        "build the wheel",
    )
    (built,) = out.glob("sciatica-*.whl")
    return built


@dataclass(frozen=True)
class Venv:
    path: Path
    extras: str

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def sciatica(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.path / "bin" / "sciatica"), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=_env(self.path),
            check=False,
        )

    def has(self, module: str) -> bool:
        code = f"import importlib.util as u, sys; sys.exit(u.find_spec({module!r}) is None)"
        done = subprocess.run(
            [str(self.python), "-c", code], env=_env(self.path), timeout=60, check=False
        )
        return done.returncode == 0


@pytest.fixture(scope="session")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Callable[[str], Venv]:
    """venv("web,records"): a fresh virtualenv with the wheel and those extras, made once."""
    made: dict[str, Venv] = {}

    def make(extras: str) -> Venv:
        if extras not in made:
            label = f"[{extras}]" if extras else "(core)"
            path = tmp_path_factory.mktemp(f"venv-{extras.replace(',', '-') or 'core'}")
            started = time.monotonic()
            # No pip of its own: the test's pip installs into it (`--python`), which is faster.
            venv_args = [sys.executable, "-m", "venv", "--without-pip", str(path)]
            _run(venv_args, f"venv {label}", timed=False)
            spec = f"{wheel}[{extras}]" if extras else str(wheel)
            python = str(path / "bin" / "python")
            _run(
                [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", spec],
                f"pip install sciatica{label}",
            )
            TIMINGS[f"venv {label} in all"] = time.monotonic() - started
            made[extras] = Venv(path, extras)
        return made[extras]

    return make


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    text: str


def get(url: str, method: str = "GET", accept: str = "text/html") -> Answer:
    request = urllib.request.Request(url, method=method, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read().decode()
            return Answer(answer.status, answer.headers["content-type"], body)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers["content-type"], error.read().decode())


@contextmanager
def served(venv: Venv, tmp_path: Path) -> Iterator[str]:
    """`sciatica serve` from the venv on a free loopback port; yields its base URL."""
    port = free_port()
    env = _env(venv.path, SCIATICA_DATABASE_URL=f"sqlite:///{tmp_path / 'records.db'}")
    command = [str(venv.path / "bin" / "sciatica"), "serve", "--port", str(port), "--quiet"]
    with running(command, port, env, timeout=60) as base:
        yield base


def assert_hint(done: subprocess.CompletedProcess[str], extra: str) -> None:
    """One line on standard error naming the extra, exit 2, no traceback, nothing on stdout."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("sciatica: ")
    assert lines[0].endswith(f"pip install 'sciatica[{extra}]'"), lines[0]


def assert_501(answer: Answer, extra: str) -> None:
    assert answer.status == 501, answer
    hint = f"pip install 'sciatica[{extra}]'"
    if answer.content_type.startswith("text/html"):
        assert hint.replace("'", "&#39;") in answer.text
    else:
        assert answer.content_type == "application/problem+json"
        assert hint in json.loads(answer.text)["detail"]


# --- the core alone --------------------------------------------------------------------------------


def test_core_alone_assesses_and_names_the_extra_for_the_rest(venv: Callable[[str], Venv]) -> None:
    core = venv("")
    assert not core.has("fastapi") and not core.has("medspacy")  # really the core alone
    assessed = core.sciatica("assess", str(EXAMPLE), "--json")
    assert assessed.returncode == 0, assessed.stderr
    assert json.loads(assessed.stdout)["triage"]["level"]
    assert_hint(core.sciatica("assess", "--text", "my left foot drags"), "text")
    assert_hint(core.sciatica("assess", str(EXAMPLE), "--fhir"), "fhir")
    assert_hint(core.sciatica("serve"), "web")
    assert_hint(core.sciatica("admin", "create-clinic", "Clinic"), "records")


# --- the web extra alone ---------------------------------------------------------------------------


def test_web_alone_serves_the_self_check_and_the_clinician_pages(
    venv: Callable[[str], Venv], tmp_path: Path
) -> None:
    web = venv("web")
    assert not web.has("sqlalchemy") and not web.has("fhir") and not web.has("medspacy")
    with served(web, tmp_path) as base:
        start = get(f"{base}/")
        assert start.status == 200 and "/check/start" in start.text
        assert 'formaction="/check/text"' not in start.text  # no own words without text
        assert get(f"{base}/clinician").status == 200
        assert get(f"{base}/clinician?example=peroneal-palsy").status == 200
        diary = get(f"{base}/diary?lang=fr")  # its strings file (web/diary.yaml) is installed
        assert diary.status == 200 and "/static/diary.js" in diary.text
        assert 'action="/diary/pdf"' not in diary.text  # no PDF export without the pdf extra
        assert_501(
            get(f"{base}/api/v1/diary/fhir", method="POST", accept="application/json"), "fhir"
        )
        assert_501(get(f"{base}/records"), "records")
        assert_501(get(f"{base}/api/v1/patients", accept="application/json"), "records")
        assert_501(get(f"{base}/fhir/Questionnaire/sciatica-self-check"), "fhir")
        assert_501(get(f"{base}/cds-services"), "fhir")
        assert_501(get(f"{base}/api/v1/assess-text", method="POST"), "text")
    assert_hint(web.sciatica("assess", "--text", "my left foot drags"), "text")


# --- web with one more extra ---------------------------------------------------------------------


def test_web_and_records(venv: Callable[[str], Venv], tmp_path: Path) -> None:
    records = venv("web,records")
    assert not records.has("fhir") and not records.has("medspacy")
    with served(records, tmp_path) as base:
        assert get(f"{base}/").status == 200
        assert get(f"{base}/clinician").status == 200
        login = get(f"{base}/records")  # redirected to the sign-in page
        assert login.status == 200 and 'action="/login"' in login.text
        assert get(f"{base}/api/v1/patients", accept="application/json").status == 401
        assert_501(get(f"{base}/fhir/Patient/1/$everything"), "fhir")
        assert_501(get(f"{base}/api/v1/assess-text", method="POST"), "text")
    env_db = f"sqlite:///{tmp_path / 'admin.db'}"
    done = subprocess.run(
        [str(records.path / "bin" / "sciatica"), "admin", "create-clinic", "Clinic"],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(records.path, SCIATICA_DATABASE_URL=env_db),
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip().isdigit(), done.stderr


def test_web_and_fhir(venv: Callable[[str], Venv], tmp_path: Path) -> None:
    fhir = venv("web,fhir")
    assert not fhir.has("sqlalchemy") and not fhir.has("medspacy")
    with served(fhir, tmp_path) as base:
        assert get(f"{base}/").status == 200
        questionnaire = get(f"{base}/fhir/Questionnaire/sciatica-self-check")
        assert questionnaire.status == 200
        assert json.loads(questionnaire.text)["resourceType"] == "Questionnaire"
        assert get(f"{base}/cds-services", accept="application/json").status == 200
        assert_501(get(f"{base}/fhir/Patient/1/$everything"), "records")
        assert_501(get(f"{base}/records"), "records")
    bundle = fhir.sciatica("assess", str(EXAMPLE), "--fhir")
    assert bundle.returncode == 0, bundle.stderr
    assert json.loads(bundle.stdout)["resourceType"] == "Bundle"


# --- the text extra alone --------------------------------------------------------------------------


def test_text_alone_reads_free_text_and_names_web_for_serve(venv: Callable[[str], Venv]) -> None:
    text = venv("text")
    assert not text.has("fastapi")
    done = text.sciatica("assess", "--text", "my left foot drags", "--json", timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Foot drop: left" in done.stderr  # the evidence, in clinical words, on standard error
    assert json.loads(done.stdout)["triage"]["level"]
    assert_hint(text.sciatica("serve"), "web")
