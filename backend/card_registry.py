"""Filling the card registry from what the issuer knows about a card: serial, certificates, registered photo."""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from backend import admin
from backend.clock import Clock
from backend.counts import JST
from backend.models import Card
from backend.settings import KeyMaterial
from kiosk.card.data import parse_front_face
from kiosk.eligibility import certificate_expiry_rule, minor_at_issue


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
    auth_certificate = x509.load_der_x509_certificate(auth_cert_der)
    admin.register_card(
        session,
        clock,
        serial=serial,
        municipality=municipality,
        auth_certificate=auth_certificate,
        sign_certificate=x509.load_der_x509_certificate(sign_cert_der) if sign_cert_der else None,
        photo=photo,
        keys=keys,
        card_key_sha256=card_key_fingerprint(front.card_public_key),
    )
    record_lifetime(session, serial, front.birth_date, auth_certificate, front.expiry)


def record_lifetime(
    session: Session, serial: str, birth: dt.date, auth_certificate: x509.Certificate, card_expiry: dt.date
) -> None:
    """Keep what the renewal forecast needs (``backend.reports``) and no birth date: the issue day (the JPKI
    certificates are issued with the card; their first day, in Japan), the card's expiry as its signed front
    states it, the certificates' by the rules (5th birthday after issue, never after the card), and whether it is a
    minor's card (5 birthdays instead of 10)."""
    card = session.get(Card, serial)
    if card is None:
        raise admin.AdminError(f"no card {serial}")
    issued = auth_certificate.not_valid_before_utc.astimezone(JST).date()
    card.issued_on = issued
    card.card_expires_on = card_expiry
    card.certificates_expire_on = min(certificate_expiry_rule(birth, issued), card_expiry)
    card.minor_card = minor_at_issue(birth, issued)


def card_key_fingerprint(key: RSAPublicKey) -> str:
    """SHA-256 (hex) of the card key's SubjectPublicKeyInfo DER."""
    return hashlib.sha256(key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)).hexdigest()
