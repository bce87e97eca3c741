"""The audit log is append-only and hash-chained: tampering is found, and the CLI says where."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from backend import audit
from backend.db import transaction
from backend.models import AuditEntry, AuditHead
from mynakiosk.commands.backend import backend
from tests.backend.conftest import Env
from tests.backend.support import open_card_session, renewal_body


def _activity(env: Env) -> None:
    client = env.client()
    sid = open_card_session(client, env.card())["card_session_id"]
    assert client.post("/v1/renewals", renewal_body(sid)).status_code == 201
    audit.seal_all(env.ctx.sessions)


def _verify(env: Env) -> audit.VerifyResult:
    with env.ctx.sessions() as session:
        return audit.verify(session)


def test_chain_verifies_after_activity(env: Env) -> None:
    _activity(env)
    result = _verify(env)
    assert result.ok and result.entries >= 15  # fixtures + card session + renewal
    with env.ctx.sessions() as session:
        actions = set(session.execute(select(AuditEntry.action)).scalars())
    assert {"card.registered", "card_session.opened", "renewal.received"} <= actions


def test_edited_entry_is_found(env: Env) -> None:
    _activity(env)
    with env.ctx.sessions() as session, session.begin():
        session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="admin:someone-else"))
    result = _verify(env)
    assert not result.ok and result.first_bad_seq == 3


def test_deleted_entry_and_truncation_are_found(env: Env) -> None:
    _activity(env)
    with env.ctx.sessions() as session, session.begin():
        last = session.execute(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)).scalar_one()
        session.execute(delete(AuditEntry).where(AuditEntry.seq == last))
    assert not _verify(env).ok
    with env.ctx.sessions() as session, session.begin():
        session.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    assert _verify(env).first_bad_seq == 2


def test_cli_audit_verify_exit_codes(env: Env) -> None:
    runner = CliRunner()
    ok = runner.invoke(backend, ["audit", "verify", "--db", env.db_url, "--json"])
    assert ok.exit_code == 0 and '"ok": true' in ok.output
    with env.ctx.sessions() as session, session.begin():
        session.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(details={"kind": "forged"}))
    bad = runner.invoke(backend, ["audit", "verify", "--db", env.db_url])
    assert bad.exit_code == 1


def _pending(env: Env) -> int:
    with env.ctx.sessions() as session:
        return audit.pending_count(session)


def test_the_service_seals_what_requests_append(env: Env) -> None:
    client = env.client()
    open_card_session(client, env.card())
    deadline = time.monotonic() + 10
    while _pending(env) and time.monotonic() < deadline:  # the service's own sealer, a few times a second
        time.sleep(0.05)
    assert _pending(env) == 0
    with env.ctx.sessions() as session:
        assert "card_session.opened" in set(session.execute(select(AuditEntry.action)).scalars())
    assert _verify(env).ok


def test_a_rolled_back_transaction_leaves_no_entry(env: Env) -> None:
    audit.seal_all(env.ctx.sessions)
    with pytest.raises(RuntimeError), transaction(env.ctx.sessions) as session:
        audit.append(session, env.clock, actor="admin:test", action="test.rolled_back", subject="x")
        raise RuntimeError("the change fails after its audit entry was queued")
    assert _pending(env) == 0
    with transaction(env.ctx.sessions) as session:
        audit.append(session, env.clock, actor="admin:test", action="test.committed", subject="x")
    assert _pending(env) == 1


def test_concurrent_sealers_never_fork_the_chain(env: Env) -> None:
    _activity(env)
    with transaction(env.ctx.sessions) as session:
        for i in range(50):
            audit.append(session, env.clock, actor="admin:test", action="test.bulk", subject=str(i))
    if env.db_url.startswith("postgresql"):
        first = env.ctx.sessions()
        first.begin()
        try:
            assert audit.seal(first, batch=10) == 10  # holds the head's lock until it commits
            with transaction(env.ctx.sessions) as other:
                assert audit.seal(other) == 0  # skips at once instead of waiting or forking
            first.commit()
        finally:
            first.close()
    audit.seal_all(env.ctx.sessions)
    result = _verify(env)
    assert result.ok and _pending(env) == 0
    with env.ctx.sessions() as session:
        subjects = session.execute(select(AuditEntry.subject).where(AuditEntry.action == "test.bulk")).scalars()
        assert sorted(subjects, key=int) == [str(i) for i in range(50)]  # each exactly once


def _rewrite_without(env: Env, seq: int) -> None:
    """What anyone with write access to the database can do: delete an entry, renumber and re-hash the rest, and
    move the head. The chain alone then verifies."""
    with env.ctx.sessions() as session, session.begin():
        rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars().all()
        kept = [
            {"at": e.at, "actor": e.actor, "action": e.action, "subject": e.subject, "details": e.details}
            for e in rows
            if e.seq != seq
        ]
        session.execute(delete(AuditEntry))
        prev = audit.GENESIS
        for n, fields in enumerate(kept, start=1):
            digest = audit.entry_hash(prev, {"seq": n, **fields})
            session.add(AuditEntry(seq=n, prev_hash=prev, entry_hash=digest, **fields))
            prev = digest
        session.flush()
        session.execute(update(AuditHead).values(seq=len(kept), entry_hash=prev))


def test_signed_checkpoints_find_a_rewritten_chain(env: Env, tmp_path: Path) -> None:
    runner = CliRunner()
    key, public, log = tmp_path / "checkpoint.key", tmp_path / "checkpoint.pub", tmp_path / "checkpoints.jsonl"
    assert (
        runner.invoke(
            backend, ["audit", "new-checkpoint-key", "--out", str(key), "--public-out", str(public)]
        ).exit_code
        == 0
    )
    assert key.stat().st_mode & 0o777 == 0o600
    _activity(env)
    checkpoint = ["audit", "checkpoint", "--db", env.db_url, "--key", str(key), "--log", str(log)]
    assert runner.invoke(backend, checkpoint).exit_code == 0
    _activity(env)
    assert runner.invoke(backend, checkpoint).exit_code == 0
    verify = ["audit", "verify", "--db", env.db_url, "--json"]
    anchored = [*verify, "--checkpoints", str(log), "--checkpoint-key", str(public)]
    result = runner.invoke(backend, anchored)
    assert result.exit_code == 0 and '"checkpoints": 2' in result.output, result.output

    _rewrite_without(env, 5)
    assert runner.invoke(backend, verify).exit_code == 0  # the chain alone cannot tell
    result = runner.invoke(backend, anchored)
    assert result.exit_code == 1 and "chain rewritten" in result.output, result.output


def test_a_forged_checkpoint_is_refused(env: Env, tmp_path: Path) -> None:
    runner = CliRunner()
    key, public, log = tmp_path / "checkpoint.key", tmp_path / "checkpoint.pub", tmp_path / "checkpoints.jsonl"
    assert (
        runner.invoke(
            backend, ["audit", "new-checkpoint-key", "--out", str(key), "--public-out", str(public)]
        ).exit_code
        == 0
    )
    _activity(env)
    assert (
        runner.invoke(
            backend, ["audit", "checkpoint", "--db", env.db_url, "--key", str(key), "--log", str(log)]
        ).exit_code
        == 0
    )
    line = json.loads(log.read_text())
    log.write_text(json.dumps(line | {"seq": line["seq"] - 1}) + "\n")
    anchored = ["audit", "verify", "--db", env.db_url, "--checkpoints", str(log), "--checkpoint-key", str(public)]
    result = runner.invoke(backend, anchored)
    assert result.exit_code == 1 and "not signed by the checkpoint key" in result.output, result.output
