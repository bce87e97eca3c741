"""The 住基AP: as far as the public record knows it, a card serial readable without a PIN."""

from __future__ import annotations

from kiosk.card import data
from kiosk.card.profile import JUKI_SERIAL_RECORD, JUKI_SERIAL_SFI, Aid
from kiosk.card.session import CardSession


class Juki:
    def __init__(self, session: CardSession) -> None:
        self._s = session

    def serial(self) -> str:
        record = self._s.read_record(Aid.JUKI, JUKI_SERIAL_SFI, JUKI_SERIAL_RECORD, personal=False)
        return data.parse_juki_serial(record)
