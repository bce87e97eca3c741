"""Sample Views: every screen in every state worth looking at, for screenshots, tests and the fake driver.

Each sample is made by the same builder the flows call (:mod:`kiosk.flows.screens`), with the flows' own step
counts, so a sample shows exactly what a resident would see in that state; only the arguments are chosen here. The
values are fictional (persona 田中 太郎 of the simulator, and the longest address among the personas so a layout is
tried at its worst). Each sample is named ``(screen, state)``; ``mynakiosk screenshots`` writes one PNG per sample
and language as ``screen-state-lang.png``. A kiosk in service never loads this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.card.profile import Pins
from kiosk.eligibility import CertificateKind
from kiosk.era_dates import Calendar, era_of
from kiosk.face.quality import RULES
from kiosk.flows import locked_out, pin_reset, renewal
from kiosk.flows.actions import FINISH, FINISH_INSTEAD, START_AGAIN
from kiosk.flows.kiosk import FLOWS, RESTARTABLE
from kiosk.flows.messages import ERRORS
from kiosk.flows.screens.camera import camera_down_view
from kiosk.flows.screens.card import place_card_view, reading_view, working_view
from kiosk.flows.screens.card_front import (
    birth_date_view,
    calendar_view,
    card_front_confirm_view,
    card_front_field_view,
    card_front_recognising_view,
    card_front_scan_view,
)
from kiosk.flows.screens.eligibility import (
    certificate_expired_view,
    certificates_only_expired_view,
    renewal_not_yet_view,
    residence_bound_view,
)
from kiosk.flows.screens.endings import (
    error_view,
    info_view,
    renewal_done_view,
    reset_done_view,
    reset_unconfirmed_view,
)
from kiosk.flows.screens.face import face_capture_view, face_retry_view
from kiosk.flows.screens.pin import last_try_view, new_pin_view, pin_entry_view
from kiosk.flows.screens.renewal import (
    confirm_data_view,
    confirm_submit_view,
    delivery_view,
    photo_capture_view,
    photo_review_view,
)
from kiosk.flows.screens.session import (
    attract_view,
    card_return_view,
    consent_declined_view,
    consent_view,
    idle_warning_view,
    services_view,
)
from kiosk.flows.screens.staff import staff_home_view, staff_login_view, staff_report_view
from kiosk.flows.steps.card import CARD_STEP
from kiosk.flows.view import FlowKind, Screen, View

SIGN, FOUR, RENEW, LOCKED = FlowKind.SIGN_PIN_RESET, FlowKind.PIN_RESET, FlowKind.RENEWAL, FlowKind.LOCKED_OUT
RESET_STEPS, RENEWAL_STEPS, LOCKED_STEPS = pin_reset.TOTAL, renewal.TOTAL, locked_out.TOTAL
# Where each step sits in its flow: the flows' own numbers (kiosk/flows/pin_reset.py, renewal.py, locked_out.py).
PIN_STEP, FRONT_STEP, FACE_STEP, NEW_PIN_STEP = (
    pin_reset.PIN_STEP, pin_reset.FRONT_STEP, pin_reset.FACE_STEP, pin_reset.NEW_PIN_STEP,
)  # fmt: skip
RENEWAL_FRONT_STEP, PHOTO_STEP, CONFIRM_STEP, DELIVERY_STEP, SUBMIT_STEP = (
    renewal.FRONT_STEP, renewal.PHOTO_STEP, renewal.CONFIRM_STEP, renewal.DELIVERY_STEP, renewal.SUBMIT_STEP,
)  # fmt: skip
LOCKED_FRONT_STEP = locked_out.FRONT_STEP

REFERENCE = "R-7Q4K-2M9X"
LOCAL_REFERENCE = "L-3F9A-C2D1"
APPLICATION_NUMBER = "2026-1123-000417"
LONG_ADDRESS = "神奈川県横浜市中区山下町123番地　グランドメゾン横浜1204号"
BIRTH_DATE, CARD_EXPIRY = dt.date(1981, 3, 14), dt.date(2034, 3, 14)
JST = dt.timezone(dt.timedelta(hours=9))
PICKUP_SLOTS = (
    dt.datetime(2026, 1, 13, 10, tzinfo=JST),
    dt.datetime(2026, 1, 13, 14, tzinfo=JST),
    dt.datetime(2026, 1, 14, 10, tzinfo=JST),
)
OFFERED = tuple(kind for kind in FLOWS if kind is not FlowKind.STAFF)  # every service, in the kiosk's order
OFFLINE_OFFERED = tuple(kind for kind, (_flow, switch) in FLOWS.items() if switch is None and kind in OFFERED)
RETRY_KINDS = ("face_mismatch", "liveness_failed", "liveness_timeout", "liveness_no_motion")  # face_retry_view
START_AGAIN_KINDS = frozenset(RESTARTABLE)  # the kiosk offers the same service afresh after these
STAFF_REPORT = {
    "queue_pending": 2,
    "queue_delivered": 19,
    "queue_refused": 1,
    "sessions_cancelled": 1,
    "sessions_renewal_queued": 2,
    "sessions_renewal_submitted": 19,
    "sessions_total": 23,
    "backend_renewals_received": 19,
    "backend_pin_resets_confirmed": 0,
    "backend_other_events": 3,
}


@dataclass(frozen=True)
class Sample:
    screen: Screen
    state: str
    view: View
    camera_off: bool = False  # the camera has sent no picture yet ("camera is starting")

    @property
    def name(self) -> str:
        return f"{self.screen.value}-{self.state}"


def samples() -> list[Sample]:
    """Every sample, in the order a resident would meet the screens."""
    views: list[tuple[str, View]] = [
        ("default", attract_view()),
        ("default", services_view(OFFERED)),
        ("offline", services_view(OFFLINE_OFFERED, online=False)),  # what needs no backend service
        ("sign_pin_reset", consent_view(SIGN, total=RESET_STEPS)),
        ("renewal", consent_view(RENEW, total=RENEWAL_STEPS)),
        ("locked_out", consent_view(LOCKED, total=LOCKED_STEPS)),
        ("consent_declined", consent_declined_view(RENEW)),
        ("nfc", place_card_view(SIGN, contact=False, step=CARD_STEP, total=RESET_STEPS)),
        ("contact", place_card_view(RENEW, contact=True, step=CARD_STEP, total=RENEWAL_STEPS)),
        ("progress", reading_view(SIGN, 0.4, step=CARD_STEP, total=RESET_STEPS)),
        *_pin_entries(),
        ("auth", last_try_view(SIGN, step=PIN_STEP, total=RESET_STEPS)),
        *_card_front(),
        *_faces(),
        *_new_pins(),
        *_renewal(),
        ("backend", working_view(SIGN, "working.backend")),
        ("card", working_view(SIGN, "working.card")),
        ("reset_done", reset_done_view(SIGN, REFERENCE, total=RESET_STEPS)),
        ("renewal_done", renewal_done_view(RENEW, APPLICATION_NUMBER, by_mail=False, total=RENEWAL_STEPS)),
        ("renewal_mail", renewal_done_view(RENEW, APPLICATION_NUMBER, by_mail=True, total=RENEWAL_STEPS)),
        (
            "renewal_queued",
            renewal_done_view(RENEW, None, by_mail=False, local_reference=LOCAL_REFERENCE, total=RENEWAL_STEPS),
        ),
        (
            "renewal_contact",
            renewal_done_view(RENEW, APPLICATION_NUMBER, by_mail=False, total=RENEWAL_STEPS, pickup_to_arrange=True),
        ),
        ("reset_unconfirmed", reset_unconfirmed_view(SIGN, REFERENCE, total=RESET_STEPS)),
        ("default", card_return_view()),
        ("alert", card_return_view(alert=1)),
        ("locked_out", info_view(LOCKED, "info.locked_out.body", step=LOCKED_STEPS, total=LOCKED_STEPS)),
        ("sign_blocked", info_view(LOCKED, "info.sign_blocked.body", step=LOCKED_STEPS, total=LOCKED_STEPS)),
        ("sign_pin_blocked", info_view(FOUR, "info.locked_out.body")),  # resetting the 4-digit PINs needs it
        ("auth_blocked", info_view(SIGN, "info.auth_blocked.body")),
        ("sign_blocked_for_reset", info_view(FOUR, "info.sign_blocked_for_reset.body")),
        ("no_sign_certificate", info_view(SIGN, "info.no_sign_certificate")),
        ("service_unavailable", info_view(RENEW, "info.service_unavailable")),
        *_eligibility(),
        *_errors(),
        ("camera_down_face_check", camera_down_view(SIGN)),  # the frame watchdog ended a face check
        ("countdown", idle_warning_view(SIGN, 27)),
        ("user", staff_login_view("username")),
        ("password", staff_login_view("password")),
        ("offline", staff_home_view({"pending": 3, "delivered": 17, "refused": 1}, notice="backend_down")),
        ("synced", staff_home_view({"pending": 0, "delivered": 17, "refused": 1})),
        ("default", staff_report_view(STAFF_REPORT)),
    ]
    found = [Sample(view.screen, state, view) for state, view in views]
    # The camera's first picture has not come yet: the preview says it is starting.
    starting = face_capture_view(SIGN, "blink", seconds_left=15, attempt=1, step=FACE_STEP, total=RESET_STEPS)
    found.append(Sample(Screen.FACE_CAPTURE, "camera_starting", starting, camera_off=True))
    return found


def _pin_entries() -> list[tuple[str, View]]:
    def entry(flow: FlowKind, tries: int, error: str | None = None) -> View:
        ref, total = (Pins.SIGN, RESET_STEPS) if flow is SIGN else (Pins.AUTH, RENEWAL_STEPS)
        return pin_entry_view(flow, ref, tries_left=tries, error=error, step=PIN_STEP, total=total)

    return [
        ("auth", entry(RENEW, 3)),
        ("auth_wrong", entry(RENEW, 2, "wrong_pin")),
        ("auth_last", entry(RENEW, 1, "wrong_pin")),  # the tries-left counter at its reddest
        ("sign", entry(SIGN, 5)),
        ("sign_wrong", entry(SIGN, 4, "wrong_pin")),
    ]


def _card_front() -> list[tuple[str, View]]:
    def field(name: str, error: str | None = None) -> View:
        return card_front_field_view(
            LOCKED, name, tries_left=10, error=error, step=LOCKED_FRONT_STEP, total=LOCKED_STEPS
        )

    def born(calendar: Calendar, error: str | None = None) -> View:
        return birth_date_view(LOCKED, calendar, tries_left=10, error=error, step=LOCKED_FRONT_STEP, total=LOCKED_STEPS)

    renewal_step = {"step": RENEWAL_FRONT_STEP, "total": RENEWAL_STEPS}
    confirm = card_front_confirm_view(
        LOCKED, birth_date=era_of(BIRTH_DATE).printed(), expiry_year=f"{CARD_EXPIRY:%Y}", tries_left=10,
        step=LOCKED_FRONT_STEP, total=LOCKED_STEPS,
    )  # fmt: skip
    return [
        ("calendar", calendar_view(LOCKED, tries_left=10, step=LOCKED_FRONT_STEP, total=LOCKED_STEPS)),
        ("birth_date", born(Calendar.SHOWA)),  # the era birth-date entry (a Japanese national's card)
        ("birth_date_western", born(Calendar.WESTERN)),  # a foreign resident's card
        ("birth_date_invalid", born(Calendar.HEISEI, "birth_date_invalid")),
        ("expiry_year", field("expiry_year")),
        ("security_code", field("security_code")),
        ("format_error", field("security_code", "pin_format")),
        ("offer_scan", calendar_view(RENEW, tries_left=10, offer_scan=True, step=RENEWAL_FRONT_STEP,
                                     total=RENEWAL_STEPS)),
        ("scan", card_front_scan_view(RENEW, **renewal_step)),
        ("recognising", card_front_recognising_view(RENEW, **renewal_step)),
        ("confirm", confirm),
        ("last_tries", calendar_view(LOCKED, tries_left=2, error="pin_b_wrong", step=LOCKED_FRONT_STEP,
                                     total=LOCKED_STEPS)),
    ]  # fmt: skip


def _faces() -> list[tuple[str, View]]:
    def face(challenge: str, hints: tuple[str, ...], seconds_left: float, attempt: int = 1) -> View:
        return face_capture_view(
            SIGN, challenge, hints=hints, seconds_left=seconds_left, attempt=attempt, step=FACE_STEP, total=RESET_STEPS
        )

    return [
        ("blink", face("blink", ("face.hint.hold_still",), 12)),
        ("turn_left", face("turn_left", (), 10)),
        ("turn_right", face("turn_right", (), 9)),  # with the arrow that way
        ("face_not_found", face("blink", ("face.hint.face_not_found",), 13)),
        ("hints", face("turn_right", ("face.hint.move_closer", "face.hint.more_light"), 6, attempt=2)),
    ]


def _new_pins() -> list[tuple[str, View]]:
    def new_pin(flow: FlowKind, *, confirm: bool = False, hint: str | None = None) -> View:
        return new_pin_view(
            flow, four_digit=flow is FOUR, confirm=confirm, hint=hint, step=NEW_PIN_STEP, total=RESET_STEPS
        )

    return [
        ("sign", new_pin(SIGN)),
        ("sign_weak", new_pin(SIGN, hint="pin.weak.sequence")),
        ("sign_confirm", new_pin(SIGN, confirm=True)),
        ("sign_mismatch", new_pin(SIGN, hint="pin.new.mismatch")),
        ("digits", new_pin(FOUR)),
    ]


def _renewal() -> list[tuple[str, View]]:
    def confirm(
        name: str, address: str, former_surname: str | None = None, calendar: Calendar = Calendar.SHOWA
    ) -> View:
        return confirm_data_view(
            RENEW, name=name, address=address, birth_date=BIRTH_DATE, sex="1", card_expiry=CARD_EXPIRY,
            former_surname=former_surname, calendar=calendar, step=CONFIRM_STEP, total=RENEWAL_STEPS,
        )  # fmt: skip

    def review(failed: tuple[str, ...]) -> View:
        rules = tuple((rule, rule not in failed) for rule in RULES)
        return photo_review_view(RENEW, sample_photo_jpeg(), rules=rules, step=PHOTO_STEP, total=RENEWAL_STEPS)

    def submit(name: str, address: str, *, slot: dt.datetime | None = None, former_surname: str | None = None) -> View:
        return confirm_submit_view(
            RENEW, name=name, address=address, birth_date=BIRTH_DATE, sex="1", former_surname=former_surname,
            photo_jpeg=sample_photo_jpeg(), by_mail=slot is None, slot=slot, step=SUBMIT_STEP, total=RENEWAL_STEPS,
        )  # fmt: skip

    hints = ("face.hint.remove_hat", "face.hint.plain_background")
    return [
        ("hints", photo_capture_view(RENEW, hints=hints, step=PHOTO_STEP, total=RENEWAL_STEPS)),
        ("default", review(failed=())),
        ("rule_failed", review(failed=("background", "light"))),  # taken on request: 「この写真を使う」 disabled
        ("default", confirm("田中　太郎", "東京都世田谷区桜丘四丁目17番8号")),
        ("long_address", confirm("NGUYEN　VAN AN", LONG_ADDRESS, calendar=Calendar.WESTERN)),
        ("former_surname", confirm("伊藤　キヨ", "鹿児島県奄美市名瀬港町14番地2", former_surname="前田")),
        ("counter", delivery_view(RENEW, PICKUP_SLOTS, mail=False, step=DELIVERY_STEP, total=RENEWAL_STEPS)),
        ("staffed", delivery_view(RENEW, PICKUP_SLOTS, mail=True, step=DELIVERY_STEP, total=RENEWAL_STEPS)),
        ("no_slots", delivery_view(RENEW, (), mail=False, step=DELIVERY_STEP, total=RENEWAL_STEPS)),
        ("counter", submit("田中　太郎", "東京都世田谷区桜丘四丁目17番8号", slot=PICKUP_SLOTS[0])),
        ("mail", submit("伊藤　キヨ", LONG_ADDRESS, former_surname="前田")),
    ]


def _eligibility() -> list[tuple[str, View]]:
    """Why the kiosk will not take an application or reset today, from the card's own dates."""
    expiry, opens = dt.date(2027, 3, 14), dt.date(2026, 12, 14)
    lapsed = (CertificateKind.AUTHENTICATION, CertificateKind.SIGNATURE)
    return [
        ("renewal_not_yet", renewal_not_yet_view(RENEW, card_expiry=expiry, window_opens=opens)),
        ("certificates_only_expired",
         certificates_only_expired_view(RENEW, card_expiry=expiry, window_opens=opens, lapsed=lapsed)),
        ("residence_bound", residence_bound_view(RENEW, card_expiry=dt.date(2027, 2, 24))),
        ("sign_certificate_expired",
         certificate_expired_view(SIGN, CertificateKind.SIGNATURE, expired_on=dt.date(2021, 12, 25))),
        ("auth_certificate_expired",
         certificate_expired_view(FOUR, CertificateKind.AUTHENTICATION, expired_on=dt.date(2021, 12, 25))),
        ("card_ap_not_offered", info_view(RENEW, "info.card_ap_not_offered")),
        ("offline_needs_service", info_view(RENEW, "info.offline_needs_service")),
    ]  # fmt: skip


