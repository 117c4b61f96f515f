"""The FastAPI application: ``create_app(settings)`` wires storage, sessions, the API and the pages."""

from __future__ import annotations

import importlib
import importlib.resources
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from bemanning.store.db import Database

from . import limits
from . import messages as _messages  # noqa: F401  (registers the web messages)
from . import messages_api as _messages_api  # noqa: F401
from . import messages_auth as _messages_auth  # noqa: F401
from . import messages_planning as _messages_planning  # noqa: F401
from . import scenario_job as _scenario_job  # noqa: F401  (registers the 'scenario_compare' job kind)
from . import solving as _solving  # noqa: F401  (registers the 'roster_solve' job kind)
from .api import API_MODULES
from .chain import ChainCache
from .jobs import JobRunner
from .pages import PAGE_MODULES
from .problems import HANDLERS
from .seed import seed_if_empty
from .services import UnitCache
from .settings import WebSettings

log = logging.getLogger("bemanning.web")
STATIC_DIR = Path(__file__).parent / "static"
# Swagger UI 5 (it reads OpenAPI 3.1, which FastAPI writes) as shipped by the fastapi-offline package.
SWAGGER_UI_DIR = Path(str(importlib.resources.files("fastapi_offline") / "static"))
API_DOCS_HTML = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Bemanning – API</title>
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
<link rel="icon" href="/static/swagger-ui/favicon.png"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body></html>
"""


def create_app(settings: WebSettings) -> FastAPI:
    db = Database(settings.database_url, schema=settings.db_schema)
    db.migrate()
    limits.configure(settings.limits)
    admin_password = seed_if_empty(db) if settings.seed_demo else None

    jobs = JobRunner(db, settings.jobs)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()
        db.dispose()

    app = FastAPI(
        title="Bemanning",
        version="0.1.0",
        lifespan=lifespan,
        description="Bemanningsplanlegging for sykehusenheter. / Workforce planning for hospital units.",
        # FastAPI's own /docs and /redoc load from a CDN that the CSP blocks: see api_docs below.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.unit_cache = UnitCache()
    app.state.jobs = jobs
    app.state.chain_cache = ChainCache()
    app.state.initial_admin_password = admin_password
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        # "__Host-" (ASVS 3.4.4): the browser keeps it only from this host over HTTPS, path /.
        session_cookie=("__Host-" if settings.secure_cookies else "") + "bemanning_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)
    app.mount("/static/swagger-ui", StaticFiles(directory=SWAGGER_UI_DIR), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module_name in API_MODULES:
        app.include_router(importlib.import_module(module_name).router, prefix="/api")
    for module_name in PAGE_MODULES:
        app.include_router(importlib.import_module(module_name).router)

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse("/units", status_code=303)

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """Swagger UI from the fastapi-offline package; started by static/swagger-init.js (no inline
        script, so the Content-Security-Policy stays strict)."""
        return HTMLResponse(API_DOCS_HTML)

    @app.get("/api/health", tags=["system"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.middleware("http")
    async def security_headers(request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/static/"):
            # Pages and API answers carry personal data (sick leave is health data): never cached.
            response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
        )
        return response

    return app
