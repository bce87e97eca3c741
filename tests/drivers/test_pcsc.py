"""The PC/SC driver against the real pcscd, vsmartcard's vpcd and the real virtual card (``tests/pcsc_harness``)."""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from smartcard import scard

from drivers.cards.pcsc import PcscConnection, PcscReader, list_readers
from drivers.cards.uri import open_reader
from kiosk.card.card import MyNumberCard
from kiosk.card.errors import (
    CardError,
    CardRemoved,
    CardTimeout,
    NoCard,
    ReaderBusy,
    ReaderGone,
)
from sim.personalise import DEFAULT_AUTH_PIN
from tests import pcsc_harness
from tests.pcsc_harness import PcscSession

pytestmark = pytest.mark.pcsc

SELECT_JPKI = bytes.fromhex("00A4040C0AD392F000260100000001")
SELECT_AUTH_PIN = bytes.fromhex("00A4020C020018")
SELECT_AUTH_KEY = bytes.fromhex("00A4020C020017")
VERIFY_AUTH = bytes.fromhex("0020008004") + DEFAULT_AUTH_PIN.encode()
SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
SIGN = b"\x80\x2a\x00\x80\x33" + SHA256_PREFIX + hashlib.sha256(b"nonce").digest() + b"\x00"
OK = b"\x90\x00"


def sw(answer: bytes) -> bytes:
    return answer[-2:]


def verified_session(reader: PcscReader) -> PcscConnection:
    """A connection with the auth PIN verified and the auth key current: ``SIGN`` succeeds on it."""
    connection = reader.connect()
    for apdu in (SELECT_JPKI, SELECT_AUTH_PIN, VERIFY_AUTH, SELECT_AUTH_KEY):
        assert sw(connection.transmit(apdu)) == OK
    return connection


def test_reader_uri_by_name_finds_the_card(pcsc: PcscSession) -> None:
    reader = open_reader("pcsc:virtual pcd 00 00")  # the substring match ignores case
    assert reader.wait_for_card(5.0)
    assert reader.card_present()
    connection = reader.connect()
    try:
        assert sw(connection.transmit(SELECT_JPKI)) == OK
    finally:
        connection.close()
    assert reader.name == pcsc.reader_name


def test_plain_pcsc_uri_picks_the_reader_that_holds_a_card(pcsc: PcscSession) -> None:
    assert [name for name, card in list_readers() if card] == [pcsc.reader_name]
    reader = open_reader("pcsc")
    connection = reader.connect()  # the second vpcd slot is empty and must not be chosen
    connection.close()
    assert reader.name == pcsc.reader_name


def test_extended_length_is_detected_from_the_card(pcsc: PcscSession) -> None:
    connection = PcscReader(pcsc.reader_name).connect()
    try:
        assert connection.supports_extended
    finally:
        connection.close()


def test_short_only_card_is_detected_and_still_works(pcsc_available: None, card_path: Callable[[str], Path]) -> None:
    with pcsc_harness.pcsc_card_session(card_path("short-only")) as short:
        connection = PcscReader(short.reader_name).connect()
        try:
            assert not connection.supports_extended
            assert sw(connection.transmit(SELECT_JPKI)) == OK  # short APDUs still work
        finally:
            connection.close()


def test_plain_disconnect_keeps_the_verified_pin_and_reset_clears_it(pcsc: PcscSession) -> None:
    reader = PcscReader(pcsc.reader_name)
    verified_session(reader).close(reset=False)  # SCARD_LEAVE_CARD

    again = reader.connect()
    assert sw(again.transmit(SIGN)) == OK
    again.close(reset=True)  # SCARD_RESET_CARD: the virtual card gets vpcd's reset

    after_reset = reader.connect()
    try:
        assert sw(after_reset.transmit(SIGN)) != OK
    finally:
        after_reset.close()


def test_session_is_exclusive(pcsc: PcscSession) -> None:
    reader = PcscReader(pcsc.reader_name)
    held = reader.connect()
    try:
        with pytest.raises(ReaderBusy, match="SHARING_VIOLATION"):
            PcscReader(pcsc.reader_name).connect()
    finally:
        held.close()
    reader.connect().close()  # free again once the session ended


