"""Background delivery of the outbox: what a resident was told "will be sent as soon as the network is back" is
sent, on every kiosk, without staff.

One daemon thread wakes every ``interval_s`` and delivers the items whose back-off has passed
(:meth:`kiosk.outbox.Outbox.deliver` with ``due_only``); each item's own back-off (30 s doubling to an hour) keeps
a dead network or a refusing backend from being hammered. The composition root starts it on an unstaffed kiosk;
at a staffed pop-up the official's "send now" delivers instead, because staffed applications need their token.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from kiosk.backend_client import BackendError
from kiosk.outbox import DeliveryReport, Item, Outbox, OutboxError

log = logging.getLogger(__name__)


class Deliverer:
    def __init__(self, outbox: Outbox, send: Callable[[Item], dict[str, Any]], *, interval_s: float = 30.0) -> None:
        self._outbox = outbox
        self._send = send
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> DeliveryReport:
        """Deliver what is due now; a failure is recorded on its item, never raised."""
        report = self._outbox.deliver(self._send, due_only=True)
        if report.delivered or report.refused or report.deferred:
            log.info(
                "outbox: %d delivered, %d refused, %d deferred, %d pending",
                len(report.delivered), len(report.refused), len(report.deferred), report.still_pending,
            )  # fmt: skip
        return report

    def wake(self) -> None:
        """Try now (e.g. the network came back), not at the next interval."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="outbox-deliverer", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except (BackendError, OutboxError) as exc:  # recorded per item; this is the queue itself failing
                log.error("outbox delivery failed: %s", type(exc).__name__)
            self._wake.wait(self._interval_s)
            self._wake.clear()
