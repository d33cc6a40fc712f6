"""The web application: patient self-check, clinician page and REST API around one engine.

`create_app()` builds it; `sciatica serve` runs it with uvicorn. Every asset is served by the app
itself (no CDN, no web font service), so pages work offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from pydantic.json_schema import models_json_schema

from .. import __version__
from ..assessment import Assessment
from ..case import Case
from ..engine import compiled
from . import problems
from .api import assess as assess_api  # not `api`: that name is the subpackage
from .security import BodyLimit, CsrfCookie, SecurityHeaders
from .settings import Settings

PROBLEM_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
                "required": ["path", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    compiled()  # load and cross-check the knowledge base now, not on the first request
    app = FastAPI(
        title="sciatica",
        version=__version__,
        summary="Decision support for sciatica with leg weakness. Supports, does not replace, a "
        "clinician; not a certified medical device.",
        docs_url=None,  # the stock docs pages load scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    problems.install(app)
    app.include_router(assess_api.router)
    app.router.routes.insert(0, assess_api.direct_route())  # the hot path, first (see there)
    _install_pages(app)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(CsrfCookie, secret=settings.secret_key, secure=settings.secure_cookies)
    app.add_middleware(
        BodyLimit, limit=settings.max_body_bytes, fhir_limit=settings.max_fhir_body_bytes
    )
    app.add_middleware(problems.CatchAll)  # inside the headers, so a 500 is still hardened
    app.add_middleware(SecurityHeaders)
    app.state.settings = settings
    _custom_openapi(app)
    return app


# The routers after `api.assess`, in order, with the optional extra each needs (None: the web extra alone).
ROUTERS: tuple[tuple[str, str | None], ...] = (
    ("pages.selfcheck", None),
    ("pages.clinician", None),
    ("pages.referral", None),
    ("pages.learn", None),
    ("pages.plan", None),
    ("api.fhir", "fhir"),
    ("api.cds_hooks", "fhir"),
    ("patient_records.api", "records"),
    ("patient_records.pages", "records"),
    ("patient_records.referral", "records"),
    ("api.text", "text"),
    ("api.selfcheck", None),
    ("pages.diary", None),
    ("pages.recheck", None),
    ("patient_records.diary_import", "records"),
)


def _install_pages(app: FastAPI) -> None:
    """The routers: those of an extra only when it is installed (`sciatica.extras`); otherwise
    its addresses answer 501 naming the extra (web/absent.py)."""
    import importlib

    from ..extras import available
    from . import absent

    installed = {extra: available(extra) for extra in absent.PATHS}
    for name, extra in ROUTERS:
        if extra is not None and not installed[extra]:
            continue
        module = importlib.import_module(f"{__name__}.{name}")
        app.include_router(module.router)
        for kind, handler in getattr(module, "EXCEPTION_HANDLERS", {}).items():
            app.add_exception_handler(kind, handler)
    for extra, paths in absent.PATHS.items():
        if not installed[extra]:
            app.include_router(absent.router(extra, paths))
    if installed["fhir"] and not installed["records"]:
        app.include_router(absent.router("records", absent.RECORDS_UNDER_FHIR))


def _custom_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        _, defs = models_json_schema(
            [(Case, "validation"), (Assessment, "serialization")],
            ref_template="#/components/schemas/{model}",
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in defs.get("$defs", {}).items():
            # A route's model named like a part of Case/Assessment (e.g. `Patient`) would be
            # silently replaced here: name it otherwise (see web/patient_records/schemas.py).
            if components.get(name, definition) != definition:
                raise RuntimeError(f"two OpenAPI components are named {name!r}")
            components[name] = definition
        components["Problem"] = PROBLEM_JSON_SCHEMA
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
