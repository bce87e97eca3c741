"""Engine and sessions: one place that knows the differences between SQLite and PostgreSQL.

Callers rely on: ``transaction(factory)`` gives a session inside one database transaction that commits on
success and rolls back on any exception, so a crash at any point leaves nothing half-done. On SQLite every
transaction starts with ``BEGIN IMMEDIATE`` (one writer at a time, no lock-upgrade deadlocks); on PostgreSQL
transactions run at READ COMMITTED and the few hot rows are locked explicitly (``SELECT … FOR UPDATE``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, *, pool_size: int = 20) -> Engine:
    """An engine for ``url`` (``sqlite:///…`` or ``postgresql+psycopg://…``)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_pragmas(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)


def _sqlite_pragmas(engine: Engine) -> None:
    # pysqlite's own transaction handling issues BEGIN lazily; we take it over so BEGIN IMMEDIATE works.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Readers take no write lock, so status reads and reports never queue behind writers (WAL).
        readonly = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


READ_ONLY = "mynakiosk_read_only"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for handlers that only read. On SQLite they begin without taking the write lock; on PostgreSQL
    they run in autocommit, so a status read costs one round trip instead of BEGIN + query + ROLLBACK. Each
    query then sees the latest committed data on its own (no snapshot across queries), which read handlers accept:
    none of them combines two queries into one answer that must be consistent."""
    if engine.dialect.name == "sqlite":
        return sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
    return sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session, one transaction: commit when the block ends normally, roll back when it raises."""
    with factory() as session, session.begin():
        yield session


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
