"""Screens of a renewal application: the new photo, the data it carries, and how the card is collected."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence

from kiosk.flows.actions import ACCEPT, BACK, CANCEL, CONTINUE, MAIL, RETAKE, SUBMIT, pickup_slot
from kiosk.flows.view import FlowKind, Screen, View


def photo_capture_view(flow: FlowKind, *, hints: tuple[str, ...] = (), step: int, total: int) -> View:
    """The live preview for the new photo, with the quality ``hints`` of the last frame."""
    return View(
        Screen.PHOTO_CAPTURE, flow, "photo.title", "photo.body", hints=hints, camera=True, actions=(CANCEL,),
        step=step, total_steps=total,
    )  # fmt: skip


PHOTO_KEY = "photo_jpeg_base64"  # View.data: a photo the screen shows (the UI decodes it, never as text)


def photo_review_view(flow: FlowKind, photo_jpeg: bytes, *, step: int, total: int) -> View:
    return View(
        Screen.PHOTO_REVIEW, flow, "photo.review.title", "photo.body", actions=(ACCEPT, RETAKE, CANCEL),
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
    step: int,
    total: int,
) -> View:
    """The personal data the application will carry, for the resident to check (旧氏 only where the card has one)."""
    data = {
        "name": name,
        "address": address,
        "birth_date": birth_date.isoformat(),
        "sex": sex,
        "card_expiry": card_expiry.isoformat(),
    }
    if former_surname:
        data["former_surname"] = former_surname
    return View(
        Screen.CONFIRM_DATA, flow, "confirm.title", "confirm.body", data=data, actions=(CONTINUE, CANCEL), step=step,
        total_steps=total,
    )  # fmt: skip


def delivery_view(flow: FlowKind, slots: Sequence[dt.datetime], *, mail: bool, step: int, total: int) -> View:
    """Counter pick-up at one of ``slots``, or (``mail``: an official is present) restricted-delivery mail."""
    actions = [pickup_slot(slot) for slot in slots]
    if mail:
        actions.append(MAIL)
    params: dict[str, str | int | float | bool] = {f"slot{i}": f"{slot:%Y-%m-%d %H:%M}" for i, slot in enumerate(slots)}
    return View(
        Screen.DELIVERY_CHOICE, flow, "delivery.title", "delivery.counter.body", params=params,
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
