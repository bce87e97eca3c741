"""Reading the QR code of an expiry notice or renewal application form (optional start of the renewal flow).

The payload is the simulator's assumption (docs/card-profile.md, "Expiry-notice QR code"; the real content is not
public): ``MYNA-NOTICE:1:<23-digit application-form id>:<6-digit municipality code>``. The code only pre-fills the
application: the card is still required, and the id says nothing about who holds the notice.

:func:`read_notice_qr` takes a camera frame (BGR or grey array) and returns a :class:`NoticeQr`, or raises a
:class:`NoticeQrError`: :class:`QrNotFound` (no code in the picture, or one that could not be decoded: ask the
resident to hold the notice flat and closer) or :class:`NotAnExpiryNotice` (a readable code of something else).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from kiosk.wire import MUNICIPALITY_CODE_PATTERN

PREFIX: Final = "MYNA-NOTICE"
VERSION: Final = "1"
MAX_PAYLOAD: Final = 256
_ID: Final = re.compile(r"[0-9]{23}")
_MUNICIPALITY: Final = re.compile(MUNICIPALITY_CODE_PATTERN)


class NoticeQrError(Exception):
    """The picture did not yield an expiry-notice QR code."""


class QrNotFound(NoticeQrError):
    """No QR code was found, or one was found but could not be decoded (damaged, blurred, cut off)."""


class NotAnExpiryNotice(NoticeQrError):
    """A QR code was read, but it is not an expiry notice's (wrong prefix, version or fields)."""


@dataclass(frozen=True)
class NoticeQr:
    application_id: str = field(repr=False)  # 申請書ID, 23 digits: names one resident's application
    municipality_code: str  # 全国地方公共団体コード of the sender


def parse_notice_payload(text: str) -> NoticeQr:
    """The notice in a decoded payload; raises :class:`NotAnExpiryNotice` (never echoing the payload)."""
    if len(text) > MAX_PAYLOAD:
        raise NotAnExpiryNotice("QR payload too long for an expiry notice")
    parts = text.split(":")
    if len(parts) != 4 or parts[0] != PREFIX:
        raise NotAnExpiryNotice("QR code is not an expiry notice's")
    _, version, application_id, municipality = parts
    if version != VERSION:
        raise NotAnExpiryNotice(f"expiry-notice QR version is not {VERSION}")
    if _ID.fullmatch(application_id) is None:
        raise NotAnExpiryNotice("expiry-notice application id is not 23 digits")
    if _MUNICIPALITY.fullmatch(municipality) is None:
        raise NotAnExpiryNotice("expiry-notice municipality code is not 6 digits")
    return NoticeQr(application_id, municipality)


def read_notice_qr(frame: Any) -> NoticeQr:
    """Find, decode and parse the notice's QR code in ``frame`` (OpenCV ``QRCodeDetector``)."""
    import cv2

    cv: Any = cv2
    try:
        text, points, _ = cv.QRCodeDetector().detectAndDecode(frame)
    except cv.error as exc:
        raise QrNotFound(f"picture could not be searched for a QR code ({type(exc).__name__})") from None
    if points is None:
        raise QrNotFound("no QR code in the picture")
    if not text:
        raise QrNotFound("a QR code was found but could not be decoded")
    return parse_notice_payload(text)
