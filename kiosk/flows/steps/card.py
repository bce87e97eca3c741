"""The card step: wait for a My Number Card on the reader and open it; and what it holds without a PIN."""

from __future__ import annotations

from kiosk.card.card import MyNumberCard
from kiosk.card.errors import FileNotFound
from kiosk.card.profile import Pins
from kiosk.flows.context import FlowContext
from kiosk.flows.events import CardInserted
from kiosk.flows.screens.card import place_card_view, reading_view
from kiosk.flows.steps.base import Cancelled, Step, act, error_end
from kiosk.flows.steps.session import consent
from kiosk.flows.view import FlowKind

CARD_STEP = 2  # every flow: consent first, then the card


def insert_card(ctx: FlowContext, flow: FlowKind, *, total: int) -> Step:
    """Consent (nothing is read before it), then wait for the card and open it."""
    yield from consent(flow, total=total)
    place = place_card_view(flow, contact=ctx.kiosk.settings.contact_reader, step=CARD_STEP, total=total)
    while not ctx.kiosk.reader.card_present():
        event = yield place
        if act(event, "cancel"):
            raise Cancelled
        if isinstance(event, CardInserted):
            continue
    ctx.publish(reading_view(flow, 0.2, step=CARD_STEP, total=total))
    card = MyNumberCard(ctx.kiosk.reader.connect(), tracer=ctx.kiosk.tracer)
    ctx.data.card = card
    if not card.is_my_number_card():
        raise error_end(flow, "card_unreadable", "not_a_my_number_card")
    card.remember_identity()  # every PIN this session presents goes to this card and no other
    return card


def sign_pin_exists(ctx: FlowContext) -> bool:
    try:
        ctx.card.pin_status(Pins.SIGN)
    except FileNotFound:
        return False
    return True
