"""``/v1/pin-resets``: issue a MAC-protected command script, then record the card's answer (``/confirm``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from backend import pin_reset
from backend.deps import Ctx, KioskDep, raw_body, run_idempotent
from backend.routers.common import CARD_SESSION_REFUSED, problems
from backend.schemas import PinResetConfirmIn, PinResetIn, PinResetOut, PinResetStatusOut

router = APIRouter(tags=["pin reset"])
ResetId = Annotated[str, Path(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]


@router.post(
    "/v1/pin-resets",
    status_code=201,
    response_model=PinResetOut,
    responses=problems(400, 403, 409, 503, described={403: CARD_SESSION_REFUSED}),
)
async def create_pin_reset(
    request: Request, ctx: Ctx, kiosk: KioskDep, payload: PinResetIn, body: Annotated[bytes, Depends(raw_body)]
) -> Response:
    """Check policy, liveness and the face against the registered photo; answer the card's command script.

    The script (the new PIN under the card's key) is answered once and never stored: a replay of this request
    answers the reset with an empty script, and the kiosk starts a new reset.
    """

    def handler(session: Session) -> tuple[int, PinResetOut]:
        return 201, pin_reset.create(session, ctx, request.app.state.faces, kiosk, payload)

    return await run_idempotent(
        ctx, request, body, f"kiosk:{kiosk.kiosk_id}", handler, cpu_heavy=True, redact=pin_reset.without_script
    )


@router.post(
    "/v1/pin-resets/{reset_id}/confirm", response_model=PinResetStatusOut, responses=problems(400, 404, 409, 503)
)
async def confirm_pin_reset(
    request: Request,
    ctx: Ctx,
    kiosk: KioskDep,
    reset_id: ResetId,
    payload: PinResetConfirmIn,
    body: Annotated[bytes, Depends(raw_body)],
) -> Response:
    """Record the card's answers to the protected steps; a success answer must carry the card's MAC."""

    def handler(session: Session) -> tuple[int, PinResetStatusOut]:
        return 200, pin_reset.confirm(session, ctx, kiosk, reset_id, payload)

    return await run_idempotent(ctx, request, body, f"kiosk:{kiosk.kiosk_id}", handler)


@router.get("/v1/pin-resets/{reset_id}", response_model=PinResetStatusOut, responses=problems(404))
async def get_pin_reset(ctx: Ctx, kiosk: KioskDep, reset_id: ResetId) -> PinResetStatusOut:
    return await ctx.db.read(lambda session: pin_reset.get(session, kiosk, reset_id))
