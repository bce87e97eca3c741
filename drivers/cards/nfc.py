"""The My Number Card over ISO/IEC 14443-4 Type B on a reader driven directly by nfcpy (Sony RC-S380 and kin).

What a caller may rely on (and what is only as good as nfcpy's device driver, see ``docs/readers.md``):

* Polling is REQB/ATQB (``106B``, as ISO 14443-3 requires), one short field-on sweep every ``poll_interval``
  seconds, bounded by the caller's timeout. The card is activated with our own ATTRIB, which asks for the
  highest bit rate that both the card (its ATQB) and the reader allow — 424 or 212 kbit/s on an RC-S380 —
  and then switches nfcpy's target to that rate; block framing, chaining and waiting-time extensions are
  nfcpy's ISO-DEP initiator.
* ``close(reset=True)`` sends S(DESELECT) and switches the RF field off: the card loses power and with it every
  verified PIN. ``close(reset=False)`` keeps the field and the activated card for the next :meth:`connect`.
* Short APDUs only (``supports_extended`` is False): ISO-DEP would carry extended APDUs, but whether the card
  accepts them contactlessly is unverified (``docs/card-profile.md``), and short reads always work.
* Failures become :mod:`kiosk.card.errors` transport errors: a card that stops answering is ``CardRemoved`` if
  it also fails a presence check, else ``CardTimeout``; a missing or unplugged USB device is ``ReaderGone``.
* Every call into nfcpy runs on the reader's worker thread and is given up after ``call_timeout`` seconds
  (``CardTimeout`` for a command; the reader then reports ``ReaderGone`` until the stuck call returns).
"""

from __future__ import annotations

import errno
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import nfc
import nfc.clf
import nfc.tag
from nfc.tag.tt4 import IsoDepInitiator, Type4TagCommandError

from drivers.cards.worker import BoundedWorker
from kiosk.card.errors import CardRemoved, CardTimeout, NoCard, ReaderBusy, ReaderGone, TransportError

log = logging.getLogger(__name__)

T = TypeVar("T")

POLL_INTERVAL = 0.25
CALL_TIMEOUT = 10.0  # bound on one exchange with the card or the reader
ATTRIB_TIMEOUT = 0.03
FSDI_256 = 0x08  # we (the PCD) accept frames of 256 bytes
# ATTRIB Param 2 bit-rate codes and the ATQB Bit_Rate_Capability bits (ISO/IEC 14443-3, 7.9.4 / 7.10.3):
# (kbit/s, divisor code, card-to-reader capability bit, reader-to-card capability bit)
_RATES = ((424, 0b10, 0x40, 0x04), (212, 0b01, 0x20, 0x02))
# Highest rate per nfcpy driver module; nfcpy's RC-S380 driver sets 106/212/424B from the target's brty.
_DRIVER_MAX_KBPS = {"nfc.clf.rcs380": 424}


@dataclass(frozen=True)
class Atqb:
    """The parts of an ATQB (SENSB_RES) activation needs."""

    pupi: bytes
    bit_rates: int
    fsci: int
    fwi: int

    @classmethod
    def parse(cls, sensb_res: bytes) -> Atqb:
        if len(sensb_res) < 12 or sensb_res[0] != 0x50:
            raise TransportError("the card's ATQB is malformed (not ISO 14443-3 Type B)")
        return cls(sensb_res[1:5], sensb_res[9], sensb_res[10] >> 4, sensb_res[11] >> 4)

    @property
    def fsc(self) -> int:
        """Largest frame the card accepts (FSCI above 8 is RFU and read as 8)."""
        return (16, 24, 32, 40, 48, 64, 96, 128, 256)[min(self.fsci, 8)]

    @property
    def fwt(self) -> float:
        """Frame waiting time in seconds (FWI 15 is RFU and read as 4, as nfcpy does)."""
        return 4096 / 13.56e6 * float(2 ** (self.fwi if self.fwi <= 14 else 4))


def choose_bit_rate(atqb: Atqb, reader_max_kbps: int) -> tuple[int, int]:
    """(kbit/s, ATTRIB Param 2 bit-rate bits) for the fastest rate card and reader share in both directions."""
    for kbps, code, card_to_reader, reader_to_card in _RATES:
        if kbps <= reader_max_kbps and atqb.bit_rates & card_to_reader and atqb.bit_rates & reader_to_card:
            return kbps, (code << 6) | (code << 4)
    return 106, 0


