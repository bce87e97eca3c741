"""``mynakiosk run``: a real kiosk's assembly from its site configuration, with real parts throughout.

The backend is a real service on loopback (the embedded one, SQLite); the reader is opened from its URI; the camera
is ``drivers.cameras.opencv.OpenCVCamera`` reading a video file through OpenCV (the same code as a V4L2 device),
on the live camera's own thread; the screens are the real QML, offscreen.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import cv2
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backend import embedded
from kiosk.card.errors import ReaderGone
from kiosk.face.camera import CameraUnavailable, Frame
from kiosk.flows.events import CardInserted
from kiosk.site_config import load
from mynakiosk.run import StartError, open_kiosk, run
from sim.faces import face_for
from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN, new_card
from sim.personas import get_persona
from ui.app import KioskUi
from ui.camera import LiveCamera, load_frame
from ui.render import grab
from ui.session import CardWatcher

from .. import pcsc_harness
from ..site_files import write_site, write_video


@pytest.fixture(params=["sim", "pcsc"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A backend that knows the kiosk and the card; the card in the in-process reader or in a real pcscd (vpcd); a
    video file; the kiosk's TOML naming them."""
    if request.param == "pcsc" and (reason := pcsc_harness.unavailable_reason()):
        pytest.fail(f"the pcsc variant cannot run here: {reason}")
    backend = embedded.start(tmp_path / "backend")
    try:
        image = new_card(get_persona("tanaka"))
        backend.register_card(image)
        card = tmp_path / "card.json"
        image.save(card)
        video = write_video(tmp_path / "resident.avi")
        with ExitStack() as stack:
            reader = f"sim:{card}"
            if request.param == "pcsc":
                reader = stack.enter_context(pcsc_harness.serve_card_in_pcscd(card))
            yield write_site(
                tmp_path / "etc",
                kiosk_id=backend.kiosk_id,
                backend_url=backend.url,
                reader=reader,
                camera=str(video),
                extra=f'receipts = "{tmp_path / "receipts"}"\n',
            )
    finally:
        backend.stop()


def _enter(qtbot: QtBot, ui: KioskUi, field: str, text: str) -> None:
    page = ui.vm.property("page")
    qtbot.waitUntil(lambda: page.property("entryField") == field, timeout=30_000)
    for key in text:
        ui.vm.press(key)
    ui.vm.submitEntry()


@pytest.mark.slow
def test_a_configured_kiosk_serves_a_resident_with_its_reader_camera_and_backend(
    qapp: QApplication, qtbot: QtBot, site: Path, tmp_path: Path
) -> None:
    config = load(site)
    holder = CardImage.load(next(site.parent.parent.glob("card.json"))).holder
    with open_kiosk(config) as running:
        ui, page = running.ui, running.ui.vm.property("page")
        frames: list[float] = []
        running.camera.frame.connect(lambda _image, t: frames.append(t))
        ui.vm.act("start")
        qtbot.waitUntil(lambda: page.property("screen") == "choose_service", timeout=20_000)
        grab(ui).save(str(tmp_path / "run-services.png"))
        assert page.property("error") == "", "the signed requests reached the backend and were accepted"
        ui.vm.act("sign_pin_reset")
        qtbot.waitUntil(lambda: page.property("screen") == "consent", timeout=30_000)
        ui.vm.act("agree")  # the card (already in the reader) is read only after this
        qtbot.waitUntil(lambda: page.property("screen") == "pin_entry", timeout=30_000)
        assert page.property("params")["tries_left"] == 3, "read from the card in the configured reader"
        grab(ui).save(str(tmp_path / "run-pin.png"))
        assert frames == [] and not running.camera.opened, "no screen asked for the camera: it stays closed"
        _enter(qtbot, ui, "pin", DEFAULT_AUTH_PIN)
        qtbot.waitUntil(lambda: page.property("body") == "card_front.calendar.body", timeout=30_000)
        ui.vm.act("era:western")  # the card's birth date as a foreign resident's card prints it
        _enter(qtbot, ui, "birth_date", f"{holder.birth_date:%Y%m%d}")
        _enter(qtbot, ui, "expiry_year", f"{holder.card_expiry:%Y}")
        _enter(qtbot, ui, "security_code", holder.security_code)
        qtbot.waitUntil(lambda: page.property("body") == "card_front.confirm", timeout=30_000)
        ui.vm.act("ok")
        qtbot.waitUntil(lambda: page.property("screen") == "face_capture", timeout=30_000)
        qtbot.waitUntil(lambda: len(frames) >= 10, timeout=20_000)  # the file, looped by the driver's reopen
        assert frames == sorted(frames), "monotonic capture times, as liveness needs"
        qtbot.waitUntil(lambda: ui.frames.served.get("live", 0) > 0, timeout=10_000)
        grab(ui).save(str(tmp_path / "run-face.png"))
        ui.vm.act("cancel")
        qtbot.waitUntil(lambda: not running.camera.opened, timeout=10_000)


