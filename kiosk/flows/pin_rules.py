"""Rules for a NEW PIN chosen at the kiosk, checked before anything is sent anywhere.

The card's own rules (format) come first; then we refuse values that are easy to guess: the ministry asks that
the 4-digit PINs not equal the birth date or the security code (seed 003), and trivial values (one digit
repeated, a run such as 1234 or 9876) are refused for every PIN. Each refusal is a message key the UI shows.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from kiosk.card.pin import Pin

SIGN_RE = re.compile(r"[A-Z0-9]{6,16}")
DIGITS4_RE = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Personal:
    """What the card told us that a new PIN must not be (never logged; dropped with the session)."""

    birth_date: date | None = field(default=None, repr=False)
    security_code: str | None = field(default=None, repr=False)


def _is_run(text: str) -> bool:
    codes = [ord(c) for c in text]
    steps = {b - a for a, b in itertools.pairwise(codes)}
    return len(steps) == 1 and steps <= {1, -1}


def _birth_forms(birth: date) -> set[str]:
    return {f"{birth:%m%d}", f"{birth:%d%m}", f"{birth:%Y}", f"{birth:%y%m}", f"{birth:%m%y}", f"{birth:%y%m%d}"}


def check_sign_pin(value: str, personal: Personal) -> str | None:
    """None when ``value`` (already upper-cased) is acceptable as a new signature PIN, else a message key."""
    if len(value) < 6:
        return "pin.weak.too_short"
    if not SIGN_RE.fullmatch(value) or not (re.search(r"[A-Z]", value) and re.search(r"[0-9]", value)):
        return "pin.weak.needs_letter_and_digit"
    if len(set(value)) <= 2:
        return "pin.weak.repeated"
    if _is_run(value):
        return "pin.weak.sequence"
    if personal.birth_date and any(form in value for form in (f"{personal.birth_date:%Y%m%d}",
                                                              f"{personal.birth_date:%y%m%d}")):  # fmt: skip
        return "pin.weak.birth_date"
    return None


def check_four_digit_pin(value: str, personal: Personal) -> str | None:
    """None when ``value`` is acceptable as the new common 4-digit PIN, else a message key."""
    if not DIGITS4_RE.fullmatch(value):
        return "pin.weak.too_short"
    if len(set(value)) == 1:
        return "pin.weak.repeated"
    if _is_run(value):
        return "pin.weak.sequence"
    if personal.birth_date and value in _birth_forms(personal.birth_date):
        return "pin.weak.birth_date"
    if personal.security_code and value == personal.security_code:
        return "pin.weak.security_code"
    return None


def check_new_pin(pin: Pin, *, four_digit: bool, personal: Personal) -> str | None:
    text = pin.reveal().decode("ascii", errors="replace")
    return check_four_digit_pin(text, personal) if four_digit else check_sign_pin(text, personal)
