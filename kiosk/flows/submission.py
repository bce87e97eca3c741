"""What the kiosk owes the backend, through the durable outbox: renewal applications, the confirmations of PIN
resets whose confirm call failed after the card was sent the script, and security events (``kiosk_events``). Into
the outbox first, then to the backend (now, from the background deliverer, or at the staff desk's "send now").

Both the resident's own renewal and the staff desk's "send now" go through here, so an application is built,
queued and delivered in one way whoever sends it.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.backend_client import BackendError
from kiosk.flows.context import FlowContext, KioskServices
from kiosk.flows.kiosk_events import KIOSK_EVENT, deliver_event
from kiosk.flows.late_proof import late_proof
from kiosk.flows.ports import BackendPort
from kiosk.flows.screens.card import working_view
from kiosk.flows.steps.card_front import VerifiedPinB
from kiosk.flows.view import FlowKind
from kiosk.outbox import Item, Outbox, OutboxError
from kiosk.wire import LATE_PROOF, CardAnswer, PinResetStatus, Renewal

RENEWAL = "renewal"  # the outbox kind of a renewal application
PIN_RESET_CONFIRMATION = "pin_reset_confirmation"  # the card's answers to a reset script, not yet confirmed


@dataclass(frozen=True)
class Submitted:
    """What the resident is told about an application: the service's number, or (``application_number`` None)
    that it waits in this kiosk's outbox, with ``local_reference`` to quote (staff find the item by it)."""

    application_number: str | None
    local_reference: str = ""
    reservation_slot: dt.datetime | None = None
    """The pick-up place the backend booked; None with a number for counter pick-up: the office will call."""


def local_reference(idempotency_key: str) -> str:
    """A short reference for a queued application, from its outbox key (``L-`` and its first 8 hex digits)."""
    digits = idempotency_key.replace("-", "").upper()[:8]
    return f"L-{digits[:4]}-{digits[4:]}"


def submit(
    ctx: FlowContext,
    flow: FlowKind,
    photo: bytes,
    method: str,
    slot: dt.datetime | None,
    office_id: str | None = None,
    pin_b: VerifiedPinB | None = None,
) -> Submitted:
    """Put the application in the outbox (durable), then try to deliver it now. Returns the application number and
    the pick-up place booked (None when the chosen place was taken meanwhile), or, when it is safely queued for later
    delivery, no number and the local reference. ``slot`` at ``office_id``: a free slot the backend offered
    (``GET /v1/pickup-slots``); no slot for counter pick-up: the office contacts the resident to book one.

    With ``pin_b`` (a card-AP session: the card front's PIN-B as the resident entered it), the card first signs the
    application with its card key, so the backend accepts it even when the queue is sent after the card session
    expired (:func:`kiosk.flows.late_proof.late_proof`)."""
    ctx.publish(working_view(flow, "working.backend"))
    payload: dict[str, Any] = {
        "photo": base64.b64encode(photo).decode(),
        "collection_method": method,
        "channel": "staffed_popup" if ctx.kiosk.settings.staffed else "kiosk",
        "reservation_slot": slot.isoformat() if slot else None,
    }
    if office_id is not None:
        payload["pickup_office_id"] = office_id
    basic = ctx.data.basic_four
    if basic is not None and basic.former_surname:
        payload["former_surname"] = basic.former_surname  # 旧氏: carried onto the new card
    auth = ctx.data.card_auth
    if auth is not None and auth.offline is not None:
        payload["offline_card_auth"] = auth.body()
    else:
        payload["card_session_id"] = ctx.data.card_session_id
    outbox = ctx.kiosk.outbox
    if outbox is not None and pin_b is not None and "card_session_id" in payload:
        payload[LATE_PROOF] = late_proof(ctx, payload, pin_b)
    token = ctx.staff.token if ctx.staff is not None else None
    if outbox is None:  # no outbox configured: deliver directly, the resident sees any failure
        result = ctx.kiosk.backend.submit_renewal(payload, idempotency_key=str(uuid.uuid4()), staff_token=token)
        return Submitted(result.application_number, reservation_slot=result.reservation_slot)
    item = outbox.get(outbox.put(RENEWAL, payload))
    try:
        renewal = send_renewal(ctx.kiosk.backend, item, token)
    except BackendError as exc:
        if outbox.settle(item.idempotency_key, exc):
            raise  # a permanent refusal: the resident is told it was not accepted; staff see why
        # anything else (down, a 5xx, a skewed clock): safely queued, delivered later with the same key
        return Submitted(None, local_reference(item.idempotency_key))
    outbox.mark_delivered(item.idempotency_key, receipt(renewal))
    return Submitted(renewal.application_number, reservation_slot=renewal.reservation_slot)


