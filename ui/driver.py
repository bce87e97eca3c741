"""Drivers: where the view-model's events go and where new Views come from.

:class:`FlowDriver` runs the real flows (``kiosk.flows.kiosk.Kiosk``, or anything with the same three members) on
a worker thread, because ``handle`` blocks on card I/O, backend calls and face inference; Views come back to the GUI
thread through a queued signal. :class:`SampleDriver` plays the sample Views (screenshots, tests, UI work before the
flows exist) and records what it was sent.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from kiosk.flows.events import Act, Entered, Event, Frame, Tick, Touch
from kiosk.flows.view import View

if TYPE_CHECKING:
    from ui.samples import Sample

log = logging.getLogger(__name__)


class FlowEngine(Protocol):
    """What the UI needs of the flows (``kiosk.flows.kiosk.Kiosk``)."""

    @property
    def view(self) -> View: ...

    def handle(self, event: Event) -> View: ...

    def subscribe(self, listener: Callable[[View], None]) -> None: ...


class FlowDriver(QObject):
    """Feeds events to a :class:`FlowEngine` on one worker thread, in order; emits ``viewReady`` for every View.

    Frames are the exception to strict ordering: only the newest waiting frame is kept, so a slow face match never
    builds a backlog (the preview itself does not wait for the flow). Ticks and touches are coalesced the same way.
    """

    viewReady = Signal(object)
    failed = Signal(str)

    def __init__(self, engine: FlowEngine) -> None:
        super().__init__()
        self._engine = engine
        self._events: queue.Queue[Event | None] = queue.Queue()
        self._latest_frame: Frame | None = None
        self._frame_lock = threading.Lock()
        self._busy = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-flow", daemon=True)
        engine.subscribe(self.viewReady.emit)

    @property
    def view(self) -> View:
        return self._engine.view

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._events.put(None)
        self._thread.join(timeout)

    @property
    def idle(self) -> bool:
        """No event waiting or being handled (tests wait for this)."""
        return self._events.empty() and not self._busy.is_set() and self._latest_frame is None

    def send(self, event: Event) -> None:
        if isinstance(event, Frame):
            with self._frame_lock:
                pending, self._latest_frame = self._latest_frame, event
            if pending is not None:
                return  # a frame marker is already queued; it will pick up this newer frame
        self._events.put(event)

    def _run(self) -> None:
        while True:
            event = self._events.get()
            if event is None:
                return
            self._busy.set()
            try:
                if isinstance(event, Frame):
                    with self._frame_lock:
                        event, self._latest_frame = self._latest_frame or event, None
                self.viewReady.emit(self._engine.handle(event))
            except Exception as exc:  # noqa: BLE001 - the worker must survive to show the flow's error screen
                # Only the type goes out: exception text could carry data the resident typed.
                log.error(
                    "the flows raised %s on %s; the screen stays as it was", type(exc).__name__, type(event).__name__
                )
                self.failed.emit(type(exc).__name__)
            finally:
                self._busy.clear()


class SampleDriver(QObject):
    """Shows sample Views; ``Act`` moves to the next sample of the list. Every event is kept in ``events``."""

    viewReady = Signal(object)
    cameraOff = Signal(bool)  # before viewReady: whether the sample shows the camera before its first picture

    def __init__(self, items: list[Sample] | None = None) -> None:
        super().__init__()
        # Imported here, not at the top: a kiosk in service (FlowDriver) never loads the sample data.
        from ui.samples import samples

        self.samples = items if items is not None else samples()
        self.index = 0
        self.events: list[Event] = []
        self._answers = 0

    @property
    def view(self) -> View:
        return self.samples[self.index].view

    def show(self, name: str) -> View:
        """Jump to the sample called ``screen-state``."""
        self.index = next(i for i, s in enumerate(self.samples) if s.name == name)
        self.cameraOff.emit(self.samples[self.index].camera_off)
        self.viewReady.emit(self.view)
        return self.view

    def send(self, event: Event) -> None:
        if isinstance(event, Tick | Touch | Frame):
            if not isinstance(event, Frame):
                self.events.append(event)
            return
        self.events.append(event)
        if isinstance(event, Act):
            self.index = (self.index + 1) % len(self.samples)
            self.viewReady.emit(self.view)
        elif isinstance(event, Entered):
            # As the kiosk does: the page shown after an entry is a new showing (the keypad unlocks), here the same
            # sample again.
            self._answers += 1
            self.viewReady.emit(dataclasses.replace(self.view, serial=self._answers))
