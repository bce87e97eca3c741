"""Card authentication: the JPKI key's signature over a backend challenge, the card face and the basic four
items checked against the issuer, and the card session the backend opens from them.

Renewal proves the card without JPKI (its certificates may have lapsed, or never been issued): the issuer's
signatures over the card front and the basic four, and the chip's card key over a fresh backend nonce
(:func:`card_ap_challenge`, :func:`read_card_face`, :func:`open_card_ap_session`)."""

from __future__ import annotations

import dataclasses
import os

from cryptography import x509

from kiosk.backend_client import BackendRefused, BackendUnavailable
from kiosk.card import identity
from kiosk.card.errors import CardError
from kiosk.card.jpki import JpkiKey
from kiosk.card.pin import Pin
from kiosk.card.session import ShownTries
from kiosk.flows.card_auth import CardAuth, OfflineNonce
from kiosk.flows.context import FlowContext
from kiosk.flows.screens.card import reading_view
from kiosk.flows.steps.base import ended
from kiosk.flows.steps.card import sign_pin_exists
from kiosk.flows.steps.card_front import parse_yyyymmdd
from kiosk.flows.view import FlowKind
from kiosk.wire import CardApProof, Challenge, Services

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
    ctx.data.card_auth = CardAuth(proof, ctx.card.juki.record(), challenge_id, offline, face=ctx.data.card_face)


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


def card_ap_challenge(ctx: FlowContext) -> Challenge | None:
    """A fresh backend challenge for the card-AP proof; None when the service is unreachable at a staffed pop-up
    (the flow then proves the card with JPKI and a nonce of its own)."""
    try:
        return ctx.kiosk.backend.challenge()
    except BackendUnavailable:
        if not ctx.kiosk.settings.staffed:
            raise
        return None


def read_card_face(ctx: FlowContext, flow: FlowKind, nonce: bytes | None = None) -> None:
    """After PIN-B: the card face, its issuer signature, and the chip's own key over ``nonce`` (a backend
    challenge's, for the card-AP proof; a fresh random one otherwise)."""
    ctx.publish(reading_view(flow, 0.7))
    face = identity.read_card_face(ctx.card, nonce if nonce is not None else os.urandom(32))
    face.verify(ctx.kiosk.anchors.card_ap_roots)
    ctx.data.front = face.front
    ctx.data.card_face = face
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
    ctx.data.liveness_challenge = session.liveness_challenge or None
    return session.services


def open_card_ap_session(ctx: FlowContext, flow: FlowKind, challenge: Challenge) -> Services:
    """Open a card session from the card-AP proof (renewal without JPKI): the card face signed over the nonce of
    ``challenge``. A municipality that does not accept this proof ends the flow with where to go instead."""
    face = ctx.data.card_face
    if face is None or face.nonce != challenge.nonce:
        raise RuntimeError("card face not read over this challenge's nonce")
    try:
        auth_certificate: bytes | None = ctx.card.jpki.auth_certificate()
    except CardError:
        auth_certificate = None
    proof = CardApProof(
        challenge_id=challenge.challenge_id,
        juki_record=ctx.card.juki.record(),
        kenmen_front=face.front_raw,
        kenmen_intermediate=face.certificate_raw,
        card_signature=face.card_signature,
        auth_certificate=auth_certificate,
        sign_certificate_on_card=sign_pin_exists(ctx),
    )
    try:
        session = ctx.kiosk.backend.open_card_ap_session(proof)
    except BackendRefused as exc:
        if exc.problem_type.endswith("/service-disabled"):
            raise ended(flow, "info.card_ap_not_offered", "service_not_offered") from None
        raise
    ctx.data.card_session_id = session.card_session_id
    ctx.data.services = session.services
    ctx.data.liveness_challenge = session.liveness_challenge or None
    return session.services
