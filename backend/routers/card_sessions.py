"""``POST /v1/card-sessions`` (card authentication) and ``GET /v1/services`` (what the kiosk may offer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from backend.card_ap_auth import authenticate_card_ap
from backend.card_auth import OpenedCardSession, authenticate
from backend.context import KioskPrincipal
from backend.deps import Ctx, KioskDep, StaffDep, raw_body, run_idempotent
from backend.offline_auth import authenticate_offline
from backend.policy import services_for
from backend.routers.common import problems
from backend.schemas import CardApSessionIn, CardSessionIn, CardSessionOut, OfflineCardSessionIn, Services
from kiosk.wire import MUNICIPALITY_CODE_PATTERN

router = APIRouter(tags=["card"])


def _services(session: Session, kiosk: KioskPrincipal, municipality: str) -> Services:
    return Services.model_validate(
        services_for(session, kiosk.site_id, kiosk.site_kind, municipality), from_attributes=True
    )


def _opened(session: Session, kiosk: KioskPrincipal, opened: OpenedCardSession) -> tuple[int, CardSessionOut]:
    """The answer to every way of opening a card session: the session, and what this card may use here."""
    return 201, CardSessionOut(
        card_session_id=opened.card_session_id,
        key=opened.key,
        expires_at=opened.expires_at,
        services=_services(session, kiosk, opened.municipality_code),
        liveness_challenge=list(opened.liveness_challenge),
    )


@router.post(
    "/v1/card-sessions", status_code=201, response_model=CardSessionOut, responses=problems(400, 403, 409, 503)
)
async def open_card_session(
    request: Request,
    ctx: Ctx,
    kiosk: KioskDep,
    payload: CardSessionIn,
    body: Annotated[bytes, Depends(raw_body)],
) -> Response:
    """Prove the chip genuine and registered; the answer says which services this card may use here."""

    def handler(session: Session) -> tuple[int, CardSessionOut]:
        return _opened(session, kiosk, authenticate(session, ctx, kiosk, payload))

    return await run_idempotent(ctx, request, body, f"kiosk:{kiosk.kiosk_id}", handler)


@router.post(
    "/v1/card-sessions/card-ap", status_code=201, response_model=CardSessionOut, responses=problems(400, 403, 409, 503)
)
async def open_card_ap_session(
    request: Request,
    ctx: Ctx,
    kiosk: KioskDep,
    payload: CardApSessionIn,
    body: Annotated[bytes, Depends(raw_body)],
) -> Response:
    """Prove the card genuine without JPKI (issuer signatures + the chip's card key over the nonce): a card session
    for a renewal application only, where the municipality's policy accepts this proof."""

    def handler(session: Session) -> tuple[int, CardSessionOut]:
        return _opened(session, kiosk, authenticate_card_ap(session, ctx, kiosk, payload))

    return await run_idempotent(ctx, request, body, f"kiosk:{kiosk.kiosk_id}", handler)


@router.post(
    "/v1/card-sessions/offline",
    status_code=201,
    response_model=CardSessionOut,
    responses=problems(400, 401, 403, 409, 503),
)
async def open_offline_card_session(
    request: Request,
    ctx: Ctx,
    kiosk: KioskDep,
    staff: StaffDep,
    payload: OfflineCardSessionIn,
    body: Annotated[bytes, Depends(raw_body)],
) -> Response:
    """A card session from an authentication a staffed pop-up captured while offline (see backend/offline_auth.py)."""

    def handler(session: Session) -> tuple[int, CardSessionOut]:
        return _opened(session, kiosk, authenticate_offline(session, ctx, kiosk, staff, payload))

    return await run_idempotent(ctx, request, body, f"kiosk:{kiosk.kiosk_id}", handler)


@router.get("/v1/services", response_model=Services, responses=problems())
async def services(
    ctx: Ctx, kiosk: KioskDep, municipality: Annotated[str, Query(pattern=MUNICIPALITY_CODE_PATTERN)]
) -> Services:
    """Services enabled at this kiosk's site for residents of ``municipality`` (ask before offering one)."""

    return await ctx.db.read(lambda session: _services(session, kiosk, municipality))
