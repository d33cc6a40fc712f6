"""Browser fixtures shared by every test directory: Playwright driving Debian's Chromium.

Registered once, in tests/conftest.py, so the whole session has one Playwright instance (two
session fixtures of the same name in two directories would start two, and the second refuses
to start inside the first one's event loop).

    browser         Playwright's Chromium at /usr/bin/chromium (session); FAILS if it is missing
    new_page        factory: new_page(js=True, viewport=MOBILE, locale="en-GB", bypass_csp=False)
                    opens a page on the requesting test's `live_server`; console errors and CSP
                    violations make the test fail at teardown
    screenshot      screenshot(page, "name") saves test-artifacts/screenshots/<name>.png
    axe_audit       axe_audit(page, "name") fails on serious/critical axe-core violations

The browser is never downloaded: `playwright install` is not used. CI installs Debian's chromium
(`.ci/run`) and axe-core from npm (`npm ci --prefix tests/web`).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE_JS = ROOT / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


# --- a live server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"the server exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s")


@contextmanager
def running(
    command: list[str], port: int, env: dict[str, str], timeout: float = 30.0
) -> Iterator[str]:
    """A server process started with `command`, listening on loopback `port`: waits until
    /api/v1/health answers, yields its base URL, and stops it afterwards (killed if it lingers)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/v1/health", process, timeout=timeout)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


@contextmanager
def serve_app(env: dict[str, str] | None = None) -> Iterator[str]:
    """The real application, served by uvicorn in a subprocess on a free loopback port (with
    extra environment, e.g. SCIATICA_DATABASE_URL); yields its base URL, stops it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "sciatica.web.app:app", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning", "--no-access-log"]  # fmt: skip
    with running(command, port, {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}) as base:
        yield base


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get install -y chromium; .ci/run does this). They are never skipped.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Console:
    """What the browser complained about while a test ran (CSP violations show up here)."""

    errors: list[str] = field(default_factory=list)
    audited: set[int] = field(default_factory=set)  # pages with axe-core injected

    def listen(self, page: Any) -> None:
        CONSOLES[id(page)] = self
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, page: Any, message: Any) -> None:
        if message.type != "error":
            return
        text = message.text
        if text.startswith("Failed to load resource"):
            return  # judged by _response: a 422 page or a 404 problem is fine as a document
        if id(page) in self.audited and "Content Security Policy" in text:
            return  # axe-core itself sets inline styles while it measures; the page did not
        self.errors.append(f"console error: {text} ({message.location.get('url')})")

    def _response(self, response: Any) -> None:
        """A page's own assets (CSS, scripts, images, fonts, fetches) must all load."""
        kind = response.request.resource_type
        if response.status >= 400 and kind not in ("document", "other"):
            self.errors.append(f"{kind} {response.url} answered {response.status}")


CONSOLES: dict[int, Console] = {}


@pytest.fixture
def new_page(browser: Any, live_server: str) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []
    console = Console()

    def open_page(
        *,
        js: bool = True,
        viewport: dict[str, int] | None = None,
        locale: str = "en-GB",
        bypass_csp: bool = False,
    ) -> Any:
        context = browser.new_context(
            base_url=live_server,
            java_script_enabled=js,
            viewport=viewport or MOBILE,
            locale=locale,
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        console.listen(page)
        return page

    yield open_page
    for context in contexts:
        for page in context.pages:
            CONSOLES.pop(id(page), None)
        context.close()
    errors = [e for e in console.errors if "/favicon.ico" not in e]
    if errors:
        pytest.fail(
            "the browser reported errors (a CSP violation means an inline script, an inline "
            "style= or an on*= handler in a template):\n  " + "\n  ".join(errors),
            pytrace=False,
        )


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    def take(page: Any, name: str, *, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


# --- accessibility -----------------------------------------------------------------------------


def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: run `npm ci --prefix tests/web` (.ci/run does this).",
            pytrace=False,
        )
    return AXE_JS.read_text(encoding="utf-8")


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def axe_audit() -> Callable[..., list[dict[str, Any]]]:
    """Runs axe-core (WCAG 2.0/2.1 A and AA, best practices) in the page; fails on serious or
    critical violations, listing each rule and the elements that break it. The script is
    evaluated in the page (CSP forbids an inline <script>), so no context needs bypass_csp; the
    CSP reports that axe-core's own measuring causes are ignored from then on for that page
    (audit after the other checks of a page)."""

    def audit(page: Any, name: str) -> list[dict[str, Any]]:
        if id(page) in CONSOLES:
            CONSOLES[id(page)].audited.add(id(page))
        page.evaluate(axe_source())
        result = page.evaluate(
            """async () => {
                const r = await axe.run(document, {
                    runOnly: {type: 'tag', values:
                        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                    resultTypes: ['violations'],
                });
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({target: n.target,
                    html: n.html, failureSummary: n.failureSummary}))}));
            }"""
        )
        violations: list[dict[str, Any]] = list(result)
        ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS.parent / f"axe-{name}.json").write_text(
            json.dumps(violations, indent=2), encoding="utf-8"
        )
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        if serious:
            pytest.fail(
                f"axe-core found serious or critical violations on {name} ({page.url}):\n"
                + format_violations(serious),
                pytrace=False,
            )
        return violations

    return audit
