"""Pick-up slots with capacity: the free slots a kiosk is offered, booking one with the application, and two kiosks
racing for the last place (SQLite and a real PostgreSQL, like every backend test)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from backend import audit, slots
from backend.counts import JST
from backend.db import transaction
from backend.models import AuditEntry, PickupBooking, Renewal
from tests.backend.conftest import Env
from tests.backend.support import MUNICIPALITY, OTHER_MUNICIPALITY, at_once, open_card_session, renewal_body

OFFICE = "centre"


def _calendar(*, capacity: int = 2, holidays: tuple[dt.date, ...] = (), municipality: str = MUNICIPALITY,
              office: str = OFFICE) -> slots.Calendar:  # fmt: skip
    """Open every day 9:00-14:00, 60-minute slots (9, 10, 11, 12, 13 o'clock), booking from 2 days on."""
    hours = tuple(slots.Hours(day, 9 * 60, 14 * 60) for day in range(7))
    return slots.Calendar(office, municipality, "中央センター", 60, capacity, 2, hours, holidays)


def _save(env: Env, calendar: slots.Calendar) -> None:
    with transaction(env.ctx.sessions) as session:
        slots.save(session, calendar)


def _offered(env: Env, kiosk: str = "k-store", limit: int = 4) -> tuple[str, list[dict[str, object]]]:
    client = env.client(kiosk)
    sid = open_card_session(client, env.card())["card_session_id"]
    r = client.get(f"/v1/pickup-slots?card_session_id={sid}&limit={limit}")
    assert r.status_code == 200, r.text
    return sid, r.json()["slots"]


def _booked(env: Env) -> dict[dt.datetime, int]:
    with env.ctx.reads() as session:
        return {b.starts_at: b.booked for b in session.execute(select(PickupBooking)).scalars()}


def test_the_kiosk_is_offered_free_slots_one_per_half_day_from_the_first_bookable_day(env: Env) -> None:
    today = env.clock.now().astimezone(JST).date()
    _save(env, _calendar(holidays=(today + dt.timedelta(days=3),)))
    _, offered = _offered(env)
    starts = [dt.datetime.fromisoformat(str(s["starts_at"])).astimezone(JST) for s in offered]
    day2, day4 = today + dt.timedelta(days=2), today + dt.timedelta(days=4)
    assert [(s.date(), s.hour) for s in starts] == [(day2, 9), (day2, 12), (day4, 9), (day4, 12)]
    assert {s["office_id"] for s in offered} == {OFFICE} and all(s["free"] == 2 for s in offered)


def test_no_calendar_offers_no_slot(env: Env) -> None:
    _save(env, _calendar(municipality=OTHER_MUNICIPALITY, office="elsewhere"))
    assert _offered(env)[1] == []


def test_a_card_session_of_another_kiosk_is_refused(env: Env) -> None:
    _save(env, _calendar())
    sid = open_card_session(env.client("k-store"), env.card())["card_session_id"]
    r = env.client("k-post").get(f"/v1/pickup-slots?card_session_id={sid}")
    assert r.status_code == 403


def test_booking_takes_a_place_and_a_full_slot_is_no_longer_offered(env: Env) -> None:
    _save(env, _calendar(capacity=1))
    sid, offered = _offered(env)
    first = offered[0]
    body = renewal_body(sid, reservation_slot=first["starts_at"], pickup_office_id=OFFICE)
    r = env.client().post("/v1/renewals", body)
    assert r.status_code == 201, r.text
    assert dt.datetime.fromisoformat(r.json()["reservation_slot"]) == dt.datetime.fromisoformat(str(first["starts_at"]))
    _, again = _offered(env)
    assert first["starts_at"] not in [s["starts_at"] for s in again]
    with env.ctx.reads() as session:
        renewal = session.get(Renewal, r.json()["application_number"])
        assert renewal is not None and renewal.pickup_office_id == OFFICE


def test_a_slot_taken_meanwhile_is_accepted_without_a_slot_for_the_office_to_book(env: Env) -> None:
    _save(env, _calendar(capacity=1))
    sid_a, offered = _offered(env)
    sid_b, _ = _offered(env)
    slot = offered[0]["starts_at"]
    client = env.client()
    first = client.post("/v1/renewals", renewal_body(sid_a, reservation_slot=slot, pickup_office_id=OFFICE))
    second = client.post("/v1/renewals", renewal_body(sid_b, reservation_slot=slot, pickup_office_id=OFFICE))
    assert first.status_code == second.status_code == 201
    assert first.json()["reservation_slot"] is not None and second.json()["reservation_slot"] is None
    audit.seal_all(env.ctx.sessions)
    with env.ctx.reads() as session:
        pickups = [
            e.details["pickup"]
            for e in session.execute(select(AuditEntry).where(AuditEntry.action == "renewal.received")).scalars()
        ]
    assert pickups == ["booked", "slot_taken"]


def test_a_slot_outside_the_calendar_is_not_booked(env: Env) -> None:
    _save(env, _calendar())
    sid, offered = _offered(env)
    odd = (dt.datetime.fromisoformat(str(offered[0]["starts_at"])) + dt.timedelta(minutes=30)).isoformat()
    r = env.client().post("/v1/renewals", renewal_body(sid, reservation_slot=odd, pickup_office_id=OFFICE))
    assert r.status_code == 201 and r.json()["reservation_slot"] is None
    assert _booked(env) == {}


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"pickup_office_id": "nowhere"}, "not an issuing office"),
        ({"reservation_slot": None, "pickup_office_id": OFFICE}, "needs a reservation_slot"),
        ({}, "pickup_office_id is missing"),
    ],
)
def test_a_slot_the_calendar_cannot_name_is_refused(env: Env, overrides: dict[str, object], why: str) -> None:
    _save(env, _calendar())
    sid, offered = _offered(env)
    body = renewal_body(sid, reservation_slot=offered[0]["starts_at"]) | overrides
    r = env.client().post("/v1/renewals", body)
    assert r.status_code == 422 and why in r.json()["detail"], r.text


