"""A face check releases what it opens (a mediapipe graph: ~26 MB and two native threads), however it ends."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from kiosk.flows.events import Act, CardRemoved
from kiosk.flows.view import Screen
from sim.faces import face_for

from .conftest import Harness, looping_camera


def _native_threads() -> int:
    return len(os.listdir("/proc/self/task"))  # mediapipe's graph threads are invisible to ``threading``


def _to_face_check(h: Harness, clip: list[Any]) -> None:
    resident = h.resident(camera=looping_camera(clip))
    h.run(resident, stop_at=Screen.FACE_CAPTURE)
    for _ in range(3):
        for event in resident.respond(h.kiosk.view):
            h.kiosk.handle(event)
    assert h.kiosk.view.screen is Screen.FACE_CAPTURE


def test_face_checks_release_their_tracker_when_cancelled_pulled_or_decided(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    h = harness()
    clip = live_clips[face_for("tanaka").key]
    _to_face_check(h, clip)  # warm-up: the backend's worker threads, the models, the first connection
    h.kiosk.handle(Act("cancel"))
    before = _native_threads()

    _to_face_check(h, clip)
    h.kiosk.handle(Act("cancel"))
    _to_face_check(h, clip)
    h.reader.remove()
    h.kiosk.handle(CardRemoved())
    h.kiosk.handle(Act("finish"))
    h.run(h.resident(camera=looping_camera(clip)), stop_at=Screen.NEW_PIN)  # the check passed and decided
    h.kiosk.handle(Act("cancel"))

    # Each check left open used to keep two native threads (and ~26 MB) for the life of the process.
    assert _native_threads() <= before + 1
