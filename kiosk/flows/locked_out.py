"""Flow 3, "nothing remembered": read only what the card allows without a PIN, never spend a PIN try to find out,
and tell the resident plainly what this kiosk can and cannot do for them, and where to go."""

from __future__ import annotations

from kiosk.card.profile import Pins
from kiosk.flows import steps
from kiosk.flows.context import FlowContext
from kiosk.flows.screens.endings import info_view
from kiosk.flows.steps import PinIsBlocked, Step, error_end
from kiosk.flows.view import FlowKind

TOTAL = 3


def locked_out(ctx: FlowContext) -> Step:
    flow = FlowKind.LOCKED_OUT
    yield from steps.insert_card(ctx, flow, total=TOTAL)
    status = ctx.card.all_pin_status((Pins.AUTH, Pins.SIGN, Pins.TEXT, Pins.JUKI))  # costs no try
    try:
        yield from steps.card_front(ctx, flow, step=2, total=TOTAL)
    except PinIsBlocked:
        raise error_end(flow, "pin_blocked", "pin_b_blocked") from None
    steps.read_card_face(ctx, flow)  # raises ChipNotGenuine for a forged card

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
    yield from steps.wait_for_action(info_view(flow, body, params=params, step=TOTAL, total=TOTAL))
    return "informed"
