"""Every PC/SC result code becomes a typed transport error with a message a technician can act on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from smartcard import scard

from drivers.cards.pcsc_errors import code_name, error_for, is_service_gone
from kiosk.card.errors import (
    CardRemoved,
    CardTimeout,
    NoCard,
    ReaderBusy,
    ReaderGone,
    TransportError,
    UnsupportedReader,
)

EXPECTED = [
    ("SCARD_W_REMOVED_CARD", CardRemoved),
    ("SCARD_E_NO_SMARTCARD", NoCard),
    ("SCARD_W_RESET_CARD", CardRemoved),
    ("SCARD_W_UNRESPONSIVE_CARD", CardTimeout),
    ("SCARD_E_TIMEOUT", CardTimeout),
    ("SCARD_E_SHARING_VIOLATION", ReaderBusy),
    ("SCARD_E_NO_SERVICE", ReaderGone),
    ("SCARD_E_SERVICE_STOPPED", ReaderGone),
    ("SCARD_E_NO_READERS_AVAILABLE", ReaderGone),
    ("SCARD_E_READER_UNAVAILABLE", ReaderGone),
    ("SCARD_E_UNKNOWN_READER", ReaderGone),
    ("SCARD_E_INVALID_HANDLE", ReaderGone),
    ("SCARD_E_PROTO_MISMATCH", UnsupportedReader),
    ("SCARD_W_SECURITY_VIOLATION", ReaderGone),  # a pcscd that died and came back: not "cannot read this card"
]


@pytest.mark.parametrize(("name", "kind"), EXPECTED, ids=[n for n, _ in EXPECTED])
def test_code_maps_to_its_typed_error(name: str, kind: type[TransportError]) -> None:
    error = error_for(getattr(scard, name), "sending a command")
    assert type(error) is kind
    assert name in str(error)
    assert "sending a command" in str(error)


def test_only_a_lost_service_counts_as_service_gone() -> None:
    assert is_service_gone(scard.SCARD_E_NO_SERVICE)
    assert is_service_gone(scard.SCARD_E_INVALID_HANDLE)
    assert not is_service_gone(scard.SCARD_E_NO_READERS_AVAILABLE)
    assert not is_service_gone(scard.SCARD_W_REMOVED_CARD)


def test_generic_failure_stays_a_plain_transport_error() -> None:
    error = error_for(scard.SCARD_E_NOT_TRANSACTED, "sending a command")
    assert type(error) is TransportError
    assert "SCARD_E_NOT_TRANSACTED" in str(error)


@given(st.integers(-(2**31), 2**32 - 1))
def test_any_result_code_gives_a_transport_error(rv: int) -> None:
    error = error_for(rv, "listing readers")
    assert isinstance(error, TransportError)
    assert code_name(rv) in str(error)
