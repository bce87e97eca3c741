"""The camera as a device that fails (issue 18, item 7): a malformed frame is dropped and counted instead of ending
the session as "internal", and a camera that stops delivering ends the face or photo step on "camera out of order"
with a technician alert, found by the kiosk's frame watchdog on its clock (no waiting)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from kiosk.flows.events import Frame, Tick
from kiosk.flows.frames import FrameWatch, frame_problem
from kiosk.flows.kiosk import Timers
from kiosk.flows.screens.camera import camera_down_view
from kiosk.flows.view import Screen, View
from sim.faces import face_for

from .conftest import Harness, looping_camera

GOOD = np.zeros((480, 640, 3), np.uint8)
MALFORMED = {
    "dtype": np.zeros((480, 640, 3), np.float32),
    "too_small": np.zeros((2, 2, 3), np.uint8),
    "shape": np.zeros((480, 640, 5), np.uint8),
    "none": None,
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("reason", "image"), [*MALFORMED.items(), ("shape", np.zeros((480, 640), np.uint8))])
def test_each_kind_of_malformed_frame_is_named(reason: str, image: Any) -> None:
    assert frame_problem(Frame(image, 0.0)) == reason
    assert frame_problem(Frame(GOOD, 0.0)) is None
    assert frame_problem(Frame(GOOD, float("nan"))) == "time"


def test_malformed_frames_are_dropped_and_counted_and_the_face_check_goes_on(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], caplog: pytest.LogCaptureFixture
) -> None:
    h = harness()
    resident = h.resident(camera=looping_camera(live_clips[face_for("tanaka").key]))
    h.run(resident, stop_at=Screen.FACE_CAPTURE)
    with caplog.at_level(logging.WARNING, logger="kiosk.flows.kiosk"):
        for image in MALFORMED.values():
            view = h.kiosk.handle(Frame(image, 0.5))
            assert view.screen is Screen.FACE_CAPTURE, (view.screen, view.error)
    assert h.kiosk.frames.rejected == dict.fromkeys(MALFORMED, 1)
    assert any("malformed frame" in r.getMessage() for r in caplog.records), "the technician sees the count"
    seen = h.run(resident)
    assert not any(v.screen is Screen.ERROR for v in seen), [(v.screen, v.error) for v in seen]
    assert h.kiosk.outcomes == ["reset_done"]
    assert h.kiosk.frames.accepted > 0


def test_a_camera_that_stops_delivering_ends_the_face_check_on_camera_out_of_order(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    h = harness(clock=clock, timers=Timers(camera_stall_s=8.0))
    clip = live_clips[face_for("tanaka").key]
    resident = h.resident(camera=looping_camera(clip))
    h.run(resident, stop_at=Screen.FACE_CAPTURE)
    for event in resident.respond(h.kiosk.view):  # a frame or two, then the camera goes silent
        h.kiosk.handle(event)
    clock.now += 7.9
    assert h.kiosk.handle(Tick(clock.now)).screen is Screen.FACE_CAPTURE, "the countdown is not yet frozen"
    clock.now += 0.2
    with caplog.at_level(logging.ERROR, logger="kiosk.flows.kiosk"):
        view = h.kiosk.handle(Tick(clock.now))
    assert dataclasses.replace(view, serial=0) == camera_down_view(view.flow)
    assert (view.screen, view.error, view.title) == (Screen.ERROR, "camera_down", "error.camera_down.title")
    assert h.kiosk.outcomes == ["camera_down"]
    assert h.kiosk.frames.stalls == 1
    alerts = [r for r in caplog.records if getattr(r, "journal", {}).get("MYNAKIOSK_ALERT") == "camera_stalled"]
    assert len(alerts) == 1, "the technician is alerted (journal field MYNAKIOSK_ALERT)"
    assert h.kiosk.resident_data is None, "the session's data is wiped"


def test_a_camera_sending_only_malformed_frames_is_out_of_order_too(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    clock = FakeClock()
    h = harness(clock=clock)
    h.run(h.resident(camera=looping_camera(live_clips[face_for("tanaka").key])), stop_at=Screen.FACE_CAPTURE)
    for _ in range(9):
        clock.now += 1.0
        h.kiosk.handle(Frame(MALFORMED["shape"], clock.now))
        h.kiosk.handle(Tick(clock.now))
    assert h.kiosk.view.error == "camera_down"
    assert h.kiosk.frames.rejected["shape"] >= 8


def test_the_idle_question_and_the_card_front_scan_are_not_stalls() -> None:
    watch = FrameWatch(8.0)
    face = View(Screen.FACE_CAPTURE, None, "face.title", "face.challenge.blink", camera=True)
    scan = View(Screen.CARD_FRONT_ENTRY, None, "card_front.title", "card_front.scan", camera=True)
    watch.watch(scan, 0.0)
    assert not watch.stalled(100.0), "the card-front scan offers typing: not watched"
    watch.watch(face, 100.0)
    watch.admit(Frame(GOOD, 0.0), 105.0)
    assert not watch.stalled(112.0)
    watch.watch(None, 112.0)  # under the idle question the camera is off
    assert not watch.stalled(200.0)
    watch.watch(face, 200.0)  # back: the watch starts again
    assert not watch.stalled(207.0)
    assert watch.stalled(208.0)
    assert not watch.stalled(300.0), "once per screen"


def test_a_frame_that_takes_long_to_process_is_not_a_silent_camera() -> None:
    watch = FrameWatch(8.0)
    face = View(Screen.FACE_CAPTURE, None, "face.title", "face.challenge.blink", camera=True)
    watch.watch(face, 0.0)
    watch.admit(Frame(GOOD, 0.0), 1.0)
    watch.fed(10.0)  # the face pipeline took 9 s over it (a model loading on a busy machine)
    assert not watch.stalled(12.0)
    assert watch.stalled(18.0)
