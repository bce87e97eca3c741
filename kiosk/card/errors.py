"""The typed errors of the card layer.

Two families: transport errors (the card or reader went away, timed out, is busy) and status errors (the card
answered with a status word that means something went wrong). Messages never contain PINs, file contents or any
personal data; a UI chooses its resident-facing text from the exception *type*, not from the message.
"""

from __future__ import annotations


class CardError(Exception):
    """Base of every error raised by the card layer."""


# --- transport ----------------------------------------------------------------------------------------------


class TransportError(CardError):
    """The command could not be exchanged with the card."""


class NoCard(TransportError):
    """No card is present in the reader."""


class CardRemoved(TransportError):
    """The card left the reader (or its field) during a session."""


class ReaderGone(TransportError):
    """The reader was unplugged or the reader service stopped."""


class ReaderBusy(TransportError):
    """Another program holds the reader exclusively (PC/SC sharing violation)."""


class CardTimeout(TransportError):
    """The card or reader did not answer within the allowed time."""


class UnsupportedReader(TransportError):
    """The reader URI or reader type is not supported here."""


# --- answers that make no sense --------------------------------------------------------------------------------


class MalformedResponse(CardError):
    """The card's answer does not have the structure the protocol requires (bad TLV, wrong length, ...)."""


class TlvError(MalformedResponse):
    """BER-TLV data is malformed or exceeds a hard limit."""


# --- status words ------------------------------------------------------------------------------------------------


class StatusError(CardError):
    """The card answered with a status word other than 90 00."""

    def __init__(self, sw: int, message: str | None = None) -> None:
        self.sw = sw
        super().__init__(message or f"card answered SW {sw:04X}")


class WrongPin(StatusError):
    """VERIFY failed; ``tries_left`` attempts remain (0 means the PIN is now blocked)."""

    def __init__(self, sw: int, tries_left: int) -> None:
        self.tries_left = tries_left
        super().__init__(sw, f"wrong PIN, {tries_left} tries left")


class PinBlocked(StatusError):
    """The PIN is blocked; it must never be presented again (only the municipal counter can unblock it)."""

    def __init__(self, sw: int = 0x6984) -> None:
        super().__init__(sw, "PIN blocked")


class SecurityStatusNotSatisfied(StatusError):
    """The command needs a PIN that has not been verified in this session (69 82)."""


class FileNotFound(StatusError):
    """The application or file does not exist on this card (6A 82)."""


class ConditionsNotSatisfied(StatusError):
    """The card refused the command in its current state (69 85 / 69 86)."""


class WrongLength(StatusError):
    """The card rejected the command's length (67 00, 6C xx)."""


class IncorrectParameters(StatusError):
    """The card rejected P1/P2 or the data (6A 80, 6A 86, 6B 00, ...)."""


class NotSupported(StatusError):
    """The card does not implement the command (6D 00, 6E 00, 68 xx)."""


# --- host-side refusals --------------------------------------------------------------------------------------------


class PinFormatError(CardError):
    """A PIN does not have the format its card object requires; it was NOT sent to the card."""


class PinSafetyError(CardError):
    """A PIN was NOT sent because presenting it now could cost a try the person did not agree to spend."""


class TriesChanged(PinSafetyError):
    """The tries left dropped after the person was shown them (another reader, a swapped card): ask again."""

    def __init__(self, shown: int, tries_left: int) -> None:
        self.shown = shown
        self.tries_left = tries_left
        super().__init__(f"tries left dropped from {shown} to {tries_left} since they were shown; nothing was sent")


class LastTryNotConfirmed(PinSafetyError):
    """One try is left and the person did not confirm they want to spend it."""

    def __init__(self) -> None:
        self.tries_left = 1
        super().__init__("one try left and the last try was not confirmed; nothing was sent")


class CardSwapped(PinSafetyError):
    """The card in the reader is not the card this session started with."""

    def __init__(self) -> None:
        super().__init__("a different card is in the reader; nothing was sent")


class RelayRefused(CardError):
    """A command in a relayed script is not one a PIN-reset script may contain; it was NOT sent to the card."""

    def __init__(self, cla: int, ins: int, p1: int, p2: int) -> None:
        self.header = (cla, ins, p1, p2)
        super().__init__(f"refused to relay {cla:02X} {ins:02X} {p1:02X} {p2:02X}: not a PIN-reset script command")
