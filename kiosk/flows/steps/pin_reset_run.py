"""The PIN reset itself: the backend makes a MAC-protected script, the kiosk relays it to the card, and the
backend confirms the card's answers.

Once a protected command of the script has gone to the card, the card may have applied it whatever happens next:
from then on a failure (the card pulled, a torn answer, the backend down or slow at the confirm) does not mean
"nothing was changed". The confirmation goes into the durable outbox before it is sent, is delivered later with the
same idempotency key if it cannot be now, and the resident is told to try the new PIN first (outcome
``reset_unconfirmed``).
"""

from __future__ import annotations

import logging

from kiosk.backend_client import BackendError, seal
from kiosk.card import errors as card_errors
from kiosk.card.card import ResetAnswer, ResetState, reset_answer, script_pins
from kiosk.card.pin import Pin
from kiosk.card.profile import PinRef
from kiosk.card.session import PinStatus
from kiosk.flows import kiosk_events
from kiosk.flows.context import FlowContext, FlowEnded
from kiosk.flows.ports import LivenessProgress, LivenessState
from kiosk.flows.screens.card import working_view
from kiosk.flows.screens.endings import reset_unconfirmed_view
from kiosk.flows.steps.base import error_end
from kiosk.flows.submission import confirm_reset, confirmation_key, queue_confirmation
from kiosk.flows.view import FlowKind
from kiosk.wire import CHALLENGE_FRAME_PURPOSE, CardAnswer, PinReset

log = logging.getLogger(__name__)


def run_pin_reset(
    ctx: FlowContext, flow: FlowKind, target: str, new_pin: Pin, liveness: LivenessProgress, *, total: int
) -> str:
    """Ask the backend for the card script, relay it to the card, confirm the card's answers; returns a reference.

    Raises ``FlowEnded`` with outcome ``reset_unconfirmed`` when the card may have been changed but the change is
    not confirmed; any failure before a protected command went to the card propagates (nothing was changed).

    A protected command whose answer is torn (lost, cut short, garbled) is not taken as the card's answer: the card
    is asked what it can tell without VERIFY (:meth:`MyNumberCard.reset_state`), and only a card that shows the PIN
    unchanged lets the flow say so; otherwise the change is unconfirmed."""
    reset = _request_script(ctx, flow, target, new_pin, liveness)
    reference = reset.reset_id[:8].upper()
    outbox = ctx.kiosk.outbox
    pins = script_pins([step.apdu for step in reset.script])
    before = {index: ctx.card.pin_status(ref) for index, ref in pins.items()}  # costs no try
    answers: list[CardAnswer] = []
    lost: list[int] = []  # protected steps whose answer was torn and may have been applied
    relayed = False  # a protected command went to the card (it may have changed the card)
    try:
        ctx.publish(working_view(flow, "working.card"))
        for index, step in enumerate(reset.script):
            if not step.protected:
                answer = ctx.card.relay(step.apdu)
                if answer[-2:] != b"\x90\x00":
                    raise card_errors.StatusError(int.from_bytes(answer[-2:], "big"), "card refused a script step")
                continue
            changed_before, relayed = relayed, True  # set before sending: a torn command may have been applied
            try:
                answer = _relay_protected(ctx, step.apdu, pins.get(index), before.get(index))
            except _Torn as torn:
                if torn.unchanged:
                    relayed = changed_before  # the card shows this step changed nothing
                if relayed:
                    lost.append(step.step)  # the backend records the reset unconfirmed, never failed
                raise torn.error from None
            answers.append(CardAnswer(step.step, answer))
            if answer[-2:] != b"\x90\x00":
                break  # the card stops at the first step that did not apply; so does the kiosk
        ctx.publish(working_view(flow, "working.backend"))
        if outbox is not None:
            queue_confirmation(outbox, reset.reset_id, answers)  # durable before it is sent
        confirmed = confirm_reset(ctx.kiosk.backend, reset.reset_id, answers)
    except (card_errors.CardError, BackendError) as exc:
        if isinstance(exc, card_errors.RelayRefused):  # a script the backend should never make: audited there
            kiosk_events.report(ctx.kiosk, kiosk_events.relay_refused(exc, reset.reset_id))
        if not relayed:
            raise
        log.warning("PIN reset not confirmed (%s); the confirmation waits in the outbox", type(exc).__name__)
        if outbox is not None:
            queue_confirmation(outbox, reset.reset_id, answers, lost)
        raise FlowEnded(reset_unconfirmed_view(flow, reference, total=total), "reset_unconfirmed") from None
    if outbox is not None:
        receipt = {"reset_id": confirmed.reset_id, "status": confirmed.status}
        outbox.mark_delivered(confirmation_key(reset.reset_id), receipt)
    if confirmed.status != "confirmed":
        raise error_end(flow, "backend_refused", "reset_not_confirmed", reference=reset.reset_id[:8])
    return reference


class _Torn(Exception):
    """The answer to a protected command was torn; ``unchanged``: it was lost and the card shows the command changed
    nothing (else the card may have applied it)."""

    def __init__(self, error: card_errors.CardError, *, unchanged: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.unchanged = unchanged


def _relay_protected(ctx: FlowContext, apdu: bytes, ref: PinRef | None, before: PinStatus | None) -> bytes:
    """Relay one protected command and return the answer to confirm: a success, a refusal, or a torn answer the card
    shows changed nothing (the backend then records the step failed, which is true).

    A torn answer (lost, cut short, garbled) is never taken as the card's word alone: the card is asked
    (:meth:`MyNumberCard.reset_state`). Unless it shows the PIN unchanged this raises :class:`_Torn` (the change is
    unconfirmed); so does a lost answer on an unchanged PIN, marked ``unchanged``. A command the relay refuses never
    left the kiosk (``RelayRefused``)."""
    error: card_errors.CardError | None = None
    try:
        answer: bytes | None = ctx.card.relay(apdu)
    except card_errors.RelayRefused:
        raise
    except card_errors.CardError as exc:
        answer, error = None, exc
    if reset_answer(answer) is not ResetAnswer.TORN:
        assert answer is not None
        return answer
    state = ctx.card.reset_state(ref, before) if ref is not None else ResetState.UNKNOWN
    log.warning("a PIN reset command's answer was torn; the card shows it %s", state.value)
    torn = error or card_errors.MalformedResponse("the card's answer to a PIN reset command was torn")
    if state is not ResetState.NOT_APPLIED:
        raise _Torn(torn, unchanged=False)
    if answer is None or len(answer) < 2:
        raise _Torn(torn, unchanged=True)
    return answer


def _request_script(
    ctx: FlowContext, flow: FlowKind, target: str, new_pin: Pin, liveness: LivenessProgress
) -> PinReset:
    """The backend's MAC-protected script for this card, the new PIN and the face evidence sealed to the backend."""
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
            "challenge_frames": [
                {
                    "t_ms": frame.t_ms,
                    "crop": seal(evidence_key, frame.jpeg, purpose=CHALLENGE_FRAME_PURPOSE, context=session_id),
                }
                for frame in ctx.data.evidence_frames or ()
            ],
        },
    }
    new_pin.wipe()
    return ctx.kiosk.backend.create_pin_reset(body)
