"""券面事項入力補助AP (text AP): My Number and the basic four items as text, with issuer signatures.

Layouts (docs/card-profile.md, "Data layouts"): My Number file ``DF 10 0C <12 digits> FF FF``; basic
four ``FF 20 82 LL LL { DF 21 offsets, DF 22 name, DF 23 address, DF 24 birth YYYYMMDD, DF 25 sex [, DF 26 旧氏] }``
(``DF 26`` only on a card that carries a former surname);
signature ``FF 30 { DF 31 SHA-256(My Number file), DF 32 SHA-256(basic four from the first offset),
DF 33 signature over DF 31 ‖ DF 32 values }``; AP info ``FF 40 { DF 41 AP info, DF 42 key id }``; card
public key ``FF 50 { DF 51 key, DF 52 signature over the DF 51 TLV }``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Final

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from sim.apps.common import contents, fid_key
from sim.image import CardImage
from sim.os.access import ALWAYS, any_of
from sim.os.files import DedicatedFile, ElementaryFile, PinEf, TransparentEf, readable_never
from sim.pki.cvc import sign_data
from sim.profile import Aid, Kenhojo, PinId
from sim.tlv import rsa_public_key, template, tlv

APP: Final = "kenhojo"
AP_INFO: Final = bytes.fromhex("00010001")
"""``DF 41`` of EF 0005: 4 bytes whose meaning is not public; constant on every virtual card."""

_PIN, _PIN_A, _PIN_B = PinId.KENHOJO, PinId.KENHOJO_PIN_A, PinId.KENHOJO_PIN_B


def my_number_file(my_number: str) -> bytes:
    """EF 0001, 17 bytes."""
    return tlv(b"\xdf\x10", my_number.encode("ascii")) + b"\xff\xff"


def with_offsets(outer_tag: bytes, children: list[bytes]) -> bytes:
    """An outer template whose first child ``DF 21`` lists the file offset of every following child."""
    header = len(outer_tag) + 3 + 2 + 1 + 2 * len(children)  # tag, 82 LL LL, DF 21, length, offsets
    offsets = b""
    position = header
    for child in children:
        offsets += position.to_bytes(2, "big")
        position += len(child)
    return template(outer_tag, tlv(b"\xdf\x21", offsets) + b"".join(children))


def basic_four_file(
    *, name: str, address: str, birth_date: dt.date, sex: str, former_surname: str | None = None
) -> bytes:
    """EF 0002; a former surname (旧氏) is a fifth child ``DF 26``, inside the region ``DF 32`` signs."""
    children = [
        tlv(b"\xdf\x22", name.encode("utf-8")),
        tlv(b"\xdf\x23", address.encode("utf-8")),
        tlv(b"\xdf\x24", f"{birth_date:%Y%m%d}".encode("ascii")),
        tlv(b"\xdf\x25", sex.encode("ascii")),
    ]
    if former_surname is not None:
        children.append(tlv(b"\xdf\x26", former_surname.encode("utf-8")))
    return with_offsets(b"\xff\x20", children)


def signature_file(*, my_number: bytes, basic_four: bytes, issuer_key: RSAPrivateKey) -> bytes:
    """EF 0003, signing the hashes of the two files as they are written."""
    first_child = int.from_bytes(basic_four[8:10], "big")  # DF 21's first offset
    h1 = hashlib.sha256(my_number).digest()
    h2 = hashlib.sha256(basic_four[first_child:]).digest()
    signature = sign_data(issuer_key, h1 + h2)
    return template(b"\xff\x30", tlv(b"\xdf\x31", h1) + tlv(b"\xdf\x32", h2) + tlv(b"\xdf\x33", signature))


def ap_info_file(key_id: bytes) -> bytes:
    """EF 0005: AP info and the id of the key that signed this AP's data (the CVC subject id)."""
    return template(b"\xff\x40", tlv(b"\xdf\x41", AP_INFO) + tlv(b"\xdf\x42", key_id))


def card_key_file(card_key: RSAPublicKey, issuer_key: RSAPrivateKey) -> bytes:
    """EF 0007: the card key's public half, signed by the issuer."""
    key = tlv(b"\xdf\x51", rsa_public_key(card_key))
    return template(b"\xff\x50", key + tlv(b"\xdf\x52", sign_data(issuer_key, key)))


def application(image: CardImage) -> DedicatedFile:
    """The text AP DF of ``image``: 4-digit PIN, PIN-A and PIN-B open what docs/card-profile.md says."""
    efs: list[ElementaryFile] = [
        TransparentEf(Kenhojo.MY_NUMBER, contents(image, APP, Kenhojo.MY_NUMBER), any_of(_PIN, _PIN_A)),
        TransparentEf(Kenhojo.BASIC_FOUR, contents(image, APP, Kenhojo.BASIC_FOUR), any_of(_PIN, _PIN_B)),
        TransparentEf(Kenhojo.SIGNATURE, contents(image, APP, Kenhojo.SIGNATURE), any_of(_PIN, _PIN_A, _PIN_B)),
        TransparentEf(Kenhojo.INTERMEDIATE_CERT, contents(image, APP, Kenhojo.INTERMEDIATE_CERT), ALWAYS),
        TransparentEf(Kenhojo.AP_INFO, contents(image, APP, Kenhojo.AP_INFO), ALWAYS),
        readable_never(Kenhojo.CARD_KEY),
        TransparentEf(Kenhojo.CARD_PUBLIC_KEY, contents(image, APP, Kenhojo.CARD_PUBLIC_KEY), ALWAYS),
        PinEf(Kenhojo.PIN, _PIN),
        PinEf(Kenhojo.PIN_A, _PIN_A),
        PinEf(Kenhojo.PIN_B, _PIN_B),
        *(readable_never(fid) for fid in Kenhojo.UNKNOWN),
    ]
    return DedicatedFile.of(Aid.KENHOJO.value, efs, internal_auth=(_PIN, _PIN_A, _PIN_B))


def files(
    *,
    my_number: str,
    name: str,
    address: str,
    birth_date: dt.date,
    sex: str,
    former_surname: str | None = None,
    card_key: RSAPublicKey,
    issuer_key: RSAPrivateKey,
    issuer_key_id: bytes,
    intermediate_cert: bytes,
) -> dict[str, bytes]:
    """Every file of the text AP for a card image."""
    mn = my_number_file(my_number)
    four = basic_four_file(name=name, address=address, birth_date=birth_date, sex=sex, former_surname=former_surname)
    return {
        fid_key(Kenhojo.MY_NUMBER): mn,
        fid_key(Kenhojo.BASIC_FOUR): four,
        fid_key(Kenhojo.SIGNATURE): signature_file(my_number=mn, basic_four=four, issuer_key=issuer_key),
        fid_key(Kenhojo.INTERMEDIATE_CERT): intermediate_cert,
        fid_key(Kenhojo.AP_INFO): ap_info_file(issuer_key_id),
        fid_key(Kenhojo.CARD_PUBLIC_KEY): card_key_file(card_key, issuer_key),
    }
