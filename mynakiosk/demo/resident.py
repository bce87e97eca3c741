"""A scripted resident: answers whatever the kiosk shows, the way a person would, for the headless demo and tests.

It knows only what a real resident knows — their PINs and the numbers printed on their card front — and it looks
at the camera (a :class:`~kiosk.face.camera.Camera`-like object with ``read() -> (frame, t) | None``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kiosk.card.pin import Pin
from kiosk.era_dates import Calendar, as_printed, era_of
from kiosk.flows.events import Act, CardInserted, CardRemoved, Entered, Event, Frame
from kiosk.flows.view import Screen, View


@dataclass
class Resident:
    auth_pin: str = field(default="", repr=False)
    sign_pin: str = field(default="", repr=False)
    birth_date: str = field(default="", repr=False)  # YYYYMMDD (typed the way the card prints it)
    calendar: str = ""  # a kiosk.era_dates.Calendar value; empty: the era of the date (a Japanese national)
    expiry_year: str = field(default="", repr=False)
    security_code: str = field(default="", repr=False)
    new_sign_pin: str = field(default="NEWPIN2468", repr=False)
    new_four_digit_pin: str = field(default="7391", repr=False)
    service: str = "sign_pin_reset"
    camera: Callable[[], tuple[Any, float] | None] | None = None
    photo_camera: Callable[[], tuple[Any, float] | None] | None = None  # standing at the photo panel
    card_camera: Callable[[], tuple[Any, float] | None] | None = None  # holding the card front up to the camera
    insert_card: Callable[[], None] | None = None
    remove_card: Callable[[], None] | None = None  # takes the card back when the kiosk asks for it
    consents: bool = True  # agrees to the card being read and the camera being used
    choose_mail: bool = False
    mistakes: dict[str, list[str]] = field(default_factory=dict, repr=False)  # wrong values to type first, per field
    staff_username: str = ""  # at a staffed pop-up, the official logs in first
    staff_password: str = field(default="", repr=False)
    sync_before_logout: bool = True
    _helped: bool = field(default=False, repr=False)

    def _typed(self, name: str, correct: str) -> str:
        queue = self.mistakes.get(name)
        return queue.pop(0) if queue else correct

    def _born(self) -> dt.date:
        return dt.date(int(self.birth_date[:4]), int(self.birth_date[4:6]), int(self.birth_date[6:]))

    def _calendar(self) -> Calendar:
        return Calendar(self.calendar) if self.calendar else era_of(self._born()).calendar

    def _printed_birth_date(self) -> str:
        """The digits of the birth date as the card prints it: YYMMDD in its era, YYYYMMDD in the western year."""
        printed = as_printed(self._born(), self._calendar())
        width = 4 if printed.calendar is Calendar.WESTERN else 2
        return f"{printed.year:0{width}d}{printed.month:02d}{printed.day:02d}"

    def respond(self, view: View) -> Iterator[Event]:
        """The events this resident sends in answer to ``view`` (none: nothing to do, e.g. a working screen)."""
        screen = view.screen
        if screen is Screen.ATTRACT:
            yield Act("start")
        elif screen is Screen.CHOOSE_SERVICE:
            yield Act(self.service)
        elif screen is Screen.CONSENT:
            yield Act("agree" if self.consents else "decline")
        elif screen is Screen.CARD_RETURN:
            if self.remove_card is not None:
                self.remove_card()
            yield CardRemoved()
        elif screen is Screen.PLACE_CARD:
            if self.insert_card is not None:
                self.insert_card()
            yield CardInserted()
        elif screen is Screen.PIN_ENTRY:
            value = self.sign_pin if view.title == "pin.sign.title" else self.auth_pin
            typed = self._typed("sign_pin" if view.title == "pin.sign.title" else "auth_pin", value)
            yield Entered(Pin(typed), serial=view.serial)
        elif screen is Screen.LAST_TRY_WARNING:
            yield Act("try_anyway")
        elif screen is Screen.CARD_FRONT_ENTRY:
            if view.camera:
                shot = self.card_camera() if self.card_camera else None
                yield Frame(shot[0], shot[1]) if shot else Act("type")
            elif self.card_camera is not None and view.action("scan"):
                yield Act("scan")
            elif view.action("era:western") is not None:
                yield Act(f"era:{self._calendar().value}")
            elif view.entry is None:
                yield Act("ok")
            else:
                name = view.entry.field
                correct = {"birth_date": self._printed_birth_date(), "expiry_year": self.expiry_year,
                           "security_code": self.security_code}[name]  # fmt: skip
                yield Entered(self._typed(name, correct), field=name, serial=view.serial)
        elif screen in (Screen.FACE_CAPTURE, Screen.PHOTO_CAPTURE):
            source = self.photo_camera if screen is Screen.PHOTO_CAPTURE and self.photo_camera else self.camera
            shot = source() if source else None
            if shot is not None:
                yield Frame(shot[0], shot[1])
        elif screen is Screen.NEW_PIN:
            value = self.new_four_digit_pin if view.entry and view.entry.kind.value == "digits" else self.new_sign_pin
            yield Entered(Pin(value), serial=view.serial)
        elif screen is Screen.PHOTO_REVIEW:
            yield Act("accept")
        elif screen is Screen.CONFIRM_DATA:
            yield Act("ok")
        elif screen is Screen.CONFIRM_SUBMIT:
            yield Act("submit")
        elif screen is Screen.DELIVERY_CHOICE:
            wanted = "mail" if self.choose_mail and view.action("mail") else None
            later = "pickup_later" if view.action("pickup_later") else "cancel"  # no slot offered (offline)
            first_slot = next((a.id for a in view.actions if a.id.startswith("slot:")), later)
            yield Act(wanted or first_slot)
        elif screen is Screen.STAFF_LOGIN and view.entry is not None:
            value = self.staff_password if view.entry.field == "password" else self.staff_username
            login: Pin | str = Pin(value.encode()) if view.entry.masked else value
            yield Entered(login, field=view.entry.field, serial=view.serial)
        elif screen is Screen.STAFF_HOME:
            if not self._helped:
                self._helped = True
                yield Act("start_resident")
            elif self.sync_before_logout and (sync := view.action("sync")) and sync.enabled and not view.hints:
                yield Act("sync")
            else:
                yield Act("logout")
        elif screen is Screen.STAFF_REPORT:
            yield Act("ok")
        elif screen is Screen.IDLE_WARNING:
            yield Act("still_here")
        elif screen is Screen.ERROR and view.action("retry"):
            yield Act("retry")
        elif screen in (Screen.RESULT, Screen.INFO, Screen.ERROR):
            yield Act("finish")
