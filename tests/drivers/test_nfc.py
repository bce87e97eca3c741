"""The nfcpy driver at nfcpy's device boundary: a real ``nfc.ContactlessFrontend`` and nfcpy's own ISO-DEP code,
over a stand-in *device* that plays an RC-S380 with a Type B card in its field.

The card in the field is the real virtual card; the stand-in only does what the radio and the card's
ISO 14443-3/-4 layers would: answer REQB with an ATQB, ATTRIB, I-blocks (with chaining both ways), R(NAK)
presence checks and S(DESELECT), and record the bit rate nfcpy asks for on every frame. What this cannot verify
without hardware is listed in ``docs/readers.md``.
"""

from __future__ import annotations

import errno
import hashlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

import nfc
import nfc.clf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.cards.nfc import Atqb, NfcReader, attrib_command, choose_bit_rate
from kiosk.card.card import MyNumberCard
from kiosk.card.errors import CardRemoved, CardTimeout, NoCard, ReaderBusy, ReaderGone, TransportError
from sim.card import VirtualCard
from sim.faults import CardGone, FaultPlan, FaultyCard
from sim.personalise import DEFAULT_AUTH_PIN

PUPI = bytes.fromhex("1A2B3C4D")
SELECT_JPKI = bytes.fromhex("00A4040C0AD392F000260100000001")
SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
SIGN = b"\x80\x2a\x00\x80\x33" + SHA256_PREFIX + hashlib.sha256(b"nonce").digest() + b"\x00"


def atqb(bit_rates: int = 0x77, fsci: int = 8, fwi: int = 8) -> bytes:
    """SENSB_RES: 50, PUPI, application data, bit rates, FSCI|protocol type 1, FWI|ADC|FO."""
    return b"\x50" + PUPI + b"\x00" * 4 + bytes([bit_rates, (fsci << 4) | 0x01, (fwi << 4) | 0x01])


class TypeBField:
    """What nfcpy's driver layer sees of an RC-S380 with (or without) a Type B card in its field."""

    def __init__(self, card: FaultyCard, sensb_res: bytes) -> None:
        self.card = card
        self.sensb_res = sensb_res
        self.in_field = True
        self.field_on = False
        self.active = False
        self.attrib: bytes | None = None
        self.bit_rates: list[str] = []
        self.mutes = 0
        self._pending: bytes = b""
        self._command = b""
        self.fsd = 253
        self.garble_next = False
        self.hang: threading.Event | None = None  # when set to an Event: block every frame until it is set

    # --- nfc.clf.device.Device interface used by ContactlessFrontend ------------------------------------------

    def mute(self) -> None:
        self.mutes += 1
        self.field_on = self.active = False
        self.card.power_off()

    def sense_ttb(self, target: nfc.clf.RemoteTarget) -> nfc.clf.RemoteTarget | None:
        self.field_on = True
        if not self.in_field:
            return None
        self.card.power_on()
        return nfc.clf.RemoteTarget(target.brty, sensb_res=bytearray(self.sensb_res))

    def get_max_send_data_size(self, target: object) -> int:
        return 290

    def get_max_recv_data_size(self, target: object) -> int:
        return 290

    def close(self) -> None:
        self.field_on = False

    def send_cmd_recv_rsp(self, target: nfc.clf.RemoteTarget, data: bytearray, timeout: float) -> bytearray:
        self.bit_rates.append(target.brty)
        if self.hang is not None:
            self.hang.wait(10)  # a wedged USB transfer
        if not (self.in_field and self.field_on):
            raise nfc.clf.TimeoutError
        frame = bytes(data)
        if frame[0] == 0x1D:
            self.attrib = frame
            self.active = True
            return bytearray(b"\x00")
        if not self.active:
            raise nfc.clf.TimeoutError
        pcb = frame[0]
        if pcb == 0xC2:  # S(DESELECT)
            self.active = False
            return bytearray(b"\xc2")
        if pcb & 0xF6 == 0xB2:  # R(NAK): presence check
            return bytearray([0xA2 | (pcb & 1)])
        if pcb & 0xF6 == 0xA2:  # R(ACK): send the next chained piece of our answer
            return self._next_piece(pcb & 1)
        if self.garble_next:
            self.garble_next = False
            return bytearray([0x02 | (~pcb & 1), 0xFF])
        if pcb & 0xE2 == 0x02:  # I-block
            self._command += frame[1:]
            if pcb & 0x10:  # the reader chains its command
                return bytearray([0xA2 | (pcb & 1)])
            command, self._command = self._command, b""
            try:
                self._pending = self.card.transmit(command)
            except CardGone:
                self.in_field = False
                raise nfc.clf.TimeoutError from None
            return self._next_piece(pcb & 1)
        raise nfc.clf.ProtocolError

    def _next_piece(self, block: int) -> bytearray:
        piece, self._pending = self._pending[: self.fsd], self._pending[self.fsd :]
        chaining = 0x10 if self._pending else 0x00
        return bytearray([0x02 | chaining | block]) + piece


