"""Strict BER-TLV decoding with hard limits.

The card is not trusted: every length is checked against the bytes actually present and against fixed caps on
size, nesting depth and number of elements, so hostile input ends in :class:`TlvError` quickly and with bounded
memory. Tags keep their on-card bytes (``b"\\xdf\\x22"``), because My Number Card files write private-class tag
numbers below 31 in the two-byte form, which a strict DER decoder would reject.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kiosk.card.errors import TlvError

MAX_TAG_BYTES = 3
MAX_LENGTH = 0x10000  # no file on the card is larger than one extended-length answer
MAX_DEPTH = 8
MAX_ELEMENTS = 1024


@dataclass(frozen=True)
class Tlv:
    """One decoded element: its tag bytes, value, where it sits in the input, and its children if constructed.

    The value is hidden from ``repr``: card files hold personal data (the basic four, the photo).
    """

    tag: bytes
    value: bytes = field(repr=False)
    offset: int  # position of the first tag byte in the decoded buffer
    header_length: int
    children: tuple[Tlv, ...] = ()

    @property
    def constructed(self) -> bool:
        return bool(self.tag[0] & 0x20)

    @property
    def end(self) -> int:
        return self.offset + self.header_length + len(self.value)

    def child(self, tag: bytes) -> Tlv:
        """The first direct child with ``tag``; raises :class:`TlvError` when absent."""
        for c in self.children:
            if c.tag == tag:
                return c
        raise TlvError(f"element {tag.hex().upper()} missing in {self.tag.hex().upper()}")

    def find(self, tag: bytes) -> Tlv | None:
        return next((c for c in self.children if c.tag == tag), None)


@dataclass(frozen=True)
class Header:
    tag: bytes
    length: int
    header_length: int

    @property
    def total(self) -> int:
        return self.header_length + self.length


def read_header(data: bytes, pos: int = 0, end: int | None = None) -> Header:
    """Decode the tag and length at ``data[pos:end]`` without requiring the value to be present."""
    if end is None:
        end = len(data)
    start = pos
    if pos >= end:
        raise TlvError("no data where a tag was expected")
    first = data[pos]
    pos += 1
    if first & 0x1F == 0x1F:
        while True:
            if pos >= end:
                raise TlvError("tag runs past the end of the data")
            b = data[pos]
            pos += 1
            if pos - start > MAX_TAG_BYTES:
                raise TlvError("tag longer than allowed")
            if not b & 0x80:
                break
    tag = bytes(data[start:pos])
    if pos >= end:
        raise TlvError("length missing after tag")
    lb = data[pos]
    pos += 1
    if lb < 0x80:
        length = lb
    elif lb == 0x80:
        raise TlvError("indefinite length is not allowed")
    else:
        n = lb & 0x7F
        if n > 3:
            raise TlvError("length field longer than allowed")
        if pos + n > end:
            raise TlvError("length field runs past the end of the data")
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    if length > MAX_LENGTH:
        raise TlvError(f"length {length} exceeds the limit of {MAX_LENGTH}")
    return Header(tag, length, pos - start)


class _Budget:
    def __init__(self) -> None:
        self.elements = 0

    def spend(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise TlvError("too many TLV elements")


def _decode_one(data: bytes, pos: int, end: int, depth: int, budget: _Budget) -> Tlv:
    budget.spend()
    header = read_header(data, pos, end)
    value_start = pos + header.header_length
    value_end = value_start + header.length
    if value_end > end:
        raise TlvError(
            f"element {header.tag.hex().upper()} claims {header.length} bytes, only {end - value_start} present"
        )
    value = bytes(data[value_start:value_end])
    children: tuple[Tlv, ...] = ()
    if header.tag[0] & 0x20:
        if depth >= MAX_DEPTH:
            raise TlvError("TLV nesting deeper than allowed")
        children = tuple(_iter(data, value_start, value_end, depth + 1, budget))
    return Tlv(header.tag, value, pos, header.header_length, children)


def _iter(data: bytes, pos: int, end: int, depth: int, budget: _Budget) -> Iterator[Tlv]:
    while pos < end:
        element = _decode_one(data, pos, end, depth, budget)
        yield element
        pos = element.end


def decode(data: bytes) -> Tlv:
    """Decode exactly one top-level element; trailing bytes are allowed only as ``FF`` or ``00`` padding."""
    budget = _Budget()
    element = _decode_one(data, 0, len(data), 0, budget)
    rest = data[element.end :]
    if rest.strip(b"\xff") and rest.strip(b"\x00"):
        raise TlvError(f"{len(rest)} unexpected bytes after the element")
    return element


def decode_all(data: bytes) -> tuple[Tlv, ...]:
    """Decode a concatenation of elements covering ``data`` exactly."""
    return tuple(_iter(data, 0, len(data), 0, _Budget()))
