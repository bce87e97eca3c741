"""The data a personalised card holds: layouts, hashes and issuer signatures that a host can check."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from PIL import Image

from sim.image import CardImage
from sim.photo import HEIGHT, MAX_BYTES, WIDTH
from sim.pki import CARD_AP_ISSUER_ID, CARD_AP_ROOT_ID, TestPki
from sim.profile import Jpki, Kenhojo, Kenkaku, KeyId
from tests.sim.sim_helpers import outer, parse_tlvs

JP2 = bytes.fromhex("0000000C6A5020200D0A870A")
PNG = b"\x89PNG\r\n\x1a\n"


def key_from_template(value: bytes) -> rsa.RSAPublicKey:
    parts = {tag: v for tag, v, _ in parse_tlvs(value)}
    assert list(parts) == [b"\x82", b"\x81"]  # exponent first
    return rsa.RSAPublicNumbers(
        int.from_bytes(parts[b"\x82"], "big"), int.from_bytes(parts[b"\x81"], "big")
    ).public_key()


def file(image: CardImage, app: str, fid: int) -> bytes:
    data = image.file(app, fid)
    assert data is not None
    return data


def children(data: bytes, tag: bytes) -> tuple[dict[bytes, bytes], list[tuple[bytes, bytes, int]], int]:
    """Children by tag, the ordered list with offsets from the start of the file, and the outer header size."""
    got_tag, value, header = outer(data)
    assert got_tag == tag
    assert data[len(tag)] == 0x82  # outer templates always use the 82 LL LL form
    assert header + len(value) == len(data)
    items = [(t, v, off + header) for t, v, off in parse_tlvs(value)]
    return {t: v for t, v, _ in items}, items, header


def issuer_key(pki: TestPki) -> rsa.RSAPublicKey:
    _, body_tlvs, _ = children(pki.card_ap_issuer_cvc, b"\x7f\x21")
    body = body_tlvs[0][1]
    return key_from_template(body[32:])


def verify(key: rsa.RSAPublicKey, signature: bytes, message: bytes) -> None:
    key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())


def test_intermediate_certificate_verifies_with_the_card_ap_root(adult_image: CardImage, pki: TestPki) -> None:
    cvc = file(adult_image, "kenhojo", Kenhojo.INTERMEDIATE_CERT)
    assert cvc == file(adult_image, "kenkaku", Kenkaku.INTERMEDIATE_CERT) == pki.card_ap_issuer_cvc
    parts, _, _ = children(cvc, b"\x7f\x21")
    body, signature = parts[b"\x5f\x4e"], parts[b"\x5f\x37"]
    assert body[:16] == CARD_AP_ROOT_ID and body[16:32] == CARD_AP_ISSUER_ID
    root = serialization.load_pem_public_key(pki.card_ap_root_public_pem)
    assert isinstance(root, rsa.RSAPublicKey)
    verify(root, signature, body)
    assert len(cvc) == 568  # as jpki/myna reads it


def test_text_ap_files_and_signature(adult_image: CardImage, pki: TestPki) -> None:
    holder = adult_image.holder
    my_number = file(adult_image, "kenhojo", Kenhojo.MY_NUMBER)
    assert my_number == b"\xdf\x10\x0c" + holder.my_number.encode() + b"\xff\xff" and len(my_number) == 17
    four = file(adult_image, "kenhojo", Kenhojo.BASIC_FOUR)
    parts, items, _ = children(four, b"\xff\x20")
    assert [t for t, _, _ in items] == [b"\xdf\x21", b"\xdf\x22", b"\xdf\x23", b"\xdf\x24", b"\xdf\x25"]
    offsets = [int.from_bytes(parts[b"\xdf\x21"][i : i + 2], "big") for i in range(0, 8, 2)]
    assert offsets == [off for _, _, off in items[1:]]
    assert parts[b"\xdf\x22"].decode() == holder.name
    assert parts[b"\xdf\x23"].decode() == holder.address
    assert parts[b"\xdf\x24"] == f"{holder.birth_date:%Y%m%d}".encode()
    assert parts[b"\xdf\x25"] == holder.sex.encode()
    sig_parts, _, _ = children(file(adult_image, "kenhojo", Kenhojo.SIGNATURE), b"\xff\x30")
    assert sig_parts[b"\xdf\x31"] == hashlib.sha256(my_number).digest()
    assert sig_parts[b"\xdf\x32"] == hashlib.sha256(four[offsets[0] :]).digest()
    verify(issuer_key(pki), sig_parts[b"\xdf\x33"], sig_parts[b"\xdf\x31"] + sig_parts[b"\xdf\x32"])
    info, _, _ = children(file(adult_image, "kenhojo", Kenhojo.AP_INFO), b"\xff\x40")
    assert info[b"\xdf\x42"] == CARD_AP_ISSUER_ID and len(info[b"\xdf\x41"]) == 4


def test_card_key_is_the_same_in_every_file_and_signed(adult_image: CardImage, pki: TestPki) -> None:
    key_file = file(adult_image, "kenhojo", Kenhojo.CARD_PUBLIC_KEY)
    parts, items, _ = children(key_file, b"\xff\x50")
    df51_tlv = key_file[items[0][2] : items[1][2]]
    verify(issuer_key(pki), parts[b"\xdf\x52"], df51_tlv)
    card_public = parts[b"\xdf\x51"]
    birth, _, _ = children(file(adult_image, "kenkaku", Kenkaku.BIRTH), b"\xff\x10")
    front, _, _ = children(file(adult_image, "kenkaku", Kenkaku.FRONT), b"\xff\x20")
    back, _, _ = children(file(adult_image, "kenkaku", Kenkaku.BACK), b"\xff\x40")
    assert birth[b"\xdf\x12"] == front[b"\xdf\x24"] == back[b"\xdf\x42"] == card_public
    private = adult_image.private_key(KeyId.CARD)
    assert private is not None
    assert private.public_key().public_numbers() == key_from_template(card_public).public_numbers()


def test_birth_and_back_files_are_signed(adult_image: CardImage, pki: TestPki) -> None:
    for fid, tag, sig_tag in ((Kenkaku.BIRTH, b"\xff\x10", b"\xdf\x13"), (Kenkaku.BACK, b"\xff\x40", b"\xdf\x43")):
        data = file(adult_image, "kenkaku", fid)
        parts, items, _ = children(data, tag)
        signed = data[items[0][2] : items[2][2]]
        verify(issuer_key(pki), parts[sig_tag], signed)
    birth, _, _ = children(file(adult_image, "kenkaku", Kenkaku.BIRTH), b"\xff\x10")
    assert birth[b"\xdf\x11"] == f"{adult_image.holder.birth_date:%Y%m%d}".encode()


def test_front_file_layout_and_signature(adult_image: CardImage, pki: TestPki) -> None:
    holder = adult_image.holder
    data = file(adult_image, "kenkaku", Kenkaku.FRONT)
    parts, items, _ = children(data, b"\xff\x20")
    tags = [t for t, _, _ in items]
    assert tags == [bytes((0xDF, n)) for n in range(0x21, 0x2B)]
    offsets = [int.from_bytes(parts[b"\xdf\x21"][i : i + 2], "big") for i in range(0, 18, 2)]
    assert offsets == [off for _, _, off in items[1:]]
    at = {t: off for t, _, off in items}
    r1 = data[at[b"\xdf\x22"] : at[b"\xdf\x28"]]
    r2 = data[at[b"\xdf\x29"] :]
    verify(issuer_key(pki), parts[b"\xdf\x28"], hashlib.sha256(r1).digest() + hashlib.sha256(r2).digest())
    assert parts[b"\xdf\x22"] == f"{holder.birth_date:%Y%m%d}".encode()
    assert parts[b"\xdf\x23"] == holder.sex.encode()
    assert parts[b"\xdf\x29"] == f"{holder.card_expiry:%Y%m%d}".encode()
    for tag in (b"\xdf\x25", b"\xdf\x26", b"\xdf\x2a"):
        assert parts[tag].startswith(PNG)
        Image.open(io.BytesIO(parts[tag])).load()
    photo = parts[b"\xdf\x27"]
    assert photo.startswith(JP2) and len(photo) <= MAX_BYTES
    decoded = Image.open(io.BytesIO(photo))
    decoded.load()
    assert decoded.size == (WIDTH, HEIGHT) == (210, 270) and decoded.mode == "L"


def test_basic_info_file(adult_image: CardImage) -> None:
    parts, items, _ = children(file(adult_image, "kenkaku", Kenkaku.BASIC_INFO), b"\xff\x40")
    assert [t for t, _, _ in items] == [b"\xdf\x41", b"\xdf\x42", b"\xdf\x43", b"\xdf\x44"]
    assert len(parts[b"\xdf\x41"]) == 4 and parts[b"\xdf\x42"] == b"\x00" and len(parts[b"\xdf\x43"]) == 1
    assert parts[b"\xdf\x44"].decode() == adult_image.holder.municipality


def test_jpki_chain_and_profiles(adult_image: CardImage, pki: TestPki) -> None:
    holder = adult_image.holder
    auth = x509.load_der_x509_certificate(file(adult_image, "jpki", Jpki.AUTH_CERT))
    sign = x509.load_der_x509_certificate(file(adult_image, "jpki", Jpki.SIGN_CERT))
    auth_ca = x509.load_der_x509_certificate(file(adult_image, "jpki", Jpki.AUTH_CA_CERT))
    sign_ca = x509.load_der_x509_certificate(file(adult_image, "jpki", Jpki.SIGN_CA_CERT))
    root = pki.root.certificate
    for leaf, ca in ((auth, auth_ca), (sign, sign_ca)):
        leaf.verify_directly_issued_by(ca)
        ca.verify_directly_issued_by(root)
        key = leaf.public_key()
        assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048
        assert isinstance(leaf.signature_hash_algorithm, hashes.SHA256)
        assert leaf.not_valid_after_utc.date() in (holder.cert_expiry, holder.cert_expiry + dt.timedelta(days=1))
        assert leaf.not_valid_before_utc <= dt.datetime.combine(holder.issue_date, dt.time(), dt.UTC)
    assert auth.serial_number == adult_image.cert_serials["auth"]
    assert sign.serial_number == adult_image.cert_serials["sign"]
    assert pki.root_cert_pem.startswith(b"-----BEGIN CERTIFICATE-----")
    # no personal data in the authentication certificate
    auth_der = auth.public_bytes(serialization.Encoding.DER)
    for personal in (holder.name, holder.address, holder.my_number, f"{holder.birth_date:%Y%m%d}"):
        assert personal.encode() not in auth_der
    with pytest.raises(x509.ExtensionNotFound):
        auth.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    san = sign.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    values = {o.type_id.dotted_string: o.value for o in san.get_values_for_type(x509.OtherName)}

    def utf8(der: bytes) -> str:
        assert der[0] == 0x0C
        return der[2:].decode() if der[1] < 0x80 else der[2 + (der[1] & 0x7F) :].decode()

    assert utf8(values["1.2.392.200149.8.5.5.1"]) == holder.name
    assert utf8(values["1.2.392.200149.8.5.5.3"]) == holder.sex
    assert utf8(values["1.2.392.200149.8.5.5.4"]) == "3" + f"{holder.birth_date:%Y%m%d}"  # 昭和
    assert utf8(values["1.2.392.200149.8.5.5.5"]) == holder.address
    usage = sign.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment


def test_token_file(adult_image: CardImage) -> None:
    assert file(adult_image, "jpki", Jpki.TOKEN) == b"JPKIAPICCTOKEN2" + b" " * 17


def test_certificates_of_a_card_issued_today_are_valid_now(today_image: CardImage) -> None:
    auth = x509.load_der_x509_certificate(file(today_image, "jpki", Jpki.AUTH_CERT))
    now = dt.datetime.now(dt.UTC)
    assert auth.not_valid_before_utc <= now <= auth.not_valid_after_utc


def test_every_chip_photo_shows_one_face_to_the_kiosk_detector(images: dict[str, CardImage]) -> None:
    """The chip photo is what the kiosk matches a live face against: its detector must find the face."""
    from kiosk.face.engine import FaceEngine
    from kiosk.face.image import decode_chip_photo

    engine = FaceEngine()
    for persona, image in images.items():
        parts, _, _ = children(file(image, "kenkaku", Kenkaku.FRONT), b"\xff\x20")
        face = engine.single_face(decode_chip_photo(parts[b"\xdf\x27"]))
        assert face.height > HEIGHT * 0.4, persona  # framed like a card photo, not a distant portrait
