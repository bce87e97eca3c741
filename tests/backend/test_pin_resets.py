"""PIN reset: policy, which PIN unlocks which reset, face evidence, the script, and its confirmation."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, update

from backend import admin
from backend.audit import seal_all
from backend.db import transaction
from backend.keys import test_key_material
from backend.management import derive_card_keys, expected_answer
from backend.models import AuditEntry, Card
from backend.settings import Limits
from sim.image import CardImage
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import MUNICIPALITY, Env, make_env
from tests.backend.support import at_once, database_dump, open_card_session, pin_reset_body, problem_type


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
    assert r.status_code == 403 and problem_type(r) == "card-session-expired"  # its own type: the kiosk can tell


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


def test_no_new_pin_is_recoverable_from_the_database_after_the_reset(env: Env) -> None:
    card = env.card()
    client = env.client()
    sid = open_card_session(client, card)["card_session_id"]
    body = pin_reset_body(client, sid, new_pin="NEWPIN42")
    r = client.post("/v1/pin-resets", body, idempotency_key="reset-to-search-for-0001")
    assert r.status_code == 201
    doc = r.json()
    answers = card.run_script(doc["script"])
    confirm = client.post(f"/v1/pin-resets/{doc['reset_id']}/confirm", {"answers": answers})
    assert confirm.json()["status"] == "confirmed"
    # The protected steps carry the new PIN under the card's key: with the management master at hand, any of
    # them in the database would give the PIN away. None may be there, in any encoding.
    dump = database_dump(env.db_url)
    protected = [step for step in doc["script"] if step["protected"]]
    assert protected
    for step in protected:
        apdu = bytes.fromhex(step["apdu"])
        for encoded in (apdu, step["apdu"].encode(), step["apdu"].lower().encode(), base64.b64encode(apdu)):
            assert encoded not in dump, step["step"]
    assert b"NEWPIN42" not in dump
    replay = client.post("/v1/pin-resets", body, idempotency_key="reset-to-search-for-0001")
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["script"] == [] and replay.json()["reset_id"] == doc["reset_id"]


def test_a_card_under_another_management_key_is_refused(env: Env) -> None:
    with transaction(env.ctx.sessions) as session:
        session.execute(update(Card).values(management_key_id="0123456789abcdef"))
    client = env.client()
    sid = open_card_session(client, env.card())["card_session_id"]
    r = client.post("/v1/pin-resets", pin_reset_body(client, sid))
    assert r.status_code == 503 and problem_type(r) == "not-configured"
    assert "0123456789abcdef" in r.json()["detail"]


def test_the_per_card_reset_limit_holds_under_concurrent_requests(env: Env) -> None:
    client = env.client()
    sid = open_card_session(client, env.card())["card_session_id"]
    limit = env.ctx.settings.limits.pin_resets_per_card_per_day
    bodies = [pin_reset_body(client, sid) for _ in range(2 * limit)]
    codes = at_once([lambda body=body: client.post("/v1/pin-resets", body) for body in bodies])
    assert codes.count(201) == limit and codes.count(429) == limit, codes


def test_refused_face_evidence_is_counted_per_card_session(env: Env) -> None:
    client = env.client()
    sid = open_card_session(client, env.card())["card_session_id"]
    for _ in range(env.ctx.settings.limits.face_failures_per_card_session):
        r = client.post("/v1/pin-resets", pin_reset_body(client, sid, liveness_passed=False))
        assert r.status_code == 403 and problem_type(r) == "face-mismatch"
    r = client.post("/v1/pin-resets", pin_reset_body(client, sid))  # good evidence, too late for this session
    assert r.status_code == 429 and problem_type(r) == "rate-limited"
    fresh = open_card_session(client, env.card())["card_session_id"]
    assert client.post("/v1/pin-resets", pin_reset_body(client, fresh)).status_code == 201


def _anomalies(env: Env) -> list[dict[str, Any]]:
    seal_all(env.ctx.sessions)
    with env.ctx.reads() as session:
        rows = session.execute(select(AuditEntry).where(AuditEntry.action == "kiosk.anomaly")).scalars()
        return [dict(row.details) | {"actor": row.actor} for row in rows]


@pytest.fixture
def alert_env(db_url: str, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]) -> Iterator[Env]:
    yield from make_env(db_url, kiosk_pki, card_images, limits=Limits(kiosk_resets_per_hour_alert=2))


def test_a_kiosk_resetting_faster_than_residents_come_is_recorded(alert_env: Env) -> None:
    for _ in range(2):
        assert _reset(alert_env).status_code == 201
    assert _anomalies(alert_env) == []
    assert _reset(alert_env).status_code == 201  # recorded, not refused
    assert _anomalies(alert_env) == [{"resets_last_hour": "at least 2", "actor": "kiosk:k-store"}]
