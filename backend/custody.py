"""Custody of produced cards at the issuing offices (B3, B6, B9): receive a J-LIS delivery, store each card at a
location, hand it over at the counter (the official records the identity check), return it to J-LIS or destroy it;
stocktakes per office; cards left uncollected too long.

Each move is a state transition: done again it changes nothing and says so (``Moved.repeated``); refused with the
service's typed errors when the state or the role does not allow it. The application's status follows through
``backend.renewal.transition`` (received → pre-issuance set-up, stored → ready for pick-up, handed over), and J-LIS's
state with it (⑥, ⑧, ⑨). Every move is audited; no personal data goes in the ledger (numbers, places, ids).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit, renewal
from backend.context import AppContext
from backend.domain import CollectionMethod, CustodyState, IdentityDocument, JlisState, RenewalStatus, Role, SiteKind
from backend.errors import Forbidden, InvalidTransition, NotFound, Unprocessable
from backend.models import CardCustody, InventoryCount, JlisApplication, Renewal, Site
from backend.renewal import Actor

HELD = (CustodyState.RECEIVED, CustodyState.STORED)
CLOSING = frozenset({RenewalStatus.CANCELLED, RenewalStatus.WITHDRAWN, RenewalStatus.REJECTED})
MAX_COUNTED = 5000


@dataclass(frozen=True)
class Moved:
    cards: int
    repeated: bool
    """True when the move had already been made: nothing changed."""


def _clerk(staff: Actor) -> None:
    if staff.role is Role.TECHNICIAN:
        raise Forbidden("technicians have no access to cards in custody")


def _official(staff: Actor) -> None:
    if staff.role is not Role.OFFICIAL:
        raise Forbidden("only a municipal official may hand over, return or destroy a card")


def offices(session: Session, municipality_code: str) -> list[Site]:
    """The municipality's issuing offices (city-hall sites)."""
    return list(
        session.execute(
            select(Site)
            .where(Site.municipality_code == municipality_code, Site.kind == SiteKind.CITY_HALL)
            .order_by(Site.site_id)
        ).scalars()
    )


def _office(session: Session, staff: Actor, site_id: str) -> Site:
    site = session.get(Site, site_id)
    if site is None or site.municipality_code != staff.municipality_code or site.kind is not SiteKind.CITY_HALL:
        raise NotFound("no issuing office with this id in your municipality")
    return site


@dataclass(frozen=True)
class Delivery:
    delivery_id: str
    applications: tuple[str, ...]


def expected_deliveries(session: Session, municipality_code: str) -> list[Delivery]:
    """J-LIS deliveries shipped (⑤) and not yet received."""
    rows = session.execute(
        select(JlisApplication.delivery_id, JlisApplication.application_number)
        .join(Renewal)
        .where(Renewal.municipality_code == municipality_code, JlisApplication.state == JlisState.SHIPPED.value)
        .order_by(JlisApplication.delivery_id, JlisApplication.application_number)
    ).all()
    grouped: dict[str, list[str]] = {}
    for delivery, number in rows:
        grouped.setdefault(delivery or "", []).append(number)
    return [Delivery(d, tuple(n)) for d, n in grouped.items()]


def _jlis_state(session: Session, number: str, state: JlisState, at: dt.datetime) -> None:
    row = session.get(JlisApplication, number)
    if row is not None:
        row.state, row.updated_at = state.value, at


