"""The service's clock, injectable so tests can move time instead of sleeping."""

from __future__ import annotations

import datetime as dt
import threading


class Clock:
    """Wall-clock UTC time plus an offset that only tests change (``advance``)."""

    def __init__(self) -> None:
        self._offset = dt.timedelta()
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            offset = self._offset
        return dt.datetime.now(dt.UTC) + offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += dt.timedelta(seconds=seconds)
