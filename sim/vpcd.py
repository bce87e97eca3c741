"""The virtual card's side of vsmartcard's vpcd protocol: puts a card into a reader of the real ``pcscd``.

vsmartcard's ``vpcd`` is a ``pcscd`` reader driver that listens on TCP (port 35963 for its first slot, the next
port for the second). A *virtual ICC* connects to it; connecting is inserting the card, closing the socket is
pulling it out. Every message in both directions is a frame: a 2-byte big-endian length, then that many bytes.
From ``vpcd`` to the card, a 1-byte payload is a control command and anything longer is a command APDU:

=====  ==========  =======================================
byte   meaning     card answers
=====  ==========  =======================================
0x00   power off   nothing
0x01   power on    nothing
0x02   reset       nothing
0x04   get ATR     one frame holding the ATR
APDU   command     one frame holding response data + SW1 SW2
=====  ==========  =======================================

(Checked against vsmartcard's ``virtualsmartcard/src/vpcd/vpcd.c`` and its protocol documentation, and against
the Debian ``vsmartcard-vpcd`` 3.3 driver, whose ``/etc/reader.conf.d/vpcd`` sets ``DEVICENAME /dev/null:0x8C7B``
— ``/dev/null`` means "listen", 0x8C7B = 35963.) ``pcscd`` polls a vpcd slot for presence by asking for the ATR,
so ATR requests arrive between APDUs, also while a session is open.

This module knows sockets and frames only. The card is any object with the :class:`VpcdCard` interface (the
simulator's ``VirtualCard``, possibly wrapped for fault injection); a card that "leaves the reader" in the middle
of a command says so by raising one of the ``removal_errors`` given to :class:`VpcdBridge`, and the bridge then
drops the connection without answering, exactly what ``pcscd`` sees when a real card is pulled.
"""

from __future__ import annotations

import enum
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

DEFAULT_PORT = 35963
MAX_FRAME = 0xFFFF  # the length prefix is 16 bits


class VpcdCard(Protocol):
    """What the bridge needs from a card: the simulator's ``VirtualCard`` has exactly this."""

    @property
    def atr(self) -> bytes: ...

    def power_on(self) -> bytes: ...

    def power_off(self) -> None: ...

    def reset(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> bytes: ...


class Control(enum.IntEnum):
    """The 1-byte control commands ``vpcd`` sends."""

    POWER_OFF = 0
    POWER_ON = 1
    RESET = 2
    GET_ATR = 4


class VpcdError(Exception):
    """The bridge could not do its job (vpcd unreachable, protocol violated); the message says what to check."""


class SlotState(enum.Enum):
    """Where the virtual card is, as a technician would describe it."""

    REMOVED = "removed"  # not in the reader: no connection to vpcd
    WAITING = "waiting"  # inserted, but vpcd (pcscd) is not reachable yet
    INSERTED = "inserted"  # connected to vpcd: pcscd sees a card in the reader


def encode_frame(payload: bytes) -> bytes:
    """One vpcd frame; raises :class:`VpcdError` if the payload cannot be framed (more than 65 535 bytes)."""
    if len(payload) > MAX_FRAME:
        raise VpcdError(f"a vpcd frame carries at most {MAX_FRAME} bytes, not {len(payload)}")
    return len(payload).to_bytes(2, "big") + payload


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    """Exactly ``size`` bytes, or None if the peer closed the connection first."""
    chunks = bytearray()
    while len(chunks) < size:
        try:
            chunk = sock.recv(size - len(chunks))
        except OSError:
            return None
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _ack_quickly(sock: socket.socket) -> None:
    """Ask Linux to acknowledge the next segment at once instead of delaying the ACK.

    Measured with Debian's vpcd 3.3: without this every APDU took about 48 ms instead of 0.13 ms, the signature
    of Nagle's algorithm on vpcd's side (its frame goes out in pieces, the rest waiting for our ACK) meeting a
    delayed ACK (40 ms) on ours. The kernel leaves quick-ACK mode on its own, so this is set before every frame.
    """
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)
        except OSError:
            log.debug("TCP_QUICKACK not settable; APDUs may be slower")


def read_frame(sock: socket.socket) -> bytes | None:
    """The next frame's payload, or None when the connection ended (also in the middle of a frame)."""
    header = _recv_exact(sock, 2)
    if header is None:
        return None
    return _recv_exact(sock, int.from_bytes(header, "big"))


@dataclass(frozen=True)
class BridgeStats:
    """Counters a technician can ask for (``status``); no APDU content, so nothing personal."""

    state: SlotState
    connections: int
    apdus: int