def receive(session: Session, ctx: AppContext, staff: Actor, delivery_id: str, site_id: str) -> Moved:
    """Take a J-LIS delivery into the custody of office ``site_id``."""
    _clerk(staff)
    _office(session, staff, site_id)
    rows = (
        session.execute(
            select(JlisApplication)
            .join(Renewal)
            .where(JlisApplication.delivery_id == delivery_id, Renewal.municipality_code == staff.municipality_code)
            .with_for_update()
        )
        .scalars()
        .all()
    )
    if not rows:
        raise NotFound("no delivery with this id for your municipality")
    now = ctx.clock.now()
    taken = 0
    for row in rows:
        if session.get(CardCustody, row.application_number) is not None:
            continue
        if row.state != JlisState.SHIPPED.value:
            continue  # cancelled by J-LIS meanwhile: never shipped
        app = session.get(Renewal, row.application_number)
        if app is not None and app.status not in CLOSING:  # a cancelled issue's card arrives all the same
            renewal.transition(
                session,
                ctx,
                staff,
                row.application_number,
                RenewalStatus.PRE_ISSUANCE_SETUP,
                None,
                audit_details={"via": "custody", "delivery": delivery_id},
            )
        session.add(
            CardCustody(
                application_number=row.application_number,
                delivery_id=delivery_id,
                site_id=site_id,
                state=CustodyState.RECEIVED,
                received_at=now,
            )
        )
        row.state, row.updated_at = JlisState.RECEIVED.value, now
        taken += 1
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action="custody.received",
        subject=delivery_id,
        details={"site": site_id, "cards": taken},
    )
    return Moved(taken, taken == 0)


def _held(session: Session, staff: Actor, number: str) -> tuple[CardCustody, Renewal]:
    row = session.get(CardCustody, number, with_for_update=True)
    app = session.get(Renewal, number)
    if row is None or app is None or app.municipality_code != staff.municipality_code:
        raise NotFound("no card in custody for this application in your municipality")
    return row, app


def store(session: Session, ctx: AppContext, staff: Actor, number: str, location: str) -> Moved:
    """Put a received card at ``location`` (or move a stored one there); the card is then ready to hand over."""
    _clerk(staff)
    location = location.strip()
    if not 0 < len(location) <= 64 or not location.isprintable():
        raise Unprocessable("give the storage location (at most 64 characters)")
    row, app = _held(session, staff, number)
    if row.state not in HELD:
        raise InvalidTransition(f"the card is {row.state.value}, no longer held")
    if row.state is CustodyState.STORED and row.location == location:
        return Moved(1, True)
    now = ctx.clock.now()
    first = row.state is CustodyState.RECEIVED
    set_up = first and app.status is RenewalStatus.PRE_ISSUANCE_SETUP  # not a cancelled issue's card, kept to dispose
    if set_up and app.collection_method is CollectionMethod.COUNTER_PICKUP:
        renewal.transition(
            session, ctx, staff, number, RenewalStatus.READY_FOR_PICKUP, None, audit_details={"via": "custody"}
        )
    row.state, row.location = CustodyState.STORED, location
    row.stored_at = row.stored_at or now
    if set_up:
        _jlis_state(session, number, JlisState.SET_UP, now)
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action="custody.stored" if first else "custody.moved",
        subject=number,
        details={"site": row.site_id, "location": location},
    )
    return Moved(1, False)


def hand_over(
    session: Session, ctx: AppContext, staff: Actor, number: str, document: IdentityDocument, face_compared: bool
) -> Moved:
    """Hand a stored card to its holder at the counter; the official records the identity check."""
    _official(staff)
    row, app = _held(session, staff, number)
    if row.state is CustodyState.HANDED_OVER:
        return Moved(1, True)
    if row.state is not CustodyState.STORED:
        raise InvalidTransition(f"only a stored card can be handed over; this one is {row.state.value}")
    if app.collection_method is not CollectionMethod.COUNTER_PICKUP:
        raise InvalidTransition("this card goes by restricted-delivery post, not over the counter")
    if not face_compared:
        raise Unprocessable("compare the holder's face with the card before handing it over")
    now = ctx.clock.now()
    renewal.transition(
        session,
        ctx,
        staff,
        number,
        RenewalStatus.HANDED_OVER,
        None,
        audit_details={"via": "custody", "document": document.value, "face_compared": True},
    )
    row.state, row.closed_at, row.closed_by_staff_id = CustodyState.HANDED_OVER, now, staff.staff_id
    row.identity_document, row.face_compared = document, True
    _jlis_state(session, number, JlisState.ISSUED, now)
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action="custody.handed_over",
        subject=number,
        details={"site": row.site_id, "document": document.value},
    )
    return Moved(1, False)


