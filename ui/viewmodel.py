"""The view-model: the current flow View as Qt properties, and slots that turn touches into flow events.

No business rule lives here. The view-model shows what the flow's View says (:class:`ui.viewstate.ViewState`) and
sends back what the resident did; the only state it keeps is presentational: the entry being typed and its keypad
(:class:`ui.entry.Entry`: a PIN stays in its wipeable buffer, QML only learns how many characters there are), the
language and the accessibility modes.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton, QQmlEngine

from kiosk.flows.events import Act, Entered, Event, Touch
from kiosk.flows.view import Screen, View
from ui import qmlmodule
from ui.entry import Entry
from ui.viewstate import PHOTO_KEY, ViewState, format_date

QML_IMPORT_NAME = qmlmodule.NAME  # @QmlElement registers ViewModel in the screens' QML module (see ui.qmlmodule)
QML_IMPORT_MAJOR_VERSION = qmlmodule.MAJOR_VERSION

# Screens drawn over the page below them instead of replacing it.
OVERLAY_SCREENS = frozenset({Screen.IDLE_WARNING})


class Driver(Protocol):
    """Where events go. ``send`` must return at once (a driver does blocking work on its own thread)."""

    def send(self, event: Event) -> None: ...


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
        shuffle_keypad: bool = False,
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
        self._entry = Entry(shuffle=shuffle_keypad)  # a site's choice: shuffled PIN keypads (default 1-9/0)
        self._entry_locked = False  # from a submit until the flow shows its next screen
        self._large_text = False
        self._high_contrast = False
        self._frame_serial = 0
        self._picture = False  # the live camera has sent a picture (until it stops): else "camera is starting"

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
        self._entry.start(self._page.view.entry)
        self._entry_locked = False
        self.entryChanged.emit()

    @Slot(str)
    def press(self, key: str) -> None:
        """One key of the keypad or keyboard; characters the entry cannot take are ignored, and so is every key
        from a submit until the next screen (an entry answers one screen)."""
        if not self._entry_locked and self._entry.press(key):
            self._driver.send(Touch())
            self.entryChanged.emit()

    @Slot()
    def backspace(self) -> None:
        if not self._entry_locked and self._entry.backspace():
            self.entryChanged.emit()

    @Slot()
    def clearEntry(self) -> None:
        self._entry.clear()
        self.entryChanged.emit()

    @Slot()
    def submitEntry(self) -> None:
        """Send the entry to the flow (a ``Pin`` when masked), tagged with the serial of the screen it answers, and
        lock the keypad until the flow shows its next screen: one entry per screen, never a queue of them."""
        if self._entry_locked:
            return
        view = self._page.view
        spec = view.entry
        value = self._entry.submit()
        if spec is None or value is None:
            return
        self._entry_locked = True
        self.entryChanged.emit()
        self._driver.send(Entered(value, spec.field, serial=view.serial))

    def _entry_length(self) -> int:
        return self._entry.length

    def _entry_text(self) -> str:
        return self._entry.text

    def _can_submit(self) -> bool:
        return not self._entry_locked and self._entry.can_submit

    def _get_entry_locked(self) -> bool:
        return self._entry_locked

    def _keypad(self) -> list[str]:
        return self._entry.layout

    entryLength = Property(int, _entry_length, notify=entryChanged)
    entryText = Property(str, _entry_text, notify=entryChanged)
    canSubmit = Property(bool, _can_submit, notify=entryChanged)
    keypadLayout = Property(list, _keypad, notify=entryChanged)
    entryLocked = Property(bool, _get_entry_locked, notify=entryChanged)
    shuffleKeypad = Property(bool, lambda self: self._entry.shuffle, constant=True)

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

    @Slot(str, result=str)
    def pickupText(self, iso: str) -> str:
        """A pick-up time (ISO date-time) as the resident reads it in the current language; "" when not a time."""
        try:
            when = datetime.fromisoformat(iso)
        except ValueError:
            return ""
        return f"{format_date(when.date(), self._language)} {when:%H:%M}"

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
    def frame_arrived(self, live: bool = True) -> None:
        """A new preview frame (``live``; else the photo under review) is in the image provider; QML reloads
        ``image://camera/<serial>``."""
        self._frame_serial += 1
        self._picture = self._picture or live
        self.frameChanged.emit()

    def frame_stopped(self) -> None:
        """The live camera's picture is gone: the preview says the camera is starting until the next frame."""
        self._frame_serial += 1
        self._picture = False
        self.frameChanged.emit()

    def _get_frame_serial(self) -> int:
        return self._frame_serial

    def _get_camera_picture(self) -> bool:
        return self._picture

    frameSerial = Property(int, _get_frame_serial, notify=frameChanged)
    cameraPicture = Property(bool, _get_camera_picture, notify=frameChanged)