class Rcs380Like(TypeBField):
    """Claims to be nfcpy's RC-S380 driver, so the reader's automatic rate choice can be tested."""


Rcs380Like.__module__ = "nfc.clf.rcs380"


def make_reader(field: TypeBField, **options: object) -> NfcReader:
    def frontend(path: str) -> nfc.ContactlessFrontend:
        clf = nfc.ContactlessFrontend()
        clf.device = field
        return clf

    return NfcReader("usb", frontend_factory=frontend, poll_interval=0.01, **options)  # type: ignore[arg-type]


@pytest.fixture
def field(card_path: Callable[[str], Path]) -> TypeBField:
    return Rcs380Like(FaultyCard(VirtualCard.load(card_path()), FaultPlan()), atqb())


def test_card_is_polled_with_reqb_and_activated_at_424_kbps(field: TypeBField) -> None:
    reader = make_reader(field)
    assert reader.wait_for_card(1.0)
    connection = reader.connect()
    assert field.attrib == b"\x1d" + PUPI + bytes([0x00, 0xA8, 0x01, 0x00])  # 424 both ways, FSD 256, CID 0
    assert reader.bit_rate_kbps == 424
    assert connection.transmit(SELECT_JPKI) == b"\x90\x00"
    assert field.bit_rates[0] == "106B"  # ATTRIB goes at 106 kbit/s ...
    assert field.bit_rates[-1] == "424B"  # ... everything after at the negotiated rate
    connection.close()


def test_rate_falls_back_to_what_card_and_reader_both_allow(card_path: Callable[[str], Path]) -> None:
    card = FaultyCard(VirtualCard.load(card_path()), FaultPlan())
    only_212 = Rcs380Like(card, atqb(bit_rates=0x22))
    reader = make_reader(only_212)
    reader.connect().close()
    assert reader.bit_rate_kbps == 212
    assert only_212.attrib is not None and only_212.attrib[6] == 0x58

    unknown_driver = TypeBField(card, atqb())  # not an RC-S380: stay at 106 kbit/s
    reader = make_reader(unknown_driver)
    reader.connect().close()
    assert reader.bit_rate_kbps == 106
    assert set(unknown_driver.bit_rates) == {"106B"}


def test_card_layer_reads_certificates_through_iso_dep_chaining(
    field: TypeBField, card_path: Callable[[str], Path]
) -> None:
    reader = make_reader(field, max_kbps=424)
    with MyNumberCard(reader.connect()) as card:
        assert card.is_my_number_card()
        assert not card.channel.extended  # contactless: short APDUs; 256-byte answers come in 253-byte blocks
        certificate = card.jpki.auth_certificate()
        apps = card.applications()
    assert apps == {"jpki": True, "kenkaku": True, "kenhojo": True, "juki": True}
    assert certificate == VirtualCard.load(card_path()).image.file("jpki", 0x000A)


def test_small_card_frames_make_nfcpy_chain_the_command(card_path: Callable[[str], Path]) -> None:
    field = Rcs380Like(FaultyCard(VirtualCard.load(card_path()), FaultPlan()), atqb(fsci=2))  # 32-byte frames
    reader = make_reader(field)
    connection = reader.connect()
    for apdu in (SELECT_JPKI, bytes.fromhex("00A4020C020018"), b"\x00\x20\x00\x80\x04" + DEFAULT_AUTH_PIN.encode()):
        assert connection.transmit(apdu) == b"\x90\x00"
    assert connection.transmit(bytes.fromhex("00A4020C020017")) == b"\x90\x00"
    signature = connection.transmit(SIGN)  # 61-byte command in 32-byte frames, 258-byte answer chained back
    assert signature[-2:] == b"\x90\x00" and len(signature) == 258
    connection.close()


