"""A renewal delivered after its card session expired (issue 18, item 2's second half): accepted, up to the policy's
delay, when the card's own key signed the application during the session; refused with ``card-session-expired``
otherwise, and as not genuine when the signature does not match what arrived. Every test runs on SQLite and
PostgreSQL; time moves through the service's clock seam."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sqlalchemy import select

from backend import audit
from backend.models import AuditEntry
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.wire import late_renewal_nonce, renewal_digest
from sim.image import CardImage
from tests.backend.conftest import Env
from tests.backend.support import CardAtKiosk, open_card_session, problem_type, renewal_body
from tests.backend.test_card_ap_sessions import _open, _policy, _register, old_cards

__all__ = ["old_cards"]  # the fixture, shared with the card-AP tests

LATE = 20 * 60  # the kiosk's queue is sent twenty minutes after the resident left (sessions last ten)


def _card_ap_session(env: Env, image: CardImage) -> str:
    _register(env, image)
    _policy(env, on=True)
    r = _open(env, image)
    assert r.status_code == 201, r.text
    return str(r.json()["card_session_id"])


def _signed(image: CardImage, body: dict[str, Any]) -> dict[str, Any]:
    """The kiosk's step before queueing: PIN-B on the card-face AP, the card key signs the application."""
    nonce = late_renewal_nonce(body["card_session_id"], renewal_digest(body))
    with CardAtKiosk(image).open() as card:
        card.verify(Pins.VISUAL_PIN_B, Pin(image.holder.pin_b))
        signature = card.visual.internal_authenticate(nonce)
    return body | {"late_proof": {"card_signature": base64.b64encode(signature).decode()}}


def test_a_renewal_signed_by_the_card_is_accepted_twenty_minutes_late_and_audited(
    env: Env, old_cards: dict[str, CardImage]
) -> None:
    sid = _card_ap_session(env, old_cards["ito"])
    body = _signed(old_cards["ito"], renewal_body(sid))
    env.clock.advance(LATE)
    r = env.client().post("/v1/renewals", body)
    assert r.status_code == 201, r.text
    audit.seal_all(env.ctx.sessions)
    with env.ctx.sessions() as session:
        late = session.execute(select(AuditEntry.details).where(AuditEntry.action == "renewal.late_delivery")).all()
    assert [row.details["card_session_id"] for row in late] == [sid]
    assert late[0].details["late_by_s"] == LATE - 600


def test_without_the_cards_signature_an_expired_session_is_refused_with_its_own_type(
    env: Env, old_cards: dict[str, CardImage]
) -> None:
    sid = _card_ap_session(env, old_cards["ito"])
    env.clock.advance(LATE)
    r = env.client().post("/v1/renewals", renewal_body(sid))
    assert r.status_code == 403 and problem_type(r) == "card-session-expired", r.text


def test_a_late_delivery_beyond_the_policys_delay_is_refused(env: Env, old_cards: dict[str, CardImage]) -> None:
    sid = _card_ap_session(env, old_cards["ito"])
    body = _signed(old_cards["ito"], renewal_body(sid))
    env.clock.advance(env.ctx.settings.limits.late_renewal_max_s + 1)
    r = env.client().post("/v1/renewals", body)
    assert r.status_code == 403 and problem_type(r) == "card-session-expired", r.text


def test_a_backend_clock_stepped_back_does_not_open_the_late_window(env: Env, old_cards: dict[str, CardImage]) -> None:
    sid = _card_ap_session(env, old_cards["ito"])
    body = _signed(old_cards["ito"], renewal_body(sid))
    env.clock.advance(-3600)
    r = env.client().post("/v1/renewals", body)
    assert r.status_code == 403 and problem_type(r) == "card-session-expired", r.text


@pytest.mark.parametrize(
    "change",
    [
        {"collection_method": "restricted_post", "reservation_slot": None},
        {"former_surname": "前田"},
        {"contact": {"email": "someone-else@example.jp"}},
    ],
)
def test_an_application_changed_after_the_card_signed_it_is_not_genuine(
    env: Env, old_cards: dict[str, CardImage], change: dict[str, Any]
) -> None:
    sid = _card_ap_session(env, old_cards["ito"])
    body = _signed(old_cards["ito"], renewal_body(sid)) | change
    env.clock.advance(LATE)
    r = env.client().post("/v1/renewals", body)
    assert r.status_code == 403 and problem_type(r) == "card-not-genuine", r.text


def test_a_signature_for_another_card_session_does_not_carry_over(env: Env, old_cards: dict[str, CardImage]) -> None:
    first = _card_ap_session(env, old_cards["ito"])
    signed = _signed(old_cards["ito"], renewal_body(first))
    second = _open(env, old_cards["ito"]).json()["card_session_id"]
    env.clock.advance(LATE)
    r = env.client().post("/v1/renewals", signed | {"card_session_id": second})
    assert r.status_code == 403 and problem_type(r) == "card-not-genuine", r.text


def test_a_jpki_session_records_no_card_key_and_cannot_be_delivered_late(env: Env) -> None:
    client = env.client()
    sid = open_card_session(client, env.card())["card_session_id"]
    body = renewal_body(sid) | {"late_proof": {"card_signature": base64.b64encode(bytes(256)).decode()}}
    env.clock.advance(LATE)
    r = client.post("/v1/renewals", body)
    assert r.status_code == 403 and problem_type(r) == "card-session-expired", r.text


def test_an_on_time_renewal_with_a_late_proof_is_taken_as_usual(env: Env, old_cards: dict[str, CardImage]) -> None:
    sid = _card_ap_session(env, old_cards["ito"])
    r = env.client().post("/v1/renewals", _signed(old_cards["ito"], renewal_body(sid)))
    assert r.status_code == 201, r.text
