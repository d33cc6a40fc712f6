from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

# One registration for the whole session (see tests/browser.py for why it lives here).
from tests.browser import axe_audit, browser, new_page, screenshot  # noqa: F401

settings.register_profile(
    "default", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "deep", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The time the venv tests (tests/test_extras_venv.py) spent building and installing."""
    venv_tests = sys.modules.get("tests.test_extras_venv")
    timings: dict[str, float] = getattr(venv_tests, "TIMINGS", {})
    if timings:
        terminalreporter.write_sep("-", "venv tests: building and installing")
        for what, seconds in timings.items():
            terminalreporter.write_line(f"{what}: {seconds:.1f} s")
