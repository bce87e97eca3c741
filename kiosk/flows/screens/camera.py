"""The screen a session ends on when the camera stops delivering frames (the kiosk's frame watchdog)."""

from __future__ import annotations

from kiosk.flows.screens.endings import error_view
from kiosk.flows.view import FlowKind, View

CAMERA_DOWN = "camera_down"
"""The error kind (``kiosk.flows.messages.ERRORS``) and the session's outcome."""


def camera_down_view(flow: FlowKind | None) -> View:
    """The camera is out of order: nothing was changed or sent; the resident takes the card and asks staff or goes
    to the city office (the technician has been alerted)."""
    return error_view(flow, CAMERA_DOWN)
