"""Command and response APDUs (ISO/IEC 7816-4), and the mapping of status words to typed errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum

from kiosk.card.errors import (
    ConditionsNotSatisfied,
    FileNotFound,
    IncorrectParameters,
    MalformedResponse,
    NotSupported,
    PinBlocked,
    SecurityStatusNotSatisfied,
    StatusError,
    WrongLength,
    WrongPin,
)

SHORT_MAX_LC = 255
SHORT_MAX_LE = 256
EXTENDED_MAX_LE = 65536


class SW(IntEnum):
    OK = 0x9000
    EOF_BEFORE_LE = 0x6282
    WRONG_LENGTH = 0x6700
    LOGICAL_CHANNEL_NOT_SUPPORTED = 0x6881
    SECURE_MESSAGING_NOT_SUPPORTED = 0x6882
    CHAINING_NOT_SUPPORTED = 0x6884
    INCOMPATIBLE_FILE_STRUCTURE = 0x6981
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTH_METHOD_BLOCKED = 0x6983
    REFERENCE_DATA_INVALIDATED = 0x6984
    CONDITIONS_NOT_SATISFIED = 0x6985
    COMMAND_NOT_ALLOWED = 0x6986
    WRONG_DATA = 0x6A80
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    RECORD_NOT_FOUND = 0x6A83
    INCORRECT_P1P2 = 0x6A86
    REFERENCED_DATA_NOT_FOUND = 0x6A88
    WRONG_P1P2 = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    UNKNOWN = 0x6F00


class Ins(IntEnum):
    SELECT = 0xA4
    READ_BINARY = 0xB0
    READ_RECORD = 0xB2
    VERIFY = 0x20
    CHANGE_REFERENCE_DATA = 0x24
    RESET_RETRY_COUNTER = 0x2C
    COMPUTE_SIGNATURE = 0x2A
    INTERNAL_AUTHENTICATE = 0x88
    GET_RESPONSE = 0xC0


class Redact(Enum):
    """What an APDU trace may show of a command's data field."""

    SHOW = "show"  # e.g. the AID or FID of a SELECT: not secret, useful to a technician
    LENGTH_ONLY = "length"  # e.g. a DigestInfo: harmless, but nothing a technician needs
    SECRET = "secret"  # noqa: S105 -- PINs and anything derived from them: not even the length is shown


@dataclass(frozen=True, repr=False)
class Command:
    """One command APDU. ``le`` is the number of response bytes expected (None = no response data).

    ``repr`` and ``str`` show the data field only as ``redact`` allows (a PIN never), so a traceback with locals,
    ``pytest -l`` or a crash reporter cannot print a secret.
    """

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None
    redact: Redact = Redact.LENGTH_ONLY
    personal_response: bool = field(default=True)  # the response may hold personal data: trace only its length

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"{name} out of range")
        if len(self.data) > 65535:
            raise ValueError("command data longer than 65535 bytes")
        if self.le is not None and not 1 <= self.le <= EXTENDED_MAX_LE:
            raise ValueError("le out of range")

    def __repr__(self) -> str:
        le = "" if self.le is None else f", le={self.le}"
        return f"Command({self.cla:02X} {self.ins:02X} {self.p1:02X} {self.p2:02X}{self.data_summary()}{le})"

    def data_summary(self) -> str:
        """The data field as a trace or a repr may show it: hex (``SHOW``), its length, or only ``[secret]``."""
        if not self.data:
            return ""
        if self.redact is Redact.SHOW:
            return f" [{self.data.hex().upper()}]"
        if self.redact is Redact.LENGTH_ONLY:
            return f" [{len(self.data)} B]"
        return " [secret]"

    @classmethod
    def parse(cls, raw: bytes, *, redact: Redact = Redact.LENGTH_ONLY) -> Command:
        """Decode a short or extended command APDU (ISO/IEC 7816-3 cases 1-4); ``ValueError`` if malformed."""
        if len(raw) < 4:
            raise ValueError("command APDU shorter than its header")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        data, le = b"", None
        if len(body) == 1:  # case 2 short
            le = body[0] or SHORT_MAX_LE
        elif len(body) == 3 and body[0] == 0:  # case 2 extended
            le = int.from_bytes(body[1:], "big") or EXTENDED_MAX_LE
        elif body and body[0] != 0:  # case 3/4 short
            lc = body[0]
            data = body[1 : 1 + lc]
            rest = body[1 + lc :]
            if len(data) != lc or len(rest) > 1:
                raise ValueError("short APDU length fields do not match its data")
            if rest:
                le = rest[0] or SHORT_MAX_LE
        elif len(body) > 3:  # case 3/4 extended
            lc = int.from_bytes(body[1:3], "big")
            data = body[3 : 3 + lc]
            rest = body[3 + lc :]
            if lc == 0 or len(data) != lc or len(rest) not in (0, 2):
                raise ValueError("extended APDU length fields do not match its data")
            if rest:
                le = int.from_bytes(rest, "big") or EXTENDED_MAX_LE
        elif body:
            raise ValueError("APDU body has an impossible length")
        return cls(cla, ins, p1, p2, bytes(data), le, redact)

    def needs_extended(self) -> bool:
        return len(self.data) > SHORT_MAX_LC or (self.le is not None and self.le > SHORT_MAX_LE)

    def encode(self, *, extended: bool | None = None) -> bytes:
        """Encode as a short APDU, or extended when needed (or when ``extended`` forces it)."""
        ext = self.needs_extended() if extended is None else extended
        if not ext and self.needs_extended():
            raise ValueError("command does not fit in a short APDU")
        out = bytearray((self.cla, self.ins, self.p1, self.p2))
        if ext:
            if self.data:
                out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                le = b"\x00\x00" if self.le == EXTENDED_MAX_LE else self.le.to_bytes(2, "big")
                out += le if self.data else b"\x00" + le
        else:
            if self.data:
                out += bytes((len(self.data),)) + self.data
            if self.le is not None:
                out.append(0 if self.le == SHORT_MAX_LE else self.le)
        return bytes(out)


