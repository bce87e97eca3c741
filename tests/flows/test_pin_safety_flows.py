"""Issue 17 through the real kiosk flows: the tries a resident saw go with the PIN (item 2), PIN-B's last try is
warned like any PIN's (item 7), an entry answers one screen (item 8), and a dropped PIN is wiped (item 9)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.cards.sim import SimReader
from kiosk.card.card import MyNumberCard
from kiosk.card.errors import WrongPin
from kiosk.card.pin import Pin
from kiosk.card.profile import PinRef, Pins
from kiosk.flows import pin_reset
from kiosk.flows.events import Act, Entered, Tick, Touch
from kiosk.flows.view import Screen
from sim.card import VirtualCard
from sim.personalise import DEFAULT_AUTH_PIN

from .conftest import Harness

WRONG_PIN_B = Pin("80010120309999")


def _spend(reader: SimReader, ref: PinRef, wrong: Pin, times: int) -> None:
    """Another program on the same reader presents ``wrong`` ``times`` times (it leaves the card as it found it)."""
    card = MyNumberCard(reader.connect())
    for _ in range(times):
        with pytest.raises(WrongPin):
            card.verify(ref, wrong)
    card.close(reset=False)


def _tries(reader: SimReader, ref: PinRef) -> int | None:
    with MyNumberCard(reader.connect()) as card:
        return card.pin_status(ref).tries_left


# --- item 2 -----------------------------------------------------------------------------------------------------------


def test_a_count_that_dropped_after_it_was_shown_ends_the_session_and_sends_nothing(
    harness: Callable[..., Harness],
) -> None:
    h = harness()
    shown = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    assert shown.params["tries_left"] == 3
    _spend(h.reader, Pins.AUTH, Pin("0000"), 2)  # another reader program, while the resident types
    view = h.kiosk.handle(Entered(Pin(DEFAULT_AUTH_PIN), serial=shown.serial))
    assert view.screen is Screen.ERROR and view.error == "pin_not_sent"
    assert h.kiosk.outcomes == ["pin_not_sent"]
    assert _tries(h.reader, Pins.AUTH) == 1, "the right PIN was not sent either: no VERIFY at all"


def test_a_card_swapped_between_screens_gets_no_pin(
    harness: Callable[..., Harness], flow_images: dict[str, Path], tmp_path: Path
) -> None:
    h = harness()
    shown = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    other_path = tmp_path / "other.json"
    shutil.copy(flow_images["sato"], other_path)
    other = VirtualCard.load(other_path)
    h.reader.remove()  # swapped faster than the kiosk heard of it: no CardRemoved event reaches the flow
    h.reader.card = SimReader(other).card
    h.reader.insert()
    view = h.kiosk.handle(Entered(Pin("0000"), serial=shown.serial))
    assert view.screen is Screen.ERROR and view.error == "card_removed"
    assert _tries(h.reader, Pins.AUTH) == 3, "the other card's PIN was never presented"


# --- item 7 -----------------------------------------------------------------------------------------------------------


def test_pin_b_gets_the_last_try_warning_like_every_pin(harness: Callable[..., Harness]) -> None:
    h = harness()
    h.reader.insert()
    _spend(h.reader, Pins.VISUAL_PIN_B, WRONG_PIN_B, 9)
    h.reader.remove()
    seen = h.run(h.resident(), stop_at=Screen.FACE_CAPTURE)
    warnings = [i for i, v in enumerate(seen) if v.screen is Screen.LAST_TRY_WARNING]
    fronts = [i for i, v in enumerate(seen) if v.screen is Screen.CARD_FRONT_ENTRY]
    assert len(warnings) == 1 and seen[warnings[0]].step == pin_reset.FRONT_STEP, "one warning, at the card-front step"
    assert warnings[0] < fronts[0], "before any number is asked"
    assert seen[fronts[0]].params["tries_left"] == 1


def test_stopping_at_pin_bs_last_try_sends_nothing(harness: Callable[..., Harness]) -> None:
    h = harness()
    h.reader.insert()
    _spend(h.reader, Pins.VISUAL_PIN_B, WRONG_PIN_B, 9)
    h.reader.remove()
    h.run(h.resident(), stop_at=Screen.LAST_TRY_WARNING)
    view = h.kiosk.handle(Act("forgot"))
    assert view.screen is Screen.INFO and view.body == "info.pin_b_last_try.body"
    assert h.kiosk.outcomes == ["pin_b_last_try_stopped"]
    assert _tries(h.reader, Pins.VISUAL_PIN_B) == 1


def test_renewal_shows_the_text_aps_pin_b_tries_and_warns_at_its_last(harness: Callable[..., Harness]) -> None:
    h = harness()
    h.reader.insert()
    _spend(h.reader, Pins.TEXT_PIN_B, WRONG_PIN_B, 9)  # the card-face AP's PIN-B still has all 10
    h.reader.remove()
    seen = h.run(h.resident(service="renewal"), stop_at=Screen.CARD_FRONT_ENTRY)
    assert seen[-2].screen is Screen.LAST_TRY_WARNING
    assert seen[-1].params["tries_left"] == 1, "the lower count, the text AP's, is the one shown"


# --- items 8 and 9 ----------------------------------------------------------------------------------------------------


def test_two_queued_entries_give_one_verify(harness: Callable[..., Harness]) -> None:
    h = harness()
    shown = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    first, second = Pin("1111"), Pin("2222")
    after = h.kiosk.handle(Entered(first, serial=shown.serial))
    assert after.error == "wrong_pin" and after.serial != shown.serial
    again = h.kiosk.handle(Entered(second, serial=shown.serial))  # typed on the screen that is gone
    assert again == after, "dropped: the screen stays as it is"
    assert len(first) == 0 and len(second) == 0, "both PINs are wiped"
    assert _tries(h.reader, Pins.AUTH) == 2, "one VERIFY, not two"


def test_an_entry_for_another_field_or_screen_is_dropped_and_wiped(harness: Callable[..., Harness]) -> None:
    h = harness()
    shown = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    for stray in (
        Entered(Pin("1111"), serial=shown.serial + 1),
        Entered(Pin("1111"), serial=shown.serial, field="security_code"),
    ):
        assert h.kiosk.handle(stray) == shown
        assert isinstance(stray.value, Pin) and len(stray.value) == 0
    assert _tries(h.reader, Pins.AUTH) == 3


def test_an_entry_dropped_under_the_idle_question_is_wiped(harness: Callable[..., Harness]) -> None:
    now = [1000.0]
    h = harness(clock=lambda: now[0])
    shown = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    assert h.kiosk.handle(Tick(now[0] + 40)).screen is Screen.IDLE_WARNING
    pin = Pin(DEFAULT_AUTH_PIN)
    view = h.kiosk.handle(Entered(pin, serial=shown.serial))
    assert view == shown, "the resident is back on the screen they typed on"
    assert len(pin) == 0, "the dropped PIN is wiped"
    assert _tries(h.reader, Pins.AUTH) == 3


def test_an_entry_with_no_session_is_wiped(harness: Callable[..., Harness]) -> None:
    h = harness()
    pin = Pin(DEFAULT_AUTH_PIN)
    assert h.kiosk.handle(Entered(pin, serial=h.kiosk.view.serial)).screen is Screen.ATTRACT
    assert len(pin) == 0


def test_a_pin_the_flow_read_is_wiped_once_read(harness: Callable[..., Harness]) -> None:
    h = harness()
    shown = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    pin = Pin(DEFAULT_AUTH_PIN)
    h.kiosk.handle(Entered(pin, serial=shown.serial))
    assert len(pin) == 0


def test_a_screen_keeps_its_serial_while_the_resident_types(harness: Callable[..., Harness]) -> None:
    h = harness()
    shown = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    for _ in range(4):  # every key press is a Touch: the same screen, so what is being typed stays valid
        assert h.kiosk.handle(Touch()).serial == shown.serial
    h.kiosk.handle(Entered(Pin(DEFAULT_AUTH_PIN), serial=shown.serial))
    assert h.kiosk.view.serial != shown.serial


def test_touches_and_ticks_on_the_pin_screen_send_nothing_to_the_card(
    harness: Callable[..., Harness], monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness()
    shown = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    sent: list[bytes] = []
    inner = h.reader.card.transmit
    monkeypatch.setattr(h.reader.card, "transmit", lambda apdu: sent.append(apdu) or inner(apdu))
    for event in (Touch(), Touch(), Tick(1.0)):
        assert h.kiosk.handle(event) == shown
    assert sent == [], "the tries are read again only after an entry (and before every VERIFY)"
