"""JPKI AP (公的個人認証AP): certificates, the two private keys and their PINs.

A card of a holder under 15 at issue has no signature certificate: EFs 0001, 001A and 001B are absent
(SELECT answers ``6A 82``); the signature CA certificate (0002) is still there.
"""

from __future__ import annotations

from typing import Final

from sim.apps.common import contents, fid_key
from sim.image import CardImage
from sim.os.access import ALWAYS, any_of
from sim.os.files import DedicatedFile, ElementaryFile, KeyEf, PinEf, TransparentEf, readable_never
from sim.profile import Aid, Jpki, KeyId, PinId

APP: Final = "jpki"


def files(*, auth_cert: bytes, auth_ca: bytes, sign_cert: bytes | None, sign_ca: bytes) -> dict[str, bytes]:
    """File contents for a card image (certificates as DER)."""
    out = {
        fid_key(Jpki.SIGN_CA_CERT): sign_ca,
        fid_key(Jpki.TOKEN): Jpki.TOKEN_VALUE,
        fid_key(Jpki.AUTH_CERT): auth_cert,
        fid_key(Jpki.AUTH_CA_CERT): auth_ca,
    }
    if sign_cert is not None:
        out[fid_key(Jpki.SIGN_CERT)] = sign_cert
    return out


def application(image: CardImage) -> DedicatedFile:
    """The JPKI DF of ``image``."""
    efs: list[ElementaryFile] = [
        TransparentEf(Jpki.SIGN_CA_CERT, contents(image, APP, Jpki.SIGN_CA_CERT), ALWAYS),
        TransparentEf(Jpki.TOKEN, contents(image, APP, Jpki.TOKEN), ALWAYS),
        TransparentEf(Jpki.AUTH_CERT, contents(image, APP, Jpki.AUTH_CERT), ALWAYS),
        TransparentEf(Jpki.AUTH_CA_CERT, contents(image, APP, Jpki.AUTH_CA_CERT), ALWAYS),
        KeyEf(Jpki.AUTH_KEY, KeyId.JPKI_AUTH, any_of(PinId.JPKI_AUTH)),
        PinEf(Jpki.AUTH_PIN, PinId.JPKI_AUTH),
    ]
    sign_cert = image.file(APP, Jpki.SIGN_CERT)
    if sign_cert is not None and PinId.JPKI_SIGN in image.pins and KeyId.JPKI_SIGN in image.keys:
        efs += [
            TransparentEf(Jpki.SIGN_CERT, sign_cert, any_of(PinId.JPKI_SIGN)),
            KeyEf(Jpki.SIGN_KEY, KeyId.JPKI_SIGN, any_of(PinId.JPKI_SIGN)),
            PinEf(Jpki.SIGN_PIN, PinId.JPKI_SIGN),
        ]
    efs += [readable_never(fid) for fid in Jpki.UNKNOWN]
    return DedicatedFile.of(Aid.JPKI.value, efs)
