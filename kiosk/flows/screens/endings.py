"""Screens a flow ends on: information (what the kiosk cannot do, where to go), errors, and results."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.flows.actions import FINISH, RECEIPT
from kiosk.flows.messages import ERROR_CODES
from kiosk.flows.view import Action, FlowKind, Screen, View

Params = Mapping[str, str | int | float | bool]
TAKE_CARD = ("card.take.body",)  # on every result: the classic kiosk failure is the card left behind


def info_view(flow: FlowKind | None, body: str, *, params: Params | None = None, step: int = 0, total: int = 0) -> View:
    """What the kiosk cannot do for this resident and where to go instead (``body`` is the message key)."""
    return View(
        Screen.INFO, flow, "info.locked_out.title", body, params=dict(params or {}), actions=(FINISH,), step=step,
        total_steps=total,
    )  # fmt: skip


def error_view(
    flow: FlowKind | None,
    kind: str,
    *,
    params: Params | None = None,
    actions: tuple[Action, ...] = (FINISH,),
    step: int = 0,
    total: int = 0,
) -> View:
    """The error screen for error kind ``kind`` (see ``kiosk.flows.messages.ERRORS``), with its stable code for the
    helpline (``ERROR_CODES``, ``docs/error-codes.md``)."""
    return View(
        Screen.ERROR, flow, f"error.{kind}.title", f"error.{kind}.body",
        params={**(params or {}), "code": ERROR_CODES[kind]}, error=kind,
        actions=actions, step=step, total_steps=total,
    )  # fmt: skip


def reset_done_view(flow: FlowKind, reference: str, *, total: int) -> View:
    """A PIN was reset on the card; ``reference`` is what the resident quotes at the counter."""
    return View(
        Screen.RESULT, flow, "reset.done.title", "reset.done.body", params={"reference": reference},
        hints=TAKE_CARD, actions=(FINISH,), step=total, total_steps=total,
    )  # fmt: skip


def reset_unconfirmed_view(flow: FlowKind, reference: str, *, total: int) -> View:
    """The card was sent the reset script but the service has not confirmed it: the outcome is unknown, so the
    resident is told to try the new PIN first (never "nothing was changed")."""
    return View(
        Screen.RESULT, flow, "reset.unconfirmed.title", "reset.unconfirmed.body", params={"reference": reference},
        hints=TAKE_CARD, actions=(FINISH,), step=total, total_steps=total,
    )  # fmt: skip


def renewal_done_view(
    flow: FlowKind,
    application_number: str | None,
    *,
    by_mail: bool,
    total: int,
    local_reference: str = "",
    pickup_to_arrange: bool = False,
) -> View:
    """The renewal application was accepted (with its number) or, with ``None``, saved on this kiosk and not yet
    sent: then it says so, with ``local_reference`` in the number's place, never as accepted.
    ``pickup_to_arrange``: accepted for counter pick-up with no time booked; the city office will call."""
    if application_number is None:
        return View(
            Screen.RESULT, flow, "renewal.queued.title", "renewal.queued.body",
            params={"local_reference": local_reference}, hints=TAKE_CARD, actions=(RECEIPT, FINISH), step=total,
            total_steps=total,
        )  # fmt: skip
    body = "renewal.done.mail.body" if by_mail else "renewal.done.body"
    if pickup_to_arrange and not by_mail:
        body = "renewal.done.contact.body"
    return View(
        Screen.RESULT, flow, "renewal.done.title", body, params={"application_number": application_number},
        hints=TAKE_CARD, actions=(RECEIPT, FINISH), step=total, total_steps=total,
    )  # fmt: skip
