"""The kiosk window in simulator mode: ``mynakiosk demo`` (with a window) and ``python -m ui.demo``.

Everything is local: receipts are PDF files in ``out/receipts`` (or ``$MYNAKIOSK_RECEIPT_DIR``), an embedded backend
on loopback, a virtual card (out of the reader until the technician
inserts it, or until ``--auto-insert``), the replay camera with the persona's blinking face. With no display, an
Xvfb server is started for the window and stopped afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from ui.app import build_ui
from ui.session import Clock, attach_camera, resident_camera, start_sim_kiosk

ROOT = Path(__file__).resolve().parents[1]
X11_SOCKETS = Path("/tmp/.X11-unix")  # noqa: S108 - where X servers put their sockets; we only look
TECH_PIN_DEMO = "246810"  # the simulator's technician PIN (a TEST value: real kiosks take it from their config)


class DisplayError(RuntimeError):
    """No display and no Xvfb to make one; the message says what to install."""


def _xvfb() -> subprocess.Popen[bytes] | None:
    """Start Xvfb on a free display when there is none (and offscreen was not asked for); None if not needed."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    binary = shutil.which("Xvfb")
    if binary is None:
        raise DisplayError("no display and no Xvfb: apt-get install xvfb, or set QT_QPA_PLATFORM=offscreen")
    for number in range(90, 120):
        if not (X11_SOCKETS / f"X{number}").exists():
            break
    process = subprocess.Popen(
        [binary, f":{number}", "-screen", "0", "1080x1920x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while not (X11_SOCKETS / f"X{number}").exists():
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise DisplayError(f"Xvfb did not start on display :{number}")
        time.sleep(0.05)
    os.environ["DISPLAY"] = f":{number}"
    # Xvfb has no GPU: Mesa's software OpenGL redraws the whole 1080x1920 scene for every camera frame (13 fps
    # measured), while Qt Quick's software renderer repaints only what changed (30 fps). See docs/ui.md.
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    return process


def run_window(
    persona: str = "tanaka",
    *,
    seconds: float | None = None,
    screenshot: Path | None = None,
    language: str = "ja",
    staffed: bool = False,
) -> int:
    """Run the kiosk window until closed, or for ``seconds`` and then write what it shows to ``screenshot``."""
    os.environ.setdefault("MYNAKIOSK_TECH_PIN", TECH_PIN_DEMO)
    xvfb = _xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="mynakiosk-ui-") as tmp:
            sim = start_sim_kiosk(Path(tmp), persona, staffed=staffed)
            try:
                receipts = Path(os.environ.get("MYNAKIOSK_RECEIPT_DIR", ROOT / "out" / "receipts"))
                ui = build_ui(sim.driver, bench=sim.bench, language=language, receipt_dir=receipts)
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
