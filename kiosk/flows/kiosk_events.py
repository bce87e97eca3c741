"""Security events the kiosk owes the backend's audit chain (``POST /v1/kiosk-events``).

An event goes into the durable outbox first and is then sent; if the backend cannot be reached it is delivered later
with the same idempotency key (the background deliverer, or the staff desk's "send now"), so an offline kiosk loses
none and the backend records each once. An event holds no personal data and no command data beyond CLA and INS.
Reporting never changes what the resident is told: a failure to store or send one is logged for the technician.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from kiosk.backend_client import BackendError
from kiosk.card.errors import RelayRefused
from kiosk.flows.context import KioskServices
from kiosk.flows.ports import BackendPort
from kiosk.outbox import Item, OutboxError

log = logging.getLogger(__name__)

KIOSK_EVENT = "kiosk_event"  # the outbox kind of a security event


def relay_refused(exc: RelayRefused, reset_id: str | None, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The event for a reset script command the relay allow-list refused: its CLA and INS only."""
    cla, ins, _p1, _p2 = exc.header
    when = now or dt.datetime.now(dt.UTC)
    return {
        "type": "relay_refused",
        "occurred_at": when.isoformat(),
        "reset_id": reset_id,
        "command": {"cla": cla, "ins": ins},
    }


def report(kiosk: KioskServices, event: dict[str, Any]) -> None:
    """Queue ``event`` durably, then try to send it now. Never raises."""
    outbox = kiosk.outbox
    if outbox is None:  # no outbox configured: send directly, once
        try:
            kiosk.backend.report_kiosk_event(event, idempotency_key=str(uuid.uuid4()))
        except BackendError as exc:
            log.error("security event %s not reported (%s)", event["type"], type(exc).__name__)
        return
    try:
        item = outbox.get(outbox.put(KIOSK_EVENT, event))
    except OutboxError as exc:
        log.error("security event %s not queued (%s)", event["type"], type(exc).__name__)
        return
    try:
        receipt = deliver_event(kiosk.backend, item)
    except BackendError as exc:
        log.warning("security event %s queued for later (%s)", event["type"], type(exc).__name__)
        _settle(kiosk, item, exc)
        return
    try:
        outbox.mark_delivered(item.idempotency_key, receipt)
    except OutboxError as exc:  # delivered; a later delivery of the same key is answered the same, recorded once
        log.error("security event delivered but not marked (%s)", type(exc).__name__)


def _settle(kiosk: KioskServices, item: Item, exc: BackendError) -> None:
    assert kiosk.outbox is not None
    try:
        kiosk.outbox.settle(item.idempotency_key, exc)
    except OutboxError as error:
        log.error("security event's failed send not recorded (%s)", type(error).__name__)


def deliver_event(backend: BackendPort, item: Item) -> dict[str, Any]:
    """Send one queued event; returns what the outbox keeps of the answer."""
    recorded = backend.report_kiosk_event(item.payload, idempotency_key=item.idempotency_key)
    return {"type": recorded.type, "status": "recorded"}