def _errors() -> list[tuple[str, View]]:
    found: list[tuple[str, View]] = []
    for kind in ERRORS:
        if kind in RETRY_KINDS:
            found.append((kind, face_retry_view(SIGN, kind, step=FACE_STEP, total=RESET_STEPS)))
        else:
            actions = (START_AGAIN, FINISH_INSTEAD) if kind in START_AGAIN_KINDS else (FINISH,)
            found.append((kind, error_view(RENEW, kind, params={"tries_left": 2}, actions=actions)))
    return found


def sample_photo_jpeg() -> bytes:
    """A renewal-photo-like JPEG (a committed public-domain face, cut to the card photo's 7:9) for the review."""
    import cv2

    from ui.camera import FACES_DIR, load_frame

    ok, jpeg = cv2.imencode(".jpg", load_frame(FACES_DIR / "grace_hopper.jpg", (420, 540)))
    return jpeg.tobytes() if ok else b""


def sample(name: str) -> Sample:
    """The sample called ``screen-state``; ``KeyError`` names the valid ones."""
    for found in samples():
        if found.name == name:
            return found
    raise KeyError(f"no sample {name!r}; choose one of: {', '.join(s.name for s in samples())}")


def sample_doctor_json() -> str:
    """What ``mynakiosk doctor --json --config …`` prints for a kiosk in service with a printer out of paper and a
    backlog in the outbox: the technician's maintenance screen in its sample state."""
    import json

    checks = [
        ("python", "ok", "Python 3.11.2 (/opt/mynakiosk/bin/python)", None),
        ("pcscd", "ok", "running", None),
        ("readers", "ok", "SONY FeliCa RC-S380/P 00 00 (card)", None),
        ("configured reader", "ok", "pcsc:SONY FeliCa answers; no card in it", None),
        ("camera", "ok", "'/dev/video0' delivers frames, 1280x720 at 30 fps", None),
        ("printer", "warn", "queue 'receipts': media-empty-error", "load paper"),
        (
            "backend",
            "ok",
            "https://kiosk-api.example.jp accepts kiosk kiosk-0001; offers renewal, sign_pin_reset",
            None,
        ),
        (
            "outbox",
            "warn",
            "2 pending (oldest 3 h), 0 refused",
            "staff: review refusals; check the network if items wait",
        ),
        ("disk", "ok", "41.7 GiB free on /var/lib/mynakiosk", None),
        ("clock", "ok", "2026-12-06 05:12:09 UTC, +0 s from the backend", None),
        ("sound output", "ok", "card 0: PCH [HDA Intel PCH]", None),
    ]
    return json.dumps(
        {
            "ok": True,
            "checks": [{"name": n, "status": st, "detail": d, "fix": f} for n, st, d, f in checks],
        }
    )
