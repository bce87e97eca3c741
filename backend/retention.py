"""Retention: the service keeps what an application needs only as long as it needs it.

``purge`` (``mynakiosk backend purge``, run daily) deletes expired challenges, staff sessions and replay records
and idempotency records past their retention; drops the photo and the contact (email, phone) of every application
that reached a final status (handed over, rejected, withdrawn, cancelled) more than ``photo_retention_days`` ago —
the photo's SHA-256 stays, for audit — with the name of a minor's legal representative (who represented, and with
which document, stays); and deletes PIN resets and card sessions (where a card was used, when) older than
``record_retention_days``. It first reconciles PIN resets whose confirmation never came
(:func:`backend.pin_reset.reconcile`). The audit log keeps what happened, without personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from backend import audit, pin_reset
from backend.clock import Clock
from backend.domain import RenewalStatus
from backend.models import (
    CardSession,
    Challenge,
    IdempotencyRecord,
    LegalRepresentative,
    OfficeSession,
    PinReset,
    Renewal,
    RequestReplay,
    StaffSession,
)
from backend.settings import Limits

FINAL = (RenewalStatus.HANDED_OVER, RenewalStatus.REJECTED, RenewalStatus.WITHDRAWN, RenewalStatus.CANCELLED)


@dataclass(frozen=True)
class Purged:
    challenges: int
    idempotency_records: int
    staff_sessions: int
    office_sessions: int
    renewal_photos: int
    pin_resets: int
    card_sessions: int
    unconfirmed_resets: int
    representative_names: int = 0
    """Names of minors' legal representatives dropped with their applications' photos."""


def purge(
    session: Session,
    clock: Clock,
    limits: Limits,
    *,
    photo_retention_days: int = 90,
    record_retention_days: int = 365,
) -> Purged:
    now = clock.now()
    unconfirmed = pin_reset.reconcile(session, clock, limits)
    challenges = session.execute(delete(Challenge).where(Challenge.expires_at < now - dt.timedelta(days=1)))
    records = session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.created_at < now - dt.timedelta(seconds=limits.idempotency_retention_s)
        )
    )
    staff = session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
    office = session.execute(delete(OfficeSession).where(OfficeSession.expires_at < now))
    session.execute(delete(RequestReplay).where(RequestReplay.expires_at < now))
    closed = select(Renewal.application_number).where(
        Renewal.status.in_(FINAL), Renewal.updated_at < now - dt.timedelta(days=photo_retention_days)
    )
    names = session.execute(
        update(LegalRepresentative)
        .where(LegalRepresentative.application_number.in_(closed), LegalRepresentative.sealed_name != b"")
        .values(sealed_name=b"")
    )
    photos = session.execute(
        update(Renewal)
        .where(
            Renewal.status.in_(FINAL),
            Renewal.updated_at < now - dt.timedelta(days=photo_retention_days),
            Renewal.photo != b"",
        )
        .values(photo=b"", contact_email=None, contact_phone=None)
    )
    old = now - dt.timedelta(days=record_retention_days)
    resets = session.execute(delete(PinReset).where(PinReset.created_at < old))
    sessions = session.execute(
        delete(CardSession).where(
            CardSession.created_at < old, CardSession.card_session_id.not_in(select(PinReset.card_session_id))
        )
    )
    result = Purged(
        challenges.rowcount,  # type: ignore[attr-defined]
        records.rowcount,  # type: ignore[attr-defined]
        staff.rowcount,  # type: ignore[attr-defined]
        office.rowcount,  # type: ignore[attr-defined]
        photos.rowcount,  # type: ignore[attr-defined]
        resets.rowcount,  # type: ignore[attr-defined]
        sessions.rowcount,  # type: ignore[attr-defined]
        unconfirmed,
        names.rowcount,  # type: ignore[attr-defined]
    )
    audit.append(
        session,
        clock,
        actor="admin:retention",
        action="retention.purged",
        subject="database",
        details=dict(result.__dict__),
    )
    return result
