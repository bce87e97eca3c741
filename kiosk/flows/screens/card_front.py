"""Screens of the card-front numbers (PIN-B): each field typed or scanned, then confirmed before it is sent."""

from __future__ import annotations

from kiosk.flows.actions import CANCEL, EDIT, OK, SCAN, TYPE
from kiosk.flows.view import EntryKind, EntrySpec, FlowKind, Screen, View

FIELDS: dict[str, tuple[str, EntrySpec]] = {
    # field -> (label message key, entry), in the order the resident is asked
    "birth_date": ("field.birth_date", EntrySpec(EntryKind.DATE, 8, 8, masked=False, field="birth_date")),
    "expiry_year": ("field.expiry_year", EntrySpec(EntryKind.DIGITS, 4, 4, masked=False, field="expiry_year")),
    "security_code": ("field.security_code", EntrySpec(EntryKind.DIGITS, 4, 4, masked=True, field="security_code")),
}


def card_front_field_view(
    flow: FlowKind,
    name: str,
    *,
    tries_left: int,
    error: str | None = None,
    offer_scan: bool = False,
    step: int,
    total: int,
) -> View:
    """One of :data:`FIELDS` to type (``offer_scan``: or read the card front with the camera)."""
    label, spec = FIELDS[name]
    return View(
        Screen.CARD_FRONT_ENTRY, flow, "card_front.title", label, entry=spec, error=error,
        params={"tries_left": tries_left}, step=step, total_steps=total,
        actions=((SCAN,) if offer_scan else ()) + (CANCEL,),
    )  # fmt: skip


def card_front_confirm_view(
    flow: FlowKind, *, birth_date: str, expiry_year: str, tries_left: int, step: int, total: int
) -> View:
    """The numbers as entered (the security code stays hidden), to confirm before a try is spent on them."""
    return View(
        Screen.CARD_FRONT_ENTRY, flow, "card_front.title", "card_front.confirm", params={"tries_left": tries_left},
        data={"birth_date": birth_date, "expiry_year": expiry_year},  # personal: not in params
        actions=(OK, EDIT, CANCEL), step=step, total_steps=total,
    )  # fmt: skip


def card_front_scan_view(flow: FlowKind, *, step: int, total: int) -> View:
    """Hold the card front to the camera (or go back to typing)."""
    return View(
        Screen.CARD_FRONT_ENTRY, flow, "card_front.title", "card_front.scan", camera=True, step=step,
        total_steps=total, actions=(TYPE, CANCEL),
    )  # fmt: skip


def card_front_recognising_view(flow: FlowKind, *, step: int, total: int) -> View:
    """A camera picture of the card front is being read."""
    return View(
        Screen.CARD_FRONT_ENTRY, flow, "card_front.title", "face.matching", camera=True, step=step, total_steps=total
    )
