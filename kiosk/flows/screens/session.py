"""Screens of the session around the flows: the start screen, the service menu, the idle warning."""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.flows.actions import CANCEL, START, STILL_HERE, service
from kiosk.flows.view import FlowKind, Screen, View


def attract_view() -> View:
    return View(Screen.ATTRACT, None, "attract.title", "attract.body", actions=(START,))


def services_view(offered: Iterable[FlowKind], *, online: bool = True) -> View:
    """The services menu: one button per offered flow, in the order given, then cancel."""
    return View(
        Screen.CHOOSE_SERVICE, None, "services.title", "services.body",
        actions=(*(service(kind) for kind in offered), CANCEL), error=None if online else "backend_down",
    )  # fmt: skip


def idle_warning_view(flow: FlowKind | None, seconds: int) -> View:
    """ "Are you still there?" over the current screen, with the seconds left before the session ends."""
    return View(
        Screen.IDLE_WARNING, flow, "idle.title", "idle.body", params={"seconds": seconds}, countdown=seconds,
        actions=(STILL_HERE,),
    )  # fmt: skip
