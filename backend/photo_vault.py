"""Photos at rest: sealed with AES-256-GCM under a key the database does not hold.

The key is derived from the management master (HKDF-SHA256, its own label), which lives in the key directory and
the service process, never in the database: a copy of the database (a backup, a replica, a DBA's dump) shows no
face. Each photo is bound to where it belongs (the card serial, the application number) as associated data, so a
sealed photo moved to another row does not open. Stored form: ``b"mkp1" ‖ 12-byte nonce ‖ ciphertext ‖ tag``.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from backend.settings import KeyMaterial

MAGIC = b"mkp1"
_LABEL = b"mynakiosk-photo-at-rest-v1"


class PhotoVaultError(Exception):
    """A stored photo does not open with this service's key (another key directory, or the row was tampered
    with)."""


def card_owner(serial: str) -> str:
    return f"card:{serial}"


def application_owner(application_number: str) -> str:
    return f"renewal:{application_number}"


def _key(keys: KeyMaterial) -> AESGCM:
    return AESGCM(HKDF(hashes.SHA256(), 32, salt=None, info=_LABEL).derive(keys.management_master))


def seal_photo(keys: KeyMaterial, photo: bytes, owner: str) -> bytes:
    """``photo`` sealed for storage in the row of ``owner`` (e.g. ``card:<serial>``)."""
    nonce = os.urandom(12)
    return MAGIC + nonce + _key(keys).encrypt(nonce, photo, owner.encode())


def open_photo(keys: KeyMaterial, stored: bytes, owner: str) -> bytes:
    """The photo sealed by ``seal_photo`` for ``owner``."""
    if not stored.startswith(MAGIC):
        raise PhotoVaultError(f"the photo of {owner} is not sealed (stored before photos were encrypted at rest)")
    nonce, sealed = stored[len(MAGIC) : len(MAGIC) + 12], stored[len(MAGIC) + 12 :]
    try:
        return _key(keys).decrypt(nonce, sealed, owner.encode())
    except InvalidTag as exc:
        raise PhotoVaultError(f"the photo of {owner} does not open with this service's key") from exc
