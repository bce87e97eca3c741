"""Issue 19, item 1, end to end: a tampered kiosk (a stolen kiosk key, the resident's card and PIN) skips its own
face check and sends the chip photo as the live face and as every frame of the service's liveness challenge. The
simulator's service, which re-checks face evidence as in production, refuses it and records the kiosk."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from backend.db import make_engine
from backend.models import AuditEntry, AuditPending
from backend.settings import sqlite_url
from mynakiosk.demo import simulator


def test_the_chip_photo_replayed_by_a_tampered_kiosk_is_refused_by_the_service(tmp_path: Path) -> None:
    sim = simulator.start(tmp_path, attack="chip-replay")
    try:
        outcome = sim.run("sign_pin_reset")
    finally:
        sim.stop()
    assert outcome == "backend_refused"
    engine = make_engine(sqlite_url(tmp_path / "backend" / "backend.sqlite3"))  # where simulator.start put it
    with engine.connect() as conn:
        details = [
            *conn.execute(select(AuditPending.details).where(AuditPending.action == "kiosk.anomaly")).scalars(),
            *conn.execute(select(AuditEntry.details).where(AuditEntry.action == "kiosk.anomaly")).scalars(),
        ]
        issued = [
            *conn.execute(select(AuditPending.id).where(AuditPending.action == "pin_reset.script_issued")),
            *conn.execute(select(AuditEntry.seq).where(AuditEntry.action == "pin_reset.script_issued")),
        ]
    engine.dispose()
    assert details and all(d["refused"] == "face-is-chip-photo" for d in details)
    assert not issued
