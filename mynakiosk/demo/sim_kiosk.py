"""A whole kiosk in simulator mode behind the UI: :mod:`mynakiosk.demo.simulator` (embedded backend, virtual card,
virtual resident) with the real flows on a worker thread, a card watcher, and the technician's bench.

The assembly behind the demo window, the UI tests and the UI benchmark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.flows.kiosk import Kiosk
from kiosk.flows.view import Screen
from mynakiosk.demo import simulator
from mynakiosk.demo.bench import SimCardDesk
from sim.image import CardImage
from ui.app import KioskUi
from ui.camera import ReplayCamera
from ui.driver import FlowDriver
from ui.session import CardWatcher
from ui.technician import SimBench


@dataclass
class SimKiosk:
    """The running parts; ``stop`` ends the worker, the card watcher and the backend."""

    kiosk: Kiosk
    driver: FlowDriver
    bench: SimBench
    image: CardImage  # of the card in the reader
    cameras: dict[
        str, Callable[[], tuple[Any, float] | None]
    ]  # "face", "photo": the virtual resident, as the flows see it
    office_url: str = ""  # the embedded backend's back office, where the applications made here arrive
    _stops: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def stop(self) -> None:
        for stop in reversed(self._stops):
            stop()
        self._stops.clear()


def start_sim_kiosk(
    workdir: Path, persona: str = "tanaka", *, staffed: bool = False, issued: dt.date | None = None
) -> SimKiosk:
    """Simulator mode (:mod:`mynakiosk.demo.simulator`: embedded backend, virtual card out of the reader until
    inserted, virtual resident) with the real ``Kiosk`` behind a :class:`FlowDriver`, its APDUs traced for the
    technician."""
    sim = simulator.start(workdir, persona=persona, staffed=staffed, issued=issued)
    bench = SimBench(cards=SimCardDesk(sim.reader, register=sim.backend.register_card))
    sim.kiosk.tracer = bench.recorder  # every session's card channel reports to the technician's trace
    driver = FlowDriver(sim.kiosk)
    driver.start()
    # The technician's insert/remove only moves the virtual card; the watcher reports it, as for a real reader.
    watcher = CardWatcher(sim.reader, driver.send)
    stops = [sim.stop, driver.stop, watcher.stop]
    return SimKiosk(sim.kiosk, driver, bench, sim.image, sim.cameras, sim.backend.office_url, stops)


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
