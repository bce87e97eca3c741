"""FastAPI dependencies: the shared context, kiosk identity, staff identity, and the idempotent POST runner."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import idempotency
from backend.context import AppContext, KioskPrincipal
from backend.domain import Role
from backend.errors import BackendError, Unauthenticated
from backend.models import StaffAccount, StaffSession
from backend.request_signing import ID_HEADER, SIGNATURE_HEADER, verify_request
from backend.staff_auth import token_digest
from kiosk import wire

_KIOSK_ID_RE = re.compile(wire.KIOSK_ID_PATTERN)
_BEARER_RE = re.compile(r"^Bearer ([A-Za-z0-9_\-]{20,100})$")


async def get_context(request: Request) -> AppContext:
    """Async on purpose: FastAPI runs a plain ``def`` dependency on a pool thread, a hop per request for nothing."""
    return _context(request)


def _context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_context)]


async def raw_body(request: Request) -> bytes:
    return await request.body()


def _path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


async def kiosk_principal(request: Request) -> KioskPrincipal:
    """The kiosk that signed this request; ``401`` when it is unknown or the signature is wrong.

    It takes only the request (no nested dependencies): every kiosk call runs it, and each dependency FastAPI
    resolves costs CPU per request. Starlette keeps the body it reads, so handlers reading it again cost nothing.
    """
    ctx = _context(request)
    body = await request.body()
    kiosk_id = request.headers.get(ID_HEADER)
    if kiosk_id is None or not _KIOSK_ID_RE.fullmatch(kiosk_id):
        raise Unauthenticated(f"send {ID_HEADER} and {SIGNATURE_HEADER} (see docs/backend.md, 'Kiosk identity')")
    kiosk = ctx.cached_kiosk(kiosk_id)
    if kiosk is None:
        kiosk = await ctx.db.read(lambda session: ctx.load_kiosk(session, kiosk_id))
    verify_request(
        kiosk.public_key,
        request.headers.get(SIGNATURE_HEADER),
        method=request.method,
        path=_path(request),
        idempotency_key=request.headers.get(idempotency.HEADER, ""),
        body=body,
        now=int(ctx.clock.now().timestamp()),
        max_skew_s=ctx.settings.limits.request_clock_skew_s,
    )
    ctx.kiosk_buckets.take(kiosk.kiosk_id)
    return kiosk


KioskDep = Annotated[KioskPrincipal, Depends(kiosk_principal)]


@dataclass(frozen=True)
class StaffPrincipal:
    staff_id: int
    username: str
    role: Role
    municipality_code: str
    kiosk_id: str


def _staff(request: Request, ctx: AppContext, kiosk: KioskPrincipal) -> StaffPrincipal | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    match = _BEARER_RE.fullmatch(header)
    if match is None:
        raise Unauthenticated("Authorization must be 'Bearer <token from POST /v1/staff/sessions>'")
    with ctx.reads() as session:
        row = session.get(StaffSession, token_digest(match.group(1)))
        if row is None or row.expires_at <= ctx.clock.now() or row.kiosk_id != kiosk.kiosk_id:
            raise Unauthenticated("staff session is unknown, expired or was opened on another kiosk; log in again")
        account = session.get(StaffAccount, row.staff_id)
        if account is None or not account.active:
            raise Unauthenticated("staff account is disabled")
        return StaffPrincipal(
            account.staff_id, account.username, account.role, account.municipality_code, kiosk.kiosk_id
        )


def optional_staff(request: Request, ctx: Ctx, kiosk: KioskDep) -> StaffPrincipal | None:
    return _staff(request, ctx, kiosk)


def required_staff(request: Request, ctx: Ctx, kiosk: KioskDep) -> StaffPrincipal:
    staff = _staff(request, ctx, kiosk)
    if staff is None:
        raise Unauthenticated("this endpoint needs a staff session: Authorization: Bearer <token>")
    return staff


OptionalStaff = Annotated[StaffPrincipal | None, Depends(optional_staff)]
StaffDep = Annotated[StaffPrincipal, Depends(required_staff)]

Handler = Callable[[Session], tuple[int, BaseModel]]


async def run_idempotent(
    ctx: AppContext,
    request: Request,
    body: bytes,
    principal: str,
    handler: Handler,
    *,
    cpu_heavy: bool = False,
) -> Response:
    """Run ``handler`` once per Idempotency-Key, in one transaction with the stored answer.

    A repeat with the same key and request gets the stored answer (header ``Idempotent-Replayed: true``); a
    different request under the same key gets ``409``. Two concurrent first attempts race on the record's primary
    key: the loser rolls back entirely and replays the winner's answer. ``cpu_heavy``: see ``backend.db.Runner``.
    """
    key = idempotency.parse_key(request.headers.get(idempotency.HEADER))
    digest = idempotency.request_digest(request.method, _path(request), body)

    def once(session: Session) -> tuple[idempotency.StoredResponse, bool, BackendError | None]:
        stored = idempotency.lookup(session, principal, key, digest)
        if stored is not None:
            return stored, True, None
        try:
            status, model = handler(session)
        except BackendError as exc:
            if not exc.keep_changes:
                raise
            return idempotency.StoredResponse(0, b""), False, exc  # commit what was done, store no answer
        stored = idempotency.StoredResponse(status, model.model_dump_json().encode())
        idempotency.store(session, ctx.clock, principal, key, digest, stored)
        return stored, False, None

    for attempt in range(2):
        try:
            stored, replayed, refusal = await ctx.db.write(once, cpu_heavy=cpu_heavy)
        except IntegrityError:
            if attempt:
                raise
            continue
        if refusal is not None:
            raise refusal
        return _response(stored, replayed=replayed)
    raise AssertionError("unreachable")


def _response(stored: idempotency.StoredResponse, *, replayed: bool) -> Response:
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return Response(stored.body, stored.status_code, headers=headers, media_type="application/json")
