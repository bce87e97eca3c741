"""``GET /v1/pickup-slots``: the free pick-up slots a kiosk offers the resident whose card it holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from backend import slots
from backend.card_auth import live_card_session
from backend.deps import Ctx, KioskDep
from backend.models import Card
from backend.routers.common import problems
from backend.schemas import PickupSlot, PickupSlots, Uuid

router = APIRouter(tags=["renewal"])


@router.get("/v1/pickup-slots", response_model=PickupSlots, responses=problems(403))
async def pickup_slots(
    ctx: Ctx,
    kiosk: KioskDep,
    card_session_id: Annotated[Uuid, Query()],
    limit: Annotated[int, Query(ge=1, le=slots.MAX_OFFERED)] = 4,
) -> PickupSlots:
    """The earliest slots with a free place at the issuing offices of the card's municipality (at most one per
    office and half day). Nothing is held: the place is taken when the application is submitted, and if it is
    gone by then the application is accepted without a slot (the office contacts the resident). An empty list:
    no office of that municipality keeps a calendar here, or every place is taken."""

    def read(session: Session) -> PickupSlots:
        card_session = live_card_session(session, ctx, kiosk, card_session_id)
        card = session.get(Card, card_session.card_serial)
        municipality = card.municipality_code if card else ""
        found = slots.free_slots(session, municipality, ctx.clock.now(), ctx.settings.limits.pickup_horizon_days, limit)
        return PickupSlots(slots=[PickupSlot.model_validate(s, from_attributes=True) for s in found])

    return await ctx.db.read(read)
