"""A renewal application that arrives after its card session expired: an unattended kiosk queued it while the
network was down and sends it when the network is back (docs/reliability.md, "late delivery").

It is accepted only with the card's own proof, so the delay weakens nothing a stolen kiosk key could exploit:

* the session was opened by the card-AP proof, which recorded the chip's card key (issuer-signed on the card front,
  registered for this card serial);
* the card key signed, during the session, SHA-256(label | card session | the application's digest)
  (``kiosk.wire.late_renewal_nonce``): the application's content was fixed while the card was in the reader, after
  the session was opened (its id did not exist before), and cannot be changed or re-used for another application;
* the request is signed by the kiosk that opened the session (``live_card_session``'s checks, as on time);
* it arrives within ``Limits.late_renewal_max_s`` after the session opened, judged by the service's clock in both
  directions.

Anything else is refused as ``card-session-expired``; a signature that does not verify is ``card-not-genuine``.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_der_public_key
from sqlalchemy.orm import Session

from backend import audit
from backend.card_auth import live_card_session
from backend.context import AppContext, KioskPrincipal
from backend.domain import JpkiKey
from backend.errors import CardNotGenuine, CardSessionExpired
from backend.models import CardSession
from backend.schemas import LateProof
from kiosk.card.verify import ChipNotGenuine, verify_internal_authentication
from kiosk.wire import late_renewal_nonce


def renewal_card_session(
    session: Session,
    ctx: AppContext,
    kiosk: KioskPrincipal,
    card_session_id: str,
    proof: LateProof | None,
    digest: bytes | None,
) -> CardSession:
    """The card session a renewal is submitted in: live, or expired and proven by ``proof`` over ``digest`` (the
    application's :func:`kiosk.wire.renewal_digest`)."""
    try:
        return live_card_session(session, ctx, kiosk, card_session_id)
    except CardSessionExpired:
        if proof is None or digest is None:
            raise
    card_session = session.get(CardSession, card_session_id)
    assert card_session is not None  # live_card_session found it, this kiosk's, before judging its time
    late_by = _check_late_proof(card_session, proof, digest, ctx)
    audit.append(
        session,
        ctx.clock,
        actor=f"kiosk:{kiosk.kiosk_id}",
        action="renewal.late_delivery",
        subject=card_session.card_serial,
        details={"card_session_id": card_session_id, "late_by_s": late_by},
    )
    return card_session


def _check_late_proof(card_session: CardSession, proof: LateProof, digest: bytes, ctx: AppContext) -> int:
    """Seconds since the session's time ran out, if the late delivery is acceptable; else a typed refusal."""
    limits = ctx.settings.limits
    age = (ctx.clock.now() - card_session.created_at).total_seconds()
    if age < -limits.clock_step_back_tolerance_s or age > limits.late_renewal_max_s:
        raise CardSessionExpired(
            f"card session expired, and the application arrived outside the late-delivery limit "
            f"({limits.late_renewal_max_s // 3600} h after the session opened)"
        )
    if card_session.key is not JpkiKey.CARD_AP or card_session.card_key is None:
        raise CardSessionExpired("card session expired, and it recorded no card key to prove a late delivery with")
    key = load_der_public_key(card_session.card_key)
    if not isinstance(key, RSAPublicKey):
        raise CardSessionExpired("the card session's recorded card key is not an RSA key")
    try:
        verify_internal_authentication(
            key, late_renewal_nonce(card_session.card_session_id, digest), proof.card_signature
        )
    except ChipNotGenuine as exc:
        raise CardNotGenuine("the card's signature over this application does not verify") from exc
    return max(0, round(age - limits.card_session_ttl_s))
