"""``POST /v1/challenges``: a single-use nonce, bound to the kiosk, with a short expiry."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import insert
from sqlalchemy.orm import Session

from backend.deps import Ctx, KioskDep, raw_body, run_idempotent
from backend.models import Challenge, table
from backend.routers.common import problems
from backend.schemas import ChallengeOut

router = APIRouter(tags=["card"])
_INSERT = insert(table(Challenge))


@router.post("/v1/challenges", status_code=201, response_model=ChallengeOut, responses=problems(400, 409))
async def create_challenge(
    request: Request, ctx: Ctx, kiosk: KioskDep, body: Annotated[bytes, Depends(raw_body)]
) -> Response:
    """A 32-byte nonce for the card to sign; valid once, for this kiosk, for ``challenge_ttl_s`` seconds."""

    def handler(session: Session) -> tuple[int, ChallengeOut]:
        challenge_id, nonce = str(uuid.uuid4()), os.urandom(32)
        issued_at = ctx.clock.now()
        expires_at = issued_at + dt.timedelta(seconds=ctx.settings.limits.challenge_ttl_s)
        session.connection().execute(
            _INSERT,
            {
                "challenge_id": challenge_id,
                "nonce": nonce,
                "kiosk_id": kiosk.kiosk_id,
                "expires_at": expires_at,
                "issued_at": issued_at,
                "used": False,
            },
        )
        return 201, ChallengeOut(challenge_id=challenge_id, nonce=nonce, expires_at=expires_at)

    return await run_idempotent(ctx, request, body, f"kiosk:{kiosk.kiosk_id}", handler)
