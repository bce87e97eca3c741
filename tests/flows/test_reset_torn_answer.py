"""A torn answer to the PIN-change command (issue 18, item 6): the card applied the reset, the answer came back
garbled or not at all. It is never recorded as ``failed`` nor shown as "not accepted" / "nothing changed": the kiosk
asks the card (the PIN's tries, no VERIFY) and, where that cannot settle it, ends ``reset_unconfirmed`` with the
confirmation queued. A card that shows the PIN unchanged lets the kiosk say so."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend import embedded
from backend.settings import Limits
from kiosk.card.card import MyNumberCard
from kiosk.card.errors import WrongPin
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.flows.submission import PIN_RESET_CONFIRMATION, deliver_item
from kiosk.flows.view import Screen, View
from kiosk.outbox import Outbox
from sim.card import VirtualCard
from sim.faces import face_for
from sim.faults import FaultPlan, FaultyCard
from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN

from .conftest import Harness, Network, client_over, looping_camera

KEY = bytes(range(32))


@pytest.fixture(scope="module")
def own_backend(
    tmp_path_factory: pytest.TempPathFactory, flow_images: dict[str, Path]
) -> Iterator[embedded.EmbeddedBackend]:
    """A backend of this module's own: its resets do not use up the shared test card's daily reset limit."""
    server = embedded.start(
        tmp_path_factory.mktemp("own-backend"), face_required=False, limits=Limits(pin_resets_per_card_per_day=100)
    )
    server.register_card(CardImage.load(flow_images["tanaka"]))
    yield server
    server.stop()


def _served_by(h: Harness, server: embedded.EmbeddedBackend, network: Network | None = None) -> None:
    h.kiosk.backend = client_over(server, network)


def _fault_in_the_script(h: Harness, plan: str) -> None:
    """From the moment the kiosk starts relaying the script, the card's contact follows ``plan`` (counted from the
    script's first command: SELECT AP, SELECT PIN EF, then the protected RESET RETRY COUNTER)."""

    def follow(view: View) -> None:
        if view.body == "working.card":
            h.reader.card = FaultyCard(h.reader.card.card, FaultPlan.parse(plan))

    h.kiosk.subscribe(follow)


def _sign_pin_reset(h: Harness, clips: dict[str, list[Any]], tmp_path: Path) -> tuple[list[View], Outbox, Any]:
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    resident = h.resident(camera=looping_camera(clips[face_for("tanaka").key]))
    return h.run(resident), outbox, resident


def _spend_sign_tries(h: Harness, n: int) -> None:
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        for _ in range(n):
            with pytest.raises(WrongPin):
                card.verify(Pins.SIGN, Pin("WRONG1"))
    h.reader.remove()


@pytest.mark.parametrize("fault", ["sw@3=6F00", "garbage@3", "truncate@3", "drop@3"])
def test_a_torn_answer_after_the_card_changed_is_unconfirmed_never_failed_or_nothing_changed(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], own_backend: embedded.EmbeddedBackend,
    tmp_path: Path, fault: str,
) -> None:  # fmt: skip
    h = harness()
    _served_by(h, own_backend)
    _spend_sign_tries(h, 1)  # the resident had tried a forgotten signature PIN once
    _fault_in_the_script(h, fault)
    seen, outbox, resident = _sign_pin_reset(h, live_clips, tmp_path)
    errors = [v.error for v in seen if v.screen is Screen.ERROR]
    assert errors == [], errors
    result = next(v for v in seen if v.screen is Screen.RESULT)
    assert (result.title, result.body) == ("reset.unconfirmed.title", "reset.unconfirmed.body")
    assert h.kiosk.outcomes == ["reset_unconfirmed"]
    (item,) = outbox.pending()
    assert item.kind == PIN_RESET_CONFIRMATION
    assert item.payload["answers"] == [], "a torn answer is never sent as the card's answer (it would read failed)"
    assert item.payload["lost"] == [2], "the protected step whose answer was lost"
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        card.verify(Pins.SIGN, Pin(resident.new_sign_pin))  # the card did change
    # Delivered (here at once): the backend records the reset unconfirmed, not failed, and the item is not refused.
    report = outbox.deliver(lambda it: deliver_item(client_over(own_backend), it, None))
    assert [result["status"] for _key, result in report.delivered] == ["unconfirmed"]


def test_a_torn_answer_the_card_shows_changed_nothing_is_the_cards_refusal(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], own_backend: embedded.EmbeddedBackend,
    tmp_path: Path,
) -> None:  # fmt: skip
    h = harness()
    _served_by(h, own_backend)
    # This card refuses the script (its management counter is past the one the backend spends: 69 85), and the
    # refusal comes back garbled (6F 00). Asked, the card shows the PIN's tries still below their maximum.
    path = tmp_path / "refusing.json"
    h.image.with_management_counter(0x7FFFFFFF).save(path)
    h.reader.card = FaultyCard(VirtualCard.load(path), FaultPlan())
    _spend_sign_tries(h, 1)
    _fault_in_the_script(h, "sw@3=6F00")
    seen, outbox, _ = _sign_pin_reset(h, live_clips, tmp_path)
    assert h.kiosk.outcomes == ["reset_not_confirmed"]
    (error,) = [v for v in seen if v.screen is Screen.ERROR]
    assert error.error == "backend_refused"  # the backend recorded the step failed, on the card's own showing
    assert outbox.pending() == []
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        assert card.pin_status(Pins.SIGN).tries_left == 4  # unchanged: no try spent by the kiosk either


def test_a_torn_answer_at_the_second_pin_of_a_four_digit_reset_keeps_the_first_pins_answer(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], own_backend: embedded.EmbeddedBackend,
    tmp_path: Path,
) -> None:  # fmt: skip
    h = harness()
    _served_by(h, own_backend)
    _fault_in_the_script(h, "sw@6=6F00")  # the text AP PIN's reset: applied, its answer garbled
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    resident = h.resident(service="pin_reset", camera=looping_camera(live_clips[face_for("tanaka").key]))
    h.run(resident)
    assert h.kiosk.outcomes == ["reset_unconfirmed"]
    (item,) = outbox.pending()
    assert [a["step"] for a in item.payload["answers"]] == [2] and item.payload["lost"] == [5]
    report = outbox.deliver(lambda it: deliver_item(client_over(own_backend), it, None))
    assert [result["status"] for _key, result in report.delivered] == ["unconfirmed"]
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        card.verify(Pins.AUTH, Pin(resident.new_four_digit_pin))  # the first PIN was changed...
        card.verify(Pins.TEXT, Pin(resident.new_four_digit_pin))  # ...and so was the one whose answer was lost
        card.verify(Pins.JUKI, Pin(DEFAULT_AUTH_PIN))  # the kiosk stopped there: the third keeps the old PIN
