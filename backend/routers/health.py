"""``/healthz``, ``/metrics`` and the service's public keys."""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from sqlalchemy import text

from backend.card_auth import require_keys
from backend.deps import Ctx, KioskDep
from backend.errors import NotFound
from backend.metrics import CONTENT_TYPE
from backend.migrate import current
from backend.routers.common import problems
from backend.schemas import Health, ServiceKeys, ServiceTime

_PING = text("SELECT 1")
router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health, responses=problems(503))
async def healthz(ctx: Ctx) -> Health:
    """Liveness and readiness: the database answers and its schema revision is known."""

    await ctx.db.read(lambda session: session.connection().execute(_PING).scalar_one())
    if ctx.schema_revision is None:  # read once per process: migrations run before a deploy, not during
        ctx.schema_revision = await run_in_threadpool(current, ctx.engine)
    revision = ctx.schema_revision
    return Health(status="ok", database="ok", schema_revision=revision)


@router.get("/metrics", response_class=PlainTextResponse, responses=problems(404))
async def metrics(ctx: Ctx) -> PlainTextResponse:
    """Prometheus text format (per process); only with ``serve --operator-endpoints``."""
    if not ctx.settings.operator_endpoints:
        raise NotFound("metrics are served only with serve --operator-endpoints")
    return PlainTextResponse(ctx.metrics.render(), media_type=CONTENT_TYPE)


@router.get("/v1/time", response_model=ServiceTime, responses=problems())
async def service_time(ctx: Ctx) -> ServiceTime:
    """The service's clock, for a kiosk's doctor to measure its own clock's offset. Unsigned on purpose: a kiosk
    whose clock is off by more than the signature's allowed skew must still be able to find out by how much."""
    return ServiceTime(now=ctx.clock.now())


@router.get("/v1/service-keys", response_model=ServiceKeys, responses=problems(503))
async def service_keys(ctx: Ctx, kiosk: KioskDep) -> ServiceKeys:
    """The X25519 key kiosks seal face crops and new PINs to."""
    key = require_keys(ctx).evidence_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return ServiceKeys(evidence_key=key)
