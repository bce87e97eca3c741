"""The byte-level agreements between kiosk and backend, in one place both sides import.

The backend may use pure libraries of ``kiosk/`` (this is one); the kiosk never imports ``backend/``. Each function
here is the single definition of something the two sides must compute identically:

* the bytes a kiosk signs for every request (``Kiosk-Signature``, scheme ``mynakiosk-req-v1``);
* sealed boxes (X25519 + HKDF-SHA256 + AES-256-GCM) for what only the service may read: live face crops, new PINs;
* the nonce a staffed pop-up makes itself when the service is unreachable (``mynakiosk-offline-v1``);
* the forms of a kiosk id (the ``Kiosk-Id`` header) and of a municipality code.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIGNING_SCHEME = b"mynakiosk-req-v1"
SEAL_LABEL = b"mynakiosk-seal-v1"
OFFLINE_LABEL = b"mynakiosk-offline-v1"
KIOSK_ID_PATTERN = r"^[A-Za-z0-9._\-]{1,64}$"
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{6}$"  # 全国地方公共団体コード


def signing_input(method: str, path: str, timestamp: int, idempotency_key: str, body: bytes) -> bytes:
    """What the kiosk's key signs for one request: scheme, method, path (with query), time, key, body hash."""
    return b"\n".join(
        [
            SIGNING_SCHEME,
            method.upper().encode(),
            path.encode(),
            str(timestamp).encode(),
            idempotency_key.encode(),
            hashlib.sha256(body).hexdigest().encode(),
        ]
    )


def seal_key(shared: bytes, ephemeral_public: bytes, purpose: str, context: str) -> bytes:
    """The AES-256 key of a sealed box; ``purpose`` and ``context`` (the card session) are bound into it."""
    info = b"|".join([SEAL_LABEL, purpose.encode(), context.encode(), ephemeral_public])
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal_aad(purpose: str, context: str) -> bytes:
    return SEAL_LABEL + b"|" + purpose.encode() + b"|" + context.encode()


def seal(recipient: X25519PublicKey, plaintext: bytes, *, purpose: str, context: str) -> tuple[bytes, bytes, bytes]:
    """``(ephemeral public key, nonce, ciphertext)``: a box only the holder of ``recipient``'s private key opens."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = seal_key(ephemeral.exchange(recipient), epk, purpose, context)
    nonce = os.urandom(12)
    return epk, nonce, AESGCM(key).encrypt(nonce, plaintext, seal_aad(purpose, context))


def offline_nonce(kiosk_id: str, captured_at: str, random_part: bytes) -> bytes:
    """SHA-256(label | kiosk id | capture time | random): a nonce the service can recompute from its parts."""
    return hashlib.sha256(b"|".join([OFFLINE_LABEL, kiosk_id.encode(), captured_at.encode(), random_part])).digest()
