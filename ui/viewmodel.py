"""View-models: the current flow View as Qt properties, and slots that turn touches into flow events.

No business rule lives here. The view-model shows what the flow's View says and sends back what the resident did;
the only state it keeps is presentational: the keypad's shuffled layout, the PIN being typed (in a wipeable buffer
that never reaches QML: QML only learns how many characters there are), the language and the accessibility modes.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton, QQmlEngine

from kiosk.card.pin import Pin
from kiosk.flows.events import Act, Entered, Event, Touch
from kiosk.flows.view import EntryKind, Screen, View
from ui import qmlmodule

QML_IMPORT_NAME = qmlmodule.NAME  # @QmlElement registers ViewModel in the screens' QML module (see ui.qmlmodule)
QML_IMPORT_MAJOR_VERSION = qmlmodule.MAJOR_VERSION

# Screens drawn over the page below them instead of replacing it.
OVERLAY_SCREENS = frozenset({Screen.IDLE_WARNING})
PHOTO_KEY = "photo_jpeg_base64"  # View.data of PHOTO_REVIEW: the photo under review, shown and never kept
DIGITS = "0123456789"
ORDERED_KEYPAD = "1234567890"  # 1-9 in rows, 0 in the middle of the bottom row
WEEKDAYS = {"ja": "月火水木金土日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class Driver(Protocol):
    """Where events go. ``send`` must return at once (a driver does blocking work on its own thread)."""

    def send(self, event: Event) -> None: ...


class ViewState(QObject):
    """One View as read-only Qt properties; ``changed`` fires when the whole View is replaced."""

    changed = Signal()

    def __init__(self, language: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = View(Screen.ATTRACT)
        self._language = language

    @property
    def view(self) -> View:
        return self._view

    def set_view(self, view: View) -> None:
        self._view = view
        self.changed.emit()

    def _screen(self) -> str:
        return self._view.screen.value

    def _flow(self) -> str:
        return self._view.flow.value if self._view.flow else ""

    def _title(self) -> str:
        return self._view.title

    def _body(self) -> str:
        return self._view.body

    def _params(self) -> dict[str, Any]:
        return dict(self._view.params)

    def _param_keys(self) -> list[str]:
        return list(self._view.params)

    def _entry_kind(self) -> str:
        return self._view.entry.kind.value if self._view.entry else ""

    def _entry_field(self) -> str:
        return self._view.entry.field if self._view.entry else ""

    def _entry_masked(self) -> bool:
        return bool(self._view.entry and self._view.entry.masked)

    def _entry_min(self) -> int:
        return self._view.entry.min_length if self._view.entry else 0

    def _entry_max(self) -> int:
        return self._view.entry.max_length if self._view.entry else 0

    def _actions(self) -> list[dict[str, Any]]:
        return [
            {"id": a.id, "label": a.label, "role": a.role.value, "enabled": a.enabled, "params": self._slot(a.id)}
            for a in self._view.actions
        ]

    def _slot(self, action_id: str) -> dict[str, str]:
        """``{date}``/``{time}`` for a pick-up slot action (id ``slot:<ISO date-time>``), in the current language."""
        if not action_id.startswith("slot:"):
            return {}
        try:
            when = datetime.fromisoformat(action_id.removeprefix("slot:"))
        except ValueError:
            return {}
        return {"date": format_date(when.date(), self._language()), "time": f"{when:%H:%M}"}

    def _hints(self) -> list[str]:
        return list(self._view.hints)

    def _step(self) -> int:
        return self._view.step

    def _total_steps(self) -> int:
        return self._view.total_steps

    def _progress(self) -> float:
        return -1.0 if self._view.progress is None else float(self._view.progress)

    def _countdown(self) -> int:
        return -1 if self._view.countdown is None else self._view.countdown

    def _error(self) -> str:
        return self._view.error or ""

    def _keep_card(self) -> bool:
        return self._view.keep_card

    def _camera(self) -> bool:
        return self._view.camera

    def _data(self) -> dict[str, str]:
        return {k: v for k, v in self._view.data.items() if k != PHOTO_KEY}

    def _data_keys(self) -> list[str]:
        return [k for k in self._view.data if k != PHOTO_KEY]

    screen = Property(str, _screen, notify=changed)
    flow = Property(str, _flow, notify=changed)
    title = Property(str, _title, notify=changed)
    body = Property(str, _body, notify=changed)
    params = Property(dict, _params, notify=changed)
    paramKeys = Property(list, _param_keys, notify=changed)
    entryKind = Property(str, _entry_kind, notify=changed)
    entryField = Property(str, _entry_field, notify=changed)
    entryMasked = Property(bool, _entry_masked, notify=changed)
    entryMin = Property(int, _entry_min, notify=changed)
    entryMax = Property(int, _entry_max, notify=changed)
    actions = Property(list, _actions, notify=changed)
    hints = Property(list, _hints, notify=changed)
    step = Property(int, _step, notify=changed)
    totalSteps = Property(int, _total_steps, notify=changed)
    progress = Property(float, _progress, notify=changed)
    countdown = Property(int, _countdown, notify=changed)
    error = Property(str, _error, notify=changed)
    keepCard = Property(bool, _keep_card, notify=changed)
    camera = Property(bool, _camera, notify=changed)
    data = Property(dict, _data, notify=changed)
    dataKeys = Property(list, _data_keys, notify=changed)


@QmlElement
@QmlSingleton
class ViewModel(QObject):
    """What QML binds to: ``page`` (the screen), ``overlay`` (the idle dialog), entry state and display modes."""

    pageChanged = Signal()
    overlayChanged = Signal()
    entryChanged = Signal()
    languageChanged = Signal()  # the property: a resident's choice, or the start language again after a session
    languageChosen = Signal()  # a resident picked a language (the guide speaks the prompt again in it)
    modesChanged = Signal()
    frameChanged = Signal()
    noticeChanged = Signal()
    sessionEnded = Signal()  # back at the start screen from a session: everything a resident chose is undone

    def __init__(
        self,
        driver: Driver,
        *,
        set_language: Callable[[str], None] | None = None,
        language: str = "ja",
        photo_sink: Callable[[bytes | None], None] | None = None,
        on_act: Callable[[View, str], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._driver = driver
        self._set_language = set_language
        self._language = language
        self._start_language = language
        self._page = ViewState(lambda: self._language, self)
        self._overlay = ViewState(lambda: self._language, self)
        self._photo_sink = photo_sink
        self._on_act = on_act
        self._notice = ""
        self._overlay_visible = False
        self._buffer = bytearray()
        self._layout: list[str] = list(DIGITS)
        self._large_text = False
        self._high_contrast = False
        self._frame_serial = 0
        self._entry_serial = 0

    @staticmethod
    def create(engine: QQmlEngine) -> ViewModel:
        """QML's ``ViewModel``: the one ``build_ui`` made for this engine."""
        return qmlmodule.engine_child(engine, ViewModel)

    # --- the View ---------------------------------------------------------------------------------------------------
    @Slot(object)
    def show(self, view: View) -> None:
        """Render ``view`` (call on the GUI thread). A new entry starts empty with a freshly shuffled keypad."""
        if view == self.current:
            return  # the same View again (a flow publishes it and also returns it): keep what is being typed
        if view.screen in OVERLAY_SCREENS:
            self._overlay.set_view(view)
            if not self._overlay_visible:
                self._overlay_visible = True
                self.overlayChanged.emit()
            return
        if self._overlay_visible:
            self._overlay_visible = False
            self.overlayChanged.emit()
        ended = view.screen is Screen.ATTRACT and self._page.view.screen is not Screen.ATTRACT
        self._page.set_view(view)
        if self._photo_sink is not None:
            photo = view.data.get(PHOTO_KEY)
            self._photo_sink(base64.b64decode(photo) if photo else None)
        self._start_entry()
        if ended:
            self._restore_defaults()
        self.pageChanged.emit()

    def _restore_defaults(self) -> None:
        """A session ended (finished, timed out, card pulled): the next resident finds the start language and the
        standard display, not the last resident's choices. Choices made on the start screen itself are kept: they
        are the coming resident's. The guide's voice toggle follows ``sessionEnded``."""
        self._apply_language(self._start_language)
        if self._large_text or self._high_contrast:
            self._large_text = self._high_contrast = False
            self.modesChanged.emit()
        self._set_notice("")
        self.sessionEnded.emit()

    @property
    def current(self) -> View:
        return self._overlay.view if self._overlay_visible else self._page.view

    def _get_page(self) -> ViewState:
        return self._page

    def _get_overlay(self) -> ViewState:
        return self._overlay

    def _get_overlay_visible(self) -> bool:
        return self._overlay_visible

    page = Property(QObject, _get_page, notify=pageChanged)
    overlay = Property(QObject, _get_overlay, notify=overlayChanged)
    overlayVisible = Property(bool, _get_overlay_visible, notify=overlayChanged)

    # --- actions ------------------------------------------------------------------------------------------------------
    @Slot(str)
    def act(self, action_id: str) -> None:
        """The resident pressed a button; unknown or disabled ids are ignored (a stale tap after the View changed)."""
        view = self.current
        action = view.action(action_id)
        if action is not None and action.enabled:
            self._driver.send(Act(action_id))
            if self._on_act is not None:
                # Front-end duties tied to an action (printing a receipt); the answer is a message key to show.
                self._set_notice(self._on_act(view, action_id))

    def _set_notice(self, key: str) -> None:
        if key != self._notice:
            self._notice = key
            self.noticeChanged.emit()

    @Slot()
    def clearNotice(self) -> None:
        self._set_notice("")

    def _get_notice(self) -> str:
        return self._notice

    notice = Property(str, _get_notice, notify=noticeChanged)

    @Slot()
    def touch(self) -> None:
        self._driver.send(Touch())

    # --- entry --------------------------------------------------------------------------------------------------------
    def _start_entry(self) -> None:
        self._wipe()
        entry = self._page.view.entry
        if entry is not None and entry.kind is EntryKind.DIGITS and entry.masked:
            self._layout = shuffled(DIGITS, avoid=self._layout)
        elif entry is not None and entry.kind in (EntryKind.DIGITS, EntryKind.DATE):
            self._layout = list(ORDERED_KEYPAD)  # not a secret: the familiar order is quicker and safer
        self._entry_serial += 1
        self.entryChanged.emit()

    def _wipe(self) -> None:
        for i in range(len(self._buffer)):
            self._buffer[i] = 0
        self._buffer = bytearray()

    @Slot(str)
    def press(self, key: str) -> None:
        """One key of the keypad or keyboard; characters the entry cannot take are ignored."""
        entry = self._page.view.entry
        if entry is None or len(key) != 1 or len(self._buffer) >= entry.max_length:
            return
        allowed = ALNUM if entry.kind is EntryKind.ALNUM else DIGITS if entry.kind is not EntryKind.TEXT else None
        char = key.upper() if entry.kind is EntryKind.ALNUM else key
        if (allowed is not None and char not in allowed) or not char.isascii() or not char.isprintable():
            return
        self._buffer += char.encode("ascii")
        self._driver.send(Touch())
        self.entryChanged.emit()

    @Slot()
    def backspace(self) -> None:
        if self._buffer:
            self._buffer[-1] = 0
            del self._buffer[-1]
            self.entryChanged.emit()

    @Slot()
    def clearEntry(self) -> None:
        self._wipe()
        self.entryChanged.emit()

    @Slot()
    def submitEntry(self) -> None:
        """Send the entry to the flow (a ``Pin`` when masked) and start a new, reshuffled one."""
        entry = self._page.view.entry
        if entry is None or not entry.min_length <= len(self._buffer) <= entry.max_length:
            return
        value: Pin | str = Pin(bytes(self._buffer)) if entry.masked else self._buffer.decode("ascii")
        self._start_entry()
        self._driver.send(Entered(value, entry.field))

    def _entry_length(self) -> int:
        return len(self._buffer)

    def _entry_text(self) -> str:
        entry = self._page.view.entry
        return "" if entry is None or entry.masked else self._buffer.decode("ascii")

    def _can_submit(self) -> bool:
        entry = self._page.view.entry
        return entry is not None and entry.min_length <= len(self._buffer) <= entry.max_length

    def _keypad(self) -> list[str]:
        return list(self._layout)

    def _entry_serial_get(self) -> int:
        return self._entry_serial

    entryLength = Property(int, _entry_length, notify=entryChanged)
    entryText = Property(str, _entry_text, notify=entryChanged)
    canSubmit = Property(bool, _can_submit, notify=entryChanged)
    keypadLayout = Property(list, _keypad, notify=entryChanged)
    entrySerial = Property(int, _entry_serial_get, notify=entryChanged)

    # --- language and display modes -----------------------------------------------------------------------------------
    def _get_language(self) -> str:
        return self._language

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        """The resident picked ``language``."""
        if not self._apply_language(language):
            return
        self.languageChosen.emit()
        self._driver.send(Touch())

    def _apply_language(self, language: str) -> bool:
        if language == self._language:
            return False
        if self._set_language is not None:
            self._set_language(language)
        self._language = language
        self.languageChanged.emit()
        self._page.changed.emit()  # dates in action labels follow the language
        return True

    language = Property(str, _get_language, notify=languageChanged)

    def _get_large_text(self) -> bool:
        return self._large_text

    def _get_high_contrast(self) -> bool:
        return self._high_contrast

    @Slot(bool)
    def setLargeText(self, on: bool) -> None:
        self._large_text = on
        self.modesChanged.emit()

    @Slot(bool)
    def setHighContrast(self, on: bool) -> None:
        self._high_contrast = on
        self.modesChanged.emit()

    largeText = Property(bool, _get_large_text, notify=modesChanged)
    highContrast = Property(bool, _get_high_contrast, notify=modesChanged)

    # --- camera -------------------------------------------------------------------------------------------------------
    def frame_arrived(self) -> None:
        """A new preview frame is in the image provider; QML reloads ``image://camera/<serial>``."""
        self._frame_serial += 1
        self.frameChanged.emit()

    def _get_frame_serial(self) -> int:
        return self._frame_serial

    frameSerial = Property(int, _get_frame_serial, notify=frameChanged)


def shuffled(symbols: Sequence[str], *, avoid: Sequence[str] = ()) -> list[str]:
    """A uniformly random order of ``symbols`` from the OS's CSPRNG, never equal to ``avoid`` (the last layout)."""
    rng = secrets.SystemRandom()
    layout = list(symbols)
    while True:
        rng.shuffle(layout)
        if layout != list(avoid):
            return layout


def format_date(day: date, language: str) -> str:
    """A date the way a resident reads it: 12月8日（月） in Japanese, Mon 8 Dec in English."""
    if language == "ja":
        return f"{day.month}月{day.day}日（{WEEKDAYS['ja'][day.weekday()]}）"
    return f"{WEEKDAYS['en'][day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]}"
