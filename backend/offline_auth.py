"""Card authentication captured offline at a staffed pop-up session (出張申請受付 with no network).

The kiosk could not fetch a challenge, so it made its nonce from parts the service can recompute (label, kiosk id,
capture time, 32 random bytes) and had the card sign it. When the queue is sent, this opens a card session just
as ``POST /v1/card-sessions`` would, with extra rules: a staff session of an official or their contractor is
required (they ran the desk; a technician may not) and is recorded with the session and in the audit log; the
capture is at most ``Limits.offline_capture_max_age_s`` old and not in the future; each random value is accepted
once (it is stored as a used challenge), so a captured signature cannot be replayed; and the session may apply
for a renewal but never reset a PIN (the kiosk chose its own nonce: no server challenge proves the card was there
now).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy.orm import Session

from backend.card_auth import OpenedCardSession, open_verified
from backend.context import AppContext, KioskPrincipal
from backend.deps import StaffPrincipal
from backend.domain import Role
from backend.errors import ChallengeInvalid, Forbidden
from backend.models import Challenge
from backend.schemas import OfflineCardSessionIn
from kiosk.wire import offline_nonce


def authenticate_offline(
    session: Session, ctx: AppContext, kiosk: KioskPrincipal, staff: StaffPrincipal, body: OfflineCardSessionIn
) -> OpenedCardSession:
    if staff.role not in (Role.OFFICIAL, Role.CONTRACTOR):
        raise Forbidden("only an official or a contractor running a staffed desk may send offline captures")
    now = ctx.clock.now()
    captured = dt.datetime.fromisoformat(body.captured_at)
    skew = dt.timedelta(seconds=ctx.settings.limits.request_clock_skew_s)
    max_age = dt.timedelta(seconds=ctx.settings.limits.offline_capture_max_age_s)
    if captured > now + skew or captured < now - max_age:
        raise ChallengeInvalid(f"offline capture is in the future or older than {max_age}")
    challenge_id = "offline:" + hashlib.sha256(body.random).hexdigest()[:28]
    if session.get(Challenge, challenge_id) is not None:
        raise ChallengeInvalid("this offline capture was already used")
    nonce = offline_nonce(kiosk.kiosk_id, body.captured_at, body.random)
    session.add(Challenge(challenge_id=challenge_id, nonce=nonce, kiosk_id=kiosk.kiosk_id,
                          expires_at=captured + max_age, issued_at=captured, used=True))  # fmt: skip
    session.flush()
    return open_verified(session, ctx, kiosk, body, nonce, now, offline_staff_id=staff.staff_id)
