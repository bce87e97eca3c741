"""PIN values: a type that never shows itself, and format checks done before anything reaches the card."""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from kiosk.card.errors import PinFormatError
from kiosk.card.profile import PinFormat

_PATTERNS = {
    PinFormat.DIGITS4: re.compile(rb"[0-9]{4}"),
    PinFormat.SIGN: re.compile(rb"[A-Z0-9]{6,16}"),
    PinFormat.BIRTH6: re.compile(rb"[0-9]{6}"),
    PinFormat.PIN_B: re.compile(rb"[0-9]{14}"),
}


class Pin:
    """A secret entered by a resident. ``repr`` and ``str`` never show it; ``wipe`` zeroes the buffer."""

    __slots__ = ("_buf",)

    def __init__(self, value: str | bytes | bytearray) -> None:
        # A str (a prompt, an environment variable) is immutable: its encoding is one more copy nobody can wipe.
        # Bytes-like values are copied straight into the buffer this Pin owns and wipes.
        self._buf = bytearray(value.encode("ascii", errors="strict") if isinstance(value, str) else value)

    def __repr__(self) -> str:
        return "Pin(****)"

    __str__ = __repr__

    def __len__(self) -> int:
        return len(self._buf)

    def reveal(self) -> bytes:
        """The bytes to put in a VERIFY command (commands and reader libraries take immutable data). Callers must
        not keep them; checks that only read the characters use :meth:`exposed`, which leaves no copy behind."""
        return bytes(self._buf)

    @contextmanager
    def exposed(self) -> Iterator[bytearray]:
        """A copy of the PIN's bytes for checks that read its characters; zeroed when the block ends."""
        copy = bytearray(self._buf)
        try:
            yield copy
        finally:
            _zero(copy)

    def wipe(self) -> None:
        _zero(self._buf)
        self._buf = bytearray()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pin) and hmac.compare_digest(self._buf, other._buf)

    def __hash__(self) -> int:
        raise TypeError("Pin is not hashable")

    def __reduce__(self) -> str:
        raise TypeError("Pin must not be pickled")


def _zero(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


def normalise(value: str | Pin, fmt: PinFormat) -> Pin:
    """Return the PIN as the card expects it (sign passwords upper-cased), or raise :class:`PinFormatError`.

    Give the entered :class:`Pin` where there is one: it is checked in wipeable buffers, never as a ``str``. The
    error message names the expected format only, never the value.
    """
    if isinstance(value, str):
        text = value.strip()  # the str exists already; strip() also drops non-ASCII spaces a keyboard may add
        if not text.isascii():
            raise PinFormatError(f"PIN must be {fmt.value}")
        owned = Pin(text)
        try:
            return normalise(owned, fmt)
        finally:
            owned.wipe()
    with value.exposed() as entered:
        candidate = entered.strip()
        try:
            if fmt is PinFormat.SIGN:
                upper = candidate.upper()  # bytes.upper() changes ASCII letters only
                candidate[:] = upper
                _zero(upper)
            if not candidate.isascii() or _PATTERNS[fmt].fullmatch(candidate) is None:
                raise PinFormatError(f"PIN must be {fmt.value}")
            return Pin(candidate)
        finally:
            _zero(candidate)


def pin_b(birth_date: date, card_expiry_year: int, security_code: str) -> Pin:
    """照合番号B: birth date YYMMDD ‖ card expiry year YYYY ‖ the 4-digit security code printed on the card."""
    if not (re.fullmatch(r"[0-9]{4}", security_code) and 2000 <= card_expiry_year <= 2999):
        raise PinFormatError(f"PIN must be {PinFormat.PIN_B.value}")
    return Pin(f"{birth_date:%y%m%d}{card_expiry_year:04d}{security_code}")
