"""Sending a renewal application: into the durable outbox first, then to the backend (now or at the next sync).

Both the resident's own renewal and the staff desk's "send now" go through here, so an application is built,
queued and delivered in one way whoever sends it.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from typing import Any

from kiosk.backend_client import BackendRefused, BackendUnavailable
from kiosk.flows.context import FlowContext, KioskServices
from kiosk.flows.ports import BackendPort
from kiosk.flows.screens.card import working_view
from kiosk.flows.view import FlowKind
from kiosk.outbox import Item
from kiosk.wire import Renewal

RENEWAL = "renewal"  # the outbox kind of a renewal application


def submit(ctx: FlowContext, flow: FlowKind, photo: bytes, method: str, slot: dt.datetime | None) -> str | None:
    """Put the application in the outbox (durable), then try to deliver it now. Returns the application number,
    or None when it is safely queued for later delivery."""
    ctx.publish(working_view(flow, "working.backend"))
    payload: dict[str, Any] = {
        "photo": base64.b64encode(photo).decode(),
        "collection_method": method,
        "channel": "staffed_popup" if ctx.kiosk.settings.staffed else "kiosk",
        "reservation_slot": slot.isoformat() if slot else None,
    }
    basic = ctx.data.basic_four
    if basic is not None and basic.former_surname:
        payload["former_surname"] = basic.former_surname  # 旧氏: carried onto the new card
    auth = ctx.data.card_auth
    if auth is not None and auth.offline is not None:
        payload["offline_card_auth"] = auth.body()
    else:
        payload["card_session_id"] = ctx.data.card_session_id
    outbox = ctx.kiosk.outbox
    token = ctx.staff.token if ctx.staff is not None else None
    if outbox is None:  # no outbox configured: deliver directly, the resident sees any failure
        result = ctx.kiosk.backend.submit_renewal(payload, idempotency_key=str(uuid.uuid4()), staff_token=token)
        return result.application_number
    item = outbox.get(outbox.put(RENEWAL, payload))
    try:
        renewal = send_renewal(ctx.kiosk.backend, item, token)
    except BackendUnavailable:
        return None  # safely queued: delivery retries later with the same key
    except BackendRefused as exc:
        outbox.mark_refused(item.idempotency_key, exc.problem_type)
        raise
    outbox.mark_delivered(item.idempotency_key, receipt(renewal))
    return renewal.application_number


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


def sync(kiosk: KioskServices, staff_token: str | None) -> str | None:
    """Send what the outbox holds; returns an error kind when the network is still down."""
    if kiosk.outbox is None:
        return None
    report = kiosk.outbox.deliver(lambda item: deliver_renewal(kiosk.backend, item, staff_token))
    return "backend_down" if report.offline else None
