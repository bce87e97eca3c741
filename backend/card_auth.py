"""Card authentication: a fresh challenge signed by the chip's JPKI key, a certificate chain to our anchors, a
registered and valid card, and (when sent) the issuer's signature over the card-face data.

A copied or emulated chip cannot sign the nonce; a certificate that is not the registered one for this card
(replaced, revoked) is refused; a suspended or revoked card is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from sqlalchemy import Connection, Row, bindparam, insert, select, update
from sqlalchemy.orm import Session

from backend import audit
from backend.context import AppContext, KioskPrincipal
from backend.domain import CardStatus, JpkiKey, LivenessStep
from backend.errors import (
    CardNotGenuine,
    CardRefused,
    CardSessionExpired,
    ChallengeInvalid,
    NotConfigured,
    RateLimited,
    Unprocessable,
)
from backend.liveness import choose_challenge, stored
from backend.models import Card, CardSession, Challenge, table
from backend.ratelimit import capped_count
from backend.schemas import CardSessionIn, OfflineCardSessionIn
from backend.settings import KeyMaterial, Limits
from kiosk.card.data import parse_cvc, parse_front_face, parse_juki_serial
from kiosk.card.errors import MalformedResponse
from kiosk.card.verify import (
    ChipNotGenuine,
    verify_certificate_chain,
    verify_front_face,
    verify_nonce_signature,
)


def require_keys(ctx: AppContext) -> KeyMaterial:
    if ctx.settings.keys is None:
        raise NotConfigured("this service has no trust anchors / management keys configured (serve --keys DIR)")
    return ctx.settings.keys


# Built once: these run on every card authentication (see ``backend.models.table``).
_CHALLENGES, _CARDS, _SESSIONS = table(Challenge), table(Card), table(CardSession)
_CONSUME_CHALLENGE = (
    update(_CHALLENGES)
    .where(
        _CHALLENGES.c.challenge_id == bindparam("wanted_id"),
        _CHALLENGES.c.kiosk_id == bindparam("wanted_kiosk"),
        _CHALLENGES.c.used.is_(False),
        _CHALLENGES.c.expires_at > bindparam("now"),
        # Checked against the issue time in both directions: a clock stepped back does not make it younger.
        _CHALLENGES.c.issued_at > bindparam("issued_after"),
        _CHALLENGES.c.issued_at <= bindparam("issued_by"),
    )
    .values(used=True)
    .returning(_CHALLENGES.c.nonce)
)
# The card's registry entry and its recent card sessions (counted up to the limit), in one round trip.
_RECENT_SESSIONS = capped_count(
    select(_SESSIONS.c.card_serial).where(
        _SESSIONS.c.card_serial == bindparam("serial"), _SESSIONS.c.created_at > bindparam("since")
    ),
    bindparam("limit"),
)
_CARD = select(
    _CARDS.c.auth_cert_serial,
    _CARDS.c.sign_cert_serial,
    _CARDS.c.status,
    _CARDS.c.municipality_code,
    _CARDS.c.card_key_sha256,
    _RECENT_SESSIONS.scalar_subquery().label("recent_sessions"),
).where(_CARDS.c.serial == bindparam("serial"))
_INSERT_SESSION = insert(_SESSIONS)
_LOCK_CARD = select(_CARDS.c.serial).where(_CARDS.c.serial == bindparam("serial")).with_for_update()
"""Taken before counting a card's recent sessions: concurrent openings for one card count one after another (on
PostgreSQL, under READ COMMITTED, the count is a later statement and sees what the lock's holder committed)."""


def registered_card(conn: Connection, serial: str, now: dt.datetime, limit: int) -> Row[*tuple[Any, ...]]:
    """The card's registry entry with its card sessions of the last hour (counted up to ``limit``), read under a
    lock on the card's row so concurrent openings for one card count one after another; refused (challenge kept
    consumed) when the card is not registered."""
    conn.execute(_LOCK_CARD, {"serial": serial})
    since = now - dt.timedelta(hours=1)
    card = conn.execute(_CARD, {"serial": serial, "since": since, "limit": limit}).one_or_none()
    if card is None:
        raise CardRefused("this card is not in the card registry", keep_changes=True)
    return card


