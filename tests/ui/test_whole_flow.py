"""Whole sessions through the real QML and the real flows, with a virtual card (and the replay camera).

The resident taps buttons and keys on the rendered screens; the technician's "insert card" puts the virtual card
in the reader; the flows run on their worker thread against an embedded backend on loopback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.era_dates import Calendar, as_printed, era_of
from mynakiosk.demo.sim_kiosk import SimKiosk, resident_camera, start_sim_kiosk
from sim.overview import issued_to_expire_by
from sim.personalise import DEFAULT_AUTH_PIN
from sim.personas import get_persona
from ui.app import KioskUi, build_ui
from ui.camera import ReplayCamera
from ui.render import grab
from ui.session import attach_camera

from .qml_tree import centre, named, one, text_of, visible_items


@pytest.fixture
def sim_ui(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[KioskUi, SimKiosk]]:
    sim = start_sim_kiosk(tmp_path, "tanaka")
    ui = build_ui(sim.driver, bench=sim.bench)
    try:
        yield ui, sim
    finally:
        ui.close()
        sim.stop()


def _wait_for(qtbot: QtBot, ui: KioskUi, screen: str, field: str = "") -> None:
    page = ui.vm.property("page")

    def there() -> bool:
        return page.property("screen") == screen and (not field or page.property("entryField") == field)

    qtbot.waitUntil(there, timeout=30_000)
    grab(ui)


def _choose_calendar(qtbot: QtBot, ui: KioskUi, born: dt.date, calendar: Calendar | None = None) -> str:
    """On the calendar screen, tap how the card prints ``born`` (its era unless ``calendar``); returns the digits to
    type for it (YYMMDD in an era, YYYYMMDD western)."""
    page = ui.vm.property("page")
    qtbot.waitUntil(lambda: page.property("body") == "card_front.calendar.body", timeout=30_000)
    printed = as_printed(born, calendar) if calendar else era_of(born)
    _tap(ui, one(ui, f"action_era:{printed.calendar.value}"))
    _wait_for(qtbot, ui, "card_front_entry", "birth_date")
    width = 4 if printed.calendar is Calendar.WESTERN else 2
    return f"{printed.year:0{width}d}{printed.month:02d}{printed.day:02d}"


def _wait_for_confirmation(qtbot: QtBot, ui: KioskUi) -> None:
    """The card-front numbers to confirm: they replace the last entry only once the worker has handled it."""
    page = ui.vm.property("page")
    qtbot.waitUntil(lambda: page.property("body") == "card_front.confirm", timeout=30_000)
    grab(ui)


def _tap(ui: KioskUi, item: QQuickItem) -> None:
    QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre(item).toPoint())
    grab(ui)


def _type(ui: KioskUi, text: str) -> None:
    for key in text:
        _tap(ui, one(ui, f"key_{key}"))
    _tap(ui, one(ui, "key_ok"))


@pytest.mark.slow
def test_locked_out_resident_is_told_what_to_do_through_the_real_screens(
    qtbot: QtBot, sim_ui: tuple[KioskUi, SimKiosk]
) -> None:
    ui, sim = sim_ui
    holder = sim.image.holder
    _wait_for(qtbot, ui, "attract")
    _tap(ui, one(ui, "action_start"))
    _wait_for(qtbot, ui, "choose_service")
    _tap(ui, one(ui, "action_locked_out"))
    _wait_for(qtbot, ui, "consent")
    _tap(ui, one(ui, "action_agree"))
    _wait_for(qtbot, ui, "place_card")
    ui.technician.insertCard()  # what the technician's button does: card in the reader, CardInserted to the flow
    _type(ui, _choose_calendar(qtbot, ui, holder.birth_date))
    _wait_for(qtbot, ui, "card_front_entry", "expiry_year")
    _type(ui, f"{holder.card_expiry:%Y}")
    _wait_for(qtbot, ui, "card_front_entry", "security_code")
    _type(ui, holder.security_code)  # on the shuffled keypad: keys are found by their digit, wherever they are
    _wait_for_confirmation(qtbot, ui)
    assert text_of(one(ui, "value_field.expiry_year")) == f"{holder.card_expiry:%Y}"
    _tap(ui, one(ui, "action_ok"))
    _wait_for(qtbot, ui, "info")
    assert text_of(one(ui, "title")) == "この端末でできること"
    assert sim.bench.recorder.entries, "the technician's trace saw the APDUs"
    assert not any(
        "secret" not in e.command and e.ins == "VERIFY" and "[" in e.command for e in sim.bench.recorder.entries
    ), "PIN bytes never reach the trace"
    _tap(ui, one(ui, "action_finish"))
    _wait_for(qtbot, ui, "card_return")  # the card is still in the reader: "please take your card"
    ui.technician.removeCard()
    _wait_for(qtbot, ui, "attract")
    assert named(ui, "languageSwitch")


@pytest.fixture
def face_ui(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[KioskUi, SimKiosk, ReplayCamera]]:
    yield from _face_ui(tmp_path, issued=None)


@pytest.fixture
def renewal_face_ui(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[KioskUi, SimKiosk, ReplayCamera]]:
    """The same, with a card the kiosk may renew today (it expired on its holder's last birthday but one)."""
    yield from _face_ui(tmp_path, issued=issued_to_expire_by(get_persona("tanaka"), dt.date.today(), 80))


def _face_ui(tmp_path: Path, *, issued: dt.date | None) -> Iterator[tuple[KioskUi, SimKiosk, ReplayCamera]]:
    sim = start_sim_kiosk(tmp_path, "tanaka", issued=issued)
    ui = build_ui(sim.driver, bench=sim.bench)
    camera = resident_camera(sim, ui)
    attach_camera(ui, camera, sim.driver.send)
    camera.start()
    try:
        yield ui, sim, camera
    finally:
        camera.stop()
        ui.close()
        sim.stop()


@pytest.mark.slow
def test_signature_pin_reset_with_the_live_camera_through_the_real_screens(
    qtbot: QtBot, face_ui: tuple[KioskUi, SimKiosk, ReplayCamera]
) -> None:
    ui, sim, _ = face_ui
    holder = sim.image.holder
    _wait_for(qtbot, ui, "attract")
    _tap(ui, one(ui, "action_start"))
    _wait_for(qtbot, ui, "choose_service")
    _tap(ui, one(ui, "action_sign_pin_reset"))
    _wait_for(qtbot, ui, "consent")
    _tap(ui, one(ui, "action_agree"))
    _wait_for(qtbot, ui, "place_card")
    ui.technician.insertCard()
    _wait_for(qtbot, ui, "pin_entry")
    _type(ui, DEFAULT_AUTH_PIN)
    _type(ui, _choose_calendar(qtbot, ui, holder.birth_date, Calendar.WESTERN))  # as a foreign resident's card
    _wait_for(qtbot, ui, "card_front_entry", "expiry_year")
    _type(ui, f"{holder.card_expiry:%Y}")
    _wait_for(qtbot, ui, "card_front_entry", "security_code")
    _type(ui, holder.security_code)
    _wait_for_confirmation(qtbot, ui)
    _tap(ui, one(ui, "action_ok"))
    _wait_for(qtbot, ui, "face_capture")
    shown_before = ui.frames.served.get("live", 0)
    assert one(ui, "cameraView").isVisible()
    _wait_for(qtbot, ui, "new_pin")
    assert ui.frames.served.get("live", 0) > shown_before, "the preview kept moving while the face was checked"
    _type(ui, "NEWPIN2468")
    qtbot.waitUntil(lambda: ui.vm.property("page").property("title") == "pin.new.confirm.title", timeout=10_000)
    grab(ui)
    _type(ui, "NEWPIN2468")
    _wait_for(qtbot, ui, "result")
    assert text_of(one(ui, "title")) == "暗証番号を再設定しました"
    assert text_of(one(ui, "referenceNumber")), "the reference in its own box"
    ui.technician.removeCard()  # taken on the result: the result stays, no "card removed" error over it
    qtbot.wait(600)
    grab(ui)
    assert ui.vm.property("page").property("screen") == "result"
    _tap(ui, one(ui, "action_finish"))
    _wait_for(qtbot, ui, "attract")


@pytest.mark.slow
def test_pulling_the_card_out_ends_the_session_on_screen(qtbot: QtBot, sim_ui: tuple[KioskUi, SimKiosk]) -> None:
    ui, sim = sim_ui
    _wait_for(qtbot, ui, "attract")
    _tap(ui, one(ui, "action_start"))
    _wait_for(qtbot, ui, "choose_service")
    _tap(ui, one(ui, "action_locked_out"))
    _wait_for(qtbot, ui, "consent")
    _tap(ui, one(ui, "action_agree"))
    _wait_for(qtbot, ui, "place_card")
    ui.technician.insertCard()
    _choose_calendar(qtbot, ui, sim.image.holder.birth_date)
    for key in "5603":
        _tap(ui, one(ui, f"key_{key}"))
    ui.technician.removeCard()  # the card watcher reports it, as it would for a real reader
    _wait_for(qtbot, ui, "error")
    assert text_of(one(ui, "title")) == "カードが取り出されました"
    assert ui.vm.property("entryLength") == 0, "what was being typed is gone with the screen"


def _front_numbers(qtbot: QtBot, ui: KioskUi, holder: Any) -> None:
    _type(ui, _choose_calendar(qtbot, ui, holder.birth_date))
    _wait_for(qtbot, ui, "card_front_entry", "expiry_year")
    _type(ui, f"{holder.card_expiry:%Y}")
    _wait_for(qtbot, ui, "card_front_entry", "security_code")
    _type(ui, holder.security_code)
    _wait_for_confirmation(qtbot, ui)
    _tap(ui, one(ui, "action_ok"))


@pytest.mark.slow
def test_renewal_application_with_photo_review_and_pickup_slot(
    qtbot: QtBot, renewal_face_ui: tuple[KioskUi, SimKiosk, ReplayCamera]
) -> None:
    ui, sim, _ = renewal_face_ui
    _wait_for(qtbot, ui, "attract")
    _tap(ui, one(ui, "action_start"))
    _wait_for(qtbot, ui, "choose_service")
    _tap(ui, one(ui, "action_renewal"))
    _wait_for(qtbot, ui, "consent")
    _tap(ui, one(ui, "action_agree"))
    _wait_for(qtbot, ui, "place_card")
    ui.technician.insertCard()  # renewal asks for no PIN: the numbers printed on the card open what it needs
    _front_numbers(qtbot, ui, sim.image.holder)
    _wait_for(qtbot, ui, "photo_review")
    photo = ui.frames.requestImage("photo/x", QSize(), QSize())
    assert photo.width() > 64 and photo.height() > 64, "the photo the flow took is on screen"
    _tap(ui, one(ui, "action_accept"))
    _wait_for(qtbot, ui, "confirm_data")
    assert text_of(one(ui, "value_field.name")) == sim.image.holder.name
    _tap(ui, one(ui, "action_ok"))
    _wait_for(qtbot, ui, "delivery_choice")
    slots = [b for b in named_prefix(ui, "action_slot:")]
    assert slots and "月" in str(slots[0].property("label")), "a pick-up slot labelled with a Japanese date"
    _tap(ui, slots[0])
    _wait_for(qtbot, ui, "confirm_submit")  # nothing is sent before the summary
    assert text_of(one(ui, "value_field.name")) == sim.image.holder.name
    _tap(ui, one(ui, "action_submit"))
    _wait_for(qtbot, ui, "result")
    assert text_of(one(ui, "referenceNumber")).startswith("A"), "the application number in its own box"
    _tap(ui, one(ui, "action_finish"))
    _wait_for(qtbot, ui, "card_return")
    ui.technician.removeCard()
    _wait_for(qtbot, ui, "attract")
    assert ui.frames.requestImage("photo/y", QSize(), QSize()).width() == 64, "the photo is gone from the screen"


def named_prefix(ui: KioskUi, prefix: str) -> list[QQuickItem]:
    return [i for i in visible_items(ui) if i.objectName().startswith(prefix)]


@pytest.fixture
def staffed_ui(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[KioskUi, SimKiosk]]:
    sim = start_sim_kiosk(tmp_path, "tanaka", staffed=True)
    ui = build_ui(sim.driver, bench=sim.bench)
    try:
        yield ui, sim
    finally:
        ui.close()
        sim.stop()


def _type_text(ui: KioskUi, text: str) -> None:
    """Type on the keyboard as a person would: switching to small letters and back as needed."""
    for char in text:
        lower = char.islower()
        if lower != bool(named(ui, "key_a")):
            _tap(ui, one(ui, "key_shift"))
        _tap(ui, one(ui, f"key_{char}"))
    _tap(ui, one(ui, "key_ok"))


@pytest.mark.slow
def test_staff_login_desk_and_report_through_the_real_screens(
    qtbot: QtBot, staffed_ui: tuple[KioskUi, SimKiosk]
) -> None:
    from backend.embedded import DEMO_OFFICIAL, DEMO_OFFICIAL_PASSWORD

    ui, _ = staffed_ui
    _wait_for(qtbot, ui, "attract")
    _tap(ui, one(ui, "action_start"))
    _wait_for(qtbot, ui, "staff_login", "username")
    _type_text(ui, DEMO_OFFICIAL)
    _wait_for(qtbot, ui, "staff_login", "password")
    _type_text(ui, DEMO_OFFICIAL_PASSWORD)
    _wait_for(qtbot, ui, "staff_home")
    assert text_of(one(ui, "title")) == "出張受付"
    _tap(ui, one(ui, "action_report"))
    _wait_for(qtbot, ui, "staff_report")
    assert text_of(one(ui, "title")) == "本日の集計"
    _tap(ui, one(ui, "action_ok"))
    _wait_for(qtbot, ui, "staff_home")
    _tap(ui, one(ui, "action_logout"))
    _wait_for(qtbot, ui, "attract")
