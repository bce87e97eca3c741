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

SIGN_RE = re.compile(rb"[A-Z0-9]{6,16}")
DIGITS4_RE = re.compile(rb"[0-9]{4}")
_LETTER = re.compile(rb"[A-Z]")
_DIGIT = re.compile(rb"[0-9]")

# The checks read a PIN as bytes (from Pin.exposed, zeroed afterwards), never as a str that nobody can wipe; a str
# is accepted for callers that hold one already.
Text = str | bytes | bytearray


@dataclass(frozen=True)
class Personal:
    """What the card told us that a new PIN must not be (never logged; dropped with the session)."""

    birth_date: date | None = field(default=None, repr=False)
    security_code: str | None = field(default=None, repr=False)


def _bytes(value: Text) -> bytes | bytearray:
    return value.encode("ascii", errors="replace") if isinstance(value, str) else value


def _is_run(value: bytes | bytearray) -> bool:
    steps = {b - a for a, b in itertools.pairwise(value)}
    return len(steps) == 1 and steps <= {1, -1}


def _birth_forms(birth: date) -> set[bytes]:
    forms = (f"{birth:%m%d}", f"{birth:%d%m}", f"{birth:%Y}", f"{birth:%y%m}", f"{birth:%m%y}", f"{birth:%y%m%d}")
    return {form.encode() for form in forms}


def check_sign_pin(value: Text, personal: Personal) -> str | None:
    """None when ``value`` (already upper-cased) is acceptable as a new signature PIN, else a message key."""
    value = _bytes(value)
    if len(value) < 6:
        return "pin.weak.too_short"
    if not SIGN_RE.fullmatch(value) or not (_LETTER.search(value) and _DIGIT.search(value)):
        return "pin.weak.needs_letter_and_digit"
    if len(set(value)) <= 2:
        return "pin.weak.repeated"
    if _is_run(value):
        return "pin.weak.sequence"
    if personal.birth_date and any(form.encode() in value for form in (f"{personal.birth_date:%Y%m%d}",
                                                                       f"{personal.birth_date:%y%m%d}")):  # fmt: skip
        return "pin.weak.birth_date"
    return None


def check_four_digit_pin(value: Text, personal: Personal) -> str | None:
    """None when ``value`` is acceptable as the new common 4-digit PIN, else a message key."""
    value = _bytes(value)
    if not DIGITS4_RE.fullmatch(value):
        return "pin.weak.too_short"
    if len(set(value)) == 1:
        return "pin.weak.repeated"
    if _is_run(value):
        return "pin.weak.sequence"
    if personal.birth_date and any(value == form for form in _birth_forms(personal.birth_date)):
        return "pin.weak.birth_date"
    if personal.security_code and value == personal.security_code.encode():
        return "pin.weak.security_code"
    return None


def check_new_pin(pin: Pin, *, four_digit: bool, personal: Personal) -> str | None:
    """The rules for the PIN being changed, read from a copy of ``pin`` that is zeroed afterwards."""
    with pin.exposed() as value:
        return check_four_digit_pin(value, personal) if four_digit else check_sign_pin(value, personal)