def record_session(
    conn: Connection,
    ctx: AppContext,
    kiosk: KioskPrincipal,
    card: Row[*tuple[Any, ...]],
    serial: str,
    key: JpkiKey,
    now: dt.datetime,
    *,
    offline_staff_id: int | None = None,
    card_key: bytes | None = None,
) -> OpenedCardSession:
    """Insert a new card session for ``card`` (its registry row) and say what was opened; ``card_key``: the chip's
    card key (DER) a card-AP proof was made with."""
    opened = OpenedCardSession(
        card_session_id=str(uuid.uuid4()),
        card_serial=serial,
        municipality_code=card.municipality_code,
        key=key,
        expires_at=now + dt.timedelta(seconds=ctx.settings.limits.card_session_ttl_s),
        liveness_challenge=() if offline_staff_id is not None else choose_challenge(ctx.settings.face),
    )
    conn.execute(
        _INSERT_SESSION,
        {
            "card_session_id": opened.card_session_id,
            "card_serial": serial,
            "kiosk_id": kiosk.kiosk_id,
            "key": key,
            "created_at": now,
            "expires_at": opened.expires_at,
            "offline_staff_id": offline_staff_id,
            "card_key": card_key,
            "liveness_challenge": stored(opened.liveness_challenge),
        },
    )
    return opened


def consume_challenge(
    session: Session, challenge_id: str, kiosk_id: str, now: dt.datetime, limits: Limits | None = None
) -> bytes:
    """Mark the challenge used and return its nonce, or ``ChallengeInvalid`` (unknown, expired, used, foreign, or
    issued "after now": the service's clock was stepped back since). ``limits``: the service's (default ones)."""
    limits = limits or Limits()
    window = {
        "issued_after": now - dt.timedelta(seconds=limits.challenge_ttl_s),
        "issued_by": now + dt.timedelta(seconds=limits.clock_step_back_tolerance_s),
    }
    nonce: bytes | None = (
        session.connection()
        .execute(_CONSUME_CHALLENGE, {"wanted_id": challenge_id, "wanted_kiosk": kiosk_id, "now": now} | window)
        .scalar_one_or_none()
    )
    if nonce is None:
        raise ChallengeInvalid("challenge is unknown, expired, already used or issued to another kiosk")
    return nonce


def _certificates(body: CardSessionIn | OfflineCardSessionIn) -> tuple[x509.Certificate, list[x509.Certificate]]:
    try:
        leaf = x509.load_der_x509_certificate(body.certificate)
        chain = [x509.load_der_x509_certificate(c) for c in body.chain]
    except ValueError as exc:
        raise CardNotGenuine("certificate or chain is not DER X.509", keep_changes=True) from exc
    return leaf, chain


def _verify_card_data(body: CardSessionIn | OfflineCardSessionIn, keys: KeyMaterial) -> None:
    front, cvc = body.card_data.kenmen_front, body.card_data.kenmen_intermediate
    if front is None and cvc is None:
        return
    if front is None or cvc is None:
        raise Unprocessable("send kenmen_front together with kenmen_intermediate", keep_changes=True)
    try:
        verify_front_face(parse_front_face(front), parse_cvc(cvc), keys.anchors.card_ap_roots)
    except MalformedResponse as exc:
        raise CardNotGenuine("card-face data is malformed", keep_changes=True) from exc


@dataclass(frozen=True)
class OpenedCardSession:
    """What opening a card session decided; the row itself is written with a plain INSERT."""

    card_session_id: str
    card_serial: str
    municipality_code: str
    key: JpkiKey
    expires_at: dt.datetime
    liveness_challenge: tuple[LivenessStep, ...] = ()
    """Empty for an offline capture: its face check happened at the pop-up, and it resets no PIN."""


def authenticate(session: Session, ctx: AppContext, kiosk: KioskPrincipal, body: CardSessionIn) -> OpenedCardSession:
    """Verify everything and open a card session; refusals keep the challenge consumed."""
    now = ctx.clock.now()
    nonce = consume_challenge(session, body.challenge_id, kiosk.kiosk_id, now, ctx.settings.limits)
    return open_verified(session, ctx, kiosk, body, nonce, now)


