"""The optional extras (`pip install 'sciatica[NAME]'`), found by their key modules.

The core (`pip install sciatica`) assesses cases: `assess FILE`, `check`, `rules`, `explain`,
`example`. Each extra adds one thing and installs on its own:

    web      `sciatica serve`: the self-check (/), the clinician pages (/clinician), the REST API
    records  patient records: /records, /api/v1/patients..., `sciatica admin`
    fhir     FHIR R4B in and out (/fhir/..., `?format=fhir`, `assess --fhir`), CDS Hooks
    text     free text: `assess --text`, `screen`, the self-check's own words, /api/v1/assess-text
    pdf      PDF documents (the referral letter, the personal plan, the diary) rendered by WeasyPrint,
             which also needs Pango from the system (Debian: `apt-get install libpango-1.0-0
             libpangoft2-1.0-0`)

An extra counts as installed when each of its key modules can be found (`importlib.util.find_spec`,
nothing is imported). The web application and the command line ask here, so that a missing extra
is said the same way everywhere: what needs it and `pip install 'sciatica[NAME]'`, never a
traceback.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from .errors import ExtraMissing

__all__ = [
    "EXTRAS",
    "Extra",
    "ExtraMissing",
    "available",
    "extra_of",
    "install_hint",
    "missing",
    "require",
]


@dataclass(frozen=True, slots=True)
class Extra:
    name: str
    modules: tuple[str, ...]  # the key modules the extra brings, as imported
    gives: str


EXTRAS: dict[str, Extra] = {
    extra.name: extra
    for extra in (
        Extra(
            "web",
            ("fastapi", "uvicorn", "jinja2", "pydantic_settings"),
            "the web application (`sciatica serve`): self-check, clinician pages, REST API",
        ),
        Extra(
            "records",
            ("sqlalchemy", "alembic", "argon2", "platformdirs"),
            "patient records (/records, /api/v1/patients, `sciatica admin`)",
        ),
        Extra(
            "fhir",
            ("fhir.resources", "jwt", "httpx"),
            "FHIR R4B in and out, CDS Hooks (/fhir, /cds-services, `assess --fhir`)",
        ),
        Extra(
            "text",
            ("medspacy", "spacy"),
            "free text (`assess --text`, `screen`, own words, /api/v1/assess-text)",
        ),
        Extra(
            "pdf",
            ("weasyprint",),
            "PDF documents: the referral letter, the personal plan, the diary",
        ),
    )
}


def _findable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing, or `sys.modules[name] = None`
        return False


def missing(name: str) -> str | None:
    """The first key module of the extra `name` that cannot be found, or None when installed."""
    for module in EXTRAS[name].modules:
        if not _findable(module):
            return module
    return None


def available(name: str) -> bool:
    """Whether the extra `name` is installed (each of its key modules can be found)."""
    return missing(name) is None


def install_hint(name: str) -> str:
    """The command that installs the extra `name` (KeyError for an unknown extra)."""
    return f"pip install 'sciatica[{EXTRAS[name].name}]'"


def require(name: str, what: str) -> None:
    """Raise `ExtraMissing` (what needs it, and how to install it) unless `name` is installed."""
    module = missing(name)
    if module is not None:
        raise ExtraMissing(name, what, module)


def extra_of(error: ModuleNotFoundError) -> str | None:
    """The extra that would bring the module an import failed on, if any (a last resort for an
    import that no `require` guarded)."""
    top = (error.name or "").split(".")[0]
    for extra in EXTRAS.values():
        if any(module.split(".")[0] == top for module in extra.modules):
            return extra.name
    return None
