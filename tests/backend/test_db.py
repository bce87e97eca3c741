"""``backend.db.Runner`` on PostgreSQL: one ``--db`` URL means the same to the synchronous driver (psycopg, for the
CLI and thread-run handlers) and the event loop's driver (asyncpg)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from backend.db import Runner, make_engine
from backend.testing.pg import PostgresCluster

pytestmark = pytest.mark.postgres


def _settings(session: Session) -> tuple[str, str]:
    name = session.execute(text("SHOW application_name")).scalar_one()
    level = session.execute(text("SHOW transaction_isolation")).scalar_one()
    return str(name), str(level)


def test_libpq_url_parameters_reach_both_drivers(pg_cluster: PostgresCluster) -> None:
    url = pg_cluster.url() + "?sslmode=disable&application_name=mynakiosk-test"
    engine = make_engine(url)
    runner = Runner(engine)

    async def both() -> tuple[tuple[str, str], tuple[str, str]]:
        try:
            return await runner.write(_settings), await runner.read(_settings)
        finally:
            await runner.close()

    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW application_name")).scalar_one() == "mynakiosk-test"
        written, read = asyncio.run(both())
    finally:
        engine.dispose()
    assert written == ("mynakiosk-test", "read committed")
    assert read[0] == "mynakiosk-test"


def test_write_rolls_back_when_the_handler_raises(pg_cluster: PostgresCluster) -> None:
    engine = make_engine(pg_cluster.url())
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS runner_probe (n int)"))
        conn.execute(text("TRUNCATE runner_probe"))
    runner = Runner(engine)

    def insert_then_fail(session: Session) -> None:
        session.execute(text("INSERT INTO runner_probe VALUES (1)"))
        raise LookupError("handler refused")

    async def run() -> int:
        try:
            with pytest.raises(LookupError):
                await runner.write(insert_then_fail)
            return await runner.read(lambda s: int(s.execute(text("SELECT count(*) FROM runner_probe")).scalar_one()))
        finally:
            await runner.close()

    try:
        assert asyncio.run(run()) == 0
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE runner_probe"))
        engine.dispose()