class VpcdBridge:
    """Connects one virtual card to one vpcd slot and answers its frames until stopped.

    Thread model: :meth:`run` blocks (run it in a thread or as the main loop); :meth:`insert`, :meth:`remove`
    and :meth:`stop` may be called from any other thread and take effect at once (an open connection is shut
    down, which wakes the blocked receive). When vpcd goes away while the card is inserted (``pcscd`` stopped or
    restarted), the card is powered off and the bridge reconnects as soon as vpcd listens again, for at most
    ``reconnect_timeout`` seconds per outage, then :meth:`run` raises :class:`VpcdError`.
    """

    def __init__(
        self,
        card: VpcdCard,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        *,
        removal_errors: tuple[type[BaseException], ...] = (),
        reconnect_timeout: float = 30.0,
        on_state: Callable[[SlotState], None] | None = None,
    ) -> None:
        self._card = card
        self._address = (host, port)
        self._removal_errors = removal_errors
        self._reconnect_timeout = reconnect_timeout
        self._on_state = on_state
        self._lock = threading.Condition()
        self._want_inserted = True
        self._stopping = False
        self._sock: socket.socket | None = None
        self._state = SlotState.REMOVED
        self._connections = 0
        self._apdus = 0

    # --- control, from any thread ----------------------------------------------------------------------------

    def insert(self) -> None:
        """Put the card (back) into the reader: connect to vpcd."""
        with self._lock:
            self._want_inserted = True
            self._lock.notify_all()

    def remove(self) -> None:
        """Pull the card out: close the connection; pcscd reports the card removed at its next poll."""
        with self._lock:
            self._want_inserted = False
            self._drop_connection_locked()
            self._lock.notify_all()

    def stop(self) -> None:
        """End :meth:`run` (the card leaves the reader)."""
        with self._lock:
            self._stopping = True
            self._drop_connection_locked()
            self._lock.notify_all()

    def stats(self) -> BridgeStats:
        with self._lock:
            return BridgeStats(self._state, self._connections, self._apdus)

    def wait_for_state(self, state: SlotState, timeout: float) -> bool:
        """Block until the slot is in ``state`` or ``timeout`` seconds pass; True if it is."""
        with self._lock:
            return self._lock.wait_for(lambda: self._state is state, timeout)

    # --- the loop ------------------------------------------------------------------------------------------------

    def run(self) -> None:
        """Serve until :meth:`stop`; raises :class:`VpcdError` if vpcd stays unreachable too long."""
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._stopping or self._want_inserted)
                if self._stopping:
                    self._set_state_locked(SlotState.REMOVED)
                    return
            sock = self._connect()
            if sock is None:
                continue  # stopped or removed while waiting for vpcd
            self._serve(sock)
            # Pulled out, stopped, or vpcd went away: either way a real card loses power, and with it any
            # verified PIN.
            try:
                self._card.power_off()
            except self._removal_errors:
                log.debug("card already out of the reader; nothing to power off")
            with self._lock:
                self._drop_connection_locked()
                self._set_state_locked(SlotState.REMOVED)

    def _connect(self) -> socket.socket | None:
        deadline = time.monotonic() + self._reconnect_timeout
        with self._lock:
            self._set_state_locked(SlotState.WAITING)
        delay = 0.02
        while True:
            with self._lock:
                if self._stopping or not self._want_inserted:
                    self._set_state_locked(SlotState.REMOVED)
                    return None
            try:
                sock = socket.create_connection(self._address, timeout=2.0)
            except OSError as exc:
                if time.monotonic() >= deadline:
                    host, port = self._address
                    raise VpcdError(
                        f"vpcd is not listening on {host}:{port} (is pcscd running with the vsmartcard-vpcd "
                        f"driver configured for this port?): {exc.strerror or exc}"
                    ) from None
                with self._lock:
                    self._lock.wait(delay)
                delay = min(delay * 2, 0.5)
                continue
            sock.settimeout(None)
            # One APDU, one frame, one segment: without this the answer can wait for a delayed ACK.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                if self._stopping or not self._want_inserted:
                    sock.close()
                    self._set_state_locked(SlotState.REMOVED)
                    return None
                self._sock = sock
                self._connections += 1
                self._set_state_locked(SlotState.INSERTED)
            return sock

    def _serve(self, sock: socket.socket) -> None:
        while True:
            _ack_quickly(sock)
            payload = read_frame(sock)
            if payload is None:
                return
            try:
                answer = self._handle(payload)
            except self._removal_errors:
                log.info("virtual card left the reader during a command")
                with self._lock:
                    self._want_inserted = False
                return
            if answer is None:
                continue
            try:
                sock.sendall(encode_frame(answer))
            except OSError:
                return

    def _handle(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            return self._control(payload[0])
        if len(payload) < 4:
            # Not an APDU and not a control command: vpcd never sends this; a card would answer 67 00.
            return b"\x67\x00"
        with self._lock:
            self._apdus += 1
        response = self._card.transmit(payload)
        if len(response) > MAX_FRAME:
            log.error("card answer of %d bytes cannot be framed; answering 6F 00", len(response))
            return b"\x6f\x00"
        return response

    def _control(self, code: int) -> bytes | None:
        if code == Control.POWER_OFF:
            self._card.power_off()
        elif code == Control.POWER_ON:
            self._card.power_on()
        elif code == Control.RESET:
            self._card.reset()
        elif code == Control.GET_ATR:
            return self._card.atr
        else:
            log.warning("ignoring unknown vpcd control command %#04x", code)
        return None

    # --- helpers (lock held) -----------------------------------------------------------------------------------

    def _drop_connection_locked(self) -> None:
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                log.debug("vpcd connection already closed")
            self._sock.close()
            self._sock = None

    def _set_state_locked(self, state: SlotState) -> None:
        if state is not self._state:
            self._state = state
            self._lock.notify_all()
            if self._on_state is not None:
                self._on_state(state)
