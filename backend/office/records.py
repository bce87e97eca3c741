"""``/office/applications/{number}/attestation`` and ``…/representative``: the official's records on an application.

The forms are on the detail page (``templates/records.html``, officials only: a contractor sees no identity
decision). Each carries the session's CSRF token and an idempotency key made when the page was rendered, like the
actions' forms: the same form sent twice records once and says so. The rules are ``backend.identity_records``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backend import idempotency, identity_records
from backend.context import AppContext
from backend.db import transaction
from backend.domain import IdentityDocument, Representation
from backend.errors import BackendError
from backend.identity_records import MAX_NAME, RecordFormRefused, RecordRefused
from backend.office import auth
from backend.office.i18n import translator
from backend.office.records_view import refusal_text
from backend.office.router import _ctx, _lang, _page, _refusal, _staff, _to_login, templates

router = APIRouter(include_in_schema=False)
Choice = TypeVar("Choice", IdentityDocument, Representation)
templates.env.globals["identity_documents"] = list(IdentityDocument)
templates.env.globals["representations"] = list(Representation)
templates.env.globals["max_name"] = MAX_NAME


def _record(
    request: Request,
    number: str,
    csrf: str,
    key: str,
    fields: tuple[str, ...],
    work: Callable[[Session, AppContext, auth.OfficeStaff], bool],
) -> Response:
    """Check the form's CSRF token, then do ``work`` once for the form's idempotency key, and go back to the page."""
    staff = _staff(request)
    if staff is None:
        return _to_login()
    number = number[:20]
    back = f"/office/applications/{number}"
    ctx = _ctx(request)
    t = translator(_lang(request))
    principal = f"office:{staff.staff_id}"
    # Salted with the session's token: a form may carry a name, and the digest stays in the database.
    digest = idempotency.request_digest("POST", request.url.path, "\n".join((staff.csrf_token, *fields)).encode())
    try:
        auth.check_csrf(staff.csrf_token, csrf)
        parsed_key = idempotency.parse_key(key)
        with transaction(ctx.sessions) as session:
            replayed = idempotency.lookup(session, principal, parsed_key, digest) is not None
            if not replayed:
                replayed = work(session, ctx, staff)
                done = idempotency.StoredResponse(200, b"{}")
                idempotency.store(session, ctx.clock, principal, parsed_key, digest, done)
    except RecordRefused as exc:
        return _page(request, "message.html", 409, staff=staff, heading=t("refused"), message=refusal_text(t, exc),
                     back=back)  # fmt: skip
    except RecordFormRefused as exc:
        return _page(request, "message.html", 422, staff=staff, heading=t("refused"),
                     message=t(exc.text_key, MAX_NAME), back=back)  # fmt: skip
    except (auth.CsrfRefused, BackendError) as exc:
        return _refusal(request, staff, exc, back)
    return RedirectResponse(f"{back}?done={'replayed' if replayed else 'recorded'}", status_code=303)


def _choice(kind: type[Choice], raw: str, text_key: str) -> Choice:
    if raw not in {m.value for m in kind}:
        raise RecordFormRefused(f"choose one of {', '.join(m.value for m in kind)}", text_key)
    return kind(raw)


@router.post("/office/applications/{number}/attestation")
def attest(
    request: Request,
    number: str,
    key: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
    document: Annotated[str, Form(max_length=40)] = "",
    face_compared: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    def work(session: Session, ctx: AppContext, staff: auth.OfficeStaff) -> bool:
        doc = _choice(IdentityDocument, document, "form_document")
        return identity_records.attest(session, ctx, staff, number[:20], doc, face_compared == "yes")

    return _record(request, number, csrf, key, (document, face_compared), work)


@router.post("/office/applications/{number}/representative")
def represent(
    request: Request,
    number: str,
    key: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
    relationship: Annotated[str, Form(max_length=40)] = "",
    document: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    def work(session: Session, ctx: AppContext, staff: auth.OfficeStaff) -> bool:
        rel = _choice(Representation, relationship, "form_relationship")
        doc = _choice(IdentityDocument, document, "form_document")
        return identity_records.record_representative(session, ctx, staff, number[:20], name.strip(), rel, doc)

    return _record(request, number, csrf, key, (name.strip(), relationship, document), work)
