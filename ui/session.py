"""A whole kiosk in simulator mode behind the UI: embedded backend, virtual card, real flows, replay camera.

This is a composition root (like the ``cli.py`` modules): it wires ``backend``, ``sim``, ``drivers`` and ``kiosk``
together for the demo window, the UI tests and the UI benchmark. Nothing here decides anything a flow decides.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kiosk.flows.events import CardInserted, CardRemoved, Frame, Tick
from ui.app import KioskUi
from ui.camera import ReplayCamera
from ui.driver import FlowDriver
from ui.technician import SimBench

TICK_MS = 1000


@dataclass
class SimKiosk:
    """The running parts; ``stop`` ends the worker and the backend."""

    kiosk: Any  # kiosk.flows.kiosk.Kiosk
    driver: FlowDriver
    bench: SimBench
    image: Any  # sim.image.CardImage of the card in the reader
    backend: Any  # backend.embedded.EmbeddedBackend
    _stops: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def stop(self) -> None:
        for stop in reversed(self._stops):
            stop()
        self._stops.clear()


def start_sim_kiosk(workdir: Path, persona: str = "tanaka", *, face: Any | None = None) -> SimKiosk:
    """Start an embedded backend in ``workdir``, personalise a card for ``persona`` (out of the reader until the
    resident or the technician inserts it) and a :class:`FlowDriver` over the real ``Kiosk``."""
    from backend import embedded
    from drivers.cards.sim import SimReader
    from kiosk.backend_client import BackendClient, KioskIdentity
    from kiosk.card.verify import TrustAnchors
    from kiosk.flows.context import FlowSettings
    from kiosk.flows.kiosk import Kiosk
    from sim.card import VirtualCard
    from sim.personalise import new_card
    from sim.personas import get_persona
    from sim.pki import TestPki
    from sim.pki.kiosk import TestKioskPki

    server = embedded.start(workdir, face_required=False)
    image = new_card(get_persona(persona))
    server.register_card(image)
    reader = SimReader(VirtualCard.from_image(image))
    reader.remove()
    pki = TestPki.load()
    creds = TestKioskPki().kiosk(server.kiosk_id)
    bench = SimBench(reader=reader)
    kiosk = Kiosk(
        reader=reader,
        backend=BackendClient(server.url, KioskIdentity(creds.kiosk_id, creds.key)),
        face=face if face is not None else _face_service(),
        anchors=TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem),
        settings=FlowSettings(municipality=embedded.DEMO_MUNICIPALITY),
        tracer=bench.recorder,
    )
    driver = FlowDriver(kiosk)
    driver.start()
    # The technician's insert/remove only moves the virtual card; the watcher reports it, as for a real reader.
    watcher = CardWatcher(reader, driver.send)
    return SimKiosk(kiosk, driver, bench, image, server, [server.stop, driver.stop, watcher.stop])


def _face_service() -> Any:
    from kiosk.face.liveness import Challenge
    from kiosk.flows.face_service import FaceService

    # The replayed resident can blink but not turn its head: simulator mode asks for a blink only.
    return FaceService(allowed=(Challenge.BLINK,), challenges=1)


class CardWatcher:
    """Tells the flows when a card arrives or leaves: polls the reader on its own thread (a PC/SC status call can
    take a while) and sends ``CardInserted``/``CardRemoved`` on every change. Works for any ``CardReader``."""

    def __init__(self, reader: Any, send: Callable[[CardInserted | CardRemoved], None], period_s: float = 0.2) -> None:
        self._reader = reader
        self._send = send
        self._period = period_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="card-watcher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        present = self._reader.card_present()
        while not self._stop.wait(self._period):
            now = self._reader.card_present()
            if now != present:
                present = now
                self._send(CardInserted() if now else CardRemoved())

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


def attach_camera(ui: KioskUi, camera: ReplayCamera, send: Callable[[Frame], None]) -> None:
    """Every camera frame goes to the preview; while the View asks for the camera it also goes to the flow."""

    def on_frame(frame: Any, t: float) -> None:
        ui.push_frame(frame)
        if ui.vm.current.camera:
            send(Frame(frame, t))

    camera.frame.connect(on_frame)


def resident_camera(persona: str, face: Any, *, fps: float = 15.0) -> ReplayCamera:
    """The replay camera showing ``persona``'s face, blinking (the face pipeline's synthetic resident)."""
    from sim.faces import face_for

    def blinking(path: Path) -> list[Any]:
        from kiosk.face.image import decode_image
        from kiosk.face.landmarks import MeshTracker
        from kiosk.face.synthetic import blink_frames

        def make() -> list[Any]:
            tracker = MeshTracker(video=False, engine=face.engine)
            return list(blink_frames(decode_image(path.read_bytes()), tracker))

        # mediapipe makes a GL context current on the thread that builds the tracker; on the GUI thread that
        # context clashes with Qt Quick's renderer (a crash under xcb), so the frames are made on another thread.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="replay-frames") as pool:
            return pool.submit(make).result()

    return ReplayCamera(face_for(persona).path, fps=fps, make_frames=blinking)
