"""The entry being typed: keys filtered by kind, PIN bytes wiped when let go and never shown, keypads shuffled."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.card.pin import Pin
from kiosk.flows.view import EntryKind, EntrySpec
from ui.entry import DIGITS, ORDERED_KEYPAD, Entry, shuffled

PIN4 = EntrySpec(EntryKind.DIGITS, 4, 4)


def _typed(spec: EntrySpec, keys: str) -> Entry:
    entry = Entry()
    entry.start(spec)
    for key in keys:
        entry.press(key)
    return entry


@given(st.lists(st.sampled_from(DIGITS), min_size=10, max_size=10, unique=True))
def test_a_shuffle_is_a_permutation_never_equal_to_the_last_layout(last: list[str]) -> None:
    layout = shuffled(DIGITS, avoid=last)
    assert sorted(layout) == sorted(DIGITS) and layout != last


def test_a_masked_digit_keypad_keeps_the_familiar_order_unless_the_site_asks_for_shuffling() -> None:
    entry = Entry()
    entry.start(PIN4)
    assert entry.layout == list(ORDERED_KEYPAD)
    entry.start(PIN4)
    assert entry.layout == list(ORDERED_KEYPAD)


def test_a_masked_digit_keypad_is_reshuffled_for_every_entry_and_a_visible_one_is_in_order() -> None:
    entry = _typed(PIN4, "")
    entry.shuffle = True
    entry.start(PIN4)
    first = entry.layout
    assert entry.submit() is None, "nothing typed: nothing to send"
    entry.start(PIN4)
    assert sorted(entry.layout) == sorted(DIGITS) and entry.layout != first
    entry.start(EntrySpec(EntryKind.DATE, 8, 8, masked=False, field="birth_date"))
    assert entry.layout == list(ORDERED_KEYPAD)


def test_every_way_of_letting_go_zeroes_the_pin_bytes() -> None:
    entry = _typed(PIN4, "4321")
    held = entry._buffer
    assert entry.backspace() and bytes(held) == b"432"
    entry.clear()
    assert set(bytes(held)) <= {0} and entry.length == 0
    entry = _typed(PIN4, "4321")
    held = entry._buffer
    entry.start(PIN4)  # a new screen
    assert set(bytes(held)) <= {0} and entry.length == 0
    entry = _typed(PIN4, "4321")
    held = entry._buffer
    value = entry.submit()
    assert value == Pin("4321") and set(bytes(held)) <= {0} and entry.length == 0


def test_a_masked_entry_shows_only_its_length() -> None:
    entry = _typed(PIN4, "2580")
    assert (entry.length, entry.text) == (4, "")
    assert "2580" not in repr(entry) and "2580" not in str(entry)
    with pytest.raises(TypeError):
        pickle.dumps(entry)
    with pytest.raises(TypeError):
        copy.copy(entry)


def test_a_visible_entry_sends_its_text_and_only_complete() -> None:
    entry = _typed(EntrySpec(EntryKind.DATE, 8, 8, masked=False, field="birth_date"), "1981031")
    assert entry.text == "1981031" and not entry.can_submit and entry.submit() is None
    assert entry.press("4") and not entry.press("5"), "full: one key too many is ignored"
    assert entry.submit() == "19810314"


def test_a_screen_without_an_entry_takes_no_keys() -> None:
    entry = _typed(EntrySpec(EntryKind.ALNUM, 6, 16), "abc")
    entry.start(None)
    assert not entry.press("1") and entry.length == 0 and entry.submit() is None
