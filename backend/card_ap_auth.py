"""The card-AP proof: a card proven genuine without JPKI, for renewal applications (``POST
/v1/card-sessions/card-ap``).

A renewal-age card's JPKI certificates have lapsed (or a child's card never had a signature certificate); the card
is still genuine. Its 券面AP front, signed by the issuer, holds the card's own public key; the chip signs the
backend's fresh nonce with the matching private key (INTERNAL AUTHENTICATE), which never leaves it. So:

* the challenge is consumed (single use, issued to this kiosk, short lived): a captured signature cannot be
  replayed;
* the front and its intermediate chain to the card-AP root, and the card key in the front made the signature:
  a copied chip has the data but not the key, and a forged front breaks the issuer's signature;
* the card key in the signed front is the one registered for the card serial the kiosk names: the proof of one
  card cannot open a session for another;
* the card is valid in the registry, and the municipality's policy at this site accepts this proof.

The session opened has ``key = card_ap``: it serves renewals only (a PIN reset needs a JPKI key's session). The
audit record says which proof was used and what the backend found of the certificates: expired, revoked with the
card's expiry, never issued (no signature certificate in the registry), or valid.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from backend import audit
from backend.card_auth import OpenedCardSession, consume_challenge, record_session, registered_card, require_keys
from backend.card_registry import card_key_fingerprint
from backend.context import AppContext, KioskPrincipal
from backend.domain import CardStatus, JpkiKey
from backend.errors import CardNotGenuine, CardRefused, RateLimited, ServiceDisabled, Unprocessable
from backend.policy import services_for
from backend.schemas import CardApSessionIn
from kiosk.card.data import FrontFace, parse_cvc, parse_front_face, parse_juki_serial
from kiosk.card.errors import MalformedResponse
from kiosk.card.verify import ChipNotGenuine, verify_front_face, verify_internal_authentication
from kiosk.eligibility import (
    JST,
    CertificateAbsence,
    CertificateInfo,
    CertificateState,
    CertificateValidity,
    certificate_state,
)


def _verified_front(body: CardApSessionIn, nonce: bytes, ctx: AppContext) -> FrontFace:
    keys = require_keys(ctx)
    try:
        front = parse_front_face(body.card_data.kenmen_front)
        cvc = parse_cvc(body.card_data.kenmen_intermediate)
    except MalformedResponse as exc:
        raise CardNotGenuine("card-face data is malformed", keep_changes=True) from exc
    try:
        verify_front_face(front, cvc, keys.anchors.card_ap_roots)
        verify_internal_authentication(front.card_public_key, nonce, body.card_signature)
    except ChipNotGenuine as exc:
        raise CardNotGenuine(f"card check failed: {exc.reason}", keep_changes=True) from exc
    return front


def _authentication_certificate(der: bytes | None, registered_serial: str) -> CertificateInfo:
    """The validity of the authentication certificate the kiosk read, if it is the one registered for the card."""
    if der is None:
        return CertificateAbsence.NOT_READ
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return CertificateAbsence.NOT_READ
    if format(cert.serial_number, "x") != registered_serial:
        return CertificateAbsence.NOT_READ  # not this card's: the audit says unknown rather than trust it
    return CertificateValidity.from_instants(cert.not_valid_before_utc, cert.not_valid_after_utc)


def certificate_states(
    auth: CertificateInfo, sign_registered: bool, card_expiry: dt.date, today: dt.date
) -> tuple[CertificateState, CertificateState]:
    """Both certificates' states for the audit; the signature certificate is issued and lapses with the
    authentication one, and the registry knows whether it was ever issued."""
    sign: CertificateInfo = auth if sign_registered else CertificateAbsence.NEVER_ISSUED
    return certificate_state(auth, card_expiry, today), certificate_state(sign, card_expiry, today)


def authenticate_card_ap(
    session: Session, ctx: AppContext, kiosk: KioskPrincipal, body: CardApSessionIn
) -> OpenedCardSession:
    """Verify the card-AP proof and open a renewal-only card session; refusals keep the challenge consumed."""
    now = ctx.clock.now()
    nonce = consume_challenge(session, body.challenge_id, kiosk.kiosk_id, now, ctx.settings.limits)
    front = _verified_front(body, nonce, ctx)
    try:
        serial = parse_juki_serial(body.card_data.juki_record)
    except MalformedResponse as exc:
        raise Unprocessable("card_data.juki_record holds no card serial", keep_changes=True) from exc
    conn = session.connection()
    limit = ctx.settings.limits.card_sessions_per_card_per_hour
    card = registered_card(conn, serial, now, limit)
    if card.card_key_sha256 is None or card.card_key_sha256 != card_key_fingerprint(front.card_public_key):
        raise CardRefused("the card key is not the one registered for this card serial", keep_changes=True)
    if card.status is not CardStatus.VALID:
        raise CardRefused(f"card is {card.status.value}", keep_changes=True)
    if not services_for(session, kiosk.site_id, kiosk.site_kind, card.municipality_code).card_ap_renewal:
        raise ServiceDisabled("this municipality does not accept the card-AP proof at this site", keep_changes=True)
    if card.recent_sessions >= limit:
        raise RateLimited(f"more than {limit} card sessions for this card in an hour", keep_changes=True)
    authentication, signature = certificate_states(
        _authentication_certificate(body.auth_certificate, card.auth_cert_serial),
        card.sign_cert_serial is not None,
        front.expiry,
        now.astimezone(JST).date(),
    )
    card_key = front.card_public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    opened = record_session(conn, ctx, kiosk, card, serial, JpkiKey.CARD_AP, now, card_key=card_key)
    audit.append(
        session,
        ctx.clock,
        actor=f"kiosk:{kiosk.kiosk_id}",
        action="card_session.opened",
        subject=serial,
        details={
            "key": JpkiKey.CARD_AP.value,
            "proof": "card_ap",
            "card_session_id": opened.card_session_id,
            "authentication_certificate": authentication.value,
            "signature_certificate": signature.value,
        },
    )
    return opened
