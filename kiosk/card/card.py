"""``MyNumberCard``: the façade the flows use.

One object per card session. It owns the APDU channel and the session state, exposes each application, and offers
the operations a flow needs: which applications answer, tries left for every PIN, verify (with the PIN-safety
rules of :mod:`kiosk.card.session`), signatures, and chip checks. Transport errors are never retried here; a
VERIFY in particular is sent at most once per call.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from kiosk.card.apdu import Command
from kiosk.card.channel import ApduChannel
from kiosk.card.errors import FileNotFound, MalformedResponse
from kiosk.card.jpki import Jpki, JpkiKey
from kiosk.card.juki import Juki
from kiosk.card.kenhojo import Kenhojo
from kiosk.card.kenkaku import Kenkaku
from kiosk.card.pin import Pin
from kiosk.card.profile import (
    AID_LABELS,
    DEFAULT_READ_STRATEGY,
    TOKEN_MY_NUMBER_CARD,
    Aid,
    PinRef,
    Pins,
    ReadStrategy,
)
from kiosk.card.session import CardSession, PinStatus
from kiosk.card.trace import TraceEntry
from kiosk.card.transport import CardConnection


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

    def verify(self, ref: PinRef, pin: Pin) -> None:
        """Present ``pin`` once (tries are read first; a blocked PIN is never sent)."""
        self.session.verify(ref, pin)

    # --- chip operations -----------------------------------------------------------------------------------------

    def sign(self, key: JpkiKey, message: bytes) -> bytes:
        """The card's JPKI signature over SHA-256(``message``); the key's PIN must be verified first."""
        return self.jpki.sign(key, message)

    def relay(self, apdu: bytes) -> bytes:
        """Carry one APDU made elsewhere (a backend's MAC-protected command script) and return data ‖ SW1 SW2.

        The kiosk can neither read nor forge such commands; it only relays them, and its trace shows their length.
        The script selects applications itself, so the host forgets what it thought was selected and verified.
        """
        try:
            command = Command.parse(apdu)
        except ValueError as exc:
            raise MalformedResponse(f"command script holds a malformed APDU: {exc}") from None
        self.session.forget_state()
        response = self.channel.transmit(command)
        return response.data + response.sw.to_bytes(2, "big")

    def serial(self) -> str:
        return self.juki.serial()