@pytest.mark.slow
def test_run_shows_the_start_screen_until_told_to_stop(qapp: QApplication, site: Path, tmp_path: Path) -> None:
    shot = tmp_path / "run.png"
    assert run(load(site), seconds=2.0, screenshot=shot) == 0
    picture = cv2.imread(str(shot))
    assert picture is not None and picture.shape[:2] == (1920, 1080)


def test_a_reader_that_cannot_be_opened_stops_the_start_with_its_uri(qapp: QApplication, tmp_path: Path) -> None:
    config = load(write_site(tmp_path, reader="sim:"))
    with pytest.raises(StartError, match="reader 'sim:'"), open_kiosk(config):
        pass


def test_a_damaged_outbox_stops_the_start_naming_the_file(qapp: QApplication, tmp_path: Path) -> None:
    card = tmp_path / "card.json"
    new_card(get_persona("tanaka")).save(card)
    config = load(write_site(tmp_path / "etc", reader=f"sim:{card}"))
    config.outbox_path.write_bytes(b"half a database" * 500)  # what a crash during a copy leaves
    with pytest.raises(StartError, match=str(config.outbox_path)), open_kiosk(config):
        pass


class _Unplugged:
    """A camera that fails the first ``failures`` reads, then delivers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.closed = False
        self._picture = load_frame(face_for("tanaka").path, (640, 480))

    def read(self) -> Frame:
        if self.failures:
            self.failures -= 1
            raise CameraUnavailable("camera 0 cannot be opened")
        return Frame(self._picture, 1.0, 0)

    def close(self) -> None:
        self.closed = True


def test_the_live_camera_keeps_trying_and_delivers_when_the_camera_is_back(qapp: QApplication, qtbot: QtBot) -> None:
    device = _Unplugged(failures=2)
    camera = LiveCamera(device, retry_s=0.01)
    got: list[float] = []
    camera.frame.connect(lambda _image, t: got.append(t))
    camera.set_active(True)
    camera.start()
    try:
        qtbot.waitUntil(lambda: len(got) >= 3, timeout=5_000)
    finally:
        camera.stop()
    assert camera.failures == 2 and device.closed and not camera.running


class _FlakyReader:
    """A reader whose service is down for the first ``failures`` polls, with a card in it afterwards."""

    def __init__(self, failures: int) -> None:
        self.failures = failures

    def card_present(self) -> bool:
        if self.failures:
            self.failures -= 1
            raise ReaderGone("pcscd is not running")
        return True


def test_the_card_watcher_outlives_a_reader_service_that_restarts() -> None:
    heard: list[object] = []
    watcher = CardWatcher(_FlakyReader(failures=3), heard.append, period_s=0.01)
    try:
        deadline = time.monotonic() + 5
        while not heard and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        watcher.stop()
    assert heard == [CardInserted()], "the card is heard once the service answers again"


@pytest.mark.slow
@pytest.mark.parametrize("site", ["sim"], indirect=True)
def test_the_command_starts_the_kiosk_and_stops_it_on_sigterm(site: Path) -> None:
    """What systemd does: start ``mynakiosk run``, later send SIGTERM; the kiosk must end by itself, cleanly."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYNAKIOSK_AUDIO": "off"}
    command = [str(Path(sys.executable).parent / "mynakiosk"), "run", "--config", str(site)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        started = ""
        while "starting:" not in started and process.poll() is None:
            started = process.stderr.readline()
        assert "starting: kiosk demo-kiosk" in started, started
        time.sleep(3)  # the window is up and the flows run
        assert process.poll() is None, "still running"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_live_camera_is_closed_while_no_screen_wants_it(qapp: QApplication, qtbot: QtBot) -> None:
    device = _Unplugged(failures=0)
    camera = LiveCamera(device, max_fps=100)
    got: list[float] = []
    camera.frame.connect(lambda _image, t: got.append(t))
    camera.start()
    try:
        time.sleep(0.2)
        qapp.processEvents()
        assert got == [] and not camera.opened
        camera.set_active(True)
        qtbot.waitUntil(lambda: len(got) >= 3, timeout=5_000)
        camera.set_active(False)
        qtbot.waitUntil(lambda: not camera.opened, timeout=5_000)
        assert device.closed
    finally:
        camera.stop()
