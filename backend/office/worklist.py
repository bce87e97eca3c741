"""What the office pages show: the worklist with its counts, and one application in detail (audited).

Staff see the applications of their own municipality only. Reading an application's personal data (the holder's
basic four items, the photo, the contact) appends an audit entry in the same transaction as the read, so a view
that left no entry did not happen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from backend import audit, counts
from backend.card_auth import require_keys
from backend.context import AppContext
from backend.domain import Channel, RenewalStatus, Role
from backend.errors import Forbidden, NotFound
from backend.models import Renewal, RenewalEvent, Site, StaffAccount
from backend.office.auth import OfficeStaff
from backend.office.holders import Holder, holder_of
from backend.photo_vault import application_owner, open_photo

MAX_ROWS = 200


@dataclass(frozen=True)
class Filters:
    status: RenewalStatus | None = None
    site_id: str | None = None
    channel: Channel | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None


@dataclass(frozen=True)
class Row:
    application_number: str
    status: RenewalStatus
    site_id: str
    channel: Channel
    collection_method: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Worklist:
    rows: list[Row]
    counts: dict[RenewalStatus, int]
    sites: list[tuple[str, str]]
    truncated: bool


Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def _scoped(query: Q, staff: OfficeStaff, f: Filters) -> Q:
    query = query.where(Renewal.municipality_code == staff.municipality_code)
    if f.site_id:
        query = query.where(Renewal.site_id == f.site_id)
    if f.channel:
        query = query.where(Renewal.channel == f.channel)
    if f.first_day:
        query = query.where(Renewal.created_at >= dt.datetime.combine(f.first_day, dt.time(), counts.JST))
    if f.last_day:
        end = dt.datetime.combine(f.last_day + dt.timedelta(days=1), dt.time(), counts.JST)
        query = query.where(Renewal.created_at < end)
    return query


def worklist(session: Session, staff: OfficeStaff, f: Filters) -> Worklist:
    """Counts by status under the filters (all but the status one), and the rows (none for technicians)."""
    by_status = _scoped(select(Renewal.status, func.count()).group_by(Renewal.status), staff, f)
    tally = {RenewalStatus(s): int(n) for s, n in session.execute(by_status).all()}
    sites = [
        (s.site_id, s.name)
        for s in session.execute(
            select(Site).where(Site.municipality_code == staff.municipality_code).order_by(Site.site_id)
        ).scalars()
    ]
    if staff.role is Role.TECHNICIAN:
        return Worklist([], tally, sites, False)
    query = _scoped(select(Renewal), staff, f)
    if f.status:
        query = query.where(Renewal.status == f.status)
    found = session.execute(query.order_by(Renewal.created_at.desc()).limit(MAX_ROWS + 1)).scalars().all()
    rows = [
        Row(r.application_number, r.status, r.site_id, r.channel, r.collection_method.value, r.created_at)
        for r in found[:MAX_ROWS]
    ]
    return Worklist(rows, tally, sites, len(found) > MAX_ROWS)


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    from_status: RenewalStatus | None
    to_status: RenewalStatus
    by: str | None
    reason: str | None
    note: str | None = field(repr=False)


@dataclass(frozen=True)
class Detail:
    application_number: str
    status: RenewalStatus
    site_id: str
    channel: Channel
    collection_method: str
    created_at: dt.datetime
    holder: Holder | None = field(repr=False)
    identity_check_at_collection: bool
    verified_by_staff_id: int | None
    reservation_slot: dt.datetime | None
    contact_email: str | None = field(repr=False)
    contact_phone: str | None = field(repr=False)
    events: list[Event]
    photo_kept: bool
    """False once retention dropped the photo of a closed application."""


def _own(session: Session, staff: OfficeStaff, number: str) -> Renewal:
    if staff.role is Role.TECHNICIAN:
        raise Forbidden("technicians have no access to applications")
    renewal = session.get(Renewal, number)
    if renewal is None or renewal.municipality_code != staff.municipality_code:
        raise NotFound("no application with this number in your municipality")
    return renewal


def detail(session: Session, ctx: AppContext, staff: OfficeStaff, number: str) -> Detail:
    """One application with its holder and timeline; the view is audited in the caller's transaction."""
    renewal = _own(session, staff, number)
    names = dict(session.execute(select(StaffAccount.staff_id, StaffAccount.username)).all())
    events = [
        Event(e.at, e.from_status, e.to_status, names.get(e.staff_id) if e.staff_id else None, e.reason, e.note)
        for e in session.execute(
            select(RenewalEvent)
            .where(RenewalEvent.application_number == number)
            .order_by(RenewalEvent.at, RenewalEvent.event_id)
        ).scalars()
    ]
    holder = holder_of(session, require_keys(ctx), renewal.card_serial)
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action="office.viewed",
        subject=number,
        details={"what": "application", "role": staff.role.value},
    )
    return Detail(
        renewal.application_number,
        renewal.status,
        renewal.site_id,
        renewal.channel,
        renewal.collection_method.value,
        renewal.created_at,
        holder,
        renewal.identity_check_at_collection,
        renewal.verified_by_staff_id,
        renewal.reservation_slot,
        renewal.contact_email,
        renewal.contact_phone,
        events,
        renewal.photo != b"",
    )


def photo(session: Session, ctx: AppContext, staff: OfficeStaff, number: str) -> bytes:
    """The application's new photo, opened from the vault; the view is audited in the caller's transaction."""
    renewal = _own(session, staff, number)
    if not renewal.photo:
        raise NotFound("the photo was deleted at the end of its retention period")
    image = open_photo(require_keys(ctx), renewal.photo, application_owner(number))
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action="office.viewed",
        subject=number,
        details={"what": "photo", "role": staff.role.value},
    )
    return image
