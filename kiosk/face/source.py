"""Is the frame source a camera, or something too perfect to be one?

Injected video (a file or a rendering fed through a virtual camera, a capture dongle, a patched driver) tends to
be cleaner than a sensor: frame times exactly periodic, frames repeated bit for bit when a slower video is fed at
the camera's rate, and no sensor noise in flat areas of a rendered or heavily re-encoded picture. A
:class:`FrameSourceMonitor` measures these three signals over a session; the verdict names which ones look wrong.

The limits are deliberately loose, set from first principles rather than from a population of kiosk cameras
(none exists here): a real camera read by ``drivers.cameras.opencv`` gets its timestamps from the host clock when
a frame arrives (USB and scheduling add jitter of a millisecond or more), never repeats a frame exactly (noise
changes every pixel), and shows a noise sigma of about 1-3 grey levels in flat areas at indoor light. A careful
attacker can add jitter and noise: this raises the cost of injection, it does not prevent it (see
docs/face-liveness.md, "What it does not resist").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.face.image import Image, as_bgr

REGULAR_TIMING = "regular_timing"
DUPLICATE_FRAMES = "duplicate_frames"
NO_SENSOR_NOISE = "no_sensor_noise"
_NOISE_SIDE = 240  # noise is estimated on a central crop of at most this side (native pixels: never rescaled)


@dataclass(frozen=True)
class SourceRules:
    """Limits of the three signals; a verdict needs ``min_frames`` frames before it can be suspicious."""

    min_frames: int = 15
    min_interval_jitter_s: float = 0.0002  # standard deviation of frame intervals
    max_duplicate_share: float = 0.2  # consecutive frames identical bit for bit
    # Grey levels, median over frames, flat areas only. A noise-free rendering measures 0.0; downscaled, JPEG-compressed
    # news photos (the dev set's live images) 0.26-0.68 and simulated camera frames 0.26-1.9, hence the low limit.
    min_noise_sigma: float = 0.1


@dataclass(frozen=True)
class SourceVerdict:
    """The measured signals and the names of those outside the rules (empty: nothing suspicious)."""

    frames: int
    interval_jitter_s: float
    duplicate_share: float
    noise_sigma: float
    reasons: tuple[str, ...]

    @property
    def suspicious(self) -> bool:
        return bool(self.reasons)


@dataclass
class FrameSourceMonitor:
    """Feed every frame of a session with its timestamp; read :meth:`verdict` at any time."""

    rules: SourceRules = field(default_factory=SourceRules)
    _times: list[float] = field(default_factory=list)
    _noise: list[float] = field(default_factory=list)
    _duplicates: int = 0
    _previous: Image | None = None

    def feed(self, frame: Image, timestamp: float) -> None:
        image = as_bgr(frame)
        if self._previous is not None and self._previous.shape == image.shape:
            self._duplicates += int(np.array_equal(self._previous, image))
        self._previous = image
        self._times.append(timestamp)
        self._noise.append(noise_sigma(image))

    def verdict(self) -> SourceVerdict:
        frames = len(self._times)
        intervals = np.diff(np.asarray(self._times, dtype=np.float64))
        jitter = float(np.std(intervals)) if intervals.size > 1 else math.nan
        duplicates = self._duplicates / max(1, frames - 1)
        noise = float(np.median(self._noise)) if self._noise else math.nan
        reasons: list[str] = []
        if frames >= self.rules.min_frames:
            if jitter < self.rules.min_interval_jitter_s:
                reasons.append(REGULAR_TIMING)
            if duplicates > self.rules.max_duplicate_share:
                reasons.append(DUPLICATE_FRAMES)
            if noise < self.rules.min_noise_sigma:
                reasons.append(NO_SENSOR_NOISE)
        return SourceVerdict(frames, round(jitter, 6), round(duplicates, 3), round(noise, 3), tuple(reasons))


def noise_sigma(image: Image) -> float:
    """Sensor-noise estimate in grey levels (Immerkaer's Laplacian-difference operator), on the flattest half of a
    central crop so that texture and edges do not count as noise."""
    import cv2

    cv: Any = cv2
    gray = cv.cvtColor(as_bgr(image), cv.COLOR_BGR2GRAY).astype(np.float32)
    height, width = gray.shape
    top, left = max(0, (height - _NOISE_SIDE) // 2), max(0, (width - _NOISE_SIDE) // 2)
    crop = gray[top : top + _NOISE_SIDE, left : left + _NOISE_SIDE]
    kernel = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)
    response = np.abs(cv.filter2D(crop, -1, kernel))[1:-1, 1:-1]
    gradient = np.hypot(cv.Sobel(crop, cv.CV_32F, 1, 0), cv.Sobel(crop, cv.CV_32F, 0, 1))[1:-1, 1:-1]
    flat = gradient <= np.median(gradient)
    if not flat.any():
        return 0.0
    return float(math.sqrt(math.pi / 2) * response[flat].mean() / 6)
