"""The security module: PIN objects, their retry counters, and what is verified in this session.

Counters change the way a real card changes them, so that pulling the card (or killing the process)
mid-VERIFY never gives a free try: the counter is decremented and made durable *before* the
comparison, and restored after a correct PIN.
"""

from __future__ import annotations

import enum
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sim.profile import PinId


@dataclass(frozen=True)
class PinCounter:
    """A PIN's stored value and counter, as persisted in a card image."""

    value: str
    max_tries: int
    tries_left: int

    def __repr__(self) -> str:  # never show the value
        return f"PinCounter(****, max_tries={self.max_tries}, tries_left={self.tries_left})"


class VerifyOutcome(enum.Enum):
    """What a VERIFY with data did."""

    OK = "ok"
    WRONG = "wrong"
    BLOCKED = "blocked"


class SecurityModule:
    """Owns every PIN object of one card.

    ``persist`` is called with the full PIN table after every counter or value change and must make it
    durable before returning; it may raise ``CardStorageError``, which the caller turns into ``65 81``.
    """

    def __init__(
        self,
        pins: Mapping[PinId, PinCounter],
        persist: Callable[[Mapping[PinId, PinCounter]], None],
    ) -> None:
        self._pins = dict(pins)
        self._persist = persist
        self._verified: set[PinId] = set()

    def exists(self, pin: PinId) -> bool:
        """Whether this card has the PIN object (a child's card has no signature PIN)."""
        return pin in self._pins

    def tries_left(self, pin: PinId) -> int:
        """Tries left; 0 means blocked."""
        return self._pins[pin].tries_left

    @property
    def verified(self) -> frozenset[PinId]:
        """The PINs verified since the last reset or SELECT DF."""
        return frozenset(self._verified)

    def clear(self) -> None:
        """Forget every verified PIN (reset, power-off, SELECT DF)."""
        self._verified.clear()

    def verify(self, pin: PinId, candidate: bytes) -> VerifyOutcome:
        """Compare ``candidate`` with the PIN, counting a try; raises ``CardStorageError`` before comparing
        if the decremented counter cannot be stored."""
        counter = self._pins[pin]
        if counter.tries_left == 0:
            return VerifyOutcome.BLOCKED
        self._store(pin, PinCounter(counter.value, counter.max_tries, counter.tries_left - 1))
        if not hmac.compare_digest(candidate, counter.value.encode("ascii")):
            self._verified.discard(pin)
            return VerifyOutcome.WRONG
        self._store(pin, PinCounter(counter.value, counter.max_tries, counter.max_tries))
        self._verified.add(pin)
        return VerifyOutcome.OK

    def change(self, pin: PinId, new_value: bytes) -> None:
        """Replace the PIN value (the caller has checked the session and the format)."""
        counter = self._pins[pin]
        self._store(pin, PinCounter(new_value.decode("ascii"), counter.max_tries, counter.max_tries))

    def counters(self) -> dict[PinId, PinCounter]:
        """A copy of the PIN table."""
        return dict(self._pins)

    def _store(self, pin: PinId, counter: PinCounter) -> None:
        updated = {**self._pins, pin: counter}
        self._persist(updated)
        self._pins = updated
