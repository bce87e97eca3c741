"""The Help button on every screen: the site's helpline (``[help]`` of the site configuration, by default the
national My Number toll-free line) and, only where an official is present, the advice to ask them.

An unattended kiosk never tells a resident to ask staff who are not there: ``staffed`` (the site's own flag)
decides. Opening Help changes nothing in the session; it closes by its button or when the session ends.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton, QQmlEngine

from kiosk.site_config import Helpline
from ui import qmlmodule

QML_IMPORT_NAME = qmlmodule.NAME
QML_IMPORT_MAJOR_VERSION = qmlmodule.MAJOR_VERSION


@QmlElement
@QmlSingleton
class Help(QObject):
    """QML's ``Help``: what the help panel shows, and whether it is open."""

    openChanged = Signal()

    def __init__(self, helpline: Helpline, *, staffed: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._helpline = helpline
        self._staffed = staffed
        self._open = False

    @staticmethod
    def create(engine: QQmlEngine) -> Help:
        return qmlmodule.engine_child(engine, Help)

    @Slot()
    def show(self) -> None:
        self._set_open(True)

    @Slot()
    def close(self) -> None:
        self._set_open(False)

    def _set_open(self, on: bool) -> None:
        if on != self._open:
            self._open = on
            self.openChanged.emit()

    def _get_open(self) -> bool:
        return self._open

    open = Property(bool, _get_open, notify=openChanged)
    number = Property(str, lambda self: self._helpline.number, constant=True)
    text = Property(str, lambda self: self._helpline.text, constant=True)
    national = Property(bool, lambda self: self._helpline.national, constant=True)
    staffed = Property(bool, lambda self: self._staffed, constant=True)
