from __future__ import annotations

import os

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
