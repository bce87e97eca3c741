"""Challenges and card authentication: the happy paths and every refusal."""

from __future__ import annotations

import base64
import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from backend import admin
from backend.db import transaction
from backend.domain import CardStatus, KioskStatus
from sim.apps import kenkaku
from tests.backend.conftest import Env
from tests.backend.support import at_once, b64, open_card_session, problem_type


def _challenge(env: Env, kiosk: str = "k-store") -> tuple[str, bytes]:
    r = env.client(kiosk).post("/v1/challenges", {})
    assert r.status_code == 201, r.text
    return r.json()["challenge_id"], base64.b64decode(r.json()["nonce"])


def test_challenge_is_32_random_bytes_with_short_expiry(env: Env) -> None:
    r = env.client().post("/v1/challenges", {})
    doc = r.json()
    assert len(base64.b64decode(doc["nonce"])) == 32
    expires = dt.datetime.fromisoformat(doc["expires_at"])
    assert dt.timedelta(0) < expires - env.clock.now() <= dt.timedelta(seconds=120)


def test_card_session_with_auth_key_offers_sign_pin_reset(env: Env) -> None:
    session = open_card_session(env.client(), env.card())
    assert session["key"] == "auth"
    assert session["services"]["sign_pin_reset"] is True
    assert session["services"]["four_digit_pin_reset"] is False


def test_card_session_with_sign_key(env: Env) -> None:
    assert open_card_session(env.client(), env.card(), key="sign")["key"] == "sign"


def test_card_face_data_is_verified_when_sent(env: Env) -> None:
    image = env.images["tanaka"]
    front, cvc = image.file(kenkaku.APP, 2), image.file(kenkaku.APP, 4)
    assert front is not None and cvc is not None
    cid, nonce = _challenge(env)
    card = env.card()
    body = card.card_session_body(cid, nonce)
    body["card_data"] |= {"kenmen_front": b64(front), "kenmen_intermediate": b64(cvc)}
    assert env.client().post("/v1/card-sessions", body).status_code == 201

    cid, nonce = _challenge(env)
    body = card.card_session_body(cid, nonce)
    tampered = bytearray(front)
    tampered[-300] ^= 0x01  # inside the signed region after DF 29
    body["card_data"] |= {"kenmen_front": b64(bytes(tampered)), "kenmen_intermediate": b64(cvc)}
    r = env.client().post("/v1/card-sessions", body)
    assert r.status_code == 403 and problem_type(r) == "card-not-genuine"


def test_expired_challenge_is_refused(env: Env) -> None:
    cid, nonce = _challenge(env)
    env.clock.advance(121)
    r = env.client().post("/v1/card-sessions", env.card().card_session_body(cid, nonce))
    assert r.status_code == 409 and problem_type(r) == "challenge-invalid"


def test_reused_nonce_is_refused(env: Env) -> None:
    cid, nonce = _challenge(env)
    card = env.card()
    assert env.client().post("/v1/card-sessions", card.card_session_body(cid, nonce)).status_code == 201
    r = env.client().post("/v1/card-sessions", card.card_session_body(cid, nonce))
    assert r.status_code == 409 and problem_type(r) == "challenge-invalid"


def test_challenge_of_another_kiosk_is_refused(env: Env) -> None:
    cid, nonce = _challenge(env, "k-hall")
    r = env.client("k-store").post("/v1/card-sessions", env.card().card_session_body(cid, nonce))
    assert r.status_code == 409 and problem_type(r) == "challenge-invalid"


def test_failed_verification_still_consumes_the_challenge(env: Env) -> None:
    cid, nonce = _challenge(env)
    card = env.card()
    bad = card.card_session_body(cid, nonce, signature=b64(bytes(256)))
    assert env.client().post("/v1/card-sessions", bad).status_code == 403
    r = env.client().post("/v1/card-sessions", card.card_session_body(cid, nonce))
    assert r.status_code == 409 and problem_type(r) == "challenge-invalid"


def test_bad_signature_is_refused(env: Env) -> None:
    cid, _nonce = _challenge(env)
    card = env.card()
    body = card.card_session_body(cid, b"some other nonce")  # a copied chip cannot sign *this* nonce
    body["challenge_id"] = cid
    r = env.client().post("/v1/card-sessions", body)
    assert r.status_code == 403 and problem_type(r) == "card-not-genuine"


