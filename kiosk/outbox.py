"""A durable, encrypted on-disk queue of submissions accepted from residents.

* ``put`` returns only after the item is committed with SQLite ``synchronous=FULL`` (fsync of the database and its
  journal): a power cut after a resident was told "accepted" cannot lose the submission.
* Each item carries an idempotency key generated once, at ``put``; delivery re-sends the same key, so delivery is
  at-least-once and the backend applies each submission exactly once.
* Payloads (they hold personal data: the new photo, contact details) are encrypted with AES-256-GCM under the
  kiosk's outbox key, with the item's key and kind as associated data; a tampered or swapped row fails to open.
* Delivered items keep only their result (e.g. the application number), not the payload.

What can go wrong with the file itself, and what happens (docs/reliability.md has the whole table):

* **The wrong key.** A key-check record, written when the file is made, is opened first: a wrong key is
  :class:`OutboxKeyError` at open, before anything is stored under it.
* **One row that does not open** (tampered, or written under another key): it is *set aside* — kept, encrypted,
  state ``set_aside``, for the technician — and the queue goes on with the next one.
* **A damaged file** (a half-written copy, garbage): :class:`OutboxCorrupt` at open, naming the file; SQLite's own
  ``quick_check`` runs at every open.
* **Items that vanished** (a 0-byte file, a lost ``-wal`` after a crash, an older copy restored): every ``put``
  also raises a high-water sequence kept in a small file beside the database (``<name>.seq``), written after the
  commit. At open, a database whose highest item is below that mark has lost items: the loss is recorded in the
  database (:meth:`Outbox.losses`, reported by ``mynakiosk doctor``) and logged, and new items continue above the
  mark, so the numbers show the gap.
* **Delivery.** Only a permanent refusal (:func:`kiosk.backend_client.is_permanent`) ends an item, as ``refused``
  with the problem type kept for staff; any other failure leaves it pending with its last error and a time before
  which it is not tried again (exponential back-off per item).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.backend_client import BackendError, BackendRefused, BackendUnavailable, is_permanent

log = logging.getLogger(__name__)

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    created REAL NOT NULL,
    nonce BLOB,
    ciphertext BLOB,
    state TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | refused | set_aside
    attempts INTEGER NOT NULL DEFAULT 0,
    result TEXT,          -- JSON answer of the backend (no personal data) once delivered
    refusal TEXT          -- problem type when the backend refused (kept for staff review)
)
""",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
    """
CREATE TABLE IF NOT EXISTS losses (
    found REAL NOT NULL,      -- when the loss was found (at open)
    first_id INTEGER NOT NULL,
    last_id INTEGER NOT NULL, -- items first_id..last_id had been stored and are no longer in the file
    how TEXT NOT NULL
)
""",
)
COLUMNS = {"last_error": "TEXT", "next_attempt": "REAL NOT NULL DEFAULT 0"}  # added by this version
STATES = ("pending", "delivered", "refused", "set_aside")
KEY_CHECK = b"mynakiosk-outbox-key-check-v1"
_SELECT = "SELECT id, idempotency_key, kind, nonce, ciphertext FROM items WHERE state = 'pending'"
PENDING = f"{_SELECT} ORDER BY id"
PENDING_BY_KEY = f"{_SELECT} AND idempotency_key = ?"
PENDING_DUE = f"{_SELECT} AND next_attempt <= ? ORDER BY id"
FRESH_GRACE_S = 60.0  # a new item is its sender's to deliver first; the background deliverer takes it after this
RETRY_FIRST_S = 30.0  # a queued item that failed waits this long, doubling with each failure...
RETRY_MAX_S = 3600.0  # ...up to an hour


P = ParamSpec("P")
R = TypeVar("R")


