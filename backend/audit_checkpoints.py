"""Signed checkpoints of the audit chain's head, kept outside the database.

The hash chain shows an edited entry, but whoever can write the database can also delete entries and recompute
every hash and the head: the chain alone does not prove it is complete. ``checkpoint`` signs the head (sequence
number and entry hash) with an Ed25519 key kept apart from the database (a file of its own owner, readable by the
checkpoint job only) and appends the signed line to a file on append-only storage (``chattr +a``, WORM storage,
or a log shipped off the host). ``verify`` checks every signed line against the chain: a chain rewritten after a
checkpoint no longer has that entry hash at that sequence number. Run ``mynakiosk backend audit checkpoint`` on a
schedule (every few minutes); what was appended since the last checkpoint is only as safe as the chain.

Line format (one JSON object per line): ``{"seq": N, "entry_hash": hex, "at": ISO time, "sig": base64}``; the
signature covers ``mynakiosk-audit-checkpoint-v1\\n<seq>\\n<entry_hash hex>\\n<at>``.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.clock import Clock
from backend.models import AuditEntry, AuditHead

LABEL = b"mynakiosk-audit-checkpoint-v1"


class CheckpointError(Exception):
    """A checkpoint key or file cannot be used; the message names the file."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    entry_hash: bytes
    at: str


@dataclass(frozen=True)
class CheckpointCheck:
    ok: bool
    checkpoints: int
    reason: str | None = None


def _signed(seq: int, entry_hash: bytes, at: str) -> bytes:
    return b"\n".join([LABEL, str(seq).encode(), entry_hash.hex().encode(), at.encode()])


def new_key(private_out: Path, public_out: Path) -> None:
    """Write a new Ed25519 key pair: the private key readable by its owner only (0600), the public key for
    whoever verifies."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(private_out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    public_out.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise CheckpointError(f"{path} is not a readable, unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"{path} is not a readable PEM public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path} is not an Ed25519 public key")
    return key


def checkpoint(session: Session, clock: Clock, key: Ed25519PrivateKey, log: Path) -> Checkpoint:
    """Sign the chain's current head and append it to ``log`` (flushed to disk before returning). Seal pending
    entries first (``audit.seal_all``) so the checkpoint covers them."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    at = clock.now().isoformat(timespec="seconds")
    signature = key.sign(_signed(head.seq, head.entry_hash, at))
    line = {"seq": head.seq, "entry_hash": head.entry_hash.hex(), "at": at, "sig": base64.b64encode(signature).decode()}
    try:
        with log.open("a", encoding="ascii") as out:
            out.write(json.dumps(line, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise CheckpointError(f"cannot append to {log}: {exc.strerror}") from exc
    return Checkpoint(head.seq, head.entry_hash, at)


def _parse(number: int, text: str, key: Ed25519PublicKey) -> Checkpoint:
    try:
        doc = json.loads(text)
        seq, entry_hash, at = int(doc["seq"]), bytes.fromhex(doc["entry_hash"]), str(doc["at"])
        key.verify(base64.b64decode(doc["sig"], validate=True), _signed(seq, entry_hash, at))
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise CheckpointError(f"checkpoint line {number} is malformed") from exc
    except InvalidSignature as exc:
        raise CheckpointError(f"checkpoint line {number} is not signed by the checkpoint key") from exc
    return Checkpoint(seq, entry_hash, at)


def verify(session: Session, key: Ed25519PublicKey, log: Path) -> CheckpointCheck:
    """Check every checkpoint in ``log`` against the chain: each must be signed by ``key``, later lines must not go
    back, and the chain must hold each checkpoint's entry hash at its sequence number."""
    try:
        lines = log.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"cannot read {log}") from exc
    last_seq = 0
    for number, text in enumerate(lines, start=1):
        try:
            point = _parse(number, text, key)
        except CheckpointError as exc:
            return CheckpointCheck(False, number - 1, str(exc))
        if point.seq < last_seq:
            return CheckpointCheck(False, number - 1, f"checkpoint line {number} goes back to entry {point.seq}")
        last_seq = point.seq
        if point.seq == 0:
            continue
        held = session.execute(select(AuditEntry.entry_hash).where(AuditEntry.seq == point.seq)).scalar_one_or_none()
        if held is None:
            return CheckpointCheck(False, number - 1, f"entry {point.seq}, checkpointed at {point.at}, is gone")
        if held != point.entry_hash:
            return CheckpointCheck(
                False, number - 1, f"entry {point.seq} differs from its checkpoint of {point.at}: chain rewritten"
            )
    return CheckpointCheck(True, len(lines))
