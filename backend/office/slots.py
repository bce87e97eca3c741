"""``/office/slots``: the issuing offices' pick-up calendars, edited by officials of their municipality.

An official adds an office, sets its slot length, places per slot, first bookable day, opening hours per weekday
and holidays, and sees the places booked over the coming days. Contractors and technicians are refused. Every form
carries the session's CSRF token; every change is an audit entry (``pickup.office_added``,
``pickup.calendar_saved``) with the settings, never who booked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backend import audit, slots
from backend.counts import JST
from backend.db import transaction
from backend.domain import Role
from backend.errors import BackendError, Conflict, Forbidden
from backend.models import PickupOffice
from backend.office.auth import CsrfRefused, OfficeStaff, check_csrf
from backend.office.router import _ctx, _page, _refusal, _staff, _to_login, templates

router = APIRouter(include_in_schema=False)
BASE = "/office/slots"
WEEKDAYS = range(7)
OVERVIEW_DAYS = 14
MAX_HOLIDAYS = 400
_OFFICE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
DEFAULT_HOURS = tuple(slots.Hours(day, 8 * 60 + 30, 17 * 60 + 15) for day in range(5))
"""A new office opens on weekdays, 8:30-17:15, until the official says otherwise."""


@dataclass(frozen=True)
class DayLoad:
    day: dt.date
    places: int
    booked: int


@dataclass(frozen=True)
class OfficeView:
    calendar: slots.Calendar
    load: list[DayLoad]


def _official(staff: OfficeStaff) -> None:
    if staff.role is not Role.OFFICIAL:
        raise Forbidden("only officials keep the pick-up calendars")


def _overview(session: Session, calendar: slots.Calendar, now: dt.datetime) -> list[DayLoad]:
    """Places and bookings for the next ``OVERVIEW_DAYS`` open days from the first bookable one."""
    first = now.astimezone(JST).date() + dt.timedelta(days=calendar.lead_days)
    days: list[tuple[dt.date, list[dt.datetime]]] = []
    day = first
    while len(days) < OVERVIEW_DAYS and day < first + dt.timedelta(days=120):
        starts = list(calendar.starts_on(day))
        if starts:
            days.append((day, starts))
        day += dt.timedelta(days=1)
    if not days:
        return []
    booked = slots.booked_between(session, [calendar.office_id], days[0][1][0], days[-1][1][-1])
    return [
        DayLoad(d, len(starts) * calendar.capacity, sum(booked.get((calendar.office_id, s), 0) for s in starts))
        for d, starts in days
    ]


def _minutes(raw: str) -> int | None:
    """``HH:MM`` as minutes after midnight; empty: closed that day."""
    if not raw:
        return None
    try:
        at = dt.time.fromisoformat(raw)
    except ValueError:
        raise slots.CalendarError("times are HH:MM") from None
    return at.hour * 60 + at.minute


def _number(raw: str, name: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise slots.CalendarError(f"{name} must be a whole number") from None


def _holidays(raw: str) -> tuple[dt.date, ...]:
    lines = [line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip()]
    if len(lines) > MAX_HOLIDAYS:
        raise slots.CalendarError(f"at most {MAX_HOLIDAYS} holidays")
    try:
        return tuple(sorted({dt.date.fromisoformat(line) for line in lines}))
    except ValueError:
        raise slots.CalendarError("holidays are dates, YYYY-MM-DD, one a line") from None


def calendar_from_form(office_id: str, municipality: str, form: dict[str, str]) -> slots.Calendar:
    """The calendar an edit form describes (checked by :meth:`backend.slots.Calendar.check` when saved)."""
    hours = []
    for day in WEEKDAYS:
        opens, closes = _minutes(form.get(f"opens_{day}", "")), _minutes(form.get(f"closes_{day}", ""))
        if (opens is None) != (closes is None):
            raise slots.CalendarError("give both the opening and the closing time, or neither")
        if opens is not None and closes is not None:
            hours.append(slots.Hours(day, opens, closes))
    name = form.get("name", "").strip()[:200]
    if not name:
        raise slots.CalendarError("the office needs a name")
    return slots.Calendar(
        office_id,
        municipality,
        name,
        _number(form.get("slot_minutes", ""), "slot length"),
        _number(form.get("capacity", ""), "places"),
        _number(form.get("lead_days", ""), "first bookable day"),
        tuple(hours),
        _holidays(form.get("holidays", "")),
    )


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v[:4000] for k, v in form.items() if isinstance(v, str)}


def _show(request: Request, staff: OfficeStaff, status: int = 200, error: str | None = None) -> Response:
    ctx = _ctx(request)
    with ctx.reads() as session:
        views = [
            OfficeView(c, _overview(session, c, ctx.clock.now()))
            for c in slots.offices_of(session, staff.municipality_code)
        ]
    return _page(
        request, "slots.html", status, staff=staff, offices=views, weekdays=list(WEEKDAYS), error=error,
        done=request.query_params.get("done"),
    )  # fmt: skip


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


templates.env.filters["hhmm"] = _hhmm


@router.get(BASE)
def calendars(request: Request) -> Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    try:
        _official(staff)
    except Forbidden as exc:
        return _refusal(request, staff, exc, "/office/applications")
    return _show(request, staff)


def _save(request: Request, staff: OfficeStaff, calendar: slots.Calendar, *, new: bool) -> None:
    ctx = _ctx(request)
    with transaction(ctx.sessions) as session:
        exists = session.get(PickupOffice, calendar.office_id) is not None
        if new and exists:
            raise Conflict("an office with this id exists already")
        if not new and not exists:
            raise slots.CalendarError("no such office")
        slots.save(session, calendar)
        audit.append(
            session,
            ctx.clock,
            actor=f"staff:{staff.staff_id}",
            action="pickup.office_added" if new else "pickup.calendar_saved",
            subject=f"office:{calendar.office_id}",
            details={
                "slot_minutes": calendar.slot_minutes,
                "capacity": calendar.capacity,
                "lead_days": calendar.lead_days,
                "open_weekdays": "".join(str(h.weekday) for h in calendar.hours),
                "holidays": len(calendar.holidays),
            },
        )


async def _post(request: Request, office_id: str | None) -> Response:
    staff = await run_in_threadpool(_staff, request)
    if staff is None:
        return _to_login()
    form = await _form(request)
    try:
        check_csrf(staff.csrf_token, form.get("csrf"))
        _official(staff)
        if office_id is None:
            new_id = form.get("office_id", "").strip().lower()
            if not _OFFICE_ID.match(new_id):
                raise slots.CalendarError("an office id is lowercase letters, digits, '.', '_' or '-'")
            calendar = slots.Calendar(
                new_id, staff.municipality_code, form.get("name", "").strip()[:200] or new_id, 30, 1, 49,
                DEFAULT_HOURS, (),
            )  # fmt: skip
        else:
            calendar = calendar_from_form(office_id[:64], staff.municipality_code, form)
        await run_in_threadpool(_save, request, staff, calendar, new=office_id is None)
    except slots.CalendarError as exc:
        return await run_in_threadpool(_show, request, staff, 422, exc.detail)
    except (CsrfRefused, BackendError) as exc:
        return _refusal(request, staff, exc, BASE)
    anchor = calendar.office_id
    return RedirectResponse(f"{BASE}?done={anchor}#office-{anchor}", status_code=303)


@router.post(BASE)
async def add_office(request: Request) -> Response:
    return await _post(request, None)


@router.post(BASE + "/{office_id}")
async def save_calendar(request: Request, office_id: str) -> Response:
    return await _post(request, office_id)
