"""``create_app(settings)``: the FastAPI application, with its middleware, error handlers and routers."""

from __future__ import annotations

from fastapi import FastAPI

from backend import problems
from backend.clock import Clock
from backend.context import AppContext
from backend.db import make_engine, read_session_factory, session_factory
from backend.face_evidence import FaceMatcher
from backend.metrics import Metrics
from backend.middleware import BodyLimits, RequestMetrics
from backend.ratelimit import TokenBuckets
from backend.routers import card_sessions, challenges, health, pin_resets, renewals, staff
from backend.settings import Settings

API_VERSION = "1.0.0"


def create_app(settings: Settings, *, clock: Clock | None = None) -> FastAPI:
    """The application; it does not migrate the database (``mynakiosk backend migrate`` does)."""
    engine = make_engine(settings.database_url)
    metrics = Metrics()
    ctx = AppContext(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        reads=read_session_factory(engine),
        clock=clock or Clock(),
        metrics=metrics,
        kiosk_buckets=TokenBuckets(settings.limits.kiosk_requests_per_s, settings.limits.kiosk_burst),
    )
    app = FastAPI(
        title="mynakiosk backend",
        version=API_VERSION,
        description="Card authentication, server-authorised PIN reset and renewal applications for kiosks.",
    )
    app.state.ctx = ctx
    app.state.faces = FaceMatcher(settings.face)
    problems.install(app)
    for module in (health, challenges, card_sessions, pin_resets, renewals, staff):
        app.include_router(module.router)
    app.add_middleware(BodyLimits, limits=settings.limits)
    app.add_middleware(RequestMetrics, metrics=metrics)
    return app
