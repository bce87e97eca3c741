"""The steps flows are made of, as generators: each yields Views, receives events, and returns its result.

A flow is a sequence of ``yield from step(...)``; the generator *is* the state machine (its position is the
state), which keeps each flow readable top to bottom. Long operations (card I/O, backend calls, face inference)
run inside a step between two yields, after publishing a WORKING/READING view, so the front end shows progress.

Rules every step keeps: tries are read before every PIN entry (via ``MyNumberCard.verify``), a wrong PIN is never
re-sent, a PIN is wiped as soon as it has been used, and nothing personal goes into a View unless the screen must
show it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Generator
from typing import Any

from cryptography import x509

from kiosk import card_front_ocr, wire
from kiosk.backend_client import BackendUnavailable, b64, seal
from kiosk.card import errors as card_errors
from kiosk.card import verify
from kiosk.card.data import parse_cvc, parse_front_face
from kiosk.card.errors import FileNotFound, PinFormatError, WrongPin
from kiosk.card.jpki import JpkiKey
from kiosk.card.pin import Pin, normalise, pin_b
from kiosk.card.profile import Aid, KenkakuFiles, PinFormat, PinRef, Pins
from kiosk.flows.context import FlowContext, FlowEnded
from kiosk.flows.events import Act, CardInserted, Entered, Event, Frame
from kiosk.flows.pin_rules import Personal, check_new_pin
from kiosk.flows.ports import FaceProgress, LivenessProgress, LivenessState
from kiosk.flows.screens.card import place_card_view, reading_view, working_view
from kiosk.flows.screens.card_front import (
    FIELDS,
    card_front_confirm_view,
    card_front_field_view,
    card_front_recognising_view,
    card_front_scan_view,
)
from kiosk.flows.screens.endings import error_view, info_view
from kiosk.flows.screens.face import face_capture_view, face_retry_view
from kiosk.flows.screens.pin import last_try_view, new_pin_view, pin_entry_view
from kiosk.flows.view import FlowKind, View

Step = Generator[View, Event, Any]

SAN_BIRTH_DATE = x509.ObjectIdentifier("1.2.392.200149.8.5.5.4")


class Cancelled(Exception):
    """The resident pressed cancel."""


class ResidentForgot(Exception):
    def __init__(self, ref: PinRef) -> None:
        self.ref = ref
        super().__init__(ref.name)


class PinIsBlocked(Exception):
    def __init__(self, ref: PinRef) -> None:
        self.ref = ref
        super().__init__(ref.name)


def ended(flow: FlowKind, body: str, outcome: str) -> FlowEnded:
    """End the flow on an information screen (``body``: what the kiosk cannot do, where to go instead)."""
    return FlowEnded(info_view(flow, body), outcome)


def error_end(flow: FlowKind, kind: str, outcome: str, **params: str | int) -> FlowEnded:
    return FlowEnded(error_view(flow, kind, params=params), outcome)


def _act(event: Event, *ids: str) -> str | None:
    if isinstance(event, Act) and event.action_id in ids:
        return event.action_id
    return None


def wait_for_action(view: View) -> Step:
    """Show ``view`` until one of its actions is pressed; returns the action id (cancel raises Cancelled)."""
    ids = {a.id for a in view.actions}
    while True:
        event = yield view
        chosen = _act(event, *ids)
        if chosen == "cancel":
            raise Cancelled
        if chosen is not None:
            return chosen


# --- card --------------------------------------------------------------------------------------------------


def insert_card(ctx: FlowContext, flow: FlowKind, *, total: int) -> Step:
    place = place_card_view(flow, contact=ctx.kiosk.settings.contact_reader, total=total)
    while not ctx.kiosk.reader.card_present():
        event = yield place
        if _act(event, "cancel"):
            raise Cancelled
        if isinstance(event, CardInserted):
            continue
    ctx.publish(reading_view(flow, 0.2))
    from kiosk.card.card import MyNumberCard

    card = MyNumberCard(ctx.kiosk.reader.connect(), tracer=ctx.kiosk.tracer)
    ctx.data.card = card
    if not card.is_my_number_card():
        raise error_end(flow, "card_unreadable", "not_a_my_number_card")
    return card


# --- PINs --------------------------------------------------------------------------------------------------


def enter_pin(ctx: FlowContext, flow: FlowKind, ref: PinRef, *, step: int, total: int) -> Step:
    """Ask for one PIN and verify it (tries shown; warning before the last try; never re-sent)."""
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
        event = yield pin_entry_view(flow, ref, tries_left=tries, error=error, step=step, total=total)
        chosen = _act(event, "forgot", "cancel")
        if chosen == "forgot":
            raise ResidentForgot(ref)
        if chosen == "cancel":
            raise Cancelled
        if not isinstance(event, Entered) or not isinstance(event.value, Pin):
            continue
        entered = ctx.data.keep(event.value)
        try:
            pin = ctx.data.keep(normalise(entered.reveal().decode("ascii", errors="replace"), ref.format))
        except PinFormatError:
            error = "pin_format"  # nothing was sent: no try spent
            continue
        finally:
            entered.wipe()
        ctx.publish(reading_view(flow, 0.4))
        try:
            ctx.card.verify(ref, pin)
        except WrongPin as exc:
            if exc.tries_left == 0:
                raise PinIsBlocked(ref) from None
            error = "wrong_pin"
            continue
        finally:
            pin.wipe()
        return


def card_front(ctx: FlowContext, flow: FlowKind, *, step: int, total: int) -> Step:
    """Ask for the numbers printed on the card front and verify them as PIN-B on both 券面 APs' reads.

    Typing always works (camera OCR can pre-fill the same fields). A wrong PIN-B costs a try like any PIN, so the
    resident confirms the numbers before they are sent.
    """

    def prefilled() -> dict[str, str]:
        birth = ctx.data.prefill_birth_date  # from the signature certificate, when its PIN was given
        return {"birth_date": birth} if birth else {}

    values = prefilled()
    error: str | None = None
    scan = ctx.kiosk.settings.card_front_ocr and card_front_ocr.available()
    while True:
        status = ctx.card.pin_status(Pins.VISUAL_PIN_B)
        if status.blocked:
            raise PinIsBlocked(Pins.VISUAL_PIN_B)
        tries = status.tries_left or 0
        for name in FIELDS:
            while name not in values:
                offer_scan = scan and len(values) <= (1 if ctx.data.prefill_birth_date else 0)
                event = yield card_front_field_view(
                    flow, name, tries_left=tries, error=error, offer_scan=offer_scan, step=step, total=total
                )
                if _act(event, "cancel"):
                    raise Cancelled
                if _act(event, "scan"):
                    found = yield from scan_card_front(ctx, flow, step=step, total=total)
                    values.update({k: v for k, v in found.items() if _valid_field(k, v)})
                    scan = False  # one scan per entry; typing always works
                    continue
                if isinstance(event, Entered) and event.field == name:
                    text = event.value.reveal().decode() if isinstance(event.value, Pin) else str(event.value)
                    if isinstance(event.value, Pin):
                        event.value.wipe()
                    if _valid_field(name, text):
                        values[name] = text
                        error = None
                    else:
                        error = "pin_format"
        confirm = card_front_confirm_view(
            flow, birth_date=values["birth_date"], expiry_year=values["expiry_year"], tries_left=tries, step=step,
            total=total,
        )  # fmt: skip
        if (yield from wait_for_action(confirm)) == "edit":
            values = prefilled()
            continue
        born = _yyyymmdd(values["birth_date"])
        assert born is not None  # checked by _valid_field
        numbers = ctx.data.keep(pin_b(born, int(values["expiry_year"]), values["security_code"]))
        ctx.data.security_code = values["security_code"]
        ctx.publish(reading_view(flow, 0.5))
        try:
            ctx.card.verify(Pins.VISUAL_PIN_B, numbers)
        except WrongPin as exc:
            numbers.wipe()
            if exc.tries_left == 0:
                raise PinIsBlocked(Pins.VISUAL_PIN_B) from None
            values, error = prefilled(), "pin_b_wrong"
            continue
        return numbers


def scan_card_front(ctx: FlowContext, flow: FlowKind, *, step: int, total: int) -> Step:
    """Read the card-front numbers with the camera; returns what was found (the resident confirms it later)."""
    view = card_front_scan_view(flow, step=step, total=total)
    for _ in range(ctx.kiosk.settings.ocr_frames):
        event = yield view
        while not isinstance(event, Frame):
            if _act(event, "cancel"):
                raise Cancelled
            if _act(event, "type"):
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


def _yyyymmdd(text: str | None) -> dt.date | None:
    """The date written as YYYYMMDD, or None when ``text`` is not one."""
    if text is None or len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _valid_field(name: str, text: str | None) -> bool:
    if text is None or not text.isdigit():
        return False
    if name == "birth_date":
        born = _yyyymmdd(text)
        return born is not None and dt.date(1900, 1, 1) <= born <= dt.date.today()
    if name == "expiry_year":
        return len(text) == 4 and 2000 <= int(text) <= 2100
    return len(text) == 4


def choose_new_pin(ctx: FlowContext, flow: FlowKind, *, four_digit: bool, step: int, total: int) -> Step:
    """A new PIN entered twice and checked against the card's rules and guessable values."""
    fmt = PinFormat.DIGITS4 if four_digit else PinFormat.SIGN
    personal = Personal(_birth(ctx), ctx.data.security_code)
    hint: str | None = None
    while True:
        first = yield from _entry(ctx, new_pin_view(flow, four_digit=four_digit, hint=hint, step=step, total=total))
        try:
            candidate = ctx.data.keep(normalise(first.reveal().decode("ascii", errors="replace"), fmt))
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
        same = again.reveal().decode("ascii", errors="replace").upper() == candidate.reveal().decode()
        again.wipe()
        if same:
            return candidate
        candidate.wipe()
        hint = "pin.new.mismatch"


