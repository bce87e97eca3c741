"""Forged and copied cards fail the chip checks (virtual cards altered the way a forger would)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from drivers.cards.sim import SimReader
from kiosk.card.card import MyNumberCard
from kiosk.card.identity import IdentityRead, Secrets, read_identity
from kiosk.card.pin import Pin
from kiosk.card.verify import TrustAnchors
from sim.card import VirtualCard
from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN
from sim.profile import KeyId


def _read(image: CardImage, anchors: TrustAnchors) -> IdentityRead:
    reader = SimReader(VirtualCard.from_image(image))
    with MyNumberCard(reader.connect()) as card:
        return read_identity(card, Secrets(Pin(DEFAULT_AUTH_PIN), Pin(image.holder.pin_b)), anchors)


def _failed(read: IdentityRead) -> dict[str, str]:
    return {c.name: c.reason for c in read.checks if not c.ok}


def _with_file(image: CardImage, app: str, fid: str, data: bytes) -> CardImage:
    files = {a: dict(f) for a, f in image.files.items()}
    files[app][fid] = data
    return dataclasses.replace(image, files=files)


def test_altered_address_breaks_the_issuer_hash(card_file: Callable[[str], Path], anchors: TrustAnchors) -> None:
    image = CardImage.load(card_file())
    original = image.files["kenhojo"]["0002"]
    address = image.holder.address.encode()
    forged = original.replace(address[:6], "大阪".encode())  # same length: the TLV stays well formed
    assert forged != original
    read = _read(_with_file(image, "kenhojo", "0002", forged), anchors)
    assert _failed(read) == {"basic_four_signature": "data_hash"}


def test_swapped_photo_breaks_the_card_face_signature(card_file: Callable[[str], Path], anchors: TrustAnchors) -> None:
    image = CardImage.load(card_file())
    front = bytearray(image.files["kenkaku"]["0002"])
    jp2 = front.find(b"\x00\x00\x00\x0cjP  ")
    front[jp2 + 200] ^= 0xFF  # one bit-flipped byte in the codestream
    read = _read(_with_file(image, "kenkaku", "0002", bytes(front)), anchors)
    assert _failed(read) == {"card_face_signature": "data_signature"}


def test_copied_chip_without_the_private_keys_fails(card_file: Callable[[str], Path], anchors: TrustAnchors) -> None:
    """Every readable file copied onto a chip with keys of the forger's own making."""
    image = CardImage.load(card_file())

    def fresh() -> bytes:
        return rsa.generate_private_key(65537, 2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    keys = dict(image.keys)
    keys[KeyId.JPKI_AUTH] = fresh()
    keys[KeyId.CARD] = fresh()
    read = _read(dataclasses.replace(image, keys=keys), anchors)
    assert _failed(read) == {"auth_key_signature": "nonce_signature", "card_key_signature": "internal_authentication"}


def test_genuine_card_passes_every_check(card_file: Callable[[str], Path], anchors: TrustAnchors) -> None:
    read = _read(CardImage.load(card_file()), anchors)
    assert read.chip_verified and len(read.checks) == 5
