"""Card authentication: the JPKI key's signature over a backend challenge, the card face and the basic four
items checked against the issuer, and the card session the backend opens from them."""

from __future__ import annotations

import dataclasses
import os

from cryptography import x509

from kiosk.backend_client import BackendUnavailable
from kiosk.card import identity
from kiosk.card.jpki import JpkiKey
from kiosk.card.pin import Pin
from kiosk.card.session import ShownTries
from kiosk.flows.card_auth import CardAuth, OfflineNonce
from kiosk.flows.context import FlowContext
from kiosk.flows.screens.card import reading_view
from kiosk.flows.steps.card_front import parse_yyyymmdd
from kiosk.flows.view import FlowKind
from kiosk.wire import Services

SAN_BIRTH_DATE = x509.ObjectIdentifier("1.2.392.200149.8.5.5.4")


def authenticate_card(ctx: FlowContext, key: JpkiKey) -> None:
    """Right after the key's PIN: sign a fresh backend challenge and check the certificate chain locally."""
    offline: OfflineNonce | None = None
    challenge_id: str | None = None
    try:
        challenge = ctx.kiosk.backend.challenge()
        challenge_id, nonce = challenge.challenge_id, challenge.nonce
    except BackendUnavailable:
        if not ctx.kiosk.settings.staffed:
            raise  # an unstaffed kiosk needs the service for everything it does
        offline, nonce = OfflineNonce.make(ctx.kiosk.backend.kiosk_id)
    proof = identity.prove_key(ctx.card, key, nonce)
    if key is JpkiKey.SIGN:
        ctx.data.prefill_birth_date = _birth_from_sign_certificate(proof.certificate)
    proof.verify(ctx.kiosk.anchors.jpki_roots)
    ctx.data.card_auth = CardAuth(proof, ctx.card.juki.record(), challenge_id, offline)


def _birth_from_sign_certificate(der: bytes) -> str | None:
    try:
        san = x509.load_der_x509_certificate(der).extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except (ValueError, x509.ExtensionNotFound):
        return None
    for other in san.value.get_values_for_type(x509.OtherName):
        if other.type_id == SAN_BIRTH_DATE:
            digits = "".join(chr(b) for b in other.value if 0x30 <= b <= 0x39)[-8:]
            return digits if parse_yyyymmdd(digits) else None
    return None


def read_card_face(ctx: FlowContext, flow: FlowKind) -> None:
    """After PIN-B: the card face, its issuer signature, and the chip's own key over a fresh nonce."""
    ctx.publish(reading_view(flow, 0.7))
    face = identity.read_card_face(ctx.card, os.urandom(32))
    face.verify(ctx.kiosk.anchors.card_ap_roots)
    ctx.data.front = face.front
    if ctx.data.card_auth is not None:
        ctx.data.card_auth = dataclasses.replace(ctx.data.card_auth, face=face)


def read_basic_four(ctx: FlowContext, pin_b: Pin, shown: ShownTries) -> None:
    """The basic four items as text (text AP, with the same PIN-B and the tries the resident was shown for it),
    checked against the issuer's signature."""
    text = identity.read_text_data(ctx.card, pin_b, shown)
    text.verify(ctx.kiosk.anchors.card_ap_roots)
    ctx.data.basic_four = text.basic_four


def open_card_session(ctx: FlowContext) -> Services:
    """Open the card session at the backend; offline (staffed pop-up) it is opened later, when the queue is sent."""
    auth = ctx.data.card_auth
    if auth is None:
        raise RuntimeError("card not authenticated yet")
    if auth.offline is not None:
        # The official decides now; the backend's policy applies when the queue is sent.
        ctx.data.services = Services(sign_pin_reset=False, four_digit_pin_reset=False, renewal=True)
        return ctx.data.services
    session = ctx.kiosk.backend.open_card_session(auth.body())
    ctx.data.card_session_id = session.card_session_id
    ctx.data.services = session.services
    return session.services
