"""FastAPI dependencies: the shared context, kiosk identity, staff identity, and the idempotent POST runner."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from cryptography import x509
from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import idempotency
from backend.context import AppContext, KioskPrincipal
from backend.domain import Role
from backend.errors import BackendError, Unauthenticated
from backend.models import RequestReplay, StaffAccount, StaffSession
from backend.request_signing import ID_HEADER, SIGNATURE_HEADER, key_fingerprint, verify_request
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
    _bind_tls_peer(request, kiosk)
    replay_key = verify_request(
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
    if request.method == "POST":
        await _remember(ctx, kiosk.kiosk_id, replay_key)
    return kiosk


async def _remember(ctx: AppContext, kiosk_id: str, replay_key: bytes) -> None:
    """Refuse a signed POST seen before; remember this one for as long as its signature could be accepted.

    POSTs only: they change state (a replayed login would mint a new token). A replayed GET answers what the
    replayer already saw. The kiosk signs every retry anew, so a retry is never taken for a replay.
    """
    skew = dt.timedelta(seconds=2 * ctx.settings.limits.request_clock_skew_s)

    def remember(session: Session) -> None:
        session.add(RequestReplay(kiosk_id=kiosk_id, request_sha256=replay_key, expires_at=ctx.clock.now() + skew))

    try:
        await ctx.db.write(remember)
    except IntegrityError:
        raise Unauthenticated("this signed request was already accepted once; sign every request anew") from None


def _bind_tls_peer(request: Request, kiosk: KioskPrincipal) -> None:
    """Under mutual TLS (``backend.tls``), the certificate that opened the connection must hold this kiosk's key."""
    tls = request.scope.get("extensions", {}).get("tls")
    chain = tls.get("client_cert_chain") if tls else None
    if not chain:
        return
    fingerprint = key_fingerprint(x509.load_pem_x509_certificate(chain[0].encode()))
    if not hmac.compare_digest(fingerprint, kiosk.public_key_sha256):
        raise Unauthenticated(f"the TLS client certificate is not the one registered for this {ID_HEADER}")


KioskDep = Annotated[KioskPrincipal, Depends(kiosk_principal)]


@dataclass(frozen=True)
class StaffPrincipal:
    staff_id: int
    username: str
    role: Role
    municipality_code: str
    kiosk_id: str
    token_sha256: bytes = field(repr=False)


def _staff(request: Request, ctx: AppContext, kiosk: KioskPrincipal) -> StaffPrincipal | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    match = _BEARER_RE.fullmatch(header)
    if match is None:
        raise Unauthenticated("Authorization must be 'Bearer <token from POST /v1/staff/sessions>'")
    with ctx.reads() as session:
        digest = token_digest(match.group(1))
        row = session.get(StaffSession, digest)
        if row is None or row.expires_at <= ctx.clock.now() or row.kiosk_id != kiosk.kiosk_id:
            raise Unauthenticated("staff session is unknown, expired or was opened on another kiosk; log in again")
        account = session.get(StaffAccount, row.staff_id)
        if account is None or not account.active:
            raise Unauthenticated("staff account is disabled")
        return StaffPrincipal(
            account.staff_id, account.username, account.role, account.municipality_code, kiosk.kiosk_id, digest
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

Answer = TypeVar("Answer", bound=BaseModel)


async def run_idempotent(
    ctx: AppContext,
    request: Request,
    body: bytes,
    principal: str,
    handler: Callable[[Session], tuple[int, Answer]],
    *,
    cpu_heavy: bool = False,
    redact: Callable[[Answer], BaseModel] | None = None,
) -> Response:
    """Run ``handler`` once per Idempotency-Key, in one transaction with the stored answer.

    A repeat with the same key and request gets the stored answer (header ``Idempotent-Replayed: true``); a
    different request under the same key gets ``409``. Two concurrent first attempts race on the record's primary
    key: the loser rolls back entirely and replays the winner's answer. ``cpu_heavy``: see ``backend.db.Runner``.
    ``redact``: what of the answer may rest in the database for replays (the first answer is sent whole).
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
        answer = idempotency.StoredResponse(status, model.model_dump_json().encode())
        kept = (
            answer if redact is None else idempotency.StoredResponse(status, redact(model).model_dump_json().encode())
        )
        idempotency.store(session, ctx.clock, principal, key, digest, kept)
        return answer, False, None

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
