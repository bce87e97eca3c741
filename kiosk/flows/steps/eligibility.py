"""Eligibility steps: what the card's own dates allow today, decided once by :mod:`kiosk.eligibility`.

* :func:`certificate_validity` reads the JPKI authentication certificate (no PIN needed) for its validity; the
  signature certificate is issued and lapses with it (:func:`kiosk.eligibility.signature_like_authentication`).
* :func:`check_renewal` (after PIN-B: the card front gives the expiry, the basic four the birth date) ends the
  renewal with a plain explanation when the card cannot be renewed today.
* :func:`check_certificate` (right after the card is inserted, before any PIN is sent) ends a PIN reset whose
  certificate lapsed: there is nothing to put back into use.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509

from kiosk.card.errors import CardError
from kiosk.eligibility import (
    JST,
    CardFacts,
    CertificateAbsence,
    CertificateInfo,
    CertificateKind,
    CertificatesOnlyExpired,
    CertificateState,
    CertificateValidity,
    Eligible,
    NotYet,
    RenewalPolicy,
    ResidenceBound,
    birthday_in,
    certificate_state,
    decide,
    signature_like_authentication,
)
from kiosk.flows.context import FlowContext, FlowEnded
from kiosk.flows.screens.eligibility import (
    certificate_expired_view,
    certificates_only_expired_view,
    renewal_not_yet_view,
    residence_bound_view,
)
from kiosk.flows.steps.card import sign_pin_exists
from kiosk.flows.view import FlowKind


def today() -> dt.date:
    """Today in Japan: the card's dates are calendar days in JST."""
    return dt.datetime.now(JST).date()


def certificate_validity(ctx: FlowContext) -> CertificateInfo:
    """The authentication certificate's validity, read without a PIN (``NOT_READ`` when it cannot be parsed)."""
    try:
        der = ctx.card.jpki.auth_certificate()
    except CardError:
        return CertificateAbsence.NEVER_ISSUED
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return CertificateAbsence.NOT_READ
    return CertificateValidity.from_instants(cert.not_valid_before_utc, cert.not_valid_after_utc)


def expiry_follows_residence(card_expiry: dt.date, birth_date: dt.date) -> bool:
    """Whether the card's expiry is the end of a residence permit: the birthday rules always end a card on a
    birthday, so a card that ends on another day was cut short by the permit (the card does not state its issue
    date, so :func:`kiosk.eligibility.expiry_cut_short` cannot be used). A permit that happens to end on the
    birthday reads as the birthday rule; the counter then sorts it out when the renewal is collected."""
    return card_expiry != birthday_in(birth_date, card_expiry.year)


def check_renewal(ctx: FlowContext, flow: FlowKind, authentication: CertificateInfo) -> Eligible:
    """After PIN-B: the card may be renewed today, or the flow ends with the reason (nothing is submitted)."""
    basic, front = ctx.data.basic_four, ctx.data.front
    if basic is None or front is None:
        raise RuntimeError("card data not read")
    facts = CardFacts(
        card_expiry=front.expiry,
        birth_date=basic.birth_date,
        expiry_follows_residence=expiry_follows_residence(front.expiry, basic.birth_date),
        authentication=authentication,
        signature=signature_like_authentication(authentication, signature_on_card=sign_pin_exists(ctx)),
    )
    outcome = decide(facts, today(), RenewalPolicy(ctx.kiosk.settings.renewal_window_months))
    if isinstance(outcome, Eligible):
        return outcome
    if isinstance(outcome, NotYet):
        view = renewal_not_yet_view(flow, card_expiry=outcome.card_expiry, window_opens=outcome.window_opens)
        raise FlowEnded(view, "renewal_not_yet")
    if isinstance(outcome, CertificatesOnlyExpired):
        view = certificates_only_expired_view(
            flow, card_expiry=outcome.card_expiry, window_opens=outcome.window_opens,
            lapsed=outcome.certificates.lapsed,
        )  # fmt: skip
        raise FlowEnded(view, "certificates_only_expired")
    if isinstance(outcome, ResidenceBound):
        raise FlowEnded(residence_bound_view(flow, card_expiry=outcome.card_expiry), "residence_bound")
    raise AssertionError(f"unhandled eligibility {type(outcome).__name__}")


def check_certificate(ctx: FlowContext, flow: FlowKind, kind: CertificateKind) -> None:
    """Before any PIN: end the flow when the certificate of ``kind`` lapsed (its PIN protects nothing usable).

    Without the card front the card's own expiry is not known yet; a certificate never outlives its card, so a
    certificate past its own last day is the case the kiosk can tell here."""
    validity = certificate_validity(ctx)  # the signature certificate is issued and lapses with this one
    if not isinstance(validity, CertificateValidity):
        return
    if certificate_state(validity, validity.not_after, today()) is CertificateState.EXPIRED:
        raise FlowEnded(certificate_expired_view(flow, kind, expired_on=validity.not_after), "certificate_expired")
