"""Response declarations shared by the routers, so the OpenAPI document lists every problem answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backend.schemas import Problem

_PROBLEM: dict[str, Any] = {"model": Problem, "content": {"application/problem+json": {}}}


CARD_SESSION_REFUSED = (
    "Refused. The problem `type` says why: `card-session-expired` — the card session's time is over (judged from "
    "when it was opened, in both directions): authenticate the card again; a queued request cannot be sent as it "
    "is. `card-refused` — the card is suspended, revoked or not registered, or the card session is unknown or "
    "another kiosk's. Others: `forbidden`, `service-disabled`, `card-not-genuine`, `face-mismatch`."
)
"""The 403 of the endpoints that act within a card session: the kiosk's outbox tells these types apart."""


def problems(*codes: int, described: Mapping[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the given problem status codes (plus those every endpoint may answer);
    ``described``: a description for some of them (which problem types they carry)."""
    described = described or {}
    return {
        code: {**_PROBLEM, "description": described[code]} if code in described else _PROBLEM
        for code in sorted({*codes, 401, 413, 422, 429, 500})
    }
