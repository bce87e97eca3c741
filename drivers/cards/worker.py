"""A thread that runs a reader driver's uninterruptible calls, so every wait on them can have a bound."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TypeVar

from kiosk.card.errors import CardTimeout

T = TypeVar("T")


class BoundedWorker:
    """A daemon thread that runs a driver's blocking calls one at a time, so the caller can give up on one.

    Reader libraries (pyscard, nfcpy over libusb) block in calls that cannot be interrupted. Running them here lets
    :meth:`call` return after its bound with ``CardTimeout`` while the call itself finishes (or not) on this
    thread; later jobs run after it, in order. :attr:`busy` says whether anything is still running or queued.
    """

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._pending = 0
        self._count_lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        with self._count_lock:
            return self._pending > 0

    def _put(self, job: Callable[[], None]) -> None:
        with self._count_lock:
            self._pending += 1
        self._jobs.put(job)

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            finally:
                with self._count_lock:
                    self._pending -= 1

    def call(self, fn: Callable[[], T], timeout: float, doing: str) -> T:
        """``fn()`` run on the worker: its result or its exception, or ``CardTimeout`` after ``timeout`` seconds."""
        done = threading.Event()
        result: list[T] = []
        failure: list[BaseException] = []

        def job() -> None:
            try:
                result.append(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller, not swallowed
                failure.append(exc)
            finally:
                done.set()

        self._put(job)
        if not done.wait(timeout):
            raise CardTimeout(f"the reader did not finish {doing} within {timeout:g} s")
        if failure:
            raise failure[0]
        return result[0]

    def submit(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` after whatever the worker is busy with, without waiting for it."""
        self._put(fn)

    def stop(self) -> None:
        """End the thread once the jobs queued so far have run."""
        self._jobs.put(None)
