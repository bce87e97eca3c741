"""A whole kiosk in simulator mode behind the UI: ``kiosk.demo.simulator`` (embedded backend, virtual card, virtual
resident) with the real flows on a worker thread, a card watcher, ticks and a replay camera.

This is a composition root for the demo window, the UI tests and the UI benchmark. Nothing here decides anything a
flow decides.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kiosk.card.errors import CardError
from kiosk.flows.events import CardInserted, CardRemoved, Frame, Tick
from kiosk.flows.view import Screen
from ui.app import KioskUi
from ui.camera import LiveCamera, ReplayCamera
from ui.driver import FlowDriver
from ui.technician import SimBench

TICK_MS = 1000
log = logging.getLogger(__name__)


@dataclass
class SimKiosk:
    """The running parts; ``stop`` ends the worker, the card watcher and the backend."""

    kiosk: Any  # kiosk.flows.kiosk.Kiosk
    driver: FlowDriver
    bench: SimBench
    image: Any  # sim.image.CardImage of the card in the reader
    cameras: dict[
        str, Callable[[], tuple[Any, float] | None]
    ]  # "face", "photo": the virtual resident, as the flows see it
    _stops: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def stop(self) -> None:
        for stop in reversed(self._stops):
            stop()
        self._stops.clear()


def start_sim_kiosk(workdir: Path, persona: str = "tanaka", *, staffed: bool = False) -> SimKiosk:
    """Simulator mode (``kiosk.demo.simulator``: embedded backend, virtual card out of the reader until inserted,
    virtual resident) with the real ``Kiosk`` behind a :class:`FlowDriver`, its APDUs traced for the technician."""
    from kiosk.demo import simulator

    sim = simulator.start(workdir, persona=persona, staffed=staffed)
    bench = SimBench(reader=sim.reader)
    sim.kiosk.tracer = bench.recorder  # every session's card channel reports to the technician's trace
    driver = FlowDriver(sim.kiosk)
    driver.start()
    # The technician's insert/remove only moves the virtual card; the watcher reports it, as for a real reader.
    watcher = CardWatcher(sim.reader, driver.send)
    return SimKiosk(sim.kiosk, driver, bench, sim.image, sim.cameras, [sim.stop, driver.stop, watcher.stop])


class CardWatcher:
    """Tells the flows when a card arrives or leaves: polls the reader on its own thread (a PC/SC status call can
    take a while) and sends ``CardInserted``/``CardRemoved`` on every change. Works for any ``CardReader``.

    A reader that fails (unplugged, pcscd restarting) counts as holding no card, is said once in the log, and is
    polled on: the watcher never dies, so a reader that comes back is heard again without a restart."""

    def __init__(self, reader: Any, send: Callable[[CardInserted | CardRemoved], None], period_s: float = 0.2) -> None:
        self._reader = reader
        self._send = send
        self._period = period_s
        self._stop = threading.Event()
        self._failing = False
        self._thread = threading.Thread(target=self._run, name="card-watcher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        present = self._present()
        while not self._stop.wait(self._period):
            now = self._present()
            if now != present:
                present = now
                self._send(CardInserted() if now else CardRemoved())

    def _present(self) -> bool:
        try:
            present = bool(self._reader.card_present())
        except CardError as exc:
            if not self._failing:
                log.warning("card reader: %s; watching on", type(exc).__name__)
            self._failing = True
            return False
        if self._failing:
            log.info("card reader: answering again")
            self._failing = False
        return present

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


class Clock(QObject):
    """Sends ``Tick`` to the flows once a second (idle warnings, time limits) from the GUI thread's timer."""

    def __init__(self, send: Callable[[Tick], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._send = send
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self._send(Tick(time.monotonic())))
        self._timer.start()


def attach_camera(ui: KioskUi, camera: ReplayCamera | LiveCamera, send: Callable[[Frame], None]) -> None:
    """While the View asks for the camera, every frame goes to the preview and to the flow (otherwise frames are
    dropped here: no conversion, no repaint, the cores stay free for the flows)."""

    def on_frame(frame: Any, t: float) -> None:
        if ui.vm.current.camera:
            ui.push_frame(frame)
            send(Frame(frame, t))

    camera.frame.connect(on_frame)


def resident_camera(sim: SimKiosk, ui: KioskUi, *, fps: float = 15.0) -> ReplayCamera:
    """The virtual resident as the camera sees them: at the face check, or standing at the photo panel while the
    screen asks for the renewal photo (the simulator's two views of the same person)."""
    camera = ReplayCamera(sim.cameras["face"], fps=fps)

    def follow_screen() -> None:
        if camera.path is not None:
            return  # the technician chose a picture to replay: keep it
        at_panel = ui.vm.current.screen is Screen.PHOTO_CAPTURE
        camera.set_reader(sim.cameras["photo" if at_panel else "face"])

    ui.vm.pageChanged.connect(follow_screen)
    return camera
