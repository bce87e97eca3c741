"""Expiry is checked against the issue time in both directions (issue 18, item 9): a backend clock stepped back an
hour must not take a two-minute challenge or a ten-minute card session fifty minutes later. Time moves through the
service's clock seam (``Clock.advance``); every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import base64

from tests.backend.conftest import Env
from tests.backend.support import open_card_session, pin_reset_body, problem_type


def test_a_challenge_is_refused_fifty_minutes_later_after_the_clock_was_stepped_back_an_hour(env: Env) -> None:
    client = env.client()
    doc = client.post("/v1/challenges", {}).json()
    env.clock.advance(-3600)  # the backend's clock is stepped back an hour
    env.clock.advance(50 * 60)
    body = env.card().card_session_body(doc["challenge_id"], base64.b64decode(doc["nonce"]))
    r = client.post("/v1/card-sessions", body)
    assert r.status_code == 409 and problem_type(r) == "challenge-invalid", r.text


def test_a_clock_slewed_back_by_a_second_still_takes_a_fresh_challenge(env: Env) -> None:
    client = env.client()
    doc = client.post("/v1/challenges", {}).json()
    env.clock.advance(-1)
    body = env.card().card_session_body(doc["challenge_id"], base64.b64decode(doc["nonce"]))
    assert client.post("/v1/card-sessions", body).status_code == 201


def test_a_card_session_is_over_fifty_minutes_later_after_the_clock_was_stepped_back_an_hour(env: Env) -> None:
    client = env.client()
    session = open_card_session(client, env.card())
    env.clock.advance(-3600)
    env.clock.advance(50 * 60)
    r = client.post("/v1/pin-resets", pin_reset_body(client, session["card_session_id"]))
    assert r.status_code == 403 and problem_type(r) == "card-session-expired", r.text


def test_an_expired_card_session_has_its_own_problem_type_not_card_refused(env: Env) -> None:
    client = env.client()
    session = open_card_session(client, env.card())
    env.clock.advance(601)
    r = client.post("/v1/pin-resets", pin_reset_body(client, session["card_session_id"]))
    assert r.status_code == 403 and problem_type(r) == "card-session-expired"
    assert "expired" in r.json()["title"]
