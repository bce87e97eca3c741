"""Flow 1 end to end: the signature PIN is reset on the card through the backend's MAC-protected script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backend.embedded import DEMO_MUNICIPALITY
from kiosk.card.card import MyNumberCard
from kiosk.card.errors import WrongPin
from kiosk.card.jpki import JpkiKey
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.flows.context import FlowSettings
from kiosk.flows.view import Screen
from sim.faces import face_for
from sim.personalise import DEFAULT_SIGN_PIN

from .conftest import Harness, looping_camera


def test_signature_pin_is_reset_and_works(harness: Callable[..., Harness], live_clips: dict[str, list[Any]]) -> None:
    h = harness()
    camera = looping_camera(live_clips[face_for("tanaka").key])
    seen = h.run(h.resident(camera=camera, new_sign_pin="KIOSK2026"))
    screens = [v.screen for v in seen]
    assert h.kiosk.outcomes == ["reset_done"], [(v.screen, v.error, v.body) for v in seen[-4:]]
    for expected in (Screen.PIN_ENTRY, Screen.CARD_FRONT_ENTRY, Screen.FACE_CAPTURE, Screen.NEW_PIN, Screen.RESULT):
        assert expected in screens, expected
    assert h.kiosk.outcomes == ["reset_done"]
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        try:
            card.verify(Pins.SIGN, Pin(DEFAULT_SIGN_PIN))
            raise AssertionError("the old signature PIN still works")
        except WrongPin:
            pass
        card.verify(Pins.SIGN, Pin("KIOSK2026"))
        assert len(card.sign(JpkiKey.SIGN, b"after the reset")) == 256


def test_weak_or_mismatched_new_pins_are_refused_with_a_reason(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    h = harness()
    resident = h.resident(camera=looping_camera(live_clips[face_for("tanaka").key]))
    seen = h.run(resident, stop_at=Screen.NEW_PIN)
    from kiosk.flows.events import Entered

    hints = []
    for weak in ("ABCDEF", "AAAAAA1", "123456", "SHORT"):
        view = h.kiosk.handle(Entered(Pin(weak), serial=h.kiosk.view.serial))
        hints.append(view.hints[0] if view.hints else None)
    assert hints == [
        "pin.weak.needs_letter_and_digit",
        "pin.weak.repeated",
        "pin.weak.needs_letter_and_digit",
        "pin.weak.needs_letter_and_digit",
    ]
    h.kiosk.handle(Entered(Pin("GOOD2468"), serial=h.kiosk.view.serial))
    view = h.kiosk.handle(Entered(Pin("GOOD2469"), serial=h.kiosk.view.serial))
    assert view.screen is Screen.NEW_PIN and view.hints == ("pin.new.mismatch",)
    assert seen


def test_a_photo_held_to_the_camera_is_refused(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    h = harness(settings=FlowSettings(municipality=DEMO_MUNICIPALITY, face_attempts=2))
    camera = looping_camera(live_clips[f"{face_for('tanaka').key}:still"], fps=5.0)  # a still needs no more
    seen = h.run(h.resident(camera=camera))
    errors = [v.error for v in seen if v.screen is Screen.ERROR]
    assert errors == ["liveness_timeout", "face_mismatch_final"], "the blink a photo cannot make never came"
    assert h.kiosk.outcomes == ["face_refused"]


def test_a_stranger_is_refused(harness: Callable[..., Harness], live_clips: dict[str, list[Any]]) -> None:
    h = harness(settings=FlowSettings(municipality=DEMO_MUNICIPALITY, face_attempts=2))
    stranger = next(key for key in live_clips if ":" not in key and key != face_for("tanaka").key)
    seen = h.run(h.resident(camera=looping_camera(live_clips[stranger])))
    errors = [v.error for v in seen if v.screen is Screen.ERROR]
    assert errors == ["face_mismatch", "face_mismatch_final"]
    assert h.kiosk.outcomes == ["face_refused"]
