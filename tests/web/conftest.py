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

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sciatica.web import create_app
from tests.browser import (  # noqa: F401 (re-exported for the web tests)
    ARTIFACTS,
    DESKTOP,
    MOBILE,
    free_port,
    serve_app,
    wait_until_up,
)

# --- in-process --------------------------------------------------------------------------------


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


# --- a live server -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real application, served by uvicorn in a subprocess on a free loopback port."""
    with serve_app() as base:
        yield base
