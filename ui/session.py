"""What runs beside the flows behind the window, in simulator mode and in service alike: a card watcher on the
reader, the once-a-second tick, and the camera feeding the preview and the flows while a screen asks for it.

The assemblies (``mynakiosk.demo.sim_kiosk``, ``mynakiosk.run``) wire these to a reader and a camera. Nothing here
decides anything a flow decides.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kiosk.card.errors import CardError
from kiosk.flows.events import CardInserted, CardRemoved, Frame, Tick
from kiosk.flows.frames import frame_problem
from ui.app import KioskUi
from ui.camera import LiveCamera, ReplayCamera

TICK_MS = 1000
log = logging.getLogger(__name__)


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
            event = Frame(frame, t)
            if frame_problem(event) is None:  # a malformed frame is not painted; the kiosk counts and drops it
                ui.push_frame(frame)
            send(event)

    camera.frame.connect(on_frame)
