"""The card-face AP (券面AP): images of the card front, read after PIN-B (照合番号B).

The kiosk reads the front (EF 0002) only; the back-of-card image (EF 0005, the My Number) is never read.
"""

from __future__ import annotations

from kiosk.card import data
from kiosk.card.apdu import Command
from kiosk.card.errors import MalformedResponse
from kiosk.card.jpki import digest_info
from kiosk.card.profile import INTERNAL_AUTH_INS, MAX_SIGN_INPUT, Aid, KenkakuFiles
from kiosk.card.session import CardSession


class Kenkaku:
    def __init__(self, session: CardSession) -> None:
        self._s = session

    def front_raw(self) -> bytes:
        return self._s.read_ef(Aid.KENKAKU, KenkakuFiles.FRONT)

    def front(self) -> data.FrontFace:
        return data.parse_front_face(self.front_raw())

    def certificate_raw(self) -> bytes:
        """EF 0004: the issuer's intermediate certificate that signs the front (no personal data)."""
        return self._s.read_ef(Aid.KENKAKU, KenkakuFiles.CVC, personal=False)

    def certificate(self) -> data.CardVerifiableCertificate:
        return data.parse_cvc(self.certificate_raw())

    def basic_info(self) -> data.VisualBasicInfo:
        return data.parse_visual_basic_info(self._s.read_ef(Aid.KENKAKU, KenkakuFiles.BASIC_INFO, personal=False))

    def internal_authenticate(self, message: bytes) -> bytes:
        """EXPERIMENTAL: the card signs SHA-256(``message``) with its card key (see docs/card-profile.md)."""
        payload = digest_info(message)
        if len(payload) > MAX_SIGN_INPUT:
            raise ValueError("DigestInfo too long for a 2048-bit key")
        self._s.select(Aid.KENKAKU)
        response = self._s.send(Command(0x00, INTERNAL_AUTH_INS, 0x00, 0x80, payload, le=256))
        if len(response.data) != 256:
            raise MalformedResponse(f"internal authentication answer of {len(response.data)} bytes")
        return response.data
