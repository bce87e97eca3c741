"""PIN steps: one PIN entered and verified (tries shown, a last try warned of, never re-sent), and a new PIN
chosen twice and checked against the card's rules and guessable values."""

from __future__ import annotations

import datetime as dt

from kiosk.card.errors import PinFormatError, WrongPin
from kiosk.card.pin import Pin, normalise
from kiosk.card.profile import PinFormat, PinRef
from kiosk.card.session import ShownTries
from kiosk.flows.context import FlowContext
from kiosk.flows.events import Entered
from kiosk.flows.pin_rules import Personal, check_new_pin
from kiosk.flows.screens.card import reading_view
from kiosk.flows.screens.pin import last_try_view, new_pin_view, pin_entry_view
from kiosk.flows.steps.base import Cancelled, PinIsBlocked, ResidentForgot, Step, act, wait_for_action
from kiosk.flows.steps.card_front import parse_yyyymmdd
from kiosk.flows.view import FlowKind, View


def enter_pin(ctx: FlowContext, flow: FlowKind, ref: PinRef, *, step: int, total: int) -> Step:
    """Ask for one PIN and verify it (tries shown; warning before the last try; never re-sent).

    The count the resident saw, and whether they chose to spend a last try, go with the PIN to the card, which
    refuses (:class:`~kiosk.card.errors.PinSafetyError`) if the counter dropped since or a different card is in."""
    error: str | None = None
    warned_at: int | None = None
    while True:
        status = ctx.card.pin_status(ref)
        if status.blocked:
            raise PinIsBlocked(ref)
        tries = status.tries_left if status.tries_left is not None else 0
        if status.last_try and warned_at != tries:
            if (yield from wait_for_action(last_try_view(flow, step=step, total=total))) == "forgot":
                raise ResidentForgot(ref)
            warned_at = tries
        view = pin_entry_view(flow, ref, tries_left=tries, error=error, step=step, total=total)
        while True:  # touches and ticks leave the screen as it is: the card is asked again only after an entry
            event = yield view
            chosen = act(event, "forgot", "cancel")
            if chosen == "forgot":
                raise ResidentForgot(ref)
            if chosen == "cancel":
                raise Cancelled
            if isinstance(event, Entered) and isinstance(event.value, Pin):
                break
        entered = ctx.data.keep(event.value)
        try:
            pin = ctx.data.keep(normalise(entered, ref.format))
        except PinFormatError:
            error = "pin_format"  # nothing was sent: no try spent
            continue
        finally:
            entered.wipe()
        ctx.publish(reading_view(flow, 0.4))
        try:
            ctx.card.verify(ref, pin, ShownTries(tries, last_try_confirmed=warned_at == 1))
        except WrongPin as exc:
            if exc.tries_left == 0:
                raise PinIsBlocked(ref) from None
            error = "wrong_pin"
            continue
        finally:
            pin.wipe()
        return


def choose_new_pin(ctx: FlowContext, flow: FlowKind, *, four_digit: bool, step: int, total: int) -> Step:
    """A new PIN entered twice and checked against the card's rules and guessable values."""
    fmt = PinFormat.DIGITS4 if four_digit else PinFormat.SIGN
    personal = Personal(_birth(ctx), ctx.data.security_code)
    hint: str | None = None
    while True:
        first = yield from _entry(ctx, new_pin_view(flow, four_digit=four_digit, hint=hint, step=step, total=total))
        try:
            candidate = ctx.data.keep(normalise(first, fmt))
        except PinFormatError:
            hint = "pin.weak.needs_letter_and_digit" if not four_digit else "pin.weak.too_short"
            continue
        finally:
            first.wipe()
        refusal = check_new_pin(candidate, four_digit=four_digit, personal=personal)
        if refusal:
            candidate.wipe()
            hint = refusal
            continue
        again = yield from _entry(ctx, new_pin_view(flow, four_digit=four_digit, confirm=True, step=step, total=total))
        try:
            confirmed = normalise(again, fmt)
        except PinFormatError:
            same = False
        else:
            same = confirmed == candidate  # constant time
            confirmed.wipe()
        finally:
            again.wipe()
        if same:
            return candidate
        candidate.wipe()
        hint = "pin.new.mismatch"


def _entry(ctx: FlowContext, view: View) -> Step:
    while True:
        event = yield view
        if act(event, "cancel"):
            raise Cancelled
        if isinstance(event, Entered) and isinstance(event.value, Pin):
            return ctx.data.keep(event.value)


def _birth(ctx: FlowContext) -> dt.date | None:
    if ctx.data.front is not None:
        return ctx.data.front.birth_date
    return parse_yyyymmdd(ctx.data.prefill_birth_date)
