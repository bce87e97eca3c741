"""PIN values: a type that never shows itself, and format checks done before anything reaches the card."""

from __future__ import annotations

import re
from datetime import date

from kiosk.card.errors import PinFormatError
from kiosk.card.profile import PinFormat

_PATTERNS = {
    PinFormat.DIGITS4: re.compile(r"[0-9]{4}"),
    PinFormat.SIGN: re.compile(r"[A-Z0-9]{6,16}"),
    PinFormat.BIRTH6: re.compile(r"[0-9]{6}"),
    PinFormat.PIN_B: re.compile(r"[0-9]{14}"),
}


class Pin:
    """A secret entered by a resident. ``repr`` and ``str`` never show it; ``wipe`` zeroes the buffer."""

    __slots__ = ("_buf",)

    def __init__(self, value: str | bytes) -> None:
        raw = value.encode("ascii", errors="strict") if isinstance(value, str) else bytes(value)
        self._buf = bytearray(raw)

    def __repr__(self) -> str:
        return "Pin(****)"

    __str__ = __repr__

    def __len__(self) -> int:
        return len(self._buf)

    def reveal(self) -> bytes:
        """The bytes to put in a VERIFY command. Callers must not keep them."""
        return bytes(self._buf)

    def wipe(self) -> None:
        for i in range(len(self._buf)):
            self._buf[i] = 0
        self._buf = bytearray()

    def __eq__(self, other: object) -> bool:
        import hmac

        return isinstance(other, Pin) and hmac.compare_digest(bytes(self._buf), bytes(other._buf))

    def __hash__(self) -> int:
        raise TypeError("Pin is not hashable")

    def __reduce__(self) -> str:
        raise TypeError("Pin must not be pickled")


def normalise(value: str, fmt: PinFormat) -> Pin:
    """Return the PIN as the card expects it (sign passwords upper-cased), or raise :class:`PinFormatError`.

    The error message names the expected format only, never the value.
    """
    text = value.strip()
    if fmt is PinFormat.SIGN:
        text = text.upper()
    if not text.isascii() or _PATTERNS[fmt].fullmatch(text) is None:
        raise PinFormatError(f"PIN must be {fmt.value}")
    return Pin(text)


def pin_b(birth_date: date, card_expiry_year: int, security_code: str) -> Pin:
    """照合番号B: birth date YYMMDD ‖ card expiry year YYYY ‖ the 4-digit security code printed on the card."""
    if not (re.fullmatch(r"[0-9]{4}", security_code) and 2000 <= card_expiry_year <= 2999):
        raise PinFormatError(f"PIN must be {PinFormat.PIN_B.value}")
    return Pin(f"{birth_date:%y%m%d}{card_expiry_year:04d}{security_code}")