def test_removal_and_insertion_are_reported(pcsc: PcscSession) -> None:
    reader = PcscReader(pcsc.reader_name)
    assert reader.wait_for_card(5.0)
    pcsc.card.remove(wait=False)
    assert reader.wait_for_removal(5.0)
    assert not reader.card_present()
    with pytest.raises(NoCard):
        reader.connect()
    assert not reader.wait_for_card(0.3)  # bounded: returns False, does not hang
    pcsc.card.insert(wait=False)
    assert reader.wait_for_card(5.0)
    reader.connect().close()


def test_card_pulled_mid_apdu_is_card_removed_and_the_next_card_works(
    pcsc_available: None, card_path: Callable[[str], Path]
) -> None:
    with pcsc_harness.pcsc_card_session(card_path(), faults="remove@3") as session:
        reader = PcscReader(session.reader_name)
        connection = reader.connect()
        connection.transmit(SELECT_JPKI)
        connection.transmit(SELECT_AUTH_PIN)
        with pytest.raises(CardRemoved):
            connection.transmit(VERIFY_AUTH)
        with pytest.raises(CardRemoved):  # the connection stays dead
            connection.transmit(SELECT_JPKI)
        connection.close()
        assert reader.wait_for_removal(5.0)

        session.card.insert(wait=False)
        assert reader.wait_for_card(5.0)
        fresh = reader.connect()
        try:
            assert sw(fresh.transmit(SELECT_JPKI)) == OK
        finally:
            fresh.close()


def test_garbage_answer_is_a_typed_card_error_and_the_next_session_works(
    pcsc_available: None, card_path: Callable[[str], Path]
) -> None:
    with pcsc_harness.pcsc_card_session(card_path(), faults="garbage@2") as session:
        reader = PcscReader(session.reader_name)
        card = MyNumberCard(reader.connect())
        with pytest.raises(CardError):
            card.jpki.token()
            card.jpki.token()
        card.close()
        with MyNumberCard(reader.connect()) as card:
            assert card.is_my_number_card()


def test_pcscd_restart_mid_session_is_reader_gone_and_the_next_session_works(pcsc: PcscSession) -> None:
    reader = PcscReader(pcsc.reader_name)
    connection = reader.connect()
    assert sw(connection.transmit(SELECT_JPKI)) == OK
    pcsc.pcscd.restart()
    with pytest.raises(ReaderGone, match="NO_SERVICE"):
        connection.transmit(SELECT_JPKI)
    connection.close()
    assert reader.wait_for_card(10.0)  # serve-vpcd reconnects to the new pcscd on its own
    fresh = reader.connect()
    try:
        assert sw(fresh.transmit(SELECT_JPKI)) == OK
    finally:
        fresh.close()


def test_pcscd_not_running_is_reader_gone_within_the_bound(pcsc: PcscSession) -> None:
    pcsc.pcscd.stop()
    reader = PcscReader(pcsc.reader_name)
    with pytest.raises(ReaderGone, match="NO_SERVICE"):
        reader.card_present()
    with pytest.raises(ReaderGone):
        reader.wait_for_card(0.5)
    with pytest.raises(ReaderGone):
        list_readers()


def test_unknown_reader_name_has_no_card(pcsc: PcscSession) -> None:
    reader = open_reader("pcsc:No Such Reader")
    assert not reader.card_present()
    assert not reader.wait_for_card(0.3)
    with pytest.raises(NoCard):
        reader.connect()


def test_card_leaving_after_connect_is_card_removed(pcsc: PcscSession) -> None:
    reader = PcscReader(pcsc.reader_name)
    connection = reader.connect()
    pcsc.card.remove()
    with pytest.raises(CardRemoved):
        connection.transmit(SELECT_JPKI)
    connection.close()


def test_state_constants_used_by_the_driver_exist() -> None:
    # pyscard builds differ; the driver depends on these names being exported.
    for name in ("SCARD_STATE_PRESENT", "SCARD_STATE_EMPTY", "SCARD_STATE_CHANGED", "SCARD_RESET_CARD"):
        assert hasattr(scard, name)


