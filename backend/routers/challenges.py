"""``POST /v1/challenges``: a single-use nonce, bound to the kiosk, with a short expiry."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from backend.deps import Ctx, KioskDep, raw_body, run_idempotent
from backend.models import Challenge
from backend.routers.common import problems
from backend.schemas import ChallengeOut

router = APIRouter(tags=["card"])


@router.post("/v1/challenges", status_code=201, response_model=ChallengeOut, responses=problems(400, 409))
def create_challenge(
    request: Request, ctx: Ctx, kiosk: KioskDep, body: Annotated[bytes, Depends(raw_body)]
) -> Response:
    """A 32-byte nonce for the card to sign; valid once, for this kiosk, for ``challenge_ttl_s`` seconds."""

    def handler(session: Session) -> tuple[int, ChallengeOut]:
        now = ctx.clock.now()
        challenge = Challenge(
            challenge_id=str(uuid.uuid4()),
            nonce=os.urandom(32),
            kiosk_id=kiosk.kiosk_id,
            expires_at=now + dt.timedelta(seconds=ctx.settings.limits.challenge_ttl_s),
            used=False,
        )
        session.add(challenge)
        return 201, ChallengeOut(
            challenge_id=challenge.challenge_id, nonce=challenge.nonce, expires_at=challenge.expires_at
        )

    return run_idempotent(ctx, request, body, f"kiosk:{kiosk.kiosk_id}", handler)
