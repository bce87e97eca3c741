"""PIN safety at the card façade: the count a person was shown, the card they started with, and what relay() sends.

Issue 17, item 2 (a stale tries count, a swapped card) and the relay allow-list. Real virtual cards in-process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.cards.sim import SimReader
from drivers.cards.uri import open_reader
from kiosk.card.apdu import Ins
from kiosk.card.card import MyNumberCard
from kiosk.card.errors import CardRemoved, CardSwapped, LastTryNotConfirmed, RelayRefused, TriesChanged, WrongPin
from kiosk.card.pin import Pin
from kiosk.card.profile import Aid, Pins
from kiosk.card.session import ShownTries
from sim.card import VirtualCard
from sim.personalise import DEFAULT_AUTH_PIN
from tests import pcsc_harness

from .conftest import RecordingConnection

WRONG = Pin("0000")


def _verifies_with_data(recording: RecordingConnection) -> list[bytes]:
    return [apdu for apdu in recording.sent if apdu[1] == Ins.VERIFY and len(apdu) > 5]


def _wrong(card: MyNumberCard, times: int) -> None:
    for _ in range(times):
        with pytest.raises(WrongPin):
            card.verify(Pins.AUTH, WRONG)


def _tries(reader: SimReader) -> int | None:
    with MyNumberCard(reader.connect()) as card:
        return card.pin_status(Pins.AUTH).tries_left


def test_a_count_that_dropped_since_it_was_shown_sends_nothing(card_file: Callable[[str], Path]) -> None:
    reader = SimReader.from_file(card_file())
    recording = RecordingConnection(reader.connect())
    kiosk = MyNumberCard(recording)
    shown = ShownTries(kiosk.pin_status(Pins.AUTH).tries_left or 0)
    assert shown.tries_left == 3
    other = MyNumberCard(reader.connect())  # another program on the same reader spends two tries meanwhile
    _wrong(other, 2)
    other.close(reset=False)
    with pytest.raises(TriesChanged) as refused:
        kiosk.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN), shown)
    assert (refused.value.shown, refused.value.tries_left) == (3, 1)
    assert _verifies_with_data(recording) == []
    assert DEFAULT_AUTH_PIN not in str(refused.value)
    kiosk.close()
    assert _tries(reader) == 1


def test_the_last_try_is_presented_only_when_confirmed(card_file: Callable[[str], Path]) -> None:
    reader = SimReader.from_file(card_file())
    recording = RecordingConnection(reader.connect())
    card = MyNumberCard(recording)
    _wrong(card, 2)
    sent = len(_verifies_with_data(recording))
    with pytest.raises(LastTryNotConfirmed):
        card.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN), ShownTries(1))
    assert len(_verifies_with_data(recording)) == sent, "nothing was sent"
    card.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN), ShownTries(1, last_try_confirmed=True))
    card.close()
    assert _tries(reader) == 3


def test_a_higher_count_than_shown_is_fine(card_file: Callable[[str], Path]) -> None:
    reader = SimReader.from_file(card_file())
    with MyNumberCard(reader.connect()) as card:
        card.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN), ShownTries(2))


def test_the_virtual_reader_voids_a_connection_when_its_card_leaves(card_file: Callable[[str], Path]) -> None:
    reader = SimReader.from_file(card_file())
    old = MyNumberCard(reader.connect())
    assert old.pin_status(Pins.AUTH).tries_left == 3
    reader.remove()
    reader.insert()  # the same card (or another) back in the slot: a PC/SC handle from before is dead
    with pytest.raises(CardRemoved):
        old.pin_status(Pins.AUTH)
    assert _tries(reader) == 3, "a new connection talks to the card"


def test_the_virtual_reader_voids_a_connection_when_its_card_is_replaced(card_file: Callable[[str], Path]) -> None:
    reader = SimReader.from_file(card_file())
    old = MyNumberCard(reader.connect())
    reader.card = SimReader.from_file(card_file("sato")).card
    with pytest.raises(CardRemoved):
        old.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN))


class SlotConnection:
    """A reader that does not void its handle on a swap (not PC/SC, but nothing in the port forbids it): each
    APDU goes to whatever card is in the slot now."""

    def __init__(self, reader: SimReader) -> None:
        self.reader = reader
        self.sent: list[bytes] = []

    @property
    def supports_extended(self) -> bool:
        return True

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.reader.card.transmit(apdu)

    def close(self, *, reset: bool = True) -> None:
        pass


def test_a_different_card_is_refused_by_its_identity_before_any_pin(card_file: Callable[[str], Path]) -> None:
    reader = SimReader.from_file(card_file())
    reader.card.power_on()
    slot = SlotConnection(reader)
    card = MyNumberCard(slot)
    card.remember_identity()
    card.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN), ShownTries(3))  # the same card: fine
    other = VirtualCard.load(card_file("sato"))
    assert other.serial != reader.card.card.serial
    reader.card = SimReader(other).card
    reader.card.power_on()
    sent = len(slot.sent)
    with pytest.raises(CardSwapped):
        card.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN), ShownTries(3))
    assert not any(apdu[1] == Ins.VERIFY for apdu in slot.sent[sent:]), "no VERIFY reached the other card"


# --- relay ------------------------------------------------------------------------------------------------------------


def _select_aid(aid: Aid) -> bytes:
    return bytes([0x00, 0xA4, 0x04, 0x0C, len(aid.value)]) + aid.value


@pytest.mark.parametrize(
    "apdu",
    [
        bytes.fromhex("0020008004") + b"4821",  # VERIFY with a PIN: the backend must never make the kiosk send one
        bytes.fromhex("00B0000000"),  # READ BINARY
        bytes.fromhex("002C028000"),  # a plain (unprotected) RESET RETRY COUNTER
        bytes.fromhex("0C2C010004") + b"\x81\x04\x00\x01",  # protected, but P1 names a resetting code
        bytes.fromhex("00A4040C05A000000001"),  # SELECT of an application the profile does not name
        bytes.fromhex("00A4020C020003"),  # SELECT of an EF that is not a PIN
        bytes.fromhex("0C88000004") + b"\x00\x00\x00\x00",  # another secure-messaging command
    ],
)
def test_relay_refuses_what_a_reset_script_cannot_contain(
    card_file: Callable[[str], Path], apdu: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    recording = RecordingConnection(SimReader.from_file(card_file()).connect())
    card = MyNumberCard(recording)
    with caplog.at_level(logging.WARNING, logger="kiosk.card.card"), pytest.raises(RelayRefused):
        card.relay(apdu)
    assert recording.sent == [], "nothing reached the card"
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "relay refused" in logged
    data = apdu[5:].hex().upper()
    assert not data or data not in logged.replace(" ", "").upper(), "no command data in the log"


def test_relay_carries_the_selects_a_reset_script_makes(card_file: Callable[[str], Path]) -> None:
    card = MyNumberCard(SimReader.from_file(card_file()).connect())
    assert card.relay(_select_aid(Aid.JPKI))[-2:] == b"\x90\x00"
    assert card.relay(bytes.fromhex("00A4020C02001B"))[-2:] == b"\x90\x00"


def test_pcsc_voids_a_handle_when_its_card_leaves_as_the_virtual_reader_does(card_file: Callable[[str], Path]) -> None:
    """The behaviour the virtual reader copies, shown on the real stack (pcscd + vpcd + pyscard)."""
    if reason := pcsc_harness.unavailable_reason():
        pytest.fail(f"the pcsc variant cannot run here: {reason}")
    with pcsc_harness.pcsc_card_session(card_file()) as session:
        reader = open_reader(session.uri)
        assert reader.wait_for_card(10.0)
        old = MyNumberCard(reader.connect())
        assert old.pin_status(Pins.AUTH).tries_left == 3
        session.card.remove()
        session.card.insert()
        with pytest.raises(CardRemoved):
            old.pin_status(Pins.AUTH)
        old.close(reset=False)
        with MyNumberCard(reader.connect()) as fresh:
            assert fresh.pin_status(Pins.AUTH).tries_left == 3
