"""A V4L2 camera through OpenCV, with resolution/fps settings and reopening after an unplug.

A failed read is retried by closing and reopening the device, with a short back-off, up to a time budget; only
then does ``read`` raise :class:`CameraUnavailable`. The resolution and frame rate actually granted by the
driver are what ``resolution`` and ``fps`` report (a camera may not offer what was asked).

Before a device is opened it is identified (``drivers.cameras.v4l2_identity``): a virtual camera (v4l2loopback
and the like) is refused with :class:`~drivers.cameras.v4l2_identity.CameraRefused`, and so is any device outside
``allowed_usb_ids`` when the site configures that list. A refusal is not retried.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from drivers.cameras.v4l2_identity import SYSFS, DeviceIdentity, check_device
from kiosk.face.camera import CameraUnavailable, Frame
from kiosk.face.image import Image, as_bgr


class OpenCVCamera:
    """``device`` is an index (``/dev/videoN``) or a device path. ``allowed_usb_ids`` (``"vvvv:pppp"`` hex, from
    the site configuration) restricts the camera to those USB models; None allows any non-virtual device."""

    def __init__(
        self,
        device: int | str = 0,
        *,
        width: int = 640,
        height: int = 480,
        fps: float = 30.0,
        reopen_budget_s: float = 5.0,
        backoff_s: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        allowed_usb_ids: Collection[str] | None = None,
        sysfs: Path = SYSFS,
    ) -> None:
        self._device = device
        self._allowed_usb_ids = None if allowed_usb_ids is None else tuple(allowed_usb_ids)
        self._sysfs = sysfs
        self.identity: DeviceIdentity | None = None
        self._requested = (width, height, fps)
        self._reopen_budget_s = reopen_budget_s
        self._backoff_s = backoff_s
        self._clock = clock
        self._sleep = sleep
        self._capture: Any = None
        self._resolution = (0, 0)
        self._fps = 0.0
        self._index = 0

    @property
    def resolution(self) -> tuple[int, int]:
        return self._resolution

    @property
    def fps(self) -> float:
        """The frame rate the driver granted (0 before ``open``)."""
        return self._fps

    def open(self) -> None:
        import cv2

        cv: Any = cv2
        # Identify the device before opening it: a virtual camera is never read from (CameraRefused, not retried).
        self.identity = check_device(self._device, self._allowed_usb_ids, self._sysfs)
        backend = cv.CAP_V4L2 if isinstance(self._device, int) or str(self._device).startswith("/dev/") else cv.CAP_ANY
        capture = cv.VideoCapture(self._device, backend)
        if not capture.isOpened():
            capture.release()
            raise CameraUnavailable(f"camera {self._device!r} cannot be opened (is it plugged in, and readable?)")
        width, height, fps = self._requested
        capture.set(cv.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv.CAP_PROP_FRAME_HEIGHT, height)
        capture.set(cv.CAP_PROP_FPS, fps)
        capture.set(cv.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of stale ones
        self._capture = capture
        self._resolution = (int(capture.get(cv.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv.CAP_PROP_FRAME_HEIGHT)))
        self._fps = float(capture.get(cv.CAP_PROP_FPS))

    def read(self) -> Frame:
        image = self._grab()
        if image is None:
            image = self._reopen_and_grab()
        frame = Frame(image=image, timestamp=self._clock(), index=self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    def _grab(self) -> Image | None:
        if self._capture is None:
            return None
        ok, image = self._capture.read()
        return as_bgr(image) if ok and image is not None else None

    def _reopen_and_grab(self) -> Image:
        deadline = self._clock() + self._reopen_budget_s
        while True:
            self.close()
            try:
                self.open()
                image = self._grab()
                if image is not None:
                    return image
            except CameraUnavailable:
                pass  # still unplugged: try again until the budget is spent
            if self._clock() >= deadline:
                raise CameraUnavailable(
                    f"camera {self._device!r} stopped delivering frames and did not come back within "
                    f"{self._reopen_budget_s:.1f} s"
                )
            self._sleep(self._backoff_s)
