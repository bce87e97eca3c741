"""The camera port: what the kiosk needs from a camera, implemented in ``drivers/cameras/``.

``drivers/cameras/opencv.py`` captures from a V4L2 device; ``drivers/cameras/replay.py`` plays image files or
a video (simulator mode, tests). Frames carry a monotonic timestamp in seconds, which liveness uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from kiosk.face.errors import FaceError
from kiosk.face.image import Image


class CameraError(FaceError):
    """The camera failed; the message names the device and what was tried."""

    code = "camera_error"


class CameraUnavailable(CameraError):
    """The camera cannot be opened, or was unplugged and did not come back within the retry budget."""

    code = "camera_unavailable"


class EndOfStream(CameraError):
    """A non-looping replay source has no more frames."""

    code = "end_of_stream"


@dataclass(frozen=True)
class Frame:
    """One captured frame: a BGR image, its capture time (seconds, monotonic) and its sequence number."""

    image: Image = field(repr=False)
    timestamp: float
    index: int


@runtime_checkable
class Camera(Protocol):
    """A source of frames. ``open`` before ``read``; ``close`` is idempotent. Not thread-safe."""

    @property
    def resolution(self) -> tuple[int, int]:
        """``(width, height)`` of the frames ``read`` returns (after ``open``)."""
        ...

    def open(self) -> None:
        """Start capturing; raises :class:`CameraUnavailable`."""
        ...

    def read(self) -> Frame:
        """The next frame; raises :class:`CameraUnavailable` or :class:`EndOfStream`."""
        ...

    def close(self) -> None:
        """Stop capturing and release the device."""
        ...
