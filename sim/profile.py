"""The card-side copy of the choices in ``docs/card-profile.md``.

Everything the virtual card enforces that the public record leaves open lives here, named so that a test
can compare it with the host's copy (``kiosk/card/profile.py``): application identifiers, file identifiers,
PIN objects with their formats and maximum tries, the status words the card answers and the instruction
bytes it implements. Nothing here imports the rest of ``sim``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Final

ATR: Final = bytes.fromhex("3BE000FF8131FE4514")
"""Contact answer-to-reset (OpenSC's ``jpki_atrs``)."""


class Aid(bytes, enum.Enum):
    """DF names of the four applications."""

    JPKI = bytes.fromhex("D392F000260100000001")
    KENKAKU = bytes.fromhex("D3921000310001010402")  # 券面AP (card-surface images)
    KENHOJO = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP (text)
    JUKI = bytes.fromhex("D3921000310001010100")  # 住基AP


class Sw(enum.IntEnum):
    """Status words the card answers (ISO/IEC 7816-4 meanings)."""

    OK = 0x9000
    MEMORY_FAILURE = 0x6581  # the card image could not be written: nothing was compared
    WRONG_LENGTH = 0x6700
    LOGICAL_CHANNEL_NOT_SUPPORTED = 0x6881
    SECURE_MESSAGING_NOT_SUPPORTED = 0x6882
    CHAINING_NOT_SUPPORTED = 0x6884
    INCOMPATIBLE_FILE_STRUCTURE = 0x6981
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    REFERENCE_DATA_INVALIDATED = 0x6984  # blocked PIN, VERIFY with data
    CONDITIONS_NOT_SATISFIED = 0x6985
    COMMAND_NOT_ALLOWED = 0x6986  # no current DF / EF, or the wrong kind of EF
    SM_OBJECTS_MISSING = 0x6987  # management script: data objects missing, repeated or malformed
    SM_OBJECTS_INCORRECT = 0x6988  # management script: wrong MAC
    WRONG_DATA = 0x6A80
    FILE_NOT_FOUND = 0x6A82
    RECORD_NOT_FOUND = 0x6A83
    WRONG_P1P2 = 0x6A86
    OFFSET_OUTSIDE_EF = 0x6B00
    WRONG_LE = 0x6C00  # 6C xx: xx = the Le that would work (00 = 256)
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00

    @property
    def as_bytes(self) -> bytes:
        """The two status bytes, SW1 SW2."""
        return self.value.to_bytes(2, "big")


def tries_left_sw(tries: int) -> bytes:
    """``63 Cx``: verification failed or queried, x tries left (0..15)."""
    if not 0 <= tries <= 15:
        raise ValueError("tries left must fit in one nibble")
    return bytes((0x63, 0xC0 | tries))


class Ins(enum.IntEnum):
    """Instruction bytes the card implements; every other INS answers ``6D 00``."""

    SELECT = 0xA4
    READ_BINARY = 0xB0
    READ_RECORD = 0xB2
    VERIFY = 0x20
    CHANGE_REFERENCE_DATA = 0x24
    INTERNAL_AUTHENTICATE = 0x88  # experimental: the real command is not public
    JPKI_SIGN = 0x2A  # with CLA 80 only
    RESET_RETRY_COUNTER = 0x2C  # with CLA 0C (secure messaging) only: the management command script


CLA_ISO: Final = 0x00
CLA_JPKI: Final = 0x80
CLA_SM: Final = 0x0C
"""Secure messaging; accepted only for the management RESET RETRY COUNTER."""

MAX_SIGN_INPUT: Final = 245
"""Longest input the card pads with PKCS#1 v1.5 type 1 for an RSA-2048 key (256 - 11)."""


class PinFormat(enum.Enum):
    """What a PIN object accepts as a new value (CHANGE REFERENCE DATA) and how it is made."""

    DIGITS_4 = "4 digits"
    ALNUM_6_16 = "6-16 upper-case letters and digits, at least one of each"
    MY_NUMBER = "12 digits (the My Number)"
    BIRTH_YYMMDD = "6 digits (birth date YYMMDD)"
    PIN_B = "14 digits (birth YYMMDD, card expiry year YYYY, security code)"

    def accepts(self, value: bytes) -> bool:
        """Whether ``value`` has this format."""
        pattern = _FORMAT_PATTERNS[self]
        if pattern.fullmatch(value) is None:
            return False
        if self is PinFormat.ALNUM_6_16:
            return any(chr(b).isalpha() for b in value) and any(chr(b).isdigit() for b in value)
        return True


_FORMAT_PATTERNS: Final[dict[PinFormat, re.Pattern[bytes]]] = {
    PinFormat.DIGITS_4: re.compile(rb"[0-9]{4}"),
    PinFormat.ALNUM_6_16: re.compile(rb"[A-Z0-9]{6,16}"),
    PinFormat.MY_NUMBER: re.compile(rb"[0-9]{12}"),
    PinFormat.BIRTH_YYMMDD: re.compile(rb"[0-9]{6}"),
    PinFormat.PIN_B: re.compile(rb"[0-9]{14}"),
}


class PinId(enum.StrEnum):
    """Every PIN object on the card; the value is its key in a card image."""

    JPKI_AUTH = "jpki_auth"
    JPKI_SIGN = "jpki_sign"
    KENKAKU_BIRTH = "kenkaku_birth"
    KENKAKU_PIN_A = "kenkaku_pin_a"
    KENKAKU_PIN_B = "kenkaku_pin_b"
    KENHOJO = "kenhojo"
    KENHOJO_PIN_A = "kenhojo_pin_a"
    KENHOJO_PIN_B = "kenhojo_pin_b"
    JUKI = "juki"


@dataclass(frozen=True)
class PinSpec:
    """Where a PIN object lives, its format, its maximum tries and whether the holder may change it."""

    aid: Aid
    fid: int
    format: PinFormat
    max_tries: int
    holder_changeable: bool


PINS: Final[dict[PinId, PinSpec]] = {
    PinId.JPKI_AUTH: PinSpec(Aid.JPKI, 0x0018, PinFormat.DIGITS_4, 3, True),
    PinId.JPKI_SIGN: PinSpec(Aid.JPKI, 0x001B, PinFormat.ALNUM_6_16, 5, True),
    PinId.KENKAKU_BIRTH: PinSpec(Aid.KENKAKU, 0x0011, PinFormat.BIRTH_YYMMDD, 10, False),
    PinId.KENKAKU_PIN_B: PinSpec(Aid.KENKAKU, 0x0012, PinFormat.PIN_B, 10, False),
    PinId.KENKAKU_PIN_A: PinSpec(Aid.KENKAKU, 0x0013, PinFormat.MY_NUMBER, 10, False),
    PinId.KENHOJO: PinSpec(Aid.KENHOJO, 0x0011, PinFormat.DIGITS_4, 3, True),
    PinId.KENHOJO_PIN_A: PinSpec(Aid.KENHOJO, 0x0014, PinFormat.MY_NUMBER, 10, False),
    PinId.KENHOJO_PIN_B: PinSpec(Aid.KENHOJO, 0x0015, PinFormat.PIN_B, 10, False),
    PinId.JUKI: PinSpec(Aid.JUKI, 0x001C, PinFormat.DIGITS_4, 3, True),
}


class KeyId(enum.StrEnum):
    """Private keys on the card; the value is its key in a card image."""

    JPKI_AUTH = "jpki_auth"
    JPKI_SIGN = "jpki_sign"
    CARD = "card"  # the "card authentication" key of the two 券面 APs


class Jpki:
    """JPKI AP file identifiers."""

    SIGN_CERT: Final = 0x0001
    SIGN_CA_CERT: Final = 0x0002
    TOKEN: Final = 0x0006
    AUTH_CERT: Final = 0x000A
    AUTH_CA_CERT: Final = 0x000B
    AUTH_KEY: Final = 0x0017
    AUTH_PIN: Final = 0x0018
    SIGN_KEY: Final = 0x001A
    SIGN_PIN: Final = 0x001B
    UNKNOWN: Final = (0x0005, 0x0008, 0x0009, 0x0010, 0x0016, 0x0019, 0x001C, 0x001E)
    TOKEN_VALUE: Final = b"JPKIAPICCTOKEN2".ljust(32, b" ")


class Kenkaku:
    """券面AP file identifiers."""

    BIRTH: Final = 0x0001
    FRONT: Final = 0x0002
    BASIC_INFO: Final = 0x0003
    INTERMEDIATE_CERT: Final = 0x0004
    BACK: Final = 0x0005
    BIRTH_PIN: Final = 0x0011
    PIN_B: Final = 0x0012
    PIN_A: Final = 0x0013
    UNKNOWN: Final = (0x0006, 0x001A, 0x001C, 0x001E)


class Kenhojo:
    """券面事項入力補助AP (text AP) file identifiers."""

    MY_NUMBER: Final = 0x0001
    BASIC_FOUR: Final = 0x0002
    SIGNATURE: Final = 0x0003
    INTERMEDIATE_CERT: Final = 0x0004
    AP_INFO: Final = 0x0005
    CARD_KEY: Final = 0x0006  # the private half: never readable
    CARD_PUBLIC_KEY: Final = 0x0007
    PIN: Final = 0x0011
    PIN_A: Final = 0x0014
    PIN_B: Final = 0x0015
    UNKNOWN: Final = (0x0008, 0x0010, 0x0012, 0x0013, 0x001C, 0x001E)


class Juki:
    """住基AP file identifiers."""

    RECORDS: Final = 0x0001  # SFI 1, record 1 holds the card serial
    PIN: Final = 0x001C