@dataclass(frozen=True, repr=False)
class Response:
    """A response APDU. Its data may be personal (a certificate, the basic four), so ``repr`` shows its length only."""

    data: bytes
    sw: int

    def __repr__(self) -> str:
        return f"Response({len(self.data)} B, SW {self.sw:04X})"

    @classmethod
    def parse(cls, raw: bytes) -> Response:
        if len(raw) < 2:
            raise MalformedResponse(f"response of {len(raw)} bytes has no status word")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK


_BLOCKED = {SW.AUTH_METHOD_BLOCKED, SW.REFERENCE_DATA_INVALIDATED}


def pin_tries_from_sw(sw: int) -> int | None:
    """Tries left carried by a ``63 Cx`` status word, else None."""
    if sw & 0xFFF0 == 0x63C0:
        return sw & 0x0F
    return None


def status_error(sw: int, *, pin_command: bool = False) -> StatusError:
    """The typed error for a non-success status word."""
    tries = pin_tries_from_sw(sw)
    if pin_command and tries is not None:
        return WrongPin(sw, tries)
    if pin_command and sw in _BLOCKED:
        return PinBlocked(sw)
    if sw == SW.SECURITY_STATUS_NOT_SATISFIED:
        return SecurityStatusNotSatisfied(sw, "security status not satisfied (a PIN must be verified first)")
    if sw in (SW.FILE_NOT_FOUND, SW.RECORD_NOT_FOUND, SW.REFERENCED_DATA_NOT_FOUND):
        return FileNotFound(sw, f"file or application not found (SW {sw:04X})")
    if sw in (SW.CONDITIONS_NOT_SATISFIED, SW.COMMAND_NOT_ALLOWED, SW.INCOMPATIBLE_FILE_STRUCTURE):
        return ConditionsNotSatisfied(sw, f"command not allowed in the card's current state (SW {sw:04X})")
    if sw == SW.WRONG_LENGTH or sw >> 8 == 0x6C:
        return WrongLength(sw, f"card rejected the length (SW {sw:04X})")
    if sw in (SW.WRONG_DATA, SW.INCORRECT_P1P2, SW.WRONG_P1P2, SW.FUNCTION_NOT_SUPPORTED):
        return IncorrectParameters(sw, f"card rejected the parameters (SW {sw:04X})")
    if sw in (SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED) or sw >> 8 == 0x68:
        return NotSupported(sw, f"card does not support the command (SW {sw:04X})")
    if sw in _BLOCKED:
        return PinBlocked(sw)
    return StatusError(sw)
