"""One tries-left counter that escalates in words, symbol and colour: calm, then a warning, red at the last try."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from ui.app import KioskUi
from ui.driver import SampleDriver
from ui.render import grab

from .qml_tree import one, text_of


def _counter(kiosk: tuple[KioskUi, SampleDriver], name: str, lang: str) -> tuple[str, str, QColor]:
    ui, driver = kiosk
    driver.show(name)
    ui.vm.setLanguage(lang)
    grab(ui)
    badge = one(ui, "triesLeft")
    return text_of(one(ui, "triesLeftMark")), text_of(one(ui, "triesLeftText")), badge.property("color")


@pytest.mark.parametrize(
    ("name", "lang", "mark", "words"),
    [
        ("pin_entry-auth", "ja", "●", "残り3回"),
        ("pin_entry-auth_wrong", "ja", "⚠", "あと2回まちがえるとロックされます"),
        ("pin_entry-auth_last", "ja", "⚠", "最後の1回です。まちがえるとロックされます"),
        ("pin_entry-auth", "en", "●", "Tries left: 3"),
        ("pin_entry-auth_wrong", "en", "⚠", "2 more wrong tries will lock this PIN"),
        ("pin_entry-auth_last", "en", "⚠", "Last try: a wrong PIN locks it"),
    ],
)
def test_the_counter_says_what_happens_next(
    sample_kiosk: tuple[KioskUi, SampleDriver], name: str, lang: str, mark: str, words: str
) -> None:
    shown_mark, shown_words, _ = _counter(sample_kiosk, name, lang)
    assert (shown_mark, shown_words) == (mark, words)


def test_the_counter_turns_red_at_the_last_try_only(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    colours = {
        name: _counter(sample_kiosk, name, "ja")[2]
        for name in ("pin_entry-auth", "pin_entry-auth_wrong", "pin_entry-auth_last")
    }
    red = colours["pin_entry-auth_last"]
    assert red.red() > 150 and red.green() < 80 and red.blue() < 80, red.name()
    for calmer in ("pin_entry-auth", "pin_entry-auth_wrong"):
        assert not (colours[calmer].red() > 150 and colours[calmer].green() < 80), colours[calmer].name()
    assert colours["pin_entry-auth_wrong"] != colours["pin_entry-auth"]  # amber before red


def test_there_is_one_counter_on_the_entry_screen(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    _counter(sample_kiosk, "pin_entry-auth_last", "ja")  # one(): exactly one visible triesLeft
