"""The frame-source check: virtual timestamps, repeated frames and noise-free renderings are too perfect."""

from __future__ import annotations

import cv2
import numpy as np

from drivers.cameras.replay import ReplayCamera
from kiosk.face.engine import FaceEngine
from kiosk.face.image import Image
from kiosk.face.source import (
    DUPLICATE_FRAMES,
    NO_SENSOR_NOISE,
    REGULAR_TIMING,
    FrameSourceMonitor,
    noise_sigma,
)
from tests.face.helpers import live_frames


def rendered(k: int) -> Image:
    """A clean synthetic picture (gradient and a moving disc): what a renderer or a deepfake's output looks like
    before any sensor touched it."""
    yy, xx = np.mgrid[0:480, 0:640]
    frame = np.dstack([(xx / 640 * 200 + yy / 480 * 40).astype(np.uint8)] * 3)
    cv2.circle(frame, (300 + 4 * k, 240), 100, (180, 150, 120), -1)
    return np.ascontiguousarray(frame)


def jittered_times(count: int, fps: float, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    return list(np.cumsum(1 / fps + rng.normal(0, 0.002, count)))


def test_camera_like_frames_are_not_suspicious(engine: FaceEngine, collins: Image) -> None:
    monitor = FrameSourceMonitor()
    frames = live_frames(engine, collins, 4, seed=3)  # sensor noise, JPEG, different every frame
    for k, t in enumerate(jittered_times(16, 15.0, seed=1)):
        monitor.feed(frames[k % len(frames)], t)
    verdict = monitor.verdict()
    assert not verdict.suspicious, verdict
    assert verdict.frames == 16 and verdict.interval_jitter_s > 0.001


def test_replayed_frames_with_virtual_timestamps_are_too_regular(engine: FaceEngine, collins: Image) -> None:
    camera = ReplayCamera(live_frames(engine, collins, 3, seed=4), fps=15.0)
    camera.open()
    monitor = FrameSourceMonitor()
    for _ in range(16):
        frame = camera.read()
        monitor.feed(frame.image, frame.timestamp)
    assert REGULAR_TIMING in monitor.verdict().reasons


def test_a_slower_video_fed_at_camera_rate_repeats_frames(engine: FaceEngine, collins: Image) -> None:
    frames = live_frames(engine, collins, 8, seed=5)
    monitor = FrameSourceMonitor()
    for k, t in enumerate(jittered_times(16, 30.0, seed=2)):
        monitor.feed(frames[k // 2], t)  # a 15 fps recording on a 30 fps virtual camera
    verdict = monitor.verdict()
    assert verdict.reasons == (DUPLICATE_FRAMES,) and verdict.duplicate_share > 0.4


def test_a_noise_free_rendering_has_no_sensor_noise() -> None:
    monitor = FrameSourceMonitor()
    for k, t in enumerate(jittered_times(16, 15.0, seed=3)):
        monitor.feed(rendered(k), t)
    verdict = monitor.verdict()
    assert verdict.reasons == (NO_SENSOR_NOISE,) and verdict.noise_sigma < 0.05
    noisy = np.clip(rendered(0) + np.random.default_rng(0).normal(0, 1.0, (480, 640, 3)), 0, 255).astype(np.uint8)
    assert noise_sigma(noisy) > 0.5


def test_no_verdict_before_enough_frames() -> None:
    monitor = FrameSourceMonitor()
    monitor.feed(rendered(0), 0.0)
    monitor.feed(rendered(0), 0.1)
    assert not monitor.verdict().suspicious
