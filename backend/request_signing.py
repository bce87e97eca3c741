"""Kiosk identity on every request: a signature by the kiosk's client-certificate key.

Where the service terminates TLS itself it also demands the client certificate (mutual TLS); behind a proxy that
terminates TLS, this header is what proves the kiosk. It is always required, so both deployments behave alike.

Headers::

    Kiosk-Id: <kiosk id>
    Kiosk-Signature: t=<unix seconds>;sig=<base64url ECDSA-P256-SHA256 signature, DER>

Signed bytes (UTF-8, lines joined by ``\\n``)::

    mynakiosk-req-v1
    <METHOD>
    <path, with ?query if any>
    <t>
    <Idempotency-Key value, or empty>
    <hex SHA-256 of the body>

A kiosk client implements ``sign_request`` from this description (``kiosk/`` must not import ``backend/``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from backend.errors import Unauthenticated
from kiosk import wire
from kiosk.wire import signing_input

SCHEME = wire.SIGNING_SCHEME
ID_HEADER = "Kiosk-Id"
SIGNATURE_HEADER = "Kiosk-Signature"
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_HEADER_RE = re.compile(r"^t=(\d{1,12});sig=([A-Za-z0-9_\-]{16,200}={0,2})$")


def key_fingerprint(certificate: x509.Certificate) -> str:
    """Hex SHA-256 of the certificate's SubjectPublicKeyInfo: what names a kiosk, whatever certificate carries the
    key (a renewed certificate for the same key is the same kiosk)."""
    spki = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()


def sign_request(
    key: ec.EllipticCurvePrivateKey, method: str, path: str, timestamp: int, idempotency_key: str, body: bytes
) -> str:
    """The ``Kiosk-Signature`` header value for one request."""
    sig = key.sign(signing_input(method, path, timestamp, idempotency_key, body), ec.ECDSA(hashes.SHA256()))
    return f"t={timestamp};sig={base64.urlsafe_b64encode(sig).decode()}"


def verify_request(
    public_key: ec.EllipticCurvePublicKey,
    header: str | None,
    *,
    method: str,
    path: str,
    idempotency_key: str,
    body: bytes,
    now: int,
    max_skew_s: int,
) -> bytes:
    """Raise ``Unauthenticated`` unless ``header`` is a fresh, valid signature over this request.

    Returns the request's replay key: SHA-256 over the signed bytes and the signature's (r, s) with s in its low
    form. Two sendings of one signed request share it whatever their DER encoding or sign of s (ECDSA signatures
    are malleable); a retry the kiosk signs again does not (a new random r).
    """
    if header is None:
        raise Unauthenticated(f"send {SIGNATURE_HEADER} (see docs/backend.md, 'Kiosk identity')")
    match = _HEADER_RE.fullmatch(header)
    if match is None:
        raise Unauthenticated(f"{SIGNATURE_HEADER} must look like t=<unix seconds>;sig=<base64url>")
    timestamp = int(match.group(1))
    if abs(now - timestamp) > max_skew_s:
        raise Unauthenticated(f"request timestamp is more than {max_skew_s} s from the server clock")
    signed = signing_input(method, path, timestamp, idempotency_key, body)
    try:
        sig = base64.urlsafe_b64decode(match.group(2))
        public_key.verify(sig, signed, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(sig)
    except (InvalidSignature, binascii.Error, ValueError) as exc:
        raise Unauthenticated("request signature does not verify with the kiosk's registered key") from exc
    low_s = min(s, _P256_ORDER - s)
    return hashlib.sha256(signed + r.to_bytes(32, "big") + low_s.to_bytes(32, "big")).digest()
