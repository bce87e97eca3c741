"""The card-front step: the numbers printed on the card (birth date, expiry year, security code), typed or read
with the camera, confirmed, then presented as PIN-B (照合番号B).

The birth date is typed the way the card prints it: the resident first says which calendar the card uses (an era
on a Japanese national's card, the western year on a foreign resident's), and :mod:`kiosk.era_dates` converts it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk import card_front_ocr
from kiosk.card.errors import WrongPin
from kiosk.card.pin import Pin, pin_b
from kiosk.card.profile import PinRef, Pins
from kiosk.card.session import ShownTries
from kiosk.era_dates import Calendar, InvalidEraDate, parse_entry, printed_birth_date
from kiosk.flows.actions import CALENDAR_PREFIX
from kiosk.flows.context import FlowContext
from kiosk.flows.events import Act, Entered, Frame
from kiosk.flows.screens.card import reading_view
from kiosk.flows.screens.card_front import (
    FIELDS,
    birth_date_view,
    calendar_view,
    card_front_confirm_view,
    card_front_field_view,
    card_front_recognising_view,
    card_front_scan_view,
)
from kiosk.flows.screens.pin import last_try_view
from kiosk.flows.steps.base import Cancelled, PinIsBlocked, Step, act, ended, wait_for_action
from kiosk.flows.view import FlowKind


@dataclass(frozen=True)
class VerifiedPinB:
    """PIN-B as verified on the card-face AP, and the tries the resident was shown for it (which cover the text
    AP's PIN-B too, when the flow presents it there as well)."""

    pin: Pin = field(repr=False)
    shown: ShownTries


def card_front(ctx: FlowContext, flow: FlowKind, *, step: int, total: int, text_too: bool = False) -> Step:
    """Ask for the numbers printed on the card front and verify them as PIN-B on the card-face AP.

    Typing always works (camera OCR can pre-fill the same fields). A wrong PIN-B costs a try like any PIN, so the
    resident confirms the numbers before they are sent, and is warned before a last try as for every PIN. With
    ``text_too`` the text AP's PIN-B (which the flow presents next, with the same numbers) is counted as well: the
    resident is shown the lower of the two counts. Returns a :class:`VerifiedPinB`.
    """
    refs: tuple[PinRef, ...] = (Pins.VISUAL_PIN_B, Pins.TEXT_PIN_B) if text_too else (Pins.VISUAL_PIN_B,)
    warned_at: int | None = None

    def prefilled() -> dict[str, str]:
        birth = ctx.data.prefill_birth_date  # from the signature certificate, when its PIN was given
        return {"birth_date": birth} if birth else {}

    values = prefilled()
    calendar: Calendar | None = None  # how the card prints the birth date, once the resident said so
    error: str | None = None
    scan = ctx.kiosk.settings.card_front_ocr and card_front_ocr.available()
    while True:
        tries = _tries_left(ctx, refs)
        if tries == 1 and warned_at != tries:
            if (yield from wait_for_action(last_try_view(flow, step=step, total=total))) == "forgot":
                raise ended(flow, "info.pin_b_last_try.body", "pin_b_last_try_stopped")
            warned_at = tries
        for name in FIELDS:
            while name not in values:
                offer_scan = scan and len(values) <= (1 if ctx.data.prefill_birth_date else 0)
                if name == "birth_date" and calendar is None:
                    event = yield calendar_view(
                        flow, tries_left=tries, error=error, offer_scan=offer_scan, step=step, total=total
                    )
                elif name == "birth_date":
                    assert calendar is not None
                    event = yield birth_date_view(flow, calendar, tries_left=tries, error=error, step=step, total=total)
                else:
                    event = yield card_front_field_view(
                        flow, name, tries_left=tries, error=error, offer_scan=offer_scan, step=step, total=total
                    )
                if act(event, "cancel"):
                    raise Cancelled
                if act(event, "back"):
                    calendar = None
                    continue
                if isinstance(event, Act) and event.action_id.startswith(CALENDAR_PREFIX):
                    calendar = _calendar(event.action_id)
                    continue
                if act(event, "scan"):
                    found = yield from scan_card_front(ctx, flow, step=step, total=total)
                    values.update({k: v for k, v in found.items() if _valid_field(k, v)})
                    scan = False  # one scan per entry; typing always works
                    continue
                if isinstance(event, Entered) and event.field == name and (name != "birth_date" or calendar):
                    text = event.value.reveal().decode() if isinstance(event.value, Pin) else str(event.value)
                    if isinstance(event.value, Pin):
                        event.value.wipe()
                    value = _western_digits(calendar, text) if name == "birth_date" and calendar else text
                    if value is not None and _valid_field(name, value):
                        values[name] = value
                        error = None
                    else:
                        error = "birth_date_invalid" if name == "birth_date" else "pin_format"
        confirm = card_front_confirm_view(
            flow, birth_date=_as_printed(values["birth_date"], calendar), expiry_year=values["expiry_year"],
            tries_left=tries, step=step, total=total,
        )  # fmt: skip
        if (yield from wait_for_action(confirm)) == "edit":
            values, calendar = prefilled(), None
            continue
        born = parse_yyyymmdd(values["birth_date"])
        assert born is not None  # checked by _valid_field
        numbers = ctx.data.keep(pin_b(born, int(values["expiry_year"]), values["security_code"]))
        ctx.data.security_code = values["security_code"]
        ctx.publish(reading_view(flow, 0.5))
        shown = ShownTries(tries, last_try_confirmed=warned_at == 1)
        try:
            ctx.card.verify(Pins.VISUAL_PIN_B, numbers, shown)
        except WrongPin as exc:
            numbers.wipe()
            if exc.tries_left == 0:
                raise PinIsBlocked(Pins.VISUAL_PIN_B) from None
            values, calendar, error = prefilled(), None, "pin_b_wrong"
            continue
        ctx.data.birth_calendar = calendar  # the later screens show the birth date the same way
        return VerifiedPinB(numbers, shown)


def _tries_left(ctx: FlowContext, refs: tuple[PinRef, ...]) -> int:
    """The lowest tries left over ``refs`` (PinIsBlocked for the first that is blocked); 0 when all are verified."""
    counts = []
    for ref in refs:
        status = ctx.card.pin_status(ref)
        if status.blocked:
            raise PinIsBlocked(ref)
        if status.tries_left is not None:
            counts.append(status.tries_left)
    return min(counts, default=0)


def scan_card_front(ctx: FlowContext, flow: FlowKind, *, step: int, total: int) -> Step:
    """Read the card-front numbers with the camera; returns what was found (the resident confirms it later)."""
    view = card_front_scan_view(flow, step=step, total=total)
    for _ in range(ctx.kiosk.settings.ocr_frames):
        event = yield view
        while not isinstance(event, Frame):
            if act(event, "cancel"):
                raise Cancelled
            if act(event, "type"):
                return {}
            event = yield view
        ctx.publish(card_front_recognising_view(flow, step=step, total=total))
        try:
            numbers = card_front_ocr.read_card_front(event.image)
        except card_front_ocr.OcrUnavailable:
            return {}
        if numbers.complete:
            return {"birth_date": numbers.birth_date, "expiry_year": numbers.expiry_year,
                    "security_code": numbers.security_code}  # fmt: skip
    return {}


def parse_yyyymmdd(text: str | None) -> dt.date | None:
    """The date written as YYYYMMDD, or None when ``text`` is not one."""
    if text is None or len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _calendar(action_id: str) -> Calendar | None:
    try:
        return Calendar(action_id.removeprefix(CALENDAR_PREFIX))
    except ValueError:
        return None


def _western_digits(calendar: Calendar, typed: str) -> str | None:
    """The birth date typed in ``calendar`` as western YYYYMMDD, or None when that day does not exist."""
    try:
        return f"{parse_entry(calendar, typed).to_date():%Y%m%d}"
    except InvalidEraDate:
        return None


def _as_printed(yyyymmdd: str, calendar: Calendar | None) -> str:
    born = parse_yyyymmdd(yyyymmdd)
    assert born is not None  # checked by _valid_field
    return printed_birth_date(born, calendar)


def _valid_field(name: str, text: str | None) -> bool:
    if text is None or not text.isdigit():
        return False
    if name == "birth_date":
        born = parse_yyyymmdd(text)
        return born is not None and dt.date(1900, 1, 1) <= born <= dt.date.today()
    if name == "expiry_year":
        return len(text) == 4 and 2000 <= int(text) <= 2100
    return len(text) == 4
