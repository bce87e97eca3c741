"""The view-model alone: entries reach the flow (filtered, wiped), slot dates, overlay handling, session resets."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from kiosk.card.pin import Pin
from kiosk.flows.events import Entered, Event
from kiosk.flows.view import EntryKind, EntrySpec, Screen, View
from ui.viewmodel import ViewModel
from ui.viewstate import format_date


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def send(self, event: Event) -> None:
        self.events.append(event)


def _vm(entry: EntrySpec) -> tuple[ViewModel, Recorder]:
    driver = Recorder()
    vm = ViewModel(driver)
    vm.show(View(Screen.PIN_ENTRY, entry=entry))
    return vm, driver


@given(st.text(max_size=30))
def test_a_sign_pin_entry_takes_only_letters_and_digits_upper_cased(qapp: QApplication, typed: str) -> None:
    vm, driver = _vm(EntrySpec(EntryKind.ALNUM, 6, 16))
    for key in typed:
        vm.press(key)
    kept = [c.upper() for c in typed if c.isascii() and c.upper() in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"][:16]
    assert vm.property("entryLength") == len(kept)
    vm.submitEntry()
    entered = [e for e in driver.events if isinstance(e, Entered)]
    if len(kept) >= 6:
        assert entered and entered[0].value == Pin("".join(kept))
    else:
        assert not entered


def test_submitting_wipes_the_buffer_and_masked_text_is_never_exposed(qapp: QApplication) -> None:
    vm, driver = _vm(EntrySpec(EntryKind.DIGITS, 4, 4))
    for key in "4321":
        vm.press(key)
    assert vm.property("entryText") == ""
    buffer = vm._entry._buffer
    vm.submitEntry()
    assert set(bytes(buffer)) <= {0} and vm.property("entryLength") == 0, "the old buffer is zeroed"
    assert isinstance(driver.events[-1], Entered) and driver.events[-1].value == Pin("4321")


def test_a_visible_entry_sends_text(qapp: QApplication) -> None:
    vm, driver = _vm(EntrySpec(EntryKind.DATE, 8, 8, masked=False, field="birth_date"))
    for key in "19810314":
        vm.press(key)
    assert vm.property("entryText") == "19810314"
    vm.submitEntry()
    assert driver.events[-1] == Entered("19810314", "birth_date", serial=0)


def test_an_entry_carries_its_screen_and_the_keypad_locks_until_the_next_screen(qapp: QApplication) -> None:
    driver = Recorder()
    vm = ViewModel(driver)
    spec = EntrySpec(EntryKind.DIGITS, 4, 4)
    vm.show(View(Screen.PIN_ENTRY, entry=spec, serial=7))
    for key in "1111":
        vm.press(key)
    vm.submitEntry()
    for key in "2222":  # typed on while the flow is still at work: ignored, not queued
        vm.press(key)
    vm.submitEntry()
    entered = [e for e in driver.events if isinstance(e, Entered)]
    assert [(e.value, e.serial) for e in entered] == [(Pin("1111"), 7)], "one entry per screen"
    assert vm.property("entryLocked") and not vm.property("canSubmit") and vm.property("entryLength") == 0
    vm.show(View(Screen.PIN_ENTRY, entry=spec, serial=7))  # the same screen again: still locked
    assert vm.property("entryLocked")
    vm.show(View(Screen.PIN_ENTRY, entry=spec, error="wrong_pin", serial=8))
    assert not vm.property("entryLocked")
    for key in "3333":
        vm.press(key)
    vm.submitEntry()
    assert [e.serial for e in driver.events if isinstance(e, Entered)] == [7, 8]


def test_the_idle_question_keeps_the_page_and_what_is_typed(qapp: QApplication) -> None:
    vm, _ = _vm(EntrySpec(EntryKind.DIGITS, 4, 4))
    vm.press("1")
    page = vm.property("page").property("screen")
    vm.show(View(Screen.IDLE_WARNING, countdown=20))
    assert vm.property("overlayVisible") and vm.property("page").property("screen") == page
    assert vm.property("entryLength") == 1


def test_pickup_dates_read_naturally_in_both_languages() -> None:
    day = dt.date(2026, 1, 13)
    assert format_date(day, "ja") == "1月13日（火）"
    assert format_date(day, "en") == "Tue 13 Jan"


def test_the_end_of_a_session_restores_the_start_language_and_display(qapp: QApplication) -> None:
    driver, switched = Recorder(), []
    vm = ViewModel(driver, language="ja", set_language=switched.append)
    ended: list[bool] = []
    vm.sessionEnded.connect(lambda: ended.append(True))
    # Chosen on the start screen: the coming resident's choices, kept through the session.
    vm.setLanguage("en")
    vm.setLargeText(True)
    vm.setHighContrast(True)
    vm.show(View(Screen.CHOOSE_SERVICE))
    vm.show(View(Screen.PIN_ENTRY, entry=EntrySpec(EntryKind.DIGITS, 4, 4)))
    assert (vm.property("language"), vm.property("largeText"), vm.property("highContrast")) == ("en", True, True)
    assert ended == []
    sent = len(driver.events)
    vm.show(View(Screen.IDLE_WARNING, countdown=5))
    vm.show(View(Screen.ATTRACT, title="attract.title"))  # timed out under the idle question
    assert (vm.property("language"), vm.property("largeText"), vm.property("highContrast")) == ("ja", False, False)
    assert switched == ["en", "ja"] and ended == [True]
    assert driver.events[sent:] == [], "a reset is not a touch: the flow hears nothing"
    vm.setLargeText(True)
    vm.show(View(Screen.ATTRACT))  # the start screen again, with no session between: nothing is undone
    assert vm.property("largeText") is True and ended == [True]
