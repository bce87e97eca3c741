"""Screens of the session around the flows: the start screen, the service menu, consent, the idle warning, and
taking the card back when the session is over."""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.flows.actions import AGREE, CANCEL, DECLINE, FINISH, START, STILL_HERE, service
from kiosk.flows.view import FlowKind, Screen, View

CONSENT_STEP = 1  # consent is the first step of every resident's flow, before the card is read
# What each flow reads or takes, in the order it happens (message keys ``consent.item.<name>``: what and why).
CONSENT_ITEMS: dict[FlowKind, tuple[str, ...]] = {
    FlowKind.SIGN_PIN_RESET: ("pin_status", "card_front", "certificate_auth", "face", "sent"),
    FlowKind.PIN_RESET: ("pin_status", "card_front", "certificate_sign", "face", "sent"),
    FlowKind.RENEWAL: ("card_front", "basic_four", "face", "new_photo", "application"),
    FlowKind.LOCKED_OUT: ("pin_status", "card_front", "nothing_sent"),
}


def attract_view() -> View:
    return View(Screen.ATTRACT, None, "attract.title", "attract.body", actions=(START,))


def services_view(offered: Iterable[FlowKind], *, online: bool = True) -> View:
    """The opening menu: what to bring and how long it takes (body), one button per offered flow in the order
    given, each with what it does (``service.<flow>.about``, drawn beside its button), then cancel."""
    return View(
        Screen.CHOOSE_SERVICE, None, "services.title", "services.body",
        actions=(*(service(kind) for kind in offered), CANCEL), error=None if online else "backend_down",
    )  # fmt: skip


def consent_view(flow: FlowKind, *, total: int) -> View:
    """Before the card is read and before the camera turns on: each datum the flow reads or takes, and why."""
    items = tuple(f"consent.item.{name}" for name in CONSENT_ITEMS[flow])
    return View(
        Screen.CONSENT, flow, "consent.title", "consent.body", hints=items, actions=(AGREE, DECLINE),
        step=CONSENT_STEP, total_steps=total,
    )  # fmt: skip


def consent_declined_view(flow: FlowKind) -> View:
    """The resident said no: nothing was read, and the kiosk says so politely."""
    return View(Screen.INFO, flow, "consent.declined.title", "consent.declined.body", actions=(FINISH,))


def card_return_view(*, alert: int = 0) -> View:
    """The session is over and the card is still in the reader. ``alert`` counts the reminders after the first
    wait (0: the plain request; each new count sounds again)."""
    if not alert:
        return View(Screen.CARD_RETURN, None, "card_return.title", "card_return.body")
    return View(Screen.CARD_RETURN, None, "card_return.alert.title", "card_return.alert.body", params={"alert": alert})


def idle_warning_view(flow: FlowKind | None, seconds: int) -> View:
    """ "Are you still there?" over the current screen, with the seconds left before the session ends."""
    return View(
        Screen.IDLE_WARNING, flow, "idle.title", "idle.body", params={"seconds": seconds}, countdown=seconds,
        actions=(STILL_HERE,),
    )  # fmt: skip
