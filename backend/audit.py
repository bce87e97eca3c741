"""The append-only, hash-chained audit log.

Each entry's hash is ``SHA-256(previous hash ‖ canonical JSON of the entry)``; the first entry chains from 32
zero bytes. A transaction's entries are chained just before it commits, under a lock on the single
``audit_head`` row, so concurrent transactions (in any number of processes) extend one chain in commit order and
never fork it. ``verify`` recomputes the whole chain; any edited,
deleted, inserted or re-ordered entry breaks it at a sequence number it reports. Entries never carry personal
data: actors are kiosk or staff ids, subjects are card serials or application numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from backend.clock import Clock
from backend.models import AuditEntry, AuditHead, table

GENESIS = bytes(32)
JsonScalar = str | int | float | bool | None


_HASHED = ("seq", "at", "actor", "action", "subject", "details")


def _canonical(fields: Mapping[str, object]) -> bytes:
    doc = {name: fields[name] for name in _HASHED}
    at = doc["at"]
    assert isinstance(at, dt.datetime)
    doc["at"] = at.isoformat(timespec="microseconds")
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def entry_hash(prev_hash: bytes, fields: Mapping[str, object]) -> bytes:
    """The hash of one entry given as its column values (``seq``, ``at``, ``actor``, ``action``, ...)."""
    return hashlib.sha256(prev_hash + _canonical(fields)).digest()


_HEAD, _ENTRIES = table(AuditHead), table(AuditEntry)
_LOCK_HEAD = select(_HEAD.c.seq, _HEAD.c.entry_hash).where(_HEAD.c.id == 1).with_for_update()
_INSERT_ENTRY = insert(_ENTRIES)
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(seq=bindparam("new_seq"), entry_hash=bindparam("new_hash"))


def append(
    session: Session,
    clock: Clock,
    *,
    actor: str,
    action: str,
    subject: str,
    details: Mapping[str, JsonScalar] | None = None,
) -> None:
    """Add one entry in the caller's transaction; it exists only if that transaction commits.

    The entry is chained and written just before the transaction commits (``_write_pending``), so the chain's
    one lock is held for the last few statements of a transaction instead of from the first append to the end:
    every state change in the service appends, so that lock's hold time bounds how many the service can make.
    """
    row: dict[str, object] = {
        "at": clock.now(),
        "actor": actor,
        "action": action,
        "subject": subject,
        "details": dict(details or {}),
    }
    session.info.setdefault(_PENDING, []).append(row)


_PENDING = "mynakiosk_audit_pending"


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    """Chain this transaction's entries in order, under the head's lock, as its last statements."""
    pending: list[dict[str, object]] = session.info.pop(_PENDING, [])
    if not pending:
        return
    conn = session.connection()
    seq, prev_hash = conn.execute(_LOCK_HEAD).one()
    for row in pending:
        seq += 1
        row["seq"] = seq
        row["prev_hash"] = prev_hash
        row["entry_hash"] = prev_hash = entry_hash(prev_hash, row)
    conn.execute(_INSERT_ENTRY, pending)
    conn.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": prev_hash})


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


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
        if entry_hash(prev, {name: getattr(entry, name) for name in _HASHED}) != entry.entry_hash:
            return VerifyResult(False, count, entry.seq, "entry content does not match its hash")
        prev = entry.entry_hash
        expected_seq += 1
        count += 1
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    if head.seq != count or head.entry_hash != prev:
        return VerifyResult(False, count, count + 1, "chain tip does not match the last entry (truncated?)")
    return VerifyResult(True, count)
