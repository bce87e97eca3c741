"""Error branches every flow shares: a suspended card, the service going away mid-reset, an unusable photo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from backend import embedded
from kiosk.card.card import MyNumberCard
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.flows.view import Screen
from sim.faces import face_for
from sim.personalise import DEFAULT_SIGN_PIN

from .conftest import Harness, Network, client_over, looping_camera


def test_a_suspended_card_is_refused_by_the_service(
    harness: Callable[..., Harness], backend_server: embedded.EmbeddedBackend
) -> None:
    h = harness("watanabe")
    backend_server.set_card_status(h.image.serial, "suspended")
    try:
        seen = h.run(h.resident())
    finally:
        backend_server.set_card_status(h.image.serial, "valid")
    error = next(v for v in seen if v.screen is Screen.ERROR)
    assert error.error == "card_invalid"
    assert h.kiosk.outcomes == ["card_invalid"]


def test_service_lost_before_the_reset_changes_nothing(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], backend_server: embedded.EmbeddedBackend
) -> None:
    h = harness()
    h.kiosk.backend = client_over(backend_server, Network(down_for="/v1/pin-resets"))
    seen = h.run(h.resident(camera=looping_camera(live_clips[face_for("tanaka").key])))
    error = next(v for v in seen if v.screen is Screen.ERROR)
    assert error.error == "backend_down"
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        card.verify(Pins.SIGN, Pin(DEFAULT_SIGN_PIN))  # the old signature PIN still works: nothing changed


def test_photo_quality_hints_guide_the_resident(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    h = harness("renewal:tanaka")
    face = face_for("tanaka").key
    empty_room = [np.full((480, 640, 3), 200, np.uint8)]
    resident = h.renewal_resident(live_clips, photo_camera=looping_camera(empty_room))
    h.run(resident, stop_at=Screen.PHOTO_CAPTURE)
    view = h.kiosk.view
    for event in resident.respond(view):
        view = h.kiosk.handle(event)
    assert view.screen is Screen.PHOTO_CAPTURE and view.hints == ("face.hint.face_not_found",)
    resident.photo_camera = looping_camera(live_clips[f"{face}:portrait"])
    for event in resident.respond(view):
        view = h.kiosk.handle(event)
    assert view.screen is Screen.PHOTO_REVIEW and "photo_jpeg_base64" in view.data
