"""Screens of a renewal application: the new photo, the data it carries, and how the card is collected."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence

from kiosk.era_dates import Calendar, printed_birth_date, western
from kiosk.face.geometry import CARD_ASPECT, HEAD_FRACTION, TOP_MARGIN_FRACTION
from kiosk.flows.actions import (
    ACCEPT,
    BACK,
    CANCEL,
    CONTINUE,
    MAIL,
    PICKUP_LATER,
    RETAKE,
    SUBMIT,
    TAKE_PHOTO,
    pickup_slot,
)
from kiosk.flows.view import Action, FlowKind, Screen, View

PHOTO_FRAME = {"frame_aspect": CARD_ASPECT, "frame_head": HEAD_FRACTION, "frame_top": TOP_MARGIN_FRACTION}
"""The card photo's geometry, for the preview's guide: the frame the crop is cut to and where the head sits in it."""
PHOTO_KEY = "photo_jpeg_base64"  # View.data: a photo the screen shows (the UI decodes it, never as text)


def photo_capture_view(flow: FlowKind, *, hints: tuple[str, ...] = (), step: int, total: int) -> View:
    """The live preview for the new photo, with the quality ``hints`` of the last frame. It is taken by itself when
    every rule passes, or at once with "take the photo" (the review then says which rule failed)."""
    return View(
        Screen.PHOTO_CAPTURE, flow, "photo.title", "photo.body", hints=hints, camera=True,
        actions=(TAKE_PHOTO, CANCEL), params=PHOTO_FRAME, step=step, total_steps=total,
    )  # fmt: skip


def photo_review_view(
    flow: FlowKind, photo_jpeg: bytes, *, rules: tuple[tuple[str, bool], ...], step: int, total: int
) -> View:
    """The crop that would be submitted, in the card's geometry, with each photo rule passed (✓) or not (⚠).
    「この写真を使う」 is offered only when every rule passed."""
    passed = bool(rules) and all(ok for _rule, ok in rules)
    accept = ACCEPT if passed else Action(ACCEPT.id, ACCEPT.label, ACCEPT.role, enabled=False)
    return View(
        Screen.PHOTO_REVIEW, flow, "photo.review.title",
        "photo.review.body" if passed else "photo.review.failed", actions=(accept, RETAKE, CANCEL),
        params={f"rule.{rule}": ok for rule, ok in rules},
        data={PHOTO_KEY: base64.b64encode(photo_jpeg).decode()}, step=step, total_steps=total,
    )  # fmt: skip


def confirm_data_view(
    flow: FlowKind,
    *,
    name: str,
    address: str,
    birth_date: dt.date,
    sex: str,
    card_expiry: dt.date,
    former_surname: str | None = None,
    calendar: Calendar | None = None,
    step: int,
    total: int,
) -> View:
    """The personal data the application will carry, for the resident to check (旧氏 only where the card has one).
    Dates are written as the card prints them: the birth date in ``calendar`` (both ways when it is not known), the
    expiry in the western year."""
    data = {
        "name": name,
        "address": address,
        "birth_date": printed_birth_date(birth_date, calendar),
        "sex": sex,
        "card_expiry": western(card_expiry).printed(),
    }
    if former_surname:
        data["former_surname"] = former_surname
    return View(
        Screen.CONFIRM_DATA, flow, "confirm.title", "confirm.body", data=data, actions=(CONTINUE, CANCEL), step=step,
        total_steps=total,
    )  # fmt: skip


def delivery_view(flow: FlowKind, slots: Sequence[dt.datetime], *, mail: bool, step: int, total: int) -> View:
    """Counter pick-up at one of ``slots`` (the backend's free ones), or (``mail``: an official is present)
    restricted-delivery mail. No slots (none free, or the service unreachable): counter pick-up with the time
    booked later by the city office."""
    actions = [pickup_slot(slot) for slot in slots] or [PICKUP_LATER]
    if mail:
        actions.append(MAIL)
    params: dict[str, str | int | float | bool] = {f"slot{i}": f"{slot:%Y-%m-%d %H:%M}" for i, slot in enumerate(slots)}
    body = "delivery.counter.body" if slots else "delivery.later.body"
    return View(
        Screen.DELIVERY_CHOICE, flow, "delivery.title", body, params=params,
        actions=(*actions, CANCEL), step=step, total_steps=total,
    )  # fmt: skip


def confirm_submit_view(
    flow: FlowKind,
    *,
    name: str,
    address: str,
    birth_date: dt.date,
    sex: str,
    former_surname: str | None,
    photo_jpeg: bytes,
    by_mail: bool,
    slot: dt.datetime | None,
    step: int,
    total: int,
) -> View:
    """Before the application is sent: everything it carries (the details, the new photo, how the card is
    collected; never the My Number). ``submit`` sends it, ``back`` returns to the choice of collection."""
    data = {"name": name, "address": address, "birth_date": birth_date.isoformat(), "sex": sex}
    if former_surname:
        data["former_surname"] = former_surname
    data[PHOTO_KEY] = base64.b64encode(photo_jpeg).decode()
    params: dict[str, str | int | float | bool] = {"by_mail": by_mail, "pickup": slot.isoformat() if slot else ""}
    return View(
        Screen.CONFIRM_SUBMIT, flow, "submit.title", "submit.body", data=data, params=params,
        actions=(SUBMIT, BACK, CANCEL), step=step, total_steps=total,
    )  # fmt: skip
