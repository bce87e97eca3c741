"""Outbox delivery when the backend answers, is unreachable, or refuses: a fake send function plays the backend.

The send function stands in for the network (a port), not for our code: the outbox, its SQLite file and its
encryption are the real ones.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kiosk.backend_client import BackendProtocolError, BackendRefused, BackendUnavailable
from kiosk.outbox import Item, Outbox, OutboxError, OutboxKeyError

KEY = bytes(range(32))
SECRET = "Tanaka Taro, 3-1 Kasumigaseki"


@dataclass
class FakeBackend:
    """Answers each call with the next scripted outcome: a result dict, or an exception to raise."""

    outcomes: list[dict[str, Any] | Exception]
    calls: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def __call__(self, item: Item) -> dict[str, Any]:
        self.calls.append((item.idempotency_key, item.kind, item.payload))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def refused(problem: str = "face-mismatch") -> BackendRefused:
    return BackendRefused(403, problem, "refused", "detail for technicians")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


@pytest.fixture
def box(path: Path) -> Outbox:
    outbox = Outbox(path, KEY)
    yield outbox  # type: ignore[misc]
    outbox.close()


def fill(box: Outbox, n: int) -> list[str]:
    return [box.put("renewal", {"n": i, "contact": SECRET}) for i in range(n)]


def attempts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT idempotency_key, attempts FROM items").fetchall())


def stored_payloads(path: Path) -> list[bytes | None]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT ciphertext FROM items ORDER BY id")]


def test_an_empty_outbox_delivers_nothing(box: Outbox) -> None:
    report = box.deliver(FakeBackend([]))
    assert (report.delivered, report.refused, report.still_pending, report.offline) == ([], [], 0, False)
    assert box.counts() == {"pending": 0, "delivered": 0, "refused": 0, "set_aside": 0}


def test_the_outbox_makes_its_directory(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "var" / "lib" / "mynakiosk" / "outbox.sqlite3", KEY)
    assert outbox.counts()["pending"] == 0
    outbox.close()


def test_items_are_delivered_from_a_worker_thread(box: Outbox) -> None:
    keys = fill(box, 2)  # front ends call handle() (and so delivery) from a worker thread
    reports = []
    worker = threading.Thread(target=lambda: reports.append(box.deliver(FakeBackend([{"ok": 1}, {"ok": 2}]))))
    worker.start()
    worker.join(30)
    assert [k for k, _ in reports[0].delivered] == keys


def test_an_item_does_not_show_its_payload(box: Outbox) -> None:
    fill(box, 1)
    assert "Tanaka" not in repr(box.pending()) and "Tanaka" not in str(box.pending()[0])


def test_every_item_is_delivered_in_order_with_its_own_key(box: Outbox, path: Path) -> None:
    keys = fill(box, 3)
    backend = FakeBackend([{"application_number": f"A{i}"} for i in range(3)])
    report = box.deliver(backend)
    assert [c[0] for c in backend.calls] == keys and [c[2]["n"] for c in backend.calls] == [0, 1, 2]
    assert report.delivered == [(k, {"application_number": f"A{i}"}) for i, k in enumerate(keys)]
    assert report.still_pending == 0 and not report.offline
    assert box.counts() == {"pending": 0, "delivered": 3, "refused": 0, "set_aside": 0}
    assert box.result(keys[1]) == {"application_number": "A1"}
    assert stored_payloads(path) == [None, None, None], "a delivered item keeps its result, not the payload"


def test_an_unreachable_backend_stops_delivery_and_keeps_everything(box: Outbox, path: Path) -> None:
    keys = fill(box, 3)
    backend = FakeBackend([BackendUnavailable("connection refused")])
    report = box.deliver(backend)
    assert report.offline and report.still_pending == 3 and report.delivered == [] and report.refused == []
    assert len(backend.calls) == 1, "no further item is tried once the network is gone"
    assert attempts(path) == {keys[0]: 1, keys[1]: 0, keys[2]: 0}
    assert [i.idempotency_key for i in box.pending()] == keys
    assert box.result(keys[0]) is None


def test_delivery_resumes_with_the_same_idempotency_key(box: Outbox, path: Path) -> None:
    keys = fill(box, 2)
    first = FakeBackend([{"application_number": "A0"}, BackendUnavailable("timeout")])
    report = box.deliver(first)
    assert report.offline and report.still_pending == 1
    assert report.delivered == [(keys[0], {"application_number": "A0"})]
    again = FakeBackend([{"application_number": "A1"}])
    assert box.deliver(again).still_pending == 0
    assert first.calls[1][0] == again.calls[0][0] == keys[1]
    assert attempts(path)[keys[1]] == 2


def test_a_refusal_is_final_for_that_item_and_delivery_goes_on(box: Outbox, path: Path) -> None:
    keys = fill(box, 3)
    report = box.deliver(FakeBackend([{"ok": 1}, refused("face-mismatch"), {"ok": 3}]))
    assert report.refused == [(keys[1], "face-mismatch")]
    assert [k for k, _ in report.delivered] == [keys[0], keys[2]] and report.still_pending == 0 and not report.offline
    assert box.counts() == {"pending": 0, "delivered": 2, "refused": 1, "set_aside": 0}
    assert stored_payloads(path)[1] is None, "a refused item drops its personal payload"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT refusal FROM items WHERE idempotency_key = ?", (keys[1],)).fetchone() == (
            "face-mismatch",
        )
    assert box.deliver(FakeBackend([])).still_pending == 0, "a refused item is not sent again"


def test_an_unexpected_answer_keeps_the_item_pending_and_delivery_goes_on(box: Outbox) -> None:
    keys = fill(box, 2)
    report = box.deliver(FakeBackend([BackendProtocolError("not JSON"), {"ok": 2}]))
    assert [k for k, _ in report.deferred] == [keys[0]], "a protocol error is never a refusal"
    assert [k for k, _ in report.delivered] == [keys[1]]
    assert [i.idempotency_key for i in box.pending()] == [keys[0]]


def test_delivery_sends_at_most_limit_items(box: Outbox) -> None:
    fill(box, 3)
    backend = FakeBackend([{"ok": 1}, {"ok": 2}])
    report = box.deliver(backend, limit=2)
    assert len(backend.calls) == 2 and report.still_pending == 1


def test_one_delivery_round_sends_at_most_a_hundred_items(box: Outbox) -> None:
    fill(box, 101)
    backend = FakeBackend([{"ok": i} for i in range(101)])
    assert box.deliver(backend).still_pending == 1 and len(backend.calls) == 100


def test_payloads_are_encrypted_at_rest(box: Outbox, path: Path) -> None:
    fill(box, 2)
    box.close()
    raw = b"".join(p.read_bytes() for p in path.parent.glob("outbox.sqlite3*"))
    assert SECRET.encode() not in raw and b"Tanaka" not in raw
    with sqlite3.connect(path) as db:
        nonces = [row[0] for row in db.execute("SELECT nonce FROM items")]
    assert [len(n) for n in nonces] == [12, 12] and nonces[0] != nonces[1], "GCM's 96-bit nonce, fresh per item"


def test_a_row_moved_to_another_kind_does_not_open_and_is_set_aside(box: Outbox, path: Path) -> None:
    keys = fill(box, 2)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE items SET kind = 'pin_reset_confirm' WHERE idempotency_key = ?", (keys[0],))
    assert [i.idempotency_key for i in box.pending()] == [keys[1]], "the other items still go"
    assert box.counts()["set_aside"] == 1
    assert [p.idempotency_key for p in box.problems()] == [keys[0]]


def test_another_kiosks_key_does_not_open_the_outbox(box: Outbox, path: Path) -> None:
    fill(box, 1)
    with pytest.raises(OutboxKeyError):
        Outbox(path, bytes(32))


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_only_a_32_byte_key_is_accepted(path: Path, size: int) -> None:
    with pytest.raises(OutboxError, match="32 bytes"):
        Outbox(path, bytes(size))


def test_get_finds_a_pending_item_by_key_only(box: Outbox) -> None:
    keys = fill(box, 2)
    assert box.get(keys[1]).payload == {"n": 1, "contact": SECRET}
    assert box.put("renewal", {"n": 9}, idempotency_key="fixed-key") == "fixed-key"
    assert box.get("fixed-key").kind == "renewal"
    box.deliver(FakeBackend([{"ok": 1}, {"ok": 2}, {"ok": 3}]))
    with pytest.raises(OutboxError):
        box.get(keys[1])
