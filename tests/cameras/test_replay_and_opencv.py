from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.cameras.opencv import OpenCVCamera
from drivers.cameras.replay import ReplayCamera
from kiosk.face.camera import Camera, CameraUnavailable, EndOfStream


def shade(value: int) -> np.ndarray:  # type: ignore[type-arg]
    return np.full((48, 64, 3), value, np.uint8)


@pytest.fixture
def frame_dir(tmp_path: Path) -> Path:
    for k in range(3):
        cv2.imwrite(str(tmp_path / f"{k:03d}.png"), shade(40 * (k + 1)))
    return tmp_path


@pytest.fixture
def video(tmp_path: Path) -> Path:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for k in range(4):
        writer.write(shade(50 * (k + 1)))
    writer.release()
    return path


def test_both_drivers_implement_the_port(frame_dir: Path) -> None:
    assert isinstance(ReplayCamera(frame_dir), Camera)
    assert isinstance(OpenCVCamera(0), Camera)


def test_replay_folder_loops_with_virtual_timestamps(frame_dir: Path) -> None:
    camera = ReplayCamera(frame_dir, fps=10)
    camera.open()
    frames = [camera.read() for _ in range(5)]
    assert camera.resolution == (64, 48)
    assert [f.index for f in frames] == [0, 1, 2, 3, 4]
    assert frames[1].timestamp == pytest.approx(0.1)
    assert [int(f.image[0, 0, 0]) for f in frames] == [40, 80, 120, 40, 80]


def test_replay_without_loop_ends(frame_dir: Path) -> None:
    camera = ReplayCamera(frame_dir, loop=False)
    camera.open()
    for _ in range(3):
        camera.read()
    with pytest.raises(EndOfStream):
        camera.read()


def test_replay_in_memory_gray_frames() -> None:
    camera = ReplayCamera([np.zeros((32, 40), np.uint8)])
    camera.open()
    assert camera.read().image.shape == (32, 40, 3)


def test_replay_video_file_and_loop(video: Path) -> None:
    camera = ReplayCamera(video, fps=10)
    camera.open()
    frames = [camera.read() for _ in range(6)]
    assert camera.resolution == (64, 48)
    assert len(frames) == 6  # looped after four
    camera.close()


def test_replay_realtime_paces_with_the_clock(frame_dir: Path) -> None:
    now = [100.0]
    slept: list[float] = []
    camera = ReplayCamera(frame_dir, fps=4, realtime=True, clock=lambda: now[0], sleep=slept.append)
    camera.open()
    camera.read()
    camera.read()
    assert slept == [pytest.approx(0.25)]


def test_replay_empty_or_bad_source(tmp_path: Path) -> None:
    with pytest.raises(CameraUnavailable):
        ReplayCamera(tmp_path).open()
    (tmp_path / "broken.jpg").write_bytes(b"not an image")
    with pytest.raises(CameraUnavailable):
        ReplayCamera(tmp_path).open()


def test_opencv_missing_device_is_unavailable() -> None:
    with pytest.raises(CameraUnavailable, match="cannot be opened"):
        OpenCVCamera("/dev/video-that-does-not-exist").open()


def test_opencv_reopens_when_the_stream_stops(video: Path) -> None:
    # A video file behaves like a camera that is unplugged after four frames and plugged back at once.
    camera = OpenCVCamera(str(video), width=64, height=48, fps=10)
    camera.open()
    values = [int(camera.read().image[0, 0, 0]) for _ in range(6)]
    assert camera.resolution == (64, 48)
    assert values[4] == pytest.approx(values[0], abs=3)  # reopened: back to the first frame
    camera.close()


def test_opencv_gives_up_after_the_budget(video: Path) -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    camera = OpenCVCamera(str(video), reopen_budget_s=1.0, backoff_s=0.3, clock=lambda: now[0], sleep=sleep)
    camera.open()
    for _ in range(4):
        camera.read()
    video.unlink()  # unplugged for good
    with pytest.raises(CameraUnavailable, match="did not come back"):
        camera.read()
    assert now[0] >= 1.0
