"""``MyNumberCard``: the façade the flows use.

One object per card session. It owns the APDU channel and the session state, exposes each application, and offers
the operations a flow needs: which applications answer, tries left for every PIN, verify (with the PIN-safety
rules of :mod:`kiosk.card.session`), signatures, and chip checks. Transport errors are never retried here; a
VERIFY in particular is sent at most once per call.
"""

from __future__ import annotations

import enum
import hmac
import logging
from collections.abc import Callable, Sequence
from types import TracebackType

from kiosk.card.apdu import Command, Ins
from kiosk.card.channel import ApduChannel
from kiosk.card.errors import CardError, CardSwapped, FileNotFound, MalformedResponse, RelayRefused
from kiosk.card.jpki import Jpki, JpkiKey
from kiosk.card.juki import Juki
from kiosk.card.kenhojo import Kenhojo
from kiosk.card.kenkaku import Kenkaku
from kiosk.card.pin import Pin
from kiosk.card.profile import (
    AID_LABELS,
    DEFAULT_READ_STRATEGY,
    RESET_REFUSALS,
    TOKEN_MY_NUMBER_CARD,
    Aid,
    PinRef,
    Pins,
    ReadStrategy,
)
from kiosk.card.session import CardSession, PinStatus, ShownTries
from kiosk.card.trace import TraceEntry
from kiosk.card.transport import CardConnection

log = logging.getLogger(__name__)

# What a PIN-reset script may contain (docs/card-profile.md, "Management command scripts"): plain SELECTs of the
# applications and PIN EFs the profile names, and the secure-messaging RESET RETRY COUNTER / CHANGE REFERENCE DATA.
_SCRIPT_AIDS = frozenset(aid.value for aid in Aid)
_SCRIPT_PIN_EFS = frozenset(ref.fid.to_bytes(2, "big") for ref in Pins.ALL)
_SM_CLA = 0x0C


def _script_may_contain(command: Command) -> bool:
    header = (command.cla, command.ins, command.p1, command.p2)
    if header == (0x00, Ins.SELECT, 0x04, 0x0C):
        return command.data in _SCRIPT_AIDS and command.le is None
    if header == (0x00, Ins.SELECT, 0x02, 0x0C):
        return command.data in _SCRIPT_PIN_EFS and command.le is None
    if header == (_SM_CLA, Ins.RESET_RETRY_COUNTER, 0x02, 0x80):
        return bool(command.data)
    if (command.cla, command.ins, command.p2) == (_SM_CLA, Ins.CHANGE_REFERENCE_DATA, 0x80) and command.p1 in (0, 1):
        return bool(command.data)
    return False


class ResetAnswer(enum.Enum):
    """What one answer to a protected (management) command of a reset script says."""

    SUCCESS = "success"  # `90 00`: applied (the backend checks the card's MAC in it)
    REFUSED = "refused"  # a status word the card refuses such a command with after checking it: nothing changed
    TORN = "torn"  # lost, cut short or garbled: the command may or may not have been applied


def reset_answer(answer: bytes | None) -> ResetAnswer:
    """Classify the answer to a protected script command (``None``: no answer came back)."""
    if answer is None or len(answer) < 2:
        return ResetAnswer.TORN
    if answer[-2:] == b"\x90\x00":
        return ResetAnswer.SUCCESS
    if len(answer) == 2 and int.from_bytes(answer, "big") in RESET_REFUSALS:
        return ResetAnswer.REFUSED
    return ResetAnswer.TORN


class ResetState(enum.Enum):
    """What the card tells, without VERIFY, about a reset whose answer was lost (:meth:`MyNumberCard.reset_state`)."""

    APPLIED = "applied"
    NOT_APPLIED = "not_applied"
    UNKNOWN = "unknown"


def script_pins(apdus: Sequence[bytes]) -> dict[int, PinRef]:
    """For each protected command of a reset script (by its index), the PIN object the script's own SELECTs made
    current before it; a protected command after SELECTs the profile does not name has no entry."""
    out: dict[int, PinRef] = {}
    aid: bytes | None = None
    fid: int | None = None
    for index, apdu in enumerate(apdus):
        head = apdu[:4]
        if head == bytes((0x00, Ins.SELECT, 0x04, 0x0C)) and len(apdu) > 5:
            aid, fid = apdu[5 : 5 + apdu[4]], None
        elif head == bytes((0x00, Ins.SELECT, 0x02, 0x0C)) and len(apdu) == 7:
            fid = int.from_bytes(apdu[5:7], "big")
        elif head[:1] == bytes((_SM_CLA,)):
            ref = next((r for r in Pins.ALL if r.aid.value == aid and r.fid == fid), None)
            if ref is not None:
                out[index] = ref
    return out


