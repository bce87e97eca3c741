"""How a resident's session starts and ends: consent before anything is read, the result kept when the card is taken
on a final screen, "take your card" (then an alert) when it is left behind, a stable step count, the last look
before a renewal is sent, and a queued application shown as saved, not accepted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from backend import embedded
from kiosk.flows import locked_out, pin_reset, renewal
from kiosk.flows.events import Act, CardRemoved, Tick
from kiosk.flows.kiosk import Timers
from kiosk.flows.view import FlowKind, Screen, View
from kiosk.outbox import Outbox
from sim.faces import face_for

from .conftest import Harness, Network, client_over, looping_camera

RENEWAL_CARD = "renewal:tanaka"
# The backend allows 5 PIN resets per card a day, and the other flow tests spend tanaka's: these resets use another.
RESET_CARD = "watanabe"
KEY = bytes(range(32))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _steps(seen: list[View]) -> list[tuple[int, int]]:
    return [(v.step, v.total_steps) for v in seen if v.total_steps]


def test_taking_the_card_on_the_reset_result_keeps_the_result_until_it_times_out(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]]
) -> None:
    clock = Clock()
    h = harness(RESET_CARD, timers=Timers(final_screen_s=20.0), clock=clock)
    resident = h.resident(camera=looping_camera(live_clips[face_for(RESET_CARD).key]))
    h.run(resident, stop_at=Screen.RESULT)
    result = h.kiosk.view
    assert result.title == "reset.done.title"
    h.reader.remove()
    after = h.kiosk.handle(CardRemoved())
    assert after.screen is Screen.RESULT and after.title == "reset.done.title", (after.screen, after.error)
    assert after.params["reference"] == result.params["reference"]
    assert after.error is None, "never 'card removed, nothing was changed' over a finished reset"
    assert h.kiosk.outcomes == ["reset_done"]
    assert h.kiosk.resident_data is None, "the session ended: its data is wiped"
    clock.now += 10
    assert h.kiosk.handle(Tick(clock.now)).title == "reset.done.title", "the result stays on screen for a while"
    clock.now += 11
    assert h.kiosk.handle(Tick(clock.now)).screen is Screen.ATTRACT, "the card is gone: straight to the start"


def test_taking_the_card_on_the_renewal_result_keeps_the_application_number(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path
) -> None:
    h = harness(RENEWAL_CARD)
    h.kiosk.outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.run(h.renewal_resident(live_clips), stop_at=Screen.RESULT)
    number = h.kiosk.view.params["application_number"]
    h.reader.remove()
    after = h.kiosk.handle(CardRemoved())
    assert after.screen is Screen.RESULT and after.params["application_number"] == number
    assert after.action("receipt") is not None, "the receipt can still be printed"
    assert h.kiosk.outcomes == ["renewal_submitted"]
    assert h.kiosk.handle(Act("finish")).screen is Screen.ATTRACT


def test_taking_the_card_on_the_locked_out_answer_keeps_it(harness: Callable[..., Harness]) -> None:
    h = harness()
    h.run(h.resident(service="locked_out"), stop_at=Screen.INFO)
    body = h.kiosk.view.body
    h.reader.remove()
    after = h.kiosk.handle(CardRemoved())
    assert after.screen is Screen.INFO and after.body == body
    assert h.kiosk.outcomes == ["informed"]


def test_a_card_left_in_the_reader_is_asked_for_then_alerted_until_taken(harness: Callable[..., Harness]) -> None:
    clock = Clock()
    h = harness(timers=Timers(card_alert_s=15.0, card_alert_repeat_s=10.0), clock=clock)
    h.run(h.resident(service="locked_out"), stop_at=Screen.INFO)
    back = h.kiosk.handle(Act("finish"))
    assert back.screen is Screen.CARD_RETURN and back.title == "card_return.title"
    assert h.kiosk.handle(Act("start")).screen is Screen.CARD_RETURN, "nobody starts while the card is there"
    clock.now += 16
    alert = h.kiosk.handle(Tick(clock.now))
    assert alert.title == "card_return.alert.title" and alert.params["alert"] == 1
    clock.now += 10
    assert h.kiosk.handle(Tick(clock.now)).params["alert"] == 2, "the alert sounds again"
    h.reader.remove()
    assert h.kiosk.handle(CardRemoved()).screen is Screen.ATTRACT


def test_a_removal_the_watcher_missed_still_ends_the_reminder(harness: Callable[..., Harness]) -> None:
    clock = Clock()
    h = harness(clock=clock)
    h.run(h.resident(service="locked_out"), stop_at=Screen.INFO)
    assert h.kiosk.handle(Act("finish")).screen is Screen.CARD_RETURN
    h.reader.remove()
    clock.now += 1
    assert h.kiosk.handle(Tick(clock.now)).screen is Screen.ATTRACT


def test_declining_consent_reads_nothing_and_ends_politely(harness: Callable[..., Harness]) -> None:
    h = harness()
    seen = h.run(h.resident(service="sign_pin_reset", consents=False))
    consent = next(v for v in seen if v.screen is Screen.CONSENT)
    assert "consent.item.face" in consent.hints and "consent.item.certificate_auth" in consent.hints
    assert consent.step == 1
    screens = [v.screen for v in seen]
    assert Screen.PLACE_CARD not in screens and Screen.READING not in screens, "nothing read before consent"
    declined = next(v for v in seen if v.title == "consent.declined.title")
    assert declined.error is None and declined.action("finish")
    assert h.kiosk.outcomes == ["consent_declined"]


def test_every_resident_flow_says_what_it_reads() -> None:
    from kiosk.flows.kiosk import FLOWS
    from kiosk.flows.messages import MESSAGES
    from kiosk.flows.screens.session import CONSENT_ITEMS

    assert set(CONSENT_ITEMS) == {kind for kind in FLOWS if kind is not FlowKind.STAFF}
    for items in CONSENT_ITEMS.values():
        assert all(f"consent.item.{item}" in MESSAGES for item in items)
    assert "face" not in CONSENT_ITEMS[FlowKind.LOCKED_OUT], "the locked-out answer never turns the camera on"


def test_every_flow_counts_its_steps_the_same_way_to_the_end(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path
) -> None:
    h = harness(RESET_CARD)
    seen = h.run(h.resident(camera=looping_camera(live_clips[face_for(RESET_CARD).key])))
    steps = _steps(seen)
    assert {total for _step, total in steps} == {pin_reset.TOTAL}
    assert sorted({step for step, _total in steps}) == list(range(1, pin_reset.TOTAL + 1)), steps
    assert [s for s, _t in steps] == sorted(s for s, _t in steps), "the step never goes back"

    h = harness()
    seen = h.run(h.resident(service="locked_out"))
    assert sorted({s for s, _t in _steps(seen)}) == list(range(1, locked_out.TOTAL + 1))

    h = harness(RENEWAL_CARD)
    h.kiosk.outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    seen = h.run(h.renewal_resident(live_clips))
    steps = _steps(seen)
    assert {total for _step, total in steps} == {renewal.TOTAL}
    assert sorted({step for step, _total in steps}) == list(range(1, renewal.TOTAL + 1)), steps


def test_the_renewal_is_sent_only_after_its_summary_and_back_returns_to_the_pickup(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path
) -> None:
    h = harness(RENEWAL_CARD)
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    h.run(h.renewal_resident(live_clips), stop_at=Screen.CONFIRM_SUBMIT)
    summary = h.kiosk.view
    assert outbox.counts()["pending"] == 0 and outbox.counts()["delivered"] == 0, "nothing sent before Submit"
    assert set(summary.data) >= {"name", "address", "birth_date", "sex", "photo_jpeg_base64"}
    assert not any("number" in key or "my_number" in key for key in summary.data), "the My Number is never sent"
    assert summary.params["pickup"] and summary.params["by_mail"] is False
    assert h.kiosk.handle(Act("back")).screen is Screen.DELIVERY_CHOICE
    slot = next(a.id for a in h.kiosk.view.actions if a.id.startswith("slot:"))
    assert h.kiosk.handle(Act(slot)).screen is Screen.CONFIRM_SUBMIT
    result = h.kiosk.handle(Act("submit"))
    assert result.screen is Screen.RESULT and result.params["application_number"]
    assert outbox.counts()["delivered"] == 1


def test_a_queued_application_is_shown_as_saved_not_sent_with_a_local_reference(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path,
    backend_server: embedded.EmbeddedBackend,
) -> None:  # fmt: skip
    h = harness(RENEWAL_CARD)
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    h.kiosk.backend = client_over(backend_server, Network(down_for="/v1/renewals"))
    h.run(h.renewal_resident(live_clips), stop_at=Screen.RESULT)
    result = h.kiosk.view
    assert result.title == "renewal.queued.title" and result.title != "renewal.done.title"
    assert "application_number" not in result.params
    reference = str(result.params["local_reference"])
    assert reference.startswith("L-") and len(reference) == len("L-XXXX-XXXX")
    (pending,) = outbox.pending()
    assert pending.idempotency_key.replace("-", "").upper().startswith(reference[2:].replace("-", ""))
