"""``create_app(settings)``: the FastAPI application, with its middleware, error handlers and routers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.telemetry import TelemetryConfig
from sqlalchemy.orm import Session

from backend import audit, counts, problems
from backend.clock import Clock
from backend.context import AppContext
from backend.db import Runner, make_engine
from backend.deps import kiosk_principal
from backend.face_evidence import FaceMatcher
from backend.metrics import Metrics
from backend.middleware import BodyLimits, RequestMetrics, Unexpected
from backend.office import records as office_records
from backend.office import reports as office_reports
from backend.office import slots as office_slots
from backend.office.custody import router as custody_router
from backend.office.jlis import router as jlis_router
from backend.office.router import router as office_router
from backend.ratelimit import TokenBuckets
from backend.routers import card_sessions, challenges, health, kiosk_events, pickup_slots, pin_resets, renewals, staff
from backend.routers.common import document_common_problems
from backend.settings import Settings

API_VERSION = "1.0.0"
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}
log = logging.getLogger(__name__)


def create_app(settings: Settings, *, clock: Clock | None = None) -> FastAPI:
    """The application; it does not migrate the database (``mynakiosk backend migrate`` does)."""
    engine = make_engine(settings.database_url)
    db = Runner(engine)
    metrics = Metrics()
    ctx = AppContext(
        settings=settings,
        engine=engine,
        db=db,
        sessions=db.sessions,
        reads=db.reads,
        clock=clock or Clock(),
        metrics=metrics,
        kiosk_buckets=TokenBuckets(settings.limits.kiosk_requests_per_s, settings.limits.kiosk_burst),
    )

    faces = FaceMatcher(settings.face)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        background = asyncio.create_task(_fold_forever(db, settings.fold_interval_s))
        try:
            yield
        finally:
            background.cancel()
            with suppress(asyncio.CancelledError):
                await background
            await _fold_once(db)  # what this process's last requests appended
            await db.close()
            faces.close()

    app = FastAPI(
        lifespan=lifespan,
        title="mynakiosk backend",
        version=API_VERSION,
        description="Card authentication, server-authorised PIN reset and renewal applications for kiosks.",
        # FastAPI's OpenTelemetry bridge is off: its logs record exception messages and stack traces, which may
        # quote request values (no personal data in logs), and asking whether a provider is configured read the
        # process environment on every request (5 % of a status read's CPU). /metrics is our telemetry.
        telemetry=NO_TELEMETRY,
        docs_url="/docs" if settings.operator_endpoints else None,
        redoc_url="/redoc" if settings.operator_endpoints else None,
        openapi_url="/openapi.json" if settings.operator_endpoints else None,
    )
    app.state.ctx = ctx
    app.state.faces = faces
    problems.install(app)
    app.router.routes.extend(office_router.routes)  # the back office's pages (include_in_schema=False)
    app.router.routes.extend(jlis_router.routes + custody_router.routes)
    app.router.routes.extend(office_records.router.routes)  # the official's records on an application
    app.router.routes.extend(office_slots.router.routes)
    app.router.routes.extend(office_reports.router.routes)
    for module in (health, challenges, card_sessions, pin_resets, kiosk_events, renewals, pickup_slots, staff):
        # Not include_router: this FastAPI wraps an included router in a view that, on every request, walks each
        # included router's routes to see whether they changed, before matching. Each route already carries its
        # router's tags and responses, so the OpenAPI document is the same; a status read costs 14 % less CPU.
        app.router.routes.extend(module.router.routes)
    app.add_middleware(BodyLimits, limits=settings.limits)
    app.add_middleware(RequestMetrics, metrics=metrics)
    app.add_middleware(Unexpected)  # added last, so outermost of ours: nothing escapes it to Starlette's
    _document_headers(app)
    return app


async def _fold_forever(db: Runner, interval_s: float) -> None:
    while True:
        await asyncio.sleep(interval_s)
        await _fold_once(db)


async def _fold_once(db: Runner) -> None:
    """The work requests leave behind so that none of them waits for a shared row's lock: chain pending audit
    entries, and add counted events to the daily counters."""
    await _drain(db, audit.has_pending, audit.seal, audit.SEAL_BATCH)
    await _drain(db, counts.has_events, counts.fold, counts.FOLD_BATCH)


async def _drain(
    db: Runner, has_work: Callable[[Session], bool], one_batch: Callable[[Session], int], batch: int
) -> None:
    """Run ``one_batch`` until it takes less than a full batch. A failure is logged (its type only: SQL errors can
    quote values) and retried on the next round; the rows stay pending meanwhile."""
    try:
        if not await db.read(has_work):
            return
        while await db.write(one_batch) == batch:
            pass
    except Exception as exc:  # noqa: BLE001 (the background work must outlive any one failure)
        log.warning("%s failed (%s); retrying", one_batch.__qualname__, type(exc).__name__)


def _signed_operations(app: FastAPI) -> set[tuple[str, str]]:
    """The (path, method) of every operation whose handler needs the kiosk signature (``deps.kiosk_principal``
    among its dependencies): what the document marks as signed is what the code checks, not a path prefix."""

    def needs_signature(dependant: Dependant) -> bool:
        return dependant.call is kiosk_principal or any(needs_signature(d) for d in dependant.dependencies)

    return {
        (route.path, method.lower())
        for route in app.routes
        if isinstance(route, APIRoute) and needs_signature(route.dependant)
        for method in route.methods or ()
    }


def _document_headers(app: FastAPI) -> None:
    """Add what the dependencies and the middleware enforce but FastAPI cannot see to the OpenAPI document: the
    kiosk signature headers, the staff bearer token, the Idempotency-Key every POST needs, and the problems every
    operation may answer (``backend.routers.common``)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = build()
        doc.setdefault("components", {})["securitySchemes"] = {
            "kioskId": {"type": "apiKey", "in": "header", "name": "Kiosk-Id"},
            "kioskSignature": {
                "type": "apiKey",
                "in": "header",
                "name": "Kiosk-Signature",
                "description": "t=<unix seconds>;sig=<base64url ECDSA P-256 signature> (docs/backend.md)",
            },
            "staffBearer": {"type": "http", "scheme": "bearer"},
        }
        signed = _signed_operations(app)
        for path, operations in doc["paths"].items():
            for method, op in operations.items():
                if (path, method) not in signed:
                    continue  # /healthz, /metrics, /v1/time: no kiosk signature asked (nor its 401/429)
                op["security"] = [{"kioskId": [], "kioskSignature": []}]
                if path.startswith(
                    ("/v1/staff/renewals", "/v1/staff/counts", "/v1/reports", "/v1/staff/sessions/current")
                ):
                    op["security"] = [{"kioskId": [], "kioskSignature": [], "staffBearer": []}]
                if method == "post":
                    op.setdefault("parameters", []).append(
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:\\-]{8,200}$"},
                        }
                    )
        document_common_problems(doc)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
