"""Camera frames on their way into the flows: each is checked before a flow sees it, and a camera that stops
delivering is noticed.

A malformed frame (``None``, not an array, a dtype other than ``uint8``, not height x width x 3, too small or too
large, a time that is not a number) is dropped and counted: one bad frame from a driver must not end a resident's
session as "internal". A camera screen that gets no usable frame for ``stall_s`` seconds means the camera stopped
(unplugged and not back, a hung driver, nothing but bad frames): the kiosk ends the step on the "camera out of
order" screen and raises a technician alert (``kiosk.flows.kiosk``). Time comes from the kiosk's clock and its
``Tick`` events (the clock seam), so tests move time instead of waiting.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from kiosk.face.camera import CameraError
from kiosk.face.image import STILL_IMAGE_LIMITS
from kiosk.flows.events import Frame
from kiosk.flows.view import Screen, View

WATCHED_SCREENS = frozenset({Screen.FACE_CAPTURE, Screen.PHOTO_CAPTURE})
"""Camera screens with no other way on: a stalled camera ends them. (The card-front scan offers typing instead.)"""


class CameraStalled(CameraError):
    """No usable frame reached a camera screen within the watchdog's time."""

    code = "camera_stalled"


def frame_problem(frame: Frame) -> str | None:
    """Why ``frame`` cannot go to a flow (a short reason for the count), or None when it can."""
    image = frame.image
    if image is None:
        return "none"
    if not isinstance(image, np.ndarray):
        return "not_an_array"
    if image.dtype != np.uint8:
        return "dtype"
    if image.ndim != 3 or image.shape[2] != 3:
        return "shape"
    height, width = image.shape[:2]
    if min(height, width) < STILL_IMAGE_LIMITS.min_side:
        return "too_small"
    if height * width > STILL_IMAGE_LIMITS.max_pixels:
        return "too_large"
    if not isinstance(frame.t, int | float) or not math.isfinite(frame.t):
        return "time"
    return None


class FrameWatch:
    """Counts the frames let through and dropped (by reason), and watches for a camera screen left without a
    usable frame for ``stall_s`` seconds. Not thread-safe: the kiosk calls it under its own lock."""

    def __init__(self, stall_s: float) -> None:
        if stall_s <= 0:
            raise ValueError(f"the camera watchdog needs a positive time, got {stall_s}")
        self.stall_s = stall_s
        self.accepted = 0
        self.rejected: Counter[str] = Counter()  # reason -> frames dropped since the kiosk started
        self.stalls = 0  # camera screens ended by the watchdog
        self._since: float | None = None  # when the current watched screen started waiting for frames
        self._last_good: float | None = None

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def admit(self, frame: Frame, now: float) -> str | None:
        """Count ``frame``; None when it may go to the flow, else the reason it is dropped."""
        problem = frame_problem(frame)
        if problem is None:
            self.accepted += 1
            self._last_good = now
        else:
            self.rejected[problem] += 1
        return problem

    def fed(self, now: float) -> None:
        """A usable frame was just processed by the flow: a slow face pipeline (a model loading on a busy machine)
        is not a silent camera."""
        self._last_good = now

    def watch(self, view: View | None, now: float) -> None:
        """The screen now shown (None: nothing a resident waits on, e.g. under the idle question). Watching starts
        when a watched camera screen appears and stops when it goes."""
        wanted = view is not None and view.camera and view.screen in WATCHED_SCREENS
        if not wanted:
            self._since = None
        elif self._since is None:
            self._since = now

    def stalled(self, now: float) -> bool:
        """True (once) when the watched screen has had no usable frame for ``stall_s`` seconds."""
        if self._since is None:
            return False
        last = self._since if self._last_good is None else max(self._since, self._last_good)
        if now - last < self.stall_s:
            return False
        self._since = None
        self.stalls += 1
        return True
