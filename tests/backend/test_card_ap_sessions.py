"""The card-AP proof (``POST /v1/card-sessions/card-ap``): a renewal-age card whose JPKI certificates lapsed is
proven genuine by the issuer's signature over its card front and the chip's card key over a fresh backend nonce.
Good proof, forged signature, replayed nonce, wrong card, policy off; the audit tells the certificates apart."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from backend import admin, audit
from backend.card_registry import register_from_card_files
from backend.db import transaction
from backend.keys import test_key_material
from backend.models import AuditEntry, Renewal
from kiosk.card.identity import read_card_face
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.wire import CardApProof
from sim.apps import jpki, kenkaku
from sim.image import CardImage
from sim.personalise import new_card
from sim.personas import get_persona
from tests.backend.conftest import Env
from tests.backend.support import MUNICIPALITY, CardAtKiosk, pin_reset_body, problem_type, renewal_body

PATH = "/v1/card-sessions/card-ap"


@pytest.fixture(scope="module")
def old_cards() -> dict[str, CardImage]:
    """Ito's card issued 2017-01-10 (certificates expired since 2021) and a child's card issued five years and a
    half ago (expired, no signature certificate ever issued)."""
    child_issued = dt.date.today() - dt.timedelta(days=5 * 366 + 180)
    return {
        "ito": new_card(get_persona("ito"), seed=31, issued=dt.date(2017, 1, 10)),
        "sato": new_card(get_persona("sato"), seed=32, issued=child_issued),
    }


def _register(env: Env, image: CardImage) -> None:
    front = image.file(kenkaku.APP, 0x0002)
    assert front is not None
    with transaction(env.ctx.sessions) as session:
        register_from_card_files(
            session, env.clock, serial=image.serial, municipality=MUNICIPALITY,
            auth_cert_der=image.file(jpki.APP, 0x000A) or b"", sign_cert_der=image.file(jpki.APP, 0x0001),
            front_face=front, keys=test_key_material(),
        )  # fmt: skip


def _policy(env: Env, *, on: bool) -> None:
    with transaction(env.ctx.sessions) as session:
        admin.set_policy(session, env.clock, MUNICIPALITY, "store-1", card_ap_renewal=on)


def _challenge(env: Env) -> tuple[str, bytes]:
    r = env.client().post("/v1/challenges", {})
    assert r.status_code == 201, r.text
    return r.json()["challenge_id"], base64.b64decode(r.json()["nonce"])


def _proof(card: CardAtKiosk, challenge_id: str, nonce: bytes) -> CardApProof:
    """What the kiosk sends: PIN-B opens the card front, the chip signs the nonce, no JPKI PIN at all."""
    holder = card.image.holder
    with card.open() as mc:
        mc.verify(Pins.VISUAL_PIN_B, Pin(holder.pin_b))
        face = read_card_face(mc, nonce)
        auth_certificate = mc.jpki.auth_certificate()
    return CardApProof(
        challenge_id=challenge_id, juki_record=card.juki_record(), kenmen_front=face.front_raw,
        kenmen_intermediate=face.certificate_raw, card_signature=face.card_signature,
        auth_certificate=auth_certificate, sign_certificate_on_card=card.image.file(jpki.APP, 0x0001) is not None,
    )  # fmt: skip


def _open(env: Env, image: CardImage, **overrides: Any) -> Any:
    cid, nonce = _challenge(env)
    body = _proof(CardAtKiosk(image), cid, nonce).body()
    body |= overrides
    return env.client().post(PATH, body)


def _opened_audit(env: Env, card_session_id: str) -> dict[str, object]:
    audit.seal_all(env.ctx.sessions)
    with env.ctx.sessions() as session:
        for details in session.execute(
            select(AuditEntry.details).where(AuditEntry.action == "card_session.opened")
        ).scalars():
            if details.get("card_session_id") == card_session_id:
                return details
    raise AssertionError("no audit entry for the card session")


def test_good_proof_opens_a_renewal_only_session_and_records_the_proof(
    env: Env, old_cards: dict[str, CardImage]
) -> None:
    _register(env, old_cards["ito"])
    _policy(env, on=True)
    r = _open(env, old_cards["ito"])
    assert r.status_code == 201, r.text
    session = r.json()
    assert session["key"] == "card_ap"
    assert session["services"]["renewal"] is True
    details = _opened_audit(env, session["card_session_id"])
    assert details["proof"] == "card_ap"
    assert details["authentication_certificate"] == "expired"
    assert details["signature_certificate"] == "expired"
    client = env.client()
    renewal = client.post("/v1/renewals", renewal_body(session["card_session_id"], former_surname="前田"))
    assert renewal.status_code == 201, renewal.text
    with env.ctx.sessions() as db:
        row = db.get(Renewal, renewal.json()["application_number"])
        assert row is not None and row.former_surname == "前田"


def test_a_card_ap_session_cannot_reset_a_pin(env: Env, old_cards: dict[str, CardImage]) -> None:
    _register(env, old_cards["ito"])
    _policy(env, on=True)
    sid = _open(env, old_cards["ito"]).json()["card_session_id"]
    client = env.client()
    r = client.post("/v1/pin-resets", pin_reset_body(client, sid))
    assert r.status_code == 403, r.text


def test_never_issued_signature_certificate_is_told_apart(env: Env, old_cards: dict[str, CardImage]) -> None:
    _register(env, old_cards["sato"])
    _policy(env, on=True)
    r = _open(env, old_cards["sato"])
    assert r.status_code == 201, r.text
    details = _opened_audit(env, r.json()["card_session_id"])
    assert details["authentication_certificate"] == "expired"
    assert details["signature_certificate"] == "never_issued"


def test_forged_signature_is_refused(env: Env, old_cards: dict[str, CardImage]) -> None:
    _register(env, old_cards["ito"])
    _policy(env, on=True)
    cid, nonce = _challenge(env)
    proof = _proof(CardAtKiosk(old_cards["ito"]), cid, nonce)
    forged = bytearray(proof.card_signature)
    forged[10] ^= 0x01
    r = env.client().post(PATH, proof.body() | {"card_signature": base64.b64encode(bytes(forged)).decode()})
    assert r.status_code == 403 and problem_type(r) == "card-not-genuine", r.text


def test_forged_card_front_is_refused(env: Env, old_cards: dict[str, CardImage]) -> None:
    _register(env, old_cards["ito"])
    _policy(env, on=True)
    cid, nonce = _challenge(env)
    body = _proof(CardAtKiosk(old_cards["ito"]), cid, nonce).body()
    front = bytearray(base64.b64decode(body["card_data"]["kenmen_front"]))
    front[front.find(b"jP  ") + 300] ^= 0x55  # another photo: no longer what the issuer signed
    body["card_data"]["kenmen_front"] = base64.b64encode(bytes(front)).decode()
    r = env.client().post(PATH, body)
    assert r.status_code == 403 and problem_type(r) == "card-not-genuine", r.text


def test_replayed_nonce_is_refused(env: Env, old_cards: dict[str, CardImage]) -> None:
    _register(env, old_cards["ito"])
    _policy(env, on=True)
    cid, nonce = _challenge(env)
    body = _proof(CardAtKiosk(old_cards["ito"]), cid, nonce).body()
    assert env.client().post(PATH, body).status_code == 201
    again = env.client().post(PATH, body)  # a new request (new idempotency key) with the same proof
    assert again.status_code == 409 and problem_type(again) == "challenge-invalid", again.text


def test_proof_for_another_card_serial_is_refused(env: Env, old_cards: dict[str, CardImage]) -> None:
    _register(env, old_cards["ito"])
    _policy(env, on=True)
    cid, nonce = _challenge(env)
    proof = _proof(CardAtKiosk(old_cards["ito"]), cid, nonce)
    other = CardAtKiosk(env.images["tanaka"]).juki_record()  # a registered card, but not the one that signed
    body = proof.body()
    body["card_data"]["juki_record"] = base64.b64encode(other).decode()
    r = env.client().post(PATH, body)
    assert r.status_code == 403 and problem_type(r) == "card-refused", r.text


def test_policy_off_refuses_the_proof(env: Env, old_cards: dict[str, CardImage]) -> None:
    _register(env, old_cards["ito"])
    r = _open(env, old_cards["ito"])  # the default policy: each municipality opts in
    assert r.status_code == 403 and problem_type(r) == "service-disabled", r.text
    _policy(env, on=True)
    assert _open(env, old_cards["ito"]).status_code == 201
    _policy(env, on=False)
    assert problem_type(_open(env, old_cards["ito"])) == "service-disabled"


def test_the_jpki_endpoint_refuses_the_card_ap_kind(env: Env) -> None:
    cid, nonce = _challenge(env)
    body = CardAtKiosk(env.images["tanaka"]).card_session_body(cid, nonce, key="auth") | {"key": "card_ap"}
    r = env.client().post("/v1/card-sessions", body)
    assert r.status_code == 422, r.text
