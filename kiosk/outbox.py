"""A durable, encrypted on-disk queue of submissions accepted from residents.

* ``put`` returns only after the item is committed with SQLite ``synchronous=FULL`` (fsync of the database and its
  journal): a power cut after a resident was told "accepted" cannot lose the submission.
* Each item carries an idempotency key generated once, at ``put``; delivery re-sends the same key, so delivery is
  at-least-once and the backend applies each submission exactly once.
* Payloads (they hold personal data: the new photo, contact details) are encrypted with AES-256-GCM under the
  kiosk's outbox key, with the item's key and kind as associated data; a tampered or swapped row fails to open.
* Delivered items keep only their result (e.g. the application number), not the payload.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.backend_client import BackendRefused, BackendUnavailable

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    created REAL NOT NULL,
    nonce BLOB,
    ciphertext BLOB,
    state TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | refused
    attempts INTEGER NOT NULL DEFAULT 0,
    result TEXT,          -- JSON answer of the backend (no personal data) once delivered
    refusal TEXT          -- problem type when the backend refused (kept for staff review)
)
"""


class OutboxError(Exception):
    """The outbox file is unusable (wrong key, corruption); nothing was accepted."""


@dataclass(frozen=True)
class Item:
    id: int
    idempotency_key: str
    kind: str
    payload: dict[str, Any] = field(repr=False)


@dataclass
class DeliveryReport:
    delivered: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (idempotency key, result)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (idempotency key, problem type)
    still_pending: int = 0
    offline: bool = False


class Outbox:
    def __init__(self, path: Path, key: bytes) -> None:
        if len(key) != 32:
            raise OutboxError("the outbox key must be 32 bytes (AES-256)")
        self._aead = AESGCM(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(SCHEMA)

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _aad(key: str, kind: str) -> bytes:
        return f"mynakiosk-outbox-v1|{kind}|{key}".encode()

    def put(self, kind: str, payload: dict[str, Any], *, idempotency_key: str | None = None) -> str:
        """Store ``payload`` durably; returns its idempotency key. Once this returns, the item survives a crash."""
        key = idempotency_key or str(uuid.uuid4())
        nonce = os.urandom(12)
        blob = self._aead.encrypt(nonce, json.dumps(payload, separators=(",", ":")).encode(), self._aad(key, kind))
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT INTO items (idempotency_key, kind, created, nonce, ciphertext) VALUES (?, ?, ?, ?, ?)",
                (key, kind, time.time(), nonce, blob),
            )
        return key

    def pending(self) -> list[Item]:
        rows = self._db.execute(
            "SELECT id, idempotency_key, kind, nonce, ciphertext FROM items WHERE state = 'pending' ORDER BY id"
        ).fetchall()
        items = []
        for row_id, key, kind, nonce, blob in rows:
            try:
                payload = json.loads(self._aead.decrypt(nonce, blob, self._aad(key, kind)))
            except (InvalidTag, ValueError):
                raise OutboxError(f"outbox item {row_id} does not open with this kiosk's key") from None
            items.append(Item(row_id, key, kind, payload))
        return items

    def get(self, idempotency_key: str) -> Item:
        """The pending item with this key (``OutboxError`` if it is not pending)."""
        for item in self.pending():
            if item.idempotency_key == idempotency_key:
                return item
        raise OutboxError("no pending outbox item with that key")

    def counts(self) -> dict[str, int]:
        rows = self._db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall()
        return {"pending": 0, "delivered": 0, "refused": 0} | {state: n for state, n in rows}

    def result(self, idempotency_key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT result FROM items WHERE idempotency_key = ?", (idempotency_key,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def mark_delivered(self, idempotency_key: str, result: dict[str, Any]) -> None:
        """The backend accepted the item: keep its answer (no personal data), drop the encrypted payload."""
        with self._db:
            self._db.execute(
                "UPDATE items SET state = 'delivered', result = ?, nonce = NULL, ciphertext = NULL "
                "WHERE idempotency_key = ?",
                (json.dumps(result), idempotency_key),
            )

    def mark_refused(self, idempotency_key: str, problem_type: str) -> None:
        """The backend refused the item for good: keep why, for staff review; drop the personal payload."""
        with self._db:
            self._db.execute(
                "UPDATE items SET state = 'refused', refusal = ?, nonce = NULL, ciphertext = NULL "
                "WHERE idempotency_key = ?",
                (problem_type, idempotency_key),
            )

    def deliver(self, send: Callable[[Item], dict[str, Any]], *, limit: int = 100) -> DeliveryReport:
        """Send pending items in order until one cannot be delivered for lack of a network.

        ``send`` must pass ``item.idempotency_key`` to the backend. A refusal (the backend said no) is final for
        that item: it is kept, marked refused, for staff to review, and delivery goes on with the next one.
        """
        report = DeliveryReport()
        for item in self.pending()[:limit]:
            self._db.execute("UPDATE items SET attempts = attempts + 1 WHERE id = ?", (item.id,))
            try:
                result = send(item)
            except BackendUnavailable:
                report.offline = True
                break
            except BackendRefused as exc:
                self.mark_refused(item.idempotency_key, exc.problem_type)
                report.refused.append((item.idempotency_key, exc.problem_type))
                continue
            self.mark_delivered(item.idempotency_key, result)
            report.delivered.append((item.idempotency_key, result))
        report.still_pending = self.counts()["pending"]
        return report
