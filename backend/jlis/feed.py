"""J-LIS's status feed: a signed envelope whose payload moves applications through J-LIS's states and changes card
statuses (docs/jlis.md). The signature is checked before the payload is read; the payload is parsed once, bounded,
into frozen dataclasses, and anything unexpected refuses the whole feed."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from backend.domain import JlisState
from backend.errors import Unprocessable

SIGNED_FORMAT: Final = "mynakiosk-jlis-signed/1"
FEED_FORMAT: Final = "mynakiosk-jlis-feed/1"
MAX_FEED_BYTES: Final = 1024 * 1024
MAX_UPDATES: Final = 20_000
CARD_STATUSES: Final = frozenset({"suspended", "invalidated", "valid"})


class FeedRefused(Unprocessable):
    """The feed is not J-LIS's (signature), or not a feed of the documented format; the message says which."""


@dataclass(frozen=True)
class ApplicationUpdate:
    update_id: str
    application_number: str
    state: JlisState
    at: dt.datetime
    delivery_id: str | None
    reason: str | None


@dataclass(frozen=True)
class CardUpdate:
    update_id: str
    serial: str
    status: str
    at: dt.datetime


@dataclass(frozen=True)
class Feed:
    feed_id: str
    municipality_code: str
    issued_at: dt.datetime
    applications: tuple[ApplicationUpdate, ...]
    cards: tuple[CardUpdate, ...]


def _text(doc: dict[str, object], key: str, *, limit: int = 64, optional: bool = False) -> str | None:
    value = doc.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= limit or not value.isprintable():
        raise FeedRefused(f"field {key!r} is missing or not a short text")
    return value


def _req(doc: dict[str, object], key: str) -> str:
    value = _text(doc, key)
    assert value is not None  # not optional: _text raised
    return value


def _time(doc: dict[str, object], key: str) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(_req(doc, key))
    except ValueError:
        raise FeedRefused(f"field {key!r} is not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise FeedRefused(f"field {key!r} has no time zone")
    return at


def _objects(doc: dict[str, object], key: str) -> list[dict[str, object]]:
    value = doc.get(key)
    if not isinstance(value, list) or len(value) > MAX_UPDATES or not all(isinstance(v, dict) for v in value):
        raise FeedRefused(f"field {key!r} is not a list of at most {MAX_UPDATES} objects")
    return value


def _application(doc: dict[str, object]) -> ApplicationUpdate:
    state = doc.get("state")
    if not isinstance(state, int) or isinstance(state, bool) or state not in {s.value for s in JlisState}:
        raise FeedRefused("an application update's state is not one of ① … ⑩ (1–10)")
    return ApplicationUpdate(
        _req(doc, "update_id"),
        _req(doc, "application_number"),
        JlisState(state),
        _time(doc, "at"),
        _text(doc, "delivery_id", limit=40, optional=True),
        _text(doc, "reason", limit=32, optional=True),
    )


def _card(doc: dict[str, object]) -> CardUpdate:
    status = _req(doc, "status")
    if status not in CARD_STATUSES:
        raise FeedRefused(f"a card update's status is not one of {sorted(CARD_STATUSES)}")
    return CardUpdate(_req(doc, "update_id"), _req(doc, "serial"), status, _time(doc, "at"))


def parse(raw: bytes, jlis_public: Ed25519PublicKey) -> Feed:
    """Check the envelope's signature under J-LIS's key, then read the payload."""
    if len(raw) > MAX_FEED_BYTES:
        raise FeedRefused(f"the feed is larger than {MAX_FEED_BYTES} bytes")
    try:
        envelope = json.loads(raw)
        if not isinstance(envelope, dict) or envelope.get("format") != SIGNED_FORMAT:
            raise FeedRefused(f"the file is not a {SIGNED_FORMAT} envelope")
        payload = base64.b64decode(str(envelope.get("payload", "")), validate=True)
        signature = base64.b64decode(str(envelope.get("signature", "")), validate=True)
    except (UnicodeDecodeError, ValueError, RecursionError, binascii.Error):
        raise FeedRefused("the file is not a signed J-LIS feed (JSON with base64 payload and signature)") from None
    try:
        jlis_public.verify(signature, payload)
    except InvalidSignature:
        raise FeedRefused("the feed's signature does not verify under J-LIS's key") from None
    try:
        doc = json.loads(payload)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FeedRefused("the feed's payload is not JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != FEED_FORMAT:
        raise FeedRefused(f"the payload is not a {FEED_FORMAT} feed")
    feed = Feed(
        _req(doc, "feed_id"),
        _req(doc, "municipality_code"),
        _time(doc, "issued_at"),
        tuple(_application(u) for u in _objects(doc, "applications")),
        tuple(_card(u) for u in _objects(doc, "cards")),
    )
    ids = [u.update_id for u in feed.applications] + [u.update_id for u in feed.cards]
    if len(set(ids)) != len(ids):
        raise FeedRefused("an update id appears twice in the feed")
    return feed
