"""The management command script end to end: backend → kiosk relay → virtual card → /confirm.

The virtual card (``sim/os/management.py``) applies a genuine script once, and refuses altered, replayed,
redirected, stale and foreign ones; the backend confirms only what the card's MAC proves."""

from __future__ import annotations

from typing import Any

from backend import admin
from backend.db import transaction
from kiosk.card.errors import WrongPin
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN
from tests.backend.conftest import MUNICIPALITY, Env
from tests.backend.support import CardAtKiosk, SignedClient, open_card_session, pin_reset_body


def _script(env: Env, card: CardAtKiosk, *, key: str = "auth", target: str = "sign", pin: str = "NEWPIN42") -> Any:
    client = env.client()
    sid = open_card_session(client, card, key=key)["card_session_id"]
    r = client.post("/v1/pin-resets", pin_reset_body(client, sid, target=target, new_pin=pin))
    assert r.status_code == 201, r.text
    return r.json()


def _confirm(client: SignedClient, reset: Any, answers: list[dict[str, Any]]) -> Any:
    r = client.post(f"/v1/pin-resets/{reset['reset_id']}/confirm", {"answers": answers})
    assert r.status_code == 200, r.text
    return r.json()


def _sw(answers: list[dict[str, Any]]) -> str:
    return str(answers[-1]["response"][-4:])


def _block_sign_pin(card: CardAtKiosk) -> None:
    with card.open() as mc:
        for _ in range(mc.pin_status(Pins.SIGN).tries_left):
            try:
                mc.verify(Pins.SIGN, Pin("WRONG1"))
            except WrongPin:
                pass
    assert card.open().pin_status(Pins.SIGN).tries_left == 0


def test_sign_pin_reset_unblocks_and_sets_the_new_pin(env: Env) -> None:
    card = env.card()
    _block_sign_pin(card)
    reset = _script(env, card)
    answers = card.run_script(reset["script"])
    assert _sw(answers) == "9000"
    assert _confirm(env.client(), reset, answers)["status"] == "confirmed"
    with card.open() as mc:
        assert mc.pin_status(Pins.SIGN).tries_left == 5
        mc.verify(Pins.SIGN, Pin("NEWPIN42"))


def test_replayed_script_is_refused(env: Env) -> None:
    card = env.card()
    reset = _script(env, card)
    assert _sw(card.run_script(reset["script"])) == "9000"
    assert _sw(card.run_script(reset["script"])) == "6985"


def test_older_script_is_void_once_a_newer_one_ran(env: Env) -> None:
    card = env.card()
    older, newer = _script(env, card, pin="OLDER111"), _script(env, card, pin="NEWER222")
    assert _sw(card.run_script(newer["script"])) == "9000"
    assert _sw(card.run_script(older["script"])) == "6985"
    with card.open() as mc:
        mc.verify(Pins.SIGN, Pin("NEWER222"))


def test_altered_script_is_refused_and_changes_nothing(env: Env) -> None:
    card = env.card()
    reset = _script(env, card)
    for position in (12, 30, -3):  # counter, cryptogram, MAC
        script = [dict(step) for step in reset["script"]]
        apdu = bytearray(bytes.fromhex(script[2]["apdu"]))
        apdu[position - 1 if position < 0 else position] ^= 0x01
        script[2]["apdu"] = apdu.hex()
        assert _sw(card.run_script(script)) in ("6988", "6987")
    with card.open() as mc:
        mc.verify(Pins.SIGN, Pin(DEFAULT_SIGN_PIN))  # the old PIN still works


def test_script_redirected_to_another_pin_is_refused(env: Env) -> None:
    card = env.card()
    reset = _script(env, card, pin="123456AB")
    script = [dict(step) for step in reset["script"]]
    script[1]["apdu"] = "00A4020C020018"  # select the 4-digit auth PIN instead
    assert _sw(card.run_script(script)) == "6988"


def test_foreign_card_refuses_the_script(env: Env) -> None:
    reset = _script(env, env.card("tanaka"))
    other = env.card("suzuki")
    assert _sw(other.run_script(reset["script"])) == "6988"
    with other.open() as mc:
        mc.verify(Pins.SIGN, Pin(DEFAULT_SIGN_PIN))


def test_card_refusal_is_confirmed_as_failed(env: Env) -> None:
    card = env.card()
    reset = _script(env, card)
    card.run_script(reset["script"])
    replay = card.run_script(reset["script"])
    doc = _confirm(env.client(), reset, replay)
    assert doc["status"] == "failed" and doc["card_answer"] == "step 2: 6985"


def test_four_digit_reset_sets_all_three_pins(env: Env) -> None:
    with transaction(env.ctx.sessions) as session:
        admin.set_policy(session, env.clock, MUNICIPALITY, "store-1", four_digit_pin_reset=True)
    card = env.card()
    reset = _script(env, card, key="sign", target="four_digit", pin="5678")
    answers = card.run_script(reset["script"])
    assert [a["response"][-4:] for a in answers] == ["9000"] * 3
    assert _confirm(env.client(), reset, answers)["status"] == "confirmed"
    with card.open() as mc:
        for ref in (Pins.AUTH, Pins.TEXT, Pins.JUKI):
            mc.verify(ref, Pin("5678"))
        try:
            mc.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN))
        except WrongPin:
            pass
        else:
            raise AssertionError("the old 4-digit PIN still works")
