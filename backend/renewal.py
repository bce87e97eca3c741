"""Renewal applications: channel and collection rules (L3, L4, L5, L6, A5), submission, status changes.

A kiosk renewal is an application only: identity is checked face to face at collection (交付時来庁方式).
Restricted-delivery post (本人限定受取郵便) is allowed only when an official of the resident's municipality (or,
where the policy allows, of another one) verified identity at a staffed session; the official is recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from backend import audit, counts, identity_records, renewal_rules, slots
from backend.card_auth import require_keys, valid_card
from backend.context import AppContext, KioskPrincipal
from backend.db import DirectQuery, Runner
from backend.deps import StaffPrincipal
from backend.domain import Channel, CollectionMethod, RenewalStatus, Role, Service, SiteKind
from backend.errors import (
    Conflict,
    Forbidden,
    InvalidTransition,
    NotConfigured,
    NotFound,
    ServiceDisabled,
    Unprocessable,
)
from backend.face_evidence import FaceMatcher
from backend.late_delivery import renewal_card_session
from backend.models import Renewal, RenewalEvent, table
from backend.photo_vault import PhotoVaultError, application_owner, card_owner, open_photo, seal_photo
from backend.photos import check_renewal_photo
from backend.policy import services_for
from backend.schemas import RenewalIn, RenewalOut, StaffRenewal


class Actor(Protocol):
    """Who moves an application: a staff member signed in at a kiosk (``StaffPrincipal``) or at the back office."""

    @property
    def staff_id(self) -> int: ...
    @property
    def role(self) -> Role: ...
    @property
    def municipality_code(self) -> str: ...


CHANNEL_SITES = {Channel.STAFFED_POPUP: SiteKind.POPUP, Channel.COUNTER: SiteKind.CITY_HALL}


def _application_number() -> str:
    return "A" + "".join(secrets.choice("0123456789") for _ in range(12))


def _verifier(
    body: RenewalIn, staff: StaffPrincipal | None, card_municipality: str, cross_allowed: bool
) -> StaffPrincipal | None:
    """The official who verified identity at application, if any; refuses what the rules forbid."""
    if staff is not None and staff.role is Role.TECHNICIAN:
        raise Forbidden("technicians may not submit applications")
    if body.channel is Channel.KIOSK:
        if body.collection_method is CollectionMethod.RESTRICTED_POST:
            raise Forbidden("an unstaffed kiosk application is collected at the counter (identity check there)")
        return None
    if staff is None:
        raise Forbidden(f"channel {body.channel.value} needs a staff session (Authorization: Bearer)")
    verified = staff.role is Role.OFFICIAL and (staff.municipality_code == card_municipality or cross_allowed)
    if body.collection_method is CollectionMethod.RESTRICTED_POST and not verified:
        raise Forbidden(
            "restricted-delivery post needs identity verified by an official of the resident's municipality"
        )
    return staff if verified else None


def submit(
    session: Session,
    ctx: AppContext,
    faces: FaceMatcher,
    kiosk: KioskPrincipal,
    staff: StaffPrincipal | None,
    body: RenewalIn,
    *,
    application_digest: bytes | None = None,
) -> RenewalOut:
    """``application_digest``: the body's :func:`kiosk.wire.renewal_digest`, which a late delivery's proof signs."""
    now = ctx.clock.now()
    card_session = renewal_card_session(session, ctx, kiosk, body.card_session_id, body.late_proof, application_digest)
    card = valid_card(session, card_session.card_serial)
    services = services_for(session, kiosk.site_id, kiosk.site_kind, card.municipality_code)
    if not services.allows(Service.RENEWAL):
        raise ServiceDisabled("renewal applications are not enabled for this municipality at this site")
    if body.channel in CHANNEL_SITES and kiosk.site_kind is not CHANNEL_SITES[body.channel]:
        raise Forbidden(f"channel {body.channel.value} is not possible at a {kiosk.site_kind.value} site")
    verifier = _verifier(body, staff, card.municipality_code, services.cross_municipality_verification)
    if body.collection_method is CollectionMethod.RESTRICTED_POST and (body.reservation_slot or body.pickup_office_id):
        raise Unprocessable("restricted-delivery post takes no reservation_slot")
    if session.execute(
        select(Renewal.application_number).where(Renewal.card_session_id == body.card_session_id)
    ).first():
        raise Conflict("this card session already submitted its renewal application; read the card again")
    check_renewal_photo(body.photo, ctx.settings.limits.max_photo_bytes)
    faces.check_renewal_photo(body.photo)
    if ctx.settings.face.required:
        try:
            registered = open_photo(require_keys(ctx), card.photo, card_owner(card.serial))
        except PhotoVaultError as exc:
            raise NotConfigured(
                "this card's registered photo does not open with this service's key: register the card again"
            ) from exc
        faces.check_renewal_person(registered, body.photo)
    number = _application_number()
    office_id, slot = slots.for_application(session, ctx, card.municipality_code, body)
    renewal = Renewal(
        application_number=number,
        card_session_id=body.card_session_id,
        card_serial=card.serial,
        municipality_code=card.municipality_code,
        kiosk_id=kiosk.kiosk_id,
        site_id=kiosk.site_id,
        channel=body.channel,
        collection_method=body.collection_method,
        identity_check_at_collection=verifier is None,
        verified_by_staff_id=verifier.staff_id if verifier else None,
        verifier_municipality=verifier.municipality_code if verifier else None,
        reservation_slot=slot,
        pickup_office_id=office_id,
        contact_email=body.contact.email,
        contact_phone=body.contact.phone,
        former_surname=body.former_surname,
        photo=seal_photo(require_keys(ctx), body.photo, application_owner(number)),
        photo_sha256=hashlib.sha256(body.photo).hexdigest(),
        status=RenewalStatus.RECEIVED,
        created_at=now,
        updated_at=now,
    )
    session.add(renewal)
    session.add(
        RenewalEvent(
            application_number=renewal.application_number,
            from_status=None,
            to_status=RenewalStatus.RECEIVED,
            staff_id=staff.staff_id if staff else None,
            reason=None,
            at=now,
        )
    )
    counts.bump(session, now, kiosk.site_id, body.channel.value, "renewal:received")
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}" if staff else f"kiosk:{kiosk.kiosk_id}",
        action="renewal.received",
        subject=renewal.application_number,
        details={
            "channel": body.channel.value,
            "collection": body.collection_method.value,
            "verified_by": verifier.staff_id if verifier else None,
            "card": card.serial,
            "pickup": slots.outcome(body, slot),
        },
    )
    return out(renewal)


def out(renewal: Renewal) -> RenewalOut:
    return RenewalOut.model_validate(renewal, from_attributes=True)


_RENEWALS = table(Renewal)
_STATUS = DirectQuery(
    select(
        _RENEWALS.c.application_number,
        _RENEWALS.c.status,
        _RENEWALS.c.channel,
        _RENEWALS.c.collection_method,
        _RENEWALS.c.identity_check_at_collection,
        _RENEWALS.c.reservation_slot,
        _RENEWALS.c.created_at,
        _RENEWALS.c.updated_at,
    ).where(_RENEWALS.c.application_number == bindparam("number"))
)


async def status(db: Runner, application_number: str) -> RenewalOut:
    """The public status of one application: the columns it answers with (never the photo). Kiosks poll this, so
    it is a ``DirectQuery``."""
    row = await db.fetch_one(_STATUS, {"number": application_number})
    if row is None:
        raise NotFound("no application with this number")
    return RenewalOut.model_validate(dict(row))  # an asyncpg Record or a mapping: keys, not attributes


_DECIDING_ISSUE = frozenset({RenewalStatus.APPROVED, RenewalStatus.CARD_PRODUCED})
"""Moves that send an application on to J-LIS: they wait for the records it needs (``backend.identity_records``)."""
_NEED_REASON = frozenset(
    {RenewalStatus.REJECTED, RenewalStatus.WITHDRAWN, RenewalStatus.CANCELLED, RenewalStatus.INCOMPLETE}
)

_GIVES_BACK_SLOT = frozenset({RenewalStatus.REJECTED, RenewalStatus.WITHDRAWN, RenewalStatus.CANCELLED})
"""An application that will never be collected frees its pick-up place for someone else."""


def transition(
    session: Session,
    ctx: AppContext,
    staff: Actor,
    application_number: str,
    target: RenewalStatus,
    reason: str | None,
    *,
    note: str | None = None,
    audit_details: dict[str, audit.JsonScalar] | None = None,
) -> RenewalOut:
    """Move one application to ``target`` under the rules of ``backend.renewal_rules``. ``note`` is kept with the
    event only; ``audit_details`` are added to the audit entry (never personal data)."""
    renewal = session.get(Renewal, application_number, with_for_update=True)
    if renewal is None:
        raise NotFound("no application with this number")
    if staff.municipality_code != renewal.municipality_code:
        raise Forbidden("staff may only process applications of their own municipality")
    refusal = renewal_rules.transition_error(renewal.status, target, renewal.collection_method, staff.role)
    if refusal is not None:
        raise Forbidden(refusal.reason) if refusal.by_role else InvalidTransition(refusal.reason)
    if target in _NEED_REASON and not reason:
        raise Unprocessable(f"{target.value} needs a reason")
    if target in _DECIDING_ISSUE and renewal.status in identity_records.BEFORE_APPROVAL:
        identity_records.check_approvable(session, ctx, renewal)
    now = ctx.clock.now()
    session.add(
        RenewalEvent(
            application_number=application_number,
            from_status=renewal.status,
            to_status=target,
            staff_id=staff.staff_id,
            reason=reason,
            note=note,
            at=now,
        )
    )
    renewal.status = target
    renewal.updated_at = now
    if target in _GIVES_BACK_SLOT and renewal.pickup_office_id and renewal.reservation_slot:
        if renewal.reservation_slot > now:
            slots.release(session, renewal.pickup_office_id, renewal.reservation_slot)
        renewal.pickup_office_id = None  # given back once, however often the application moves afterwards
    counts.bump(session, now, renewal.site_id, renewal.channel.value, f"renewal:{target.value}")
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action=f"renewal.{target.value}",
        subject=application_number,
        details={"role": staff.role.value, **(audit_details or {})},
    )
    return out(renewal)


def todays(session: Session, site_id: str, municipality_code: str, now: dt.datetime) -> list[StaffRenewal]:
    """Today's applications at ``site_id`` by residents of ``municipality_code``."""
    day = counts.office_day(now)
    start = dt.datetime.combine(day, dt.time(), counts.JST)
    rows = session.execute(
        select(Renewal)
        .where(
            Renewal.site_id == site_id,
            Renewal.municipality_code == municipality_code,
            Renewal.created_at >= start,
            Renewal.created_at < start + dt.timedelta(days=1),
        )
        .order_by(Renewal.created_at)
    ).scalars()
    return [StaffRenewal.model_validate(r, from_attributes=True) for r in rows]
