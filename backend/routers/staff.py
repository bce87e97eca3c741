"""Staff endpoints for pop-up sessions and the issuing office: login, today's applications, transitions, counts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend import audit, counts, idempotency, renewal
from backend.db import transaction
from backend.deps import Ctx, KioskDep, StaffDep, StaffPrincipal, raw_body, run_idempotent
from backend.domain import Role
from backend.errors import Forbidden, Unauthenticated, Unprocessable
from backend.models import Site, StaffAccount, StaffLoginFailures, StaffSession
from backend.routers.common import problems
from backend.schemas import (
    CountRow,
    Counts,
    RenewalOut,
    StaffLoginIn,
    StaffLoginOut,
    StaffRenewalList,
    TransitionIn,
)
from backend.staff_auth import count_failure, is_locked, new_token, password_matches

router = APIRouter(tags=["staff"])
AppNo = Annotated[str, Path(pattern=r"^A[0-9]{12}$")]


def _office_staff(staff: StaffPrincipal) -> None:
    if staff.role is Role.TECHNICIAN:
        raise Forbidden("technicians have no access to applications or counts")


@router.post("/v1/staff/sessions", status_code=201, response_model=StaffLoginOut, responses=problems(400))
def login(request: Request, ctx: Ctx, kiosk: KioskDep, payload: StaffLoginIn) -> StaffLoginOut:
    """Open a staff session on this kiosk.

    Wrong passwords are counted per account *and kiosk*: enough of them lock the account at this kiosk only, so
    one kiosk cannot lock a staff member out of every other.

    Needs an ``Idempotency-Key`` like every POST, but a repeat opens a new session rather than replaying the
    stored answer: the answer is a bearer secret and is never stored.
    """
    idempotency.parse_key(request.headers.get(idempotency.HEADER))
    now = ctx.clock.now()
    limits = ctx.settings.limits
    with transaction(ctx.sessions) as session:
        account = session.execute(
            select(StaffAccount).where(StaffAccount.username == payload.username).with_for_update()
        ).scalar_one_or_none()
        ok = password_matches(account.password_hash if account else None, payload.password)  # always: timing
        failures = None
        if account is not None:
            failures = session.get(StaffLoginFailures, (account.staff_id, kiosk.kiosk_id), with_for_update=True)
        locked = is_locked(failures, now)
        if account is None or not ok or not account.active or locked:
            if account is not None and not ok and not locked:
                if failures is None:
                    failures = StaffLoginFailures(staff_id=account.staff_id, kiosk_id=kiosk.kiosk_id, failed_logins=0)
                    session.add(failures)
                count_failure(
                    failures, max_failures=limits.staff_max_failed_logins, lockout_s=limits.staff_lockout_s, now=now
                )
            audit.append(
                session,
                ctx.clock,
                actor=f"kiosk:{kiosk.kiosk_id}",
                action="staff.login_failed",
                subject=f"staff:{account.staff_id}" if account else "staff:unknown",
                details={"locked": locked},
            )
            failed = True
        else:
            if failures is not None:
                session.delete(failures)
            token, digest = new_token()
            expires = now + dt.timedelta(seconds=limits.staff_session_ttl_s)
            session.add(
                StaffSession(
                    token_sha256=digest, staff_id=account.staff_id, kiosk_id=kiosk.kiosk_id, expires_at=expires
                )
            )
            audit.append(
                session,
                ctx.clock,
                actor=f"staff:{account.staff_id}",
                action="staff.login",
                subject=f"kiosk:{kiosk.kiosk_id}",
                details={"role": account.role.value},
            )
            failed = False
    if failed or account is None:
        raise Unauthenticated(
            "username or password is wrong, or the account is disabled or locked after repeated wrong passwords"
        )
    return StaffLoginOut(
        token=token, role=account.role, municipality_code=account.municipality_code, expires_at=expires
    )


@router.delete("/v1/staff/sessions/current", status_code=204, responses=problems(401))
def logout(ctx: Ctx, kiosk: KioskDep, staff: StaffDep) -> Response:
    """End this staff session (its token stops working at once)."""
    with transaction(ctx.sessions) as session:
        session.execute(delete(StaffSession).where(StaffSession.token_sha256 == staff.token_sha256))
        audit.append(
            session,
            ctx.clock,
            actor=f"staff:{staff.staff_id}",
            action="staff.logout",
            subject=f"kiosk:{kiosk.kiosk_id}",
        )
    return Response(status_code=204)


@router.get("/v1/staff/renewals/today", response_model=StaffRenewalList, responses=problems(403))
async def todays_applications(ctx: Ctx, kiosk: KioskDep, staff: StaffDep) -> StaffRenewalList:
    """Applications submitted today (Japan time) at this kiosk's site by residents of the staff member's
    municipality (an official of another municipality working a pop-up sees none of this one's residents)."""
    _office_staff(staff)

    def read() -> StaffRenewalList:
        now = ctx.clock.now()
        with ctx.reads() as session:
            applications = renewal.todays(session, kiosk.site_id, staff.municipality_code, now)
            return StaffRenewalList(day=counts.office_day(now), applications=applications)

    return await run_in_threadpool(read)


@router.post(
    "/v1/staff/renewals/{application_number}/transitions",
    response_model=RenewalOut,
    responses=problems(400, 403, 404, 409, 503),  # 503: deciding issue reads the holder record (sealed)
)
async def transition(
    request: Request,
    ctx: Ctx,
    kiosk: KioskDep,
    staff: StaffDep,
    application_number: AppNo,
    payload: TransitionIn,
    body: Annotated[bytes, Depends(raw_body)],
) -> Response:
    """Move an application to its next status; deciding issue and hand-over are for officials only."""

    def handler(session: Session) -> tuple[int, RenewalOut]:
        return 200, renewal.transition(session, ctx, staff, application_number, payload.to, payload.reason)

    return await run_idempotent(ctx, request, body, f"staff:{staff.staff_id}", handler)


def _counts(ctx: Ctx, first: dt.date, last: dt.date, site_ids: list[str] | None, municipality: str) -> Counts:
    """Counts of ``site_ids`` (or of every site) among the sites in ``municipality``: staff see their own
    municipality's sites only."""
    with ctx.reads() as session:
        own = set(session.execute(select(Site.site_id).where(Site.municipality_code == municipality)).scalars())
        scope = sorted(own if site_ids is None else own.intersection(site_ids))
        rows = counts.totals(session, first, last, scope) if scope else []
    return Counts(
        first_day=first, last_day=last, rows=[CountRow(site_id=s, channel=c, event=e, count=n) for s, c, e, n in rows]
    )


@router.get("/v1/staff/counts/today", response_model=Counts, responses=problems(403))
async def end_of_day(ctx: Ctx, kiosk: KioskDep, staff: StaffDep) -> Counts:
    """End-of-day counts for this kiosk's site, by channel and event."""
    _office_staff(staff)
    day = counts.office_day(ctx.clock.now())
    return await run_in_threadpool(_counts, ctx, day, day, [kiosk.site_id], staff.municipality_code)


@router.get("/v1/reports/daily", response_model=Counts, responses=problems(403))
async def daily(ctx: Ctx, kiosk: KioskDep, staff: StaffDep, day: Annotated[dt.date, Query()]) -> Counts:
    """Counts by site, channel and event for one office day, for the sites of the staff member's municipality
    (from the cumulative counters, never a scan)."""
    _office_staff(staff)
    return await run_in_threadpool(_counts, ctx, day, day, None, staff.municipality_code)


@router.get("/v1/reports/monthly", response_model=Counts, responses=problems(403))
async def monthly(
    ctx: Ctx, kiosk: KioskDep, staff: StaffDep, month: Annotated[str, Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
) -> Counts:
    """Counts by site, channel and event summed over one calendar month, for the sites of the staff member's
    municipality."""
    _office_staff(staff)
    year, mon = (int(p) for p in month.split("-"))
    if not 2000 <= year < dt.MAXYEAR:
        raise Unprocessable(f"month must be between 2000-01 and {dt.MAXYEAR - 1}-12")
    first = dt.date(year, mon, 1)
    last = (dt.date(year + mon // 12, mon % 12 + 1, 1)) - dt.timedelta(days=1)
    return await run_in_threadpool(_counts, ctx, first, last, None, staff.municipality_code)
