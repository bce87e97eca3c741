"""住基AP: the 住基 PIN and record 1 of SFI 1, which carries the card serial.

Almost nothing of this application is public (reference §3.4). Record 1 is ``30 0F`` + 15 ASCII
characters: ``"01"`` then the 13-digit card serial, so that a reader printing characters [2..15) of the
value (jpki/myna's 製造番号) gets the serial. The 住民票コード file is not simulated.
"""

from __future__ import annotations

from typing import Final

from sim.apps.common import fid_key
from sim.errors import CardImageError
from sim.image import CardImage
from sim.os.access import ALWAYS
from sim.os.files import DedicatedFile, PinEf, RecordEf
from sim.profile import Aid, Juki, PinId
from sim.tlv import tlv

APP: Final = "juki"
SERIAL_LENGTH: Final = 13
_PREFIX: Final = b"01"


def records(serial: str) -> dict[str, tuple[bytes, ...]]:
    """Record file contents for a card image."""
    if len(serial) != SERIAL_LENGTH or not serial.isascii() or not serial.isdigit():
        raise ValueError("the card serial is 13 ASCII digits")
    return {fid_key(Juki.RECORDS): (tlv(b"\x30", _PREFIX + serial.encode("ascii")),)}


def application(image: CardImage) -> DedicatedFile:
    """The 住基 DF of ``image``."""
    recs = image.records.get(APP, {}).get(fid_key(Juki.RECORDS))
    if not recs:
        raise CardImageError("card image has no 住基AP record file")
    return DedicatedFile.of(Aid.JUKI.value, [RecordEf(Juki.RECORDS, recs, ALWAYS), PinEf(Juki.PIN, PinId.JUKI)])
