"""``backend.counts``: an event is counted when its transaction commits, a request never waits for a counter row's
lock, and folding events into ``daily_counts`` counts each exactly once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from backend import counts
from backend.db import make_engine, session_factory, transaction
from backend.testing.pg import PostgresCluster
from tests.backend.conftest import fresh_pg_database

AT = dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC)  # 10:00 in Japan
DAY = counts.office_day(AT)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(pg_cluster: PostgresCluster) -> Iterator[Engine]:
    engine = make_engine(fresh_pg_database(pg_cluster))
    yield engine
    engine.dispose()


def _totals(engine: Engine) -> list[tuple[str, str, str, int]]:
    with transaction(session_factory(engine)) as session:
        return counts.totals(session, DAY, DAY)


def _bump(session: Session, event: str = "renewal:received", site: str = "s-1") -> None:
    counts.bump(session, AT, site, "kiosk", event)


def test_totals_are_exact_before_and_after_folding(engine: Engine) -> None:
    factory = session_factory(engine)
    with transaction(factory) as session:
        for _ in range(3):
            _bump(session)
        _bump(session, "renewal:rejected")
        _bump(session, site="s-2")
    with pytest.raises(LookupError), transaction(factory) as session:
        _bump(session)
        raise LookupError("rolled back: not counted")
    expected = [("s-1", "kiosk", "renewal:received", 3), ("s-1", "kiosk", "renewal:rejected", 1)]
    expected.append(("s-2", "kiosk", "renewal:received", 1))
    assert _totals(engine) == expected
    with transaction(factory) as session:
        assert counts.fold(session) == 5
    with transaction(factory) as session:
        assert not counts.has_events(session)
        assert counts.fold(session) == 0
        _bump(session)  # folded and unfolded add up
    expected[0] = ("s-1", "kiosk", "renewal:received", 4)
    assert _totals(engine) == expected
    with transaction(factory) as session:
        assert counts.totals(session, DAY, DAY, ["s-2"]) == [("s-2", "kiosk", "renewal:received", 1)]
        assert counts.totals(session, DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=30)) == []


@pytest.mark.postgres
def test_two_transactions_count_the_same_event_without_waiting(pg_engine: Engine) -> None:
    engine = pg_engine  # SQLite has one writer at a time
    factory = session_factory(engine)
    with transaction(factory) as first:
        _bump(first)
        with transaction(factory) as second:
            second.execute(text("SET LOCAL lock_timeout = '500ms'"))
            _bump(second)  # an upsert of the same counter row would wait for `first` and time out here
    assert _totals(engine) == [("s-1", "kiosk", "renewal:received", 2)]


@pytest.mark.postgres
def test_concurrent_folds_take_disjoint_events(pg_engine: Engine) -> None:
    engine = pg_engine
    factory = session_factory(engine)
    with transaction(factory) as session:
        for _ in range(4):
            _bump(session)
    with transaction(factory) as first:
        assert counts.fold(first) == 4
        with transaction(factory) as second:
            assert counts.fold(second) == 0  # skips the events `first` holds, does not wait
    assert _totals(engine) == [("s-1", "kiosk", "renewal:received", 4)]
    with transaction(factory) as session:
        assert not counts.has_events(session)
