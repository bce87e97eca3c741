"""The append-only, hash-chained audit log.

Each entry's hash is ``SHA-256(previous hash ‖ canonical JSON of the entry)``; the first entry chains from 32
zero bytes. An append locks the single ``audit_head`` row, so concurrent transactions (in any number of
processes) extend one chain in commit order and never fork it. ``verify`` recomputes the whole chain; any edited,
deleted, inserted or re-ordered entry breaks it at a sequence number it reports. Entries never carry personal
data: actors are kiosk or staff ids, subjects are card serials or application numbers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.clock import Clock
from backend.models import AuditEntry, AuditHead

GENESIS = bytes(32)
JsonScalar = str | int | float | bool | None


def _canonical(entry: AuditEntry) -> bytes:
    doc = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "details": entry.details,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def entry_hash(prev_hash: bytes, entry: AuditEntry) -> bytes:
    return hashlib.sha256(prev_hash + _canonical(entry)).digest()


def append(
    session: Session,
    clock: Clock,
    *,
    actor: str,
    action: str,
    subject: str,
    details: Mapping[str, JsonScalar] | None = None,
) -> AuditEntry:
    """Add one entry in the caller's transaction; it exists only if that transaction commits."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    entry = AuditEntry(
        seq=head.seq + 1,
        at=clock.now(),
        actor=actor,
        action=action,
        subject=subject,
        details=dict(details or {}),
        prev_hash=head.entry_hash,
        entry_hash=b"",
    )
    entry.entry_hash = entry_hash(head.entry_hash, entry)
    session.add(entry)
    head.seq = entry.seq
    head.entry_hash = entry.entry_hash
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str | None = None


def verify(session: Session) -> VerifyResult:
    """Recompute the chain from genesis; report the first entry that does not fit (and why)."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000))
    for entry in rows.scalars():
        if entry.seq != expected_seq:
            return VerifyResult(False, count, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev:
            return VerifyResult(False, count, entry.seq, "previous-hash link does not match")
        if entry_hash(prev, entry) != entry.entry_hash:
            return VerifyResult(False, count, entry.seq, "entry content does not match its hash")
        prev = entry.entry_hash
        expected_seq += 1
        count += 1
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    if head.seq != count or head.entry_hash != prev:
        return VerifyResult(False, count, count + 1, "chain tip does not match the last entry (truncated?)")
    return VerifyResult(True, count)
