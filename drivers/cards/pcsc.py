"""Card readers through ``pcscd`` (pyscard): contact and contactless CCID readers, and vsmartcard's vpcd.

What a caller may rely on:

* A :class:`PcscReader` stands for "the reader whose name contains *this*" (or any reader), not for one device:
  readers may come and go (USB re-plug, pcscd restart) and the object keeps working once they are back.
* Waiting is event driven (``SCardGetStatusChange``, including pcscd's reader-arrival notification), never busy
  polling while pcscd runs; while pcscd is down it is retried every 0.25 s. Every wait has a bound, and every
  call into PC/SC on a connection runs on the connection's own worker thread and is abandoned (the connection is
  then dead) if it does not return within its bound, so a wedged reader or driver cannot hang the kiosk.
* :meth:`PcscReader.connect` opens the card **exclusively**, T=1 (contact and contactless CCID readers both
  present T=1), for the length of one resident's session.
* :meth:`PcscConnection.close` with ``reset=True`` disconnects with ``SCARD_RESET_CARD``: no verified PIN
  outlives the session. ``reset=False`` leaves the card as it is (``SCARD_LEAVE_CARD``); note that pcscd itself
  powers an unused card down soon after (pcsc-lite 1.9.9: within 0.35–0.5 s, measured), which clears its PINs.
* Every PC/SC failure becomes a :mod:`kiosk.card.errors` transport error (see ``pcsc_errors``).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Sequence

from smartcard import scard

from drivers.cards.pcsc_errors import SUCCESS, code_name, error_for, is_service_gone
from drivers.cards.worker import BoundedWorker
from kiosk.card.errors import CardRemoved, CardTimeout, NoCard, ReaderGone, TransportError

log = logging.getLogger(__name__)

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
SERVICE_RETRY = 0.25  # seconds between attempts to reach a pcscd that is down
CALL_TIMEOUT = 10.0  # bound on one PC/SC call on a connection (a long RSA signature takes well under 2 s)
REMOVAL_SETTLE = 1.5  # after a failed exchange: how long to wait for pcscd to notice a removed card
# READ BINARY at offset 0x7FFF with an extended Le of 1: answered by any card that parses extended APDUs
# (an error such as 69 86 or 6B 00, or no data), 67 00 from a short-only card; changes no card state.
EXTENDED_PROBE = bytes.fromhex("00B07FFF000001")
_SHORT_ONLY_SW1 = frozenset({0x67, 0x68, 0x6D, 0x6E})


def _establish() -> int:
    rv, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if rv != SUCCESS:
        raise error_for(rv, "connecting to pcscd")
    return int(context)


class PcscConnection:
    """An exclusive T=1 connection to the card in one reader (implements ``kiosk.card.transport.CardConnection``)."""

    def __init__(self, reader_name: str, *, call_timeout: float = CALL_TIMEOUT, extended: bool | None = None) -> None:
        self.reader_name = reader_name
        self._call_timeout = call_timeout
        self._extended = extended
        self._worker = BoundedWorker(f"pcsc:{reader_name}")
        self._context: int | None = None
        self._card: int | None = None
        self._dead = False
        self._wedged = False  # a call timed out: the worker may still be blocked in pcscd
        self._closed = False
        try:
            self._worker.call(self._open, call_timeout, "connecting to the card")
        except CardTimeout:
            # pcscd may still connect us later: release the card then, instead of locking it for nobody.
            self._dead = self._wedged = True
            self.close()
            raise
        except BaseException:
            self._dead = True
            self._worker.stop()
            raise

    def _open(self) -> None:
        context = _establish()
        rv, card, _protocol = scard.SCardConnect(
            context, self.reader_name, scard.SCARD_SHARE_EXCLUSIVE, scard.SCARD_PROTOCOL_T1
        )
        if rv != SUCCESS:
            scard.SCardReleaseContext(context)
            raise error_for(rv, f"connecting to the card in {self.reader_name!r}")
        self._context, self._card = context, int(card)

    @property
    def supports_extended(self) -> bool:
        """Whether reader and card carry extended-length APDUs; probed once, on first use, by ``EXTENDED_PROBE``."""
        if self._extended is None:
            self._extended = self._probe_extended()
        return self._extended

    def _probe_extended(self) -> bool:
        if self._dead:
            return False
        # A card too slow for the probe is a slow card: CardTimeout goes up as it is. Swallowed here, the next command
        # would find the connection dead and report "card removed" for a card that never moved.
        rv, answer = self._exchange(EXTENDED_PROBE)
        if rv != SUCCESS or len(answer) < 2:
            # A reader that cannot carry extended APDUs fails the exchange; the card and session are unharmed (a
            # removed card is reported by the next command).
            log.info("reader %r did not carry an extended APDU (%s); using short APDUs", self.reader_name, rv)
            return False
        return answer[-2] not in _SHORT_ONLY_SW1

    def _exchange(self, apdu: bytes) -> tuple[int, list[int]]:
        """One SCardTransmit on the worker; ``CardTimeout`` (and a dead connection) if it does not return in time."""
        card = self._card

        def exchange() -> tuple[int, list[int]]:
            rv, response = scard.SCardTransmit(card, scard.SCARD_PCI_T1, list(apdu))
            return int(rv), list(response)

        try:
            return self._worker.call(exchange, self._call_timeout, "a command")
        except CardTimeout:
            self._dead = self._wedged = True
            raise

    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; return response data + SW1 SW2. Raises only transport errors."""
        if self._dead or self._card is None:
            raise CardRemoved("the session with this card has ended; connect again")
        rv, response = self._exchange(apdu)
        if rv == SUCCESS and len(response) >= 2:
            return bytes(response)
        self._dead = True
        if rv == SUCCESS:
            # vpcd reports a card that vanished mid-command as a successful exchange with an empty answer.
            error = TransportError("the reader returned an answer without a status word; re-seat the card")
            raise self._classify_failure(error, "empty answer")
        raise self._classify_failure(error_for(rv, "sending a command"), code_name(rv))

    def _classify_failure(self, error: TransportError, what: str) -> TransportError:
        """A generic exchange failure is usually the card leaving mid-command: wait briefly for pcscd to say so."""
        if type(error) is not TransportError or self._context is None:
            return error
        if _wait_for_state(self._context, self.reader_name, present=False, timeout=REMOVAL_SETTLE):
            return CardRemoved(f"the card left {self.reader_name!r} during a command ({what})")
        return error

    def close(self, *, reset: bool = True) -> None:
        """Disconnect (``SCARD_RESET_CARD`` unless ``reset=False``) and release; bounded, never raises."""
        if self._closed:
            return
        self._closed = self._dead = True
        release = self._release(scard.SCARD_RESET_CARD if reset else scard.SCARD_LEAVE_CARD)
        if self._wedged:
            # The worker is still blocked in pcscd: release once it returns, without making the caller wait.
            self._worker.submit(release)
            self._worker.stop()
            return
        try:
            self._worker.call(release, self._call_timeout, "disconnecting")
        except TransportError as exc:
            # pcscd is wedged: it resets the card when our handle dies with the context.
            log.warning("could not disconnect cleanly from %r: %s", self.reader_name, exc)
        finally:
            self._worker.stop()

    def _release(self, disposition: int) -> Callable[[], None]:
        def release() -> None:
            # Runs on the worker, after any call still blocked there (which may yet set the handles).
            card, context = self._card, self._context
            self._card = self._context = None
            if card is not None:
                rv = scard.SCardDisconnect(card, disposition)
                if rv != SUCCESS:
                    log.info("disconnect from %r: %s", self.reader_name, code_name(int(rv)))
            if context is not None:
                scard.SCardReleaseContext(context)

        return release


