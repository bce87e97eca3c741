"""Technician mode: in simulator mode the bench (persona, virtual card in/out/tap, faults, replay camera, APDU
trace) and the doctor; on a kiosk in service (``mynakiosk run``) the doctor only, with the site's checks.

It is opened by a long press on the attract screen's top-right corner and a technician PIN (from the environment
variable ``MYNAKIOSK_TECH_PIN``; without it the mode cannot be opened). Everything here acts on the simulator
bench (:class:`SimBench`), never on the flows: inserting a card sends the same ``CardInserted`` event a reader
would, and the trace shows only what :mod:`kiosk.card.trace` records (redacted by construction).
"""

from __future__ import annotations

import hmac
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass
class SimBench:
    """The simulator's moving parts the technician may touch. ``reader`` is a ``drivers.cards.sim.SimReader``."""

    reader: Any | None = None
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
        self._faults = ""
        self._doctor = ""
        self._doctor_running = False
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
        else:
            self._message = "ui.tech.wrong_pin"
        self.changed.emit()

    @Slot()
    def close(self) -> None:
        self._active = self._asking = False
        self._timer.stop()
        self.changed.emit()

    # --- the virtual card ---------------------------------------------------------------------------------------------
    @Slot(str)
    def choosePersona(self, key: str) -> None:
        """Personalise a fresh virtual card for ``key``; it replaces the reader's card and stays out until inserted."""
        from drivers.cards.sim import SimReader
        from sim.card import VirtualCard
        from sim.errors import SimError
        from sim.faults import FaultPlan
        from sim.personalise import new_card
        from sim.personas import get_persona

        try:
            card = VirtualCard.from_image(new_card(get_persona(key)))
            plan = FaultPlan.parse(self._faults)
        except SimError as exc:
            self._fail(exc)
            return
        if self._bench.reader is None:
            self._bench.reader = SimReader(card, faults=plan)
            self._bench.reader.remove()  # a new card waits on the desk until "insert" or "tap"
        else:
            self.removeCard()
            self._bench.reader.card = SimReader(card, faults=plan).card
            self._bench.reader.remove()
        self._persona = key
        self.changed.emit()

    @Slot()
    def insertCard(self) -> None:
        if self._bench.reader is not None:
            self._bench.reader.insert()
            self._send(CardInserted())
            self.changed.emit()

    @Slot()
    def removeCard(self) -> None:
        if self._bench.reader is not None and self._bench.reader.card_present():
            self._bench.reader.remove()
            self._send(CardRemoved())
            self.changed.emit()

    @Slot()
    def tapCard(self) -> None:
        """A contactless tap: the card arrives, and leaves again after two seconds."""
        self.insertCard()
        QTimer.singleShot(2000, self.removeCard)

    @Slot(str)
    def applyFaults(self, text: str) -> None:
        from sim.faults import FaultPlan, FaultPlanError, FaultyCard

        try:
            plan = FaultPlan.parse(text)
        except FaultPlanError as exc:
            self._fail(exc)
            return
        self._faults, self._message = str(plan), ""
        reader = self._bench.reader
        if reader is not None:
            present = reader.card_present()
            reader.card = FaultyCard(reader.card.card, plan)
            if not present:
                reader.card.remove()
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
        process.setArguments(["-m", "kiosk", "doctor", "--json", *site])
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
        self._doctor = summarise_doctor(raw) or bytes(process.readAllStandardError().data()).decode(errors="replace")
        self._doctor_running, self._process = False, None
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
        from sim.personas import list_personas

        return [p.key for p in list_personas()]

    def _get_persona(self) -> str:
        return self._persona

    def _get_card_present(self) -> bool:
        return bool(self._bench.reader is not None and self._bench.reader.card_present())

    def _get_faults(self) -> str:
        return self._faults

    def _get_cameras(self) -> list[str]:
        return [p.name for p in replay_sources()]

    def _get_camera(self) -> str:
        camera = self._bench.camera
        return camera.path.name if camera is not None and camera.path is not None else ""

    def _get_doctor(self) -> str:
        return self._doctor

    def _get_simulator(self) -> bool:
        return self._site_config is None

    def _get_doctor_running(self) -> bool:
        return self._doctor_running

    active = Property(bool, _get_active, notify=changed)
    askingPin = Property(bool, _get_asking, notify=changed)
    message = Property(str, _get_message, notify=changed)
    personas = Property(list, _get_personas, constant=True)
    persona = Property(str, _get_persona, notify=changed)
    cardPresent = Property(bool, _get_card_present, notify=changed)
    faults = Property(str, _get_faults, notify=changed)
    cameras = Property(list, _get_cameras, constant=True)
    camera = Property(str, _get_camera, notify=changed)
    doctorOutput = Property(str, _get_doctor, notify=changed)
    doctorRunning = Property(bool, _get_doctor_running, notify=changed)
    trace = Property(list, _trace, notify=traceChanged)
    simulator = Property(bool, _get_simulator, constant=True)


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
