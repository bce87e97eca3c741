"""Retention: expired challenges and old idempotency records go; final applications lose their photo."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import func, select

from backend.db import make_engine, transaction
from backend.migrate import upgrade
from backend.models import CardSession, Challenge, IdempotencyRecord, PinReset, Renewal
from backend.retention import purge
from tests.backend.conftest import Env
from tests.backend.support import open_card_session, pin_reset_body, renewal_body


def test_purge_drops_what_is_past_retention(env: Env) -> None:
    client = env.client()
    sid = open_card_session(client, env.card())["card_session_id"]
    number = client.post("/v1/renewals", renewal_body(sid)).json()["application_number"]
    client.post("/v1/challenges", {})  # never used
    official = env.staff_client("official", "k-store")
    for to in ("under_review", "rejected"):
        body = {"to": to, "reason": "photo"} if to == "rejected" else {"to": to}
        assert official.post(f"/v1/staff/renewals/{number}/transitions", body).status_code == 200
    with transaction(env.ctx.sessions) as session:
        nothing = purge(session, env.clock, env.ctx.settings.limits)
    assert nothing.renewal_photos == 0 and nothing.challenges == 0
    env.clock.advance(91 * 24 * 3600)
    with transaction(env.ctx.sessions) as session:
        done = purge(session, env.clock, env.ctx.settings.limits)
    assert done.renewal_photos == 1 and done.challenges == 2 and done.idempotency_records >= 3
    with env.ctx.reads() as session:
        renewal = session.get(Renewal, number)
        assert renewal is not None and renewal.photo == b"" and len(renewal.photo_sha256) == 64
        assert session.execute(select(func.count()).select_from(Challenge)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(IdempotencyRecord)).scalar_one() == 0


def test_purge_drops_contacts_and_old_card_records(env: Env) -> None:
    client = env.client()
    sid = open_card_session(client, env.card())["card_session_id"]
    body = renewal_body(sid, contact={"email": "resident@example.jp", "phone": "+81-90-1234-5678"})
    number = client.post("/v1/renewals", body).json()["application_number"]
    assert client.post("/v1/pin-resets", pin_reset_body(client, sid)).status_code == 201
    official = env.staff_client("official", "k-store")
    body = {"to": "withdrawn", "reason": "moved away"}
    assert official.post(f"/v1/staff/renewals/{number}/transitions", body).status_code == 200
    env.clock.advance(366 * 24 * 3600)
    with transaction(env.ctx.sessions) as session:
        done = purge(session, env.clock, env.ctx.settings.limits)
    assert done.pin_resets == 1 and done.card_sessions == 1
    with env.ctx.reads() as session:
        renewal = session.get(Renewal, number)
        assert renewal is not None and renewal.contact_email is None and renewal.contact_phone is None
        assert session.execute(select(func.count()).select_from(CardSession)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(PinReset)).scalar_one() == 0


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
