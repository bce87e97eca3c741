"""Staff accounts: argon2id password hashes and opaque bearer tokens (stored only as SHA-256)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (argon2-cffi defaults)
# Verifying against this when the username is unknown keeps the timing of "no such user" and "wrong password" alike.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")


def use_cheap_hashing_for_tests() -> None:
    """TEST ONLY: argon2id with minimal cost, so fixtures can create accounts quickly. Never call in a service."""
    global _HASHER, _DUMMY_HASH
    _HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    _DUMMY_HASH = _HASHER.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> tuple[str, bytes]:
    """A bearer token for the client and the digest the database keeps."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class LoginFailures(Protocol):
    """A row counting one account's wrong passwords (at one kiosk, or at the office) and its lock-out."""

    failed_logins: int
    locked_until: dt.datetime | None


def is_locked(failures: LoginFailures | None, now: dt.datetime) -> bool:
    return failures is not None and failures.locked_until is not None and failures.locked_until > now


def count_failure(failures: LoginFailures, *, max_failures: int, lockout_s: float, now: dt.datetime) -> None:
    """One more wrong password; at ``max_failures`` the account is locked for ``lockout_s`` and counting restarts."""
    failures.failed_logins += 1
    if failures.failed_logins >= max_failures:
        failures.locked_until = now + dt.timedelta(seconds=lockout_s)
        failures.failed_logins = 0
