"""券面AP: images of the card faces with the issuer's signatures, bound to the card key.

Layouts (docs/card-profile.md): birth-date file ``FF 10 { DF 11 YYYYMMDD, DF 12 card key, DF 13 sig }``;
front ``FF 20 { DF 21 offsets, DF 22 birth, DF 23 sex, DF 24 card key, DF 25 name PNG, DF 26 address
PNG, DF 27 photo JP2, DF 28 sig, DF 29 expiry, DF 2A security-code PNG }``; basic info ``FF 40 { DF 41
AP id, DF 42 reserved, DF 43 version, DF 44 issuing municipality }``; back ``FF 40 { DF 41 My Number PNG,
DF 42 card key, DF 43 sig }``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Final

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from sim.apps.common import contents, fid_key
from sim.apps.kenhojo import with_offsets
from sim.image import CardImage
from sim.os.access import ALWAYS, any_of
from sim.os.files import DedicatedFile, ElementaryFile, PinEf, TransparentEf, readable_never
from sim.pki.cvc import sign_data
from sim.profile import Aid, Kenkaku, PinId
from sim.tlv import rsa_public_key, template, tlv

APP: Final = "kenkaku"
AP_ID: Final = bytes.fromhex("00000402")
"""``DF 41`` of EF 0003."""
BASIC_INFO_RESERVED: Final = b"\x00"
"""``DF 42`` of EF 0003: an item readers skip."""
BASIC_INFO_VERSION: Final = b"\x01"

_BIRTH, _PIN_A, _PIN_B = PinId.KENKAKU_BIRTH, PinId.KENKAKU_PIN_A, PinId.KENKAKU_PIN_B
_SIGNATURE_TLV: Final = 2 + 3 + 256  # DF 28, 82 01 00, 256 bytes


@dataclass(frozen=True)
class FrontImages:
    """The pictures in the front file."""

    name_png: bytes
    address_png: bytes
    photo_jp2: bytes
    security_code_png: bytes


def birth_file(birth_date: dt.date, card_key: RSAPublicKey, issuer_key: RSAPrivateKey) -> bytes:
    """EF 0001 (read after the birth-date PIN)."""
    signed = tlv(b"\xdf\x11", f"{birth_date:%Y%m%d}".encode("ascii")) + tlv(b"\xdf\x12", rsa_public_key(card_key))
    return template(b"\xff\x10", signed + tlv(b"\xdf\x13", sign_data(issuer_key, signed)))


def front_file(
    *,
    birth_date: dt.date,
    sex: str,
    card_expiry: dt.date,
    images: FrontImages,
    card_key: RSAPublicKey,
    issuer_key: RSAPrivateKey,
) -> bytes:
    """EF 0002. ``DF 28`` signs SHA-256(R1) ‖ SHA-256(R2): R1 = ``DF 22`` .. before ``DF 28``,
    R2 = ``DF 29`` to the end."""
    region1 = [
        tlv(b"\xdf\x22", f"{birth_date:%Y%m%d}".encode("ascii")),
        tlv(b"\xdf\x23", sex.encode("ascii")),
        tlv(b"\xdf\x24", rsa_public_key(card_key)),
        tlv(b"\xdf\x25", images.name_png),
        tlv(b"\xdf\x26", images.address_png),
        tlv(b"\xdf\x27", images.photo_jp2),
    ]
    region2 = [
        tlv(b"\xdf\x29", f"{card_expiry:%Y%m%d}".encode("ascii")),
        tlv(b"\xdf\x2a", images.security_code_png),
    ]
    message = hashlib.sha256(b"".join(region1)).digest() + hashlib.sha256(b"".join(region2)).digest()
    signature = tlv(b"\xdf\x28", sign_data(issuer_key, message))
    if len(signature) != _SIGNATURE_TLV:
        raise ValueError("the issuer key must be RSA-2048")
    return with_offsets(b"\xff\x20", [*region1, signature, *region2])


def basic_info_file(municipality: str) -> bytes:
    """EF 0003 (tags chosen in docs/card-profile.md: the public record gives only the item order)."""
    return template(
        b"\xff\x40",
        tlv(b"\xdf\x41", AP_ID)
        + tlv(b"\xdf\x42", BASIC_INFO_RESERVED)
        + tlv(b"\xdf\x43", BASIC_INFO_VERSION)
        + tlv(b"\xdf\x44", municipality.encode("utf-8")),
    )


def back_file(my_number_png: bytes, card_key: RSAPublicKey, issuer_key: RSAPrivateKey) -> bytes:
    """EF 0005 (PIN-A only; the kiosk never reads it)."""
    signed = tlv(b"\xdf\x41", my_number_png) + tlv(b"\xdf\x42", rsa_public_key(card_key))
    return template(b"\xff\x40", signed + tlv(b"\xdf\x43", sign_data(issuer_key, signed)))


def application(image: CardImage) -> DedicatedFile:
    """The 券面AP DF of ``image``."""
    efs: list[ElementaryFile] = [
        TransparentEf(Kenkaku.BIRTH, contents(image, APP, Kenkaku.BIRTH), any_of(_BIRTH)),
        TransparentEf(Kenkaku.FRONT, contents(image, APP, Kenkaku.FRONT), any_of(_PIN_A, _PIN_B)),
        TransparentEf(Kenkaku.BASIC_INFO, contents(image, APP, Kenkaku.BASIC_INFO), ALWAYS),
        TransparentEf(Kenkaku.INTERMEDIATE_CERT, contents(image, APP, Kenkaku.INTERMEDIATE_CERT), ALWAYS),
        TransparentEf(Kenkaku.BACK, contents(image, APP, Kenkaku.BACK), any_of(_PIN_A)),
        PinEf(Kenkaku.BIRTH_PIN, _BIRTH),
        PinEf(Kenkaku.PIN_B, _PIN_B),
        PinEf(Kenkaku.PIN_A, _PIN_A),
        *(readable_never(fid) for fid in Kenkaku.UNKNOWN),
    ]
    return DedicatedFile.of(Aid.KENKAKU.value, efs, internal_auth=(_BIRTH, _PIN_A, _PIN_B))


def files(
    *,
    birth_date: dt.date,
    sex: str,
    card_expiry: dt.date,
    municipality: str,
    images: FrontImages,
    my_number_png: bytes,
    card_key: RSAPublicKey,
    issuer_key: RSAPrivateKey,
    intermediate_cert: bytes,
) -> dict[str, bytes]:
    """Every file of the 券面AP for a card image."""
    return {
        fid_key(Kenkaku.BIRTH): birth_file(birth_date, card_key, issuer_key),
        fid_key(Kenkaku.FRONT): front_file(
            birth_date=birth_date,
            sex=sex,
            card_expiry=card_expiry,
            images=images,
            card_key=card_key,
            issuer_key=issuer_key,
        ),
        fid_key(Kenkaku.BASIC_INFO): basic_info_file(municipality),
        fid_key(Kenkaku.INTERMEDIATE_CERT): intermediate_cert,
        fid_key(Kenkaku.BACK): back_file(my_number_png, card_key, issuer_key),
    }
