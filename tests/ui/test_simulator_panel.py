"""Simulator mode's panel: a window of its own beside the kiosk screen, driving the virtual card and showing the
trace, while the kiosk window holds only what a resident sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mynakiosk.demo.bench import SimCardDesk
from mynakiosk.demo.sim_kiosk import SimKiosk, start_sim_kiosk
from sim.overview import issued_to_expire_by
from sim.personas import get_persona
from ui.app import KioskUi, build_ui
from ui.render import grab
from ui.simulator_panel import open_simulator_panel

from .qml_tree import named


@pytest.fixture
def sim_ui(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[KioskUi, SimKiosk]]:
    sim = start_sim_kiosk(tmp_path, "tanaka")
    ui = build_ui(sim.driver, bench=sim.bench)
    try:
        yield ui, sim
    finally:
        ui.close()
        sim.stop()


def _in_panel(panel: QQuickWindow, name: str) -> QQuickItem:
    def walk(item: QQuickItem) -> Iterator[QQuickItem]:
        yield item
        for child in item.childItems():
            yield from walk(child)

    found = [i for i in walk(panel.contentItem()) if i.objectName() == name and i.isVisible()]
    assert len(found) == 1, f"expected one visible {name!r} in the panel, found {len(found)}"
    return found[0]


def _click(panel: QQuickWindow, item: QQuickItem) -> None:
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    QTest.mouseClick(panel, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)


def test_the_panel_drives_the_virtual_card_and_the_kiosk_screen_stays_the_residents(
    qtbot: QtBot, sim_ui: tuple[KioskUi, SimKiosk]
) -> None:
    ui, sim = sim_ui
    panel = open_simulator_panel(ui)
    qtbot.waitExposed(panel)
    assert panel.x() >= ui.window.x() + ui.window.width(), "beside the kiosk screen, not over it"
    grab(ui)
    assert not named(ui, "sim_insert") and not named(ui, "simulatorPanel"), "nothing of the panel on the kiosk"
    desk = sim.bench.cards
    assert isinstance(desk, SimCardDesk)

    _click(panel, _in_panel(panel, "sim_insert"))
    qtbot.waitUntil(desk.card_present, timeout=5_000)
    _click(panel, _in_panel(panel, "sim_remove"))
    qtbot.waitUntil(lambda: not desk.card_present(), timeout=5_000)

    # A card old enough to renew: the technician writes its issue date and makes it.
    issued = issued_to_expire_by(get_persona("tanaka"), dt.date.today(), 30)
    _in_panel(panel, "sim_issued").setProperty("text", issued.isoformat())
    _click(panel, _in_panel(panel, "sim_persona_tanaka"))
    qtbot.waitUntil(lambda: ui.technician.property("issued") == issued.isoformat(), timeout=5_000)
    assert desk.image is not None and desk.image.holder.card_expiry <= dt.date.today() + dt.timedelta(days=30)
    assert not desk.card_present(), "a new card waits on the desk until it is inserted"

    page = ui.vm.property("page")
    ui.vm.act("start")
    qtbot.waitUntil(lambda: page.property("screen") == "choose_service", timeout=30_000)
    ui.vm.act("locked_out")
    qtbot.waitUntil(lambda: page.property("screen") == "consent", timeout=30_000)  # step 1: nothing read before it
    ui.vm.act("agree")
    qtbot.waitUntil(lambda: page.property("screen") == "place_card", timeout=30_000)
    _click(panel, _in_panel(panel, "sim_insert"))
    qtbot.waitUntil(lambda: page.property("screen") == "card_front_entry", timeout=30_000)
    qtbot.waitUntil(lambda: len(_in_panel(panel, "sim_trace").property("model")) > 0, timeout=5_000)


def test_an_issue_date_that_is_not_a_date_is_refused_with_a_message(
    qtbot: QtBot, sim_ui: tuple[KioskUi, SimKiosk]
) -> None:
    ui, _ = sim_ui
    panel = open_simulator_panel(ui)
    ui.technician.makeCard("tanaka", "2016-13-40")
    assert "YYYY-MM-DD" in ui.technician.property("message")
    ui.technician.makeCard("tanaka", (dt.date.today() + dt.timedelta(days=1)).isoformat())
    assert "future" in ui.technician.property("message")
    assert _in_panel(panel, "simMessage").isVisible()
