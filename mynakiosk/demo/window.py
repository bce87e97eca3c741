"""The kiosk window in simulator mode: ``mynakiosk demo`` (with a window) and ``python -m mynakiosk.demo.window``.

Two windows: the kiosk screen, exactly what a resident sees, and beside it the simulator panel
(:mod:`ui.simulator_panel`), where the technician chooses the persona and the virtual card's issue date, puts the
card in and out of the reader, injects faults, picks the camera source and watches the redacted APDU trace.
Everything is local: receipts are PDF files in ``out/receipts`` (or ``$MYNAKIOSK_RECEIPT_DIR``), an embedded backend
on loopback, a virtual card (out of the reader until "Insert card" on the panel), the replay camera with the
persona's blinking face. With no display, an Xvfb server is started for the windows and stopped afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer

from backend.embedded import DEMO_OFFICIAL, DEMO_OFFICIAL_PASSWORD
from mynakiosk.demo.display import start_xvfb
from mynakiosk.demo.sim_kiosk import resident_camera, start_sim_kiosk
from ui.app import build_ui
from ui.session import Clock, attach_camera
from ui.simulator_panel import open_simulator_panel

ROOT = Path(__file__).resolve().parents[2]
TECH_PIN_DEMO = "246810"  # the simulator's technician PIN (a TEST value: real kiosks take it from their config)


def run_window(
    persona: str = "tanaka",
    *,
    seconds: float | None = None,
    screenshot: Path | None = None,
    language: str = "ja",
    staffed: bool = False,
    issued: dt.date | None = None,
) -> int:
    """Run the kiosk window until closed, or for ``seconds`` and then write what it shows to ``screenshot``."""
    os.environ.setdefault("MYNAKIOSK_TECH_PIN", TECH_PIN_DEMO)
    xvfb = start_xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="mynakiosk-ui-") as tmp:
            sim = start_sim_kiosk(Path(tmp), persona, staffed=staffed, issued=issued)
            print(
                f"back office: {sim.office_url} (official {DEMO_OFFICIAL!r}, password {DEMO_OFFICIAL_PASSWORD!r}; "
                f"TEST ONLY)\nsimulator panel: the window beside the kiosk (insert the card there)\n"
                f"technician mode (doctor): press the top-right corner of the start screen for 2 s, PIN "
                f"{os.environ['MYNAKIOSK_TECH_PIN']}",
                flush=True,
            )
            try:
                receipts = Path(os.environ.get("MYNAKIOSK_RECEIPT_DIR", ROOT / "out" / "receipts"))
                ui = build_ui(sim.driver, bench=sim.bench, language=language, receipt_dir=receipts, staffed=staffed)
                open_simulator_panel(ui)
                camera = resident_camera(sim, ui)
                sim.bench.camera = camera
                attach_camera(ui, camera, sim.driver.send)
                camera.start()
                Clock(sim.driver.send, parent=ui.engine)
                if seconds is not None:

                    def finish() -> None:
                        # Grab while the event loop runs: after exec() returns the render thread is gone (xcb).
                        if screenshot is not None:
                            ui.window.grabWindow().save(str(screenshot))
                        ui.app.quit()

                    QTimer.singleShot(int(seconds * 1000), finish)
                code = ui.app.exec()
                camera.stop()
                ui.close()
                return code
            finally:
                sim.stop()
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(run_window(args[0] if args else "tanaka"))
