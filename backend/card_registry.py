"""Filling the card registry from what the issuer knows about a card: serial, certificates, registered photo."""

from __future__ import annotations

import hashlib

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from backend import admin
from backend.clock import Clock
from backend.settings import KeyMaterial
from kiosk.card.data import parse_front_face


def register_from_card_files(
    session: Session,
    clock: Clock,
    *,
    serial: str,
    municipality: str,
    auth_cert_der: bytes,
    sign_cert_der: bytes | None,
    front_face: bytes,
    keys: KeyMaterial,
) -> None:
    """Register a card from its JPKI certificates and 券面AP front (whose photo becomes the registered one, and
    whose card key is fingerprinted for the card-AP proof), under the management key and photo key of ``keys``."""
    front = parse_front_face(front_face)
    photo = front.photo_jp2
    admin.register_card(
        session,
        clock,
        serial=serial,
        municipality=municipality,
        auth_certificate=x509.load_der_x509_certificate(auth_cert_der),
        sign_certificate=x509.load_der_x509_certificate(sign_cert_der) if sign_cert_der else None,
        photo=photo,
        keys=keys,
        card_key_sha256=card_key_fingerprint(front.card_public_key),
    )


def card_key_fingerprint(key: RSAPublicKey) -> str:
    """SHA-256 (hex) of the card key's SubjectPublicKeyInfo DER."""
    return hashlib.sha256(key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)).hexdigest()
