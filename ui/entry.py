"""What the resident is typing, and the keypad it is typed on.

The characters of a PIN pass through here on their way to the flow, so :class:`Entry` holds them the way
:class:`kiosk.card.pin.Pin` does: in one ``bytearray`` that is zeroed whenever it is let go (a key deleted, the entry
cleared or sent, a new screen), never in a ``str``. What leaves it for a masked entry is only the number of characters
(for the dots) and, once, a ``Pin`` for the flow; its ``repr`` shows the length and nothing else, and it cannot be
pickled or copied.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from kiosk.card.pin import Pin
from kiosk.flows.view import EntryKind, EntrySpec

DIGITS = "0123456789"
ORDERED_KEYPAD = "1234567890"  # 1-9 in rows, 0 in the middle of the bottom row
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class Entry:
    """The entry of the View on screen: its typed characters and its keypad's layout.

    ``start`` begins a new entry (empty; digit keypads in the usual 1-9/0 order, a masked one reshuffled only where
    the site asks for it with ``shuffle``: low-vision residents find a moving keypad hard),
    ``press``/``backspace``/``clear`` change it and say whether anything changed, ``submit`` hands out the value."""

    __slots__ = ("_buffer", "_layout", "_spec", "shuffle")

    def __init__(self, *, shuffle: bool = False) -> None:
        self.shuffle = shuffle
        self._spec: EntrySpec | None = None
        self._buffer = bytearray()
        self._layout: list[str] = list(DIGITS)

    def __repr__(self) -> str:
        return f"Entry(length={len(self._buffer)})"

    def __reduce__(self) -> str:
        raise TypeError("Entry must not be pickled or copied: it may hold a PIN")

    def start(self, spec: EntrySpec | None) -> None:
        """Begin a new, empty entry for ``spec`` (None: the screen takes no input)."""
        self._wipe()
        self._spec = spec
        if spec is not None and spec.kind is EntryKind.DIGITS and spec.masked and self.shuffle:
            self._layout = shuffled(DIGITS, avoid=self._layout)
        elif spec is not None and spec.kind in (EntryKind.DIGITS, EntryKind.DATE):
            self._layout = list(ORDERED_KEYPAD)  # not a secret: the familiar order is quicker and safer

    def press(self, key: str) -> bool:
        """Add one key; a character the entry cannot take (or one too many) is ignored and False returned."""
        spec = self._spec
        if spec is None or len(key) != 1 or len(self._buffer) >= spec.max_length:
            return False
        allowed = ALNUM if spec.kind is EntryKind.ALNUM else DIGITS if spec.kind is not EntryKind.TEXT else None
        char = key.upper() if spec.kind is EntryKind.ALNUM else key
        if (allowed is not None and char not in allowed) or not char.isascii() or not char.isprintable():
            return False
        self._buffer += char.encode("ascii")
        return True

    def backspace(self) -> bool:
        if not self._buffer:
            return False
        self._buffer[-1] = 0
        del self._buffer[-1]
        return True

    def clear(self) -> None:
        self._wipe()

    def submit(self) -> Pin | str | None:
        """The value to send (a ``Pin`` when masked), and a new, reshuffled entry; None while it cannot be sent."""
        if not self.can_submit or self._spec is None:
            return None
        value: Pin | str = Pin(bytes(self._buffer)) if self._spec.masked else self._buffer.decode("ascii")
        self.start(self._spec)
        return value

    def _wipe(self) -> None:
        for i in range(len(self._buffer)):
            self._buffer[i] = 0
        self._buffer = bytearray()

    @property
    def length(self) -> int:
        return len(self._buffer)

    @property
    def text(self) -> str:
        """What was typed, for an entry shown in clear; always empty for a masked one."""
        return "" if self._spec is None or self._spec.masked else self._buffer.decode("ascii")

    @property
    def can_submit(self) -> bool:
        return self._spec is not None and self._spec.min_length <= len(self._buffer) <= self._spec.max_length

    @property
    def layout(self) -> list[str]:
        return list(self._layout)


def shuffled(symbols: Sequence[str], *, avoid: Sequence[str] = ()) -> list[str]:
    """A uniformly random order of ``symbols`` from the OS's CSPRNG, never equal to ``avoid`` (the last layout)."""
    rng = secrets.SystemRandom()
    layout = list(symbols)
    while True:
        rng.shuffle(layout)
        if layout != list(avoid):
            return layout
