"""Retention: the service keeps what an application needs only as long as it needs it.

``purge`` (``mynakiosk backend purge``, run daily) deletes expired challenges and staff sessions and idempotency
records past their retention, and drops the photo of every application that reached a final status
(handed over, rejected, withdrawn) more than ``photo_retention_days`` ago — its SHA-256 stays, for audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from backend import audit
from backend.clock import Clock
from backend.domain import RenewalStatus
from backend.models import Challenge, IdempotencyRecord, Renewal, StaffSession
from backend.settings import Limits

FINAL = (RenewalStatus.HANDED_OVER, RenewalStatus.REJECTED, RenewalStatus.WITHDRAWN)


@dataclass(frozen=True)
class Purged:
    challenges: int
    idempotency_records: int
    staff_sessions: int
    renewal_photos: int


def purge(session: Session, clock: Clock, limits: Limits, *, photo_retention_days: int = 90) -> Purged:
    now = clock.now()
    challenges = session.execute(delete(Challenge).where(Challenge.expires_at < now - dt.timedelta(days=1)))
    records = session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.created_at < now - dt.timedelta(seconds=limits.idempotency_retention_s)
        )
    )
    staff = session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
    photos = session.execute(
        update(Renewal)
        .where(
            Renewal.status.in_(FINAL),
            Renewal.updated_at < now - dt.timedelta(days=photo_retention_days),
            Renewal.photo != b"",
        )
        .values(photo=b"")
    )
    result = Purged(challenges.rowcount, records.rowcount, staff.rowcount, photos.rowcount)  # type: ignore[attr-defined]
    audit.append(
        session,
        clock,
        actor="admin:retention",
        action="retention.purged",
        subject="database",
        details=dict(result.__dict__),
    )
    return result
