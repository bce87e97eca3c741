"""Server-authorised PIN reset: per-card management keys and the protected command script.

The format is specified in ``docs/card-profile.md`` ("Management command scripts"); the virtual card checks it in
``sim/os/management.py``. In short: for each PIN to reset the script selects the PIN's application and PIN EF
(plain commands), then sends a secure-messaging RESET RETRY COUNTER ``0C 2C 02 80`` whose data is::

    81 04 <counter>            # strictly greater than the last counter the card accepted
    87 LL 01 <AES-CBC(K_enc, IV = AES-ECB(K_enc, counter as 16 bytes), new PIN with ISO 9797-1 M2 padding)>
    8E 08 <AES-CMAC(K_mac, "MKS1" ‖ serial ‖ len(AID) ‖ AID ‖ FID ‖ 0C 2C 02 80 ‖ DO81 ‖ DO87)[:8]>

The card answers ``99 02 90 00 8E 08 <AES-CMAC(K_mac, "MKR1" ‖ serial ‖ counter ‖ 99 02 90 00)[:8]>`` ``90 00``,
which only the card can produce, so ``/confirm`` cannot be forged by a kiosk. The keys are derived per card:
``K_enc``/``K_mac`` = HKDF-SHA256(master, salt="mynakiosk-mgmt-v1", info="enc|"/"mac|" ‖ serial), 16 bytes each.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from backend.domain import PinTarget
from backend.errors import Unprocessable

SALT = b"mynakiosk-mgmt-v1"
HEADER = bytes([0x0C, 0x2C, 0x02, 0x80])
MAC_LEN = 8
COUNTER_MAX = 0xFFFFFFFF

AID_JPKI = bytes.fromhex("D392F000260100000001")
AID_TEXT = bytes.fromhex("D3921000310001010408")
AID_JUKI = bytes.fromhex("D3921000310001010100")

SIGN_PIN = (AID_JPKI, bytes.fromhex("001B"))
FOUR_DIGIT_PINS = (
    (AID_JPKI, bytes.fromhex("0018")),
    (AID_TEXT, bytes.fromhex("0011")),
    (AID_JUKI, bytes.fromhex("001C")),
)

_SIGN_PIN_RE = re.compile(r"^(?=.*[A-Z])(?=.*[0-9])[A-Z0-9]{6,16}$")
_FOUR_DIGIT_RE = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True)
class CardKeys:
    enc: bytes = field(repr=False)
    mac: bytes = field(repr=False)


@dataclass(frozen=True)
class ScriptStep:
    """One APDU for the kiosk to send; ``counter`` is set on protected steps (the card's answer is checked)."""

    apdu: bytes
    counter: int | None = None


def derive_card_keys(master: bytes, serial: str) -> CardKeys:
    def one(label: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=16, salt=SALT, info=label + serial.encode()).derive(master)

    return CardKeys(enc=one(b"enc|"), mac=one(b"mac|"))


def check_new_pin(target: PinTarget, pin: str) -> None:
    """Refuse a new PIN the card would refuse, before any counter is spent on it."""
    if target is PinTarget.SIGN and not _SIGN_PIN_RE.fullmatch(pin):
        raise Unprocessable("new signature PIN must be 6-16 of A-Z 0-9 with at least one letter and one digit")
    if target is PinTarget.FOUR_DIGIT and not _FOUR_DIGIT_RE.fullmatch(pin):
        raise Unprocessable("new 4-digit PIN must be exactly 4 digits")


def pins_for(target: PinTarget) -> tuple[tuple[bytes, bytes], ...]:
    return (SIGN_PIN,) if target is PinTarget.SIGN else FOUR_DIGIT_PINS


def _cmac(key: bytes, data: bytes) -> bytes:
    c = CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()[:MAC_LEN]


def _pad(data: bytes) -> bytes:
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % 16)


def _iv(keys: CardKeys, counter: int) -> bytes:
    enc = Cipher(algorithms.AES(keys.enc), modes.ECB()).encryptor()  # noqa: S305 - one block, derives the IV
    return enc.update(counter.to_bytes(16, "big")) + enc.finalize()


def protected_reset(keys: CardKeys, serial: str, aid: bytes, fid: bytes, counter: int, new_pin: bytes) -> bytes:
    """The secure-messaging RESET RETRY COUNTER APDU for one PIN (case 4, Le = 00)."""
    if not 0 < counter <= COUNTER_MAX:
        raise ValueError("management counter out of range")
    enc = Cipher(algorithms.AES(keys.enc), modes.CBC(_iv(keys, counter))).encryptor()
    cryptogram = enc.update(_pad(new_pin)) + enc.finalize()
    do81 = b"\x81\x04" + counter.to_bytes(4, "big")
    do87 = b"\x87" + bytes([len(cryptogram) + 1, 0x01]) + cryptogram
    mac_input = b"MKS1" + serial.encode() + bytes([len(aid)]) + aid + fid + HEADER + do81 + do87
    data = do81 + do87 + b"\x8e\x08" + _cmac(keys.mac, mac_input)
    return HEADER + bytes([len(data)]) + data + b"\x00"


def build_script(keys: CardKeys, serial: str, target: PinTarget, new_pin: str, first_counter: int) -> list[ScriptStep]:
    """SELECT AP, SELECT PIN EF, protected RESET RETRY COUNTER — for each PIN the target covers."""
    steps: list[ScriptStep] = []
    pin = new_pin.encode("ascii")
    for i, (aid, fid) in enumerate(pins_for(target)):
        counter = first_counter + i
        steps.append(ScriptStep(b"\x00\xa4\x04\x0c" + bytes([len(aid)]) + aid))
        steps.append(ScriptStep(b"\x00\xa4\x02\x0c\x02" + fid))
        steps.append(ScriptStep(protected_reset(keys, serial, aid, fid, counter, pin), counter))
    return steps


def expected_answer(keys: CardKeys, serial: str, counter: int) -> bytes:
    """The response data (without SW) a genuine card returns after applying the step with ``counter``."""
    do99 = b"\x99\x02\x90\x00"
    return do99 + b"\x8e\x08" + _cmac(keys.mac, b"MKR1" + serial.encode() + counter.to_bytes(4, "big") + do99)


def answer_is_genuine(keys: CardKeys, serial: str, counter: int, response: bytes) -> bool:
    """True when ``response`` (data ‖ SW) is the card's MAC-protected success answer for ``counter``."""
    return hmac.compare_digest(response, expected_answer(keys, serial, counter) + b"\x90\x00")