class MyNumberCard:
    def __init__(
        self,
        connection: CardConnection,
        *,
        tracer: Callable[[TraceEntry], None] | None = None,
        strategy: ReadStrategy = DEFAULT_READ_STRATEGY,
        extended: bool | None = None,
    ) -> None:
        self.channel = ApduChannel(connection, tracer=tracer, extended=extended)
        self.session = CardSession(self.channel, strategy)
        self.jpki = Jpki(self.session)
        self.text = Kenhojo(self.session)
        self.visual = Kenkaku(self.session)
        self.juki = Juki(self.session)
        self._identity: bytes | None = None

    def __enter__(self) -> MyNumberCard:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self, *, reset: bool = True) -> None:
        """End the session; by default the card is reset so no verified PIN outlives the resident."""
        self.channel.close(reset=reset)

    # --- what is on the card -----------------------------------------------------------------------------------

    def applications(self) -> dict[str, bool]:
        """Which of the four applications answer SELECT."""
        return {AID_LABELS[aid]: self.session.probe(aid) for aid in Aid}

    def is_my_number_card(self) -> bool:
        """True when the JPKI token names a My Number Card (not a 住基カード or a phone)."""
        return self.session.probe(Aid.JPKI) and self.jpki.token() == TOKEN_MY_NUMBER_CARD

    # --- PINs ----------------------------------------------------------------------------------------------------

    def pin_status(self, ref: PinRef) -> PinStatus:
        return self.session.pin_status(ref)

    def all_pin_status(self, refs: tuple[PinRef, ...] = Pins.ALL) -> dict[str, PinStatus | None]:
        """Tries left for each PIN (None where the card has no such PIN, e.g. a child's signature PIN)."""
        out: dict[str, PinStatus | None] = {}
        for ref in refs:
            try:
                out[ref.name] = self.session.pin_status(ref)
            except FileNotFound:
                out[ref.name] = None
        return out

    def remember_identity(self) -> None:
        """Note which card this is (住基AP record 1, readable without a PIN); every later :meth:`verify` checks that
        the same card is still in the reader before it presents a PIN."""
        self._identity = self.juki.record()

    def verify(self, ref: PinRef, pin: Pin, shown: ShownTries | None = None) -> None:
        """Present ``pin`` once: the card is the one :meth:`remember_identity` noted (:class:`CardSwapped` if not),
        its tries are read first, a blocked PIN is never sent, and ``shown`` (what the resident was told) is
        checked against the fresh count (:class:`PinSafetyError`)."""
        if self._identity is not None and not hmac.compare_digest(self.juki.record(), self._identity):
            raise CardSwapped()
        self.session.verify(ref, pin, shown)

    # --- chip operations -----------------------------------------------------------------------------------------

    def sign(self, key: JpkiKey, message: bytes) -> bytes:
        """The card's JPKI signature over SHA-256(``message``); the key's PIN must be verified first."""
        return self.jpki.sign(key, message)

    def relay(self, apdu: bytes) -> bytes:
        """Carry one APDU made elsewhere (a backend's MAC-protected command script) and return data ‖ SW1 SW2.

        The kiosk can neither read nor forge such commands; it only relays them, and its trace shows their length.
        Only what a PIN-reset script may contain is relayed (plain SELECT of a profile AID or PIN EF, secure-messaging
        RESET RETRY COUNTER / CHANGE REFERENCE DATA); anything else raises :class:`RelayRefused` before it reaches
        the card, and the refusal is logged with the command header only.
        The script selects applications itself, so the host forgets what it thought was selected and verified.
        """
        try:
            command = Command.parse(apdu)
        except ValueError as exc:
            raise MalformedResponse(f"command script holds a malformed APDU: {exc}") from None
        if not _script_may_contain(command):
            log.warning(
                "relay refused: %02X %02X %02X %02X with %d data bytes is not a PIN-reset script command",
                command.cla, command.ins, command.p1, command.p2, len(command.data),
            )  # fmt: skip
            raise RelayRefused(command.cla, command.ins, command.p1, command.p2)
        self.session.forget_state()
        response = self.channel.transmit(command)
        return response.data + response.sw.to_bytes(2, "big")

    def reset_state(self, ref: PinRef, before: PinStatus | None) -> ResetState:
        """Ask the card (VERIFY without data: no try spent) whether a reset of ``ref`` whose answer was lost was
        applied. A reset puts the PIN's tries back at their maximum, so tries below it mean NOT_APPLIED; at the
        maximum when ``before`` (read before the script) was below it, APPLIED; anything else (the card gone or not
        answering, no known maximum, the maximum before too) is UNKNOWN."""
        if ref.max_tries is None:
            return ResetState.UNKNOWN
        try:
            after = self.session.pin_status(ref)
        except CardError:
            return ResetState.UNKNOWN
        if after.tries_left is None:
            return ResetState.UNKNOWN
        if after.tries_left < ref.max_tries:
            return ResetState.NOT_APPLIED
        if before is not None and before.tries_left is not None and before.tries_left < ref.max_tries:
            return ResetState.APPLIED
        return ResetState.UNKNOWN

    def serial(self) -> str:
        return self.juki.serial()
