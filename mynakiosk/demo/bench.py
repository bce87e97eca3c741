"""The technician's virtual-card desk in simulator mode: :class:`ui.technician.CardDesk` on the simulator's reader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from drivers.cards.sim import SimReader
from sim.card import VirtualCard
from sim.errors import SimError
from sim.faults import FaultPlan, FaultyCard
from sim.image import CardImage
from sim.personalise import new_card
from sim.personas import get_persona, list_personas
from ui.technician import BenchError


class SimCardDesk:
    """Virtual cards for the technician, in ``reader`` (the kiosk's own simulator reader) or, without one, in a
    reader made with the first card. ``register`` tells the simulator's backend about each new card, as the issuer
    does at issuance (without it a new card is unknown to the service)."""

    def __init__(self, reader: SimReader | None = None, register: Callable[[CardImage], None] | None = None) -> None:
        self.reader = reader
        self._register = register
        self._plan = FaultPlan()
        self.image: CardImage | None = None  # the last card made here

    def personas(self) -> list[str]:
        return [p.key for p in list_personas()]

    def choose(self, persona: str, issued: dt.date | None = None) -> None:
        try:
            image = new_card(get_persona(persona), issued=issued)
            card = VirtualCard.from_image(image)
        except SimError as exc:
            raise BenchError(str(exc)) from exc
        if self._register is not None:
            self._register(image)
        self.image = image
        if self.reader is None:
            self.reader = SimReader(card, faults=self._plan)
        else:
            self.reader.remove()
            self.reader.card = SimReader(card, faults=self._plan).card
        self.reader.remove()  # a new card waits on the desk until "insert" or "tap"

    def set_faults(self, text: str) -> str:
        try:
            plan = FaultPlan.parse(text)
        except SimError as exc:
            raise BenchError(str(exc)) from exc
        self._plan = plan
        reader = self.reader
        if reader is not None:
            present = reader.card_present()
            reader.card = FaultyCard(reader.card.card, plan)
            if not present:
                reader.card.remove()
        return str(plan)

    def insert(self) -> None:
        if self.reader is not None:
            self.reader.insert()

    def remove(self) -> None:
        if self.reader is not None:
            self.reader.remove()

    def has_card(self) -> bool:
        return self.reader is not None

    def card_present(self) -> bool:
        return self.reader is not None and self.reader.card_present()
