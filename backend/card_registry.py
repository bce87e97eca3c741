"""Filling the card registry from what the issuer knows about a card: serial, certificates, registered photo."""

from __future__ import annotations

from cryptography import x509
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
    """Register a card from its JPKI certificates and 券面AP front (whose photo becomes the registered one), under
    the management key and photo key of ``keys``."""
    photo = parse_front_face(front_face).photo_jp2
    admin.register_card(
        session,
        clock,
        serial=serial,
        municipality=municipality,
        auth_certificate=x509.load_der_x509_certificate(auth_cert_der),
        sign_certificate=x509.load_der_x509_certificate(sign_cert_der) if sign_cert_der else None,
        photo=photo,
        keys=keys,
    )
