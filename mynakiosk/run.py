"""The kiosk in service (``mynakiosk run --config FILE``), with its real reader, camera and backend.

A real kiosk's assembly, as :mod:`mynakiosk.demo.window` is simulator mode's: the same flows, view-models and
screens, wired from a site configuration (``kiosk.site_config``) instead of the simulator. The command itself is
:mod:`mynakiosk.commands.run`.

The window needs a display: under a Wayland kiosk compositor (``cage``) or Qt's ``eglfs`` on the bare panel. The
technician mode opens with ``MYNAKIOSK_TECH_PIN`` from the environment, as in simulator mode; without it, it stays
shut. SIGTERM and SIGINT end the session and close the window: a resident's data lives only in this process.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer

from drivers.cameras.opencv import OpenCVCamera
from drivers.cards.uri import open_reader
from drivers.printer import CupsPrinter
from kiosk.backend_client import BackendClient
from kiosk.card.errors import CardError
from kiosk.delivery import Deliverer
from kiosk.face.source import SourceRules
from kiosk.flows.context import FlowSettings
from kiosk.flows.face_service import FaceService
from kiosk.flows.kiosk import Kiosk
from kiosk.flows.submission import deliver_item
from kiosk.outbox import Outbox, OutboxError
from kiosk.site_config import SiteConfig
from ui.app import KioskUi, build_ui
from ui.camera import LiveCamera
from ui.driver import FlowDriver
from ui.guidance import Audio
from ui.session import CardWatcher, Clock, attach_camera
from ui.watchdog import attach_service_manager

log = logging.getLogger(__name__)


class StartError(RuntimeError):
    """The kiosk could not start with this configuration; the message says which part failed."""


@dataclass(frozen=True)
class RunningKiosk:
    """The window and the parts behind it (``open_kiosk`` stops them when its block ends)."""

    ui: KioskUi
    kiosk: Kiosk
    driver: FlowDriver
    camera: LiveCamera


@contextmanager
def open_kiosk(config: SiteConfig, *, camera: object | None = None) -> Iterator[RunningKiosk]:
    """The kiosk window on ``config``'s reader, camera (or ``camera``: anything with ``read()`` and ``close()``)
    and backend, started; everything is stopped on leaving."""
    stops: list[Callable[[], None]] = []
    try:
        try:
            reader = open_reader(config.reader_uri)
        except CardError as exc:
            raise StartError(f"reader {config.reader_uri!r}: {exc}") from exc
        try:
            outbox = Outbox(config.outbox_path, config.outbox_key)
        except OutboxError as exc:
            raise StartError(f"outbox {config.outbox_path}: {exc}") from exc
        backend = BackendClient(
            config.backend_url, config.identity, client_cert=config.client_cert, verify_tls=config.verify_tls
        )
        kiosk = Kiosk(
            reader=reader,
            backend=backend,
            face=FaceService(source_rules=SourceRules()),  # frames must come from a camera, not a video
            anchors=config.anchors,
            settings=FlowSettings(
                municipality=config.municipality, staffed=config.staffed, contact_reader=config.contact_reader
            ),
            outbox=outbox,
        )
        driver = FlowDriver(kiosk)
        driver.start()
        stops.append(driver.stop)
        if not config.staffed:  # at a staffed pop-up the official's "send now" delivers, with their token
            # Its own client: a requests session is not to be shared between the flows' thread and this one.
            sender = BackendClient(
                config.backend_url, config.identity, client_cert=config.client_cert, verify_tls=config.verify_tls
            )
            deliverer = Deliverer(outbox, lambda item: deliver_item(sender, item, None))
            deliverer.start()
            stops.append(deliverer.stop)
        watcher = CardWatcher(reader, driver.send)
        stops.append(watcher.stop)
        printer = CupsPrinter(config.printer_queue) if config.printer_queue else None
        ui = build_ui(
            driver,
            language=config.language,
            receipt_dir=config.receipts,
            site_config=config.source,
            shuffle_keypad=config.keypad_shuffle,
            printer=printer,
            audio=Audio.from_environment(device=config.audio_device, volume=config.volume),
            helpline=config.helpline,
            staffed=config.staffed,
        )
        stops.append(ui.close)
        device = camera or OpenCVCamera(
            config.camera.device,
            width=config.camera.width,
            height=config.camera.height,
            fps=config.camera.fps,
            allowed_usb_ids=config.camera.usb_ids or None,  # a virtual camera is refused whatever this says
        )
        live = LiveCamera(device, max_fps=config.camera.fps)
        attach_camera(ui, live, driver.send)

        def follow_screen() -> None:
            live.set_active(ui.vm.current.camera)  # filming only while a screen asks for the camera

        ui.vm.pageChanged.connect(follow_screen)
        ui.vm.overlayChanged.connect(follow_screen)
        follow_screen()
        live.start()
        stops.append(live.stop)
        Clock(driver.send, parent=ui.engine)
        yield RunningKiosk(ui, kiosk, driver, live)
    finally:
        for stop in reversed(stops):
            stop()


def run(config: SiteConfig, *, seconds: float | None = None, screenshot: Path | None = None) -> int:
    """Run the kiosk until the window closes or a SIGTERM/SIGINT arrives (or for ``seconds``, then grab the window
    to ``screenshot``)."""
    log.info("starting: %s", config.summary())
    with open_kiosk(config) as running:
        app = running.ui.app
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: app.quit())  # the Clock's timer lets Python see the signal
        attach_service_manager(running.ui.engine)  # under systemd: READY=1, then watchdog pings from this loop
        if seconds is not None:

            def finish() -> None:
                if screenshot is not None:
                    running.ui.window.grabWindow().save(str(screenshot))
                app.quit()

            QTimer.singleShot(int(seconds * 1000), finish)
        return app.exec()
