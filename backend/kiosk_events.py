"""Security events kiosks report (``POST /v1/kiosk-events``), each recorded as one entry of the audit chain.

Today one type: ``relay_refused``, a PIN-reset script holding a command the kiosk's relay allow-list refused
(``kiosk/card/card.py``), which points at a backend or a network that is not what it should be. The entry names the
kiosk, the reset's card serial (when the reset is this kiosk's), the command's CLA and INS, and when the kiosk saw
it; never personal data or command data. No table of its own: the audit chain is the record, and the request's
Idempotency-Key makes a re-sent event (a kiosk's outbox delivering it again) one entry.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend import audit
from backend.context import AppContext, KioskPrincipal
from backend.models import PinReset
from backend.schemas import KioskEventIn, KioskEventOut


def record(session: Session, ctx: AppContext, kiosk: KioskPrincipal, event: KioskEventIn) -> KioskEventOut:
    """Append the event to the audit chain in the caller's transaction. An unknown reset, or another kiosk's, does
    not stop the record (a security event is never dropped): it is recorded against the kiosk, marked as such."""
    subject = f"kiosk:{kiosk.kiosk_id}"
    reset_known = False
    if event.reset_id is not None:
        reset = session.get(PinReset, event.reset_id)
        if reset is not None and reset.kiosk_id == kiosk.kiosk_id:
            subject, reset_known = reset.card_serial, True
    audit.append(
        session,
        ctx.clock,
        actor=f"kiosk:{kiosk.kiosk_id}",
        action=f"kiosk_event.{event.type}",
        subject=subject,
        details={
            "reset_id": event.reset_id,
            "reset_known": reset_known,
            "cla": f"{event.command.cla:02X}",
            "ins": f"{event.command.ins:02X}",
            "occurred_at": event.occurred_at.isoformat(),
        },
    )
    return KioskEventOut(type=event.type, reset_id=event.reset_id, recorded_at=ctx.clock.now())
