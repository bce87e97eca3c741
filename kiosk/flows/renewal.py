"""Flow 4: a card renewal APPLICATION (not an issuance: the card is collected at the counter, where identity is
checked face to face, unless a municipal official verified identity at a staffed session).

Card → card-front numbers (PIN-B) for the chip photo and the basic four items → eligibility from the card's own
dates (not yet / certificates only / residence permit end here, nothing submitted) → the card proven genuine
without JPKI (issuer signatures and the chip's card key over a fresh backend nonce: a renewal-age card's
certificates have lapsed, and renewal needs no JPKI PIN) → face match → new photo with live quality guidance →
confirm the data → choose the collection → the application goes into the durable outbox before the resident is
told it was accepted.

At a staffed pop-up without a network the backend cannot give a nonce: the card is then proven with its JPKI
authentication key over a nonce the kiosk makes (the 4-digit PIN), as the offline card session requires.
"""

from __future__ import annotations

import datetime as dt

from kiosk.backend_client import BackendError
from kiosk.card.jpki import JpkiKey
from kiosk.card.profile import Pins
from kiosk.eligibility import CertificateState
from kiosk.flows.actions import PICKUP_LATER, chosen_slot
from kiosk.flows.context import FlowContext
from kiosk.flows.events import Frame
from kiosk.flows.ports import PhotoCheck
from kiosk.flows.screens.endings import renewal_done_view
from kiosk.flows.screens.renewal import (
    confirm_data_view,
    confirm_submit_view,
    delivery_view,
    photo_capture_view,
    photo_review_view,
)
from kiosk.flows.steps.authentication import (
    authenticate_card,
    card_ap_challenge,
    open_card_ap_session,
    open_card_session,
    read_basic_four,
    read_card_face,
)
from kiosk.flows.steps.base import (
    Cancelled,
    PinIsBlocked,
    ResidentForgot,
    Step,
    act,
    ended,
    error_end,
    wait_for_action,
)
from kiosk.flows.steps.card import insert_card
from kiosk.flows.steps.card_front import card_front
from kiosk.flows.steps.eligibility import certificate_validity, check_renewal
from kiosk.flows.steps.face_check import face_check
from kiosk.flows.steps.pin_entry import enter_pin
from kiosk.flows.steps.session import show_result
from kiosk.flows.submission import submit
from kiosk.flows.view import FlowKind
from kiosk.wire import PickupSlot

# The steps a resident sees, numbered the same whichever way the card is proven (the offline 4-digit PIN shares
# the card-front step): consent 1, card 2, numbers 3, face 4, photo 5, details 6, collection 7, submit 8, result 9.
FRONT_STEP, FACE_STEP, PHOTO_STEP, CONFIRM_STEP, DELIVERY_STEP, SUBMIT_STEP = 3, 4, 5, 6, 7, 8
TOTAL = 9
SLOTS_OFFERED = 4


def renewal(ctx: FlowContext) -> Step:
    flow = FlowKind.RENEWAL
    yield from insert_card(ctx, flow, total=TOTAL)
    authentication = certificate_validity(ctx)
    try:
        pin_b = yield from card_front(ctx, flow, step=FRONT_STEP, total=TOTAL, text_too=True)
    except PinIsBlocked:
        raise error_end(flow, "card_front_blocked", "pin_b_blocked") from None
    challenge = card_ap_challenge(ctx)
    read_card_face(ctx, flow, challenge.nonce if challenge is not None else None)
    read_basic_four(ctx, pin_b.pin, pin_b.shown)
    eligible = check_renewal(ctx, flow, authentication)
    if challenge is not None:
        services = open_card_ap_session(ctx, flow, challenge)
    elif eligible.certificates.authentication is CertificateState.VALID:
        services = yield from _offline_jpki_session(ctx, flow)
    else:  # offline, and the card cannot prove itself with JPKI: only the service's nonce will do
        raise ended(flow, "info.offline_needs_service", "renewal_needs_network")
    if not services.renewal:
        raise ended(flow, "info.service_unavailable", "service_not_offered")
    yield from face_check(ctx, flow, step=FACE_STEP, total=TOTAL)
    photo = yield from take_photo(ctx, flow, step=PHOTO_STEP)
    yield from confirm_data(ctx, flow, step=CONFIRM_STEP)
    while True:  # "back" on the summary returns to the choice of collection
        method, slot, office_id = yield from choose_collection(ctx, flow, step=DELIVERY_STEP)
        if (yield from confirm_submission(ctx, flow, photo, method, slot)) == "submit":
            break
    # PIN-B is kept (in the session's data, wiped with it) until the card has signed the application: a queued
    # application can then still be delivered after the card session expired (docs/reliability.md).
    sent = submit(ctx, flow, photo, method, slot, office_id, pin_b if challenge is not None else None)
    pin_b.pin.wipe()
    number = sent.application_number
    to_arrange = number is not None and method == "counter_pickup" and sent.reservation_slot is None
    done = renewal_done_view(
        flow, number, by_mail=method == "restricted_post", local_reference=sent.local_reference, total=TOTAL,
        pickup_to_arrange=to_arrange,
    )  # fmt: skip
    yield from show_result(done)  # the front end prints the receipt from the view's params
    return "renewal_submitted" if number else "renewal_queued"


