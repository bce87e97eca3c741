"""The QML module the screens import (``import MynaKiosk``): the Python objects QML reads, one set per engine.

The view-model, the technician model, the guide and :class:`Display` are registered the way Qt's PySide6 examples
register Python types: ``@QmlElement`` with ``QML_IMPORT_NAME``/``QML_IMPORT_MAJOR_VERSION`` in the defining module
(the decorator reads them from there), plus ``@QmlSingleton`` because QML uses one of each and never makes them.

Why ``create(engine)``: a QML singleton is made by the engine, with no arguments, the first time QML reads it. Ours
need constructor arguments (the driver, the bench, the audio), so each class has the documented static ``create``
hook, and it makes nothing: :func:`ui.app.build_ui` builds the objects as children of the engine before it loads
``Main.qml``, and ``create`` hands QML the child of that engine (:func:`engine_child`). So every engine has its own
instances (tests build several, one after another) and none outlives its engine. The objects get C++ ownership
(``QJSEngine.setObjectOwnership``, as Qt's singleton guide says for an object handed over by ``create``): the
engine's object tree owns them, never the JavaScript garbage collector, while Python still holds them.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Property, QObject
from PySide6.QtQml import QJSEngine, QmlElement, QmlSingleton, QQmlEngine

NAME = "MynaKiosk"
MAJOR_VERSION = 1
QML_IMPORT_NAME = NAME
QML_IMPORT_MAJOR_VERSION = MAJOR_VERSION

T = TypeVar("T", bound=QObject)


class QmlModuleError(RuntimeError):
    """QML asked for an object its engine was not given; the message names it."""


def engine_child(engine: QQmlEngine, cls: type[T]) -> T:
    """The ``cls`` that was made as a child of ``engine`` (the singleton QML gets), owned by the engine's tree."""
    found = engine.findChild(cls)
    if found is None:
        raise QmlModuleError(f"QML needs a {cls.__name__} but its engine has none: build the window with build_ui")
    QJSEngine.setObjectOwnership(found, QJSEngine.ObjectOwnership.CppOwnership)
    return found


@QmlElement
@QmlSingleton
class Display(QObject):
    """The panel QML lays out for: the font family and the pixel density (pixels per millimetre)."""

    def __init__(self, *, font_family: str, px_per_mm: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._font_family = font_family
        self._px_per_mm = px_per_mm

    @staticmethod
    def create(engine: QQmlEngine) -> Display:
        return engine_child(engine, Display)

    def _get_font_family(self) -> str:
        return self._font_family

    def _get_px_per_mm(self) -> float:
        return self._px_per_mm

    fontFamily = Property(str, _get_font_family, constant=True)
    pxPerMm = Property(float, _get_px_per_mm, constant=True)
