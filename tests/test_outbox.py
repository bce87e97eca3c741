"""The outbox keeps what residents gave it: only a documented permanent refusal ends an item, a wrong key or a damaged
file is found at open (and named), one bad row is set aside instead of blocking the queue, and items that vanished
from the file are noticed and recorded."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.backend_client import (
    PERMANENT_PROBLEMS,
    BackendError,
    BackendProtocolError,
    BackendRefused,
    BackendUnavailable,
)
from kiosk.outbox import (
    Item,
    Outbox,
    OutboxCorrupt,
    OutboxError,
    OutboxItemUnreadable,
    OutboxKeyError,
    OutboxNotStored,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
PROBLEMS = "https://mynakiosk.example/problems/"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def refused(status: int, slug: str) -> BackendRefused:
    return BackendRefused(status, PROBLEMS + slug, "title", "detail")


def failing(exc: BackendError) -> Callable[[Item], dict[str, Any]]:
    def send(_item: Item) -> dict[str, Any]:
        raise exc

    return send


def accept(item: Item) -> dict[str, Any]:
    return {"application_number": f"A{item.id}"}


@pytest.mark.parametrize(
    ("error", "told"),
    [
        (refused(500, "internal"), "500 internal"),  # a database restart under load
        (BackendUnavailable("POST /v1/renewals: HTTP 500"), "BackendUnavailable: POST /v1/renewals: HTTP 500"),
        (BackendUnavailable("POST /v1/renewals: ReadTimeout"), "BackendUnavailable: POST /v1/renewals: ReadTimeout"),
        (refused(401, "unauthenticated"), "401 unauthenticated"),  # the kiosk's clock is six minutes off
        (refused(403, "card-refused"), "403 card-refused"),  # "card session expired": one type for both
        (refused(429, "rate-limited"), "429 rate-limited"),
        (refused(409, "conflict"), "409 conflict"),
        (BackendProtocolError("HTTP 502 without a JSON body"), "BackendProtocolError: HTTP 502 without a JSON body"),
    ],
)
def test_a_temporary_failure_keeps_the_item_with_its_error_for_staff(
    tmp_path: Path, error: BackendError, told: str
) -> None:
    clock = Clock()
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY, clock=clock)
    key = box.put("renewal", {"photo": "…"})
    report = box.deliver(failing(error))
    assert box.counts()["pending"] == 1 and box.counts()["refused"] == 0
    # What went wrong, in one line a technician can act on: the status and problem type, or the error and its text.
    assert report.deferred == [(key, told)]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT last_error FROM items").fetchone() == (told,)
    assert box.get(key).payload == {"photo": "…"}  # the payload is still there to send
    # The background deliverer waits before trying it again; "send now" at the staff desk does not.
    assert box.deliver(accept, due_only=True).delivered == []
    clock.now += 31
    assert [k for k, _ in box.deliver(accept, due_only=True).delivered] == [key]


@pytest.mark.parametrize("slug", sorted(PERMANENT_PROBLEMS))
def test_only_a_documented_permanent_refusal_ends_an_item_and_staff_see_why(tmp_path: Path, slug: str) -> None:
    box = Outbox(tmp_path / "outbox.sqlite3", KEY)
    key = box.put("renewal", {"photo": "…"})
    status = 403 if slug in {"card-not-genuine", "face-mismatch", "forbidden", "service-disabled"} else 422
    box.deliver(failing(refused(status, slug)))
    assert box.counts()["refused"] == 1
    (problem,) = box.problems()
    assert problem.idempotency_key == key and problem.state == "refused" and problem.reason.endswith(slug)


def test_a_temporary_failure_does_not_hold_back_the_items_behind_it(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.sqlite3", KEY)
    first, second = box.put("renewal", {"n": 1}), box.put("renewal", {"n": 2})

    def send(item: Item) -> dict[str, Any]:
        if item.idempotency_key == first:
            raise refused(500, "internal")
        return accept(item)

    report = box.deliver(send)
    assert [k for k, _ in report.delivered] == [second]
    assert box.counts()["pending"] == 1


def test_a_failed_item_waits_longer_after_each_failure_up_to_an_hour(tmp_path: Path) -> None:
    clock = Clock()
    box = Outbox(tmp_path / "outbox.sqlite3", KEY, clock=clock)
    key = box.put("renewal", {"n": 1})
    assert box.settle(key, BackendUnavailable("down")) is False, "still pending: not refused"  # at submission
    waits = [box.next_due() - clock.now]  # type: ignore[operator]
    for _ in range(9):  # then the deliverer's tries, each failing
        box.deliver(failing(BackendUnavailable("down")))
        waits.append(box.next_due() - clock.now)  # type: ignore[operator]
    assert waits == [30, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    box.deliver(accept)
    assert box.next_due() is None, "nothing pending: the deliverer has nothing to wait for"


def test_settle_ends_an_item_only_for_a_permanent_refusal(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.sqlite3", KEY)
    kept, ended = box.put("renewal", {"n": 1}), box.put("renewal", {"n": 2})
    assert box.settle(kept, refused(503, "unavailable")) is False
    assert box.settle(ended, refused(422, "validation-failed")) is True
    assert [item.idempotency_key for item in box.pending()] == [kept]
    assert box.settle("no-such-key", BackendUnavailable("down")) is False  # nothing stored: nothing recorded
    assert box.counts() == {"pending": 1, "delivered": 0, "refused": 1, "set_aside": 0}


def test_holds_knows_every_key_ever_stored_in_any_state(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.sqlite3", KEY)
    key = box.put("pin_reset_confirmation", {"reset_id": "r"}, idempotency_key="pin-reset-confirm:r")
    assert key == "pin-reset-confirm:r" and box.holds(key)
    box.deliver(accept)
    assert box.holds(key), "delivered items are still known, so a confirmation is never queued twice"
    assert not box.holds("pin-reset-confirm:other")


def test_a_wrong_key_is_refused_at_open_before_anything_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(path, KEY).close()  # an empty outbox: only its key-check record tells the key
    with pytest.raises(OutboxKeyError, match=str(path)):
        Outbox(path, OTHER_KEY)


def test_an_outbox_from_before_key_checks_is_checked_against_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY)
    box.put("renewal", {"n": 1})
    box.close()
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM meta")  # as written by the previous version
    with pytest.raises(OutboxKeyError):
        Outbox(path, OTHER_KEY)
    assert len(Outbox(path, KEY).pending()) == 1


def _swap_ciphertext(path: Path, key: str) -> None:
    """A row whose ciphertext no longer matches (a tampered row, or one written under another key)."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE items SET ciphertext = ? WHERE idempotency_key = ?", (b"\x00" * 40, key))


