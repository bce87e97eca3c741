"""``VirtualCard``: a My Number Card in a reader, answering APDU bytes like the chip.

A card is made from a ``CardImage``; when it was loaded from a file (or given a path) every change of a
PIN counter or value is written back to that file atomically before the card answers, so a locked card
stays locked after a reload. The security state (selection, verified PINs) lives only in memory and is
cleared by ``power_on``, ``reset`` and ``power_off``, as on the real chip.

One card image file belongs to one ``VirtualCard`` at a time (one process serving it): like a real card,
it cannot be in two readers, and two writers would overwrite each other's counters.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sim.apps import applications
from sim.image import CardImage
from sim.os.dispatch import CardOs
from sim.os.management import ManagementModule
from sim.os.security import PinCounter, SecurityModule
from sim.profile import ATR, KeyId, PinId


class VirtualCard:
    """One virtual card. Not thread-safe: one reader (one caller) at a time, as with a real card."""

    atr: bytes = ATR

    def __init__(self, image: CardImage, path: Path | None) -> None:
        self._image = image
        self._path = path
        keys = {key: k for key in KeyId if (k := image.private_key(key)) is not None}
        self._os = CardOs(
            applications(image),
            SecurityModule(image.pins, self._persist),
            keys,
            management=ManagementModule(image.serial, image.management, self._persist_management),
            extended_length=image.extended_length,
        )
        self._powered = False

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> VirtualCard:
        """Read a card image file; the card persists its state back to it."""
        return cls(CardImage.load(path), Path(path))

    @classmethod
    def from_image(cls, image: CardImage, path: str | os.PathLike[str] | None = None) -> VirtualCard:
        """A card from an image in memory; with ``path`` it also persists its state there."""
        return cls(image, Path(path) if path is not None else None)

    @property
    def image(self) -> CardImage:
        """The card's current image (PIN counters as they are now)."""
        return self._image

    @property
    def extended_length(self) -> bool:
        """Whether the card accepts extended-length APDUs (``False``: extended APDUs get ``67 00``)."""
        return self._image.extended_length

    @property
    def serial(self) -> str:
        """The 13-digit card serial (also in 住基AP record 1)."""
        return self._image.serial

    def power_on(self) -> bytes:
        """Cold reset: returns the ATR; nothing selected, nothing verified."""
        self._os.reset()
        self._powered = True
        return self.atr

    def power_off(self) -> None:
        """Remove power: the security state is lost."""
        self._os.reset()
        self._powered = False

    def reset(self) -> bytes:
        """Warm reset: returns the ATR; the security state is cleared."""
        return self.power_on()

    def transmit(self, apdu: bytes) -> bytes:
        """Answer one command APDU with response data + SW1 SW2; any bytes get a status word.

        A card that is not powered is powered first, as a reader does when a host connects.
        """
        if not self._powered:
            self.power_on()
        return self._os.process(bytes(apdu))

    def _persist(self, pins: Mapping[PinId, PinCounter]) -> None:
        self._store(self._image.with_pins(pins))

    def _persist_management(self, counter: int) -> None:
        self._store(self._image.with_management_counter(counter))

    def _store(self, image: CardImage) -> None:
        if self._path is not None:
            image.save(self._path)
        self._image = image
