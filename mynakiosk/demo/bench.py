"""The technician's virtual-card desk in simulator mode: :class:`ui.technician.CardDesk` on the simulator's reader."""

from __future__ import annotations

from drivers.cards.sim import SimReader
from sim.card import VirtualCard
from sim.errors import SimError
from sim.faults import FaultPlan, FaultyCard
from sim.personalise import new_card
from sim.personas import get_persona, list_personas
from ui.technician import BenchError


class SimCardDesk:
    """Virtual cards for the technician, in ``reader`` (the kiosk's own simulator reader) or, without one, in a
    reader made with the first card."""

    def __init__(self, reader: SimReader | None = None) -> None:
        self.reader = reader
        self._plan = FaultPlan()

    def personas(self) -> list[str]:
        return [p.key for p in list_personas()]

    def choose(self, persona: str) -> None:
        try:
            card = VirtualCard.from_image(new_card(get_persona(persona)))
        except SimError as exc:
            raise BenchError(str(exc)) from exc
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
