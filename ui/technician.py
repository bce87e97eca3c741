"""Technician mode: in simulator mode the bench (persona, virtual card in/out/tap, faults, replay camera, APDU
trace) and the doctor; on a kiosk in service (``mynakiosk run``) the doctor only, with the site's checks.

It is opened by a long press on the attract screen's top-right corner and a technician PIN (from the environment
variable ``MYNAKIOSK_TECH_PIN``; without it the mode cannot be opened). Everything here acts on the simulator
bench (:class:`SimBench`), never on the flows: inserting a card sends the same ``CardInserted`` event a reader
would, and the trace shows only what :mod:`kiosk.card.trace` records (redacted by construction). The virtual card
itself is a :class:`CardDesk` that simulator mode hands in (``mynakiosk.demo.bench``): the UI never imports the
simulator.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Property, QObject, QProcess, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton, QQmlEngine

from kiosk.card.trace import TraceRecorder
from kiosk.flows.events import CardInserted, CardRemoved, Event
from ui import qmlmodule
from ui.camera import ReplayCamera, replay_sources

QML_IMPORT_NAME = qmlmodule.NAME  # @QmlElement registers TechnicianModel in the screens' QML module (ui.qmlmodule)
QML_IMPORT_MAJOR_VERSION = qmlmodule.MAJOR_VERSION
TECH_PIN_ENV = "MYNAKIOSK_TECH_PIN"
TRACE_LINES = 200


class BenchError(Exception):
    """The bench refused a technician's request (an unknown persona, a fault plan that does not parse); the message
    says what was wrong and is shown on the technician's screen."""


class CardDesk(Protocol):
    """The simulator's virtual card as the technician handles it: made for a persona, put in and out of the reader,
    made to misbehave by a fault plan."""

    def personas(self) -> list[str]:
        """The fictional residents a card can be made for."""
        ...

    def choose(self, persona: str, issued: dt.date | None = None) -> None:
        """A fresh card for ``persona`` issued on ``issued`` (today by default; an earlier day makes a card its
        renewal window has reached) with the current fault plan replaces the card, out of the reader until inserted.
        Raises :class:`BenchError`."""
        ...

    def set_faults(self, text: str) -> str:
        """Parse ``text`` as a fault plan, apply it to the card and the cards to come, and return its canonical
        text. Raises :class:`BenchError`, and then nothing changes."""
        ...

    def insert(self) -> None: ...

    def remove(self) -> None: ...

    def has_card(self) -> bool:
        """A card was made (it may be in the reader or out)."""
        ...

    def card_present(self) -> bool:
        """A card is in the reader."""
        ...


@dataclass
class SimBench:
    """The simulator's moving parts the technician may touch; ``cards`` is None on a kiosk in service."""

    cards: CardDesk | None = None
    recorder: TraceRecorder = field(default_factory=TraceRecorder)
    camera: ReplayCamera | None = None
    send: Callable[[Event], None] | None = None


