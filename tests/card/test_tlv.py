from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.card import tlv
from kiosk.card.errors import TlvError


def test_decodes_two_byte_private_tags_and_children() -> None:
    data = bytes.fromhex("FF200ADF2203414243DF230131")
    element = tlv.decode(data)
    assert element.tag == b"\xff\x20"
    assert [c.tag for c in element.children] == [b"\xdf\x22", b"\xdf\x23"]
    assert element.child(b"\xdf\x22").value == b"ABC"
    assert element.child(b"\xdf\x23").offset == 9


def test_long_form_lengths() -> None:
    value = bytes(300)
    data = b"\xdf\x27\x82\x01\x2c" + value
    element = tlv.decode(data)
    assert element.value == value and element.header_length == 5


def test_length_longer_than_data_is_rejected() -> None:
    with pytest.raises(TlvError, match="claims"):
        tlv.decode(bytes.fromhex("DF2205414243"))


def test_indefinite_length_is_rejected() -> None:
    with pytest.raises(TlvError, match="indefinite"):
        tlv.decode(bytes.fromhex("3080000000"))


def test_huge_length_is_rejected_without_allocating() -> None:
    with pytest.raises(TlvError):
        tlv.decode(bytes.fromhex("DF2284FFFFFFFF00"))
    with pytest.raises(TlvError, match="exceeds"):
        tlv.read_header(bytes.fromhex("DF2283FFFFFF"))


def test_nesting_depth_is_limited() -> None:
    data = b""
    for _ in range(tlv.MAX_DEPTH + 2):
        data = b"\x30" + bytes([len(data)]) + data
    with pytest.raises(TlvError, match="deeper"):
        tlv.decode(data)


def test_trailing_padding_is_allowed_but_garbage_is_not() -> None:
    assert tlv.decode(bytes.fromhex("DF100141FFFF")).value == b"A"
    with pytest.raises(TlvError, match="unexpected"):
        tlv.decode(bytes.fromhex("DF10014199"))


def test_read_header_reports_total_size() -> None:
    header = tlv.read_header(bytes.fromhex("308205D0") + bytes(3))
    assert header.total == 0x05D0 + 4


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_give_a_value_or_tlv_error(data: bytes) -> None:
    try:
        element = tlv.decode(data)
    except TlvError:
        return
    assert element.end <= len(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64), st.integers(min_value=0, max_value=70000))
def test_arbitrary_headers_never_raise_other_errors(prefix: bytes, pos: int) -> None:
    try:
        tlv.read_header(prefix, pos)
    except TlvError:
        pass
