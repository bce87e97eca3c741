from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.card import errors
from kiosk.card.apdu import Command, Response, status_error


@pytest.mark.parametrize(
    ("command", "extended", "expected"),
    [
        (
            Command(0x00, 0xA4, 0x04, 0x0C, bytes.fromhex("D392F000260100000001")),
            None,
            "00A4040C0AD392F000260100000001",
        ),
        (Command(0x00, 0x20, 0x00, 0x80), None, "00200080"),
        (Command(0x00, 0xB0, 0x8A, 0x00, le=256), None, "00B08A0000"),
        (Command(0x00, 0xB0, 0x8A, 0x00, le=65536), None, "00B08A00000000"),
        (Command(0x00, 0xB0, 0x00, 0x07, le=300), None, "00B0000700012C"),
        (Command(0x80, 0x2A, 0x00, 0x80, b"\x01\x02", le=256), None, "802A008002010200"),
        (Command(0x80, 0x2A, 0x00, 0x80, b"\x01\x02", le=256), True, "802A008000000201020100"),
    ],
)
def test_encoding_short_and_extended(command: Command, extended: bool | None, expected: str) -> None:
    assert command.encode(extended=extended).hex().upper() == expected


def test_short_encoding_refuses_what_does_not_fit() -> None:
    with pytest.raises(ValueError, match="short"):
        Command(0x00, 0xB0, 0, 0, le=1000).encode(extended=False)


def test_response_needs_a_status_word() -> None:
    with pytest.raises(errors.MalformedResponse):
        Response.parse(b"\x90")
    assert Response.parse(b"\x01\x90\x00") == Response(b"\x01", 0x9000)


@pytest.mark.parametrize(
    ("sw", "pin", "kind"),
    [
        (0x63C2, True, errors.WrongPin),
        (0x63C0, True, errors.WrongPin),
        (0x6984, True, errors.PinBlocked),
        (0x6983, True, errors.PinBlocked),
        (0x6982, False, errors.SecurityStatusNotSatisfied),
        (0x6A82, False, errors.FileNotFound),
        (0x6D00, False, errors.NotSupported),
        (0x6700, False, errors.WrongLength),
        (0x6B00, False, errors.IncorrectParameters),
        (0x6F00, False, errors.StatusError),
    ],
)
def test_status_words_map_to_typed_errors(sw: int, pin: bool, kind: type[Exception]) -> None:
    error = status_error(sw, pin_command=pin)
    assert type(error) is kind
    if isinstance(error, errors.WrongPin):
        assert error.tries_left == sw & 0x0F


@given(st.binary(max_size=300))
def test_response_parse_never_raises_untyped(raw: bytes) -> None:
    try:
        Response.parse(raw)
    except errors.MalformedResponse:
        pass


@pytest.mark.parametrize(
    "command",
    [
        Command(0x00, 0x20, 0x00, 0x80),
        Command(0x00, 0xB0, 0x00, 0x00, le=256),
        Command(0x00, 0xB0, 0x00, 0x00, le=65536),
        Command(0x0C, 0x2C, 0x02, 0x80, bytes(40)),
        Command(0x80, 0x2A, 0x00, 0x80, bytes(51), le=256),
        Command(0x00, 0x2A, 0x00, 0x80, bytes(300), le=1000),
    ],
)
def test_parse_is_the_inverse_of_encode(command: Command) -> None:
    assert Command.parse(command.encode()) == command


@given(st.binary(max_size=300))
def test_parse_never_raises_anything_but_value_error(raw: bytes) -> None:
    try:
        Command.parse(raw)
    except ValueError:
        pass
