"""Security events a kiosk reports (``POST /v1/kiosk-events``) land in the audit chain, once per Idempotency-Key,
with nothing personal and no command data beyond CLA and INS (issue 17, relay allow-list). SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from backend.audit import seal_all, verify
from backend.db import transaction
from backend.models import AuditEntry
from tests.backend.conftest import Env
from tests.backend.support import open_card_session, pin_reset_body

AT = "2026-12-06T14:00:00+09:00"


def _event(reset_id: str | None, *, cla: int = 0x00, ins: int = 0xB0) -> dict[str, Any]:
    return {"type": "relay_refused", "occurred_at": AT, "reset_id": reset_id, "command": {"cla": cla, "ins": ins}}


def _entries(env: Env) -> list[AuditEntry]:
    seal_all(env.ctx.sessions)
    with transaction(env.ctx.sessions) as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "kiosk_event.relay_refused")).all()
        session.expunge_all()
    return list(rows)


def _reset(env: Env) -> tuple[str, str]:
    card = env.card()
    client = env.client()
    session = open_card_session(client, card)
    r = client.post("/v1/pin-resets", pin_reset_body(client, session["card_session_id"]))
    assert r.status_code == 201, r.text
    return r.json()["reset_id"], card.image.serial


def test_a_refused_relay_is_one_audit_entry_naming_the_kiosk_the_card_and_the_instruction(env: Env) -> None:
    reset_id, serial = _reset(env)
    r = env.client().post("/v1/kiosk-events", _event(reset_id, cla=0x00, ins=0x20), idempotency_key="event-0001")
    assert r.status_code == 201, r.text
    assert r.json()["type"] == "relay_refused" and r.json()["reset_id"] == reset_id
    (entry,) = _entries(env)
    assert (entry.actor, entry.subject) == ("kiosk:k-store", serial)
    assert entry.details == {
        "reset_id": reset_id, "reset_known": True, "cla": "00", "ins": "20", "occurred_at": "2026-12-06T14:00:00+09:00"
    }  # fmt: skip
    with transaction(env.ctx.sessions) as session:
        assert verify(session).ok


def test_the_same_event_sent_again_is_recorded_once(env: Env) -> None:
    reset_id, _ = _reset(env)
    client = env.client()
    first = client.post("/v1/kiosk-events", _event(reset_id), idempotency_key="event-0002")
    again = client.post("/v1/kiosk-events", _event(reset_id), idempotency_key="event-0002")
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert len(_entries(env)) == 1
    other = client.post("/v1/kiosk-events", _event(reset_id, ins=0xA4), idempotency_key="event-0002")
    assert other.status_code == 409, "another event under a used key is refused, not recorded"
    assert len(_entries(env)) == 1


def test_an_unknown_or_another_kiosks_reset_is_still_recorded_against_the_kiosk(env: Env) -> None:
    reset_id, _ = _reset(env)  # made by k-store
    r = env.client("k-post").post("/v1/kiosk-events", _event(reset_id))
    assert r.status_code == 201, r.text
    r = env.client("k-post").post("/v1/kiosk-events", _event(None))
    assert r.status_code == 201, r.text
    entries = _entries(env)
    assert [(e.subject, e.details["reset_known"]) for e in entries] == [("kiosk:k-post", False)] * 2


def test_an_event_carries_only_cla_and_ins_and_is_refused_with_anything_more(env: Env) -> None:
    client = env.client()
    for body in (
        _event(None) | {"command": {"cla": 0, "ins": 0xB0, "p1": 0}},
        _event(None) | {"command": {"cla": 0, "ins": 0xB0}, "data": "0020008004"},
        _event(None) | {"command": {"cla": 0, "ins": 256}},
        _event(None) | {"type": "anything_else"},
        _event(None) | {"reset_id": "not-a-uuid"},
    ):
        r = client.post("/v1/kiosk-events", body)
        assert r.status_code == 422, (body, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    assert _entries(env) == []


def test_an_event_needs_a_kiosk_signature_and_an_idempotency_key(env: Env) -> None:
    client = env.client()
    assert client.post("/v1/kiosk-events", _event(None), idempotency_key=None).status_code == 400
    unsigned = env.http.post(
        "/v1/kiosk-events",
        content=json.dumps(_event(None)),
        headers={"Content-Type": "application/json", "Idempotency-Key": "event-unsigned"},
    )
    assert unsigned.status_code == 401
    assert _entries(env) == []
