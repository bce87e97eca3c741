"""Parsers for the data files of the 券面AP, the text AP and the 住基AP (layouts in docs/card-profile.md).

Each parser takes the bytes of a whole EF and returns a frozen dataclass, or raises :class:`MalformedResponse`.
Dataclasses that hold personal data hide it from ``repr`` so it cannot leak into a log by accident.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey, RSAPublicNumbers

from kiosk.card import tlv
from kiosk.card.errors import MalformedResponse, TlvError

JP2_SIGNATURE = bytes.fromhex("0000000C6A5020200D0A870A")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _t(b: str) -> bytes:
    return bytes.fromhex(b)


def _decode(data: bytes, outer: bytes, what: str) -> tlv.Tlv:
    try:
        element = tlv.decode(data)
    except TlvError as exc:
        raise MalformedResponse(f"{what}: {exc}") from None
    if element.tag != outer:
        raise MalformedResponse(f"{what}: outer tag {element.tag.hex().upper()}, expected {outer.hex().upper()}")
    return element


def _child(parent: tlv.Tlv, tag: bytes, what: str) -> bytes:
    try:
        return parent.child(tag).value
    except TlvError as exc:
        raise MalformedResponse(f"{what}: {exc}") from None


def _ascii(value: bytes, what: str) -> str:
    try:
        return value.decode("ascii")
    except UnicodeDecodeError:
        raise MalformedResponse(f"{what} is not ASCII") from None


def _utf8(value: bytes, what: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedResponse(f"{what} is not UTF-8") from None


def parse_yyyymmdd(value: bytes, what: str) -> date:
    text = _ascii(value, what)
    if len(text) != 8 or not text.isdigit():
        raise MalformedResponse(f"{what} is not YYYYMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise MalformedResponse(f"{what} is not a valid date") from None


def _sex(value: bytes, what: str) -> str:
    text = _ascii(value, what)
    if text not in ("1", "2", "9"):
        raise MalformedResponse(f"{what} is not an ISO 5218 code")
    return text


def parse_public_key(value: bytes, what: str = "public key") -> RSAPublicKey:
    """An RSA key written as ISO/IEC 7816-8 template children: ``82`` exponent then ``81`` modulus."""
    try:
        parts = {e.tag: e.value for e in tlv.decode_all(value)}
    except TlvError as exc:
        raise MalformedResponse(f"{what}: {exc}") from None
    exponent, modulus = parts.get(b"\x82"), parts.get(b"\x81")
    if not exponent or not modulus:
        raise MalformedResponse(f"{what}: exponent or modulus missing")
    e, n = int.from_bytes(exponent, "big"), int.from_bytes(modulus, "big")
    if n.bit_length() < 1024 or n.bit_length() > 4096 or e < 3 or e % 2 == 0:
        raise MalformedResponse(f"{what}: not a plausible RSA key")
    try:
        return RSAPublicNumbers(e, n).public_key()
    except ValueError:
        raise MalformedResponse(f"{what}: not a valid RSA key") from None


def _offsets(header: bytes, count: int, what: str) -> tuple[int, ...]:
    if len(header) != 2 * count:
        raise MalformedResponse(f"{what}: offset table has {len(header)} bytes, expected {2 * count}")
    return tuple(int.from_bytes(header[i : i + 2], "big") for i in range(0, len(header), 2))


def _check_offsets(element: tlv.Tlv, offsets: tuple[int, ...], tags: list[bytes], what: str) -> None:
    children = [c for c in element.children if c.tag != _t("DF21")]
    if [c.tag for c in children] != tags:
        raise MalformedResponse(f"{what}: elements are not in the expected order")
    if tuple(c.offset for c in children) != offsets:
        raise MalformedResponse(f"{what}: offset table does not match the elements")


# --- text AP (券面事項入力補助AP) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BasicFour:
    """基本4情報 from the text AP. ``signed_region`` is the byte range the issuer's hash ``DF 32`` covers.
    ``former_surname`` (旧氏) is set only on a card that carries one (``DF 26``, inside the signed region)."""

    name: str = field(repr=False)
    address: str = field(repr=False)
    birth_date: date = field(repr=False)
    sex: str = field(repr=False)
    signed_region: bytes = field(repr=False)
    former_surname: str | None = field(default=None, repr=False)


_BASIC4_TAGS = [_t("DF22"), _t("DF23"), _t("DF24"), _t("DF25")]
_FORMER_SURNAME = _t("DF26")


def _former_surname(element: tlv.Tlv, what: str) -> str | None:
    found = element.find(_FORMER_SURNAME)
    if found is None:
        return None
    text = _utf8(found.value, "former surname")
    if not text.strip():
        raise MalformedResponse(f"{what}: former surname is empty")
    return text


def parse_basic_four(data: bytes) -> BasicFour:
    what = "basic 4 items (text AP EF 0002)"
    element = _decode(data, _t("FF20"), what)
    former_surname = _former_surname(element, what)
    tags = _BASIC4_TAGS if former_surname is None else [*_BASIC4_TAGS, _FORMER_SURNAME]
    offsets = _offsets(_child(element, _t("DF21"), what), len(tags), what)
    _check_offsets(element, offsets, tags, what)
    return BasicFour(
        name=_utf8(_child(element, _t("DF22"), what), "name"),
        address=_utf8(_child(element, _t("DF23"), what), "address"),
        birth_date=parse_yyyymmdd(_child(element, _t("DF24"), what), "birth date"),
        sex=_sex(_child(element, _t("DF25"), what), "sex"),
        signed_region=data[offsets[0] : element.end],
        former_surname=former_surname,
    )


@dataclass(frozen=True)
class TextSignature:
    """What the kiosk keeps of text-AP EF 0003: the issuer's hash over the basic four, and whether the issuer's
    signature in the file verified under ``signer`` (the AP certificate, EF 0004; whether *it* is trusted is
    :func:`kiosk.card.verify.verify_text_data`'s question).

    The file's other hash is SHA-256 over the My Number, and the signature gives that hash back to anyone with the
    public key: both are a My Number equivalent (the 11 digits before the check digit fall to a brute-force search).
    :func:`parse_text_signature` checks the signature while parsing and keeps neither.
    """

    basic_four_hash: bytes = field(repr=False)  # a hash over one resident's name, address, birth date and sex
    signer: CardVerifiableCertificate = field(repr=False)
    signature_valid: bool


def parse_text_signature(data: bytes, signer: CardVerifiableCertificate) -> TextSignature:
    """Parse EF 0003 and check its signature under ``signer``'s key at once; the My Number hash goes no further."""
    what = "text AP signature (EF 0003)"
    element = _decode(data, _t("FF30"), what)
    my_number_hash, basic_four_hash = _child(element, _t("DF31"), what), _child(element, _t("DF32"), what)
    signature = _child(element, _t("DF33"), what)
    if len(my_number_hash) != 32 or len(basic_four_hash) != 32 or len(signature) != 256:
        raise MalformedResponse(f"{what}: unexpected hash or signature size")
    try:
        signer.public_key.verify(signature, my_number_hash + basic_four_hash, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return TextSignature(basic_four_hash, signer, signature_valid=False)
    return TextSignature(basic_four_hash, signer, signature_valid=True)


@dataclass(frozen=True)
class ApInfo:
    ap_info: bytes
    key_id: bytes


def parse_ap_info(data: bytes) -> ApInfo:
    what = "text AP basic info (EF 0005)"
    element = _decode(data, _t("FF40"), what)
    return ApInfo(_child(element, _t("DF41"), what), _child(element, _t("DF42"), what))


@dataclass(frozen=True)
class SignedKey:
    """A card public key with the issuer's signature over it (text AP EF 0007)."""

    public_key: RSAPublicKey
    signed_message: bytes
    signature: bytes


def parse_card_auth_key(data: bytes) -> SignedKey:
    what = "card authentication key (text AP EF 0007)"
    element = _decode(data, _t("FF50"), what)
    key_element = element.find(_t("DF51"))
    if key_element is None:
        raise MalformedResponse(f"{what}: public key missing")
    signed = data[key_element.offset : key_element.end]
    return SignedKey(parse_public_key(key_element.value, what), signed, _child(element, _t("DF52"), what))


# --- 券面AP ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrontFace:
    """The card-face data of 券面AP EF 0002 (readable with PIN-B)."""

    birth_date: date = field(repr=False)
    sex: str = field(repr=False)
    card_public_key: RSAPublicKey = field(repr=False)
    name_png: bytes = field(repr=False)
    address_png: bytes = field(repr=False)
    photo_jp2: bytes = field(repr=False)
    signature: bytes = field(repr=False)
    expiry: date = field(repr=False)
    security_code_png: bytes = field(repr=False)
    signed_message: bytes = field(repr=False)


_FRONT_TAGS = [_t(f"DF{n:02X}") for n in range(0x22, 0x2B)]


def parse_front_face(data: bytes) -> FrontFace:
    what = "card face (券面AP EF 0002)"
    element = _decode(data, _t("FF20"), what)
    offsets = _offsets(_child(element, _t("DF21"), what), len(_FRONT_TAGS), what)
    _check_offsets(element, offsets, _FRONT_TAGS, what)
    by_tag = {c.tag: c for c in element.children}
    photo = by_tag[_t("DF27")].value
    if not photo.startswith(JP2_SIGNATURE):
        raise MalformedResponse(f"{what}: photo is not a JPEG 2000 (JP2) file")
    for tag, label in ((_t("DF25"), "name image"), (_t("DF26"), "address image"), (_t("DF2A"), "code image")):
        if not by_tag[tag].value.startswith(PNG_SIGNATURE):
            raise MalformedResponse(f"{what}: {label} is not a PNG file")
    signature = by_tag[_t("DF28")].value
    if len(signature) != 256:
        raise MalformedResponse(f"{what}: signature is not 256 bytes")
    region1 = data[by_tag[_t("DF22")].offset : by_tag[_t("DF28")].offset]
    region2 = data[by_tag[_t("DF29")].offset : element.end]
    return FrontFace(
        birth_date=parse_yyyymmdd(by_tag[_t("DF22")].value, "birth date"),
        sex=_sex(by_tag[_t("DF23")].value, "sex"),
        card_public_key=parse_public_key(by_tag[_t("DF24")].value, f"{what} key"),
        name_png=by_tag[_t("DF25")].value,
        address_png=by_tag[_t("DF26")].value,
        photo_jp2=photo,
        signature=signature,
        expiry=parse_yyyymmdd(by_tag[_t("DF29")].value, "card expiry"),
        security_code_png=by_tag[_t("DF2A")].value,
        signed_message=hashlib.sha256(region1).digest() + hashlib.sha256(region2).digest(),
    )


@dataclass(frozen=True)
class VisualBasicInfo:
    ap_id: bytes
    version: int
    municipality: str


def parse_visual_basic_info(data: bytes) -> VisualBasicInfo:
    what = "券面AP basic info (EF 0003)"
    element = _decode(data, _t("FF40"), what)
    version = _child(element, _t("DF43"), what)
    if len(version) != 1:
        raise MalformedResponse(f"{what}: version is not one byte")
    return VisualBasicInfo(
        _child(element, _t("DF41"), what),
        version[0],
        _utf8(_child(element, _t("DF44"), what), "municipality"),
    )


# --- card-verifiable certificates (EF 0004 of both APs) ---------------------------------------------------------


@dataclass(frozen=True)
class CardVerifiableCertificate:
    issuer_id: bytes
    subject_id: bytes
    public_key: RSAPublicKey
    body: bytes
    signature: bytes


def parse_cvc(data: bytes) -> CardVerifiableCertificate:
    what = "intermediate certificate (EF 0004)"
    element = _decode(data, _t("7F21"), what)
    body = _child(element, _t("5F4E"), what)
    signature = _child(element, _t("5F37"), what)
    if len(body) < 32 + 10 or len(signature) != 256:
        raise MalformedResponse(f"{what}: body or signature has the wrong size")
    return CardVerifiableCertificate(body[:16], body[16:32], parse_public_key(body[32:], what), body, signature)


# --- 住基AP ----------------------------------------------------------------------------------------------------


def parse_juki_serial(record: bytes) -> str:
    """The 13-character card serial in 住基AP record 1 (docs/card-profile.md)."""
    what = "住基AP record 1"
    try:
        header = tlv.read_header(record)  # tag 30 is "constructed", but its value is a plain ASCII string
    except TlvError as exc:
        raise MalformedResponse(f"{what}: {exc}") from None
    if header.total > len(record):
        raise MalformedResponse(f"{what}: record shorter than its length field")
    text = _ascii(record[header.header_length : header.total], what)
    serial = text[2:15]
    if len(serial) != 13 or not serial.isalnum():
        raise MalformedResponse(f"{what}: no 13-character serial")
    return serial


# --- JPEG 2000 header --------------------------------------------------------------------------------------------


def _jp2_boxes(data: bytes, start: int, end: int) -> dict[bytes, tuple[int, int]]:
    boxes: dict[bytes, tuple[int, int]] = {}
    pos = start
    for _ in range(64):  # a JP2 header has a handful of boxes; never loop on hostile input
        if pos + 8 > end:
            break
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = bytes(data[pos + 4 : pos + 8])
        header = 8
        if length == 1:
            if pos + 16 > end:
                break
            length = int.from_bytes(data[pos + 8 : pos + 16], "big")
            header = 16
        elif length == 0:
            length = end - pos
        if length < header or pos + length > end:
            raise MalformedResponse("JPEG 2000 box runs past the end of the file")
        boxes.setdefault(kind, (pos + header, pos + length))
        pos += length
    return boxes


def jp2_size(photo: bytes) -> tuple[int, int]:
    """(width, height) from the JP2 image header box, without decoding the image."""
    if not photo.startswith(JP2_SIGNATURE):
        raise MalformedResponse("photo is not a JPEG 2000 (JP2) file")
    top = _jp2_boxes(photo, 0, len(photo))
    if b"jp2h" not in top:
        raise MalformedResponse("JPEG 2000 file has no header box")
    inner = _jp2_boxes(photo, *top[b"jp2h"])
    if b"ihdr" not in inner:
        raise MalformedResponse("JPEG 2000 file has no image header")
    start, end = inner[b"ihdr"]
    if end - start < 14:
        raise MalformedResponse("JPEG 2000 image header too short")
    height = int.from_bytes(photo[start : start + 4], "big")
    width = int.from_bytes(photo[start + 4 : start + 8], "big")
    if not (0 < width <= 10000 and 0 < height <= 10000):
        raise MalformedResponse("JPEG 2000 image has an absurd size")
    return width, height
