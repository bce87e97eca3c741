"""Parsing command APDUs (ISO/IEC 7816-3 cases 1-4, short and extended) into a ``Command``.

The parser never raises on bad bytes: it returns the status word the card answers instead, so the
dispatcher can turn any input into a response.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.profile import Sw


@dataclass(frozen=True)
class Command:
    """One parsed command APDU.

    ``ne`` is the expected response length (``None`` when the APDU carried no Le; 256 or 65 536 for an
    all-zero Le); ``extended`` says whether the APDU used the extended length encoding.
    """

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    ne: int | None
    extended: bool


class ApduRejected(Exception):
    """A command APDU the card cannot even parse; carries the status word to answer."""

    def __init__(self, sw: Sw) -> None:
        super().__init__(f"APDU rejected with {sw.value:04X}")
        self.sw = sw


def parse(apdu: bytes) -> Command:
    """Decode ``apdu``; raise ``ApduRejected`` with the status word for anything malformed."""
    if len(apdu) < 4:
        raise ApduRejected(Sw.WRONG_LENGTH)
    cla, ins, p1, p2 = apdu[0], apdu[1], apdu[2], apdu[3]
    body = apdu[4:]
    if not body:
        return Command(cla, ins, p1, p2, b"", None, extended=False)
    if len(body) == 1:
        return Command(cla, ins, p1, p2, b"", body[0] or 256, extended=False)
    if body[0] != 0:
        return _short_with_data(cla, ins, p1, p2, body)
    return _extended(cla, ins, p1, p2, body)


def _short_with_data(cla: int, ins: int, p1: int, p2: int, body: bytes) -> Command:
    lc = body[0]
    data = body[1 : 1 + lc]
    rest = body[1 + lc :]
    if len(data) != lc or len(rest) > 1:
        raise ApduRejected(Sw.WRONG_LENGTH)
    ne = (rest[0] or 256) if rest else None
    return Command(cla, ins, p1, p2, data, ne, extended=False)


def _extended(cla: int, ins: int, p1: int, p2: int, body: bytes) -> Command:
    if len(body) < 3:
        raise ApduRejected(Sw.WRONG_LENGTH)
    if len(body) == 3:
        return Command(cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536, extended=True)
    lc = int.from_bytes(body[1:3], "big")
    if lc == 0:
        raise ApduRejected(Sw.WRONG_LENGTH)
    data = body[3 : 3 + lc]
    rest = body[3 + lc :]
    if len(data) != lc or len(rest) not in (0, 2):
        raise ApduRejected(Sw.WRONG_LENGTH)
    ne = (int.from_bytes(rest, "big") or 65536) if rest else None
    return Command(cla, ins, p1, p2, data, ne, extended=True)


def check_class(cla: int) -> Sw | None:
    """The refusal for a class byte the card does not support, or ``None`` for ``00``/``80``.

    Interindustry classes are decoded (ISO/IEC 7816-4 §5.4.1) so that a host probing with command
    chaining, secure messaging or a logical channel learns which feature is missing.
    """
    if cla in (0x00, 0x80):
        return None
    if cla & 0xE0 == 0x00:  # first interindustry: b5 chaining, b4-b3 SM, b2-b1 channel
        if cla & 0x10:
            return Sw.CHAINING_NOT_SUPPORTED
        if cla & 0x0C:
            return Sw.SECURE_MESSAGING_NOT_SUPPORTED
        return Sw.LOGICAL_CHANNEL_NOT_SUPPORTED
    if cla & 0xC0 == 0x40:  # further interindustry: b6 SM, b5 chaining, b4-b1 channel 4..19
        if cla & 0x10:
            return Sw.CHAINING_NOT_SUPPORTED
        if cla & 0x20:
            return Sw.SECURE_MESSAGING_NOT_SUPPORTED
        return Sw.LOGICAL_CHANNEL_NOT_SUPPORTED
    return Sw.CLA_NOT_SUPPORTED
