"""What every step shares: the Step type, how a step ends a flow, and waiting for a button."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from kiosk.card.profile import PinRef
from kiosk.flows.context import FlowEnded
from kiosk.flows.events import Act, Event
from kiosk.flows.screens.endings import error_view, info_view
from kiosk.flows.view import FlowKind, View

Step = Generator[View, Event, Any]


class Cancelled(Exception):
    """The resident pressed cancel."""


class ResidentForgot(Exception):
    """The resident said they forgot PIN ``ref`` (nothing was sent)."""

    def __init__(self, ref: PinRef) -> None:
        self.ref = ref
        super().__init__(ref.name)


class PinIsBlocked(Exception):
    """PIN ``ref`` has no tries left (found before anything was sent, or by the last wrong try)."""

    def __init__(self, ref: PinRef) -> None:
        self.ref = ref
        super().__init__(ref.name)


def ended(flow: FlowKind, body: str, outcome: str) -> FlowEnded:
    """End the flow on an information screen (``body``: what the kiosk cannot do, where to go instead)."""
    return FlowEnded(info_view(flow, body), outcome)


def error_end(flow: FlowKind, kind: str, outcome: str, **params: str | int) -> FlowEnded:
    return FlowEnded(error_view(flow, kind, params=params), outcome)


def act(event: Event, *ids: str) -> str | None:
    """The action id when ``event`` is a press of one of ``ids``, else None."""
    if isinstance(event, Act) and event.action_id in ids:
        return event.action_id
    return None


def wait_for_action(view: View) -> Step:
    """Show ``view`` until one of its enabled actions is pressed; returns the action id (cancel raises Cancelled).
    A press of a disabled action (a stale or forged event: the screen does not let it be pressed) is ignored."""
    ids = {a.id for a in view.actions if a.enabled}
    while True:
        event = yield view
        chosen = act(event, *ids)
        if chosen == "cancel":
            raise Cancelled
        if chosen is not None:
            return chosen
