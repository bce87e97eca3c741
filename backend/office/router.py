"""``/office/``: the back office's pages (server-rendered, plain forms, no script). None is in the OpenAPI document.

Every handler resolves the signed-in staff member from the cookie first: without one it sends the browser to the
sign-in page; every POST checks the CSRF token before anything else; roles are checked by the work functions
(``backend.office.worklist``, ``actions``), which raise the service's typed errors, turned here into a page that
says what was refused, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from backend.context import AppContext
from backend.counts import JST
from backend.db import transaction
from backend.domain import CancelReason, Channel, IncompleteReason, RenewalStatus, Role
from backend.errors import BackendError, BadRequest, Forbidden, InvalidTransition, NotFound
from backend.identity_records import RecordRefused
from backend.models import Renewal
from backend.office import actions, auth, worklist
from backend.office import records_view as office_records
from backend.office.i18n import Lang, translator

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["jst"] = lambda at: at.astimezone(JST).strftime("%Y-%m-%d %H:%M")
templates.env.globals["codes_known"] = {f"code_{c.value}" for c in (*IncompleteReason, *CancelReason)}
router = APIRouter(include_in_schema=False)
LANG_COOKIE = "mynakiosk_office_lang"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


def _lang(request: Request) -> Lang:
    return Lang.EN if request.cookies.get(LANG_COOKIE) == Lang.EN.value else Lang.JA


def _secure(request: Request) -> bool:
    return not _ctx(request).settings.office_insecure_cookies


def _page(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
    lang = _lang(request)
    response = templates.TemplateResponse(
        request, name, {"t": translator(lang), "lang": lang.value, "path": request.url.path, **values}, status
    )
    response.headers.update(SECURITY_HEADERS)
    return response


def _staff(request: Request) -> auth.OfficeStaff | None:
    ctx = _ctx(request)
    with ctx.reads() as session:
        return auth.current(session, ctx, request.cookies.get(auth.SESSION_COOKIE))


def _to_login() -> RedirectResponse:
    return RedirectResponse("/office/login", status_code=303)


def _refusal(
    request: Request, staff: auth.OfficeStaff | None, exc: auth.CsrfRefused | BackendError, back: str
) -> HTMLResponse:
    """A page that says, in the reader's language, what was refused (chosen by the error's type)."""
    t = translator(_lang(request))
    if isinstance(exc, auth.CsrfRefused):
        return _page(request, "message.html", 403, staff=staff, heading=t("refused"), message=t("csrf"), back=back)
    if isinstance(exc, NotFound):
        message = t("not_found")
    elif isinstance(exc, actions.FormRefused):
        message = t(exc.text_key, actions.MAX_NOTE)
    elif isinstance(exc, Forbidden):
        message = t("forbidden") if staff is None or staff.role is Role.TECHNICIAN else t("refused_role")
    else:
        message = t("refused_input")
    return _page(request, "message.html", exc.status, staff=staff, heading=t("refused"), message=message, back=back)


@router.get("/office/static/office.css")
def stylesheet() -> FileResponse:
    return FileResponse(
        HERE / "static" / "office.css", media_type="text/css", headers={"Cache-Control": "max-age=3600"}
    )


@router.get("/office/")
def home(request: Request) -> Response:
    return RedirectResponse("/office/applications" if _staff(request) else "/office/login", status_code=303)


@router.get("/office/lang/{lang}")
def set_language(request: Request, lang: str, next: str = "/office/") -> Response:
    target = next if next.startswith("/office/") and "//" not in next and "\\" not in next else "/office/"
    response = RedirectResponse(target, status_code=303)
    chosen = Lang.EN if lang == Lang.EN.value else Lang.JA
    response.set_cookie(
        LANG_COOKIE, chosen.value, max_age=365 * 86400, path=auth.COOKIE_PATH, secure=_secure(request),
        httponly=True, samesite="strict",
    )  # fmt: skip
    return response


@router.get("/office/login")
def login_page(request: Request) -> Response:
    if _staff(request):
        return RedirectResponse("/office/applications", status_code=303)
    token = auth.new_csrf_token()
    response = _page(request, "login.html", staff=None, csrf=token, failed=False)
    _set_prelogin(request, response, token)
    return response


def _set_prelogin(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        auth.PRELOGIN_COOKIE, token, path=auth.COOKIE_PATH, secure=_secure(request), httponly=True, samesite="strict"
    )


@router.post("/office/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    try:
        auth.check_csrf(request.cookies.get(auth.PRELOGIN_COOKIE), csrf)
    except auth.CsrfRefused as exc:
        return _refusal(request, None, exc, "/office/login")
    ctx = _ctx(request)
    with transaction(ctx.sessions) as session:
        token = auth.login(session, ctx, username, password)
    if token is None:
        fresh = auth.new_csrf_token()
        page = _page(request, "login.html", 401, staff=None, csrf=fresh, failed=True)
        _set_prelogin(request, page, fresh)
        return page
    response = RedirectResponse("/office/applications", status_code=303)
    response.set_cookie(
        auth.SESSION_COOKIE, token, max_age=int(auth.SESSION_TTL.total_seconds()), path=auth.COOKIE_PATH,
        secure=_secure(request), httponly=True, samesite="strict",
    )  # fmt: skip
    response.delete_cookie(auth.PRELOGIN_COOKIE, path=auth.COOKIE_PATH)
    return response


@router.post("/office/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    try:
        auth.check_csrf(staff.csrf_token, csrf)
    except auth.CsrfRefused as exc:
        return _refusal(request, staff, exc, "/office/applications")
    ctx = _ctx(request)
    with transaction(ctx.sessions) as session:
        auth.logout(session, ctx, staff)
    response = _to_login()
    response.delete_cookie(auth.SESSION_COOKIE, path=auth.COOKIE_PATH)
    return response


def _filters(params: dict[str, str]) -> worklist.Filters:
    def enum(kind: Any, raw: str | None) -> Any:
        return kind(raw) if raw in {m.value for m in kind} else None

    def day(raw: str | None) -> dt.date | None:
        try:
            return dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    site = params.get("site") or None
    return worklist.Filters(
        status=enum(RenewalStatus, params.get("status")),
        site_id=site[:64] if site else None,
        channel=enum(Channel, params.get("channel")),
        first_day=day(params.get("from")),
        last_day=day(params.get("to")),
    )


@router.get("/office/applications")
def applications(request: Request) -> Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    ctx = _ctx(request)
    filters = _filters(dict(request.query_params))
    with ctx.reads() as session:
        found = worklist.worklist(session, staff, filters)
    return _page(
        request,
        "worklist.html",
        staff=staff,
        work=found,
        filters=filters,
        statuses=list(RenewalStatus),
        channels=list(Channel),
        technician=staff.role is Role.TECHNICIAN,
        max_rows=worklist.MAX_ROWS,
    )


@router.get("/office/applications/{number}")
def application(request: Request, number: str) -> Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    ctx = _ctx(request)
    try:
        with transaction(ctx.sessions) as session:
            found = worklist.detail(session, ctx, staff, number[:20])
            records = office_records.for_page(session, ctx, staff, number[:20])
    except BackendError as exc:
        return _refusal(request, staff, exc, "/office/applications")
    return _page(
        request,
        "detail.html",
        staff=staff,
        app=found,
        records=records,
        official=staff.role is Role.OFFICIAL,
        offered=actions.allowed_actions(found.status, found.collection_method, staff),
        incomplete_codes=list(IncompleteReason),
        cancel_codes=list(CancelReason),
        form_key=secrets.token_urlsafe(16),
        done=request.query_params.get("done"),
    )


@router.get("/office/applications/{number}/photo")
def application_photo(request: Request, number: str) -> Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    ctx = _ctx(request)
    try:
        with transaction(ctx.sessions) as session:
            image = worklist.photo(session, ctx, staff, number[:20])
    except BackendError as exc:
        return _refusal(request, staff, exc, "/office/applications")
    return Response(image, media_type="image/jpeg", headers=SECURITY_HEADERS)


@router.post("/office/applications/{number}/actions")
def act(
    request: Request,
    number: str,
    action: Annotated[str, Form(max_length=20)],
    key: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
    codes: Annotated[list[str] | None, Form(max_length=40)] = None,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    back = f"/office/applications/{number[:20]}"
    ctx = _ctx(request)
    try:
        auth.check_csrf(staff.csrf_token, csrf)
        if action not in {a.value for a in actions.Action}:
            raise BadRequest("no such action")
        req = actions.Request(actions.Action(action), tuple(codes or ()), note.strip())
        with transaction(ctx.sessions) as session:
            replayed = actions.perform(session, ctx, staff, number[:20], req, key)
    except InvalidTransition as exc:
        return _state_refusal(request, staff, number[:20], exc, back)
    except (auth.CsrfRefused, BackendError) as exc:
        return _refusal(request, staff, exc, back)
    return RedirectResponse(f"{back}?done={'replayed' if replayed else action}", status_code=303)


def _state_refusal(
    request: Request, staff: auth.OfficeStaff, number: str, exc: InvalidTransition, back: str
) -> HTMLResponse:
    """A move the application's state does not allow: say which state it is in, in the reader's language."""
    t = translator(_lang(request))
    ctx = _ctx(request)
    with ctx.reads() as session:
        row = session.get(Renewal, number)
        state = t(f"status_{row.status.value}") if row else "?"
    key = "refused_resume" if "resumed" in exc.detail else "refused_state"
    message = office_records.refusal_text(t, exc) if isinstance(exc, RecordRefused) else t(key, state)
    return _page(request, "message.html", 409, staff=staff, heading=t("refused"), message=message, back=back)
