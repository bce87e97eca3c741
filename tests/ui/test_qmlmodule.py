"""The QML module: every window reads the Python objects of its own engine, never another's."""

from __future__ import annotations

import pytest
from PySide6.QtQml import QQmlEngine
from PySide6.QtWidgets import QApplication

from ui.app import KioskUi
from ui.qmlmodule import QmlModuleError, engine_child
from ui.render import grab, sample_ui
from ui.viewmodel import ViewModel

from .qml_tree import one


def _page_file(ui: KioskUi) -> str:
    return str(one(ui, "pageLoader").property("source").fileName())


def test_two_windows_at_once_each_show_their_own_view_model_and_technician(qapp: QApplication) -> None:
    with sample_ui("ja") as (first, _), sample_ui("en") as (second, driver):
        driver.show("pin_entry-auth")
        second.technician.requestAccess()
        grab(first)
        grab(second)
        assert _page_file(first) == "Attract.qml"
        assert _page_file(second) == "Technician.qml"
        second.technician.close()
        grab(second)
        assert _page_file(second) == "PinEntry.qml"
        assert (first.vm.property("language"), second.vm.property("language")) == ("ja", "en")


def test_an_engine_without_the_objects_is_refused_by_name(qapp: QApplication) -> None:
    engine = QQmlEngine()
    with pytest.raises(QmlModuleError, match="ViewModel"):
        engine_child(engine, ViewModel)