def _entry(ctx: FlowContext, view: View) -> Step:
    while True:
        event = yield view
        if _act(event, "cancel"):
            raise Cancelled
        if isinstance(event, Entered) and isinstance(event.value, Pin):
            return ctx.data.keep(event.value)


def _birth(ctx: FlowContext) -> dt.date | None:
    if ctx.data.front is not None:
        return ctx.data.front.birth_date
    return _yyyymmdd(ctx.data.prefill_birth_date)


# --- chip and card session ---------------------------------------------------------------------------------


def authenticate_card(ctx: FlowContext, key: JpkiKey) -> None:
    """Right after the key's PIN: sign a fresh backend challenge and check the certificate chain locally."""
    offline: dict[str, str] | None = None
    try:
        challenge_id, nonce, _expires = ctx.kiosk.backend.challenge()
    except BackendUnavailable:
        if not ctx.kiosk.settings.staffed:
            raise  # an unstaffed kiosk needs the service for everything it does
        challenge_id, nonce, offline = "", *offline_nonce(ctx.kiosk.backend.identity.kiosk_id)
    card = ctx.card
    signature = card.sign(key, nonce)
    if key is JpkiKey.AUTH:
        cert_der, chain_der = card.jpki.auth_certificate(), card.jpki.auth_ca_certificate()
    else:
        cert_der, chain_der = card.jpki.sign_certificate(), card.jpki.sign_ca_certificate()
        ctx.data.prefill_birth_date = _birth_from_sign_certificate(cert_der)
    try:
        cert = x509.load_der_x509_certificate(cert_der)
        chain = x509.load_der_x509_certificate(chain_der)
    except ValueError:
        raise verify.ChipNotGenuine("certificate", "certificate on the card is not valid DER") from None
    verify.verify_certificate_chain(cert, [chain], ctx.kiosk.anchors.jpki_roots)
    verify.verify_nonce_signature(cert, nonce, signature)
    ctx.data.card_auth = {
        "challenge_id": challenge_id,
        "key": key.name.lower(),
        "certificate": b64(cert_der),
        "chain": [b64(chain_der)],
        "signature": b64(signature),
        "juki_record": card.juki.record(),
    }
    if offline is not None:
        ctx.data.card_auth["offline"] = offline


