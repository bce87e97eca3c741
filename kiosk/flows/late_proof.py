"""The card's own signature over a renewal application, made while the card is in the reader, so that the
application may reach the backend after its card session expired (an unattended kiosk's queue, sent when the
network is back; ``backend/late_delivery.py`` checks it, docs/reliability.md says why this weakens nothing)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from kiosk import wire
from kiosk.card.profile import Pins
from kiosk.flows.context import FlowContext
from kiosk.flows.steps.card_front import VerifiedPinB


def late_proof(ctx: FlowContext, payload: Mapping[str, Any], pin_b: VerifiedPinB) -> dict[str, str]:
    """The ``late_proof`` of ``payload`` (which names its card session): PIN-B is presented again to the card-face
    AP (reading other applications since logged it out; the card is the one the session began with, and the tries
    are those the resident was shown), then the chip's card key signs the application's digest."""
    nonce = wire.late_renewal_nonce(str(payload["card_session_id"]), wire.renewal_digest(payload))
    ctx.card.verify(Pins.VISUAL_PIN_B, pin_b.pin, pin_b.shown)
    signature = ctx.card.visual.internal_authenticate(nonce)
    return {"card_signature": base64.b64encode(signature).decode()}
