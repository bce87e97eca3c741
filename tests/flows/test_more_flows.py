"""The 4-digit PIN reset (off by default in real policy, on in the demo policy) and the staffed renewal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backend import embedded
from kiosk.card.card import MyNumberCard
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.flows.context import FlowSettings
from kiosk.flows.events import Entered
from kiosk.flows.view import Screen
from sim.faces import face_for

from .conftest import Harness, Network, client_over, looping_camera


def test_four_digit_pins_are_reset_together_and_guessable_ones_refused(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    h = harness()
    face = face_for("tanaka").key
    resident = h.resident(service="pin_reset", camera=looping_camera(live_clips[face]), new_four_digit_pin="7391")
    h.run(resident, stop_at=Screen.NEW_PIN)
    holder = h.image.holder
    refused = {}
    for value in (f"{holder.birth_date:%m%d}", holder.security_code, "1111", "1234"):
        view = h.kiosk.handle(Entered(Pin(value), serial=h.kiosk.view.serial))
        refused[value] = view.hints[0] if view.hints else None
    assert list(refused.values()) == [
        "pin.weak.birth_date",
        "pin.weak.security_code",
        "pin.weak.repeated",
        "pin.weak.sequence",
    ]
    h.run(resident)
    assert h.kiosk.outcomes == ["reset_done"]
    h.reader.insert()
    with MyNumberCard(h.reader.connect()) as card:
        for ref in (Pins.AUTH, Pins.TEXT, Pins.JUKI):
            card.verify(ref, Pin("7391"))  # one new value for all three 4-digit PINs


def test_staffed_renewal_offers_mail_and_records_the_official(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Any
) -> None:
    server = embedded.start(tmp_path / "staffed", staffed=True, face_required=False, kiosk_id="popup-kiosk")
    try:
        h = harness("renewal:tanaka", settings=FlowSettings(municipality=embedded.DEMO_MUNICIPALITY, staffed=True))
        server.register_card(h.image)

        client = client_over(server)
        h.kiosk.backend = client
        resident = h.renewal_resident(
            live_clips,
            choose_mail=True,
            staff_username=embedded.DEMO_OFFICIAL,
            staff_password=embedded.DEMO_OFFICIAL_PASSWORD,
        )
        seen = h.run(resident)
        assert seen[1].screen is Screen.STAFF_LOGIN and Screen.STAFF_HOME in [v.screen for v in seen]
        result = next(v for v in seen if v.screen is Screen.RESULT)
        assert result.body == "renewal.done.mail.body"
        status = client.renewal_status(str(result.params["application_number"]))
        assert status.channel == "staffed_popup" and status.collection_method == "restricted_post"
        assert status.identity_check_at_collection is False
    finally:
        server.stop()


def test_offline_pop_up_queues_the_application_and_sync_delivers_it(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Any
) -> None:
    from kiosk.flows.events import Act
    from kiosk.outbox import Outbox

    server = embedded.start(tmp_path / "offline", staffed=True, face_required=False, kiosk_id="popup-kiosk")
    try:
        # Offline the card proves itself with its JPKI key: a minor's card, its certificates valid to its end.
        settings = FlowSettings(municipality=embedded.DEMO_MUNICIPALITY, staffed=True, renewal_window_months=12)
        h = harness("renewal:takahashi", settings=settings)
        server.register_card(h.image)
        network = Network()
        h.kiosk.backend = client_over(server, network)
        box = Outbox(tmp_path / "outbox.sqlite3", bytes(32))
        h.kiosk.outbox = box
        resident = h.renewal_resident(
            live_clips,
            choose_mail=True,
            staff_username=embedded.DEMO_OFFICIAL,
            staff_password=embedded.DEMO_OFFICIAL_PASSWORD,
        )
        h.run(resident, stop_at=Screen.STAFF_HOME)  # the official logged in while online
        network.down = True
        h.kiosk.handle(Act("start_resident"))
        resident._helped = True
        seen = h.run(resident, stop_at=Screen.STAFF_HOME)
        result = next(v for v in seen if v.screen is Screen.RESULT)
        assert result.body == "renewal.queued.body"
        assert box.counts()["pending"] == 1
        home = h.kiosk.view
        assert home.screen is Screen.STAFF_HOME and home.params["pending"] == 1
        network.down = False
        home = h.kiosk.handle(Act("sync"))
        assert home.params["pending"] == 0 and home.params["delivered"] == 1 and home.error is None
        (delivered,) = [r for r in (box.result(k) for k in _keys(box)) if r]
        status = h.kiosk.backend.renewal_status(delivered["application_number"])
        assert status.channel == "staffed_popup" and status.collection_method == "restricted_post"
        assert h.kiosk.handle(Act("sync")).params["delivered"] == 1, "a second sync sends nothing again"
    finally:
        server.stop()


def _keys(box: Any) -> list[str]:
    return [row[0] for row in box._db.execute("SELECT idempotency_key FROM items").fetchall()]
