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
        body="pin.wrong.body" if state.endswith("wrong") else ("pin.sign.body" if sign else "pin.auth.body"),
        params={"tries_left": tries},
        entry=SIGN if sign else DIGITS4,
        actions=(CANCEL, Action("forgot", "action.i_forgot")),
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
        "hints": ("face.body", ("face.hint.move_closer", "face.hint.too_dark"), None),
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
                params={"reader": "nfc"},
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
                params={"reader": "contact"},
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
                    Action("forgot", "action.i_forgot", Role.PRIMARY),
                    Action("try", "action.try_anyway", Role.DANGER),
                ),
                keep_card=True,
                step=2,
                total_steps=6,
            ),
        )
    )
    found += [
        Sample(
            Screen.CARD_FRONT_ENTRY,
            "choose",
            View(
                Screen.CARD_FRONT_ENTRY,
                FlowKind.LOCKED_OUT,
                "card_front.title",
                "card_front.body",
                actions=(CANCEL, Action("scan", "action.scan"), Action("type", "action.type", Role.PRIMARY)),
                step=2,
                total_steps=4,
            ),
        ),
        Sample(
            Screen.CARD_FRONT_ENTRY,
            "birth_date",
            View(
                Screen.CARD_FRONT_ENTRY,
                FlowKind.LOCKED_OUT,
                "field.birth_date",
                "card_front.body",
                entry=EntrySpec(EntryKind.DATE, 8, 8, masked=False, field="birth_date"),
                actions=(CANCEL,),
                step=2,
                total_steps=4,
            ),
        ),
        Sample(
            Screen.CARD_FRONT_ENTRY,
            "security_code",
            View(
                Screen.CARD_FRONT_ENTRY,
                FlowKind.LOCKED_OUT,
                "field.security_code",
                "card_front.body",
                entry=EntrySpec(EntryKind.DIGITS, 4, 4, field="security_code"),
                actions=(CANCEL,),
                step=2,
                total_steps=4,
            ),
        ),
        Sample(
            Screen.CARD_FRONT_ENTRY,
            "confirm",
            View(
                Screen.CARD_FRONT_ENTRY,
                FlowKind.LOCKED_OUT,
                "card_front.confirm",
                "card_front.body",
                data={"birth_date": "1981-03-14", "expiry_year": "2034", "security_code": "••••"},
                actions=(Action("type", "action.type"), Action("ok", "action.ok", Role.PRIMARY)),
                step=2,
                total_steps=4,
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
                actions=(CANCEL, Action("shoot", "action.next", Role.PRIMARY, enabled=False)),
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
                actions=(Action("retake", "action.retake"), Action("accept", "action.accept", Role.PRIMARY)),
                step=4,
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
                entry=EntrySpec(EntryKind.TEXT, 3, 16, masked=False, field="user"),
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
                entry=EntrySpec(EntryKind.TEXT, 8, 32, masked=True, field="password"),
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
                params={"sessions": 24, "submitted": 19, "queued": 2, "refused": 1, "failed": 1, "cancelled": 1},
                actions=(BACK, Action("print", "receipt.print", Role.PRIMARY)),
            ),
        ),
    ]
    return found


def _confirm(name: str, address: str, sex: str) -> View:
    return View(
        Screen.CONFIRM_DATA,
        FlowKind.RENEWAL,
        "confirm.title",
        "confirm.body",
        data={"name": name, "address": address, "birth_date": "1981-03-14", "sex": sex, "card_expiry": "2034-03-14"},
        actions=(CANCEL, Action("ok", "action.next", Role.PRIMARY)),
        step=5,
        total_steps=7,
    )


def _delivery(*, mail: bool) -> View:
    slots = (
        ("slot:1", "12月8日（月）", "10:00"),
        ("slot:2", "12月8日（月）", "14:30"),
        ("slot:3", "12月10日（水）", "09:30"),
    )
    params: dict[str, str | int | float | bool] = {}
    actions: list[Action] = []
    for ident, date, time in slots:
        params[f"{ident}.date"], params[f"{ident}.time"] = date, time
        actions.append(Action(ident, "delivery.slot", Role.SECONDARY))
    if mail:
        actions.append(Action("mail", "delivery.mail", Role.SECONDARY))
    actions += [BACK]
    return View(
        Screen.DELIVERY_CHOICE,
        FlowKind.STAFF if mail else FlowKind.RENEWAL,
        "delivery.title",
        "delivery.mail.body" if mail else "delivery.counter.body",
        params=params,
        actions=tuple(actions),
        step=6,
        total_steps=7,
    )


def _staff_home(*, pending: int, online: bool) -> View:
    return View(
        Screen.STAFF_HOME,
        FlowKind.STAFF,
        "staff.home.title",
        "staff.synced" if online and not pending else "staff.offline",
        params={"pending": pending, "online": online},
        hints=("staff.queue",) if pending else (),
        actions=(
            Action("logout", "action.logout"),
            Action("report", "action.report"),
            Action("sync", "action.sync", enabled=online and pending > 0),
            Action("start_resident", "action.start_resident", Role.PRIMARY),
        ),
    )


def sample(name: str) -> Sample:
    """The sample called ``screen-state``; ``KeyError`` names the valid ones."""
    for found in samples():
        if found.name == name:
            return found
    raise KeyError(f"no sample {name!r}; choose one of: {', '.join(s.name for s in samples())}")
