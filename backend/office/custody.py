"""``/office/custody``: the cards an issuing office holds — receive a J-LIS delivery, store a card, hand it over at
the counter (officials, recording the identity check), return or destroy it (officials), count the stock
(``backend.custody``). Contractors do the clerical steps; technicians see nothing here."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backend import custody
from backend.db import transaction
from backend.domain import CustodyState, IdentityDocument, Role
from backend.errors import BackendError, BadRequest, Forbidden, InvalidTransition
from backend.models import CardCustody, Renewal
from backend.office import auth
from backend.office.i18n import translator
from backend.office.router import _ctx, _lang, _page, _refusal, _staff, _to_login

router = APIRouter(include_in_schema=False)
HOME = "/office/custody"


def _home_url(site: str, **extra: str) -> str:
    query = "&".join(f"{k}={quote(v)}" for k, v in {"site": site, **extra}.items())
    return f"{HOME}?{query}"


def _card_url(number: str) -> str:
    return f"{HOME}/cards/{quote(number)}"


def _signed_in(request: Request) -> auth.OfficeStaff | Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    if staff.role is Role.TECHNICIAN:
        return _refusal(request, staff, Forbidden("technicians see no cards"), "/office/applications")
    return staff


def _custody_refusal(
    request: Request, staff: auth.OfficeStaff, exc: auth.CsrfRefused | BackendError, number: str | None, back: str
) -> HTMLResponse:
    """A move the card's state does not allow: say both states, in the reader's language."""
    if not isinstance(exc, InvalidTransition) or number is None:
        return _refusal(request, staff, exc, back)
    t = translator(_lang(request))
    with _ctx(request).reads() as session:
        row, app = session.get(CardCustody, number), session.get(Renewal, number)
        held = t(f"custody_cstate_{row.state.value}") if row else "?"
        status = t(f"status_{app.status.value}") if app else "?"
    message = t("custody_refused_state", held, status)
    return _page(request, "message.html", 409, staff=staff, heading=t("refused"), message=message, back=back)


@router.get(HOME)
def custody_home(request: Request) -> Response:
    staff = _signed_in(request)
    if isinstance(staff, Response):
        return staff
    ctx = _ctx(request)
    with ctx.reads() as session:
        offices = custody.offices(session, staff.municipality_code)
        chosen = request.query_params.get("site") or (offices[0].site_id if offices else "")
        site = next((o for o in offices if o.site_id == chosen), None)
        deliveries = custody.expected_deliveries(session, staff.municipality_code)
        held = custody.held_cards(session, ctx, staff, site.site_id) if site else []
        count = custody.last_count(session, site.site_id) if site else None
    return _page(
        request,
        "custody.html",
        staff=staff,
        offices=offices,
        site=site,
        deliveries=deliveries,
        held=held,
        uncollected=[h for h in held if h.uncollected],
        months=ctx.settings.limits.uncollected_warning_months,
        count=count,
        done=request.query_params.get("done"),
        moved=request.query_params.get("n"),
    )


@router.post(HOME + "/receive")
def custody_receive(
    request: Request,
    delivery: Annotated[str, Form(max_length=40)],
    site: Annotated[str, Form(max_length=64)],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    staff = _signed_in(request)
    if isinstance(staff, Response):
        return staff
    ctx = _ctx(request)
    try:
        auth.check_csrf(staff.csrf_token, csrf)
        with transaction(ctx.sessions) as session:
            moved = custody.receive(session, ctx, staff, delivery, site)
    except (auth.CsrfRefused, BackendError) as exc:
        return _custody_refusal(request, staff, exc, None, _home_url(site))
    done = "repeated" if moved.repeated else "received"
    return RedirectResponse(_home_url(site, done=done, n=str(moved.cards)), status_code=303)


@router.post(HOME + "/count")
def custody_count(
    request: Request,
    site: Annotated[str, Form(max_length=64)],
    counted: Annotated[str, Form(max_length=200_000)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    staff = _signed_in(request)
    if isinstance(staff, Response):
        return staff
    ctx = _ctx(request)
    try:
        auth.check_csrf(staff.csrf_token, csrf)
        with transaction(ctx.sessions) as session:
            custody.reconcile(session, ctx, staff, site, counted.splitlines())
    except (auth.CsrfRefused, BackendError) as exc:
        return _custody_refusal(request, staff, exc, None, _home_url(site))
    return RedirectResponse(_home_url(site, done="counted") + "#count-h", status_code=303)


@router.get(HOME + "/cards/{number}")
def custody_card(request: Request, number: str) -> Response:
    staff = _signed_in(request)
    if isinstance(staff, Response):
        return staff
    ctx = _ctx(request)
    try:
        with ctx.reads() as session:
            row, app = custody.custody_of(session, staff, number[:20])
    except BackendError as exc:
        return _refusal(request, staff, exc, HOME)
    return _page(
        request,
        "custody_card.html",
        staff=staff,
        card=row,
        app=app,
        official=staff.role is Role.OFFICIAL,
        held=row.state in custody.HELD,
        closing=app.status in custody.CLOSING,
        documents=list(IdentityDocument),
        done=request.query_params.get("done"),
    )


@router.post(HOME + "/cards/{number}/{move}")
def custody_move(
    request: Request,
    number: str,
    move: str,
    csrf: Annotated[str, Form(max_length=100)] = "",
    location: Annotated[str, Form(max_length=200)] = "",
    document: Annotated[str, Form(max_length=32)] = "",
    face_compared: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    staff = _signed_in(request)
    if isinstance(staff, Response):
        return staff
    number = number[:20]
    ctx = _ctx(request)
    try:
        auth.check_csrf(staff.csrf_token, csrf)
        with transaction(ctx.sessions) as session:
            if move == "store":
                moved = custody.store(session, ctx, staff, number, location)
            elif move == "hand-over":
                if document not in {d.value for d in IdentityDocument}:
                    raise BadRequest("choose the identity document checked")
                moved = custody.hand_over(
                    session, ctx, staff, number, IdentityDocument(document), face_compared == "yes"
                )
            elif move in ("return", "destroy"):
                how = CustodyState.RETURNED if move == "return" else CustodyState.DESTROYED
                moved = custody.dispose(session, ctx, staff, number, how)
            else:
                raise BadRequest("no such move")
    except (auth.CsrfRefused, BackendError) as exc:
        return _custody_refusal(request, staff, exc, number, _card_url(number))
    done = "repeated" if moved.repeated else move
    return RedirectResponse(f"{_card_url(number)}?done={done}", status_code=303)
