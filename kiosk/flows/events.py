"""Events a front end (or a test) sends to the kiosk's flows."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from kiosk.card.pin import Pin


@dataclass(frozen=True)
class Act:
    """The resident pressed a button (``action_id`` is an ``Action.id`` of the current View)."""

    action_id: str


@dataclass(frozen=True)
class Entered:
    """The resident finished an entry. PINs arrive as :class:`Pin` (the flow wipes them), other values as text.

    ``serial`` is the :attr:`~kiosk.flows.view.View.serial` of the screen the entry was typed on: the kiosk takes
    an entry only for the screen showing now, and drops (and wipes) any other.
    """

    value: Pin | str = field(repr=False)
    field: str = "pin"
    serial: int = dataclasses.field(kw_only=True)  # ``field`` above shadows the function in this class body

    def discard(self) -> None:
        """Wipe the value when it is a PIN (the entry is being dropped unread, or was read and not kept)."""
        if isinstance(self.value, Pin):
            self.value.wipe()


@dataclass(frozen=True)
class CardInserted:
    pass


@dataclass(frozen=True)
class CardRemoved:
    pass


@dataclass(frozen=True)
class Frame:
    """A camera frame (BGR ``numpy`` array) taken at monotonic time ``t`` seconds."""

    image: Any = field(repr=False)
    t: float


@dataclass(frozen=True)
class Tick:
    """Time passes (monotonic seconds): drives idle warnings, timeouts and liveness time limits."""

    now: float


@dataclass(frozen=True)
class Touch:
    """Any touch on the screen: the resident is still there."""


Event = Act | Entered | CardInserted | CardRemoved | Frame | Tick | Touch