def test_certificate_outside_the_trusted_chain_is_refused(env: Env) -> None:
    key = rsa.generate_private_key(65537, 2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forged")])
    now = dt.datetime.now(dt.UTC)
    forged = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=9))
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    cid, nonce = _challenge(env)
    body = env.card().card_session_body(cid, nonce, certificate=b64(forged.public_bytes(Encoding.DER)), chain=[])
    r = env.client().post("/v1/card-sessions", body)
    assert r.status_code == 403 and problem_type(r) == "card-not-genuine"


def test_missing_intermediate_breaks_the_chain(env: Env) -> None:
    cid, nonce = _challenge(env)
    r = env.client().post("/v1/card-sessions", env.card().card_session_body(cid, nonce, chain=[]))
    assert r.status_code == 403 and problem_type(r) == "card-not-genuine"


def test_unregistered_card_is_refused(env: Env) -> None:
    cid, nonce = _challenge(env)
    r = env.client().post("/v1/card-sessions", env.card("suzuki").card_session_body(cid, nonce))
    assert r.status_code == 403 and problem_type(r) == "card-refused"


def _set_card(env: Env, status: CardStatus) -> None:
    with transaction(env.ctx.sessions) as session:
        admin.set_card_status(session, env.clock, env.images["tanaka"].serial, status)


def test_revoked_card_is_refused(env: Env) -> None:
    _set_card(env, CardStatus.REVOKED)
    cid, nonce = _challenge(env)
    r = env.client().post("/v1/card-sessions", env.card().card_session_body(cid, nonce))
    assert r.status_code == 403 and problem_type(r) == "card-refused"
    assert "revoked" in r.json()["detail"]


def test_suspended_card_is_refused(env: Env) -> None:
    _set_card(env, CardStatus.SUSPENDED)
    cid, nonce = _challenge(env)
    r = env.client().post("/v1/card-sessions", env.card().card_session_body(cid, nonce))
    assert r.status_code == 403 and problem_type(r) == "card-refused"


def test_unknown_kiosk_is_refused(env: Env) -> None:
    stranger = env.client()
    stranger.kiosk = env.kiosk_pki.kiosk("k-unknown")
    r = stranger.post("/v1/challenges", {})
    assert r.status_code == 401 and problem_type(r) == "unknown-kiosk"


def test_suspended_kiosk_is_refused(env: Env) -> None:
    with transaction(env.ctx.sessions) as session:
        admin.set_kiosk_status(session, env.clock, "k-store", KioskStatus.SUSPENDED)
    env.ctx.forget_kiosks()
    r = env.client().post("/v1/challenges", {})
    assert r.status_code == 401 and problem_type(r) == "unknown-kiosk"


def test_request_signed_by_another_kiosk_key_is_refused(env: Env) -> None:
    client = env.client()
    client.kiosk = type(client.kiosk)("k-store", env.kiosk_pki.kiosk("k-hall").key, client.kiosk.certificate)
    r = client.post("/v1/challenges", {})
    assert r.status_code == 401 and problem_type(r) == "unauthenticated"


def test_unsigned_and_stale_requests_are_refused(env: Env) -> None:
    assert env.client().post("/v1/challenges", {}, sign=False).status_code == 401
    stale = env.client()
    stale.clock_offset_s = -301
    r = stale.post("/v1/challenges", {})
    assert r.status_code == 401 and "timestamp" in r.json()["detail"]


def test_card_session_rate_limit_per_card(env: Env) -> None:
    card = env.card()
    limit = env.ctx.settings.limits.card_sessions_per_card_per_hour
    for _ in range(limit):
        open_card_session(env.client(), card)
    cid, nonce = _challenge(env)
    r = env.client().post("/v1/card-sessions", card.card_session_body(cid, nonce))
    assert r.status_code == 429 and problem_type(r) == "rate-limited"


def test_the_per_card_session_limit_holds_under_concurrent_requests(env: Env) -> None:
    client, card = env.client(), env.card()
    limit = env.ctx.settings.limits.card_sessions_per_card_per_hour
    bodies = []
    for _ in range(limit + 10):
        doc = client.post("/v1/challenges", {}).json()
        bodies.append(card.card_session_body(doc["challenge_id"], base64.b64decode(doc["nonce"])))
    codes = at_once([lambda body=body: client.post("/v1/card-sessions", body) for body in bodies])
    assert codes.count(201) == limit and codes.count(429) == 10, codes