def test_another_municipalitys_office_is_refused(env: Env) -> None:
    _save(env, _calendar())
    _save(env, _calendar(municipality=OTHER_MUNICIPALITY, office="kawasaki"))
    sid, offered = _offered(env)
    body = renewal_body(sid, reservation_slot=offered[0]["starts_at"], pickup_office_id="kawasaki")
    r = env.client().post("/v1/renewals", body)
    assert r.status_code == 422 and "not an issuing office" in r.json()["detail"]


def test_cancelling_an_application_gives_its_place_back(env: Env) -> None:
    _save(env, _calendar(capacity=1))
    sid, offered = _offered(env)
    slot = offered[0]["starts_at"]
    r = env.client().post("/v1/renewals", renewal_body(sid, reservation_slot=slot, pickup_office_id=OFFICE))
    number = r.json()["application_number"]
    assert list(_booked(env).values()) == [1]
    staff = env.staff_client("official", "k-hall")
    moved = staff.post(f"/v1/staff/renewals/{number}/transitions", {"to": "cancelled", "reason": "withdrawn"})
    assert moved.status_code == 200, moved.text
    assert list(_booked(env).values()) == [0]
    assert slot in [s["starts_at"] for s in _offered(env)[1]]


def test_two_kiosks_never_overbook_the_last_places(env: Env) -> None:
    """Eight applications for one slot with two places, sent at the same moment: two get it, six are accepted
    without a slot, and the counter says two."""
    _save(env, _calendar(capacity=2))
    client = env.client()
    bodies = []
    slot = None
    for _ in range(8):
        sid, offered = _offered(env)
        slot = slot or offered[0]["starts_at"]
        bodies.append(renewal_body(sid, reservation_slot=slot, pickup_office_id=OFFICE))
    codes = at_once([lambda body=body: client.post("/v1/renewals", body) for body in bodies])
    assert codes == [201] * 8
    with env.ctx.reads() as session:
        held = session.execute(select(Renewal).where(Renewal.pickup_office_id == OFFICE)).scalars().all()
    assert len(held) == 2
    assert list(_booked(env).values()) == [2]


def test_a_calendar_that_cannot_be_kept_is_refused() -> None:
    with pytest.raises(slots.CalendarError):
        _calendar(capacity=-1).check()
    with pytest.raises(slots.CalendarError):
        slots.Calendar(OFFICE, MUNICIPALITY, "x", 30, 1, 0, (slots.Hours(0, 600, 540),), ()).check()
