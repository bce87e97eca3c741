"""The card's command APDU parser: every encoding ISO/IEC 7816-3 allows, and nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sim.os.apdu import ApduRejected, Command, check_class, parse
from sim.profile import Sw

HEADER = st.binary(min_size=4, max_size=4)


def encode(header: bytes, data: bytes, ne: int | None, extended: bool) -> bytes:
    if not extended:
        body = (bytes((len(data),)) + data if data else b"") + (bytes((ne % 256,)) if ne is not None else b"")
        return header + body
    body = b"\x00" + (len(data).to_bytes(2, "big") + data if data else b"")
    if ne is not None:
        body += (ne % 65536).to_bytes(2, "big")
    return header + body


@given(header=HEADER, data=st.binary(max_size=255), ne=st.none() | st.integers(1, 256))
def test_short_apdus_round_trip(header: bytes, data: bytes, ne: int | None) -> None:
    command = parse(encode(header, data, ne, extended=False))
    assert command == Command(header[0], header[1], header[2], header[3], data, ne, extended=False)


@given(
    header=HEADER,
    data=st.binary(max_size=700),
    ne=st.none() | st.integers(1, 65536),
)
def test_extended_apdus_round_trip(header: bytes, data: bytes, ne: int | None) -> None:
    if not data and ne is None:
        return  # that is case 1, which has no extended form
    command = parse(encode(header, data, ne, extended=True))
    assert command == Command(header[0], header[1], header[2], header[3], data, ne, extended=True)


@given(st.binary(max_size=600))
def test_any_bytes_parse_or_are_rejected_with_a_status_word(raw: bytes) -> None:
    try:
        command = parse(raw)
    except ApduRejected as rejected:
        assert rejected.sw in (Sw.WRONG_LENGTH,)
        return
    assert len(command.data) <= len(raw)


def test_rejections() -> None:
    for raw in ("", "00", "00A404", "00A4040C0AD3", "00A4020C0200060000", "00B00000000002AA", "00B000000000"):
        try:
            parse(bytes.fromhex(raw))
        except ApduRejected as rejected:
            assert rejected.sw is Sw.WRONG_LENGTH
        else:
            raise AssertionError(f"{raw} parsed")


@given(st.integers(0, 255))
def test_every_class_is_accepted_or_refused_with_a_class_status(cla: int) -> None:
    refused = check_class(cla)
    assert (refused is None) == (cla in (0x00, 0x80))
    assert refused in (None, Sw.CLA_NOT_SUPPORTED, Sw.CHAINING_NOT_SUPPORTED, Sw.SECURE_MESSAGING_NOT_SUPPORTED,
                       Sw.LOGICAL_CHANNEL_NOT_SUPPORTED)  # fmt: skip
