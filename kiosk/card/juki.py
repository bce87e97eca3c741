"""The 住基AP: as far as the public record knows it, a card serial readable without a PIN."""

from __future__ import annotations

from kiosk.card import data
from kiosk.card.profile import JUKI_SERIAL_RECORD, JUKI_SERIAL_SFI, Aid
from kiosk.card.session import CardSession


class Juki:
    def __init__(self, session: CardSession) -> None:
        self._s = session

    def record(self) -> bytes:
        """Record 1 of SFI 1 as the card returns it (the backend identifies the card by it)."""
        return self._s.read_record(Aid.JUKI, JUKI_SERIAL_SFI, JUKI_SERIAL_RECORD, personal=False)

    def serial(self) -> str:
        return data.parse_juki_serial(self.record())
