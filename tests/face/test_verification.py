from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.face.attacks import Attack, attack_frames
from kiosk.face.engine import FaceEngine
from kiosk.face.image import Image, decode_chip_photo
from kiosk.face.landmarks import MeshTracker
from kiosk.face.liveness import Challenge, LivenessRules, LivenessState
from kiosk.face.source import SourceRules
from kiosk.face.synthetic import blink_frames
from kiosk.face.verification import FaceVerification
from tests.face.helpers import two_people


@pytest.fixture(scope="module")
def tracker(engine: FaceEngine) -> Iterator[MeshTracker]:
    made = MeshTracker(video=True, engine=engine)
    yield made
    made.close()


def run(check: FaceVerification, frames: list[Image], fps: float) -> FaceVerification:
    for k, frame in enumerate(frames):
        if check.feed(frame, k / fps).final:
            break
    return check


def test_live_resident_is_verified_against_own_chip(
    engine: FaceEngine, tracker: MeshTracker, hopper: Image, hopper_chip: bytes
) -> None:
    check = FaceVerification(engine, tracker, decode_chip_photo(hopper_chip), (Challenge.BLINK,))
    status = run(check, blink_frames(hopper, tracker, fps=10.0, seconds=2.5), 10.0).status()
    assert status.liveness.live and status.decision is not None
    assert status.verified and status.decision.frames_used >= 3
    assert status.frames_kept == 0  # frames dropped once decided


def test_live_stranger_is_not_verified(
    engine: FaceEngine, tracker: MeshTracker, hopper: Image, collins_chip: bytes
) -> None:
    check = FaceVerification(engine, tracker, decode_chip_photo(collins_chip), (Challenge.BLINK,))
    status = run(check, blink_frames(hopper, tracker, fps=10.0, seconds=2.5), 10.0).status()
    assert status.liveness.live and status.decision is not None and not status.verified


def test_photo_of_the_card_holder_is_not_verified(
    engine: FaceEngine, tracker: MeshTracker, hopper: Image, hopper_chip: bytes
) -> None:
    rules = LivenessRules(time_limit_s=2.0)
    check = FaceVerification(engine, tracker, decode_chip_photo(hopper_chip), (Challenge.BLINK,), rules=rules)
    status = run(check, attack_frames(hopper, Attack.STILL_PHOTO, seed=1, fps=5.0, seconds=2.4), 5.0).status()
    assert status.liveness.state is LivenessState.FAILED_TIMEOUT
    assert status.decision is None and not status.verified


def test_a_comparable_second_face_is_not_kept_and_is_reported(
    engine: FaceEngine, tracker: MeshTracker, collins: Image, hopper: Image, hopper_chip: bytes
) -> None:
    """The person behind leaning in: the frame is not used for matching and the flow is told to ask them back."""
    check = FaceVerification(engine, tracker, decode_chip_photo(hopper_chip), (Challenge.BLINK,))
    crowded = check.feed(two_people(collins, hopper), 0.0)
    assert crowded.second_face and crowded.frames_kept == 0 and crowded.second_face_frames == 1
    alone = check.feed(hopper, 0.1)
    assert not alone.second_face and alone.frames_kept == 1 and alone.second_face_frames == 1


def test_a_too_perfect_frame_source_gets_no_decision(
    engine: FaceEngine, tracker: MeshTracker, hopper: Image, hopper_chip: bytes
) -> None:
    """The synthetic blink with virtual timestamps passes liveness, but its timing is exactly periodic."""
    check = FaceVerification(
        engine, tracker, decode_chip_photo(hopper_chip), (Challenge.BLINK,), source_rules=SourceRules(min_frames=10)
    )
    status = run(check, blink_frames(hopper, tracker, fps=10.0, seconds=2.5), 10.0).status()
    assert status.liveness.live and status.decision is None and not status.verified
    assert status.error == "injected_source" and "regular_timing" in status.source_reasons
