"""Screens of the staff desk at a pop-up session: login, the desk with its queue, the end-of-day report."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.flows.actions import BACK_TO_DESK, CANCEL, LOGOUT, REPORT, START_RESIDENT, sync
from kiosk.flows.view import EntryKind, EntrySpec, FlowKind, Screen, View

FLOW = FlowKind.STAFF
LOGIN_FIELDS = {"username": ("staff.login.user", False), "password": ("staff.login.password", True)}


def staff_login_view(name: str, *, error: str | None = None) -> View:
    """One login field: ``username`` (shown) or ``password`` (masked)."""
    label, masked = LOGIN_FIELDS[name]
    return View(
        Screen.STAFF_LOGIN, FLOW, "staff.login.title", label, error=error, actions=(CANCEL,),
        entry=EntrySpec(EntryKind.TEXT, 1, 64 if not masked else 256, masked=masked, field=name),
    )  # fmt: skip


STAFF_NOTICES: dict[str, str] = {
    # what a failed send means to the official at the desk (the resident-facing error texts say "try again later")
    "backend_down": "staff.offline",
    "backend_refused": "staff.sync_refused",
}


def staff_home_view(counts: Mapping[str, int], *, notice: str | None = None) -> View:
    """The desk: outbox ``counts`` (``pending``, ``delivered``, ``refused``); ``notice`` is the error kind of the last
    send, shown in words for the official (:data:`STAFF_NOTICES`), never as a resident's error screen text."""
    pending = counts.get("pending", 0)
    hint = STAFF_NOTICES.get(notice, "staff.sync_failed") if notice else None
    return View(
        Screen.STAFF_HOME, FLOW, "staff.home.title", "staff.queue" if pending else "staff.synced",
        params={**counts}, hints=(hint,) if hint else (),
        actions=(START_RESIDENT, sync(enabled=pending > 0), REPORT, LOGOUT),
    )  # fmt: skip


def staff_report_view(params: Mapping[str, str | int | float | bool]) -> View:
    """End-of-day counts (``queue_*``, ``sessions_*``, ``backend_*``): numbers only, no personal data."""
    return View(
        Screen.STAFF_REPORT,
        FLOW,
        "staff.report.title",
        "staff.report.title",
        params=dict(params),
        actions=(BACK_TO_DESK,),
    )
