"""The copy check (``kiosk.face.likeness``) and the rules of a witness sequence (``kiosk.face.sequence``) that need
no liveness run: a copy of the chip photo is one however it is re-encoded, rescaled or cropped; another pose of the
person is not; a sequence's capture times must increase within the time the challenge allows."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.face.attacks import place_in_frame
from kiosk.face.engine import FaceEngine
from kiosk.face.image import Image, decode_chip_photo
from kiosk.face.landmarks import MeshTracker
from kiosk.face.likeness import CopyRules, likeness
from kiosk.face.liveness import Challenge
from kiosk.face.sequence import SequenceFailure, check_sequence
from mynakiosk.demo.virtual_camera import REST_POSE, face_mesh_3d, posed


def _reencoded(image: Image, quality: int) -> Image:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_COLOR), np.uint8)


@pytest.mark.parametrize("change", ["as_is", "jpeg50", "rescaled_2x", "cropped", "in_a_frame"])
def test_the_chip_photo_changed_is_still_a_copy(engine: FaceEngine, hopper_chip: bytes, change: str) -> None:
    chip = decode_chip_photo(hopper_chip)
    height, width = chip.shape[:2]
    variants: dict[str, Image] = {
        "as_is": chip,
        "jpeg50": _reencoded(chip, 50),
        "rescaled_2x": np.asarray(cv2.resize(chip, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC), np.uint8),
        "cropped": chip[height // 25 :, width // 20 : width - width // 30],
        "in_a_frame": place_in_frame(chip),
    }
    shown = variants[change]
    found = likeness(engine, chip, shown)
    assert found is not None and found.is_copy(CopyRules()), found


def test_the_person_in_another_pose_is_not_a_copy(engine: FaceEngine, hopper: Image, hopper_chip: bytes) -> None:
    """The same portrait the chip photo was made from, with the head held 8 degrees aside (the simulator's virtual
    resident at rest): another capture, as far as pixels go."""
    chip = decode_chip_photo(hopper_chip)
    base = place_in_frame(hopper)
    unposed, rest = likeness(engine, chip, base), likeness(engine, chip, posed(base, face_mesh_3d(base), *REST_POSE))
    assert unposed is not None and unposed.is_copy(CopyRules())
    assert rest is not None and not rest.is_copy(CopyRules()), rest


def test_a_sequence_needs_increasing_capture_times_within_the_challenges_time(
    engine: FaceEngine, hopper: Image, hopper_chip: bytes
) -> None:
    frame = place_in_frame(hopper)
    tracker = MeshTracker(video=False, engine=engine)
    chip = decode_chip_photo(hopper_chip)
    try:
        for times in ([0.0], [0.0, 0.5, 0.5], [0.0, 1.0, 0.6], [0.0, 15.0]):
            frames = [(t, np.array(frame)) for t in times]
            verdict = check_sequence(engine, tracker, chip, frames, [Challenge.BLINK, Challenge.TURN_LEFT])
            assert verdict.failure is SequenceFailure.FRAMES, times
        still = [(t, np.array(frame)) for t in (0.0, 0.4, 0.8, 1.2)]
        verdict = check_sequence(engine, tracker, chip, still, [Challenge.BLINK, Challenge.TURN_LEFT])
        assert verdict.failure is SequenceFailure.COPY  # the portrait the chip was made from, unposed
    finally:
        tracker.close()
