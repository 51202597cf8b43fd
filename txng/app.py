"""The FastAPI application factory: settings in, a ready app out; nothing at import time."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from txng import __version__
from txng.background import Poller
from txng.config import Settings, get_settings
from txng.db import make_engine, make_sessionmaker
from txng.epcis.jobs import capture_worker
from txng.epcis.query.subscriptions import deliver_due
from txng.epcis.query.render import collection
from txng.epcis.query.views import TOP_LEVEL
from txng.epcis.query.views import router as query_router
from txng.epcis.views import router as epcis_router
from txng.errors import EPCIS_VALIDATION, TxngError
from txng.registry.views import router as registry_router
from txng.trace.views import router as trace_router

PROBLEM = "application/problem+json"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app on the database ``settings`` names (already migrated)."""
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.worker = app.state.dispatcher = None
        if settings.worker:
            app.state.worker = capture_worker(sessions=sessions, settings=settings)
        if settings.subscriptions:
            app.state.dispatcher = Poller(lambda: deliver_due(sessions=sessions),
                                          name="txng-subscriptions",
                                          poll_seconds=settings.subscription_poll_seconds)
        threads = [thread for thread in (app.state.worker, app.state.dispatcher) if thread]
        for thread in threads:
            thread.start()
        yield
        for thread in threads:
            thread.stop()
        engine.dispose()

    app = FastAPI(title="txng", version=__version__, lifespan=lifespan,
                  description="Truy xuất nguồn gốc — provincial traceability platform "
                  "(GS1 EPCIS 2.0, CBV 2.0, GS1 Digital Link)")
    app.state.settings, app.state.engine, app.state.sessions = settings, engine, sessions
    add_exception_handlers(app)
    # The EPCIS REST binding sits at the root, as its OpenAPI defines the paths.
    app.include_router(epcis_router, tags=["EPCIS capture"])
    app.include_router(query_router, tags=["EPCIS query"])
    app.include_router(registry_router, prefix="/registry", tags=["registry"])
    app.include_router(trace_router, tags=["trace"])

    @app.get("/", tags=["about"])
    def about() -> dict:
        """The top-level resources of the EPCIS REST binding, and what this server is."""
        return {**collection(TOP_LEVEL),
                "name": "txng — truy xuất nguồn gốc (product traceability)",
                "version": __version__, "epcisVersion": "2.0.0", "cbvVersion": "2.0.0",
                "capture": "/capture", "events": "/events", "registry": "/registry/parties",
                "openapi": "/openapi.json",
                "docs": "/docs"}

    return app


def add_exception_handlers(app: FastAPI) -> None:
    """Render every error as RFC 7807 problem+json, in one place."""

    @app.exception_handler(TxngError)
    async def txng_error(_request: Request, exc: TxngError) -> JSONResponse:
        return JSONResponse(exc.problem(), status_code=exc.status, media_type=PROBLEM)

    @app.exception_handler(RequestValidationError)
    async def request_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": ".".join(str(part) for part in error["loc"]),
                   "message": error["msg"]} for error in exc.errors()]
        problem = {"type": EPCIS_VALIDATION, "title": "Invalid input", "status": 400,
                   "detail": "; ".join(f"{e['field']}: {e['message']}" for e in errors),
                   "errors": errors}
        return JSONResponse(problem, status_code=400, media_type=PROBLEM)
