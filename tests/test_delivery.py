"""Every unattended kiosk delivers its outbox in the background, with back-off, without staff."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from kiosk.backend_client import BackendUnavailable
from kiosk.delivery import Deliverer
from kiosk.outbox import FRESH_GRACE_S, Item, Outbox

KEY = bytes(range(32))


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class Backend:
    """Stands for the service: down while ``down``; records what it was sent (by idempotency key)."""

    def __init__(self) -> None:
        self.down = True
        self.received: list[str] = []
        self.arrived = threading.Event()

    def send(self, item: Item) -> dict[str, Any]:
        if self.down:
            raise BackendUnavailable("POST /v1/renewals: ConnectionError")
        self.received.append(item.idempotency_key)
        self.arrived.set()
        return {"application_number": f"A{item.id}"}


def test_a_queued_item_is_delivered_without_staff_once_the_network_is_back(tmp_path: Path) -> None:
    clock, backend = Clock(), Backend()
    box = Outbox(tmp_path / "outbox.sqlite3", KEY, clock=clock)
    key = box.put("renewal", {"n": 1})
    deliverer = Deliverer(box, backend.send)
    assert deliverer.run_once().deferred == []  # the resident's own send goes first
    clock.now += FRESH_GRACE_S
    assert [k for k, _ in deliverer.run_once().deferred] == [key]  # down: recorded, backed off
    backend.down = False
    assert deliverer.run_once().delivered == []  # not hammering: the item waits its back-off
    clock.now += 30
    assert [k for k, _ in deliverer.run_once().delivered] == [key]
    assert box.counts()["delivered"] == 1 and backend.received == [key]


def test_the_deliverer_thread_delivers_and_stops(tmp_path: Path) -> None:
    clock, backend = Clock(), Backend()
    backend.down = False
    box = Outbox(tmp_path / "outbox.sqlite3", KEY, clock=clock)
    key = box.put("renewal", {"n": 1})
    clock.now += FRESH_GRACE_S
    deliverer = Deliverer(box, backend.send, interval_s=0.05)
    deliverer.start()
    try:
        assert backend.arrived.wait(10)
    finally:
        deliverer.stop()
    assert backend.received == [key]
    assert not any(t.name == "outbox-deliverer" for t in threading.enumerate())