def send_renewal(backend: BackendPort, item: Item, staff_token: str | None) -> Renewal:
    """Send one queued application: an offline-captured card authentication first opens its card session."""
    payload = dict(item.payload)
    offline = payload.pop("offline_card_auth", None)
    if offline is not None:
        session = backend.open_offline_card_session(
            offline, idempotency_key=f"{item.idempotency_key}:card", staff_token=staff_token
        )
        payload["card_session_id"] = session.card_session_id
    return backend.submit_renewal(payload, idempotency_key=item.idempotency_key, staff_token=staff_token)


def receipt(renewal: Renewal) -> dict[str, Any]:
    """What the outbox keeps of an accepted application: its number and status, no personal data."""
    return {"application_number": renewal.application_number, "status": renewal.status}


def deliver_renewal(backend: BackendPort, item: Item, staff_token: str | None) -> dict[str, Any]:
    """Send one queued application; returns its :func:`receipt` (the outbox's ``deliver`` keeps it)."""
    return receipt(send_renewal(backend, item, staff_token))


def confirmation_key(reset_id: str) -> str:
    """One idempotency key per reset's confirmation: the first try and every later one are the same request."""
    return f"pin-reset-confirm:{reset_id}"


def confirm_reset(
    backend: BackendPort, reset_id: str, answers: Sequence[CardAnswer], lost: Sequence[int] = ()
) -> PinResetStatus:
    return backend.confirm_pin_reset(reset_id, answers, lost=lost, idempotency_key=confirmation_key(reset_id))


def queue_confirmation(outbox: Outbox, reset_id: str, answers: Sequence[CardAnswer], lost: Sequence[int] = ()) -> str:
    """Keep the card's answers (MACs and status words; nothing personal), and the steps whose answer was lost, until
    the backend has recorded them."""
    payload: dict[str, Any] = {
        "reset_id": reset_id,
        "answers": [{"step": a.step, "response": a.response.hex()} for a in answers],
        "lost": list(lost),
    }
    key = confirmation_key(reset_id)
    if not outbox.holds(key):
        outbox.put(PIN_RESET_CONFIRMATION, payload, idempotency_key=key)
    return key


def deliver_confirmation(backend: BackendPort, item: Item) -> dict[str, Any]:
    payload = item.payload
    answers = [CardAnswer(int(a["step"]), bytes.fromhex(str(a["response"]))) for a in payload["answers"]]
    lost = [int(step) for step in payload.get("lost", [])]  # items queued before torn answers were told apart have none
    status = confirm_reset(backend, str(payload["reset_id"]), answers, lost)
    return {"reset_id": status.reset_id, "status": status.status}


def deliver_item(backend: BackendPort, item: Item, staff_token: str | None) -> dict[str, Any]:
    """Send one queued item of any kind; returns what the outbox keeps of the answer."""
    if item.kind == PIN_RESET_CONFIRMATION:
        return deliver_confirmation(backend, item)
    if item.kind == RENEWAL:
        return deliver_renewal(backend, item, staff_token)
    if item.kind == KIOSK_EVENT:
        return deliver_event(backend, item)
    raise OutboxError(f"outbox item of unknown kind {item.kind!r}")


def sync(kiosk: KioskServices, staff_token: str | None) -> str | None:
    """Send what the outbox holds; returns an error kind when something could not be sent yet (the network is
    down, or the service failed on an item, which stays queued)."""
    if kiosk.outbox is None:
        return None
    report = kiosk.outbox.deliver(lambda item: deliver_item(kiosk.backend, item, staff_token), limit=1000)
    return "backend_down" if report.offline or report.deferred else None
