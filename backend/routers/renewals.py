"""``/v1/renewals``: submit a renewal application, read its status."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from backend import renewal
from backend.deps import Ctx, KioskDep, OptionalStaff, raw_body, run_idempotent
from backend.routers.common import CARD_SESSION_REFUSED, problems
from backend.schemas import RenewalIn, RenewalOut
from kiosk.wire import renewal_digest

router = APIRouter(tags=["renewal"])
AppNo = Annotated[str, Path(pattern=r"^A[0-9]{12}$")]


@router.post(
    "/v1/renewals",
    status_code=201,
    response_model=RenewalOut,
    responses=problems(400, 403, 409, 503, described={403: CARD_SESSION_REFUSED}),
)
async def submit_renewal(
    request: Request,
    ctx: Ctx,
    kiosk: KioskDep,
    staff: OptionalStaff,
    payload: RenewalIn,
    body: Annotated[bytes, Depends(raw_body)],
) -> Response:
    """Submit an application; the answer carries the application number and the collection rule that applies."""

    digest = renewal_digest(json.loads(body))  # the body parsed as ``payload`` above: a JSON object

    def handler(session: Session) -> tuple[int, RenewalOut]:
        faces = request.app.state.faces
        return 201, renewal.submit(session, ctx, faces, kiosk, staff, payload, application_digest=digest)

    principal = f"staff:{staff.staff_id}" if staff else f"kiosk:{kiosk.kiosk_id}"
    return await run_idempotent(ctx, request, body, principal, handler, cpu_heavy=True)


@router.get("/v1/renewals/{application_number}", response_model=RenewalOut, responses=problems(404))
async def get_renewal(ctx: Ctx, kiosk: KioskDep, application_number: AppNo) -> Response:
    """The application's status, for any registered kiosk (the number is the resident's receipt)."""
    # A Response, so FastAPI does not validate and serialise the model a second time (``response_model`` above
    # still documents it).
    answer = await renewal.status(ctx.db, application_number)
    return Response(answer.model_dump_json(), media_type="application/json")
