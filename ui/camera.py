"""Camera frames for QML: an image provider fed from Python, a live camera on its own thread, and a replay source
for the simulator.

The preview is not a QtMultimedia video sink: the kiosk's frames already arrive in Python (they go to the face
pipeline too), so the newest one is handed to :class:`FrameProvider` and QML reloads ``image://camera/live/<n>``.
The provider is called on Qt's image-loading path, so the frame is swapped under a lock.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from kiosk.face.camera import CameraError

log = logging.getLogger(__name__)

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
        self.served: dict[str, int] = {}  # images handed to QML per name (the benchmark counts preview frames)

    def set_image(self, name: str, image: QImage) -> None:
        with self._lock:
            self._images[name] = image

    def remove(self, name: str) -> None:
        with self._lock:
            self._images.pop(name, None)

    def has(self, name: str) -> bool:
        """A picture called ``name`` is there to show."""
        with self._lock:
            return name in self._images

    def clear(self) -> None:
        """Forget every frame (end of session: the resident's face must not stay on screen or in memory)."""
        with self._lock:
            self._images.clear()

    def requestImage(self, ident: str, size: QSize, requested: QSize) -> QImage:
        name = ident.split("/", 1)[0]
        with self._lock:
            image = self._images.get(name)
            self.served[name] = self.served.get(name, 0) + 1
        if image is None:
            image = QImage(64, 48, QImage.Format.Format_RGB888)
            image.fill(0x202020)
        if requested.isValid() and requested.width() > 0 and requested.height() > 0:
            image = image.scaled(requested)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


class ReplayCamera(QObject):
    """Plays a recorded or synthetic source as a live camera: ``frame`` is emitted at ``fps`` with a BGR array and
    the monotonic time. A source is a ``read() -> (frame, t)`` callable (the simulator's virtual resident) or a
    picture (``set_source``: the technician's choice, made into frames by ``make_frames``, a slow sway by default).
    Runs on a GUI-thread timer: handing over a prepared frame costs microseconds; the face pipeline runs on the
    flow's thread.
    """

    frame = Signal(object, float)

    def __init__(
        self,
        read: Callable[[], tuple[Any, float] | None],
        *,
        fps: float = 15.0,
        make_frames: Callable[[Path], list[Any]] | None = None,
    ) -> None:
        super().__init__()
        self._read = read
        self._make_frames = make_frames or sway_frames
        self.path: Path | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(max(1, round(1000 / fps)))
        self._timer.timeout.connect(self._tick)

    @classmethod
    def from_picture(cls, path: Path, *, fps: float = 15.0) -> ReplayCamera:
        camera = cls(looping([]), fps=fps)
        camera.set_source(path)
        return camera

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_reader(self, read: Callable[[], tuple[Any, float] | None]) -> None:
        self._read = read

    def set_source(self, path: Path) -> None:
        self._read = looping(self._make_frames(path))
        self.path = path

    def _tick(self) -> None:
        shot = self._read()
        if shot is not None:
            self.frame.emit(shot[0], time.monotonic())


class LiveCamera(QObject):
    """A real camera (anything with ``read() -> kiosk.face.camera.Frame`` and ``close()``, e.g.
    ``drivers.cameras.opencv.OpenCVCamera``) as the same ``frame`` signal :class:`ReplayCamera` emits.

    The camera is open only while ``set_active(True)``: while a screen asks for it. Otherwise the device is closed,
    so the kiosk does not film the shop between sessions (and the camera's light, where it has one, is off), and
    costs no CPU. The driver opens it again on the next read.

    Capture blocks until the device has a frame, so it runs on its own thread; the signal crosses to the GUI thread
    queued. When the camera fails (unplugged, and not back within the driver's reopen budget) the thread says so once
    in the log, waits ``retry_s`` and tries again: the flows' own time limits tell the resident, and a camera that
    comes back is used again without a restart.
    """

    frame = Signal(object, float)

    def __init__(self, camera: Any, *, max_fps: float = 30.0, retry_s: float = 2.0) -> None:
        super().__init__()
        self._camera = camera
        self._period = 1.0 / max_fps  # a source faster than asked (a video file) is paced, not let flood the GUI
        self._retry_s = retry_s
        self._stop = threading.Event()
        self._wanted = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0  # times the camera stopped delivering (for the technician and tests)
        self.opened = False  # whether the device is open now (for tests)

    def set_active(self, on: bool) -> None:
        """Capture (``True``) or close the device (``False``); call from any thread."""
        if on:
            self._wanted.set()
        else:
            self._wanted.clear()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="camera", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wanted.set()  # wake the thread if it waits to be wanted
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5)
            if thread.is_alive():
                # Stuck in the driver's read: closing the device under it could crash OpenCV; the daemon thread
                # ends with the process.
                log.warning("camera: capture did not stop within 5 s; leaving the device to the process exit")
                return
        self._close()

    def _close(self) -> None:
        self._camera.close()
        self.opened = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        failing = False
        due = time.monotonic()
        while not self._stop.wait(max(0.0, due - time.monotonic())):
            if not self._wanted.is_set():
                if self.opened:
                    self._close()
                self._wanted.wait()
                continue
            due = max(due + self._period, time.monotonic())
            try:
                self.opened = True  # the driver opens the device on its first read
                shot = self._camera.read()
            except CameraError as exc:
                self.failures += 1
                if not failing:
                    log.warning("camera: %s; trying again every %.0f s", exc, self._retry_s)
                failing = True
                due = time.monotonic() + self._retry_s
                continue
            if failing:
                log.info("camera: delivering frames again")
                failing = False
            self.frame.emit(shot.image, shot.timestamp)


def looping(frames: list[Any]) -> Callable[[], tuple[Any, float] | None]:
    """A source that replays ``frames`` in a loop (None while there are none)."""
    state = {"n": 0}

    def read() -> tuple[Any, float] | None:
        if not frames:
            return None
        n = state["n"]
        state["n"] = n + 1
        return frames[n % len(frames)], time.monotonic()

    return read


def sway_frames(path: Path, *, count: int = 60, size: tuple[int, int] = (640, 480)) -> list[Any]:
    """``count`` frames of the picture shifted a few pixels along a slow circle (a loop of four seconds at 15 fps)."""
    base = load_frame(path, size)
    width, height = size
    frames = []
    for n in range(count):
        angle = 2 * math.pi * n / count
        shift = np.array([[1, 0, 6 * math.sin(angle)], [0, 1, 4 * math.cos(angle)]], dtype=np.float32)
        frames.append(cv2.warpAffine(base, shift, (width, height), borderMode=cv2.BORDER_REPLICATE))
    return frames


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
