from __future__ import annotations

from collections.abc import Callable

from kiosk.era_dates import era_of, western
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


def test_card_front_numbers_can_be_read_with_the_camera_and_are_confirmed(
    harness: Callable[..., Harness], tmp_path: object
) -> None:
    import cv2
    import numpy as np

    from mynakiosk.demo.virtual_camera import looping
    from sim.personalise import card_front_png

    h = harness()
    front = cv2.imdecode(np.frombuffer(card_front_png(h.image.holder), np.uint8), cv2.IMREAD_COLOR)
    seen = h.run(h.resident(service="locked_out", card_camera=looping([front])))
    scanning = [v for v in seen if v.screen is Screen.CARD_FRONT_ENTRY and v.camera]
    assert scanning, "the camera was used"
    after_scan = seen[seen.index(scanning[0]) :]
    assert not [v for v in after_scan if v.screen is Screen.CARD_FRONT_ENTRY and v.entry], "nothing had to be typed"
    confirm = next(v for v in seen if v.body == "card_front.confirm")
    born = h.image.holder.birth_date  # read by the camera: the kiosk does not know the card's calendar, shows both
    assert confirm.data["birth_date"] == f"{era_of(born).printed()} / {western(born).printed()}"
    assert "birth_date" not in confirm.params, "personal data travels in View.data only"
    assert h.kiosk.outcomes == ["informed"]