def attrib_command(atqb: Atqb, rate_bits: int) -> bytes:
    """ATTRIB: PUPI, default timings, our rate and FSD, ISO 14443-4 compliant, CID 0."""
    return b"\x1d" + atqb.pupi + bytes([0x00, rate_bits | FSDI_256, 0x01, 0x00])


class NfcConnection:
    """An activated ISO-DEP session with the card (implements ``kiosk.card.transport.CardConnection``)."""

    def __init__(self, reader: NfcReader, dep: IsoDepInitiator) -> None:
        self._reader = reader
        self._dep = dep
        self._open = True

    @property
    def supports_extended(self) -> bool:
        return False

    def transmit(self, apdu: bytes) -> bytes:
        if not self._open:
            raise CardRemoved("the session with this card has ended; connect again")
        try:
            return self._reader.bounded(lambda: self._transmit_now(apdu), "a command")
        except CardTimeout:
            self._open = False
            raise

    def _transmit_now(self, apdu: bytes) -> bytes:
        try:
            answer = self._dep.exchange(bytearray(apdu))
        except Type4TagCommandError as exc:
            self._open = False
            raise self._reader.classify_loss(self._dep, exc) from None
        except nfc.clf.CommunicationError as exc:
            self._open = False
            raise self._reader.classify_loss(self._dep, exc) from None
        except OSError as exc:
            self._open = False
            self._reader.forget_device()
            raise ReaderGone(f"the NFC reader stopped answering ({errno.errorcode.get(exc.errno or 0, exc)})") from None
        if answer is None or len(answer) < 2:
            self._open = False
            raise TransportError("the card answered with less than a status word")
        return bytes(answer)

    def close(self, *, reset: bool = True) -> None:
        """End the session (field off unless ``reset=False``); bounded, never raises."""
        was_open, self._open = self._open, False
        if was_open and not reset:
            self._reader.keep(self._dep)
            return
        dep = self._dep if was_open else None
        try:
            self._reader.bounded(lambda: self._reader.end_session(dep), "ending the session")
        except (CardTimeout, ReaderGone) as exc:
            log.warning("could not switch the NFC field off cleanly: %s", exc)


FrontendFactory = Callable[[str], Any]


def _open_frontend(path: str) -> Any:
    try:
        return nfc.ContactlessFrontend(path)
    except OSError as exc:
        if exc.errno == errno.EBUSY:
            raise ReaderBusy(
                f"the NFC reader on {path!r} is in use (by another program or the port100 kernel module; "
                "blacklist port100)"
            ) from None
        if exc.errno == errno.EACCES:
            raise ReaderGone(f"no permission to open the NFC reader on {path!r}; install the udev rule") from None
        raise ReaderGone(f"no NFC reader found on {path!r}; plug in the RC-S380 (and check lsusb)") from None


