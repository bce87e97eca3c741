"""A card session: the selected application, the PINs verified in it, file reads and PIN commands.

Application modules (``jpki``, ``kenhojo``, ``kenkaku``, ``juki``) are thin layers over this class. It is the
only code that sends VERIFY, and it enforces the kiosk's PIN-safety rules:

* the tries left are read (VERIFY without data, which costs nothing) immediately before every VERIFY;
* a PIN that is blocked is never presented;
* when a person was shown a tries count (:class:`ShownTries`), the PIN is presented only if the fresh count is not
  lower than what they saw, and at one try only if they confirmed spending it;
* a failed VERIFY is never repeated: the caller gets :class:`WrongPin` with the tries left and must ask the
  resident again.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.card import tlv
from kiosk.card.apdu import SW, Command, Ins, Redact, Response, pin_tries_from_sw, status_error
from kiosk.card.channel import ApduChannel
from kiosk.card.errors import (
    FileNotFound,
    LastTryNotConfirmed,
    MalformedResponse,
    PinBlocked,
    StatusError,
    TlvError,
    TriesChanged,
)
from kiosk.card.pin import Pin
from kiosk.card.profile import DEFAULT_READ_STRATEGY, MAX_FILE_SIZE, Aid, PinRef, ReadStrategy

_MAX_OFFSET = 0x7FFF  # READ BINARY with a 15-bit offset in P1-P2


@dataclass(frozen=True)
class PinStatus:
    """What the card says about one PIN without spending a try."""

    tries_left: int | None  # None when the card reports "already verified" instead of a counter
    verified: bool
    blocked: bool

    @property
    def last_try(self) -> bool:
        return self.tries_left == 1


@dataclass(frozen=True)
class ShownTries:
    """The tries left a person was shown before they entered a PIN, and whether they chose to spend a last try."""

    tries_left: int
    last_try_confirmed: bool = False

    def allows(self, fresh: int) -> None:
        """Raise :class:`PinSafetyError` unless a PIN may be presented with ``fresh`` tries left."""
        if fresh < self.tries_left:
            raise TriesChanged(self.tries_left, fresh)
        if fresh == 1 and not self.last_try_confirmed:
            raise LastTryNotConfirmed()


class CardSession:
    """Owns the channel and the card-side state the host must mirror (selected DF, verified PINs)."""

    def __init__(self, channel: ApduChannel, strategy: ReadStrategy = DEFAULT_READ_STRATEGY) -> None:
        self.channel = channel
        self.strategy = strategy
        self.current: Aid | None = None
        self.verified: set[PinRef] = set()

    # --- plumbing ---------------------------------------------------------------------------------------------

    def send(self, command: Command, *, pin_command: bool = False) -> Response:
        response = self.channel.transmit(command)
        if not response.ok:
            raise status_error(response.sw, pin_command=pin_command)
        return response

    def select(self, aid: Aid) -> None:
        """Make ``aid`` the current application, unless it already is (re-selecting clears verified PINs)."""
        if self.current is aid:
            return
        self.send(Command(0x00, Ins.SELECT, 0x04, 0x0C, aid.value, redact=Redact.SHOW, personal_response=False))
        self.current = aid
        self.verified.clear()

    def forget_state(self) -> None:
        """The card's state changed behind the host's back (a relayed script selects and verifies by itself):
        nothing is known to be selected or verified any more, so the next operation selects again."""
        self.current = None
        self.verified.clear()

    def probe(self, aid: Aid) -> bool:
        """True when the card has application ``aid``."""
        try:
            self.select(aid)
        except FileNotFound:
            return False
        return True

    def select_ef(self, fid: int) -> None:
        self.send(
            Command(
                0x00,
                Ins.SELECT,
                0x02,
                0x0C,
                fid.to_bytes(2, "big"),
                redact=Redact.SHOW,
                personal_response=False,
            )
        )

    # --- reading ------------------------------------------------------------------------------------------------

    def _read(self, p1: int, p2: int, le: int, personal: bool) -> bytes:
        return self.send(Command(0x00, Ins.READ_BINARY, p1, p2, le=le, personal_response=personal)).data

    def read_ef(self, aid: Aid, fid: int, *, size: int | None = None, personal: bool = True) -> bytes:
        """Read a whole EF: ``size`` bytes, or as many as the BER header at its start announces.

        The first READ BINARY uses the SFI (selecting the EF in the same command) when the strategy allows;
        later ones continue at 15-bit offsets with the largest Le the connection carries. No length from the card
        is trusted beyond :data:`MAX_FILE_SIZE`; a file that ends early is :class:`MalformedResponse`.
        """
        self.select(aid)
        max_le = self.channel.max_le
        first_le = min(size, max_le) if size is not None else max_le
        if self.strategy.use_sfi and fid <= 0x1F:
            data = self._read(0x80 | fid, 0, first_le, personal)
        else:
            self.select_ef(fid)
            data = self._read(0, 0, first_le, personal)
        if size is None:
            try:
                total = tlv.read_header(data).total
            except TlvError as exc:
                raise MalformedResponse(f"EF {fid:04X} does not start with a valid BER header: {exc}") from None
        else:
            total = size
        if total > MAX_FILE_SIZE:
            raise MalformedResponse(f"EF {fid:04X} announces {total} bytes, over the limit of {MAX_FILE_SIZE}")
        buf = bytearray(data)
        while len(buf) < total:
            offset = len(buf)
            if offset > _MAX_OFFSET:
                raise MalformedResponse(f"EF {fid:04X} is too large to read with short offsets")
            chunk = self._read(offset >> 8, offset & 0xFF, min(total - offset, max_le), personal)
            if not chunk:
                raise MalformedResponse(f"EF {fid:04X} ended after {offset} of {total} bytes")
            buf += chunk
        return bytes(buf[:total])

    def read_record(self, aid: Aid, sfi: int, record: int, *, personal: bool = True) -> bytes:
        self.select(aid)
        p2 = (sfi << 3) | 0x04
        return self.send(Command(0x00, Ins.READ_RECORD, record, p2, le=256, personal_response=personal)).data

    # --- PINs ---------------------------------------------------------------------------------------------------

    def pin_status(self, ref: PinRef) -> PinStatus:
        """Ask the card for the tries left of ``ref`` (VERIFY without data). Never spends a try."""
        self.select(ref.aid)
        self.select_ef(ref.fid)
        response = self.channel.transmit(Command(0x00, Ins.VERIFY, 0x00, 0x80, personal_response=False))
        tries = pin_tries_from_sw(response.sw)
        if tries is not None:
            return PinStatus(tries, verified=ref in self.verified, blocked=tries == 0)
        if response.ok:
            return PinStatus(None, verified=True, blocked=False)
        if response.sw in (SW.AUTH_METHOD_BLOCKED, SW.REFERENCE_DATA_INVALIDATED):
            return PinStatus(0, verified=False, blocked=True)
        raise status_error(response.sw)

    def verify(self, ref: PinRef, pin: Pin, shown: ShownTries | None = None) -> PinStatus:
        """Present ``pin`` once. Raises :class:`WrongPin` (with tries left) or :class:`PinBlocked`.

        The tries left are read first; a blocked PIN is refused without being sent. ``shown`` is what the person
        entering the PIN was told (None only where nobody was shown a count: tests and tools that check it
        themselves); a fresh count below it, or one try left without their confirmation, raises
        :class:`PinSafetyError` and nothing is sent.
        """
        status = self.pin_status(ref)  # also leaves the PIN EF current for the VERIFY below
        if status.blocked:
            raise PinBlocked()
        if status.tries_left is None:
            self.verified.add(ref)  # the card says this PIN is already verified in this session
            return status
        if shown is not None:
            shown.allows(status.tries_left)
        command = Command(0x00, Ins.VERIFY, 0x00, 0x80, pin.reveal(), redact=Redact.SECRET, personal_response=False)
        try:
            self.send(command, pin_command=True)
        except StatusError:  # a wrong PIN too: the card drops this PIN's verified state on any failed VERIFY
            self.verified.discard(ref)
            raise
        self.verified.add(ref)
        return PinStatus(None, verified=True, blocked=False)
