"""Access rules: which verified PINs let a command use a file or key."""

from __future__ import annotations

import enum
from collections.abc import Set
from dataclasses import dataclass

from sim.profile import PinId


class Condition(enum.Enum):
    """The three kinds of rule the My Number Card's files need."""

    ALWAYS = "always"
    NEVER = "never"
    ANY_OF = "any of these PINs verified"


@dataclass(frozen=True)
class AccessRule:
    """A rule for one operation on one file; build with ``ALWAYS``, ``NEVER`` or ``any_of(...)``."""

    condition: Condition
    pins: frozenset[PinId] = frozenset()

    def allows(self, verified: Set[PinId]) -> bool:
        """Whether a session with the PINs in ``verified`` verified may proceed."""
        if self.condition is Condition.ALWAYS:
            return True
        if self.condition is Condition.NEVER:
            return False
        return not self.pins.isdisjoint(verified)


ALWAYS = AccessRule(Condition.ALWAYS)
NEVER = AccessRule(Condition.NEVER)


def any_of(*pins: PinId) -> AccessRule:
    """Allowed once at least one of ``pins`` has been verified in this session."""
    if not pins:
        raise ValueError("any_of needs at least one PIN")
    return AccessRule(Condition.ANY_OF, frozenset(pins))