def _wait_for_state(context: int, reader: str, *, present: bool, timeout: float) -> bool:
    """Wait on an existing context until ``reader`` has (``present``) or lacks a card; False on timeout/error."""
    deadline = time.monotonic() + timeout
    current = scard.SCARD_STATE_UNAWARE
    while (remaining := deadline - time.monotonic()) > 0:
        rv, states = scard.SCardGetStatusChange(context, int(remaining * 1000), [(reader, current)])
        if rv != SUCCESS:
            return False
        _name, event, _atr = states[0]
        if bool(event & scard.SCARD_STATE_PRESENT) == present:
            return True
        current = event & ~scard.SCARD_STATE_CHANGED
    return False


class PcscReader:
    """A PC/SC reader slot chosen by name (implements ``kiosk.card.transport.CardReader``).

    ``name_filter`` None means any reader (URI ``pcsc``): the first reader, in pcscd's order, that has a card.
    Otherwise only readers whose name contains ``name_filter`` (case-insensitive) are considered.
    """

    def __init__(self, name_filter: str | None = None, *, call_timeout: float = CALL_TIMEOUT) -> None:
        self._filter = name_filter.casefold() if name_filter else None
        self._call_timeout = call_timeout
        self._context: int | None = None
        self._current: str | None = None  # the reader our card was last seen in
        self._lock = threading.Lock()
        self._worker: BoundedWorker | None = None

    @property
    def name(self) -> str:
        if self._current is not None:
            return self._current
        return f"PC/SC reader matching {self._filter!r}" if self._filter else "first PC/SC reader with a card"

    # --- pcscd plumbing ----------------------------------------------------------------------------------------

    def _ctx(self) -> int:
        if self._context is None:
            self._context = _establish()
        return self._context

    def _drop_context(self) -> None:
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    def _matching(self, readers: Sequence[str]) -> list[str]:
        if self._filter is None:
            return list(readers)
        return [r for r in readers if self._filter in r.casefold()]

    def _readers_locked(self) -> list[str]:
        rv, readers = scard.SCardListReaders(self._ctx(), [])
        if rv == SUCCESS:
            return self._matching(readers)
        if rv == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if is_service_gone(rv):
            self._drop_context()
        raise error_for(rv, "listing readers")

    def _snapshot_locked(self, timeout_ms: int, known: dict[str, int]) -> dict[str, int] | None:
        """:meth:`_query_states` on the reader's worker thread, bounded: a pcscd that stopped answering
        (wedged, or SIGSTOPped) is ``ReaderGone`` after ``call_timeout`` beyond the wait itself."""
        if self._worker is None:
            self._worker = BoundedWorker("pcsc-reader")
            # A reader object nobody closes must not leave its thread behind when it is collected.
            weakref.finalize(self, self._worker.stop)
        try:
            return self._worker.call(
                lambda: self._query_states(timeout_ms, known),
                timeout_ms / 1000 + self._call_timeout,
                "asking pcscd for the reader states",
            )
        except CardTimeout:
            # The blocked call keeps that thread and context; start afresh with new ones next time.
            self._worker.stop()
            self._worker, self._context = None, None
            raise ReaderGone("pcscd does not answer; restart it (systemctl restart pcscd)") from None

    def _query_states(self, timeout_ms: int, known: dict[str, int]) -> dict[str, int] | None:
        """One ``SCardGetStatusChange`` over the matching readers and the arrival notification.

        Returns the readers' event states, or None when the set of readers changed (or the call timed out with
        no reader to watch) so the caller should list them again.
        """
        names = self._readers_locked()
        watch = [(n, known.get(n, scard.SCARD_STATE_UNAWARE)) for n in names]
        watch.append((PNP_NOTIFICATION, known.get(PNP_NOTIFICATION, scard.SCARD_STATE_UNAWARE)))
        rv, states = scard.SCardGetStatusChange(self._ctx(), timeout_ms, watch)
        if rv == scard.SCARD_E_TIMEOUT:
            return {n: known.get(n, scard.SCARD_STATE_UNAWARE) for n in names}
        if rv != SUCCESS:
            if is_service_gone(rv):
                self._drop_context()
            raise error_for(rv, "waiting for a card")
        result: dict[str, int] = {}
        for name, event, _atr in states:
            result[name] = int(event) & ~scard.SCARD_STATE_CHANGED
        pnp_changed = any(name == PNP_NOTIFICATION and event & scard.SCARD_STATE_CHANGED for name, event, _ in states)
        if pnp_changed and PNP_NOTIFICATION in known:
            return None
        return result

    def _wait(self, predicate: Callable[[dict[str, int]], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        known: dict[str, int] = {}
        with self._lock:
            while True:
                remaining = deadline - time.monotonic()
                try:
                    states = self._snapshot_locked(max(0, int(remaining * 1000)) if known else 0, known)
                except ReaderGone:
                    if remaining <= 0:
                        raise
                    time.sleep(min(SERVICE_RETRY, remaining))
                    known = {}
                    continue
                if states is None:  # readers came or went: look again
                    known = {}
                    continue
                if predicate(states):
                    return True
                if remaining <= 0:
                    return False
                known = states

    @staticmethod
    def _present(state: int) -> bool:
        return bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_EMPTY

    def _with_card(self, states: dict[str, int]) -> list[str]:
        return [n for n, s in states.items() if n != PNP_NOTIFICATION and self._present(s)]

    # --- the CardReader port -----------------------------------------------------------------------------------

    def card_present(self) -> bool:
        return self._wait(lambda states: bool(self._with_card(states)), 0.0)

    def wait_for_card(self, timeout: float) -> bool:
        def seen(states: dict[str, int]) -> bool:
            with_card = self._with_card(states)
            if with_card:
                self._current = self._current if self._current in with_card else with_card[0]
            return bool(with_card)

        return self._wait(seen, timeout)

    def wait_for_removal(self, timeout: float) -> bool:
        def gone(states: dict[str, int]) -> bool:
            with_card = self._with_card(states)
            if self._current is not None:
                return self._current not in with_card
            return not with_card

        return self._wait(gone, timeout)

    def states_now(self) -> dict[str, int]:
        """The matching readers' PC/SC states right now (``PNP_NOTIFICATION`` included); ``ReaderGone`` if pcscd
        is down."""
        states: dict[str, int] = {}

        def capture(seen: dict[str, int]) -> bool:
            states.update(seen)
            return True

        self._wait(capture, 0.0)
        return states

    def connect(self) -> PcscConnection:
        """Connect exclusively to the card in the matching reader (the one last seen with a card, if any)."""
        with_card = self._with_card(self.states_now())
        if not with_card:
            raise NoCard(f"no card in {self.name}")
        reader = self._current if self._current in with_card else with_card[0]
        self._current = reader
        return PcscConnection(reader, call_timeout=self._call_timeout)

    def close(self) -> None:
        """Release this object's pcscd context and thread (connections have their own)."""
        with self._lock:
            if self._worker is not None:
                worker, self._worker = self._worker, None
                try:
                    worker.call(self._drop_context, self._call_timeout, "releasing the pcscd context")
                except CardTimeout:
                    log.warning("pcscd did not release our context in time")
                worker.stop()


def list_readers() -> list[tuple[str, bool]]:
    """Every reader pcscd knows, with whether it holds a card; raises ``ReaderGone`` if pcscd is down."""
    reader = PcscReader()
    try:
        states = reader.states_now()
    finally:
        reader.close()
    return [(n, PcscReader._present(s)) for n, s in states.items() if n != PNP_NOTIFICATION]
