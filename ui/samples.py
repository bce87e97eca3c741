"""Sample Views: every screen in every state worth looking at, for screenshots, tests and the fake driver.

The values are fictional (persona 田中 太郎 of the simulator, and the longest address among the personas so a
layout is tried at its worst). Each sample is named ``(screen, state)``; ``mynakiosk screenshots`` writes one PNG
per sample and language as ``screen-state-lang.png``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.flows.messages import ERRORS
from kiosk.flows.view import Action, EntryKind, EntrySpec, FlowKind, Role, Screen, View

FINISH = Action("finish", "action.finish", Role.PRIMARY)
CANCEL = Action("cancel", "action.cancel", Role.CANCEL)
BACK = Action("back", "action.back", Role.SECONDARY)
RETRY = Action("retry", "action.retry", Role.PRIMARY)
DIGITS4 = EntrySpec(EntryKind.DIGITS, 4, 4)
SIGN = EntrySpec(EntryKind.ALNUM, 6, 16)

LONG_ADDRESS = "神奈川県横浜市中区山下町123番地　グランドメゾン横浜1204号"


@dataclass(frozen=True)
class Sample:
    screen: Screen
    state: str
    view: View

    @property
    def name(self) -> str:
        return f"{self.screen.value}-{self.state}"


def _services() -> View:
    return View(
        Screen.CHOOSE_SERVICE,
        title="services.title",
        body="services.body",
        actions=(
            Action("sign_pin_reset", "service.sign_pin_reset", Role.PRIMARY),
            Action("pin_reset", "service.pin_reset.pending", Role.SECONDARY, enabled=False),
            Action("renewal", "service.renewal", Role.PRIMARY),
            Action("locked_out", "service.locked_out", Role.SECONDARY),
            CANCEL,
        ),
    )


def _pin(state: str) -> View:
    sign = state.startswith("sign")
    tries = {"auth": 3, "auth_wrong": 2, "sign": 5, "sign_wrong": 4}[state]
    return View(
        Screen.PIN_ENTRY,
        FlowKind.RENEWAL if not sign else FlowKind.SIGN_PIN_RESET,
        title="pin.sign.title" if sign else "pin.auth.title",
        body="pin.sign.body" if sign else "pin.auth.body",
        params={"tries_left": tries},
        entry=SIGN if sign else DIGITS4,
        error="wrong_pin" if state.endswith("wrong") else None,
        actions=(Action("forgot", "action.i_forgot"), CANCEL),
        step=2,
        total_steps=6,
        keep_card=True,
    )


def _new_pin(state: str) -> View:
    digits = state.startswith("digits")
    hints = ("pin.weak.sequence",) if state == "sign_weak" else ()
    hints = ("pin.new.mismatch",) if state == "sign_mismatch" else hints
    return View(
        Screen.NEW_PIN,
        FlowKind.PIN_RESET if digits else FlowKind.SIGN_PIN_RESET,
        title="pin.new.confirm.title" if state.endswith("confirm") else "pin.new.title",
        body="pin.new.digits.body" if digits else "pin.new.sign.body",
        entry=EntrySpec(EntryKind.DIGITS, 4, 4, field="new_pin") if digits else EntrySpec(EntryKind.ALNUM, 6, 16),
        hints=hints,
        actions=(CANCEL,),
        step=5,
        total_steps=6,
        keep_card=True,
    )


def _face(state: str) -> View:
    body, hints, countdown = {
        "blink": ("face.challenge.blink", ("face.hint.hold_still",), 12),
        "turn_left": ("face.challenge.turn_left", (), 10),
        "hints": ("face.body", ("face.hint.move_closer", "face.hint.more_light"), None),
        "matching": ("face.matching", (), None),
    }[state]
    return View(
        Screen.FACE_CAPTURE,
        FlowKind.SIGN_PIN_RESET,
        title="face.title",
        body=body,
        hints=hints,
        countdown=countdown,
        actions=(CANCEL,),
        step=4,
        total_steps=6,
        camera=True,
        keep_card=True,
        progress=0.5 if state == "matching" else None,
    )


def _error(kind: str) -> View:
    actions: tuple[Action, ...] = (FINISH,)
    if kind in {"wrong_pin", "face_mismatch", "liveness_failed", "photo_quality", "backend_down", "card_unreadable"}:
        actions = (CANCEL, RETRY)
    return View(
        Screen.ERROR,
        title=f"error.{kind}.title",
        body=f"error.{kind}.body",
        params={"tries_left": 2, "reference": "R-7Q4K-2M9X"},
        error=kind,
        actions=actions,
    )


def samples() -> list[Sample]:
    """Every sample, in the order a resident would meet the screens."""
    found: list[Sample] = [
        Sample(
            Screen.ATTRACT,
            "default",
            View(
                Screen.ATTRACT,
                title="attract.title",
                body="attract.body",
                actions=(Action("start", "action.start", Role.PRIMARY),),
            ),
        ),
        Sample(Screen.CHOOSE_SERVICE, "default", _services()),
        Sample(
            Screen.PLACE_CARD,
            "nfc",
            View(
                Screen.PLACE_CARD,
                FlowKind.SIGN_PIN_RESET,
                "card.place.title",
                "card.place.body",
                actions=(CANCEL,),
                step=1,
                total_steps=6,
            ),
        ),
        Sample(
            Screen.PLACE_CARD,
            "contact",
            View(
                Screen.PLACE_CARD,
                FlowKind.RENEWAL,
                "card.place.title",
                "card.place.body.contact",
                actions=(CANCEL,),
                step=1,
                total_steps=7,
            ),
        ),
        Sample(
            Screen.READING,
            "progress",
            View(
                Screen.READING,
                FlowKind.SIGN_PIN_RESET,
                "card.reading.title",
                "card.reading.body",
                progress=0.4,
                keep_card=True,
                step=1,
                total_steps=6,
            ),
        ),
    ]
    found += [Sample(Screen.PIN_ENTRY, s, _pin(s)) for s in ("auth", "auth_wrong", "sign", "sign_wrong")]
    found.append(
        Sample(
            Screen.LAST_TRY_WARNING,
            "auth",
            View(
                Screen.LAST_TRY_WARNING,
                FlowKind.SIGN_PIN_RESET,
                "pin.last_try.title",
                "pin.last_try.body",
                params={"tries_left": 1},
                actions=(
                    Action("try_anyway", "action.try_anyway", Role.DANGER),
                    Action("forgot", "action.i_forgot", Role.PRIMARY),
                    CANCEL,
                ),
                keep_card=True,
                step=2,
                total_steps=6,
            ),
        )
    )
    found += [
        Sample(Screen.CARD_FRONT_ENTRY, "birth_date", _card_front("field.birth_date", EntryKind.DATE, masked=False)),
        Sample(
            Screen.CARD_FRONT_ENTRY, "expiry_year", _card_front("field.expiry_year", EntryKind.DIGITS, masked=False)
        ),
        Sample(
            Screen.CARD_FRONT_ENTRY, "security_code", _card_front("field.security_code", EntryKind.DIGITS, masked=True)
        ),
        Sample(
            Screen.CARD_FRONT_ENTRY,
            "format_error",
            _card_front("field.security_code", EntryKind.DIGITS, masked=True, error="pin_format"),
        ),
        Sample(
            Screen.CARD_FRONT_ENTRY,
            "confirm",
            View(
                Screen.CARD_FRONT_ENTRY,
                FlowKind.LOCKED_OUT,
                "card_front.title",
                "card_front.confirm",
                params={"tries_left": 10},
                data={"birth_date": "19810314", "expiry_year": "2034"},
                actions=(Action("ok", "action.ok", Role.PRIMARY), Action("edit", "action.back"), CANCEL),
                step=2,
                total_steps=3,
            ),
        ),
    ]
    found += [Sample(Screen.FACE_CAPTURE, s, _face(s)) for s in ("blink", "turn_left", "hints", "matching")]
    found += [
        Sample(Screen.NEW_PIN, s, _new_pin(s)) for s in ("sign", "sign_weak", "sign_confirm", "sign_mismatch", "digits")
    ]
    found += [
        Sample(
            Screen.PHOTO_CAPTURE,
            "hints",
            View(
                Screen.PHOTO_CAPTURE,
                FlowKind.RENEWAL,
                "photo.title",
                "photo.body",
                hints=("face.hint.remove_hat", "face.hint.plain_background"),
                actions=(CANCEL,),
                camera=True,
                step=4,
                total_steps=7,
            ),
        ),
        Sample(
            Screen.PHOTO_REVIEW,
            "default",
            View(
                Screen.PHOTO_REVIEW,
                FlowKind.RENEWAL,
                "photo.review.title",
                "photo.body",
                actions=(Action("accept", "action.accept", Role.PRIMARY), Action("retake", "action.retake"), CANCEL),
                data={"photo_jpeg_base64": sample_photo_base64()},
                step=5,
                total_steps=7,
            ),
        ),
        Sample(Screen.CONFIRM_DATA, "default", _confirm("田中　太郎", "東京都世田谷区桜丘四丁目17番8号", "1")),
        Sample(Screen.CONFIRM_DATA, "long_address", _confirm("NGUYEN　VAN AN", LONG_ADDRESS, "1")),
        Sample(Screen.DELIVERY_CHOICE, "counter", _delivery(mail=False)),
        Sample(Screen.DELIVERY_CHOICE, "staffed", _delivery(mail=True)),
        Sample(
            Screen.WORKING,
            "backend",
            View(
                Screen.WORKING,
                FlowKind.SIGN_PIN_RESET,
                "working.title",
                "working.backend",
                progress=None,
                keep_card=True,
                step=6,
                total_steps=6,
            ),
        ),
        Sample(
            Screen.WORKING,
            "card",
            View(
                Screen.WORKING,
                FlowKind.SIGN_PIN_RESET,
                "working.title",
                "working.card",
                progress=0.7,
                keep_card=True,
                step=6,
                total_steps=6,
            ),
        ),
        Sample(
            Screen.RESULT,
            "reset_done",
            View(
                Screen.RESULT,
                FlowKind.SIGN_PIN_RESET,
                "reset.done.title",
                "reset.done.body",
                params={"reference": "R-7Q4K-2M9X"},
                hints=("card.take.body",),
                actions=(Action("receipt", "receipt.print"), FINISH),
            ),
        ),
        Sample(
            Screen.RESULT,
            "renewal_done",
            View(
                Screen.RESULT,
                FlowKind.RENEWAL,
                "renewal.done.title",
                "renewal.done.body",
                params={"application_number": "2026-1123-000417"},
                hints=("card.take.body",),
                actions=(Action("receipt", "receipt.print"), FINISH),
            ),
        ),
        Sample(
            Screen.RESULT,
            "renewal_queued",
            View(
                Screen.RESULT,
                FlowKind.STAFF,
                "renewal.done.title",
                "renewal.queued.body",
                hints=("card.take.body",),
                actions=(FINISH,),
            ),
        ),
        Sample(
            Screen.INFO,
            "locked_out",
            View(Screen.INFO, FlowKind.LOCKED_OUT, "info.locked_out.title", "info.locked_out.body", actions=(FINISH,)),
        ),
        Sample(
            Screen.INFO,
            "auth_blocked",
            View(
                Screen.INFO,
                FlowKind.SIGN_PIN_RESET,
                "info.locked_out.title",
                "info.auth_blocked.body",
                actions=(FINISH,),
            ),
        ),
        Sample(
            Screen.INFO,
            "no_sign_certificate",
            View(
                Screen.INFO,
                FlowKind.SIGN_PIN_RESET,
                "info.locked_out.title",
                "info.no_sign_certificate",
                actions=(FINISH,),
            ),
        ),
        Sample(
            Screen.INFO,
            "service_unavailable",
            View(Screen.INFO, None, "info.locked_out.title", "info.service_unavailable", actions=(BACK, FINISH)),
        ),
    ]
    found += [Sample(Screen.ERROR, kind, _error(kind)) for kind in ERRORS]
    found += [
        Sample(
            Screen.IDLE_WARNING,
            "countdown",
            View(
                Screen.IDLE_WARNING,
                FlowKind.SIGN_PIN_RESET,
                "idle.title",
                "idle.body",
                params={"seconds": 27},
                countdown=27,
                actions=(Action("finish", "action.finish"), Action("still_here", "action.still_here", Role.PRIMARY)),
            ),
        ),
        Sample(
            Screen.STAFF_LOGIN,
            "user",
            View(
                Screen.STAFF_LOGIN,
                FlowKind.STAFF,
                "staff.login.title",
                "staff.login.user",
                entry=EntrySpec(EntryKind.TEXT, 1, 64, masked=False, field="username"),
                actions=(CANCEL,),
            ),
        ),
        Sample(
            Screen.STAFF_LOGIN,
            "password",
            View(
                Screen.STAFF_LOGIN,
                FlowKind.STAFF,
                "staff.login.title",
                "staff.login.password",
                entry=EntrySpec(EntryKind.TEXT, 1, 256, masked=True, field="password"),
                actions=(CANCEL,),
            ),
        ),
        Sample(Screen.STAFF_HOME, "offline", _staff_home(pending=3, online=False)),
        Sample(Screen.STAFF_HOME, "synced", _staff_home(pending=0, online=True)),
        Sample(
            Screen.STAFF_REPORT,
            "default",
            View(
                Screen.STAFF_REPORT,
                FlowKind.STAFF,
                "staff.report.title",
                "staff.report.title",
                params={
                    "queue_pending": 2,
                    "queue_delivered": 19,
                    "queue_refused": 1,
                    "sessions_cancelled": 1,
                    "sessions_renewal_queued": 2,
                    "sessions_renewal_submitted": 19,
                    "sessions_total": 23,
                    "backend_staffed_popup_renewal_submitted": 19,
                },
                actions=(Action("ok", "action.back", Role.PRIMARY),),
            ),
        ),
    ]
    return found


def _card_front(label: str, kind: EntryKind, *, masked: bool, error: str | None = None) -> View:
    field = {"field.birth_date": "birth_date", "field.expiry_year": "expiry_year"}.get(label, "security_code")
    return View(
        Screen.CARD_FRONT_ENTRY,
        FlowKind.LOCKED_OUT,
        "card_front.title",
        label,
        params={"tries_left": 10},
        entry=EntrySpec(
            kind, 4 if kind is EntryKind.DIGITS else 8, 4 if kind is EntryKind.DIGITS else 8, masked, field
        ),
        error=error,
        actions=(CANCEL,),
        step=2,
        total_steps=3,
    )


def sample_photo_base64() -> str:
    """A renewal-photo-like JPEG (a committed public-domain face, cropped to 3:4) for the review screen."""
    import base64

    import cv2

    from ui.camera import FACES_DIR, load_frame

    ok, jpeg = cv2.imencode(".jpg", load_frame(FACES_DIR / "grace_hopper.jpg", (360, 480)))
    return base64.b64encode(jpeg.tobytes()).decode() if ok else ""


def _confirm(name: str, address: str, sex: str) -> View:
    return View(
        Screen.CONFIRM_DATA,
        FlowKind.RENEWAL,
        "confirm.title",
        "confirm.body",
        data={"name": name, "address": address, "birth_date": "1981-03-14", "sex": sex, "card_expiry": "2034-03-14"},
        actions=(Action("ok", "action.continue", Role.PRIMARY), CANCEL),
        step=6,
        total_steps=7,
    )


def _delivery(*, mail: bool) -> View:
    slots = ("2026-01-13T10:00:00+09:00", "2026-01-13T14:00:00+09:00", "2026-01-14T10:00:00+09:00")
    actions = [Action(f"slot:{slot}", "delivery.slot", Role.PRIMARY) for slot in slots]
    if mail:
        actions.append(Action("mail", "delivery.mail", Role.SECONDARY))
    return View(
        Screen.DELIVERY_CHOICE,
        FlowKind.RENEWAL,
        "delivery.title",
        "delivery.counter.body",
        params={f"slot{i}": slot.replace("T", " ")[:16] for i, slot in enumerate(slots)},
        actions=(*actions, CANCEL),
        step=7,
        total_steps=7,
    )


def _staff_home(*, pending: int, online: bool) -> View:
    return View(
        Screen.STAFF_HOME,
        FlowKind.STAFF,
        "staff.home.title",
        "staff.queue" if pending else "staff.synced",
        params={"pending": pending, "delivered": 17, "refused": 1},
        error=None if online else "backend_down",
        actions=(
            Action("start_resident", "action.start_resident", Role.PRIMARY),
            Action("sync", "action.sync", enabled=pending > 0),
            Action("report", "action.report"),
            Action("logout", "action.logout", Role.CANCEL),
        ),
    )


def sample(name: str) -> Sample:
    """The sample called ``screen-state``; ``KeyError`` names the valid ones."""
    for found in samples():
        if found.name == name:
            return found
    raise KeyError(f"no sample {name!r}; choose one of: {', '.join(s.name for s in samples())}")
