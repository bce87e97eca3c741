"""Tells systemd the kiosk is up, and keeps telling it the window's event loop still turns.

The pings come from a ``QTimer`` on the Qt event loop, not from a thread: a hung UI (a screen stuck in a long call
on the GUI thread, a deadlock) stops the pings as surely as a dead process, and systemd restarts the kiosk after
``WatchdogSec=``. READY=1 is sent from the first turn of the loop, once the window exists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from drivers.systemd_notify import Notifier, NotifyError, watchdog_interval

log = logging.getLogger(__name__)


class Watchdog(QObject):
    """Calls ``ping`` every ``interval_s`` seconds from the event loop it lives on."""

    def __init__(self, ping: Callable[[], None], interval_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ping = ping
        self._failed = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(interval_s * 1000)))
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        try:
            self._ping()
        except NotifyError as exc:
            if not self._failed:  # once: the socket stays gone, and the log must not fill with it
                log.warning("watchdog ping failed: %s", exc)
            self._failed = True
        else:
            self._failed = False


def attach_service_manager(parent: QObject, notifier: Notifier | None = None) -> Watchdog | None:
    """When systemd started us (``NOTIFY_SOCKET``): READY=1 on the loop's first turn, and WATCHDOG=1 at half the
    unit's ``WatchdogSec=`` (systemd's advice) when it asks for pings. Returns the watchdog, if any; both live as
    long as ``parent``."""
    service = notifier or Notifier.from_environment()
    if service is None:
        return None

    def ready() -> None:
        try:
            service.ready("attract screen")
        except NotifyError as exc:
            log.warning("could not tell systemd the kiosk is ready: %s", exc)

    QTimer.singleShot(0, parent, ready)
    interval = watchdog_interval()
    if interval is None:
        return None
    watchdog = Watchdog(service.watchdog, interval / 2, parent)
    watchdog.start()
    return watchdog
