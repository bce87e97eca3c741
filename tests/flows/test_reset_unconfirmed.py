"""Once a protected command of a reset script has gone to the card, a failure is never "nothing was changed": the
resident is told to try the new PIN first, the confirmation waits in the outbox and is delivered later, once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from backend import embedded
from kiosk.card.card import MyNumberCard
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.card.trace import TraceEntry
from kiosk.flows.submission import PIN_RESET_CONFIRMATION, deliver_item
from kiosk.flows.view import Screen, View
from kiosk.outbox import Outbox
from sim.faces import face_for

from .conftest import Harness, Network, client_over, looping_camera

KEY = bytes(range(32))


def _never_nothing_changed(seen: list[View]) -> None:
    assert not any(v.screen is Screen.ERROR for v in seen), [v.error for v in seen if v.screen is Screen.ERROR]
    result = next(v for v in seen if v.screen is Screen.RESULT)
    assert (result.title, result.body) == ("reset.unconfirmed.title", "reset.unconfirmed.body")
    assert result.params["reference"]


def test_confirm_lost_after_the_card_changed_tells_the_resident_to_try_the_new_pin_and_delivers_later(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], backend_server: embedded.EmbeddedBackend,
    tmp_path: Path,
) -> None:  # fmt: skip
    h = harness()
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    h.kiosk.backend = client_over(backend_server, Network(down_for="/confirm"))
    resident = h.resident(camera=looping_camera(live_clips[face_for("tanaka").key]))
    seen = h.run(resident)
    _never_nothing_changed(seen)
    assert h.kiosk.outcomes == ["reset_unconfirmed"]
    (item,) = outbox.pending()
    assert item.kind == PIN_RESET_CONFIRMATION
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        card.verify(Pins.SIGN, Pin(resident.new_sign_pin))  # the card did change: the new PIN is the one
    healthy = client_over(backend_server)
    report = outbox.deliver(lambda it: deliver_item(healthy, it, None))
    assert [result["status"] for _key, result in report.delivered] == ["confirmed"]
    # Delivered again (a crash before the outbox recorded it): the same key, the same answer, applied once.
    assert deliver_item(healthy, item, None)["status"] == "confirmed"


def test_card_pulled_in_the_middle_of_the_script_is_not_reported_as_nothing_changed(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path
) -> None:
    h = harness()
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    script_started = False
    relayed: list[TraceEntry] = []

    def follow(view: View) -> None:
        nonlocal script_started
        script_started = script_started or view.body == "working.card"

    def pull_after_first_protected_step(entry: TraceEntry) -> None:
        if script_started:
            relayed.append(entry)
            if len(relayed) == 3:  # steps 0, 1 and the protected step 2 of the first PIN went to the card
                h.reader.remove()

    h.kiosk.subscribe(follow)
    h.kiosk.tracer = pull_after_first_protected_step
    resident = h.resident(service="pin_reset", camera=looping_camera(live_clips[face_for("tanaka").key]))
    seen = h.run(resident)
    _never_nothing_changed(seen)
    assert h.kiosk.outcomes == ["reset_unconfirmed"]
    assert outbox.counts()["pending"] == 1
