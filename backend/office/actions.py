"""The office's actions on an application: each an idempotent state transition, audited in the chain.

A form carries an idempotency key made when the page was rendered: sending the same form twice (a double click,
the browser's resend) replays the first answer instead of attempting the move again. A move the state or the role
does not allow is refused with the typed errors of ``backend.renewal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from backend import idempotency, renewal, renewal_rules
from backend.context import AppContext
from backend.domain import CancelReason, IncompleteReason, RenewalStatus
from backend.errors import InvalidTransition, NotFound, Unprocessable
from backend.models import Renewal
from backend.office.auth import OfficeStaff

MAX_NOTE = 500


class FormRefused(Unprocessable):
    """The action's form is not filled in as it must be; ``text_key`` names the office text that says how."""

    def __init__(self, detail: str, text_key: str) -> None:
        super().__init__(detail)
        self.text_key = text_key


class Action(StrEnum):
    INCOMPLETE = "incomplete"
    RESUME = "resume"
    APPROVE = "approve"
    CANCEL = "cancel"


TARGETS = {
    Action.INCOMPLETE: RenewalStatus.INCOMPLETE,
    Action.RESUME: RenewalStatus.UNDER_REVIEW,
    Action.APPROVE: RenewalStatus.APPROVED,
    Action.CANCEL: RenewalStatus.CANCELLED,
}


@dataclass(frozen=True)
class Request:
    action: Action
    codes: tuple[str, ...] = ()
    note: str = ""

    def reason(self) -> str | None:
        """The reason codes as the event keeps them; refuses codes that are not the action's."""
        if self.action is Action.INCOMPLETE:
            allowed: type[StrEnum] = IncompleteReason
        elif self.action is Action.CANCEL:
            allowed = CancelReason
        else:
            return None
        if not self.codes:
            raise FormRefused("choose at least one reason", "form_need_reason")
        if self.action is Action.CANCEL and len(self.codes) != 1:
            raise FormRefused("choose one reason for cancelling", "form_one_reason")
        if any(c not in {m.value for m in allowed} for c in self.codes):
            raise FormRefused("unknown reason code", "form_unknown_reason")
        return ",".join(sorted(set(self.codes)))

    def digest(self, number: str) -> bytes:
        body = "\n".join([self.action.value, ",".join(sorted(self.codes)), self.note]).encode()
        return idempotency.request_digest("POST", f"/office/applications/{number}/actions", body)


def allowed_actions(status: RenewalStatus, method_value: str, staff: OfficeStaff) -> list[Action]:
    """The actions this staff member may take on an application in ``status`` (what the page offers)."""
    from backend.domain import CollectionMethod

    method = CollectionMethod(method_value)
    offered = []
    for action, target in TARGETS.items():
        if action is Action.RESUME and status is not RenewalStatus.INCOMPLETE:
            continue
        if renewal_rules.transition_error(status, target, method, staff.role) is None:
            offered.append(action)
    return offered


def perform(session: Session, ctx: AppContext, staff: OfficeStaff, number: str, req: Request, key: str) -> bool:
    """Do ``req`` once for idempotency key ``key``; returns whether it was a replay of a move already made."""
    key = idempotency.parse_key(key)
    principal = f"office:{staff.staff_id}"
    digest = req.digest(number)
    if idempotency.lookup(session, principal, key, digest) is not None:
        return True
    if len(req.note) > MAX_NOTE:
        raise FormRefused(f"the note is longer than {MAX_NOTE} characters", "form_note_too_long")
    reason = req.reason()
    current = session.get(Renewal, number, with_for_update=True)
    if current is None or current.municipality_code != staff.municipality_code:
        raise NotFound("no application with this number in your municipality")
    if req.action is Action.RESUME and current.status is not RenewalStatus.INCOMPLETE:
        raise InvalidTransition("only an incomplete application can be resumed")
    out = renewal.transition(
        session,
        ctx,
        staff,
        number,
        TARGETS[req.action],
        reason,
        note=req.note or None,
        audit_details={"via": "office", "action": req.action.value, "codes": reason},
    )
    idempotency.store(
        session, ctx.clock, principal, key, digest, idempotency.StoredResponse(200, out.model_dump_json().encode())
    )
    return False