def _offline_jpki_session(ctx: FlowContext, flow: FlowKind) -> Step:
    """Offline at a staffed pop-up: the JPKI authentication key signs a nonce the kiosk made; the card session is
    opened when the queue is sent."""
    try:
        yield from enter_pin(ctx, flow, Pins.AUTH, step=FRONT_STEP, total=TOTAL)
    except (PinIsBlocked, ResidentForgot):
        raise ended(flow, "info.offline_needs_service", "renewal_needs_pin") from None
    authenticate_card(ctx, JpkiKey.AUTH)
    return open_card_session(ctx)


def take_photo(ctx: FlowContext, flow: FlowKind, *, step: int) -> Step:
    """The new photo: taken by itself once a frame passes every rule, or when the resident asks; then reviewed.

    The review shows the crop that would be submitted and each rule; it can be accepted only when all passed.
    """
    hints: tuple[str, ...] = ()
    for _attempt in range(ctx.kiosk.settings.photo_attempts):
        taken: PhotoCheck | None = None
        asked = False
        while taken is None:
            event = yield photo_capture_view(flow, hints=hints, step=step, total=TOTAL)
            if act(event, "cancel"):
                raise Cancelled
            if act(event, "take"):
                asked = True
            if isinstance(event, Frame):
                check = ctx.kiosk.face.check_photo(event.image)
                hints = check.hints
                if check.crop_jpeg is not None and (check.ok or asked):
                    taken = check
        assert taken.crop_jpeg is not None
        crop = taken.crop_jpeg
        review = photo_review_view(flow, crop, rules=taken.rules, step=step, total=TOTAL)
        if (yield from wait_for_action(review)) == "accept":
            _same_person(ctx, flow, crop)
            ctx.data.new_photo = crop
            return crop
        hints = ()
    raise error_end(flow, "photo_quality", "photo_not_accepted")


def _same_person(ctx: FlowContext, flow: FlowKind, photo: bytes) -> None:
    """The new photo must show the person the face check verified, in this sitting: it is matched against the chip
    photo and against the live face of the same session; anyone else sitting for it is refused."""
    front, live = ctx.data.front, ctx.data.evidence_crop
    if front is None or live is None:
        raise RuntimeError("face check not done before the photo")
    if not ctx.kiosk.face.same_person(photo, front.photo_jp2, live):
        raise error_end(flow, "photo_not_same_person", "photo_person_mismatch")


def confirm_data(ctx: FlowContext, flow: FlowKind, *, step: int) -> Step:
    basic, front = ctx.data.basic_four, ctx.data.front
    if basic is None or front is None:
        raise RuntimeError("card data not read")
    view = confirm_data_view(
        flow, name=basic.name, address=basic.address, birth_date=basic.birth_date, sex=basic.sex,
        card_expiry=front.expiry, former_surname=basic.former_surname, calendar=ctx.data.birth_calendar, step=step,
        total=TOTAL,
    )  # fmt: skip
    yield from wait_for_action(view)


def confirm_submission(ctx: FlowContext, flow: FlowKind, photo: bytes, method: str, slot: dt.datetime | None) -> Step:
    """The last look before anything is sent: what the application carries (never the My Number); returns
    ``submit`` or ``back``."""
    basic = ctx.data.basic_four
    if basic is None:
        raise RuntimeError("card data not read")
    view = confirm_submit_view(
        flow, name=basic.name, address=basic.address, birth_date=basic.birth_date, sex=basic.sex,
        former_surname=basic.former_surname, photo_jpeg=photo, by_mail=method == "restricted_post", slot=slot,
        step=SUBMIT_STEP, total=TOTAL,
    )  # fmt: skip
    return (yield from wait_for_action(view))


def choose_collection(ctx: FlowContext, flow: FlowKind, *, step: int) -> Step:
    """``(method, slot, office id)``: a free slot the backend offers, restricted-delivery mail (an official is
    present), or — when the backend offers none or cannot be asked (offline at a pop-up, or a card session opened
    only when the queue is sent) — counter pick-up with the time booked later by the city office, which contacts
    the resident. Nothing is booked offline, so a queued application never holds a place it may not get."""
    offered = offered_slots(ctx)
    mail = ctx.kiosk.settings.staffed and ctx.staff is not None
    view = delivery_view(flow, [s.starts_at for s in offered], mail=mail, step=step, total=TOTAL)
    chosen = yield from wait_for_action(view)
    if chosen == "mail":
        return "restricted_post", None, None
    if chosen == PICKUP_LATER.id:
        return "counter_pickup", None, None
    at = chosen_slot(chosen)
    office = next(s.office_id for s in offered if s.starts_at == at)
    return "counter_pickup", at, office


def offered_slots(ctx: FlowContext) -> list[PickupSlot]:
    """The backend's earliest free slots for this card (one per start time), or none when it cannot be asked."""
    if ctx.data.card_session_id is None:
        return []
    try:
        answer = ctx.kiosk.backend.pickup_slots(ctx.data.card_session_id, SLOTS_OFFERED)
    except BackendError:
        return []  # down or refusing: the resident can still apply, the office books the time
    seen: set[dt.datetime] = set()
    offered = []
    for slot in answer.slots:
        if slot.starts_at not in seen:
            seen.add(slot.starts_at)
            offered.append(slot)
    return offered
