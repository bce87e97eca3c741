"""PIN reset: policy, which PIN unlocks which reset, face evidence, the script, and its confirmation."""

from __future__ import annotations

from typing import Any

from backend import admin
from backend.db import transaction
from backend.keys import test_key_material
from backend.management import derive_card_keys, expected_answer
from tests.backend.conftest import MUNICIPALITY, Env
from tests.backend.support import open_card_session, pin_reset_body, problem_type


def _reset(env: Env, key: str = "auth", **kw: Any) -> Any:
    client = env.client()
    session = open_card_session(client, env.card(), key=key)
    return client.post("/v1/pin-resets", pin_reset_body(client, session["card_session_id"], **kw))


def test_sign_pin_reset_after_auth_pin_returns_a_protected_script(env: Env) -> None:
    r = _reset(env)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["status"] == "script_issued" and doc["target"] == "sign"
    steps = doc["script"]
    assert [s["protected"] for s in steps] == [False, False, True]
    assert steps[0]["apdu"] == "00A4040C0AD392F000260100000001"  # SELECT JPKI AP
    assert steps[1]["apdu"] == "00A4020C02001B"  # SELECT signature PIN EF
    protected = bytes.fromhex(steps[2]["apdu"])
    assert protected[:4] == bytes.fromhex("0C2C0280")
    assert b"NEWPIN42" not in protected  # the PIN travels encrypted


def test_four_digit_reset_is_off_by_default(env: Env) -> None:
    r = _reset(env, key="sign", target="four_digit", new_pin="5678")
    assert r.status_code == 403 and problem_type(r) == "service-disabled"


def test_four_digit_reset_after_sign_pin_when_policy_allows(env: Env) -> None:
    with transaction(env.ctx.sessions) as session:
        admin.set_policy(session, env.clock, MUNICIPALITY, "store-1", four_digit_pin_reset=True)
    r = _reset(env, key="sign", target="four_digit", new_pin="5678")
    assert r.status_code == 201, r.text
    assert [s["protected"] for s in r.json()["script"]] == [False, False, True] * 3


def test_a_reset_needs_the_other_pin(env: Env) -> None:
    r = _reset(env, key="sign", target="sign")
    assert r.status_code == 403 and problem_type(r) == "forbidden"


def test_sign_pin_reset_can_be_switched_off(env: Env) -> None:
    with transaction(env.ctx.sessions) as session:
        admin.set_policy(session, env.clock, MUNICIPALITY, "store-1", sign_pin_reset=False)
    r = _reset(env)
    assert r.status_code == 403 and problem_type(r) == "service-disabled"


def test_failed_liveness_is_a_face_mismatch(env: Env) -> None:
    for kw in ({"liveness_passed": False}, {"liveness_score": 0.2}):
        r = _reset(env, **kw)
        assert r.status_code == 403 and problem_type(r) == "face-mismatch"


def test_evidence_sealed_for_another_session_does_not_open(env: Env) -> None:
    r = _reset(env, seal_context="00000000-0000-0000-0000-000000000000")
    assert r.status_code == 422 and problem_type(r) == "validation-failed"


def test_new_pin_with_the_wrong_format_is_refused(env: Env) -> None:
    for pin in ("short", "lowercase12", "ONLYLETTERS", "1234567"):
        r = _reset(env, new_pin=pin)
        assert r.status_code == 422, pin


def test_expired_card_session_is_refused(env: Env) -> None:
    client = env.client()
    session = open_card_session(client, env.card())
    env.clock.advance(601)
    r = client.post("/v1/pin-resets", pin_reset_body(client, session["card_session_id"]))
    assert r.status_code == 403 and problem_type(r) == "card-refused"


def test_card_session_of_another_kiosk_is_refused(env: Env) -> None:
    session = open_card_session(env.client("k-hall"), env.card())
    client = env.client()
    r = client.post("/v1/pin-resets", pin_reset_body(client, session["card_session_id"]))
    assert r.status_code == 403 and problem_type(r) == "card-refused"


def test_each_script_spends_fresh_counters(env: Env) -> None:
    a = _reset(env).json()["script"][2]["apdu"]
    b = _reset(env).json()["script"][2]["apdu"]
    assert a[10:22] != b[10:22]  # DO 81 (counter) differs


def test_confirm_refuses_a_success_the_card_did_not_sign(env: Env) -> None:
    client = env.client()
    doc = _reset(env).json()
    forged = [{"step": 2, "response": "9902900080EE" + "00" * 8 + "9000"}]
    r = env.client().post(f"/v1/pin-resets/{doc['reset_id']}/confirm", {"answers": forged})
    assert r.status_code == 422
    assert client.get(f"/v1/pin-resets/{doc['reset_id']}").json()["status"] == "script_issued"


def test_confirm_records_a_card_refusal_as_failed(env: Env) -> None:
    doc = _reset(env).json()
    r = env.client().post(f"/v1/pin-resets/{doc['reset_id']}/confirm", {"answers": [{"step": 2, "response": "6988"}]})
    assert r.status_code == 200 and r.json()["status"] == "failed"
    assert r.json()["card_answer"] == "step 2: 6988"


def test_confirm_accepts_the_card_mac_once(env: Env) -> None:
    doc = _reset(env).json()
    serial = env.images["tanaka"].serial
    counter = int(doc["script"][2]["apdu"][14:22], 16)
    keys = derive_card_keys(test_key_material().management_master, serial)
    answer = (expected_answer(keys, serial, counter) + b"\x90\x00").hex()
    client = env.client()
    r = client.post(f"/v1/pin-resets/{doc['reset_id']}/confirm", {"answers": [{"step": 2, "response": answer}]})
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    again = client.post(f"/v1/pin-resets/{doc['reset_id']}/confirm", {"answers": [{"step": 2, "response": answer}]})
    assert again.status_code == 409


def test_pin_reset_rate_limit_per_card(env: Env) -> None:
    for _ in range(env.ctx.settings.limits.pin_resets_per_card_per_day):
        assert _reset(env).status_code == 201
    r = _reset(env)
    assert r.status_code == 429 and problem_type(r) == "rate-limited"


def test_unknown_reset_is_not_found(env: Env) -> None:
    r = env.client().get("/v1/pin-resets/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and problem_type(r) == "not-found"
