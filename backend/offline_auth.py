"""Card authentication captured offline at a staffed pop-up session (出張申請受付 with no network).

The kiosk could not fetch a challenge, so it made its nonce from parts the service can recompute (label, kiosk id,
capture time, 32 random bytes) and had the card sign it. When the queue is sent, this opens a card session just
as ``POST /v1/card-sessions`` would, with three extra rules: a staff session is required (an official or their
contractor ran the desk), the capture is at most ``OFFLINE_MAX_AGE`` old and not in the future, and each random
value is accepted once (it is stored as a used challenge), so a captured signature cannot be replayed.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy.orm import Session

from backend.card_auth import OpenedCardSession, open_verified
from backend.context import AppContext, KioskPrincipal
from backend.deps import StaffPrincipal
from backend.errors import ChallengeInvalid
from backend.models import Challenge
from backend.schemas import OfflineCardSessionIn
from kiosk.wire import offline_nonce

OFFLINE_MAX_AGE = dt.timedelta(hours=72)


def authenticate_offline(
    session: Session, ctx: AppContext, kiosk: KioskPrincipal, staff: StaffPrincipal, body: OfflineCardSessionIn
) -> OpenedCardSession:
    del staff  # required by the route: only a staffed desk may capture offline
    now = ctx.clock.now()
    captured = dt.datetime.fromisoformat(body.captured_at)
    skew = dt.timedelta(seconds=ctx.settings.limits.request_clock_skew_s)
    if captured > now + skew or captured < now - OFFLINE_MAX_AGE:
        raise ChallengeInvalid("offline capture is in the future or older than 72 hours")
    challenge_id = "offline:" + hashlib.sha256(body.random).hexdigest()[:28]
    if session.get(Challenge, challenge_id) is not None:
        raise ChallengeInvalid("this offline capture was already used")
    nonce = offline_nonce(kiosk.kiosk_id, body.captured_at, body.random)
    session.add(Challenge(challenge_id=challenge_id, nonce=nonce, kiosk_id=kiosk.kiosk_id,
                          expires_at=captured + OFFLINE_MAX_AGE, used=True))  # fmt: skip
    session.flush()
    return open_verified(session, ctx, kiosk, body, nonce, now)
