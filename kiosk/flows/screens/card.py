"""Screens of the card itself: place it on the reader, keep it there while it is read or written."""

from __future__ import annotations

from kiosk.flows.actions import CANCEL
from kiosk.flows.view import FlowKind, Screen, View


def place_card_view(flow: FlowKind, *, contact: bool, step: int, total: int) -> View:
    """Put the card on (``contact=False``: contactless) or in (``contact=True``) the reader."""
    body = "card.place.body.contact" if contact else "card.place.body"
    return View(Screen.PLACE_CARD, flow, "card.place.title", body, actions=(CANCEL,), step=step, total_steps=total)


def reading_view(flow: FlowKind, progress: float, *, step: int = 0, total: int = 0) -> View:
    return View(
        Screen.READING, flow, "card.reading.title", "card.reading.body", progress=progress, keep_card=True, step=step,
        total_steps=total,
    )  # fmt: skip


def working_view(flow: FlowKind, body: str) -> View:
    """Talking to the backend (``working.backend``) or writing to the card (``working.card``)."""
    return View(Screen.WORKING, flow, "working.title", body, keep_card=True)