def open_verified(
    session: Session,
    ctx: AppContext,
    kiosk: KioskPrincipal,
    body: CardSessionIn | OfflineCardSessionIn,
    nonce: bytes,
    now: dt.datetime,
    *,
    offline_staff_id: int | None = None,
) -> OpenedCardSession:
    """Check the card's signature over ``nonce``, its certificates, data and registry entry; open a session.
    ``offline_staff_id``: the staff member who ran the desk where the card was read offline."""
    keys = require_keys(ctx)
    if body.key is JpkiKey.CARD_AP:
        raise Unprocessable("the card-AP proof has its own endpoint (/v1/card-sessions/card-ap)", keep_changes=True)
    leaf, chain = _certificates(body)
    try:
        verify_certificate_chain(leaf, chain, keys.anchors.jpki_roots, at=now)
        verify_nonce_signature(leaf, nonce, body.signature)
        _verify_card_data(body, keys)
    except ChipNotGenuine as exc:
        raise CardNotGenuine(f"card check failed: {exc.reason}", keep_changes=True) from exc
    try:
        serial = parse_juki_serial(body.card_data.juki_record)
    except MalformedResponse as exc:
        raise Unprocessable("card_data.juki_record holds no card serial", keep_changes=True) from exc
    conn = session.connection()
    limit = ctx.settings.limits.card_sessions_per_card_per_hour
    card = registered_card(conn, serial, now, limit)
    registered = card.auth_cert_serial if body.key is JpkiKey.AUTH else card.sign_cert_serial
    if registered != format(leaf.serial_number, "x"):
        raise CardRefused(
            "certificate is not the one registered for this card (revoked or replaced)", keep_changes=True
        )
    if card.status is not CardStatus.VALID:
        raise CardRefused(f"card is {card.status.value}", keep_changes=True)
    if card.recent_sessions >= limit:
        raise RateLimited(f"more than {limit} card sessions for this card in an hour", keep_changes=True)
    opened = record_session(conn, ctx, kiosk, card, serial, body.key, now, offline_staff_id=offline_staff_id)
    audit.append(
        session,
        ctx.clock,
        actor=f"kiosk:{kiosk.kiosk_id}",
        action="card_session.opened",
        subject=serial,
        details={"key": body.key.value, "card_session_id": opened.card_session_id}
        | ({"offline_staff": offline_staff_id} if offline_staff_id is not None else {}),
    )
    return opened


def live_card_session(session: Session, ctx: AppContext, kiosk: KioskPrincipal, card_session_id: str) -> CardSession:
    """The card session, if it belongs to this kiosk and has not expired (``CardSessionExpired``)."""
    card_session = session.get(CardSession, card_session_id)
    if card_session is None or card_session.kiosk_id != kiosk.kiosk_id:
        raise CardRefused("card session is unknown or was opened on another kiosk")
    check_card_session_time(card_session, ctx.clock.now(), ctx.settings.limits)
    return card_session


def check_card_session_time(card_session: CardSession, now: dt.datetime, limits: Limits) -> None:
    """``CardSessionExpired`` unless ``now`` is within the session's time, judged from when it was opened in both
    directions (a clock stepped back an hour does not give a ten-minute session another hour) and by its stored
    expiry (a clock stepped forward, or time really passed)."""
    age = (now - card_session.created_at).total_seconds()
    if age < -limits.clock_step_back_tolerance_s:
        raise CardSessionExpired(
            f"card session was opened {-age:.0f} s after this service's 'now' (its clock was stepped back); "
            "authenticate the card again"
        )
    if card_session.expires_at <= now or age >= limits.card_session_ttl_s:
        raise CardSessionExpired("card session expired; authenticate the card again")


def valid_card(session: Session, serial: str, *, lock: bool = False) -> Card:
    """The card, if it is valid; ``lock``: hold its row until the transaction ends (per-card limits count under
    it, so concurrent requests for one card are counted one after another)."""
    card = session.get(Card, serial, with_for_update=lock)
    if card is None or card.status is not CardStatus.VALID:
        raise CardRefused("card is not valid (suspended or revoked since the card session opened)")
    return card
