"""Touches on the real QML reach the driver as flow events; the keypad reshuffles; PINs never reach QML text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.card.pin import Pin
from kiosk.flows.events import Act, Entered
from ui.app import KioskUi, build_ui
from ui.driver import SampleDriver
from ui.i18n import plain
from ui.render import grab, sample_ui

from .qml_tree import centre, named, one, text_of, visible_items


def _show(kiosk: tuple[KioskUi, SampleDriver], name: str, lang: str = "ja") -> KioskUi:
    ui, driver = kiosk
    driver.show(name)  # first: the start screen restores the start language and modes
    ui.vm.setLanguage(lang)
    grab(ui)
    driver.events.clear()
    return ui


def _tap(ui: KioskUi, item: QQuickItem) -> None:
    point: QPointF = centre(item)
    QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point.toPoint())
    grab(ui)


def _keypad_order(ui: KioskUi) -> list[str]:
    keys = [i for i in visible_items(ui) if i.objectName().removeprefix("key_").isdigit()]
    keys.sort(key=lambda k: (round(centre(k).y()), centre(k).x()))
    return [k.objectName().removeprefix("key_") for k in keys]


def test_typed_pin_goes_to_the_flow_as_a_pin_and_never_as_text(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "pin_entry-auth")
    for digit in "2580":
        _tap(ui, one(ui, f"key_{digit}"))
    assert ui.vm.property("entryLength") == 4
    assert ui.vm.property("entryText") == ""
    shown = [text_of(i) for i in visible_items(ui) if i.inherits("QQuickText")]
    assert not any("2580" in t for t in shown)
    _tap(ui, one(ui, "key_ok"))
    entered = [e for e in sample_kiosk[1].events if isinstance(e, Entered)]
    assert len(entered) == 1 and entered[0].field == "pin"
    assert isinstance(entered[0].value, Pin) and entered[0].value == Pin("2580")
    assert ui.vm.property("entryLength") == 0, "the entry starts again empty"


def _two_entries(ui: KioskUi, driver: SampleDriver) -> tuple[list[str], list[str]]:
    ui = _show((ui, driver), "pin_entry-auth")
    first = _keypad_order(ui)
    for digit in "1111":
        _tap(ui, one(ui, f"key_{digit}"))
    _tap(ui, one(ui, "key_ok"))
    return first, _keypad_order(ui)


def test_the_pin_keypad_keeps_the_familiar_order_by_default(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    assert sample_kiosk[0].vm.property("shuffleKeypad") is False
    first, second = _two_entries(*sample_kiosk)
    assert first == second == list("1234567890")


def test_the_keypad_layout_differs_between_two_entries_where_the_site_shuffles(qapp: QApplication) -> None:
    with sample_ui("ja", shuffle_keypad=True) as (ui, driver):
        assert ui.vm.property("shuffleKeypad") is True
        first, second = _two_entries(ui, driver)
    assert sorted(first) == sorted(second) == list("0123456789")
    assert first != second


def test_ok_is_disabled_until_the_entry_is_long_enough(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "pin_entry-sign")
    for key in "AB12":
        _tap(ui, one(ui, f"key_{key}"))
    _tap(ui, one(ui, "key_ok"))
    assert not [e for e in sample_kiosk[1].events if isinstance(e, Entered)]
    for key in "CD":
        _tap(ui, one(ui, f"key_{key}"))
    _tap(ui, one(ui, "key_ok"))
    entered = [e for e in sample_kiosk[1].events if isinstance(e, Entered)]
    assert len(entered) == 1 and entered[0].value == Pin("AB12CD")


def test_tries_left_are_visible_while_a_pin_is_typed(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "pin_entry-auth_wrong", "en")
    tries = one(ui, "triesLeft")
    texts = [text_of(i) for i in visible_items(ui) if i.inherits("QQuickText")]
    assert tries.isVisible() and "2 more wrong tries will lock this PIN" in texts  # the counter warns from 2
    assert "The PIN was wrong" in texts, "the flow's error is shown on the entry screen"


def test_a_button_sends_its_action_id(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "choose_service-default")
    _tap(ui, one(ui, "action_renewal"))
    assert sample_kiosk[1].events == [Act("renewal")]


def test_a_disabled_button_sends_nothing(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "staff_home-synced")  # nothing to send: "send now" is offered, disabled
    _tap(ui, one(ui, "action_sync"))
    assert [e for e in sample_kiosk[1].events if isinstance(e, Act)] == []


def test_the_language_switch_translates_the_screen_in_place(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "attract-default", "ja")
    assert text_of(one(ui, "title")) == "マイナンバーカード 手続き端末"
    _tap(ui, one(ui, "lang_en"))
    assert ui.vm.property("language") == "en"
    assert text_of(one(ui, "title")) == "My Number Card kiosk"
    assert one(ui, "action_start").property("label") == "▶ Start".removeprefix("▶ ")
    _tap(ui, one(ui, "lang_ja"))
    assert text_of(one(ui, "title")) == "マイナンバーカード 手続き端末"


def test_pickup_slots_show_a_local_date(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "delivery_choice-counter", "ja")
    labels = [str(b.property("label")) for b in visible_items(ui) if b.objectName().startswith("action_slot:")]
    assert labels[0] == "1月13日（火） 10:00"
    ui = _show(sample_kiosk, "delivery_choice-counter", "en")
    labels = [str(b.property("label")) for b in visible_items(ui) if b.objectName().startswith("action_slot:")]
    assert labels[0] == "Tue 13 Jan 10:00"
    _tap(ui, named(ui, "action_slot:2026-01-13T10:00:00+09:00")[0])
    assert sample_kiosk[1].events == [Act("slot:2026-01-13T10:00:00+09:00")]


def test_idle_question_covers_the_page_but_not_the_language_switch(
    sample_kiosk: tuple[KioskUi, SampleDriver],
) -> None:
    ui = _show(sample_kiosk, "pin_entry-auth")
    sample_kiosk[1].show("idle_warning-countdown")
    grab(ui)
    assert one(ui, "idleDialog").isVisible()
    assert text_of(one(ui, "idleCountdown")) == "27"
    _tap(ui, one(ui, "lang_en"))
    assert ui.vm.property("language") == "en"
    _tap(ui, one(ui, "action_still_here"))
    assert Act("still_here") in sample_kiosk[1].events
    ui.vm.setLanguage("ja")


def test_the_photo_under_review_is_shown_and_dropped_after(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui = _show(sample_kiosk, "photo_review-default")
    image = ui.frames.requestImage("photo/1", ui.window.size(), ui.window.size().__class__())
    assert (image.width(), image.height()) == (420, 540), "the card-geometry crop, whole"
    _show(sample_kiosk, "confirm_data-default")
    blank = ui.frames.requestImage("photo/2", ui.window.size(), ui.window.size().__class__())
    assert blank.width() == 64, "the photo is forgotten when the screen moves on"


def test_the_photo_review_shows_each_rule_and_refuses_a_photo_that_fails_one(
    sample_kiosk: tuple[KioskUi, SampleDriver],
) -> None:
    ui = _show(sample_kiosk, "photo_review-rule_failed")
    assert one(ui, "rule_background_failed").isVisible() and one(ui, "rule_eyes_met").isVisible()
    accept = one(ui, "action_accept")
    assert not accept.isEnabled(), "「この写真を使う」 cannot be pressed while a rule fails"
    _tap(ui, accept)
    assert Act("accept") not in sample_kiosk[1].events
    ui = _show(sample_kiosk, "photo_review-default")
    assert one(ui, "action_accept").isEnabled()
    photo = one(ui, "reviewedPhoto")
    assert abs(photo.width() / photo.height() - 7 / 9) < 0.01, "shown in the card photo's proportions"


def test_the_card_front_diagram_marks_the_number_asked_for(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    asked = [("calendar", "birth_date"), ("expiry_year", "expiry_year"), ("security_code", "security_code")]
    for state, field in asked:
        ui = _show(sample_kiosk, f"card_front_entry-{state}")
        assert one(ui, "cardFrontDiagram").isVisible()
        assert one(ui, f"cardRegion_{field}").property("marked") is True
        others = {"birth_date", "expiry_year", "security_code"} - {field}
        assert not any(one(ui, f"cardRegion_{other}").property("marked") for other in others)


def test_the_era_birth_date_is_shown_as_the_card_prints_it_while_typed(
    sample_kiosk: tuple[KioskUi, SampleDriver],
) -> None:
    ui = _show(sample_kiosk, "card_front_entry-birth_date")
    for key in "5603":
        ui.vm.press(key)
    assert plain(text_of(one(ui, "entryText"))) == "昭和56年03月○○日"
    ui = _show(sample_kiosk, "card_front_entry-calendar")
    _tap(ui, one(ui, "action_era:heisei"))
    assert Act("era:heisei") in sample_kiosk[1].events


def test_print_a_receipt_writes_a_pdf_without_personal_data(qapp: QApplication, tmp_path: Path) -> None:
    driver = SampleDriver()
    ui = build_ui(driver, receipt_dir=tmp_path)
    try:
        driver.show("result-renewal_done")
        grab(ui)
        _tap(ui, one(ui, "action_receipt"))
        assert Act("receipt") in driver.events
        pdfs = list(tmp_path.glob("receipt-*.pdf"))
        assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
        assert one(ui, "notice").isVisible()
    finally:
        ui.close()


def test_without_a_printer_the_resident_is_told_to_note_the_number(
    sample_kiosk: tuple[KioskUi, SampleDriver],
) -> None:
    ui = _show(sample_kiosk, "result-renewal_done", "en")
    _tap(ui, one(ui, "action_receipt"))
    texts = [text_of(i) for i in visible_items(ui) if i.inherits("QQuickText")]
    assert any("Please note the number on the screen" in t for t in texts)
    ui.vm.clearNotice()


def test_the_next_resident_starts_in_japanese_with_the_standard_display(
    sample_kiosk: tuple[KioskUi, SampleDriver], tmp_path: Path
) -> None:
    ui = _show(sample_kiosk, "choose_service-default")
    for toggle in ("lang_en", "toggle_large_text", "toggle_high_contrast", "toggle_voice"):
        _tap(ui, one(ui, toggle))
    assert text_of(one(ui, "title")) == "What would you like to do?"
    assert (ui.vm.property("largeText"), ui.vm.property("highContrast"), ui.guide.property("voice")) == (
        True,
        True,
        False,
    )
    sample_kiosk[1].show("result-reset_done")
    sample_kiosk[1].show("attract-default")  # the session is over
    shot = grab(ui)
    assert text_of(one(ui, "title")) == "マイナンバーカード 手続き端末"
    labels = [
        plain(str(one(ui, t).property("label"))) for t in ("toggle_large_text", "toggle_high_contrast", "toggle_voice")
    ]
    assert labels == ["□ 文字を大きく", "□ 黒地で見やすく", "✓ 音声案内"]
    assert shot.save(str(tmp_path / "attract-after-session.png"))
