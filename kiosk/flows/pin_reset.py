"""Flows 1 and 2: reset the signature PIN (proven by the 4-digit PIN) or the 4-digit PINs (proven by the signature
PIN), each with the chip photo matched against the live face and a MAC-protected script the backend makes."""

from __future__ import annotations

from kiosk.card.jpki import JpkiKey
from kiosk.card.profile import Pins
from kiosk.eligibility import CertificateKind
from kiosk.flows.context import FlowContext
from kiosk.flows.screens.endings import reset_done_view
from kiosk.flows.steps.authentication import authenticate_card, open_card_session, read_card_face
from kiosk.flows.steps.base import PinIsBlocked, ResidentForgot, Step, ended, error_end
from kiosk.flows.steps.card import insert_card, sign_pin_exists
from kiosk.flows.steps.card_front import card_front
from kiosk.flows.steps.eligibility import check_certificate
from kiosk.flows.steps.face_check import face_check
from kiosk.flows.steps.pin_entry import choose_new_pin, enter_pin
from kiosk.flows.steps.pin_reset_run import run_pin_reset
from kiosk.flows.steps.session import show_result
from kiosk.flows.view import FlowKind

# The steps a resident sees: consent 1, card 2, PIN 3, card-front numbers 4, face 5, new PIN 6, result 7.
PIN_STEP, FRONT_STEP, FACE_STEP, NEW_PIN_STEP = 3, 4, 5, 6
TOTAL = 7


def sign_pin_reset(ctx: FlowContext) -> Step:
    flow = FlowKind.SIGN_PIN_RESET
    yield from insert_card(ctx, flow, total=TOTAL)
    if not sign_pin_exists(ctx):
        raise ended(flow, "info.no_sign_certificate", "no_sign_certificate")
    check_certificate(ctx, flow, CertificateKind.SIGNATURE)  # before any PIN: a lapsed certificate has no use
    try:
        yield from enter_pin(ctx, flow, Pins.AUTH, step=PIN_STEP, total=TOTAL)
    except PinIsBlocked:
        raise ended(flow, "info.auth_blocked.body", "auth_pin_blocked") from None
    except ResidentForgot:
        raise ended(flow, "info.locked_out.body", "auth_pin_forgotten") from None
    authenticate_card(ctx, JpkiKey.AUTH)
    return (yield from _identify_and_reset(ctx, flow, target="sign", four_digit=False))


def four_digit_pin_reset(ctx: FlowContext) -> Step:
    flow = FlowKind.PIN_RESET
    yield from insert_card(ctx, flow, total=TOTAL)
    if not sign_pin_exists(ctx):
        raise ended(flow, "info.no_sign_certificate", "no_sign_certificate")
    check_certificate(ctx, flow, CertificateKind.AUTHENTICATION)
    try:
        yield from enter_pin(ctx, flow, Pins.SIGN, step=PIN_STEP, total=TOTAL)
    except PinIsBlocked:  # say which PIN is locked, and why that stops this reset
        raise ended(flow, "info.sign_blocked_for_reset.body", "sign_pin_unavailable") from None
    except ResidentForgot:
        raise ended(flow, "info.locked_out.body", "sign_pin_unavailable") from None
    authenticate_card(ctx, JpkiKey.SIGN)
    return (yield from _identify_and_reset(ctx, flow, target="four_digit", four_digit=True))


def _identify_and_reset(ctx: FlowContext, flow: FlowKind, *, target: str, four_digit: bool) -> Step:
    try:
        yield from card_front(ctx, flow, step=FRONT_STEP, total=TOTAL)
    except PinIsBlocked:
        raise error_end(flow, "card_front_blocked", "pin_b_blocked") from None
    read_card_face(ctx, flow)
    services = open_card_session(ctx)
    if not (services.four_digit_pin_reset if four_digit else services.sign_pin_reset):
        raise ended(flow, "info.service_unavailable", "service_not_offered")
    _decision, liveness = yield from face_check(ctx, flow, step=FACE_STEP, total=TOTAL)
    new_pin = yield from choose_new_pin(ctx, flow, four_digit=four_digit, step=NEW_PIN_STEP, total=TOTAL)
    reference = run_pin_reset(ctx, flow, target, new_pin, liveness, total=TOTAL)
    yield from show_result(reset_done_view(flow, reference, total=TOTAL))
    return "reset_done"