def test_a_row_that_does_not_open_is_set_aside_and_the_queue_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY)
    keys = [box.put("renewal", {"n": n}) for n in range(3)]
    _swap_ciphertext(path, keys[0])
    report = box.deliver(accept)
    assert [k for k, _ in report.delivered] == keys[1:] and report.set_aside == 1
    assert box.counts() == {"pending": 0, "delivered": 2, "refused": 0, "set_aside": 1}
    (problem,) = box.problems()
    assert problem.idempotency_key == keys[0] and problem.state == "set_aside"
    with sqlite3.connect(path) as db:  # kept, still encrypted, for the technician
        assert db.execute("SELECT ciphertext FROM items WHERE idempotency_key = ?", (keys[0],)).fetchone()[0]


def test_get_reads_one_row_and_a_bad_row_elsewhere_does_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY)
    bad, good = box.put("renewal", {"n": 1}), box.put("renewal", {"n": 2})
    _swap_ciphertext(path, bad)
    assert box.get(good).payload == {"n": 2}
    with pytest.raises(OutboxItemUnreadable):
        box.get(bad)
    with pytest.raises(OutboxError):
        box.get("no-such-key")


def test_a_sequence_file_left_empty_is_no_mark_and_no_false_alarm(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY)
    box.put("renewal", {"n": 1})
    box.close()
    seq = path.with_name(path.name + ".seq")
    seq.write_text("")  # a crash before the new mark reached the disk
    box = Outbox(path, KEY)
    assert box.losses() == [], "nothing is missing: no technician sent looking for lost items"
    assert seq.read_text() == "1\n", "the mark is written again from the file"


