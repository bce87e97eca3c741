"""A camera that plays frames from image files, a video file or in-memory images, at a set frame rate.

Simulator mode and tests use it in place of a real camera. Timestamps are virtual (``index / fps``) unless
``realtime`` is set, in which case ``read`` also waits so that frames arrive at ``fps``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk.face.camera import CameraUnavailable, EndOfStream, Frame
from kiosk.face.errors import FaceError
from kiosk.face.image import Image, as_bgr, decode_image

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".jp2", ".bmp"})


class ReplayCamera:
    """Plays ``source`` (a folder of images, a video file, a list of image paths, or a list of images)."""

    def __init__(
        self,
        source: Path | Sequence[Path] | Sequence[Image],
        *,
        fps: float = 15.0,
        loop: bool = True,
        realtime: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if fps <= 0:
            raise ValueError(f"fps must be positive, got {fps}")
        self._source = source
        self._fps = fps
        self._loop = loop
        self._realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._frames: list[Image] = []
        self._video: Any = None
        self._index = 0
        self._started = 0.0
        self._resolution = (0, 0)

    @property
    def resolution(self) -> tuple[int, int]:
        return self._resolution

    def open(self) -> None:
        if (
            isinstance(self._source, Path)
            and self._source.is_file()
            and self._source.suffix.lower() not in IMAGE_SUFFIXES
        ):
            self._open_video(self._source)
        else:
            self._frames = self._load_images()
            if not self._frames:
                raise CameraUnavailable(f"replay source {self._describe()} holds no frames")
            height, width = self._frames[0].shape[:2]
            self._resolution = (width, height)
        self._index = 0
        self._started = self._clock()

    def read(self) -> Frame:
        image = self._next_image()
        index = self._index
        self._index += 1
        timestamp = index / self._fps
        if self._realtime:
            delay = self._started + timestamp - self._clock()
            if delay > 0:
                self._sleep(delay)
        return Frame(image=image, timestamp=timestamp, index=index)

    def close(self) -> None:
        if self._video is not None:
            self._video.release()
            self._video = None
        self._frames = []

    def _next_image(self) -> Image:
        if self._video is not None:
            ok, image = self._video.read()
            if not ok and self._loop and self._index > 0:
                self._video.set(self._cv2().CAP_PROP_POS_FRAMES, 0)
                ok, image = self._video.read()
            if not ok:
                raise EndOfStream(f"replay video {self._describe()} ended after {self._index} frames")
            return as_bgr(image)
        if not self._frames:
            raise CameraUnavailable("replay camera is not open")
        if self._index >= len(self._frames) and not self._loop:
            raise EndOfStream(f"replay source {self._describe()} ended after {self._index} frames")
        return self._frames[self._index % len(self._frames)]

    def _load_images(self) -> list[Image]:
        source = self._source
        if isinstance(source, Path):
            if source.is_file():
                return [self._decode(source)]
            if not source.is_dir():
                raise CameraUnavailable(f"replay source {source} is neither a folder nor a file")
            paths: Sequence[Path] = sorted(p for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            return [self._decode(p) for p in paths]
        return [self._decode(item) if isinstance(item, Path) else as_bgr(item) for item in source]

    def _decode(self, path: Path) -> Image:
        try:
            return decode_image(path.read_bytes())
        except (OSError, FaceError) as error:
            raise CameraUnavailable(f"replay frame {path} cannot be read ({type(error).__name__})") from None

    def _open_video(self, path: Path) -> None:
        cv = self._cv2()
        video = cv.VideoCapture(str(path))
        if not video.isOpened():
            raise CameraUnavailable(f"replay video {path} cannot be opened")
        self._video = video
        self._resolution = (int(video.get(cv.CAP_PROP_FRAME_WIDTH)), int(video.get(cv.CAP_PROP_FRAME_HEIGHT)))

    def _describe(self) -> str:
        return str(self._source) if isinstance(self._source, Path) else f"<{len(self._source)} items>"

    @staticmethod
    def _cv2() -> Any:
        import cv2

        return cv2
