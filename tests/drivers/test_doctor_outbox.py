"""``mynakiosk doctor`` reports the outbox: its backlog, refusals, rows set aside, items lost, a wrong key."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from drivers.doctor.checks import Status
from drivers.doctor.site import check_outbox
from kiosk.backend_client import BackendRefused
from kiosk.outbox import Item, Outbox

KEY = bytes(range(32))


def refuse(_item: Item) -> dict[str, object]:
    raise BackendRefused(422, "https://mynakiosk.example/problems/validation-failed", "invalid", "")


def test_a_healthy_outbox_with_a_fresh_backlog_is_ok(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY, clock=lambda: 1000.0)
    box.put("renewal", {"n": 1})
    box.close()
    check = check_outbox(path, KEY, now=1060.0)
    assert check.status is Status.OK and "1 pending" in check.detail


def test_an_old_backlog_and_a_refusal_warn(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY, clock=lambda: 1000.0)
    box.put("renewal", {"n": 1})
    box.put("renewal", {"n": 2})
    box.deliver(refuse, limit=1)
    box.close()
    check = check_outbox(path, KEY, now=1000.0 + 2 * 3600)
    assert check.status is Status.WARN and "1 refused" in check.detail and "oldest 2.0 h" in check.detail


def test_lost_items_and_a_wrong_key_fail(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY)
    box.put("renewal", {"n": 1})
    box.close()
    assert check_outbox(path, bytes(32)).status is Status.FAIL
    path.write_bytes(b"")
    check = check_outbox(path, KEY)
    assert check.status is Status.FAIL and "1 item(s) LOST" in check.detail


def test_a_row_set_aside_fails(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY)
    key = box.put("renewal", {"n": 1})
    with sqlite3.connect(path) as db:
        db.execute("UPDATE items SET ciphertext = ? WHERE idempotency_key = ?", (b"\\0" * 40, key))
    box.pending()
    box.close()
    check = check_outbox(path, KEY)
    assert check.status is Status.FAIL and "1 set aside" in check.detail
