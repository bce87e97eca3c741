"""``backend.db.DirectQuery``: the hot paths' one-row reads answer alike on SQLite (through SQLAlchemy) and on
PostgreSQL (straight to asyncpg), and refuse bind parameters that would need SQLAlchemy's type processing."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import bindparam, select

from backend.db import DirectQuery, Row, Runner, make_engine
from backend.models import AuditHead, Renewal, table

_HEAD = table(AuditHead)
_HEAD_ROW = DirectQuery(select(_HEAD.c.seq, _HEAD.c.entry_hash).where(_HEAD.c.id == bindparam("id")))


def test_fetch_one_answers_the_row_or_none(db_url: str) -> None:
    engine = make_engine(db_url)
    runner = Runner(engine)

    async def both() -> tuple[Row | None, Row | None]:
        try:
            return await runner.fetch_one(_HEAD_ROW, {"id": 1}), await runner.fetch_one(_HEAD_ROW, {"id": 2})
        finally:
            await runner.close()

    try:
        found, missing = asyncio.run(both())
    finally:
        engine.dispose()
    assert found is not None
    assert (found["seq"], bytes(found["entry_hash"])) == (0, bytes(32))
    assert missing is None


def test_binds_that_need_type_processing_are_refused() -> None:
    renewals = table(Renewal)
    with pytest.raises(TypeError, match="since"):
        DirectQuery(select(renewals.c.status).where(renewals.c.created_at > bindparam("since")))
    with pytest.raises(TypeError, match="created_at"):
        DirectQuery(select(renewals.c.status).where(renewals.c.created_at == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
