"""Ports the card layer needs from a reader driver (implemented in ``drivers/cards``)."""

from __future__ import annotations

from typing import Protocol


class CardConnection(Protocol):
    """An open, exclusive connection to one card.

    ``transmit`` sends one command APDU and returns the response data followed by SW1 SW2. It raises only
    :class:`kiosk.card.errors.TransportError` subclasses (``CardRemoved``, ``ReaderGone``, ``CardTimeout``, ...),
    never for a status word. Every call is bounded in time.
    """

    @property
    def supports_extended(self) -> bool:
        """True when the reader *and* the card are known to carry extended-length APDUs."""
        ...

    def transmit(self, apdu: bytes) -> bytes: ...

    def close(self, *, reset: bool = True) -> None:
        """End the session; ``reset=True`` resets the card so no verified PIN outlives it."""
        ...


class CardReader(Protocol):
    """A reader slot (contact, contactless, or simulated) that can hold one card."""

    @property
    def name(self) -> str: ...

    def card_present(self) -> bool: ...

    def wait_for_card(self, timeout: float) -> bool:
        """Block until a card is present or ``timeout`` seconds pass; True if a card is present."""
        ...

    def wait_for_removal(self, timeout: float) -> bool:
        """Block until the card is gone or ``timeout`` seconds pass; True if no card is present."""
        ...

    def connect(self) -> CardConnection:
        """Open an exclusive connection to the present card (raises ``NoCard``, ``ReaderBusy``, ...)."""
        ...
