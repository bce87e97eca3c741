"""Screens of PIN entry: one PIN with its tries left, the warning before a last try, and a new PIN chosen twice."""

from __future__ import annotations

from kiosk.card.profile import PinRef, Pins
from kiosk.flows.actions import CANCEL, FORGOT, FORGOT_INSTEAD, TRY_ANYWAY
from kiosk.flows.view import EntryKind, EntrySpec, FlowKind, Screen, View

DIGITS4 = EntrySpec(EntryKind.DIGITS, 4, 4)
SIGN_ENTRY = EntrySpec(EntryKind.ALNUM, 6, 16)


def pin_entry_view(
    flow: FlowKind, ref: PinRef, *, tries_left: int, error: str | None = None, step: int, total: int
) -> View:
    """The keypad for PIN ``ref`` (the signature PIN on a keyboard, the others on shuffled digits)."""
    sign = ref is Pins.SIGN
    return View(
        Screen.PIN_ENTRY, flow, "pin.sign.title" if sign else "pin.auth.title",
        "pin.sign.body" if sign else "pin.auth.body", params={"tries_left": tries_left},
        entry=SIGN_ENTRY if sign else DIGITS4, error=error, actions=(FORGOT, CANCEL), step=step, total_steps=total,
    )  # fmt: skip


def last_try_view(flow: FlowKind, *, step: int, total: int) -> View:
    """Before the last try of a PIN: try anyway, or say it is forgotten (the safe, primary choice)."""
    return View(
        Screen.LAST_TRY_WARNING, flow, "pin.last_try.title", "pin.last_try.body", params={"tries_left": 1},
        actions=(TRY_ANYWAY, FORGOT_INSTEAD, CANCEL), step=step, total_steps=total,
    )  # fmt: skip


def new_pin_view(
    flow: FlowKind, *, four_digit: bool, confirm: bool = False, hint: str | None = None, step: int, total: int
) -> View:
    """Choose a new PIN (``hint``: why the last one was refused), or enter it again (``confirm``)."""
    return View(
        Screen.NEW_PIN, flow, "pin.new.confirm.title" if confirm else "pin.new.title",
        "pin.new.digits.body" if four_digit else "pin.new.sign.body", entry=DIGITS4 if four_digit else SIGN_ENTRY,
        hints=(hint,) if hint else (), actions=(CANCEL,), step=step, total_steps=total,
    )  # fmt: skip
