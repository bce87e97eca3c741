"""``/v1/kiosk-events``: security events a kiosk observed, recorded in the audit chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from backend import kiosk_events
from backend.deps import Ctx, KioskDep, raw_body, run_idempotent
from backend.routers.common import problems
from backend.schemas import KioskEventIn, KioskEventOut

router = APIRouter(tags=["kiosk events"])


@router.post("/v1/kiosk-events", status_code=201, response_model=KioskEventOut, responses=problems(400, 409))
async def report_kiosk_event(
    request: Request, ctx: Ctx, kiosk: KioskDep, payload: KioskEventIn, body: Annotated[bytes, Depends(raw_body)]
) -> Response:
    """Record one security event (no personal data, no command data beyond CLA and INS) as an audit entry.

    A kiosk queues its events and may send one again (after a crash, a lost answer): the same Idempotency-Key gets
    the first answer and adds no second entry."""

    def handler(session: Session) -> tuple[int, KioskEventOut]:
        return 201, kiosk_events.record(session, ctx, kiosk, payload)

    return await run_idempotent(ctx, request, body, f"kiosk:{kiosk.kiosk_id}", handler)
