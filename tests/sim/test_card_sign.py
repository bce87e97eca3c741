"""Signatures: JPKI ``80 2A`` with the auth and sign keys, and the experimental INTERNAL AUTHENTICATE."""

from __future__ import annotations

import hashlib

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from sim.image import CardImage
from sim.profile import Aid, Jpki, Kenhojo, Kenkaku
from tests.sim.sim_helpers import Host, outer, parse_tlvs

SHA256_PREFIX = bytes.fromhex("3031300D060960864801650304020105000420")


def digest_info(message: bytes) -> bytes:
    return SHA256_PREFIX + hashlib.sha256(message).digest()


def sign_apdu(data: bytes, le: str = "00") -> str:
    return "802A0080" + f"{len(data):02X}" + data.hex() + le


def cert_key(image: CardImage, fid: int) -> rsa.RSAPublicKey:
    der = image.file("jpki", fid)
    assert der is not None
    key = x509.load_der_x509_certificate(der).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    return key


def key_from_template(value: bytes) -> rsa.RSAPublicKey:
    parts = {tag: v for tag, v, _ in parse_tlvs(value)}
    return rsa.RSAPublicNumbers(
        int.from_bytes(parts[b"\x82"], "big"), int.from_bytes(parts[b"\x81"], "big")
    ).public_key()


@pytest.mark.parametrize(
    ("pin_fid", "pin", "key_fid", "cert_fid"),
    [
        (Jpki.AUTH_PIN, "4821", Jpki.AUTH_KEY, Jpki.AUTH_CERT),
        (Jpki.SIGN_PIN, "SIGN2468", Jpki.SIGN_KEY, Jpki.SIGN_CERT),
    ],
)
def test_jpki_signature_verifies_with_the_certificate(
    host: Host, adult_image: CardImage, pin_fid: int, pin: str, key_fid: int, cert_fid: int
) -> None:
    assert host.verify_at(Aid.JPKI, pin_fid, pin) == "9000"
    host.select_ef(key_fid)
    data, sw = host.tx(sign_apdu(digest_info(b"backend nonce")))
    assert sw == "9000" and len(data) == 256
    cert_key(adult_image, cert_fid).verify(
        data, hashlib.sha256(b"backend nonce").digest(), padding.PKCS1v15(), Prehashed(hashes.SHA256())
    )


def test_auth_pin_does_not_unlock_the_sign_key(host: Host) -> None:
    assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, "4821") == "9000"
    host.select_ef(Jpki.SIGN_KEY)
    assert host.sw(sign_apdu(digest_info(b"x"))) == "6982"


def test_signature_needs_a_key_ef(host: Host) -> None:
    assert host.sw(sign_apdu(digest_info(b"x"))) == "6986"  # nothing selected
    assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, "4821") == "9000"
    assert host.sw(sign_apdu(digest_info(b"x"))) == "6986"  # the PIN EF is current
    host.select_ef(Jpki.AUTH_CERT)
    assert host.sw(sign_apdu(digest_info(b"x"))) == "6986"


def test_signature_input_limits(host: Host, adult_image: CardImage) -> None:
    assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, "4821") == "9000"
    host.select_ef(Jpki.AUTH_KEY)
    assert host.sw(sign_apdu(bytes(246))) == "6700"
    assert host.sw("802A0080") == "6700"
    assert host.sw(sign_apdu(digest_info(b"x"), le="10")) == "6C00"
    assert host.sw("802A0180" + "01AA00") == "6A86"
    raw = bytes(range(245))
    data, sw = host.tx(sign_apdu(raw))
    assert sw == "9000"
    # any bytes are padded as they are (PKCS#1 v1.5 type 1): recover them with the public key
    recovered = cert_key(adult_image, Jpki.AUTH_CERT).recover_data_from_signature(data, padding.PKCS1v15(), None)
    assert recovered == raw


def test_extended_signature_apdu(host: Host) -> None:
    assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, "4821") == "9000"
    host.select_ef(Jpki.AUTH_KEY)
    di = digest_info(b"x")
    data, sw = host.tx("802A0080" + "0000" + f"{len(di):02X}" + di.hex() + "0100")
    assert sw == "9000" and len(data) == 256


@pytest.mark.parametrize(
    ("aid", "pin_fid", "value"),
    [
        (Aid.KENKAKU, Kenkaku.BIRTH_PIN, "BIRTH"),
        (Aid.KENKAKU, Kenkaku.PIN_B, "PINB"),
        (Aid.KENHOJO, Kenhojo.PIN, "4821"),
        (Aid.KENHOJO, Kenhojo.PIN_B, "PINB"),
    ],
)
def test_internal_authenticate_signs_with_the_card_key(
    host: Host, adult_image: CardImage, aid: Aid, pin_fid: int, value: str
) -> None:
    holder = adult_image.holder
    pin = {"BIRTH": f"{holder.birth_date:%y%m%d}", "PINB": holder.pin_b}.get(value, value)
    host.select(aid)
    assert host.sw("0088008033" + digest_info(b"n").hex() + "00") == "6982"
    assert host.verify_at(aid, pin_fid, pin) == "9000"
    data, sw = host.tx("0088008033" + digest_info(b"n").hex() + "00")
    assert sw == "9000"
    key_file = adult_image.file("kenhojo", Kenhojo.CARD_PUBLIC_KEY)
    assert key_file is not None
    _, value_bytes, _ = outer(key_file)
    card_key = key_from_template(parse_tlvs(value_bytes)[0][1])
    card_key.verify(data, b"n", padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(InvalidSignature):
        cert_key(adult_image, Jpki.AUTH_CERT).verify(data, b"n", padding.PKCS1v15(), hashes.SHA256())


def test_internal_authenticate_is_not_in_jpki_or_juki(host: Host) -> None:
    assert host.sw("0088008003010203" + "00") == "6986"  # no application selected
    for aid in (Aid.JPKI, Aid.JUKI):
        host.select(aid)
        assert host.sw("0088008003010203" + "00") == "6D00"


def test_internal_authenticate_parameters(host: Host, adult_image: CardImage) -> None:
    assert host.verify_at(Aid.KENHOJO, Kenhojo.PIN, "4821") == "9000"
    assert host.sw("0088000003010203" + "00") == "6A86"
    assert host.sw("00880080" + "F6" + "00" * 246 + "00") == "6700"
