"""Property tests: every card-data parser turns arbitrary bytes into a value or MalformedResponse, nothing else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.card import data
from kiosk.card.errors import MalformedResponse

_SIGNER = data.CardVerifiableCertificate(b"", b"", rsa.generate_private_key(65537, 2048).public_key(), b"", b"")


def parse_text_signature(raw: bytes) -> object:
    return data.parse_text_signature(raw, _SIGNER)


PARSERS: list[Callable[[bytes], object]] = [
    data.parse_basic_four,
    parse_text_signature,
    data.parse_ap_info,
    data.parse_card_auth_key,
    data.parse_front_face,
    data.parse_visual_basic_info,
    data.parse_cvc,
    data.parse_juki_serial,
    data.parse_public_key,
    data.jp2_size,
]


def _tlv(tag: bytes, value: bytes) -> bytes:
    n = len(value)
    length = bytes([n]) if n < 0x80 else (b"\x81" + bytes([n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big"))
    return tag + length + value


tags = st.sampled_from(
    [bytes.fromhex(t) for t in ("DF21", "DF22", "DF23", "DF24", "DF25", "DF27", "DF28", "DF29", "DF2A", "81", "82")]
)
elements = st.builds(_tlv, tags, st.binary(max_size=40))
structured = st.builds(
    lambda outer, kids: _tlv(outer, b"".join(kids)),
    st.sampled_from([bytes.fromhex(t) for t in ("FF20", "FF30", "FF40", "FF50", "7F21", "30")]),
    st.lists(elements, max_size=12),
)
jp2ish = st.builds(lambda rest: data.JP2_SIGNATURE + rest, st.binary(max_size=120))


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@settings(max_examples=150, deadline=None)
@given(raw=st.one_of(st.binary(max_size=400), structured, jp2ish))
def test_parsers_return_a_value_or_malformed_response(parser: Callable[[bytes], object], raw: bytes) -> None:
    try:
        parser(raw)
    except MalformedResponse:
        pass
