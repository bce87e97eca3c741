"""The vpcd socket protocol of ``sim/vpcd.py``, against a loopback server that plays vpcd's part.

The card here is a recording test double: these tests are about frames and connections only. The same bridge
with the real virtual card behind the real pcscd is tested in ``tests/drivers`` and ``tests/interop``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.vpcd import MAX_FRAME, Control, SlotState, VpcdBridge, VpcdError, encode_frame, read_frame

ATR = bytes.fromhex("3BE000FF8131FE4514")
TIMEOUT = 5.0


class CardLeft(Exception):
    pass


class RecordingCard:
    def __init__(self) -> None:
        self.events: list[str] = []
        self.leave_on: bytes | None = None

    @property
    def atr(self) -> bytes:
        return ATR

    def power_on(self) -> bytes:
        self.events.append("on")
        return ATR

    def power_off(self) -> None:
        self.events.append("off")

    def reset(self) -> bytes:
        self.events.append("reset")
        return ATR

    def transmit(self, apdu: bytes) -> bytes:
        self.events.append(apdu.hex())
        if apdu == self.leave_on:
            raise CardLeft
        return apdu[1:2] + b"\x90\x00"


class FakeVpcd:
    """A listening socket like vpcd's; ``accept`` is the moment pcscd would see the card inserted."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(TIMEOUT)
        self.port = int(self.server.getsockname()[1])

    def accept(self) -> socket.socket:
        conn, _ = self.server.accept()
        conn.settimeout(TIMEOUT)
        return conn

    def close(self) -> None:
        self.server.close()


def ask(conn: socket.socket, payload: bytes) -> bytes | None:
    conn.sendall(encode_frame(payload))
    return read_frame(conn)


@pytest.fixture
def vpcd() -> Iterator[FakeVpcd]:
    server = FakeVpcd()
    yield server
    server.close()


@pytest.fixture
def card() -> RecordingCard:
    return RecordingCard()


@pytest.fixture
def bridge(vpcd: FakeVpcd, card: RecordingCard) -> Iterator[VpcdBridge]:
    b = VpcdBridge(card, "127.0.0.1", vpcd.port, removal_errors=(CardLeft,), reconnect_timeout=TIMEOUT)
    worker = threading.Thread(target=b.run)
    worker.start()
    yield b
    b.stop()
    worker.join(TIMEOUT)
    assert not worker.is_alive()


def test_control_commands_reach_the_card_and_only_atr_is_answered(
    vpcd: FakeVpcd, card: RecordingCard, bridge: VpcdBridge
) -> None:
    conn = vpcd.accept()
    conn.sendall(encode_frame(bytes([Control.POWER_ON])))
    assert ask(conn, bytes([Control.GET_ATR])) == ATR
    conn.sendall(encode_frame(bytes([Control.RESET])))
    conn.sendall(encode_frame(bytes([Control.POWER_OFF])))
    assert ask(conn, bytes([Control.GET_ATR])) == ATR  # answered in order: nothing was sent for the others
    assert card.events == ["on", "reset", "off"]
    conn.close()


def test_apdu_frames_get_one_response_frame_each(vpcd: FakeVpcd, card: RecordingCard, bridge: VpcdBridge) -> None:
    conn = vpcd.accept()
    assert ask(conn, bytes.fromhex("00A4040C")) == bytes.fromhex("A49000")
    assert ask(conn, bytes.fromhex("00B0000000")) == bytes.fromhex("B09000")
    assert bridge.stats().apdus == 2
    conn.close()


def test_remove_closes_the_connection_and_insert_connects_again(
    vpcd: FakeVpcd, card: RecordingCard, bridge: VpcdBridge
) -> None:
    conn = vpcd.accept()
    assert bridge.wait_for_state(SlotState.INSERTED, TIMEOUT)
    bridge.remove()
    assert read_frame(conn) is None  # the peer closed: vpcd reports the card gone
    assert bridge.wait_for_state(SlotState.REMOVED, TIMEOUT)
    assert card.events[-1] == "off"  # a pulled card loses power
    bridge.insert()
    again = vpcd.accept()
    assert ask(again, bytes([Control.GET_ATR])) == ATR
    assert bridge.stats().connections == 2
    again.close()


def test_card_leaving_mid_command_drops_the_connection_without_an_answer(
    vpcd: FakeVpcd, card: RecordingCard, bridge: VpcdBridge
) -> None:
    card.leave_on = bytes.fromhex("00B0000000")
    conn = vpcd.accept()
    assert ask(conn, card.leave_on) is None
    assert bridge.wait_for_state(SlotState.REMOVED, TIMEOUT)
    bridge.insert()  # the technician puts it back
    assert ask(vpcd.accept(), bytes([Control.GET_ATR])) == ATR


def test_bridge_reconnects_when_vpcd_comes_back(card: RecordingCard) -> None:
    vpcd = FakeVpcd()
    port = vpcd.port
    b = VpcdBridge(card, "127.0.0.1", port, reconnect_timeout=TIMEOUT)
    worker = threading.Thread(target=b.run)
    worker.start()
    try:
        vpcd.accept().close()  # pcscd stopped: the connection ends under an inserted card
        vpcd.close()
        restarted = socket.create_server(("127.0.0.1", port))
        restarted.settimeout(TIMEOUT)
        conn, _ = restarted.accept()
        conn.settimeout(TIMEOUT)
        assert ask(conn, bytes([Control.GET_ATR])) == ATR
        conn.close()
        restarted.close()
    finally:
        b.stop()
        worker.join(TIMEOUT)


def test_unreachable_vpcd_is_a_typed_error_within_the_bound(card: RecordingCard) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])  # closed again: nobody listens here
    b = VpcdBridge(card, "127.0.0.1", port, reconnect_timeout=0.3)
    with pytest.raises(VpcdError, match="not listening"):
        b.run()


def test_frames_longer_than_the_length_field_are_refused() -> None:
    assert encode_frame(b"\x01" * MAX_FRAME)[:2] == b"\xff\xff"
    with pytest.raises(VpcdError):
        encode_frame(b"\x00" * (MAX_FRAME + 1))


@given(st.binary(max_size=600))
def test_read_frame_never_fails_on_any_byte_stream(stream: bytes) -> None:
    a, b = socket.socketpair()
    with a, b:
        a.sendall(stream)
        a.shutdown(socket.SHUT_WR)
        frames = []
        while (frame := read_frame(b)) is not None:
            frames.append(frame)
        rebuilt = b"".join(encode_frame(f) for f in frames)
        assert stream.startswith(rebuilt)
