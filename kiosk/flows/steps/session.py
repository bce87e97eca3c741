"""The ends of a resident's session: consent before anything is read, and the result screen it finishes on."""

from __future__ import annotations

from kiosk.flows.context import FlowEnded
from kiosk.flows.events import CardRemoved
from kiosk.flows.screens.session import consent_declined_view, consent_view
from kiosk.flows.steps.base import Step, act, wait_for_action
from kiosk.flows.view import FlowKind, View

RESULT_OUTCOME_CARD_TAKEN = "card_taken"


def consent(flow: FlowKind, *, total: int) -> Step:
    """Ask before the card is read and before the camera turns on; a "no" ends the session with nothing read."""
    if (yield from wait_for_action(consent_view(flow, total=total))) == "decline":
        raise FlowEnded(consent_declined_view(flow), "consent_declined")


def show_result(view: View) -> Step:
    """Show a final result until the resident presses Finish or takes the card. The card taken ends the session
    quietly: the kiosk keeps this result (and its receipt button) on screen until it times out, never a "card
    removed" error in its place. Other buttons (the receipt) are the front end's; the result stays."""
    ids = {a.id for a in view.actions}
    while True:
        event = yield view
        if isinstance(event, CardRemoved):
            return RESULT_OUTCOME_CARD_TAKEN
        if act(event, *ids) == "finish":
            return "finish"
