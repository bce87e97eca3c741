"""J-LIS's feed parser: the signature is checked before anything is read, and any input is a feed or refused with
``FeedRefused`` (never another error), signed or not."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.domain import JlisState
from backend.jlis.feed import FeedRefused, parse
from sim.pki.jlis import jlis_key

KEY = jlis_key()


def _signed(payload: bytes) -> bytes:
    return json.dumps(
        {
            "format": "mynakiosk-jlis-signed/1",
            "payload": base64.b64encode(payload).decode(),
            "signature": base64.b64encode(KEY.sign(payload)).decode(),
        }
    ).encode()


def _feed(**changes: object) -> bytes:
    doc: dict[str, object] = {
        "format": "mynakiosk-jlis-feed/1",
        "feed_id": "F1",
        "municipality_code": "452017",
        "issued_at": "2026-12-06T09:00:00+00:00",
        "applications": [
            {
                "update_id": "F1-1",
                "application_number": "A1",
                "state": 5,
                "at": "2026-12-06T09:00:00+00:00",
                "delivery_id": "D1",
            }
        ],
        "cards": [{"update_id": "F1-2", "serial": "S1", "status": "suspended", "at": "2026-12-06T09:00:00+00:00"}],
    }
    doc.update(changes)
    return json.dumps(doc).encode()


def test_a_signed_feed_is_read_into_updates() -> None:
    feed = parse(_signed(_feed()), KEY.public_key())
    assert feed.applications[0].state is JlisState.SHIPPED and feed.applications[0].delivery_id == "D1"
    assert feed.cards[0].status == "suspended"
    assert feed.issued_at == dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "payload",
    [
        _feed(applications=[{"update_id": "x", "application_number": "A1", "state": 11, "at": "2026-12-06T09:00:00Z"}]),
        _feed(
            applications=[{"update_id": "x", "application_number": "A1", "state": True, "at": "2026-12-06T09:00:00Z"}]
        ),
        _feed(cards=[{"update_id": "x", "serial": "S1", "status": "lost", "at": "2026-12-06T09:00:00Z"}]),
        _feed(issued_at="2026-12-06T09:00:00"),
        _feed(cards=[{"update_id": "F1-1", "serial": "S1", "status": "valid", "at": "2026-12-06T09:00:00Z"}]),
        _feed(format="something else"),
        b"[" * 100_000,
    ],
)
def test_a_malformed_payload_is_refused_even_when_signed(payload: bytes) -> None:
    with pytest.raises(FeedRefused):
        parse(_signed(payload), KEY.public_key())


def test_a_feed_signed_by_another_key_is_refused_before_it_is_read() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    with pytest.raises(FeedRefused, match="signature"):
        parse(_signed(_feed()), Ed25519PrivateKey.generate().public_key())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_any_signed_bytes_are_a_feed_or_refused(payload: bytes) -> None:
    try:
        parse(_signed(payload), KEY.public_key())
    except FeedRefused:
        pass


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
    )
)
def test_any_signed_json_is_a_feed_or_refused(doc: object) -> None:
    try:
        parse(_signed(json.dumps(doc).encode()), KEY.public_key())
    except FeedRefused:
        pass
