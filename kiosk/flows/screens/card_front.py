"""Screens of the card-front numbers (PIN-B): each field typed or scanned, then confirmed before it is sent."""

from __future__ import annotations

from kiosk.era_dates import Calendar
from kiosk.flows.actions import BACK, CANCEL, EDIT, OK, SCAN, TYPE, calendar_choice
from kiosk.flows.view import EntryKind, EntrySpec, FlowKind, Screen, View

FIELDS: dict[str, tuple[str, EntrySpec]] = {
    # field -> (instruction message key, entry), in the order the resident is asked; the birth date's entry
    # depends on the calendar its card prints it in (:func:`birth_date_view`)
    "birth_date": ("card_front.birth_date.era.body", EntrySpec(EntryKind.DATE, 6, 6, masked=False, field="birth_date")),
    "expiry_year": (
        "card_front.expiry_year.body",
        EntrySpec(EntryKind.DIGITS, 4, 4, masked=False, field="expiry_year"),
    ),
    "security_code": (
        "card_front.security_code.body",
        EntrySpec(EntryKind.DIGITS, 4, 4, masked=True, field="security_code"),
    ),
}
CALENDARS: tuple[Calendar, ...] = (Calendar.SHOWA, Calendar.HEISEI, Calendar.REIWA, Calendar.TAISHO, Calendar.WESTERN)
"""The choices on the calendar screen, the most common first (大正: residents over 100 hold cards too)."""


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
    """The expiry year or the security code to type (``offer_scan``: or read the card front with the camera).

    The birth date is asked with :func:`calendar_view` and :func:`birth_date_view`.
    """
    label, spec = FIELDS[name]
    return View(
        Screen.CARD_FRONT_ENTRY, flow, "card_front.title", label, entry=spec, error=error,
        params={"tries_left": tries_left}, step=step, total_steps=total,
        actions=((SCAN,) if offer_scan else ()) + (CANCEL,),
    )  # fmt: skip


def calendar_view(
    flow: FlowKind, *, tries_left: int, error: str | None = None, offer_scan: bool = False, step: int, total: int
) -> View:
    """How the card prints the birth date: an era (Japanese nationals) or the western year (foreign residents)."""
    return View(
        Screen.CARD_FRONT_ENTRY, flow, "card_front.title", "card_front.calendar.body",
        params={"tries_left": tries_left, "highlight": "birth_date"}, error=error, step=step, total_steps=total,
        actions=tuple(calendar_choice(c.value) for c in CALENDARS) + ((SCAN,) if offer_scan else ()) + (CANCEL,),
    )  # fmt: skip


def birth_date_view(
    flow: FlowKind, calendar: Calendar, *, tries_left: int, error: str | None = None, step: int, total: int
) -> View:
    """The birth date typed as the card prints it: YYMMDD in ``calendar``'s era, YYYYMMDD for the western year."""
    western = calendar is Calendar.WESTERN
    size = 8 if western else 6
    return View(
        Screen.CARD_FRONT_ENTRY, flow, "card_front.title",
        "card_front.birth_date.western.body" if western else "card_front.birth_date.era.body",
        entry=EntrySpec(EntryKind.DATE, size, size, masked=False, field="birth_date"), error=error,
        params={"tries_left": tries_left, "calendar": calendar.value}, step=step, total_steps=total,
        actions=(BACK, CANCEL),
    )  # fmt: skip


def card_front_confirm_view(
    flow: FlowKind, *, birth_date: str, expiry_year: str, tries_left: int, step: int, total: int
) -> View:
    """The numbers as entered (the security code stays hidden), to confirm before a try is spent on them.

    ``birth_date`` is the date as the card prints it (:meth:`kiosk.era_dates.PrintedDate.printed`).
    """
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
