"""A resident's card data does not outlive the session (issue 17, item 5).

The search is over the whole interpreter (``gc``), not the session's own fields: a cache, a memo or a module global
that still holds a resident's certificate or basic four is found wherever it sits.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from drivers.cards.sim import SimReader
from kiosk.card.card import MyNumberCard
from kiosk.card.data import BasicFour, FrontFace
from kiosk.card.identity import Secrets, read_identity
from kiosk.card.pin import Pin
from kiosk.card.verify import TrustAnchors
from sim.card import VirtualCard
from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN

_CONTAINERS = (tuple, list, dict, set, frozenset)


def _holds(obj: object, der: bytes, depth: int) -> bool:
    """``obj`` is, or (through untracked containers, which gc does not list) contains, the certificate."""
    if isinstance(obj, x509.Certificate):
        return obj.public_bytes(Encoding.DER) == der
    if depth and isinstance(obj, _CONTAINERS) and not gc.is_tracked(obj):
        items = list(obj.items()) if isinstance(obj, dict) else list(obj)
        return any(_holds(item, der, depth - 1) for item in items)
    return False


def holders_of_certificate(der: bytes) -> list[str]:
    """The types of every live object that refers to a certificate with this DER encoding."""
    gc.collect()
    found = []
    for holder in gc.get_objects():
        for ref in gc.get_referents(holder):
            if isinstance(ref, (x509.Certificate, *_CONTAINERS)) and _holds(ref, der, 3):
                found.append(type(holder).__qualname__)
    return found


def live_instances(*types: type) -> list[str]:
    gc.collect()
    return [type(o).__qualname__ for o in gc.get_objects() if isinstance(o, types)]


def _session(image: CardImage, anchors: TrustAnchors) -> bool:
    reader = SimReader(VirtualCard.from_image(image))
    secrets = Secrets(Pin(DEFAULT_AUTH_PIN), Pin(image.holder.pin_b), Pin(DEFAULT_SIGN_PIN))
    with MyNumberCard(reader.connect()) as card:
        read = read_identity(card, secrets, anchors)
    secrets.wipe()
    verified = read.chip_verified
    read.wipe()
    return verified


def test_no_residents_certificate_or_data_is_reachable_after_a_session(
    card_file: Callable[[str], Path], anchors: TrustAnchors
) -> None:
    image = CardImage.load(card_file())
    sign_der, auth_der = image.files["jpki"]["0001"], image.files["jpki"]["000A"]  # the EFs hold exactly the DER
    assert _session(image, anchors), "the card must pass every check, so every certificate was chain-checked"
    assert holders_of_certificate(sign_der) == [], "the signature certificate (name, address) outlived its session"
    assert holders_of_certificate(auth_der) == []
    assert live_instances(BasicFour, FrontFace) == []


def test_the_search_finds_a_certificate_a_cache_still_holds(card_file: Callable[[str], Path]) -> None:
    image = CardImage.load(card_file())
    der = image.files["jpki"]["0001"]

    @functools.lru_cache(maxsize=4)
    def remember(certificate: x509.Certificate) -> bool:
        return True

    remember(x509.load_der_x509_certificate(der))
    assert "_lru_cache_wrapper" in holders_of_certificate(der)
    remember.cache_clear()
    assert holders_of_certificate(der) == []