def offline_nonce(kiosk_id: str) -> tuple[bytes, dict[str, str]]:
    """A nonce the kiosk makes itself when the service is unreachable (staffed pop-ups only).

    nonce = SHA-256(label | kiosk id | capture time | 32 random bytes); the backend recomputes it from the parts,
    accepts each random value once, and only within a time window, so a captured signature cannot be replayed.
    """
    captured_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    random_part = os.urandom(32)
    return wire.offline_nonce(kiosk_id, captured_at, random_part), {
        "captured_at": captured_at,
        "random": b64(random_part),
    }


def _birth_from_sign_certificate(der: bytes) -> str | None:
    try:
        san = x509.load_der_x509_certificate(der).extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except (ValueError, x509.ExtensionNotFound):
        return None
    for other in san.value.get_values_for_type(x509.OtherName):
        if other.type_id == SAN_BIRTH_DATE:
            digits = "".join(chr(b) for b in other.value if 0x30 <= b <= 0x39)[-8:]
            return digits if _yyyymmdd(digits) else None
    return None


def read_card_face(ctx: FlowContext, flow: FlowKind) -> None:
    """After PIN-B: the card face, its issuer signature, and the chip's own key over a fresh nonce."""
    card = ctx.card
    ctx.publish(reading_view(flow, 0.7))
    front_raw = card.visual.front_raw()
    cvc_raw = card.session.read_ef(Aid.KENKAKU, KenkakuFiles.CVC, personal=False)
    front = parse_front_face(front_raw)
    verify.verify_front_face(front, parse_cvc(cvc_raw), ctx.kiosk.anchors.card_ap_roots)
    nonce = os.urandom(32)
    verify.verify_internal_authentication(front.card_public_key, nonce, card.internal_authenticate(Aid.KENKAKU, nonce))
    ctx.data.front = front
    if ctx.data.card_auth is not None:
        ctx.data.card_auth["kenmen_front"] = front_raw
        ctx.data.card_auth["kenmen_intermediate"] = cvc_raw


