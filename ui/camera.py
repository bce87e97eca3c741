"""Camera frames for QML: an image provider fed from Python, and a replay source for the simulator.

The preview is not a QtMultimedia video sink: the kiosk's frames already arrive in Python (they go to the face
pipeline too), so the newest one is handed to :class:`FrameProvider` and QML reloads ``image://camera/live/<n>``.
The provider is called on Qt's image-loading path, so the frame is swapped under a lock.
"""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

ROOT = Path(__file__).resolve().parents[1]
FACES_DIR = ROOT / "assets" / "faces"


class CameraSourceError(RuntimeError):
    """A camera source could not be opened; the message names the file or device."""


def to_qimage(frame: Any) -> QImage:
    """A BGR ``uint8`` frame (H x W x 3, as OpenCV gives) as an RGB ``QImage`` that owns its pixels."""
    array = np.ascontiguousarray(frame[:, :, ::-1])
    height, width, _ = array.shape
    return QImage(array.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class FrameProvider(QQuickImageProvider):
    """Serves the latest ``live`` frame and the last ``photo`` (the still under review) to QML."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._lock = threading.Lock()
        self._images: dict[str, QImage] = {}

    def set_image(self, name: str, image: QImage) -> None:
        with self._lock:
            self._images[name] = image

    def remove(self, name: str) -> None:
        with self._lock:
            self._images.pop(name, None)

    def clear(self) -> None:
        """Forget every frame (end of session: the resident's face must not stay on screen or in memory)."""
        with self._lock:
            self._images.clear()

    def requestImage(self, ident: str, size: QSize, requested: QSize) -> QImage:
        name = ident.split("/", 1)[0]
        with self._lock:
            image = self._images.get(name)
        if image is None:
            image = QImage(64, 48, QImage.Format.Format_RGB888)
            image.fill(0x202020)
        if requested.isValid() and requested.width() > 0 and requested.height() > 0:
            image = image.scaled(requested)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


class ReplayCamera(QObject):
    """Replays a still picture as a live camera: a slow, small sway so the preview visibly moves.

    ``frame`` is emitted with a BGR array and a monotonic timestamp at ``fps``. It runs on a GUI-thread timer
    because producing a frame costs well under a millisecond; the face pipeline is elsewhere (the flow's thread).
    """

    frame = Signal(object, float)

    def __init__(self, path: Path, *, fps: float = 30.0, size: tuple[int, int] = (640, 480)) -> None:
        super().__init__()
        self._base = load_frame(path, size)
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(1000 / fps)))
        self._timer.timeout.connect(self._tick)
        self._t0 = time.monotonic()
        self.path = path

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_source(self, path: Path) -> None:
        self._base = load_frame(path, (self._base.shape[1], self._base.shape[0]))
        self.path = path

    def _tick(self) -> None:
        now = time.monotonic()
        self.frame.emit(self.render(now - self._t0), now)

    def render(self, t: float) -> Any:
        """The frame at ``t`` seconds: the picture shifted a few pixels on a slow circle."""
        height, width = self._base.shape[:2]
        shift = np.array([[1, 0, 6 * math.sin(t * 1.3)], [0, 1, 4 * math.cos(t * 0.9)]], dtype=np.float32)
        return cv2.warpAffine(self._base, shift, (width, height), borderMode=cv2.BORDER_REPLICATE)


def load_frame(path: Path, size: tuple[int, int]) -> Any:
    """A picture as a BGR frame of ``size`` (width, height), centred and cropped like a camera would frame it."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise CameraSourceError(f"cannot read camera replay picture {path}: check the file exists and is an image")
    width, height = size
    scale = max(width / image.shape[1], height / image.shape[0])
    resized = cv2.resize(image, (math.ceil(image.shape[1] * scale), math.ceil(image.shape[0] * scale)))
    top = (resized.shape[0] - height) // 2
    left = (resized.shape[1] - width) // 2
    return np.ascontiguousarray(resized[top : top + height, left : left + width])


def replay_sources() -> list[Path]:
    """The pictures the technician may replay as the camera (the committed public-domain faces)."""
    return sorted(p for p in FACES_DIR.glob("*.jpg"))
