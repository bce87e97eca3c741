"""``/office/jlis``: the J-LIS exchange in the browser, for officials only — make a batch of the approved
applications and download it, upload J-LIS's signed status feed (the same work as ``mynakiosk backend jlis
export`` / ``import``, ``backend.jlis.exchange``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from backend.db import transaction
from backend.domain import Role
from backend.errors import BackendError, Forbidden, NotConfigured
from backend.jlis import exchange
from backend.jlis.feed import MAX_FEED_BYTES, FeedRefused
from backend.models import StaffAccount
from backend.office import auth
from backend.office.i18n import translator
from backend.office.router import SECURITY_HEADERS, _ctx, _lang, _page, _refusal, _staff, _to_login

router = APIRouter(include_in_schema=False)
HOME = "/office/jlis"


def _official(request: Request) -> auth.OfficeStaff | Response:
    """The signed-in official, or the answer to send instead (sign-in, or a refusal for other roles)."""
    staff = _staff(request)
    if staff is None:
        return _to_login()
    if staff.role is not Role.OFFICIAL:
        t = translator(_lang(request))
        return _page(
            request,
            "message.html",
            403,
            staff=staff,
            heading=t("refused"),
            message=t("officials_only"),
            back="/office/applications",
        )
    return staff


def _jlis_refusal(request: Request, staff: auth.OfficeStaff, exc: auth.CsrfRefused | BackendError) -> HTMLResponse:
    t = translator(_lang(request))
    if isinstance(exc, FeedRefused):
        key = "jlis_feed_refused"
    elif isinstance(exc, NotConfigured):
        key = "jlis_not_configured"
    elif isinstance(exc, Forbidden):
        key = "jlis_other_municipality"
    else:
        return _refusal(request, staff, exc, HOME)
    return _page(request, "message.html", exc.status, staff=staff, heading=t("refused"), message=t(key), back=HOME)


def _home(
    request: Request, staff: auth.OfficeStaff, status: int = 200, imported: exchange.Imported | None = None
) -> HTMLResponse:
    ctx = _ctx(request)
    with ctx.reads() as session:
        batches = exchange.batches(session, staff.municipality_code)
        names = {f"staff:{i}": n for i, n in session.execute(select(StaffAccount.staff_id, StaffAccount.username))}
        sent = exchange.sent_states(session, staff.municipality_code)
    return _page(
        request,
        "jlis.html",
        status,
        staff=staff,
        batches=batches,
        names=names,
        sent=sent,
        imported=imported,
        exported=request.query_params.get("exported"),
        exported_n=request.query_params.get("n"),
        max_feed=MAX_FEED_BYTES,
    )


@router.get(HOME)
def jlis_home(request: Request) -> Response:
    staff = _official(request)
    if isinstance(staff, Response):
        return staff
    return _home(request, staff)


@router.post(HOME + "/export")
def jlis_export(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    staff = _official(request)
    if isinstance(staff, Response):
        return staff
    ctx = _ctx(request)
    try:
        auth.check_csrf(staff.csrf_token, csrf)
        with transaction(ctx.sessions) as session:
            done = exchange.export(
                session, ctx.clock, ctx.settings.keys, staff.municipality_code, f"staff:{staff.staff_id}"
            )
    except (auth.CsrfRefused, BackendError) as exc:
        return _jlis_refusal(request, staff, exc)
    target = f"{HOME}?exported={done.batch_id}&n={done.applications}" if done else f"{HOME}?exported="
    return RedirectResponse(target, status_code=303)


@router.get(HOME + "/batches/{batch_id}.zip")
def jlis_batch(request: Request, batch_id: str) -> Response:
    staff = _official(request)
    if isinstance(staff, Response):
        return staff
    ctx = _ctx(request)
    try:
        with transaction(ctx.sessions) as session:
            found = exchange.batch_file(
                session, ctx.clock, ctx.settings.keys, batch_id[:40], staff.municipality_code, f"staff:{staff.staff_id}"
            )
    except BackendError as exc:
        return _jlis_refusal(request, staff, exc)
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{found.file_name}"'}
    return Response(found.data, media_type="application/zip", headers=headers)


@router.post(HOME + "/import")
def jlis_import(
    request: Request, feed: Annotated[UploadFile, File()], csrf: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    staff = _official(request)
    if isinstance(staff, Response):
        return staff
    raw = feed.file.read(MAX_FEED_BYTES + 1)
    ctx = _ctx(request)
    try:
        auth.check_csrf(staff.csrf_token, csrf)
        with transaction(ctx.sessions) as session:
            result = exchange.import_feed(
                session, ctx.clock, ctx.settings.keys, raw, f"staff:{staff.staff_id}", staff.municipality_code
            )
    except (auth.CsrfRefused, BackendError) as exc:
        return _jlis_refusal(request, staff, exc)
    return _home(request, staff, imported=result)
