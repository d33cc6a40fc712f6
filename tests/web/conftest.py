"""Fixtures for the web tests: an in-process client and a live server (browser fixtures: tests/browser.py).

    client          fastapi TestClient over a fresh app (API tests, no network)
    live_server     base URL of the real app served by uvicorn on a free loopback port (session)
    browser         Playwright's Chromium at /usr/bin/chromium (session); FAILS if it is missing
    new_page        factory: new_page(js=True, viewport=MOBILE, locale="en-GB", bypass_csp=False)
                    opens a page in a fresh context; console errors and CSP violations make the
                    test fail at teardown
    screenshot      screenshot(page, "name") saves test-artifacts/screenshots/<name>.png
    axe_audit       axe_audit(page, "name") fails on serious/critical axe-core violations

The browser is never downloaded: `playwright install` is not used. CI installs Debian's chromium
(`.ci/run`) and axe-core from npm (`npm ci --prefix tests/web`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sciatica.web import create_app
from tests.browser import ARTIFACTS, DESKTOP, MOBILE, free_port, wait_until_up  # noqa: F401

# --- in-process --------------------------------------------------------------------------------


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


# --- a live server -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real application, served by uvicorn in a subprocess on a free loopback port."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "sciatica.web.app:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/v1/health", process)
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