def test_close_with_reset_switches_the_field_off_and_the_pin_is_gone(field: TypeBField) -> None:
    reader = make_reader(field)
    connection = reader.connect()
    for apdu in (SELECT_JPKI, bytes.fromhex("00A4020C020018"), b"\x00\x20\x00\x80\x04" + DEFAULT_AUTH_PIN.encode()):
        assert connection.transmit(apdu) == b"\x90\x00"
    assert connection.transmit(bytes.fromhex("00A4020C020017")) == b"\x90\x00"
    connection.close(reset=False)  # field stays on, the session is kept
    kept = reader.connect()
    assert kept.transmit(SIGN)[-2:] == b"\x90\x00"
    mutes = field.mutes
    kept.close(reset=True)
    assert field.mutes == mutes + 1 and not field.field_on
    fresh = reader.connect()
    assert fresh.transmit(SIGN)[-2:] != b"\x90\x00"
    fresh.close()


def test_card_leaving_the_field_mid_command_is_card_removed_and_next_card_works(
    card_path: Callable[[str], Path],
) -> None:
    field = Rcs380Like(FaultyCard(VirtualCard.load(card_path()), FaultPlan(remove_at=2)), atqb())
    reader = make_reader(field)
    connection = reader.connect()
    assert connection.transmit(SELECT_JPKI) == b"\x90\x00"
    with pytest.raises(CardRemoved):
        connection.transmit(SELECT_JPKI)
    connection.close()
    assert reader.wait_for_removal(1.0)
    assert not reader.wait_for_card(0.05)
    with pytest.raises(NoCard):
        reader.connect()
    field.card.insert()
    field.in_field = True
    assert reader.wait_for_card(1.0)
    again = reader.connect()
    assert again.transmit(SELECT_JPKI) == b"\x90\x00"
    again.close()


def test_garbled_block_is_a_transport_error_and_next_session_works(field: TypeBField) -> None:
    reader = make_reader(field)
    connection = reader.connect()
    field.garble_next = True  # an I-block with the wrong block number: nfcpy reports a protocol error
    with pytest.raises(TransportError, match="protocol") as raised:
        connection.transmit(SELECT_JPKI)
    assert not isinstance(raised.value, CardRemoved)
    connection.close()
    assert reader.wait_for_card(1.0)
    again = reader.connect()
    assert again.transmit(SELECT_JPKI) == b"\x90\x00"
    again.close()


def test_card_that_stops_answering_is_card_removed(field: TypeBField) -> None:
    reader = make_reader(field)
    connection = reader.connect()
    field.active = False  # lost its activation (e.g. a power dip): ignores I-blocks and presence checks
    with pytest.raises(CardRemoved):
        connection.transmit(SELECT_JPKI)


def test_no_reader_on_usb_is_reader_gone() -> None:
    # This machine has no USB NFC reader: nfcpy's real device search must end in a typed error.
    reader = NfcReader("usb")
    with pytest.raises(ReaderGone, match="no NFC reader"):
        reader.card_present()


def test_device_claimed_by_the_kernel_driver_is_reader_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(path: str) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(nfc, "ContactlessFrontend", busy)  # nfcpy's own answer when port100 holds the RC-S380
    with pytest.raises(ReaderBusy, match="port100"):
        NfcReader("usb").card_present()


@given(st.binary(max_size=20))
def test_atqb_parser_gives_a_value_or_a_typed_error(raw: bytes) -> None:
    try:
        parsed = Atqb.parse(raw)
    except TransportError:
        return
    assert len(parsed.pupi) == 4
    kbps, bits = choose_bit_rate(parsed, 424)
    assert kbps in (106, 212, 424)
    assert len(attrib_command(parsed, bits)) == 9
    assert parsed.fsc in (16, 24, 32, 40, 48, 64, 96, 128, 256)
    assert 0 < parsed.fwt < 5


def test_wedged_reader_is_bounded_and_recovers_once_it_answers(field: TypeBField) -> None:
    reader = make_reader(field, call_timeout=0.3)
    connection = reader.connect()
    field.hang = threading.Event()
    with pytest.raises(CardTimeout):
        connection.transmit(SELECT_JPKI)
    with pytest.raises(ReaderGone, match="stuck"):
        reader.card_present()
    connection.close()  # bounded, does not raise
    released, field.hang = field.hang, None
    released.set()
    deadline = time.monotonic() + 5
    while True:
        try:
            assert reader.wait_for_card(1.0)
            break
        except ReaderGone:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    again = reader.connect()
    assert again.transmit(SELECT_JPKI) == b"\x90\x00"
    again.close()
