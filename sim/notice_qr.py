"""The QR code of a J-LIS-like expiry notice (有効期限通知書) and its renewal application form.

The real notice's QR content is not public. The simulator ASSUMES (docs/card-profile.md, "Expiry-notice QR
code"): an ISO/IEC 18004 QR code, error correction M, segments as the encoder chooses, holding the ASCII text
``MYNA-NOTICE:1:<application-form id, 23 digits>:<municipality code, 6 digits>`` — the 23-digit 申請書ID is
printed on the real form; the municipality code (全国地方公共団体コード) names who sent it. No personal data: the
resident still inserts the card, which is what proves who they are.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from sim.image import CardImage

PREFIX: Final = "MYNA-NOTICE"
VERSION: Final = 1
APPLICATION_ID_DIGITS: Final = 23
_MUNICIPALITY: Final = re.compile(r"[0-9]{6}")
MODULE_PX: Final = 8
QUIET_MODULES: Final = 4
"""The quiet zone ISO/IEC 18004 requires around the symbol."""


@dataclass(frozen=True)
class Notice:
    application_id: str
    municipality_code: str

    def __post_init__(self) -> None:
        if len(self.application_id) != APPLICATION_ID_DIGITS or not self.application_id.isdigit():
            raise ValueError(f"an application-form id is {APPLICATION_ID_DIGITS} digits")
        if _MUNICIPALITY.fullmatch(self.municipality_code) is None:
            raise ValueError("a municipality code is 6 digits")

    @property
    def payload(self) -> str:
        return f"{PREFIX}:{VERSION}:{self.application_id}:{self.municipality_code}"


def notice_for(image: CardImage, municipality_code: str) -> Notice:
    """The notice J-LIS would mail for the card in ``image``: an id derived from the card serial."""
    digest = hashlib.sha256(b"notice|" + image.serial.encode("ascii")).digest()
    number = int.from_bytes(digest, "big") % 10**APPLICATION_ID_DIGITS
    return Notice(f"{number:0{APPLICATION_ID_DIGITS}d}", municipality_code)


def qr_image(payload: str) -> Any:
    """A grey image (uint8 array) of the QR code of ``payload`` on white paper, quiet zone included."""
    import cv2

    cv: Any = cv2
    params = cv.QRCodeEncoder.Params()
    params.correction_level = cv.QRCODE_ENCODER_CORRECT_LEVEL_M
    symbol = cv.QRCodeEncoder.create(params).encode(payload)  # one pixel per module, quiet zone included
    if symbol is None or symbol.size == 0:
        raise ValueError("payload does not fit a QR code")
    symbol = _with_quiet_zone(np.asarray(symbol, dtype=np.uint8))
    return cv.resize(symbol, None, fx=MODULE_PX, fy=MODULE_PX, interpolation=cv.INTER_NEAREST)


def notice_picture(notice: Notice) -> Any:
    """A BGR picture of the notice's corner as a kiosk camera would see it: the code on paper, slightly turned."""
    import cv2

    cv: Any = cv2
    code = qr_image(notice.payload)
    page = np.full((code.shape[0] + 160, code.shape[1] + 160), 245, dtype=np.uint8)
    page[80 : 80 + code.shape[0], 80 : 80 + code.shape[1]] = np.where(code < 128, 20, 245)
    centre = (page.shape[1] / 2, page.shape[0] / 2)
    turned = cv.warpAffine(page, cv.getRotationMatrix2D(centre, 7, 1.0), page.shape[::-1], borderValue=200)
    return cv.cvtColor(turned, cv.COLOR_GRAY2BGR)


def _with_quiet_zone(symbol: Any) -> Any:
    # OpenCV's encoder already adds a border; make sure it is at least the standard's 4 modules.
    dark_rows = np.where((symbol < 128).any(axis=1))[0]
    dark_cols = np.where((symbol < 128).any(axis=0))[0]
    core = symbol[dark_rows[0] : dark_rows[-1] + 1, dark_cols[0] : dark_cols[-1] + 1]
    return np.pad(core, QUIET_MODULES, constant_values=255)