def read_basic_four(ctx: FlowContext, pin_b: Pin) -> None:
    """The basic four items as text (text AP, with the same PIN-B), checked against the issuer's signature."""
    card = ctx.card
    card.verify(Pins.TEXT_PIN_B, pin_b)
    basic = card.text.basic_four()
    verify.verify_text_data(basic, card.text.signature(), card.text.certificate(), ctx.kiosk.anchors.card_ap_roots)
    ctx.data.basic_four = basic


def card_auth_body(auth: dict[str, Any]) -> dict[str, Any]:
    """What the backend needs to authenticate the card (online: with the challenge id; offline: with the parts)."""
    body = {
        "challenge_id": auth["challenge_id"],
        "key": auth["key"],
        "certificate": auth["certificate"],
        "chain": auth["chain"],
        "signature": auth["signature"],
        "card_data": {
            "juki_record": b64(auth["juki_record"]),
            "kenmen_front": b64(auth["kenmen_front"]) if "kenmen_front" in auth else None,
            "kenmen_intermediate": b64(auth["kenmen_intermediate"]) if "kenmen_intermediate" in auth else None,
        },
    }
    if "offline" in auth:
        del body["challenge_id"]
        body.update(auth["offline"])
    return body


def open_card_session(ctx: FlowContext) -> dict[str, bool]:
    """Open the card session at the backend; offline (staffed pop-up) it is opened later, when the queue is sent."""
    auth = ctx.data.card_auth
    if auth is None:
        raise RuntimeError("card not authenticated yet")
    if "offline" in auth:
        ctx.data.services = {"renewal": True}  # the official decides now; the backend's policy applies at sending
        return ctx.data.services
    out = ctx.kiosk.backend.open_card_session(card_auth_body(auth))
    ctx.data.card_session_id = str(out["card_session_id"])
    services = {k: bool(v) for k, v in out["services"].items()}
    ctx.data.services = services
    return services


