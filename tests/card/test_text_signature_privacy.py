"""Text-AP EF 0003 holds SHA-256 over the My Number: checked at once and dropped (issue 17, item 6).

The hash is a My Number equivalent: the first 11 digits of a My Number fall to a brute-force search, and the check
digit confirms the hit. The issuer's signature in the same file gives the hash back to anyone with the public key.
So the parsed object must carry neither, in its attributes or its repr.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.cards.sim import SimReader
from kiosk.card import tlv
from kiosk.card.card import MyNumberCard
from kiosk.card.data import CardVerifiableCertificate, TextSignature, parse_cvc
from kiosk.card.identity import IdentityRead, Secrets, read_identity
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.card.verify import ChipNotGenuine, TrustAnchors, verify_text_data
from sim.card import VirtualCard
from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN


def _values(obj: object, depth: int = 4) -> Iterator[object]:
    """Every value reachable from ``obj`` through its fields, slots, __dict__ and containers."""
    yield obj
    if depth == 0 or isinstance(obj, (bytes, str, int, float, bool)) or obj is None:
        return
    if dataclasses.is_dataclass(obj):
        children: list[object] = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    elif isinstance(obj, (tuple, list, set, frozenset)):
        children = list(obj)
    elif isinstance(obj, dict):
        children = [*obj.keys(), *obj.values()]
    else:
        children = list(getattr(obj, "__dict__", {}).values())
        children += [getattr(obj, s) for s in getattr(type(obj), "__slots__", ()) if hasattr(obj, s)]
    for child in children:
        yield from _values(child, depth - 1)


def _secrets_of(image: CardImage) -> list[bytes]:
    ef = tlv.decode(image.files["kenhojo"]["0003"])
    my_number_hash, signature = ef.child(b"\xdf\x31").value, ef.child(b"\xdf\x33").value
    assert my_number_hash == hashlib.sha256(image.files["kenhojo"]["0001"]).digest()
    number = image.holder.my_number
    assert len(number) == 12 and number.isdigit()
    return [my_number_hash, signature, number.encode()]


def _leaks(obj: object, secrets: list[bytes]) -> list[str]:
    found = []
    forms = [f for s in secrets for f in (s, s.hex().encode(), s.hex().upper().encode())]
    shown = (repr(obj) + str(obj)).encode()
    found += [f"repr shows {f[:8]!r}" for f in forms if f in shown or repr(f)[2:-1].encode() in shown]
    for value in _values(obj):
        raw = value.encode() if isinstance(value, str) else value
        if isinstance(raw, (bytes, bytearray)):
            found += [f"attribute holds {f[:8]!r}" for f in forms if f in raw]
    return found


def _signature(image: CardImage) -> TextSignature:
    with MyNumberCard(SimReader(VirtualCard.from_image(image)).connect()) as card:
        card.verify(Pins.TEXT_PIN_B, Pin(image.holder.pin_b))
        return card.text.signature()


def test_the_parsed_text_signature_keeps_no_my_number_equivalent(card_file: Callable[[str], Path]) -> None:
    image = CardImage.load(card_file())
    signature = _signature(image)
    assert _leaks(signature, _secrets_of(image)) == []
    assert signature.signature_valid


def test_the_search_would_find_the_hash(card_file: Callable[[str], Path]) -> None:
    image = CardImage.load(card_file())
    secrets = _secrets_of(image)
    assert _leaks({"kept": (b"x" + secrets[0],)}, secrets) and _leaks(repr(secrets[1]), secrets)


def _with_text_signature(image: CardImage, ef: bytes) -> CardImage:
    files = {a: dict(f) for a, f in image.files.items()}
    files["kenhojo"]["0003"] = ef
    return dataclasses.replace(image, files=files)


def _read(image: CardImage, anchors: TrustAnchors) -> IdentityRead:
    with MyNumberCard(SimReader(VirtualCard.from_image(image)).connect()) as card:
        return read_identity(card, Secrets(Pin(DEFAULT_AUTH_PIN), Pin(image.holder.pin_b)), anchors)


def test_a_forged_text_signature_still_fails_the_chip_check(
    card_file: Callable[[str], Path], anchors: TrustAnchors
) -> None:
    image = CardImage.load(card_file())
    ef = bytearray(image.files["kenhojo"]["0003"])
    ef[-1] ^= 0x01  # the last byte of DF 33, the signature
    read = _read(_with_text_signature(image, bytes(ef)), anchors)
    assert {c.name: c.reason for c in read.checks if not c.ok} == {"basic_four_signature": "data_signature"}
    assert _read(image, anchors).chip_verified


def test_a_signature_checked_under_another_certificate_is_refused(
    card_file: Callable[[str], Path], anchors: TrustAnchors
) -> None:
    image = CardImage.load(card_file())
    signature = _signature(image)
    with MyNumberCard(SimReader(VirtualCard.from_image(image)).connect()) as card:
        card.verify(Pins.TEXT_PIN_B, Pin(image.holder.pin_b))
        basic_four = card.text.basic_four()
    cvc = parse_cvc(image.files["kenhojo"]["0004"])
    other = dataclasses.replace(signature, signer=CardVerifiableCertificate(b"", b"", cvc.public_key, b"x", b""))
    verify_text_data(basic_four, signature, cvc, anchors.card_ap_roots)
    with pytest.raises(ChipNotGenuine) as refused:
        verify_text_data(basic_four, other, cvc, anchors.card_ap_roots)
    assert refused.value.reason == "data_signature"
