"""Idempotency keys: the same key with the same request answers the stored response; another request, 409.

The stored response is written in the *same* transaction as the effect it describes, so after a crash either
both exist or neither does, and a retry either replays the answer or does the work once. Only successful answers
are stored: a refused request changed nothing, so repeating it is harmless and may succeed later.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from backend.clock import Clock
from backend.errors import BadRequest, IdempotencyKeyMissing, IdempotencyKeyReused
from backend.models import IdempotencyRecord, table

HEADER = "Idempotency-Key"
_KEY_RE = re.compile(r"^[A-Za-z0-9._:\-]{8,200}$")


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes


def parse_key(raw: str | None) -> str:
    """The header value, checked: 8–200 characters of ``A–Z a–z 0–9 . _ : -`` (a UUID fits)."""
    if raw is None or raw == "":
        raise IdempotencyKeyMissing("send an Idempotency-Key header (e.g. a UUID) with every POST")
    if not _KEY_RE.fullmatch(raw):
        raise BadRequest("Idempotency-Key must be 8-200 characters of A-Z a-z 0-9 . _ : -")
    return raw


def request_digest(method: str, path: str, body: bytes) -> bytes:
    h = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.digest()


_RECORDS = table(IdempotencyRecord)
_LOOKUP = select(_RECORDS.c.request_sha256, _RECORDS.c.status_code, _RECORDS.c.response_body).where(
    _RECORDS.c.principal == bindparam("principal"), _RECORDS.c.key == bindparam("key")
)
_STORE = insert(_RECORDS)


def lookup(session: Session, principal: str, key: str, digest: bytes) -> StoredResponse | None:
    record = session.connection().execute(_LOOKUP, {"principal": principal, "key": key}).one_or_none()
    if record is None:
        return None
    if record.request_sha256 != digest:
        raise IdempotencyKeyReused("this Idempotency-Key was already used for a different request body or path")
    return StoredResponse(record.status_code, record.response_body)


def store(session: Session, clock: Clock, principal: str, key: str, digest: bytes, response: StoredResponse) -> None:
    session.connection().execute(
        _STORE,
        {
            "principal": principal,
            "key": key,
            "request_sha256": digest,
            "status_code": response.status_code,
            "response_body": response.body,
            "created_at": clock.now(),
        },
    )
