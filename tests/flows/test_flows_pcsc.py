"""The same flows through the stack a kiosk uses: the virtual card in a private pcscd (vpcd), read with pyscard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.cards.uri import open_reader
from kiosk.flows.events import CardRemoved
from kiosk.flows.view import Screen
from sim.faces import face_for
from tests import pcsc_harness

from .conftest import Harness, looping_camera


@pytest.fixture
def pcsc_harness_for(harness: Callable[..., Harness], tmp_path: Path) -> Iterator[Callable[..., Harness]]:
    if reason := pcsc_harness.unavailable_reason():
        pytest.fail(f"the pcsc flows cannot run here: {reason}")
    sessions: list[Any] = []

    def make(persona: str = "tanaka") -> Harness:
        h = harness(persona)  # its copy of the card image is served into pcscd instead of read in-process
        context = pcsc_harness.pcsc_card_session(tmp_path / f"{persona}.json")
        session = context.__enter__()
        sessions.append(context)
        session.card.remove()
        h.kiosk.reader = open_reader(session.uri)
        h.reader = session.card  # type: ignore[assignment]  # insert()/remove() as the resident does
        return h

    yield make
    for context in reversed(sessions):
        context.__exit__(None, None, None)


def test_signature_pin_reset_through_pcscd(
    pcsc_harness_for: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    h = pcsc_harness_for()
    seen = h.run(h.resident(camera=looping_camera(live_clips[face_for("tanaka").key]), new_sign_pin="PCSC2468"))
    assert h.kiosk.outcomes == ["reset_done"], [(v.screen, v.error) for v in seen[-3:]]


def test_wrong_pin_and_card_removal_through_pcscd(pcsc_harness_for: Callable[..., Harness]) -> None:
    h = pcsc_harness_for()
    seen = h.run(h.resident(mistakes={"auth_pin": ["1111"]}), stop_at=Screen.CARD_FRONT_ENTRY)
    assert [v.params.get("tries_left") for v in seen if v.screen is Screen.PIN_ENTRY] == [3, 2]
    data = h.kiosk.resident_data
    assert data is not None
    h.reader.remove()
    view = h.kiosk.handle(CardRemoved())
    assert view.error == "card_removed" and data.held() == []
