"""PIN safety, card removal, inactivity and wiping, through the real kiosk flows (virtual card, real backend)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from kiosk.card.card import MyNumberCard
from kiosk.card.profile import Pins
from kiosk.flows.events import CardRemoved, Tick
from kiosk.flows.kiosk import Timers
from kiosk.flows.view import Screen

from .conftest import Harness


def _tries(h: Harness, ref: object) -> int | None:
    with MyNumberCard(h.reader.connect()) as card:
        return card.pin_status(ref).tries_left  # type: ignore[arg-type]


def test_wrong_pins_show_tries_and_the_last_try_is_warned(harness: Callable[..., Harness]) -> None:
    h = harness()
    resident = h.resident(mistakes={"auth_pin": ["1111", "2222"]})
    seen = h.run(resident, stop_at=Screen.CARD_FRONT_ENTRY)
    entries = [v for v in seen if v.screen is Screen.PIN_ENTRY]
    assert [v.params["tries_left"] for v in entries] == [3, 2, 1]
    assert [v.error for v in entries] == [None, "wrong_pin", "wrong_pin"]
    warning = [v for v in seen if v.screen is Screen.LAST_TRY_WARNING]
    assert len(warning) == 1, "one warning, before the last try"
    assert seen.index(warning[0]) < seen.index(entries[-1])
    assert _tries_after_session(h) == 3, "the correct PIN restored the counter"


def _tries_after_session(h: Harness) -> int | None:
    h.kiosk.handle(CardRemoved())
    h.reader.insert()
    return _tries(h, Pins.AUTH)


def test_a_blocked_pin_is_never_presented_and_the_resident_is_told_where_to_go(
    harness: Callable[..., Harness],
) -> None:
    h = harness()
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        from kiosk.card.errors import WrongPin
        from kiosk.card.pin import Pin

        for _ in range(3):
            try:
                card.verify(Pins.AUTH, Pin("0000"))
            except WrongPin:
                pass
    h.reader.remove()
    seen = h.run(h.resident())
    info = next(v for v in seen if v.screen is Screen.INFO)
    assert info.body == "info.auth_blocked.body"
    assert not any(v.screen is Screen.PIN_ENTRY for v in seen)
    assert h.kiosk.outcomes == ["auth_pin_blocked"]


def test_card_removal_ends_the_session_and_wipes_everything(harness: Callable[..., Harness]) -> None:
    h = harness()
    h.run(h.resident(), stop_at=Screen.CARD_FRONT_ENTRY)
    data = h.kiosk.resident_data
    assert data is not None and "card" in data.held() and "card_auth" in data.held()
    h.reader.remove()
    view = h.kiosk.handle(CardRemoved())
    assert view.screen is Screen.ERROR and view.error == "card_removed"
    assert data.held() == [], "every personal field is dropped"
    assert h.kiosk.resident_data is None


def test_inactivity_warns_then_ends_and_wipes(harness: Callable[..., Harness]) -> None:
    now = [1000.0]
    h = harness(timers=Timers(idle_warning_s=30, idle_reset_s=60), clock=lambda: now[0])
    h.run(h.resident(), stop_at=Screen.PIN_ENTRY)
    data = h.kiosk.resident_data
    assert data is not None
    warning = h.kiosk.handle(Tick(now[0] + 31))
    assert warning.screen is Screen.IDLE_WARNING and warning.countdown == 29
    ended = h.kiosk.handle(Tick(now[0] + 61))
    assert ended.screen is Screen.ERROR and ended.error == "timeout"
    assert data.held() == []
    assert h.kiosk.handle(Tick(now[0] + 61 + 21)).screen is Screen.CARD_RETURN, "the card is still in the reader"
    h.reader.remove()
    assert h.kiosk.handle(Tick(now[0] + 61 + 22)).screen is Screen.ATTRACT


def test_still_here_returns_to_the_same_screen(harness: Callable[..., Harness]) -> None:
    now = [1000.0]
    h = harness(clock=lambda: now[0])
    before = h.run(h.resident(), stop_at=Screen.PIN_ENTRY)[-1]
    assert h.kiosk.handle(Tick(now[0] + 40)).screen is Screen.IDLE_WARNING
    from kiosk.flows.events import Act

    assert h.kiosk.handle(Act("still_here")) == before


def test_mistyped_card_numbers_cost_one_pin_b_try_and_are_asked_again(harness: Callable[..., Harness]) -> None:
    h = harness()
    resident = h.resident(mistakes={"security_code": ["0000" if h.image.holder.security_code != "0000" else "1111"]})
    seen = h.run(resident, stop_at=Screen.FACE_CAPTURE)
    errors = [v for v in seen if v.screen is Screen.CARD_FRONT_ENTRY and v.error == "pin_b_wrong"]
    assert errors and errors[0].params["tries_left"] == 9


def test_forged_card_face_is_refused_as_not_genuine(harness: Callable[..., Harness]) -> None:
    h = harness()
    image = h.image
    front = bytearray(image.files["kenkaku"]["0002"])
    front[front.find(b"jP  ") + 300] ^= 0x55
    files = {a: dict(f) for a, f in image.files.items()}
    files["kenkaku"]["0002"] = bytes(front)
    from drivers.cards.sim import SimReader
    from sim.card import VirtualCard

    h.reader = SimReader(VirtualCard.from_image(dataclasses.replace(image, files=files)))
    h.reader.remove()
    h.kiosk.reader = h.reader
    seen = h.run(h.resident())
    error = next(v for v in seen if v.screen is Screen.ERROR)  # then "take your card", then the start screen
    assert error.error == "not_genuine" and seen[-2].screen is Screen.CARD_RETURN
    assert h.kiosk.outcomes == ["not_genuine"]