# --- face --------------------------------------------------------------------------------------------------


def face_check(ctx: FlowContext, flow: FlowKind, *, step: int, total: int) -> Step:
    """A liveness challenge and a match against the chip photo on the same frames (a face swapped in after the
    challenge cannot be matched instead). Returns ``(FaceDecision, LivenessProgress)``. After ``face_attempts``
    failures the flow ends, sending the resident to the counter."""
    if ctx.data.front is None:
        raise RuntimeError("the chip photo has not been read")
    for attempt in range(1, ctx.kiosk.settings.face_attempts + 1):
        check = ctx.kiosk.face.new_check(ctx.data.front.photo_jp2)
        progress = FaceProgress(LivenessProgress(LivenessState.RUNNING, "blink"))
        last_frame: Any = None
        while not progress.final:
            liveness = progress.liveness
            event = yield face_capture_view(
                flow,
                liveness.challenge,
                hints=liveness.hints,
                seconds_left=liveness.seconds_left,
                attempt=attempt,
                step=step,
                total=total,
            )
            if _act(event, "cancel"):
                raise Cancelled
            if isinstance(event, Frame):
                last_frame = event.image
                progress = check.feed(event.image, event.t)
        if progress.verified and progress.decision is not None:
            ctx.data.evidence_crop = ctx.kiosk.face.evidence_crop(last_frame)
            return progress.decision, progress.liveness
        kind = "face_mismatch" if progress.liveness.state is LivenessState.PASSED else "liveness_failed"
        if attempt == ctx.kiosk.settings.face_attempts:
            break
        yield from wait_for_action(face_retry_view(flow, kind, step=step, total=total))
    raise error_end(flow, "face_mismatch_final", "face_refused")


# --- PIN reset on the card ---------------------------------------------------------------------------------


def run_pin_reset(ctx: FlowContext, flow: FlowKind, target: str, new_pin: Pin, liveness: LivenessProgress) -> str:
    """Ask the backend for the card script, relay it to the card, confirm the card's answers; returns a reference."""
    session_id = ctx.data.card_session_id
    crop = ctx.data.evidence_crop
    if session_id is None or crop is None:
        raise RuntimeError("no card session or face evidence")
    ctx.publish(working_view(flow, "working.backend"))
    evidence_key = ctx.kiosk.backend.evidence_key()
    body = {
        "card_session_id": session_id,
        "target": target,
        "new_pin": seal(evidence_key, new_pin.reveal(), purpose="pin", context=session_id),
        "face": {
            "crop": seal(evidence_key, crop, purpose="face", context=session_id),
            "liveness_passed": liveness.state is LivenessState.PASSED,
            "liveness_score": max(0.0, min(1.0, liveness.score)),
        },
    }
    new_pin.wipe()
    out = ctx.kiosk.backend.create_pin_reset(body)
    ctx.publish(working_view(flow, "working.card"))
    answers = []
    for step in out["script"]:
        answer = ctx.card.relay(bytes.fromhex(step["apdu"]))
        if step["protected"]:
            answers.append({"step": step["step"], "response": answer.hex().upper()})
        elif answer[-2:] != b"\x90\x00":
            raise card_errors.StatusError(int.from_bytes(answer[-2:], "big"), "card refused a script step")
    ctx.publish(working_view(flow, "working.backend"))
    confirmed = ctx.kiosk.backend.confirm_pin_reset(str(out["reset_id"]), answers)
    if confirmed.get("status") != "confirmed":
        raise error_end(flow, "backend_refused", "reset_not_confirmed", reference=str(out["reset_id"])[:8])
    return str(out["reset_id"])[:8].upper()


def sign_pin_exists(ctx: FlowContext) -> bool:
    try:
        ctx.card.pin_status(Pins.SIGN)
    except FileNotFound:
        return False
    return True
