"""The card side of server-authorised PIN reset: checking and applying a management command.

Format in docs/card-profile.md, "Management command scripts": a secure-messaging RESET RETRY COUNTER
``0C 2C 02 80`` with data ``81 04 <counter> ‖ 87 LL 01 <cryptogram> ‖ 8E 08 <MAC>`` under the card's two
AES-128 management keys, written into the chip at personalisation. This module checks the data objects, the
MAC and the counter, stores the counter durably, and decrypts the new PIN; the dispatcher checks the PIN
object and applies the value. Every key operation uses pyca/cryptography.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

from sim.profile import Sw

HEADER: Final = bytes((0x0C, 0x2C, 0x02, 0x80))
MAC_LENGTH: Final = 8
COUNTER_LENGTH: Final = 4
_COMMAND_LABEL: Final = b"MKS1"
_ANSWER_LABEL: Final = b"MKR1"
_PROCESSING_STATUS: Final = b"\x99\x02\x90\x00"


@dataclass(frozen=True)
class ManagementRecord:
    """What the chip stores for management: K_enc, K_mac and the last counter it accepted (0: none yet)."""

    enc: bytes = field(repr=False)
    mac: bytes = field(repr=False)
    last_counter: int = 0


@dataclass(frozen=True)
class Unwrapped:
    """A command whose MAC and counter were accepted: the counter is spent. ``new_pin`` is ``None`` when the
    plaintext was not padded as the profile says; ``answer`` is the response data to send on success."""

    counter: int
    new_pin: bytes | None = field(repr=False)
    answer: bytes


def _cmac(key: bytes, data: bytes) -> bytes:
    mac = CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()[:MAC_LENGTH]


def _split_objects(data: bytes) -> tuple[bytes, bytes, bytes] | None:
    """``(DO 81 TLV, DO 87 TLV, MAC)`` when ``data`` is exactly those three objects in order, else ``None``."""
    objects: list[tuple[int, bytes, bytes]] = []
    i = 0
    while i < len(data):
        if i + 2 > len(data) or data[i + 1] > 0x7F:  # every object here is shorter than 128 bytes
            return None
        tag, length = data[i], data[i + 1]
        end = i + 2 + length
        if end > len(data):
            return None
        objects.append((tag, data[i:end], data[i + 2 : end]))
        i = end
    if [tag for tag, _, _ in objects] != [0x81, 0x87, 0x8E]:
        return None
    (_, do81, counter), (_, do87, cryptogram), (_, _, mac) = objects
    if len(counter) != COUNTER_LENGTH or len(mac) != MAC_LENGTH:
        return None
    if len(cryptogram) < 17 or cryptogram[0] != 0x01 or (len(cryptogram) - 1) % 16:
        return None
    return do81, do87, mac


class ManagementModule:
    """Checks management commands for one card. ``persist`` must make a newly accepted counter durable before
    returning (it may raise ``CardStorageError``)."""

    def __init__(self, serial: str, record: ManagementRecord | None, persist: Callable[[int], None]) -> None:
        self._serial = serial.encode("ascii")
        self._record = record
        self._persist = persist

    @property
    def available(self) -> bool:
        """Whether this card was personalised with management keys."""
        return self._record is not None

    def unwrap(self, *, aid: bytes, fid: int, data: bytes) -> Unwrapped | Sw:
        """Check ``data`` of a ``0C 2C 02 80`` addressed to PIN EF ``fid`` of application ``aid``."""
        record = self._record
        if record is None:
            return Sw.CONDITIONS_NOT_SATISFIED
        parts = _split_objects(data)
        if parts is None:
            return Sw.SM_OBJECTS_MISSING
        do81, do87, mac = parts
        signed = _COMMAND_LABEL + self._serial + bytes((len(aid),)) + aid + fid.to_bytes(2, "big")
        if not hmac.compare_digest(_cmac(record.mac, signed + HEADER + do81 + do87), mac):
            return Sw.SM_OBJECTS_INCORRECT
        counter = int.from_bytes(do81[2:], "big")
        if counter <= record.last_counter:
            return Sw.CONDITIONS_NOT_SATISFIED  # replay, or a script older than one already run
        self._persist(counter)  # durable before anything else changes
        self._record = ManagementRecord(record.enc, record.mac, counter)
        # The success answer carries a MAC only this card can make, so a kiosk cannot claim a reset.
        answer_mac = _cmac(record.mac, _ANSWER_LABEL + self._serial + do81[2:] + _PROCESSING_STATUS)
        answer = _PROCESSING_STATUS + b"\x8e\x08" + answer_mac
        return Unwrapped(counter, _decrypt(record.enc, counter, do87[3:]), answer)


def _decrypt(key: bytes, counter: int, cryptogram: bytes) -> bytes | None:
    ecb = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 - one block: derives the IV
    iv = ecb.update(counter.to_bytes(16, "big")) + ecb.finalize()
    cbc = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = (cbc.update(cryptogram) + cbc.finalize()).rstrip(b"\x00")
    if not plain.endswith(b"\x80"):
        return None  # not ISO/IEC 9797-1 method 2 padding
    return plain[:-1]
