"""Flow 5: the staff desk of a pop-up session (出張申請受付).

A municipal official logs in; their identity goes with every application they help with (the backend records it
and, for an official of the resident's municipality, allows delivery by 本人限定受取郵便). Residents type the
numbers printed on their card (PIN-B) on the kiosk's keypad; no JPKI PIN is needed online, so a resident locked
out of every 4-digit PIN can still apply. Applications go into the durable outbox, so the desk keeps working when the
network is down; "send now" delivers them, and the end-of-day report holds counts only, no personal data.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Iterable

from kiosk.backend_client import BackendError, BackendRefused, BackendUnavailable
from kiosk.card.pin import Pin
from kiosk.flows import renewal, submission
from kiosk.flows.context import FlowContext, FlowEnded, ResidentData, StaffDesk
from kiosk.flows.errors import error_kind
from kiosk.flows.events import Act, Entered
from kiosk.flows.screens.endings import error_view
from kiosk.flows.screens.staff import staff_home_view, staff_login_view, staff_report_view
from kiosk.flows.steps.base import Cancelled, Step, wait_for_action
from kiosk.flows.view import FlowKind, View
from kiosk.wire import CountRow

log = logging.getLogger(__name__)

FLOW = FlowKind.STAFF


def staff_desk(ctx: FlowContext) -> Step:
    desk = StaffDesk((yield from _login(ctx)))
    ctx.staff = desk
    tally: Counter[str] = Counter()
    notice: str | None = None
    try:
        while True:
            choice = yield from wait_for_action(_home(ctx, notice))
            notice = None
            if choice == "logout":
                return "staff_logout"
            if choice == "sync":
                notice = submission.sync(ctx.kiosk, desk.token)
            elif choice == "report":
                yield from wait_for_action(_report(ctx, desk, tally))
            elif choice == "start_resident":
                tally[(yield from _help_resident(ctx, desk))] += 1
    finally:
        ctx.staff = None


def _login(ctx: FlowContext) -> Step:
    error: str | None = None
    while True:
        username = yield from _text("username", error=error)
        password = yield from _text("password", error=None)
        try:
            answer = ctx.kiosk.backend.staff_login(username, password)
        except BackendRefused:
            error = "backend_refused"
            continue
        except BackendUnavailable:
            error = "backend_down"  # a desk needs one login online; after that it works offline
            continue
        return answer.token


def _text(name: str, *, error: str | None) -> Step:
    view = staff_login_view(name, error=error)
    while True:
        event = yield view
        if isinstance(event, Act) and event.action_id == "cancel":
            raise Cancelled
        if isinstance(event, Entered) and event.field == name:
            if isinstance(event.value, Pin):
                text = event.value.reveal().decode("utf-8", errors="replace")
                event.value.wipe()
                return text
            return str(event.value)


def _counts(ctx: FlowContext) -> dict[str, int]:
    box = ctx.kiosk.outbox
    return box.counts() if box else {"pending": 0, "delivered": 0, "refused": 0, "set_aside": 0}


def _home(ctx: FlowContext, notice: str | None) -> View:
    counts = _counts(ctx)
    return staff_home_view(counts, notice=notice)


def _help_resident(ctx: FlowContext, desk: StaffDesk) -> Step:
    """One resident's renewal, with its own data (wiped after), ending back at the desk whatever happens."""
    resident = dataclasses.replace(ctx, data=ResidentData())
    desk.resident = resident.data
    try:
        return (yield from renewal.renewal(resident))
    except FlowEnded as ended:
        yield from wait_for_action(ended.view)
        return ended.outcome
    except Cancelled:
        return "cancelled"
    except Exception as exc:  # noqa: BLE001 - any failure of one resident's session returns to the desk
        kind = error_kind(exc)
        log.warning("resident session ended by %s (%s)", type(exc).__name__, kind)
        yield from wait_for_action(error_view(FLOW, kind))
        return kind
    finally:
        resident.data.wipe()
        desk.resident = None


def _report(ctx: FlowContext, desk: StaffDesk, tally: Counter[str]) -> View:
    counts = _counts(ctx)
    params: dict[str, str | int | float | bool] = {f"queue_{k}": v for k, v in counts.items()}
    params.update({f"sessions_{k}": v for k, v in sorted(tally.items())})
    params["sessions_total"] = sum(tally.values())
    try:
        params.update(backend_figures(ctx.kiosk.backend.staff_counts_today(desk.token).rows))
    except BackendError:
        params["backend_offline"] = True
    return staff_report_view(params)


BACKEND_FIGURES: dict[str, str] = {
    # the service's event -> the report's figure (a fixed set, each translated: never a raw channel or event name)
    "renewal:received": "backend_renewals_received",
    "pin_reset:confirmed": "backend_pin_resets_confirmed",
}


def backend_figures(rows: Iterable[CountRow]) -> dict[str, int]:
    """Today's counts from the service as the report's fixed figures: renewals received and PIN resets confirmed
    (every channel), and everything else in one ``backend_other_events``."""
    figures = dict.fromkeys((*BACKEND_FIGURES.values(), "backend_other_events"), 0)
    for row in rows:
        figures[BACKEND_FIGURES.get(row.event, "backend_other_events")] += row.count
    return figures
