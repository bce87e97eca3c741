"""The JPKI application (公的個人認証AP): certificates and signatures with the two JPKI keys."""

from __future__ import annotations

import hashlib
from enum import Enum

from kiosk.card.apdu import Command, Ins
from kiosk.card.errors import MalformedResponse
from kiosk.card.profile import MAX_SIGN_INPUT, TOKEN_SIZE, Aid, JpkiFiles, PinRef, Pins
from kiosk.card.session import CardSession

# DER DigestInfo prefixes (RFC 8017 §9.2)
DIGEST_INFO_PREFIX = {
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


class JpkiKey(Enum):
    """The two JPKI keys, with the PIN that unlocks each."""

    AUTH = (JpkiFiles.AUTH_KEY, Pins.AUTH)
    SIGN = (JpkiFiles.SIGN_KEY, Pins.SIGN)

    @property
    def fid(self) -> int:
        return self.value[0]

    @property
    def pin(self) -> PinRef:
        return self.value[1]


def digest_info(message: bytes, hash_name: str = "sha256") -> bytes:
    """DER DigestInfo over ``message`` — what the card signs (it pads, it does not hash)."""
    return DIGEST_INFO_PREFIX[hash_name] + hashlib.new(hash_name, message).digest()


class Jpki:
    def __init__(self, session: CardSession) -> None:
        self._s = session

    def token(self) -> str:
        raw = self._s.read_ef(Aid.JPKI, JpkiFiles.TOKEN, size=TOKEN_SIZE, personal=False)
        return raw.decode("ascii", errors="replace").rstrip(" \x00")

    def auth_certificate(self) -> bytes:
        """DER of the user-authentication certificate (no personal data; readable without a PIN)."""
        return self._s.read_ef(Aid.JPKI, JpkiFiles.AUTH_CERT, personal=False)

    def auth_ca_certificate(self) -> bytes:
        return self._s.read_ef(Aid.JPKI, JpkiFiles.AUTH_CA, personal=False)

    def sign_certificate(self) -> bytes:
        """DER of the signature certificate (holds name, address, birth date: needs the signature PIN)."""
        return self._s.read_ef(Aid.JPKI, JpkiFiles.SIGN_CERT)

    def sign_ca_certificate(self) -> bytes:
        return self._s.read_ef(Aid.JPKI, JpkiFiles.SIGN_CA, personal=False)

    def sign(self, key: JpkiKey, message: bytes, hash_name: str = "sha256") -> bytes:
        """Have the card sign ``message`` with ``key`` (its PIN must be verified in this session).

        The host hashes and builds the DigestInfo; the card applies PKCS#1 v1.5 padding and its private key.
        """
        payload = digest_info(message, hash_name)
        if len(payload) > MAX_SIGN_INPUT:
            raise ValueError("DigestInfo too long for a 2048-bit key")
        self._s.select(Aid.JPKI)
        self._s.select_ef(key.fid)
        response = self._s.send(Command(0x80, Ins.COMPUTE_SIGNATURE, 0x00, 0x80, payload, le=256))
        if len(response.data) != 256:
            raise MalformedResponse(f"signature of {len(response.data)} bytes, expected 256")
        return response.data
