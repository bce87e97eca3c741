from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np
import pytest

from kiosk.face.attacks import Attack, attack_frames
from kiosk.face.engine import FaceEngine
from kiosk.face.image import Image
from kiosk.face.landmarks import MeshObservation, MeshTracker
from kiosk.face.liveness import (
    Challenge,
    LivenessRules,
    LivenessSession,
    LivenessState,
    non_rigid_residual,
    random_challenges,
)
from kiosk.face.synthetic import blink_frames


@pytest.fixture(scope="module")
def tracker(engine: FaceEngine) -> Iterator[MeshTracker]:
    made = MeshTracker(video=True, engine=engine)
    yield made
    made.close()


def run(session: LivenessSession, frames: list[Image], fps: float) -> LivenessState:
    status = session.status()
    for k, frame in enumerate(frames):
        status = session.feed(frame, k / fps)
        if status.state.final:
            break
    return status.state


@pytest.mark.parametrize(
    ("attack", "challenge"),
    [
        (Attack.STILL_PHOTO, Challenge.BLINK),
        (Attack.HANDHELD_PRINT, Challenge.BLINK),
        (Attack.TURNED_PRINT, Challenge.TURN_LEFT),
        (Attack.TURNED_PRINT, Challenge.TURN_RIGHT),
        (Attack.SCREEN_REPLAY, Challenge.TURN_RIGHT),
    ],
)
def test_static_image_attacks_fail(tracker: MeshTracker, hopper: Image, attack: Attack, challenge: Challenge) -> None:
    # Few frames keep the test quick; docs/face-liveness.md runs the full set at 15 fps.
    rules = LivenessRules(time_limit_s=3.0)
    frames = attack_frames(hopper, attack, seed=3, fps=5.0, seconds=3.4)
    assert run(LivenessSession((challenge,), tracker, rules), frames, 5.0) is LivenessState.FAILED_TIMEOUT


def test_blinking_face_passes_blink_challenge(tracker: MeshTracker, hopper: Image) -> None:
    frames = blink_frames(hopper, tracker, fps=15.0, seconds=3.0)
    assert run(LivenessSession((Challenge.BLINK,), tracker), frames, 15.0) is LivenessState.PASSED


# Pure state-machine tests on measured values (no camera, no model).


def observation(yaw: float = 0.0, eyes: float = 0.3, jitter: float = 0.0, seed: int = 0) -> MeshObservation:
    rng = np.random.default_rng(seed)
    points = np.stack(np.meshgrid(np.linspace(0, 100, 20), np.linspace(0, 120, 24)), -1).reshape(-1, 2)
    points = points + rng.normal(0, jitter, points.shape)
    return MeshObservation(yaw, 0.0, 0.0, eyes, 0.0, points.astype(np.float32), 1)


def feed(session: LivenessSession, values: list[MeshObservation | None], fps: float = 10.0) -> LivenessState:
    state = session.status().state
    for k, value in enumerate(values):
        state = session.feed_observation(value, k / fps).state
    return state


def test_turn_left_needs_frontal_start_then_turn() -> None:
    session = LivenessSession((Challenge.TURN_LEFT,))
    assert feed(session, [observation(0), observation(10), observation(25)]) is LivenessState.PASSED


def test_turning_the_wrong_way_does_not_pass() -> None:
    session = LivenessSession((Challenge.TURN_LEFT,), rules=LivenessRules(time_limit_s=1.0))
    assert feed(session, [observation(0)] + [observation(-30)] * 15) is LivenessState.FAILED_TIMEOUT


def test_starting_already_turned_does_not_pass() -> None:
    session = LivenessSession((Challenge.TURN_RIGHT,), rules=LivenessRules(time_limit_s=1.0))
    assert feed(session, [observation(-30)] * 15) is LivenessState.FAILED_TIMEOUT


def test_blink_needs_close_then_reopen() -> None:
    session = LivenessSession((Challenge.BLINK,))
    closing = [observation(eyes=0.3)] * 4 + [observation(eyes=0.08)]
    assert feed(session, closing) is LivenessState.IN_PROGRESS
    assert session.feed_observation(observation(eyes=0.3), 1.0).state is LivenessState.PASSED


def test_challenges_are_done_in_order() -> None:
    session = LivenessSession((Challenge.TURN_RIGHT, Challenge.TURN_LEFT))
    status_values = [observation(0), observation(25), observation(0), observation(-25), observation(0)]
    assert feed(session, status_values) is LivenessState.IN_PROGRESS
    assert session.status().completed == (Challenge.TURN_RIGHT,)
    assert session.feed_observation(observation(25), 1.0).state is LivenessState.PASSED


def test_no_face_keeps_waiting_then_times_out() -> None:
    session = LivenessSession((Challenge.BLINK,), rules=LivenessRules(time_limit_s=1.0))
    assert feed(session, [None] * 5) is LivenessState.WAITING_FOR_FACE
    assert feed(session, [observation()] * 12) is LivenessState.FAILED_TIMEOUT


def test_required_deformation_rejects_a_rigid_face() -> None:
    rules = LivenessRules(min_deformation=0.02)
    session = LivenessSession((Challenge.TURN_LEFT,), rules=rules)
    assert feed(session, [observation(0), observation(30)]) is LivenessState.FAILED_NO_MOTION
    lively = LivenessSession((Challenge.TURN_LEFT,), rules=rules)
    assert feed(lively, [observation(0), observation(30, jitter=5.0, seed=1)]) is LivenessState.PASSED


def test_affine_motion_has_no_non_rigid_residual() -> None:
    points = np.random.default_rng(0).uniform(0, 100, (50, 2))
    moved = points @ np.array([[0.9, 0.1], [-0.05, 1.1]]) + [12.0, -3.0]
    assert non_rigid_residual(points, moved) < 1e-9


def test_random_challenges_are_distinct_and_vary() -> None:
    seen = {random_challenges(random.Random(seed)) for seed in range(20)}
    assert all(len(set(c)) == 2 for c in seen) and len(seen) > 2


def test_final_state_is_sticky() -> None:
    session = LivenessSession((Challenge.TURN_LEFT,))
    feed(session, [observation(0), observation(25)])
    assert session.feed_observation(None, 100.0).state is LivenessState.PASSED
