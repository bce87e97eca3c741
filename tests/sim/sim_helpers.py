"""Raw-APDU helpers for the card-side tests (imported by the tests in this directory)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sim.card import VirtualCard
from sim.profile import Aid

ISSUED = dt.date(2026, 4, 1)
"""Issue date of the session cards (fixed, so the personas' dates are reproducible)."""


@dataclass
class Host:
    """A minimal raw-APDU host for tests: every call returns (data, SW as 4 hex digits)."""

    card: VirtualCard

    def tx(self, apdu: bytes | str) -> tuple[bytes, str]:
        raw = bytes.fromhex(apdu) if isinstance(apdu, str) else apdu
        response = self.card.transmit(raw)
        assert len(response) >= 2
        return response[:-2], response[-2:].hex().upper()

    def sw(self, apdu: bytes | str) -> str:
        return self.tx(apdu)[1]

    def select(self, aid: Aid) -> str:
        return self.sw(b"\x00\xa4\x04\x0c" + bytes((len(aid.value),)) + aid.value)

    def select_ef(self, fid: int) -> str:
        return self.sw(b"\x00\xa4\x02\x0c\x02" + fid.to_bytes(2, "big"))

    def verify(self, pin: str | bytes, p2: int = 0x80) -> str:
        data = pin.encode("ascii") if isinstance(pin, str) else pin
        return self.sw(bytes((0x00, 0x20, 0x00, p2, len(data))) + data)

    def query(self, p2: int = 0x80) -> str:
        return self.sw(bytes((0x00, 0x20, 0x00, p2)))

    def verify_at(self, aid: Aid, fid: int, pin: str) -> str:
        assert self.select(aid) == "9000"
        assert self.select_ef(fid) == "9000"
        return self.verify(pin)

    def read(self, offset: int, le: int) -> tuple[bytes, str]:
        """READ BINARY of the current EF: short Le (1..256) or extended (> 256 or 65536)."""
        head = bytes((0x00, 0xB0, offset >> 8, offset & 0xFF))
        if le <= 256:
            return self.tx(head + bytes((le & 0xFF,)))
        return self.tx(head + b"\x00" + (le & 0xFFFF).to_bytes(2, "big"))

    def read_sfi(self, sfi: int, offset: int = 0, le: int = 65536) -> tuple[bytes, str]:
        head = bytes((0x00, 0xB0, 0x80 | sfi, offset))
        if le <= 256:
            return self.tx(head + bytes((le & 0xFF,)))
        return self.tx(head + b"\x00" + (le & 0xFFFF).to_bytes(2, "big"))

    def read_all_short(self) -> bytes:
        """Read the current EF to its end with short APDUs, 256 bytes at a time."""
        out = b""
        while True:
            data, sw = self.read(len(out), 256)
            assert sw == "9000", sw
            out += data
            if len(data) < 256:
                return out

    def read_file(self, aid: Aid, fid: int) -> bytes:
        assert self.select(aid) == "9000"
        assert self.select_ef(fid) == "9000"
        return self.read_all_short()


def der_length(data: bytes, at: int) -> tuple[int, int]:
    """(length, bytes used) of a BER length at ``data[at]``."""
    first = data[at]
    if first < 0x80:
        return first, 1
    count = first & 0x7F
    return int.from_bytes(data[at + 1 : at + 1 + count], "big"), 1 + count


def parse_tlvs(data: bytes) -> list[tuple[bytes, bytes, int]]:
    """Flat list of (tag bytes, value, offset of the tag) for a run of TLVs with 1- or 2-byte tags."""
    out = []
    i = 0
    while i < len(data):
        tag_len = 2 if data[i] & 0x1F == 0x1F else 1
        tag = data[i : i + tag_len]
        length, used = der_length(data, i + tag_len)
        start = i + tag_len + used
        out.append((tag, data[start : start + length], i))
        i = start + length
    return out


def outer(data: bytes) -> tuple[bytes, bytes, int]:
    """(tag, value, header length) of the single outer TLV of a file."""
    tag_len = 2 if data[0] & 0x1F == 0x1F else 1
    length, used = der_length(data, tag_len)
    header = tag_len + used
    return data[:tag_len], data[header : header + length], header
