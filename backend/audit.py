"""The append-only, hash-chained audit log.

Each entry's hash is ``SHA-256(previous hash ‖ canonical JSON of the entry)``; the first entry chains from 32
zero bytes. A transaction writes its entries to ``audit_pending`` as it commits, taking no lock; ``seal`` (run a
few times a second by every service process, and by ``mynakiosk backend audit verify``) moves them into the chain
under a lock on the single ``audit_head`` row, so any number of processes extend one chain and never fork it.
Until sealed (well under a second while the service runs) an entry is committed but not yet tamper-evident.
``verify`` recomputes the whole chain; any edited, deleted, inserted or re-ordered entry breaks it at a sequence
number it reports. Entries never carry personal data: actors are kiosk or staff ids, subjects are card serials or
application numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, event, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from backend.clock import Clock
from backend.db import transaction
from backend.models import AuditEntry, AuditHead, AuditPending, table

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


_HEAD, _ENTRIES, _PENDING_ROWS = table(AuditHead), table(AuditEntry), table(AuditPending)
_INSERT_PENDING = insert(_PENDING_ROWS)
_LOCK_HEAD = select(_HEAD.c.seq, _HEAD.c.entry_hash).where(_HEAD.c.id == 1).with_for_update(skip_locked=True)
_OLDEST_PENDING = (
    select(
        _PENDING_ROWS.c.id,
        _PENDING_ROWS.c.at,
        _PENDING_ROWS.c.actor,
        _PENDING_ROWS.c.action,
        _PENDING_ROWS.c.subject,
        _PENDING_ROWS.c.details,
    )
    .order_by(_PENDING_ROWS.c.id)
    .limit(bindparam("batch"))
)
_INSERT_ENTRY = insert(_ENTRIES)
_DELETE_SEALED = delete(_PENDING_ROWS).where(_PENDING_ROWS.c.id.in_(bindparam("ids", expanding=True)))
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(seq=bindparam("new_seq"), entry_hash=bindparam("new_hash"))
SEAL_BATCH = 1000


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

    The transaction writes it to ``audit_pending`` (one insert for all its entries, just before it commits) and
    takes no lock: ``seal`` chains it moments later. Every state change in the service appends, so a lock taken
    here would bound how many state changes a second the whole service can make.
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
    pending: list[dict[str, object]] = session.info.pop(_PENDING, [])
    if pending:
        session.connection().execute(_INSERT_PENDING, pending)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def seal(session: Session, batch: int = SEAL_BATCH) -> int:
    """Chain up to ``batch`` committed pending entries, oldest first, in the caller's transaction; return how many.

    Holds the chain head's row lock; if another process holds it (PostgreSQL: ``SKIP LOCKED``) it returns 0 at
    once and leaves the work to that one. Each entry is chained exactly once: it leaves ``audit_pending`` in the
    same transaction that adds it to ``audit_log``.
    """
    conn = session.connection()
    head = conn.execute(_LOCK_HEAD).one_or_none()
    if head is None:
        return 0
    rows = conn.execute(_OLDEST_PENDING, {"batch": batch}).all()
    if not rows:
        return 0
    seq, prev_hash = head
    entries = []
    for row in rows:
        seq += 1
        entry: dict[str, object] = {
            "seq": seq,
            "at": row.at,
            "actor": row.actor,
            "action": row.action,
            "subject": row.subject,
            "details": row.details,
            "prev_hash": prev_hash,
        }
        entry["entry_hash"] = prev_hash = entry_hash(prev_hash, entry)
        entries.append(entry)
    conn.execute(_INSERT_ENTRY, entries)
    conn.execute(_DELETE_SEALED, {"ids": [row.id for row in rows]})
    conn.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": prev_hash})
    return len(rows)


def seal_all(factory: sessionmaker[Session], timeout_s: float = 30.0) -> int:
    """Seal until nothing is pending, each batch its own transaction, waiting out a batch another process is
    sealing at the same moment; return how many this call sealed. For the CLI and tests."""
    total = 0
    deadline = time.monotonic() + timeout_s
    while True:
        with transaction(factory) as session:
            n = seal(session)
            left = pending_count(session)
        total += n
        if left == 0:
            return total
        if n == 0:
            if time.monotonic() > deadline:
                raise TimeoutError("audit entries stay pending: another sealer holds the chain's lock")
            time.sleep(0.05)


_ANY_PENDING = select(_PENDING_ROWS.c.id).limit(1)


def has_pending(session: Session) -> bool:
    """Whether anything waits to be sealed: a read, so an idle sealer never opens a write transaction."""
    return session.connection().execute(_ANY_PENDING).first() is not None


def pending_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(_PENDING_ROWS)).scalar_one())


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
