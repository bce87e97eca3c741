"""Fixtures for the reader-driver tests: real virtual card images, and that card inside a private pcscd."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sim.personalise import new_card
from sim.personas import get_persona
from tests import pcsc_harness  # sets PCSCLITE_CSOCK_NAME at import, before any PC/SC call


@pytest.fixture(scope="session")
def card_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One adult's card and one short-APDU-only card, made once per session (RSA key generation is slow)."""
    directory = tmp_path_factory.mktemp("driver-cards")
    adult = directory / "tanaka.json"
    new_card(get_persona("tanaka"), seed=11).save(adult)
    short = directory / "short-only.json"
    new_card(get_persona("suzuki"), seed=11, extended_length=False).save(short)
    return {"tanaka": adult, "short-only": short}


@pytest.fixture
def card_path(card_templates: dict[str, Path], tmp_path: Path) -> Callable[[str], Path]:
    """A private copy of a template (PIN counters persist in the file)."""

    def make(key: str = "tanaka") -> Path:
        path = tmp_path / f"{key}.json"
        if not path.exists():
            shutil.copy(card_templates[key], path)
        return path

    return make


@pytest.fixture
def pcsc_available() -> None:
    if reason := pcsc_harness.unavailable_reason():
        pytest.fail(f"the PC/SC driver tests cannot run here: {reason}")


@pytest.fixture
def pcsc(pcsc_available: None, card_path: Callable[[str], Path]) -> Iterator[pcsc_harness.PcscSession]:
    """The adult's card in the first slot of a private pcscd."""
    with pcsc_harness.pcsc_card_session(card_path()) as session:
        yield session
