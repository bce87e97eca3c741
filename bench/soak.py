"""Soak: a day of residents in ONE kiosk process — memory, file descriptors and threads must stay flat.

Runs ``--sessions N`` whole sessions, one after another, on one simulator-mode kiosk (``mynakiosk.demo.simulator``:
embedded backend on loopback, virtual card, virtual camera, the real face pipeline). The services cycle through
the signature-PIN reset, the 4-digit PIN reset, the renewal application and the locked-out information, so three
sessions in four run a face check. Each session gets a freshly personalised card for the same fictional resident
(a PIN reset changes the card's PINs, and the backend allows only a few resets per card a day).

Prints the process's RSS, open file descriptors and threads at the start, after the warm-up and at the end, the
outcome of every kind of session, and, after the warm-up, the growth per session as the least-squares slope of
RSS over the session count: ``rss_growth_per_session <value> MB``. Target: under 0.2 MB per session over 200.

Run: ``.venv/bin/python bench/soak.py --sessions 200`` (2-3 s of machine time per session: about 10 minutes).
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

SERVICES = ("sign-pin-reset", "renewal", "pin-reset", "locked-out")


@dataclass(frozen=True)
class Sample:
    rss_mb: float
    fds: int
    threads: int

    def line(self, label: str) -> str:
        return f"{label}: rss {self.rss_mb:.1f} MB, {self.fds} fds, {self.threads} threads"


def sample() -> Sample:
    gc.collect()
    with open("/proc/self/statm") as statm:
        rss_pages = int(statm.read().split()[1])
    return Sample(
        rss_pages * os.sysconf("SC_PAGE_SIZE") / 1e6,
        len(os.listdir("/proc/self/fd")),
        len(os.listdir("/proc/self/task")),  # native threads too (mediapipe's are invisible to ``threading``)
    )


def slope(values: list[float]) -> float:
    """Least-squares growth per step of ``values`` (robust to the allocator's ups and downs, unlike end - start)."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    return num / sum((x - mean_x) ** 2 for x in range(n))


def run_session(sim: object, service: str, seed: int) -> str:
    """One resident: a fresh card for the same person, inserted when the kiosk asks; returns the outcome."""
    from drivers.cards.sim import SimReader
    from kiosk.flows.view import Screen
    from mynakiosk.commands.demo import FLOW_SERVICES
    from mynakiosk.demo.simulator import Simulator
    from sim.card import VirtualCard
    from sim.personalise import new_card
    from sim.personas import get_persona

    assert isinstance(sim, Simulator)
    image = new_card(get_persona(sim.image.holder.persona), seed=seed)
    sim.backend.register_card(image)
    sim.image = image
    sim.reader.card = SimReader(VirtualCard.from_image(image)).card
    sim.reader.remove()
    kiosk, resident = sim.kiosk, sim.resident(FLOW_SERVICES[service])
    started = False
    for _ in range(5000):
        view = kiosk.view
        if view.screen is Screen.ATTRACT and started:
            return kiosk.outcomes[-1] if kiosk.outcomes else "unfinished"
        for event in resident.respond(view):
            kiosk.handle(event)
        started = True
    return "unfinished"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--warm-up", type=int, default=8, help="sessions before growth is measured")
    parser.add_argument("--persona", default="tanaka")
    parser.add_argument("--every", type=int, default=25, help="print a sample every this many sessions")
    args = parser.parse_args()
    from mynakiosk.demo import simulator

    warm_up = min(args.warm_up, max(0, args.sessions - 2))
    outcomes: Counter[str] = Counter()
    rss_after: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        start = sample()
        print(start.line("start"))
        sim = simulator.start(Path(tmp), persona=args.persona)
        t0 = time.perf_counter()
        try:
            for k in range(args.sessions):
                service = SERVICES[k % len(SERVICES)]
                outcomes[f"{service}: {run_session(sim, service, seed=1000 + k)}"] += 1
                now = sample()
                if k + 1 == warm_up:
                    print(now.line(f"after warm-up ({warm_up} sessions)"))
                if k + 1 >= warm_up:
                    rss_after.append(now.rss_mb)
                if (k + 1) % args.every == 0:
                    print(now.line(f"after {k + 1} sessions"), flush=True)
        finally:
            sim.stop()
        elapsed = time.perf_counter() - t0
        end = sample()
    print(end.line("end"))
    for outcome, count in sorted(outcomes.items()):
        print(f"sessions {outcome}: {count}")
    print(f"sessions: {args.sessions}")
    print(f"machine time per session: {elapsed / max(1, args.sessions):.2f} s")
    print(f"fd_growth: {end.fds - start.fds} fds")
    print(f"thread_growth: {end.threads - start.threads} threads")
    print(f"rss_growth_per_session {slope(rss_after):.3f} MB")


if __name__ == "__main__":
    main()
