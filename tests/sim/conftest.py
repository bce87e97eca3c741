"""Fixtures for the card-side tests: real virtual cards, shared per session because RSA keys are slow.

Each test that changes PIN counters gets its own copy of a card image file (``card_path``), so the
session images themselves are never modified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from sim.card import VirtualCard
from sim.image import CardImage
from sim.personalise import new_card
from sim.personas import get_persona, list_personas
from sim.pki import TestPki
from tests.sim.sim_helpers import ISSUED, Host


@pytest.fixture(scope="session")
def pki() -> TestPki:
    return TestPki.load()


@pytest.fixture(scope="session")
def images(pki: TestPki) -> dict[str, CardImage]:
    """One card per persona, issued on ``ISSUED``."""
    return {p.key: new_card(p, seed=7, issued=ISSUED, pki=pki) for p in list_personas()}


@pytest.fixture(scope="session")
def adult_image(images: dict[str, CardImage]) -> CardImage:
    return images["tanaka"]


@pytest.fixture(scope="session")
def child_image(images: dict[str, CardImage]) -> CardImage:
    return images["sato"]


@pytest.fixture(scope="session")
def today_image(pki: TestPki) -> CardImage:
    """A card issued today, so its certificates are valid now."""
    return new_card(get_persona("suzuki"), seed=11, pki=pki)


@pytest.fixture
def card_path(tmp_path: Path, adult_image: CardImage) -> Path:
    path = tmp_path / "card.json"
    adult_image.save(path)
    return path


@pytest.fixture
def card(card_path: Path) -> VirtualCard:
    return VirtualCard.load(card_path)


@pytest.fixture
def short_card(tmp_path: Path, adult_image: CardImage) -> VirtualCard:
    path = tmp_path / "short.json"
    replace(adult_image, extended_length=False).save(path)
    return VirtualCard.load(path)


@pytest.fixture
def child_card(tmp_path: Path, child_image: CardImage) -> VirtualCard:
    path = tmp_path / "child.json"
    child_image.save(path)
    return VirtualCard.load(path)


@pytest.fixture
def host(card: VirtualCard) -> Host:
    card.power_on()
    return Host(card)


@pytest.fixture
def make_host() -> Callable[[VirtualCard], Host]:
    def make(card: VirtualCard) -> Host:
        card.power_on()
        return Host(card)

    return make
