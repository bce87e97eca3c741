"""Flow 3, "nothing remembered": read only what the card allows without a PIN, never spend a PIN try to find out,
and tell the resident plainly what this kiosk can and cannot do for them, and where to go."""

from __future__ import annotations

from kiosk.card.profile import Pins
from kiosk.flows.context import FlowContext
from kiosk.flows.screens.endings import info_view
from kiosk.flows.steps.authentication import read_card_face
from kiosk.flows.steps.base import PinIsBlocked, Step, error_end
from kiosk.flows.steps.card import insert_card
from kiosk.flows.steps.card_front import card_front
from kiosk.flows.steps.session import show_result
from kiosk.flows.view import FlowKind

# The steps a resident sees: consent 1, card 2, card-front numbers 3, what the kiosk can do 4.
FRONT_STEP = 3
TOTAL = 4


def locked_out(ctx: FlowContext) -> Step:
    flow = FlowKind.LOCKED_OUT
    yield from insert_card(ctx, flow, total=TOTAL)
    status = ctx.card.all_pin_status((Pins.AUTH, Pins.SIGN, Pins.TEXT, Pins.JUKI))  # costs no try
    try:
        yield from card_front(ctx, flow, step=FRONT_STEP, total=TOTAL)
    except PinIsBlocked:
        raise error_end(flow, "card_front_blocked", "pin_b_blocked") from None
    read_card_face(ctx, flow)  # raises ChipNotGenuine for a forged card

    auth, sign = status["auth"], status["sign"]
    if sign is not None and sign.blocked and auth is not None and not auth.blocked:
        body = "info.sign_blocked.body"  # the kiosk CAN help: signature-PIN reset with the 4-digit PIN
    elif auth is not None and auth.blocked:
        body = "info.auth_blocked.body"
    else:
        body = "info.locked_out.body"
    params: dict[str, str | int | float | bool] = {"genuine": True}
    for name, st in status.items():
        params[f"{name}_tries_left"] = -1 if st is None else (st.tries_left if st.tries_left is not None else -1)
    yield from show_result(info_view(flow, body, params=params, step=TOTAL, total=TOTAL))
    return "informed"