def dispose(session: Session, ctx: AppContext, staff: Actor, number: str, how: CustodyState) -> Moved:
    """Return a card to J-LIS or destroy it; only a card whose issue was stopped (cancelled, withdrawn, rejected)."""
    if how not in (CustodyState.RETURNED, CustodyState.DESTROYED):
        raise Unprocessable("a card is either returned to J-LIS or destroyed")
    _official(staff)
    row, app = _held(session, staff, number)
    if row.state is how:
        return Moved(1, True)
    if row.state not in HELD:
        raise InvalidTransition(f"the card is {row.state.value}, no longer held")
    if app.status not in CLOSING:
        raise InvalidTransition("cancel the issue (交付取止め) before returning or destroying the card")
    row.state, row.closed_at, row.closed_by_staff_id = how, ctx.clock.now(), staff.staff_id
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action=f"custody.{how.value}",
        subject=number,
        details={"site": row.site_id},
    )
    return Moved(1, False)


@dataclass(frozen=True)
class Held:
    application_number: str
    state: CustodyState
    location: str | None
    received_at: dt.datetime
    stored_at: dt.datetime | None
    status: RenewalStatus
    uncollected: bool
    """Stored longer than ``Limits.uncollected_warning_months``."""


def months_before(at: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` calendar months earlier (the month's last day when it has no such day)."""
    total = at.year * 12 + at.month - 1 - months
    year, month = divmod(total, 12)
    day = at.day
    while True:
        try:
            return at.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


def held_cards(session: Session, ctx: AppContext, staff: Actor, site_id: str) -> list[Held]:
    """The cards office ``site_id`` holds, with the uncollected ones marked."""
    _clerk(staff)
    _office(session, staff, site_id)
    limit = months_before(ctx.clock.now(), ctx.settings.limits.uncollected_warning_months)
    rows = session.execute(
        select(CardCustody, Renewal.status)
        .join(Renewal)
        .where(CardCustody.site_id == site_id, CardCustody.state.in_(HELD))
        .order_by(CardCustody.received_at, CardCustody.application_number)
    ).all()
    return [
        Held(
            c.application_number,
            c.state,
            c.location,
            c.received_at,
            c.stored_at,
            status,
            c.stored_at is not None and c.stored_at <= limit,
        )
        for c, status in rows
    ]


def custody_of(session: Session, staff: Actor, number: str) -> tuple[CardCustody, Renewal]:
    _clerk(staff)
    row = session.get(CardCustody, number)
    app = session.get(Renewal, number)
    if row is None or app is None or app.municipality_code != staff.municipality_code:
        raise NotFound("no card in custody for this application in your municipality")
    return row, app


def reconcile(session: Session, ctx: AppContext, staff: Actor, site_id: str, counted: list[str]) -> InventoryCount:
    """Record a stocktake at office ``site_id``: the cards the ledger holds there against ``counted`` (application
    numbers read from the cards' slips); the differences are listed both ways."""
    _clerk(staff)
    _office(session, staff, site_id)
    seen = {c.strip() for c in counted if c.strip()}
    if len(seen) > MAX_COUNTED:
        raise Unprocessable(f"at most {MAX_COUNTED} cards in one count")
    expected = set(
        session.execute(
            select(CardCustody.application_number).where(CardCustody.site_id == site_id, CardCustody.state.in_(HELD))
        ).scalars()
    )
    row = InventoryCount(
        site_id=site_id,
        staff_id=staff.staff_id,
        at=ctx.clock.now(),
        expected=len(expected),
        counted=len(seen),
        missing=sorted(expected - seen),
        unexpected=sorted(seen - expected),
    )
    session.add(row)
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action="custody.reconciled",
        subject=site_id,
        details={
            "expected": row.expected,
            "counted": row.counted,
            "missing": len(row.missing),
            "unexpected": len(row.unexpected),
        },
    )
    return row


def last_count(session: Session, site_id: str) -> InventoryCount | None:
    return session.execute(
        select(InventoryCount).where(InventoryCount.site_id == site_id).order_by(InventoryCount.at.desc()).limit(1)
    ).scalar_one_or_none()
