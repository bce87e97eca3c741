"""Frames that do not look like a camera's (perfectly regular timing, repeated frames, no sensor noise: an injected
video) end the face check with its own screen and no retry, on a kiosk that checks the frame source (issue 20).
The simulator's virtual camera is exactly such a source, so here it plays the attacker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.face import verification
from kiosk.face.liveness import Challenge
from kiosk.face.source import SourceRules
from kiosk.flows import ports
from kiosk.flows.face_service import FaceService
from kiosk.flows.view import Screen
from sim.faces import face_for

from .conftest import Harness, looping_camera


def test_an_injected_video_ends_the_face_check_without_retry(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    h = harness()
    h.kiosk.face = FaceService(allowed=(Challenge.BLINK,), challenges=1, source_rules=SourceRules())
    seen = h.run(h.resident(camera=looping_camera(live_clips[face_for("tanaka").key])))
    errors = [v for v in seen if v.screen is Screen.ERROR]
    assert [v.error for v in errors] == ["camera_untrusted"], [v.screen for v in seen]
    assert not any(v.screen is Screen.FACE_CAPTURE and v.params.get("attempt", 1) > 1 for v in seen), "no retry"


def test_the_flows_and_the_face_pipeline_name_the_error_alike() -> None:
    assert ports.INJECTED_SOURCE == verification.INJECTED_SOURCE