def _locked(method: Callable[Concatenate[Outbox, P], R]) -> Callable[Concatenate[Outbox, P], R]:
    """One thread at a time on the connection (the flows' worker and the background deliverer share it)."""

    def run(box: Outbox, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with box._lock:
            return method(box, *args, **kwargs)

    run.__name__, run.__doc__ = method.__name__, method.__doc__
    return run


class OutboxError(Exception):
    """The outbox cannot do what was asked; the message says what, never what an item holds."""


class OutboxKeyError(OutboxError):
    """The key given does not open this outbox (its key-check record): nothing was read or stored."""


class OutboxCorrupt(OutboxError):
    """The outbox file is damaged (SQLite cannot read it, or its own check fails)."""


class OutboxNotStored(OutboxError):
    """``put`` could not store the item (a full disk, a read-only file): nothing was accepted."""


class OutboxItemUnreadable(OutboxError):
    """One stored item does not open with this kiosk's key; it was set aside for the technician."""


@dataclass(frozen=True)
class Item:
    id: int
    idempotency_key: str
    kind: str
    payload: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Problem:
    """An item that is not pending: refused by the backend or set aside; what staff review (no personal data)."""

    # Not personal, but hidden from reprs like every text field the privacy walk has no reason written for.
    idempotency_key: str = field(repr=False)
    kind: str = field(repr=False)
    created: float = field(repr=False)
    state: str = field(repr=False)
    reason: str = field(repr=False)


@dataclass(frozen=True)
class Loss:
    """Items that had been stored and were missing from the file when it was opened."""

    found: float
    first_id: int
    last_id: int
    how: str = field(repr=False)

    @property
    def count(self) -> int:
        return self.last_id - self.first_id + 1


@dataclass
class DeliveryReport:
    delivered: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (idempotency key, result)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (idempotency key, problem type)
    deferred: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (idempotency key, temporary error)
    set_aside: int = 0
    still_pending: int = 0
    offline: bool = False


def describe(exc: BackendError) -> str:
    """A one-line, non-personal account of a delivery failure, kept with the item for staff."""
    if isinstance(exc, BackendRefused):
        return f"{exc.status} {exc.slug}"
    return f"{type(exc).__name__}: {exc}"


class Outbox:
    def __init__(self, path: Path, key: bytes, *, clock: Callable[[], float] = time.time) -> None:
        if len(key) != 32:
            raise OutboxError("the outbox key must be 32 bytes (AES-256)")
        self.path = path
        self._aead = AESGCM(key)
        self._clock = clock
        self._lock = threading.RLock()
        self._seq_path = path.with_name(path.name + ".seq")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        except sqlite3.Error as exc:
            raise OutboxCorrupt(f"{path} cannot be opened ({exc})") from None
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise OutboxCorrupt(
                f"{path} is damaged ({exc}); move it aside (keep it: it may hold residents' submissions) and restart"
            ) from None
        except OutboxError:
            self._db.close()
            raise

    def _open(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        verdict = self._value("PRAGMA quick_check")
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {verdict}")
        for statement in SCHEMA:
            self._db.execute(statement)
        present = {row[1] for row in self._db.execute("PRAGMA table_info(items)")}
        for name, decl in COLUMNS.items():
            if name not in present:
                self._db.execute(f"ALTER TABLE items ADD COLUMN {name} {decl}")
        self._check_key()
        self._check_high_water()

    @_locked
    def close(self) -> None:
        self._db.close()

    def _value(self, query: str, args: tuple[Any, ...] = ()) -> Any:
        """The one column of the first row ``query`` answers (None: no row)."""
        row = self._db.execute(query, args).fetchone()
        if row is None:
            return None
        (value,) = row  # a query with more columns is a mistake, not something to read past
        return value

    # --- the file's own checks ------------------------------------------------------------------------------------

    def _meta(self, name: str) -> bytes | None:
        value = self._value("SELECT value FROM meta WHERE name = ?", (name,))
        return None if value is None else bytes(value)

    def _check_key(self) -> None:
        record = self._meta("key_check")
        if record is None:
            # A new file, or one from before key-check records: a stored row must open before the key is trusted
            # (any of the first few: one tampered row is set aside later, it does not make the key wrong).
            rows = self._db.execute(
                "SELECT idempotency_key, kind, nonce, ciphertext FROM items WHERE ciphertext IS NOT NULL LIMIT 5"
            ).fetchall()
            if rows and all(self._open_row(*row) is None for row in rows):
                raise OutboxKeyError(f"{self.path}: this key does not open the items stored there (wrong key?)")
            nonce = os.urandom(12)
            sealed = nonce + self._aead.encrypt(nonce, KEY_CHECK, b"key-check")
            self._db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('key_check', ?)", (sealed,))
            return
        try:
            opened = self._aead.decrypt(record[:12], record[12:], b"key-check")
        except (InvalidTag, ValueError):
            raise OutboxKeyError(f"{self.path}: this key does not open the outbox (wrong key?)") from None
        if opened != KEY_CHECK:
            raise OutboxKeyError(f"{self.path}: the key-check record is not this software's")

    def _high_water(self) -> int:
        try:
            return int(self._seq_path.read_text().strip() or 0)
        except FileNotFoundError:
            return 0
        except ValueError:
            raise OutboxCorrupt(
                f"{self._seq_path} is not a sequence number; the outbox cannot tell what it lost"
            ) from None

    def _raise_high_water(self, value: int) -> None:
        temporary = self._seq_path.with_name(self._seq_path.name + ".tmp")
        with open(temporary, "w") as out:
            out.write(f"{value}\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self._seq_path)

    def _check_high_water(self) -> None:
        mark = self._high_water()
        highest = int(self._value("SELECT seq FROM sqlite_sequence WHERE name = 'items'") or 0)
        if highest >= mark:
            if highest > mark:
                self._raise_high_water(highest)
            return
        how = "the file is empty" if highest == 0 else "items newer than the file's last are missing"
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT INTO losses (found, first_id, last_id, how) VALUES (?, ?, ?, ?)",
                (self._clock(), highest + 1, mark, how),
            )
            # New items are numbered above the mark, so the gap stays visible in the numbers too.
            if self._db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'items'", (mark,)).rowcount == 0:
                self._db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('items', ?)", (mark,))
        log.error("outbox %s: %d stored item(s) are missing (%s)", self.path, mark - highest, how)

    @_locked
    def losses(self) -> list[Loss]:
        """Every loss found at an open, oldest first."""
        rows = self._db.execute("SELECT found, first_id, last_id, how FROM losses ORDER BY rowid").fetchall()
        return [Loss(*row) for row in rows]

    # --- storing and reading --------------------------------------------------------------------------------------

    @staticmethod
    def _aad(key: str, kind: str) -> bytes:
        return f"mynakiosk-outbox-v1|{kind}|{key}".encode()

    def _open_row(self, key: str, kind: str, nonce: bytes, blob: bytes) -> dict[str, Any] | None:
        try:
            payload = json.loads(self._aead.decrypt(nonce, blob, self._aad(key, kind)))
        except (InvalidTag, ValueError):
            return None
        return payload if isinstance(payload, dict) else None

    @_locked
    def put(self, kind: str, payload: dict[str, Any], *, idempotency_key: str | None = None) -> str:
        """Store ``payload`` durably; returns its idempotency key. Once this returns, the item survives a crash."""
        key = idempotency_key or str(uuid.uuid4())
        nonce = os.urandom(12)
        blob = self._aead.encrypt(nonce, json.dumps(payload, separators=(",", ":")).encode(), self._aad(key, kind))
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                cursor = self._db.execute(
                    "INSERT INTO items (idempotency_key, kind, created, nonce, ciphertext, next_attempt) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (key, kind, self._clock(), nonce, blob, self._clock() + FRESH_GRACE_S),
                )
        except sqlite3.OperationalError as exc:  # the disk is full, or the file went read-only: rolled back
            raise OutboxNotStored(f"{self.path}: the item was not stored ({exc}); nothing was accepted") from None
        try:
            self._raise_high_water(int(cursor.lastrowid or 0))
        except OSError as exc:
            # The item IS stored: failing the put now would tell a resident "not accepted" about an item that will
            # be delivered. Only the loss detection is weaker until the next put writes the mark.
            log.error("outbox %s: stored, but the high-water mark was not written (%s)", self.path, exc.strerror)
        return key

    @_locked
    def _set_aside(self, row_id: int) -> None:
        with self._db:
            self._db.execute(
                "UPDATE items SET state = 'set_aside', last_error = 'does not open with this kiosk''s key' "
                "WHERE id = ?",
                (row_id,),
            )
        log.error("outbox %s: item %d does not open with this kiosk's key; set aside", self.path, row_id)

    @_locked
    def _items(self, query: str, args: tuple[Any, ...]) -> tuple[list[Item], int]:
        rows = self._db.execute(query, args).fetchall()
        items, aside = [], 0
        for row_id, key, kind, nonce, blob in rows:
            payload = self._open_row(key, kind, nonce, blob)
            if payload is None:
                self._set_aside(row_id)
                aside += 1
            else:
                items.append(Item(row_id, key, kind, payload))
        return items, aside

    def pending(self) -> list[Item]:
        """Every pending item that opens; one that does not is set aside (state ``set_aside``), not raised."""
        return self._items(PENDING, ())[0]

    def get(self, idempotency_key: str) -> Item:
        """The pending item with this key, read alone (``OutboxError`` if there is none; ``OutboxItemUnreadable``
        if it does not open, after setting it aside)."""
        items, aside = self._items(PENDING_BY_KEY, (idempotency_key,))
        if aside:
            raise OutboxItemUnreadable("that outbox item does not open with this kiosk's key; it was set aside")
        if not items:
            raise OutboxError("no pending outbox item with that key")
        return items[0]

    @_locked
    def holds(self, idempotency_key: str) -> bool:
        """Whether an item with this key was ever stored here (in any state)."""
        return self._value("SELECT 1 FROM items WHERE idempotency_key = ?", (idempotency_key,)) is not None

    @_locked
    def counts(self) -> dict[str, int]:
        rows = self._db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall()
        return dict.fromkeys(STATES, 0) | {state: n for state, n in rows}

    @_locked
    def oldest_pending(self) -> float | None:
        """When the oldest pending item was stored (None: nothing pending)."""
        oldest = self._value("SELECT MIN(created) FROM items WHERE state = 'pending'")
        return None if oldest is None else float(oldest)

    @_locked
    def problems(self) -> list[Problem]:
        """Items refused for good or set aside, oldest first: what staff must look at."""
        rows = self._db.execute(
            "SELECT idempotency_key, kind, created, state, COALESCE(refusal, last_error, '') FROM items "
            "WHERE state IN ('refused', 'set_aside') ORDER BY id"
        ).fetchall()
        return [Problem(*row) for row in rows]

    @_locked
    def result(self, idempotency_key: str) -> dict[str, Any] | None:
        result = self._value("SELECT result FROM items WHERE idempotency_key = ?", (idempotency_key,))
        return json.loads(result) if result else None

    @_locked
    def mark_delivered(self, idempotency_key: str, result: dict[str, Any]) -> None:
        """The backend accepted the item: keep its answer (no personal data), drop the encrypted payload."""
        with self._db:
            self._db.execute(
                "UPDATE items SET state = 'delivered', result = ?, last_error = NULL, nonce = NULL, ciphertext = NULL "
                "WHERE idempotency_key = ?",
                (json.dumps(result), idempotency_key),
            )

    @_locked
    def mark_refused(self, idempotency_key: str, problem_type: str) -> None:
        """The backend refused the item for good: keep why, for staff review; drop the personal payload."""
        with self._db:
            self._db.execute(
                "UPDATE items SET state = 'refused', refusal = ?, nonce = NULL, ciphertext = NULL "
                "WHERE idempotency_key = ?",
                (problem_type, idempotency_key),
            )

    @_locked
    def mark_failed(self, idempotency_key: str, error: str) -> None:
        """A temporary failure: the item stays pending, with ``error`` for staff and a back-off before the next try."""
        attempts = self._value("SELECT attempts FROM items WHERE idempotency_key = ?", (idempotency_key,))
        if attempts is None:
            return  # no such item: nothing to record
        wait = min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** max(0, int(attempts) - 1))
        with self._db:
            self._db.execute(
                "UPDATE items SET last_error = ?, next_attempt = ? WHERE idempotency_key = ? AND state = 'pending'",
                (error, self._clock() + wait, idempotency_key),
            )

    @_locked
    def settle(self, idempotency_key: str, exc: BackendError) -> bool:
        """Record a failed send: refused for good if ``exc`` is permanent (returns True), else still pending."""
        if is_permanent(exc):
            assert isinstance(exc, BackendRefused)
            self.mark_refused(idempotency_key, exc.problem_type)
            return True
        self.mark_failed(idempotency_key, describe(exc))
        return False

    @_locked
    def next_due(self) -> float | None:
        """When the earliest pending item may be tried again (None: nothing pending)."""
        due = self._value("SELECT MIN(next_attempt) FROM items WHERE state = 'pending'")
        return None if due is None else float(due)

    def deliver(
        self, send: Callable[[Item], dict[str, Any]], *, limit: int = 100, due_only: bool = False
    ) -> DeliveryReport:
        """Send pending items in order until the network is found down.

        ``send`` must pass ``item.idempotency_key`` to the backend. A permanent refusal ends that item (kept,
        ``refused``, for staff); any other error keeps it pending with its last error and a back-off, and delivery
        goes on with the next. ``due_only`` skips items still in their back-off (the background deliverer); staff
        pressing "send now" try everything.
        """
        report = DeliveryReport()
        if due_only:
            items, report.set_aside = self._items(PENDING_DUE, (self._clock(),))
        else:
            items, report.set_aside = self._items(PENDING, ())
        for item in items[:limit]:
            with self._lock:
                self._db.execute("UPDATE items SET attempts = attempts + 1 WHERE id = ?", (item.id,))
            try:
                result = send(item)
            except BackendUnavailable as exc:
                self.mark_failed(item.idempotency_key, describe(exc))
                report.deferred.append((item.idempotency_key, describe(exc)))
                report.offline = True
                break
            except BackendError as exc:
                if self.settle(item.idempotency_key, exc):
                    assert isinstance(exc, BackendRefused)
                    report.refused.append((item.idempotency_key, exc.problem_type))
                else:
                    report.deferred.append((item.idempotency_key, describe(exc)))
                continue
            self.mark_delivered(item.idempotency_key, result)
            report.delivered.append((item.idempotency_key, result))
        report.still_pending = self.counts()["pending"]
        return report