@QmlElement
@QmlSingleton
class TechnicianModel(QObject):
    changed = Signal()
    traceChanged = Signal()

    def __init__(
        self,
        bench: SimBench,
        *,
        pin: str | None = None,
        site_config: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``site_config``: the kiosk is in service with this configuration (``mynakiosk run``), not a simulator:
        the screen hides the bench (persona, virtual card, faults, replay camera, trace) and the doctor also checks
        the configured backend, reader and camera."""
        super().__init__(parent)
        self._bench = bench
        self._site_config = site_config
        self._pin = pin if pin is not None else os.environ.get(TECH_PIN_ENV)
        self._active = False
        self._asking = False
        self._message = ""
        self._persona = ""
        self._issued = ""  # the virtual card's issue date as the technician wrote it (empty: today)
        self._faults = ""
        self._doctor = ""
        self._doctor_running = False
        self._checks: list[dict[str, str]] = []
        self._trace_seen = -1
        self._process: QProcess | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._poll_trace)

    @staticmethod
    def create(engine: QQmlEngine) -> TechnicianModel:
        """QML's ``TechnicianModel``: the one ``build_ui`` made for this engine."""
        return qmlmodule.engine_child(engine, TechnicianModel)

    # --- access -------------------------------------------------------------------------------------------------------
    @Slot()
    def requestAccess(self) -> None:
        if self._pin:
            self._asking, self._active, self._message = True, True, ""
            self.changed.emit()

    @Slot(str)
    def unlock(self, pin: str) -> None:
        if self._pin and hmac.compare_digest(pin.encode(), self._pin.encode()):
            self._asking, self._message = False, ""
            self._timer.start()
            if self._site_config is not None:
                self.runDoctor()  # in service the maintenance list is what the technician came for
        else:
            self._message = "ui.tech.wrong_pin"
        self.changed.emit()

    @Slot()
    def close(self) -> None:
        self._active = self._asking = False
        self._checks, self._doctor = [], ""  # the next opening checks again: a kiosk's state moves on
        self._timer.stop()
        self.changed.emit()

    @Slot()
    def watch(self) -> None:
        """The simulator panel is open (simulator mode only, a window of its own): follow the trace without a PIN."""
        if self._bench.cards is not None:
            self._timer.start()

    # --- the virtual card ---------------------------------------------------------------------------------------------
    @Slot(str)
    def choosePersona(self, key: str) -> None:
        """Personalise a fresh virtual card for ``key``; it replaces the reader's card and stays out until inserted."""
        self.makeCard(key, self._issued)

    @Slot(str, str)
    def makeCard(self, key: str, issued: str) -> None:
        """A fresh virtual card for ``key`` issued on ``issued`` (YYYY-MM-DD; empty: today), out of the reader."""
        cards = self._bench.cards
        if cards is None:
            return
        try:
            day = dt.date.fromisoformat(issued) if issued.strip() else None
        except ValueError:
            self._fail(BenchError(f"issue date {issued!r} is not a date: write it as YYYY-MM-DD"))
            return
        if day is not None and day > dt.date.today():
            self._fail(BenchError(f"issue date {issued} is in the future: a card is issued today or earlier"))
            return
        was_present = cards.card_present()
        try:
            cards.choose(key, day)
        except BenchError as exc:
            self._fail(exc)
            return
        if was_present:
            self._send(CardRemoved())  # the old card left the reader with the swap
        self._persona, self._issued, self._message = key, issued.strip(), ""
        self.changed.emit()

    @Slot()
    def insertCard(self) -> None:
        cards = self._bench.cards
        if cards is not None and cards.has_card():
            cards.insert()
            self._send(CardInserted())
            self.changed.emit()

    @Slot()
    def removeCard(self) -> None:
        cards = self._bench.cards
        if cards is not None and cards.card_present():
            cards.remove()
            self._send(CardRemoved())
            self.changed.emit()

    @Slot()
    def tapCard(self) -> None:
        """A contactless tap: the card arrives, and leaves again after two seconds."""
        self.insertCard()
        QTimer.singleShot(2000, self.removeCard)

    @Slot(str)
    def applyFaults(self, text: str) -> None:
        cards = self._bench.cards
        if cards is None:
            return
        try:
            self._faults = cards.set_faults(text)
        except BenchError as exc:
            self._fail(exc)
            return
        self._message = ""
        self.changed.emit()

    # --- camera -------------------------------------------------------------------------------------------------------
    @Slot(str)
    def chooseCamera(self, name: str) -> None:
        path = next((p for p in replay_sources() if p.name == name), None)
        if path is not None and self._bench.camera is not None:
            self._bench.camera.set_source(path)
            self.changed.emit()

    # --- doctor -------------------------------------------------------------------------------------------------------
    @Slot()
    def runDoctor(self) -> None:
        if self._doctor_running:
            return
        process = QProcess(self)
        process.setProgram(sys.executable)
        site = ["--config", str(self._site_config)] if self._site_config is not None else []
        process.setArguments(["-m", "mynakiosk", "doctor", "--json", *site])
        process.setWorkingDirectory(str(Path(__file__).resolve().parents[1]))
        process.finished.connect(self._doctor_done)
        self._process, self._doctor_running, self._doctor = process, True, ""
        process.start()
        self.changed.emit()

    def _doctor_done(self, *_: object) -> None:
        process = self._process
        if process is None:
            return
        raw = bytes(process.readAllStandardOutput().data()).decode("utf-8", errors="replace")
        self._process = None
        self.show_doctor(raw, bytes(process.readAllStandardError().data()).decode(errors="replace"))

    @Slot()
    def clearChecks(self) -> None:
        """Put the maintenance list away (simulator mode: back to the bench)."""
        self._checks, self._doctor = [], ""
        self.changed.emit()

    def show_doctor(self, raw: str, errors: str = "") -> None:
        """Show what ``doctor --json`` printed: the maintenance list by area, and the lines as text."""
        self._doctor = summarise_doctor(raw) or errors
        self._checks = maintenance_rows(raw)
        self._doctor_running = False
        self.changed.emit()

    # --- trace --------------------------------------------------------------------------------------------------------
    def _poll_trace(self) -> None:
        if len(self._bench.recorder.entries) != self._trace_seen:
            self._trace_seen = len(self._bench.recorder.entries)
            self.traceChanged.emit()

    def _trace(self) -> list[str]:
        return [entry.line() for entry in self._bench.recorder.entries[-TRACE_LINES:]]

    # --- helpers ------------------------------------------------------------------------------------------------------
    def _send(self, event: Event) -> None:
        if self._bench.send is not None:
            self._bench.send(event)

    def _fail(self, exc: Exception) -> None:
        self._message = str(exc)
        self.changed.emit()

    def _get_active(self) -> bool:
        return self._active

    def _get_asking(self) -> bool:
        return self._asking

    def _get_message(self) -> str:
        return self._message

    def _get_personas(self) -> list[str]:
        return self._bench.cards.personas() if self._bench.cards is not None else []

    def _get_persona(self) -> str:
        return self._persona

    def _get_issued(self) -> str:
        return self._issued

    def _get_card_present(self) -> bool:
        return self._bench.cards is not None and self._bench.cards.card_present()

    def _get_faults(self) -> str:
        return self._faults

    def _get_cameras(self) -> list[str]:
        return [p.name for p in replay_sources()]

    def _get_camera(self) -> str:
        camera = self._bench.camera
        return camera.path.name if camera is not None and camera.path is not None else ""

    def _get_doctor(self) -> str:
        return self._doctor

    def _get_checks(self) -> list[dict[str, str]]:
        return self._checks

    def _get_simulator(self) -> bool:
        return self._site_config is None

    def _get_doctor_running(self) -> bool:
        return self._doctor_running

    active = Property(bool, _get_active, notify=changed)
    askingPin = Property(bool, _get_asking, notify=changed)
    message = Property(str, _get_message, notify=changed)
    personas = Property(list, _get_personas, constant=True)
    persona = Property(str, _get_persona, notify=changed)
    issued = Property(str, _get_issued, notify=changed)
    cardPresent = Property(bool, _get_card_present, notify=changed)
    faults = Property(str, _get_faults, notify=changed)
    cameras = Property(list, _get_cameras, constant=True)
    camera = Property(str, _get_camera, notify=changed)
    doctorOutput = Property(str, _get_doctor, notify=changed)
    checks = Property(list, _get_checks, notify=changed)
    doctorRunning = Property(bool, _get_doctor_running, notify=changed)
    trace = Property(list, _trace, notify=traceChanged)
    simulator = Property(bool, _get_simulator, constant=True)


MAINTENANCE_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # area (ui.tech.area.<area>) -> the doctor checks it shows, by name or name prefix, in the order a technician
    # walks a kiosk in service; what matches none goes under "system"
    ("reader", ("configured reader", "readers", "pcscd", "card", "nfc reader", "virtual reader")),
    ("camera", ("camera",)),
    ("printer", ("printer",)),
    ("network", ("backend",)),
    ("outbox", ("outbox",)),
    ("disk", ("disk",)),
    ("clock", ("clock",)),
    ("system", ()),
)


