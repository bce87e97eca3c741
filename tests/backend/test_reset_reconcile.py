"""A PIN reset whose confirmation never came is not left claiming a state nobody knows (issue 17, item 1): the
daily reconciliation marks it ``unconfirmed`` with an audit entry, and a confirmation that arrives later (a kiosk's
queued one) still settles it. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.audit import seal_all
from backend.db import transaction
from backend.models import AuditEntry
from backend.retention import purge
from tests.backend.conftest import Env
from tests.backend.support import open_card_session, pin_reset_body


def _issue(env: Env) -> tuple[Any, dict[str, Any]]:
    card = env.card()
    client = env.client()
    session = open_card_session(client, card)
    r = client.post("/v1/pin-resets", pin_reset_body(client, session["card_session_id"]))
    assert r.status_code == 201, r.text
    return card, r.json()


def _status(env: Env, reset_id: str) -> str:
    r = env.client().get(f"/v1/pin-resets/{reset_id}")
    assert r.status_code == 200, r.text
    return str(r.json()["status"])


def _purge(env: Env) -> int:
    with transaction(env.ctx.sessions) as session:
        return purge(session, env.clock, env.ctx.settings.limits).unconfirmed_resets


def test_an_unconfirmed_reset_is_marked_and_audited_after_the_window(env: Env) -> None:
    _, doc = _issue(env)
    assert _purge(env) == 0, "inside the window a confirmation may still come"
    assert _status(env, doc["reset_id"]) == "script_issued"
    env.clock.advance(env.ctx.settings.limits.reset_confirm_window_s + 1)
    assert _purge(env) == 1
    assert _status(env, doc["reset_id"]) == "unconfirmed"
    assert _purge(env) == 0, "marked once"
    seal_all(env.ctx.sessions)
    with transaction(env.ctx.sessions) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "pin_reset.unconfirmed")).all()
    assert [e.details["reset_id"] for e in entries] == [doc["reset_id"]]


def test_a_late_confirmation_settles_an_unconfirmed_reset(env: Env) -> None:
    card, doc = _issue(env)
    answers = card.run_script(doc["script"])  # the card applied it; the answer is only delivered later
    env.clock.advance(env.ctx.settings.limits.reset_confirm_window_s + 1)
    assert _purge(env) == 1
    r = env.client().post(f"/v1/pin-resets/{doc['reset_id']}/confirm", {"answers": answers})
    assert r.status_code == 200 and r.json()["status"] == "confirmed", r.text


def test_a_confirmed_reset_is_never_reconciled(env: Env) -> None:
    card, doc = _issue(env)
    answers = card.run_script(doc["script"])
    assert env.client().post(f"/v1/pin-resets/{doc['reset_id']}/confirm", {"answers": answers}).status_code == 200
    env.clock.advance(env.ctx.settings.limits.reset_confirm_window_s + 1)
    assert _purge(env) == 0
    assert _status(env, doc["reset_id"]) == "confirmed"
