"""Pick-up slots with capacity: each issuing office's calendar, the free places kiosks offer, and booking one.

A calendar is an office's opening hours per weekday (JST), its holidays, the slot length, the places per slot
(counters open at once) and how many days ahead booking starts (the card takes weeks to be made). Slots start at
opening time and every ``slot_minutes`` after, while the whole slot fits before closing.

Booking takes a place with one guarded statement, ``UPDATE pickup_bookings SET booked = booked + 1 WHERE … AND
booked < capacity``, after making sure the slot's row exists (``INSERT … ON CONFLICT DO NOTHING``). On PostgreSQL a
second transaction updating the same row waits for the first to commit and then evaluates ``booked < capacity``
again on the row the first left, so two kiosks can never both take the last place; SQLite has one writer at a time.
The booking commits or rolls back with the application that holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backend.context import AppContext
from backend.counts import JST
from backend.db import is_postgres
from backend.domain import CollectionMethod
from backend.errors import Unprocessable
from backend.models import PickupBooking, PickupHoliday, PickupHours, PickupOffice, table
from backend.schemas import RenewalIn

MAX_SLOT_MINUTES = 240
MAX_CAPACITY = 100
MAX_LEAD_DAYS = 120
DAY_MINUTES = 24 * 60
MAX_OFFERED = 12

_BOOKINGS = table(PickupBooking)


class CalendarError(Unprocessable):
    """A calendar that cannot be kept as given (a slot longer than the day, closing before opening, …)."""


@dataclass(frozen=True)
class Hours:
    """Opening hours on one weekday (0 = Monday), minutes after midnight JST."""

    weekday: int
    opens_min: int
    closes_min: int

    def check(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise CalendarError("weekday must be 0 (Monday) to 6 (Sunday)")
        if not 0 <= self.opens_min < self.closes_min <= DAY_MINUTES:
            raise CalendarError("an office must open before it closes, within the day")


@dataclass(frozen=True)
class Calendar:
    """An office's booking rules as the office edits them."""

    office_id: str
    municipality_code: str
    name: str
    slot_minutes: int
    capacity: int
    lead_days: int
    hours: tuple[Hours, ...]
    holidays: tuple[dt.date, ...]

    def check(self) -> None:
        if not 5 <= self.slot_minutes <= MAX_SLOT_MINUTES:
            raise CalendarError(f"a slot lasts 5 to {MAX_SLOT_MINUTES} minutes")
        if not 0 <= self.capacity <= MAX_CAPACITY:
            raise CalendarError(f"a slot has 0 to {MAX_CAPACITY} places")
        if not 0 <= self.lead_days <= MAX_LEAD_DAYS:
            raise CalendarError(f"booking starts 0 to {MAX_LEAD_DAYS} days ahead")
        if len({h.weekday for h in self.hours}) != len(self.hours):
            raise CalendarError("one opening period per weekday")
        for h in self.hours:
            h.check()

    def starts_on(self, day: dt.date) -> Iterator[dt.datetime]:
        """The slots' start times on ``day`` (none on a holiday or a closed weekday)."""
        if day in self.holidays:
            return
        for h in self.hours:
            if h.weekday == day.weekday():
                minute = h.opens_min
                while minute + self.slot_minutes <= h.closes_min:
                    yield dt.datetime.combine(day, dt.time(minute // 60, minute % 60), JST)
                    minute += self.slot_minutes

    def is_slot(self, at: dt.datetime) -> bool:
        local = at.astimezone(JST)
        return local in set(self.starts_on(local.date()))


@dataclass(frozen=True)
class FreeSlot:
    office_id: str
    office_name: str
    starts_at: dt.datetime
    free: int


def load(session: Session, office_id: str) -> Calendar | None:
    office = session.get(PickupOffice, office_id)
    if office is None:
        return None
    hours = session.execute(
        select(PickupHours).where(PickupHours.office_id == office_id).order_by(PickupHours.weekday)
    ).scalars()
    holidays = session.execute(
        select(PickupHoliday.day).where(PickupHoliday.office_id == office_id).order_by(PickupHoliday.day)
    ).scalars()
    return Calendar(
        office.office_id,
        office.municipality_code,
        office.name,
        office.slot_minutes,
        office.capacity,
        office.lead_days,
        tuple(Hours(h.weekday, h.opens_min, h.closes_min) for h in hours),
        tuple(holidays),
    )


def offices_of(session: Session, municipality_code: str) -> list[Calendar]:
    ids = session.execute(
        select(PickupOffice.office_id)
        .where(PickupOffice.municipality_code == municipality_code)
        .order_by(PickupOffice.office_id)
    ).scalars()
    return [c for c in (load(session, i) for i in ids) if c is not None]


def save(session: Session, calendar: Calendar) -> None:
    """Create or replace an office's calendar (places already booked stay booked)."""
    calendar.check()
    office = session.get(PickupOffice, calendar.office_id, with_for_update=True)
    if office is None:
        office = PickupOffice(office_id=calendar.office_id, municipality_code=calendar.municipality_code)
        session.add(office)
    elif office.municipality_code != calendar.municipality_code:
        raise CalendarError("this office belongs to another municipality")
    office.name = calendar.name
    office.slot_minutes = calendar.slot_minutes
    office.capacity = calendar.capacity
    office.lead_days = calendar.lead_days
    session.flush()
    for h in session.execute(select(PickupHours).where(PickupHours.office_id == calendar.office_id)).scalars():
        session.delete(h)
    for d in session.execute(select(PickupHoliday).where(PickupHoliday.office_id == calendar.office_id)).scalars():
        session.delete(d)
    session.flush()
    session.add_all(PickupHours(office_id=calendar.office_id, **_hours(h)) for h in calendar.hours)
    session.add_all(PickupHoliday(office_id=calendar.office_id, day=d) for d in sorted(set(calendar.holidays)))


def _hours(h: Hours) -> dict[str, int]:
    return {"weekday": h.weekday, "opens_min": h.opens_min, "closes_min": h.closes_min}


def booked_between(
    session: Session, office_ids: Sequence[str], first: dt.datetime, last: dt.datetime
) -> dict[tuple[str, dt.datetime], int]:
    rows = session.execute(
        select(PickupBooking.office_id, PickupBooking.starts_at, PickupBooking.booked).where(
            PickupBooking.office_id.in_(office_ids), PickupBooking.starts_at >= first, PickupBooking.starts_at <= last
        )
    ).all()
    return {(o, s): n for o, s, n in rows}


def bookable_window(calendar: Calendar, now: dt.datetime, horizon_days: int) -> tuple[dt.date, dt.date]:
    today = now.astimezone(JST).date()
    return today + dt.timedelta(days=calendar.lead_days), today + dt.timedelta(days=horizon_days)


def free_slots(
    session: Session, municipality_code: str, now: dt.datetime, horizon_days: int, limit: int
) -> list[FreeSlot]:
    """The earliest slots with a free place at the municipality's offices, at most one per office and half day
    (morning / afternoon), so a short list still spreads over days."""
    calendars = offices_of(session, municipality_code)
    if not calendars or limit <= 0:
        return []
    end = now + dt.timedelta(days=horizon_days + 1)
    booked = booked_between(session, [c.office_id for c in calendars], now, end)
    found: list[FreeSlot] = []
    for calendar in calendars:
        first, last = bookable_window(calendar, now, horizon_days)
        day, halves = first, set()
        taken = 0
        while day <= last and taken < limit:
            for start in calendar.starts_on(day):
                half = (day, start.hour < 12)
                if half in halves or start <= now:
                    continue
                free = calendar.capacity - booked.get((calendar.office_id, start.astimezone(dt.UTC)), 0)
                if free > 0:
                    halves.add(half)
                    found.append(FreeSlot(calendar.office_id, calendar.name, start, free))
                    taken += 1
            day += dt.timedelta(days=1)
    found.sort(key=lambda s: (s.starts_at, s.office_id))
    return found[:limit]


def book(session: Session, calendar: Calendar, at: dt.datetime, now: dt.datetime, horizon_days: int) -> bool:
    """Take one place in the slot starting ``at``, in the caller's transaction; False when the slot is full, not a
    slot of the calendar (any more), or outside the bookable days."""
    first, last = bookable_window(calendar, now, horizon_days)
    if at <= now or not first <= at.astimezone(JST).date() <= last or not calendar.is_slot(at):
        return False
    key = {"office_id": calendar.office_id, "starts_at": at}
    insert = pg_insert(_BOOKINGS) if is_postgres(session) else sqlite_insert(_BOOKINGS)
    session.execute(insert.values(**key, booked=0).on_conflict_do_nothing(index_elements=["office_id", "starts_at"]))
    taken = session.execute(
        update(_BOOKINGS)
        .where(
            and_(
                _BOOKINGS.c.office_id == calendar.office_id,
                _BOOKINGS.c.starts_at == at,
                _BOOKINGS.c.booked < calendar.capacity,
            )
        )
        .values(booked=_BOOKINGS.c.booked + 1)
    )
    return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def release(session: Session, office_id: str, at: dt.datetime) -> None:
    """Give back a place (the application holding it was cancelled, rejected or withdrawn)."""
    session.execute(
        update(_BOOKINGS)
        .where(_BOOKINGS.c.office_id == office_id, _BOOKINGS.c.starts_at == at, _BOOKINGS.c.booked > 0)
        .values(booked=_BOOKINGS.c.booked - 1)
    )


def for_application(
    session: Session, ctx: AppContext, municipality_code: str, body: RenewalIn
) -> tuple[str | None, dt.datetime | None]:
    """The office and slot an application holds once submitted, booking the place in the caller's transaction.

    A slot taken meanwhile, closed since, or passed (an application the kiosk queued and sent later) is not an
    error: the application is accepted without a slot and the office contacts the resident to book one, so a
    queued application is never refused for it. A slot without an office (a kiosk from before calendars) is kept
    unbooked only where the municipality has no calendar yet.
    """
    at, office_id = body.reservation_slot, body.pickup_office_id
    if body.collection_method is not CollectionMethod.COUNTER_PICKUP or at is None:
        if office_id is not None:
            raise Unprocessable("pickup_office_id needs a reservation_slot")
        return None, None
    if at.tzinfo is None:
        raise Unprocessable("reservation_slot needs a timezone")
    now, horizon = ctx.clock.now(), ctx.settings.limits.pickup_horizon_days
    if office_id is None:
        if offices_of(session, municipality_code):
            raise Unprocessable("choose a slot from GET /v1/pickup-slots: pickup_office_id is missing")
        if at <= now:
            raise Unprocessable("reservation_slot is in the past")
        if at > now + dt.timedelta(days=horizon):
            raise Unprocessable(f"reservation_slot is more than {horizon} days ahead")
        return None, at
    calendar = load(session, office_id)
    if calendar is None or calendar.municipality_code != municipality_code:
        raise Unprocessable("pickup_office_id is not an issuing office of the card's municipality")
    if book(session, calendar, at, now, horizon):
        return office_id, at
    return None, None


def outcome(body: RenewalIn, slot: dt.datetime | None) -> str:
    """What became of the pick-up choice, for the audit entry (no time, no personal data)."""
    if body.collection_method is not CollectionMethod.COUNTER_PICKUP:
        return "post"
    if slot is not None:
        return "booked" if body.pickup_office_id else "unbooked"
    return "slot_taken" if body.reservation_slot is not None else "to_arrange"
