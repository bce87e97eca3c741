"""The kiosk's pick-up screen offers the backend's free slots and the application books the one chosen; when the
backend cannot be asked, the resident applies without a time and the office arranges one."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import Any

from backend import embedded
from kiosk.flows.actions import chosen_slot
from kiosk.flows.view import Screen

from .conftest import Harness, Network, client_over

RENEWAL_CARD = "renewal:tanaka"


def _held(server: embedded.EmbeddedBackend, number: str) -> tuple[str | None, str | None]:
    with sqlite3.connect(server._db_url.removeprefix("sqlite:///")) as db:
        row = db.execute(
            "SELECT pickup_office_id, reservation_slot FROM renewals WHERE application_number = ?", (number,)
        ).fetchone()
    return row[0], row[1]


def test_the_pickup_screen_offers_the_backends_free_slots_and_the_application_books_one(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], backend_server: embedded.EmbeddedBackend
) -> None:
    h = harness(RENEWAL_CARD)
    seen = h.run(h.renewal_resident(live_clips))
    choice = next(v for v in seen if v.screen is Screen.DELIVERY_CHOICE)
    offered = [chosen_slot(a.id) for a in choice.actions if a.id.startswith("slot:")]
    calendar = embedded.demo_calendar()
    first_day = dt.date.today() + dt.timedelta(days=calendar.lead_days)
    assert len(offered) == 4 and all(calendar.is_slot(s) and s.date() >= first_day for s in offered)
    result = next(v for v in seen if v.screen is Screen.RESULT)
    assert result.body == "renewal.done.body"
    number = str(result.params["application_number"])
    status = h.kiosk.backend.renewal_status(number)
    assert status.reservation_slot == offered[0]  # the demo resident takes the first slot offered
    assert _held(backend_server, number)[0] == embedded.DEMO_PICKUP_OFFICE


def test_without_the_backends_slots_the_resident_applies_and_the_office_arranges_the_time(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], backend_server: embedded.EmbeddedBackend
) -> None:
    h = harness(RENEWAL_CARD)
    h.kiosk.backend = client_over(backend_server, Network(down_for="/v1/pickup-slots"))
    seen = h.run(h.renewal_resident(live_clips))
    choice = next(v for v in seen if v.screen is Screen.DELIVERY_CHOICE)
    assert [a.id for a in choice.actions] == ["pickup_later", "cancel"]
    assert choice.body == "delivery.later.body"
    result = next(v for v in seen if v.screen is Screen.RESULT)
    assert result.body == "renewal.done.contact.body"
    assert _held(backend_server, str(result.params["application_number"])) == (None, None)
