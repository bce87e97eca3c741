"""The in-process virtual card as a reader: the same bytes a real card would exchange, with no transport between.

The reader can be "inserted into" and "removed from" (technicians and tests do this), and a fault plan makes the
card misbehave on purpose (``sim:card.json?faults=remove@12``).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from kiosk.card.errors import CardRemoved, NoCard
from sim.card import VirtualCard
from sim.faults import CardGone, FaultPlan, FaultyCard


class SimConnection:
    """A connection to the virtual card; ``close(reset=True)`` resets it like SCARD_RESET_CARD would.

    Like a PC/SC handle it belongs to one insertion of one card: once that card is pulled (even if it, or another
    card, is put back) or replaced, every call on it raises :class:`CardRemoved`, and only a new ``connect`` talks to
    what is in the reader now.
    """

    def __init__(self, reader: SimReader) -> None:
        self._reader = reader
        self._insertion = reader.insertion
        self._card = reader.card.card
        self._open = True

    def _current(self) -> bool:
        return self._reader.insertion == self._insertion and self._reader.card.card is self._card

    @property
    def supports_extended(self) -> bool:
        return self._reader.card.extended_length and self._reader.reader_extended

    def transmit(self, apdu: bytes) -> bytes:
        if not self._open:
            raise CardRemoved("connection already closed")
        if not self._current():
            self._open = False
            raise CardRemoved("the card this connection was made to left the reader")
        try:
            return self._reader.card.transmit(apdu)
        except CardGone:
            self._open = False
            raise CardRemoved("the virtual card was removed") from None

    def close(self, *, reset: bool = True) -> None:
        if self._open and reset and self._reader.card_present() and self._current():
            self._reader.card.reset()
        self._open = False


class SimReader:
    """A reader slot holding one virtual card image."""

    def __init__(self, card: VirtualCard, *, faults: FaultPlan | None = None, reader_extended: bool = True) -> None:
        self.card = FaultyCard(card, faults or FaultPlan())
        self.reader_extended = reader_extended
        self._present = threading.Event()
        self._present.set()
        self._name = "Virtual My Number Card (in-process)"
        self._powered = False
        self._insertions = 0

    @classmethod
    def from_file(cls, path: Path, *, faults: FaultPlan | None = None, reader_extended: bool = True) -> SimReader:
        return cls(VirtualCard.load(path), faults=faults, reader_extended=reader_extended)

    @property
    def name(self) -> str:
        return self._name

    def insert(self) -> None:
        self.card.insert()
        self._powered = False
        self._present.set()

    def remove(self) -> None:
        self.card.remove()
        self._present.clear()
        self._insertions += 1  # every connection made before this is void, as a PC/SC handle is

    @property
    def insertion(self) -> int:
        """Which insertion of a card this is (changes whenever the card leaves the reader)."""
        return self._insertions

    def card_present(self) -> bool:
        return self._present.is_set()

    def wait_for_card(self, timeout: float) -> bool:
        return self._present.wait(timeout)

    def wait_for_removal(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self._present.is_set():
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        return True

    def connect(self) -> SimConnection:
        if not self.card_present():
            raise NoCard("no card in the virtual reader")
        if not self._powered:
            self.card.power_on()
            self._powered = True
        return SimConnection(self)