def test_card_too_slow_for_the_extended_length_probe_is_card_timeout_not_card_removed(
    pcsc_available: None, card_path: Callable[[str], Path]
) -> None:
    with pcsc_harness.pcsc_card_session(card_path(), faults="delay=1.0") as session:
        connection = PcscConnection(session.reader_name, call_timeout=0.3)  # probes on first use
        try:
            with pytest.raises(CardTimeout):
                _ = connection.supports_extended
        finally:
            connection.close()


def test_card_slower_than_the_bound_is_card_timeout_and_a_later_session_works(
    pcsc_available: None, card_path: Callable[[str], Path]
) -> None:
    with pcsc_harness.pcsc_card_session(card_path(), faults="delay=1.0") as session:
        impatient = PcscReader(session.reader_name, call_timeout=0.3).connect()
        with pytest.raises(CardTimeout):
            impatient.transmit(SELECT_JPKI)
        with pytest.raises(CardRemoved):  # a timed-out connection is dead, and says so at once
            impatient.transmit(SELECT_JPKI)
        impatient.close()  # returns at once although pcscd is still busy with the slow answer
        impatient.close()  # and closing twice is harmless

        # The abandoned exchange still holds the card for up to a second: a kiosk sees ReaderBusy and retries.
        deadline = time.monotonic() + 10.0
        while True:
            try:
                patient = PcscReader(session.reader_name, call_timeout=5.0).connect()
                break
            except ReaderBusy:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        try:
            assert sw(patient.transmit(SELECT_JPKI)) == OK
        finally:
            patient.close()


def test_wedged_pcscd_is_bounded_and_the_kiosk_recovers_when_it_answers_again(pcsc: PcscSession) -> None:
    assert pcsc.pcscd.process is not None
    connection = PcscReader(pcsc.reader_name, call_timeout=1.0).connect()
    pcsc.pcscd.process.send_signal(signal.SIGSTOP)  # pcscd alive but answering nothing
    try:
        with pytest.raises(CardTimeout):
            connection.transmit(SELECT_JPKI)
        with pytest.raises(ReaderGone, match="does not answer"):
            PcscReader(pcsc.reader_name, call_timeout=1.0).card_present()
    finally:
        pcsc.pcscd.process.send_signal(signal.SIGCONT)
    connection.close()
    reader = PcscReader(pcsc.reader_name)
    assert reader.wait_for_card(10.0)
    deadline = time.monotonic() + 10.0
    while True:  # the abandoned exchange finishes first, then the card is free again
        try:
            fresh = reader.connect()
            break
        except ReaderBusy:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    try:
        assert sw(fresh.transmit(SELECT_JPKI)) == OK
    finally:
        fresh.close()


def test_waiting_survives_pcscd_going_away_and_sees_the_reader_come_back(pcsc: PcscSession) -> None:
    reader = PcscReader(pcsc.reader_name)
    pcsc.pcscd.stop()
    result: list[bool] = []
    waiter = threading.Thread(target=lambda: result.append(reader.wait_for_card(20.0)))
    waiter.start()
    pcsc.pcscd.start()  # the reader reappears; serve-vpcd puts the card back in on its own
    waiter.join(25.0)
    assert result == [True]
    connection = reader.connect()
    try:
        assert sw(connection.transmit(SELECT_JPKI)) == OK
    finally:
        connection.close()


def test_plain_pcsc_uri_follows_the_card_to_whichever_reader_holds_it(
    pcsc: PcscSession, card_path: Callable[[str], Path]
) -> None:
    with pcsc.second_card(card_path("short-only")) as second:
        reader = open_reader("pcsc")
        first = reader.connect()  # both readers hold a card: the first in pcscd's order
        first.close()
        assert reader.name == pcsc.reader_name
        pcsc.card.remove()
        other = open_reader("pcsc")
        assert other.wait_for_card(5.0)
        connection = other.connect()
        try:
            assert other.name == second.reader_name
            assert not connection.supports_extended  # it really is the short-only card in the second slot
        finally:
            connection.close()
