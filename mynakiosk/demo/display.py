"""A display for the kiosk window where there is none: an Xvfb server (the demo window, the UI benchmark)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

X11_SOCKETS = Path("/tmp/.X11-unix")  # noqa: S108 - where X servers put their sockets; we only look


class DisplayError(RuntimeError):
    """No display and no Xvfb to make one; the message says what to install."""


def start_xvfb() -> subprocess.Popen[bytes] | None:
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
