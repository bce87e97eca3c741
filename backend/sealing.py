"""Sealed boxes: what a kiosk encrypts to the service (live face crops, new PINs).

X25519 with an ephemeral kiosk key, HKDF-SHA256 to a 256-bit key, AES-256-GCM. The ``purpose`` and the
``context`` (the card-session id) are bound into the key derivation and the AAD, so a box made for one purpose or
one session does not open in another. Only the holder of the service's evidence key can open a box.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.errors import Unprocessable
from kiosk import wire


@dataclass(frozen=True)
class Sealed:
    ephemeral_public: bytes
    nonce: bytes
    ciphertext: bytes


def seal(recipient: X25519PublicKey, plaintext: bytes, *, purpose: str, context: str) -> Sealed:
    return Sealed(*wire.seal(recipient, plaintext, purpose=purpose, context=context))


def open_sealed(key: X25519PrivateKey, box: Sealed, *, purpose: str, context: str) -> bytes:
    """The plaintext, or ``Unprocessable`` when the box was not made for this service, purpose and session."""
    if len(box.ephemeral_public) != 32 or len(box.nonce) != 12:
        raise Unprocessable(f"sealed {purpose}: ephemeral key must be 32 bytes and nonce 12 bytes")
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(box.ephemeral_public))
        aead_key = wire.seal_key(shared, box.ephemeral_public, purpose, context)
        return AESGCM(aead_key).decrypt(box.nonce, box.ciphertext, wire.seal_aad(purpose, context))
    except (InvalidTag, ValueError) as exc:
        raise Unprocessable(
            f"sealed {purpose} does not open: not sealed to this service's evidence key or for this session"
        ) from exc
