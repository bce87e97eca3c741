"""Fault injection: a card that is pulled out, answers garbage, truncates, lies about status words or is slow.

``FaultPlan.parse("remove@12,garbage@3,truncate@5,sw@4=6F00,drop@7,delay=0.05")`` reads the form used in reader
URIs and command lines; "@N" is the 1-based index of the APDU, counted over the life of the
``FaultyCard``. A removal happens *before* the N-th command reaches the card (so a VERIFY at that
index is not counted); garbage, truncation and wrong status words corrupt the answer of a command the
card did execute, as a broken transmission would. A drop is the torn answer: the card executes the N-th command
(a PIN change takes effect), then leaves the reader before its answer comes back.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from sim.card import VirtualCard
from sim.errors import SimError


class CardGone(SimError):
    """The card has been removed from the reader."""


class FaultPlanError(SimError, ValueError):
    """A fault plan string that cannot be parsed."""


@dataclass(frozen=True)
class FaultPlan:
    """Which APDU (1-based) suffers which fault; ``delay_s`` is added before every answer."""

    remove_at: int | None = None
    garbage_at: int | None = None
    truncate_at: int | None = None
    wrong_sw_at: tuple[int, bytes] | None = None
    delay_s: float = 0.0
    drop_at: int | None = None

    def __post_init__(self) -> None:
        indices = [self.remove_at, self.garbage_at, self.truncate_at, self.drop_at]
        if self.wrong_sw_at is not None:
            indices.append(self.wrong_sw_at[0])
            if len(self.wrong_sw_at[1]) != 2:
                raise FaultPlanError("a wrong status word is two bytes")
        if any(i is not None and i < 1 for i in indices):
            raise FaultPlanError("APDU indices count from 1")
        if not 0 <= self.delay_s <= 60:
            raise FaultPlanError("delay must be between 0 and 60 seconds")

    @classmethod
    def parse(cls, text: str) -> FaultPlan:
        """Parse ``remove@N,garbage@N,truncate@N,sw@N=XXXX,drop@N,delay=S`` (any subset, any order)."""
        fields: dict[str, object] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, index, value = _split(item)
            if name in fields:
                raise FaultPlanError(f"fault {name!r} given twice in {text!r}")
            fields[name] = _field(name, index, value, item)
        return cls(**fields)  # type: ignore[arg-type]

    def __str__(self) -> str:
        parts = [f"{n}@{v}" for n, v in (("remove", self.remove_at), ("garbage", self.garbage_at)) if v]
        if self.truncate_at:
            parts.append(f"truncate@{self.truncate_at}")
        if self.wrong_sw_at:
            parts.append(f"sw@{self.wrong_sw_at[0]}={self.wrong_sw_at[1].hex().upper()}")
        if self.drop_at:
            parts.append(f"drop@{self.drop_at}")
        if self.delay_s:
            parts.append(f"delay={self.delay_s:g}")
        return ",".join(parts)


_NAMES = {
    "remove": "remove_at",
    "garbage": "garbage_at",
    "truncate": "truncate_at",
    "sw": "wrong_sw_at",
    "drop": "drop_at",
}


def _split(item: str) -> tuple[str, str | None, str | None]:
    if item.startswith("delay="):
        return "delay_s", None, item.removeprefix("delay=")
    head, sep, index = item.partition("@")
    if not sep or head not in _NAMES:
        raise FaultPlanError(f"unknown fault {item!r}: use remove@N, garbage@N, truncate@N, sw@N=XXXX, drop@N, delay=S")
    index, _, value = index.partition("=")
    return _NAMES[head], index, value or None


def _field(name: str, index: str | None, value: str | None, item: str) -> object:
    if name == "delay_s":
        try:
            delay = float(value or "")
        except ValueError:
            raise FaultPlanError(f"delay in {item!r} is not a number of seconds") from None
        if not 0 <= delay <= 60:
            raise FaultPlanError(f"delay in {item!r} must be between 0 and 60 seconds")
        return delay
    if index is None or not index.isdigit() or int(index) < 1:
        raise FaultPlanError(f"APDU index in {item!r} must be a whole number from 1")
    if name != "wrong_sw_at":
        if value is not None:
            raise FaultPlanError(f"{item!r} takes no value")
        return int(index)
    try:
        sw = bytes.fromhex(value or "")
    except ValueError:
        raise FaultPlanError(f"status word in {item!r} is not hex") from None
    if len(sw) != 2:
        raise FaultPlanError(f"status word in {item!r} must be two bytes, e.g. sw@4=6F00")
    return (int(index), sw)


class FaultyCard:
    """A ``VirtualCard`` behind a faulty contact, with ``insert()``/``remove()`` for the technician."""

    def __init__(self, card: VirtualCard, plan: FaultPlan) -> None:
        self._card = card
        self._plan = plan
        self._count = 0
        self._present = True

    @property
    def card(self) -> VirtualCard:
        """The wrapped card."""
        return self._card

    @property
    def atr(self) -> bytes:
        """The wrapped card's ATR."""
        return self._card.atr

    @property
    def extended_length(self) -> bool:
        """The wrapped card's extended-length support."""
        return self._card.extended_length

    @property
    def present(self) -> bool:
        """Whether the card is in the reader."""
        return self._present

    @property
    def apdu_count(self) -> int:
        """APDUs sent so far (including the one that found the card gone)."""
        return self._count

    def insert(self) -> None:
        """Put the card (back) into the reader, unpowered."""
        self._present = True
        self._card.power_off()

    def remove(self) -> None:
        """Pull the card out: power and security state are lost."""
        self._present = False
        self._card.power_off()

    def power_on(self) -> bytes:
        """Cold reset; ``CardGone`` if the card is out."""
        self._require_present()
        return self._card.power_on()

    def power_off(self) -> None:
        """Remove power (harmless when the card is out)."""
        self._card.power_off()

    def reset(self) -> bytes:
        """Warm reset; ``CardGone`` if the card is out."""
        self._require_present()
        return self._card.reset()

    def transmit(self, apdu: bytes) -> bytes:
        """Send through the faulty contact; ``CardGone`` when the card is (or just got) removed, also right after
        executing a command whose answer the plan drops."""
        self._count += 1
        n = self._count
        plan = self._plan
        if plan.remove_at == n:
            self.remove()
        self._require_present()
        response = self._card.transmit(apdu)
        if plan.delay_s:
            time.sleep(plan.delay_s)
        if plan.drop_at == n:
            self.remove()
            raise CardGone("the card left the reader after executing the command, before it answered")
        if plan.garbage_at == n:
            return _garbage(apdu, len(response))
        if plan.truncate_at == n:
            return response[: max(0, len(response) // 2 - 1)] if len(response) > 2 else response[:1]
        if plan.wrong_sw_at is not None and plan.wrong_sw_at[0] == n:
            return response[:-2] + plan.wrong_sw_at[1]
        return response

    def _require_present(self) -> None:
        if not self._present:
            raise CardGone("the card was removed from the reader")


def _garbage(apdu: bytes, length: int) -> bytes:
    """Deterministic noise of about the expected length (never a clean status word at the end)."""
    noise = b""
    counter = 0
    while len(noise) < max(length, 3):
        noise += hashlib.sha256(apdu + counter.to_bytes(4, "big")).digest()
        counter += 1
    return noise[: max(length, 3) - 1] + b"\x6f"
