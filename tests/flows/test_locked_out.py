from __future__ import annotations

from collections.abc import Callable

from kiosk.flows.view import Screen

from .conftest import Harness


def test_nothing_remembered_reads_the_card_front_and_explains(harness: Callable[..., Harness]) -> None:
    h = harness()
    seen = h.run(h.resident(service="locked_out"))
    screens = [v.screen for v in seen]
    assert Screen.CARD_FRONT_ENTRY in screens
    info = next(v for v in seen if v.screen is Screen.INFO)
    assert info.body == "info.locked_out.body" and info.params["genuine"] is True
    assert h.kiosk.outcomes == ["informed"]
    assert h.kiosk.resident_data is None
