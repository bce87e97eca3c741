"""Benchmark: machine time of each flow with instant scripted inputs, broken down by screen.

The resident answers every screen at once (PINs typed in zero time, the virtual camera at its frame rate but fed
without waiting), so what remains is the machine's own time: card I/O with the in-process virtual card, face
inference, cryptography and the embedded backend on loopback (SQLite). Time spent while a screen is shown is
charged to that screen. Target: a whole PIN reset under 5 s of machine time.

Run: ``.venv/bin/python bench/flows.py [--flows sign-pin-reset,renewal,...]``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")


def measure(flow_name: str, directory: Path) -> tuple[float, dict[str, float], str, int]:
    from kiosk.flows.view import Screen
    from mynakiosk.commands.demo import FLOW_SERVICES
    from mynakiosk.demo import simulator

    sim = simulator.start(directory / flow_name)
    try:
        kiosk, resident = sim.kiosk, sim.resident(FLOW_SERVICES[flow_name])
        per_screen: dict[str, float] = defaultdict(float)
        frames = 0
        started = False
        total = 0.0
        for _ in range(5000):
            view = kiosk.view
            if view.screen is Screen.ATTRACT and started:
                break
            for event in resident.respond(view):
                frames += type(event).__name__ == "Frame"
                t0 = time.perf_counter()
                kiosk.handle(event)
                spent = time.perf_counter() - t0
                per_screen[view.screen.value] += spent
                total += spent
            started = True
        return total, dict(per_screen), kiosk.outcomes[-1] if kiosk.outcomes else "unfinished", frames
    finally:
        sim.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--flows", default="sign-pin-reset,pin-reset,renewal,locked-out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-flows-") as tmp:
        measure("locked-out", Path(tmp) / "warm-up")  # imports, model loading, first connections
        for flow in args.flows.split(","):
            total, per_screen, outcome, frames = measure(flow, Path(tmp))
            print(f"[{flow}] outcome: {outcome}")
            print(f"[{flow}] machine time, whole flow: {total:.2f} s")
            print(f"[{flow}] camera frames analysed: {frames}")
            for screen, seconds in sorted(per_screen.items(), key=lambda kv: -kv[1]):
                print(f"[{flow}] machine time on {screen}: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