def maintenance_rows(raw: str) -> list[dict[str, str]]:
    """``doctor --json`` as rows for the maintenance screen (``area``, ``status``, ``name``, ``detail``, ``fix``),
    grouped by :data:`MAINTENANCE_AREAS` in their order; [] when ``raw`` is not the doctor's JSON."""
    try:
        document = json.loads(raw)
    except json.JSONDecodeError:
        return []
    checks = document.get("checks") if isinstance(document, dict) else None
    if not isinstance(checks, list):
        return []
    order = [area for area, _names in MAINTENANCE_AREAS]

    def area_of(name: str) -> str:
        for area, names in MAINTENANCE_AREAS:
            if any(name == n or name.startswith(f"{n} ") for n in names):
                return area
        return "system"

    rows = [
        {
            "area": area_of(str(check.get("name", ""))),
            "status": str(check.get("status", "?")),
            "name": str(check.get("name", "?")),
            "detail": str(check.get("detail", "")),
            "fix": str(check.get("fix") or ""),
        }
        for check in checks
        if isinstance(check, dict)
    ]
    return sorted(rows, key=lambda row: order.index(row["area"]))


def summarise_doctor(raw: str) -> str:
    """``doctor --json`` as one line per check (``[status] name: detail -> fix``); the raw text if it is not JSON."""
    try:
        document = json.loads(raw)
    except json.JSONDecodeError:
        return raw.strip()
    checks = document.get("checks") if isinstance(document, dict) else None
    if not isinstance(checks, list):
        return raw.strip()
    lines = []
    for check in checks:
        if not isinstance(check, dict):
            continue
        line = f"[{check.get('status', '?')}] {check.get('name', '?')}: {check.get('detail', '')}"
        if check.get("fix"):
            line += f" -> {check['fix']}"
        lines.append(line)
    return "\n".join(lines)