class NfcReader:
    """A reader driven by nfcpy (implements ``kiosk.card.transport.CardReader``); ``path`` is nfcpy's, e.g. ``usb``."""

    def __init__(
        self,
        path: str = "usb",
        *,
        frontend_factory: FrontendFactory = _open_frontend,
        max_kbps: int | None = None,
        poll_interval: float = POLL_INTERVAL,
        call_timeout: float = CALL_TIMEOUT,
    ) -> None:
        self._path = path
        self._factory = frontend_factory
        self._max_kbps = max_kbps
        self._poll_interval = poll_interval
        self._clf: Any = None
        self._target: Any = None  # a sensed, not yet activated, Type B target
        self._kept: IsoDepInitiator | None = None  # an activated session left open by close(reset=False)
        self._call_timeout = call_timeout
        self._worker: BoundedWorker | None = None
        self.bit_rate_kbps = 106

    @property
    def name(self) -> str:
        return f"nfc:{self._path} ({self._clf.device})" if self._clf is not None else f"nfc:{self._path}"

    # --- device --------------------------------------------------------------------------------------------------

    def bounded(self, fn: Callable[[], T], doing: str) -> T:
        """Run ``fn`` (which talks to nfcpy) on the reader's worker thread, for at most ``call_timeout`` seconds.

        nfcpy's calls block in libusb and follow the card's waiting-time extensions without a limit of their own.
        After a timeout (``CardTimeout``) the reader is ``ReaderGone`` until the stuck call has returned.
        """
        if self._worker is None:
            self._worker = BoundedWorker("nfc")
        elif self._worker.busy:
            raise ReaderGone("the NFC reader is still stuck in an earlier exchange; re-plug it if this persists")
        return self._worker.call(fn, self._call_timeout, doing)

    def _frontend(self) -> Any:
        if self._clf is None:
            self._clf = self._factory(self._path)
        return self._clf

    def forget_device(self) -> None:
        """Drop the device after a USB error so the next call opens it again (re-plugged reader)."""
        clf, self._clf = self._clf, None
        self._target = self._kept = None
        if clf is not None:
            try:
                clf.close()
            except OSError as exc:
                log.info("closing the NFC device: %s", exc)

    def _reader_max_kbps(self) -> int:
        if self._max_kbps is not None:
            return self._max_kbps
        return _DRIVER_MAX_KBPS.get(type(self._clf.device).__module__, 106)

    def _sense(self) -> bool:
        clf = self._frontend()
        try:
            self._target = clf.sense(nfc.clf.RemoteTarget("106B"), iterations=1)
        except OSError:
            self.forget_device()
            raise ReaderGone("the NFC reader was unplugged") from None
        return self._target is not None

    def _alive(self, dep: IsoDepInitiator) -> bool:
        try:
            dep.exchange(None)  # presence check: R(NAK), answered with R(ACK) by a card in the field
        except (Type4TagCommandError, nfc.clf.CommunicationError):
            return False
        return True

    def classify_loss(self, dep: IsoDepInitiator, exc: Exception) -> TransportError:
        """After a failed exchange: ``CardRemoved`` if the card no longer answers at all, else ``CardTimeout``."""
        if isinstance(exc, Type4TagCommandError) and exc.errno == nfc.tag.PROTOCOL_ERROR:
            return TransportError("the card broke the ISO 14443-4 protocol; remove it and try again")
        if self._alive(dep):
            return CardTimeout("the card did not answer the command in time")
        self._kept = None
        return CardRemoved("the card left the reader's field")

    # --- the CardReader port -------------------------------------------------------------------------------------

    def card_present(self) -> bool:
        try:
            return self.bounded(self._card_present_now, "looking for a card")
        except CardTimeout:
            raise ReaderGone("the NFC reader does not answer; re-plug it") from None

    def _card_present_now(self) -> bool:
        if self._kept is not None:
            return self._alive(self._kept)
        return self._target is not None or self._sense()

    def wait_for_card(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            if self.card_present():
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(self._poll_interval, remaining))

    def wait_for_removal(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            self._target = None  # a stale sense result must not count as presence
            if not self.card_present():
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(self._poll_interval, remaining))

    def connect(self) -> NfcConnection:
        """Activate the card in the field (or resume a session kept by ``close(reset=False)``)."""
        return self.bounded(self._connect_now, "activating the card")

    def _connect_now(self) -> NfcConnection:
        if self._kept is not None:
            dep, self._kept = self._kept, None
            return NfcConnection(self, dep)
        if self._target is None and not self._sense():
            raise NoCard(f"no card in the field of {self.name}")
        target, self._target = self._target, None
        return NfcConnection(self, self._activate(target))

    def _activate(self, target: Any) -> IsoDepInitiator:
        clf = self._frontend()
        atqb = Atqb.parse(bytes(target.sensb_res))
        kbps, rate_bits = choose_bit_rate(atqb, self._reader_max_kbps())
        try:
            answer = clf.exchange(bytearray(attrib_command(atqb, rate_bits)), ATTRIB_TIMEOUT)
        except nfc.clf.CommunicationError:
            raise CardRemoved("the card left the field while being activated") from None
        if not answer or (answer[0] & 0x0F) != 0:
            raise TransportError("the card refused ATTRIB (not an ISO 14443-4 Type B card?)")
        if kbps != 106:
            # nfcpy's drivers apply the target's bit rate on every exchange (RC-S380: InSetRF).
            clf.target.brty = f"{kbps}B"
        self.bit_rate_kbps = kbps
        fsc = min(atqb.fsc, int(clf.max_send_data_size))
        return IsoDepInitiator(clf, fsc, atqb.fwt)

    def keep(self, dep: IsoDepInitiator) -> None:
        self._kept = dep

    def end_session(self, dep: IsoDepInitiator | None) -> None:
        """DESELECT (best effort) and switch the field off: the card is reset."""
        self._kept = None
        clf = self._clf
        if clf is None:
            return
        if dep is not None:
            try:
                clf.exchange(bytearray(b"\xc2"), dep.fwt)
            except nfc.clf.CommunicationError:
                log.debug("card did not answer DESELECT; switching the field off anyway")
        try:
            clf.device.mute()
        except OSError:
            self.forget_device()
