"""Every limit of the BER-TLV decoder at its exact edge: the last value accepted and the first refused."""

from __future__ import annotations

import pytest

from kiosk.card import tlv
from kiosk.card.errors import TlvError


def nest(levels: int) -> bytes:
    """``levels`` constructed elements, one inside the other, around one empty primitive element."""
    data = b"\x04\x00"
    for _ in range(levels):
        data = b"\x30" + bytes([len(data)]) + data
    return data


def test_tag_size_edge() -> None:
    assert tlv.read_header(b"\x5f\x81\x01\x00").tag == b"\x5f\x81\x01"  # three bytes: the cap
    assert tlv.read_header(b"\xdf\x22\x00").tag == b"\xdf\x22"
    with pytest.raises(TlvError, match="tag longer"):
        tlv.read_header(b"\x5f\x81\x81\x01\x00")


@pytest.mark.parametrize("raw", [b"", b"\x1f", b"\x5f\x81", b"\x04"])
def test_a_header_cut_short_is_refused(raw: bytes) -> None:
    with pytest.raises(TlvError):
        tlv.read_header(raw)


@pytest.mark.parametrize(
    ("raw", "length", "header_length"),
    [
        (b"\x04\x7f", 0x7F, 2),
        (b"\x04\x81\x80", 0x80, 3),
        (b"\x04\x82\x01\x00", 0x100, 4),
        (b"\x04\x83\x01\x00\x00", 0x10000, 5),
    ],
)
def test_length_forms_up_to_the_cap(raw: bytes, length: int, header_length: int) -> None:
    header = tlv.read_header(raw)
    assert (header.length, header.header_length, header.total) == (length, header_length, length + header_length)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x04\x83\x01\x00\x01", "exceeds the limit"),
        (b"\x04\x84\x00\x00\x00\x01", "length field longer"),
        (b"\x04\x80", "indefinite"),
        (b"\x04\x82\x01", "runs past the end"),
        (b"\x04\x83\x01\x00", "runs past the end"),
    ],
)
def test_length_forms_past_the_cap_are_refused(raw: bytes, message: str) -> None:
    with pytest.raises(TlvError, match=message):
        tlv.read_header(raw)


def test_read_header_respects_the_end_it_is_given() -> None:
    assert tlv.read_header(b"\x00\x04\x01\xaa", 1, 3).length == 1
    with pytest.raises(TlvError):
        tlv.read_header(b"\x04\x81\x80", 0, 2)
    with pytest.raises(TlvError):
        tlv.read_header(b"\x5f\x81\x01\x00", 0, 3)


# The limits are part of the contract (docs/card-profile.md): the tests name them, not the module's constants.
DEPTH, ELEMENTS = 8, 1024


def test_nesting_depth_edge() -> None:
    element = tlv.decode(nest(DEPTH))
    for _ in range(DEPTH):
        assert element.constructed
        element = element.children[0]
    assert element.tag == b"\x04" and not element.constructed
    with pytest.raises(TlvError, match="nesting"):
        tlv.decode(nest(DEPTH + 1))


def test_decode_all_counts_depth_from_the_top_too() -> None:
    assert tlv.decode_all(nest(DEPTH))[0].constructed
    with pytest.raises(TlvError, match="nesting"):
        tlv.decode_all(nest(DEPTH + 1))


def test_element_count_edge() -> None:
    assert len(tlv.decode_all(b"\x04\x00" * ELEMENTS)) == ELEMENTS
    with pytest.raises(TlvError, match="too many"):
        tlv.decode_all(b"\x04\x00" * (ELEMENTS + 1))


def test_element_count_includes_the_outer_element() -> None:
    def outer(children: int) -> bytes:
        body = b"\x04\x00" * children
        return b"\x30\x82" + len(body).to_bytes(2, "big") + body

    assert len(tlv.decode(outer(ELEMENTS - 1)).children) == ELEMENTS - 1
    with pytest.raises(TlvError, match="too many"):
        tlv.decode(outer(ELEMENTS))


def test_a_value_longer_than_the_data_is_refused_and_one_that_fits_exactly_is_not() -> None:
    assert tlv.decode(b"\x04\x02\xaa\xbb").value == b"\xaa\xbb"
    with pytest.raises(TlvError, match="claims 3 bytes, only 2 present"):
        tlv.decode(b"\x04\x03\xaa\xbb")
    with pytest.raises(TlvError, match="claims"):
        tlv.decode(b"\x30\x04\x04\x03\xaa\xbb")  # a child longer than its parent


@pytest.mark.parametrize("padding", [b"", b"\xff", b"\xff\xff", b"\x00", b"\x00\x00\x00"])
def test_decode_allows_ff_or_00_padding(padding: bytes) -> None:
    assert tlv.decode(b"\x04\x01\xaa" + padding).value == b"\xaa"


@pytest.mark.parametrize("trailing", [b"\x01", b"\xff\x00", b"\x00\xff", b"\x04\x00"])
def test_decode_refuses_other_trailing_bytes(trailing: bytes) -> None:
    with pytest.raises(TlvError, match="unexpected bytes"):
        tlv.decode(b"\x04\x01\xaa" + trailing)


def test_elements_know_where_they_sit() -> None:
    outer = tlv.decode(b"\xff\x20\x06\xdf\x22\x01\xaa\x04\x00\x00")
    assert outer.header_length == 3 and outer.end == 9 and outer.constructed
    first, second = outer.children
    assert (first.tag, first.offset, first.header_length, first.end) == (b"\xdf\x22", 3, 3, 7)
    assert not first.constructed, "the constructed bit is in the first tag byte (DF), not the last (22)"
    assert (second.offset, second.end) == (7, 9)
    assert outer.child(b"\x04") is second and outer.find(b"\xdf\x22") is first
    assert outer.find(b"\xdf\x23") is None
    with pytest.raises(TlvError, match="DF23 missing in FF20"):
        outer.child(b"\xdf\x23")


def test_a_primitive_element_has_no_children_even_if_its_value_looks_like_tlv() -> None:
    element = tlv.decode(b"\x04\x02\x04\x00")
    assert element.children == () and not element.constructed
    assert not tlv.decode(b"\x81\x01\xaa").constructed and not tlv.decode(b"\x01\x00").constructed


def test_an_element_does_not_show_its_value() -> None:
    assert "aabbcc" not in repr(tlv.decode(b"\x04\x03\xaa\xbb\xcc")).replace("\\x", "")
