"""Reason evidence in the clinician's words: moved to the core (sciatica.clinical_findings) so the
command line words findings as the pages do; this name stays for the web modules that import it."""

from __future__ import annotations

from ..clinical_findings import clinical, plain

__all__ = ["clinical", "plain"]
