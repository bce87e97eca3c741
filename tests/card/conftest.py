"""Fixtures for the card-layer tests: real virtual cards, opened in-process *and* through pcscd + vpcd.

Every test that takes ``open_card`` runs twice with the same assertions: once on the in-process virtual card
(``sim``), once on the same card image served into a private ``pcscd`` through vsmartcard's vpcd and read with
pyscard (``pcsc``), the stack a kiosk uses.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from drivers.cards.uri import open_reader
from kiosk.card.card import MyNumberCard
from kiosk.card.trace import TraceRecorder
from kiosk.card.transport import CardConnection
from kiosk.card.verify import TrustAnchors
from sim.image import CardImage
from sim.personalise import new_card
from sim.personas import get_persona
from sim.pki import TestPki
from tests import pcsc_harness  # sets PCSCLITE_CSOCK_NAME before any PC/SC call in this process

READER_KINDS = ("sim", "pcsc")


@dataclass
class RecordingConnection:
    """Passes APDUs through and keeps the raw bytes, so tests can check exactly what the host sent."""

    inner: CardConnection
    sent: list[bytes] = field(default_factory=list)

    @property
    def supports_extended(self) -> bool:
        return self.inner.supports_extended

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.inner.transmit(apdu)

    def close(self, *, reset: bool = True) -> None:
        self.inner.close(reset=reset)


@dataclass
class OpenCard:
    card: MyNumberCard
    recording: RecordingConnection
    trace: TraceRecorder


OpenCardFn = Callable[..., AbstractContextManager[OpenCard]]


@pytest.fixture(scope="session")
def pki() -> TestPki:
    return TestPki.load()


@pytest.fixture(scope="session")
def anchors(pki: TestPki) -> TrustAnchors:
    return TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem)


@pytest.fixture(scope="session")
def card_images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One saved image per persona the tests use (key generation is slow: made once per session)."""
    directory = tmp_path_factory.mktemp("cards")
    out = {}
    for key in ("tanaka", "sato", "watanabe"):
        path = directory / f"{key}.json"
        new_card(get_persona(key), seed=7).save(path)
        out[key] = path
    short = directory / "short-only.json"
    new_card(get_persona("suzuki"), seed=7, extended_length=False).save(short)
    out["short-only"] = short
    return out


@pytest.fixture
def card_file(card_images: dict[str, Path], tmp_path: Path) -> Callable[[str], Path]:
    """A private copy of a persona's image (tests change retry counters, which persist in the file)."""

    def make(key: str = "tanaka") -> Path:
        path = tmp_path / f"{key}.json"
        if not path.exists():
            shutil.copy(card_images[key], path)
        return path

    return make


def holder(path: Path) -> object:
    return CardImage.load(path).holder


@pytest.fixture(params=READER_KINDS)
def reader_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    if kind == "pcsc" and (reason := pcsc_harness.unavailable_reason()):
        pytest.fail(f"the pcsc variant cannot run here: {reason}")
    return kind


@pytest.fixture
def open_card(reader_kind: str) -> Iterator[OpenCardFn]:
    """``with open_card(path) as oc:`` gives a MyNumberCard over the chosen stack; closing resets the card."""

    @contextmanager
    def opener(path: Path, *, faults: str | None = None, reader_extended: bool = True) -> Iterator[OpenCard]:
        if reader_kind == "sim":
            query = "&".join(
                part for part in (f"faults={faults}" if faults else "", "" if reader_extended else "extended=0") if part
            )
            reader = open_reader(f"sim:{path}" + (f"?{query}" if query else ""))
            yield from _session(reader)
        else:
            with pcsc_harness.pcsc_card_session(path, faults=faults) as session:
                reader = open_reader(session.uri)
                yield from _session(reader)

    yield opener


def _session(reader: object) -> Iterator[OpenCard]:
    assert reader.wait_for_card(10.0)  # type: ignore[attr-defined]
    recording = RecordingConnection(reader.connect())  # type: ignore[attr-defined]
    trace = TraceRecorder()
    card = MyNumberCard(recording, tracer=trace)
    try:
        yield OpenCard(card, recording, trace)
    finally:
        card.close()
