"""What a flow shows: the contract between the headless flows and any front end (the Qt UI, the headless demo).

A flow is a pure state machine. After every event it exposes one :class:`View`: which screen to show, the
message keys to translate (never resident-facing text: the UI owns the words, in Japanese and English), the
values to put into those messages, what the resident can enter, and which actions (buttons) are offered. A front
end renders a View and sends back events (:mod:`kiosk.flows.events`); it never decides anything itself.

Views carry no personal data except where a screen must show it (``CONFIRM_DATA``, ``PHOTO_REVIEW``), and a
View is replaced, not kept, when the flow moves on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Screen(StrEnum):
    ATTRACT = "attract"  # welcome; touch to start
    CHOOSE_SERVICE = "choose_service"  # the services this site offers (from the backend's policy), what each does
    CONSENT = "consent"  # before the card is read or the camera turns on: the data read, and why; agree or decline
    PLACE_CARD = "place_card"  # put the card on / in the reader (reader-specific illustration)
    READING = "reading"  # "do not remove the card" with progress
    PIN_ENTRY = "pin_entry"  # one PIN, on a shuffled keypad (digits) or a keyboard (letters + digits)
    LAST_TRY_WARNING = "last_try_warning"  # before the last try of a PIN: continue or stop
    CARD_FRONT_ENTRY = "card_front_entry"  # PIN-B parts printed on the card front (scan or type, then confirm)
    FACE_CAPTURE = "face_capture"  # live preview, face guide, liveness prompt, hints
    NEW_PIN = "new_pin"  # choose a new PIN, then enter it again
    PHOTO_CAPTURE = "photo_capture"  # renewal photo with live quality hints
    PHOTO_REVIEW = "photo_review"  # retake or accept
    CONFIRM_DATA = "confirm_data"  # the personal data the application will carry
    DELIVERY_CHOICE = "delivery_choice"  # counter pickup (with a slot) or restricted-delivery mail
    CONFIRM_SUBMIT = "confirm_submit"  # what the application will send, before it is sent: submit or go back
    WORKING = "working"  # talking to the backend / writing to the card: keep the card in place
    RESULT = "result"  # done: what happened, what happens next, receipt
    INFO = "info"  # the kiosk cannot do this: what the resident can do instead, where to go
    ERROR = "error"  # something went wrong: what to do next
    CARD_RETURN = "card_return"  # the session is over and the card is still in the reader: take it (then an alert)
    IDLE_WARNING = "idle_warning"  # "are you still there?" with a countdown (shown over the current screen)
    STAFF_LOGIN = "staff_login"
    STAFF_HOME = "staff_home"  # offline queue and sync state; start a resident's application
    STAFF_REPORT = "staff_report"  # end-of-day counts (no personal data)


class FlowKind(StrEnum):
    SIGN_PIN_RESET = "sign_pin_reset"
    PIN_RESET = "pin_reset"  # the 4-digit PINs (off by default: not yet approved)
    RENEWAL = "renewal"
    LOCKED_OUT = "locked_out"  # nothing remembered: what the card allows without a PIN
    STAFF = "staff"


class Role(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    CANCEL = "cancel"
    DANGER = "danger"


@dataclass(frozen=True)
class Action:
    """A button. ``id`` goes back to the flow in an ``Act`` event; ``label`` is a message key."""

    id: str
    label: str
    role: Role = Role.SECONDARY
    enabled: bool = True


class EntryKind(StrEnum):
    DIGITS = "digits"  # shuffled numeric keypad
    ALNUM = "alnum"  # upper-case letters and digits (signature PIN)
    DATE = "date"  # a date (birth date), entered as digits YYYYMMDD
    TEXT = "text"  # free text (staff login, contact details)


@dataclass(frozen=True)
class EntrySpec:
    """What the resident types on this screen. ``masked`` entries are PINs: shown as dots, never echoed."""

    kind: EntryKind
    min_length: int
    max_length: int
    masked: bool = True
    field: str = "pin"  # which value this is, for flows that ask several on one screen


@dataclass(frozen=True)
class View:
    screen: Screen
    flow: FlowKind | None = None
    title: str = ""  # message key
    body: str = ""  # message key
    params: Mapping[str, str | int | float | bool] = field(default_factory=dict)
    entry: EntrySpec | None = None
    actions: tuple[Action, ...] = ()
    hints: tuple[str, ...] = ()  # message keys, e.g. live photo-quality hints
    step: int = 0  # 1-based position in the flow, 0 when not applicable
    total_steps: int = 0
    progress: float | None = None  # 0..1 for long operations
    countdown: int | None = None  # seconds left (idle warning, liveness time limit)
    error: str | None = None  # error kind (see ``kiosk.flows.messages.ERRORS``)
    keep_card: bool = False  # True while the card must stay in the reader
    camera: bool = False  # True when the live camera preview is shown
    data: Mapping[str, str] = field(default_factory=dict, repr=False)  # personal data a screen must show
    serial: int = 0  # which showing this is: stamped by the kiosk, carried back by every entry typed on it

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)
