"""The PIN reset itself: the backend makes a MAC-protected script, the kiosk relays it to the card, and the
backend confirms the card's answers."""

from __future__ import annotations

from kiosk.backend_client import seal
from kiosk.card import errors as card_errors
from kiosk.card.pin import Pin
from kiosk.flows.context import FlowContext
from kiosk.flows.ports import LivenessProgress, LivenessState
from kiosk.flows.screens.card import working_view
from kiosk.flows.steps.base import error_end
from kiosk.flows.view import FlowKind
from kiosk.wire import CardAnswer


def run_pin_reset(ctx: FlowContext, flow: FlowKind, target: str, new_pin: Pin, liveness: LivenessProgress) -> str:
    """Ask the backend for the card script, relay it to the card, confirm the card's answers; returns a reference."""
    session_id = ctx.data.card_session_id
    crop = ctx.data.evidence_crop
    if session_id is None or crop is None:
        raise RuntimeError("no card session or face evidence")
    ctx.publish(working_view(flow, "working.backend"))
    evidence_key = ctx.kiosk.backend.evidence_key().evidence_key
    body = {
        "card_session_id": session_id,
        "target": target,
        "new_pin": seal(evidence_key, new_pin.reveal(), purpose="pin", context=session_id),
        "face": {
            "crop": seal(evidence_key, crop, purpose="face", context=session_id),
            "liveness_passed": liveness.state is LivenessState.PASSED,
            "liveness_score": max(0.0, min(1.0, liveness.score)),
        },
    }
    new_pin.wipe()
    reset = ctx.kiosk.backend.create_pin_reset(body)
    ctx.publish(working_view(flow, "working.card"))
    answers = []
    for step in reset.script:
        answer = ctx.card.relay(step.apdu)
        if step.protected:
            answers.append(CardAnswer(step.step, answer))
        elif answer[-2:] != b"\x90\x00":
            raise card_errors.StatusError(int.from_bytes(answer[-2:], "big"), "card refused a script step")
    ctx.publish(working_view(flow, "working.backend"))
    confirmed = ctx.kiosk.backend.confirm_pin_reset(reset.reset_id, answers)
    if confirmed.status != "confirmed":
        raise error_end(flow, "backend_refused", "reset_not_confirmed", reference=reset.reset_id[:8])
    return reset.reset_id[:8].upper()
