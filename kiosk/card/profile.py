"""The host's copy of the card facts it relies on: AIDs, file ids, PIN objects, read strategy.

Everything here that the public record leaves unverified is explained in ``docs/card-profile.md``; change a
choice here and there together. On purpose this module has no entry for the My Number file, the back-of-card
image or PIN-A (照合番号A): a kiosk operator is not a legal user of the My Number, so no kiosk code can name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Aid(bytes, Enum):
    JPKI = bytes.fromhex("D392F000260100000001")
    KENKAKU = bytes.fromhex("D3921000310001010402")  # 券面AP (card-face images)
    KENHOJO = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP (text)
    JUKI = bytes.fromhex("D3921000310001010100")  # 住基AP


AID_LABELS = {Aid.JPKI: "jpki", Aid.KENKAKU: "kenkaku", Aid.KENHOJO: "kenhojo", Aid.JUKI: "juki"}


class PinFormat(Enum):
    DIGITS4 = "4 digits"
    SIGN = "6-16 upper-case letters and digits"
    BIRTH6 = "birth date YYMMDD"
    PIN_B = "birth date YYMMDD + card expiry year YYYY + 4-digit security code"


@dataclass(frozen=True)
class PinRef:
    """One PIN object on the card: which application holds it and at which EF."""

    name: str
    aid: Aid
    fid: int
    format: PinFormat
    # The card's maximum tries, for the PINs whose maximum the public record states (docs/card-profile.md, "Max
    # tries"); None where the host must not assume one (PIN-B, the birth-date PIN).
    max_tries: int | None = None

    @property
    def sfi(self) -> int:
        return self.fid & 0x1F


class Pins:
    AUTH = PinRef("auth", Aid.JPKI, 0x0018, PinFormat.DIGITS4, 3)  # 利用者証明用電子証明書 PIN
    SIGN = PinRef("sign", Aid.JPKI, 0x001B, PinFormat.SIGN, 5)  # 署名用電子証明書 password
    TEXT = PinRef("text", Aid.KENHOJO, 0x0011, PinFormat.DIGITS4, 3)  # 券面事項入力補助用 PIN
    TEXT_PIN_B = PinRef("text_pin_b", Aid.KENHOJO, 0x0015, PinFormat.PIN_B)
    JUKI = PinRef("juki", Aid.JUKI, 0x001C, PinFormat.DIGITS4, 3)  # 住民基本台帳用 PIN
    VISUAL_PIN_B = PinRef("visual_pin_b", Aid.KENKAKU, 0x0012, PinFormat.PIN_B)  # 照合番号B
    VISUAL_BIRTH = PinRef("visual_birth", Aid.KENKAKU, 0x0011, PinFormat.BIRTH6)

    ALL: tuple[PinRef, ...] = (AUTH, SIGN, TEXT, TEXT_PIN_B, JUKI, VISUAL_PIN_B, VISUAL_BIRTH)

    @classmethod
    def by_name(cls, name: str) -> PinRef:
        for ref in cls.ALL:
            if ref.name == name:
                return ref
        raise KeyError(name)


class JpkiFiles:
    SIGN_CERT = 0x0001
    SIGN_CA = 0x0002
    TOKEN = 0x0006
    AUTH_CERT = 0x000A
    AUTH_CA = 0x000B
    AUTH_KEY = 0x0017
    SIGN_KEY = 0x001A


class KenkakuFiles:
    BIRTH = 0x0001
    FRONT = 0x0002
    BASIC_INFO = 0x0003
    CVC = 0x0004


class KenhojoFiles:
    BASIC4 = 0x0002
    SIGNATURE = 0x0003
    CVC = 0x0004
    AP_INFO = 0x0005
    CARD_AUTH_KEY = 0x0007


JUKI_SERIAL_SFI = 1
JUKI_SERIAL_RECORD = 1

TOKEN_SIZE = 32
TOKEN_MY_NUMBER_CARD = "JPKIAPICCTOKEN2"  # noqa: S105 -- a token name, not a secret
INTERNAL_AUTH_INS = 0x88  # experimental: the real card's command is not public
MAX_FILE_SIZE = 0x8000  # a hard cap on what the host will read from any EF
MAX_SIGN_INPUT = 245  # PKCS#1 v1.5 with a 2048-bit key
# How a card refuses a management (PIN-reset) command after checking it, changing nothing (docs/card-profile.md,
# "Management command scripts", "Refusals"). Any other answer to such a command does not say whether it was applied.
RESET_REFUSALS = frozenset({0x6987, 0x6988, 0x6985, 0x6A80, 0x6986, 0x6A86, 0x6882})


@dataclass(frozen=True)
class ReadStrategy:
    """How the host reads EFs; see docs/card-profile.md "Addressing and reads"."""

    use_sfi: bool = True


DEFAULT_READ_STRATEGY = ReadStrategy()
