"""Every button a flow offers, defined once: flows, screen builders and sample views all use these.

An :class:`~kiosk.flows.view.Action`'s ``id`` comes back to the flow in an ``Act`` event; its ``label`` is a message
key. Buttons whose role differs by screen (``forgot``) or that carry data (``slot:…``, a service) are built by a
function here, so the id and the label still come from one place.
"""

from __future__ import annotations

import datetime as dt

from kiosk.flows.view import Action, FlowKind, Role

CANCEL = Action("cancel", "action.cancel", Role.CANCEL)
FINISH = Action("finish", "action.finish", Role.PRIMARY)
RETRY = Action("retry", "action.retry", Role.PRIMARY)
BACK = Action("back", "action.back", Role.SECONDARY)
START = Action("start", "action.start", Role.PRIMARY)
STILL_HERE = Action("still_here", "action.still_here", Role.PRIMARY)
AGREE = Action("agree", "action.agree", Role.PRIMARY)  # consent: read the card and use the camera
DECLINE = Action("decline", "action.decline", Role.CANCEL)  # consent refused: nothing is read, the session ends
SUBMIT = Action("submit", "action.submit", Role.PRIMARY)  # send the renewal application, after its summary
START_AGAIN = Action("start_again", "action.start_again", Role.PRIMARY)  # an error screen: the same service afresh
FINISH_INSTEAD = Action("finish", "action.finish")  # beside START_AGAIN: finishing is then the second choice

FORGOT = Action("forgot", "action.i_forgot")  # beside a PIN keypad
FORGOT_INSTEAD = Action("forgot", "action.i_forgot", Role.PRIMARY)  # the safe choice before a last try
TRY_ANYWAY = Action("try_anyway", "action.try_anyway", Role.DANGER)

SCAN = Action("scan", "action.scan")  # read the card front with the camera
TYPE = Action("type", "action.type")  # stop scanning, type the numbers
OK = Action("ok", "action.ok", Role.PRIMARY)
EDIT = Action("edit", "action.back")

ACCEPT = Action("accept", "action.accept", Role.PRIMARY)
RETAKE = Action("retake", "action.retake")
TAKE_PHOTO = Action("take", "action.take_photo")  # take the renewal photo now, even with a rule failing
CONTINUE = Action("ok", "action.continue", Role.PRIMARY)
MAIL = Action("mail", "delivery.mail", Role.SECONDARY)
PICKUP_LATER = Action("pickup_later", "delivery.later", Role.PRIMARY)
"""Counter pick-up with no time booked here: the city office contacts the resident to book one."""
RECEIPT = Action("receipt", "receipt.print")

START_RESIDENT = Action("start_resident", "action.start_resident", Role.PRIMARY)
REPORT = Action("report", "action.report")
LOGOUT = Action("logout", "action.logout", Role.CANCEL)
BACK_TO_DESK = Action("ok", "action.back", Role.PRIMARY)

SLOT_PREFIX = "slot:"


def sync(*, enabled: bool) -> Action:
    """Send the staff desk's queue now (offered while something is pending)."""
    return Action("sync", "action.sync", enabled=enabled)


def pickup_slot(slot: dt.datetime) -> Action:
    """Collect the card at the counter at ``slot``; :func:`chosen_slot` reads the time back from the id."""
    return Action(f"{SLOT_PREFIX}{slot.isoformat()}", "delivery.slot", Role.PRIMARY)


def chosen_slot(action_id: str) -> dt.datetime:
    return dt.datetime.fromisoformat(action_id.removeprefix(SLOT_PREFIX))


CALENDAR_PREFIX = "era:"


def calendar_choice(calendar: str) -> Action:
    """The card prints the birth date in ``calendar`` (a :class:`kiosk.era_dates.Calendar` value)."""
    return Action(f"{CALENDAR_PREFIX}{calendar}", f"era.{calendar}")


def service(kind: FlowKind) -> Action:
    """Start the flow ``kind`` from the service menu (the id is the flow's name)."""
    return Action(kind.value, f"service.{kind.value}", Role.PRIMARY)