def test_a_sequence_file_that_is_not_a_number_is_a_start_up_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(path, KEY).close()
    seq = path.with_name(path.name + ".seq")
    seq.write_text("garbage")
    with pytest.raises(OutboxCorrupt, match=str(seq)):
        Outbox(path, KEY)


def test_an_outbox_path_that_cannot_be_opened_is_a_start_up_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.mkdir()  # a directory where the file should be
    with pytest.raises(OutboxCorrupt, match=str(path)):
        Outbox(path, KEY)


def test_a_half_written_file_is_a_start_up_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY)
    for n in range(200):
        box.put("renewal", {"n": n, "photo": "x" * 2000})
    box.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(OutboxCorrupt, match=str(path)):
        Outbox(path, KEY)


def test_garbage_in_the_file_is_a_start_up_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"not a database at all" * 300)
    with pytest.raises(OutboxCorrupt, match=str(path)):
        Outbox(path, KEY)


def test_an_emptied_file_is_noticed_and_recorded_and_numbers_continue_above_the_gap(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, KEY)
    for n in range(3):
        box.put("renewal", {"n": n})
    box.close()
    path.write_bytes(b"")  # a 0-byte file after a crash: SQLite would open it as an empty queue
    with caplog.at_level(logging.ERROR, logger="kiosk.outbox"):
        box = Outbox(path, KEY)
    (loss,) = box.losses()
    assert (loss.first_id, loss.last_id, loss.count) == (1, 3, 3)
    assert loss.how == "the file is empty"  # what the doctor tells the technician
    assert f"outbox {path}: 3 stored item(s) are missing (the file is empty)" in caplog.messages
    box.put("renewal", {"n": 4})
    assert box.pending()[0].id == 4
    box.close()
    assert len(Outbox(path, KEY).losses()) == 1  # recorded once, not at every open


def test_a_lost_wal_is_noticed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "live" / "outbox.sqlite3"
    box = Outbox(path, KEY)
    box.put("renewal", {"n": 1})
    box.close()  # checkpointed into the main file
    box = Outbox(path, KEY)
    box.put("renewal", {"n": 2})
    box.put("renewal", {"n": 3})  # still only in the -wal
    copy = tmp_path / "after-crash"
    copy.mkdir()
    shutil.copy(path, copy / path.name)  # the main file and the sequence mark survive; the -wal does not
    shutil.copy(path.with_name(path.name + ".seq"), copy / (path.name + ".seq"))
    box.close()
    with caplog.at_level(logging.ERROR, logger="kiosk.outbox"):
        restored = Outbox(copy / path.name, KEY)
    assert [item.payload for item in restored.pending()] == [{"n": 1}]
    (loss,) = restored.losses()
    assert (loss.first_id, loss.last_id) == (2, 3)
    assert loss.how == "items newer than the file's last are missing"
    assert any("2 stored item(s) are missing (items newer" in message for message in caplog.messages)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs of the test's own (the machine's disks are not filled)."""
    mountpoint = tmp_path / "small"
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mountpoint)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_a_full_disk_is_a_typed_refusal_and_every_accepted_item_survives(small_disk: Path) -> None:
    path = small_disk / "outbox.sqlite3"
    box = Outbox(path, KEY)
    accepted = []
    with pytest.raises(OutboxNotStored, match=str(path)):
        for n in range(1000):
            accepted.append(box.put("renewal", {"n": n, "photo": "x" * 3000}))
    box.close()
    assert len(accepted) > 5
    reopened = Outbox(path, KEY)
    assert [item.idempotency_key for item in reopened.pending()] == accepted  # nothing told "stored" is missing
    assert reopened.losses() == []
