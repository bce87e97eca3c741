"""Engine and sessions: one place that knows the differences between SQLite and PostgreSQL.

Callers rely on: ``transaction(factory)`` gives a session inside one database transaction that commits on
success and rolls back on any exception, so a crash at any point leaves nothing half-done. On SQLite every
transaction starts with ``BEGIN IMMEDIATE`` (one writer at a time, no lock-upgrade deadlocks); on PostgreSQL
transactions run at READ COMMITTED and the few hot rows are locked explicitly (``SELECT … FOR UPDATE``).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from sqlalchemy import Boolean, Engine, Integer, Select, String, create_engine, event, make_url
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool


def make_engine(url: str, *, pool_size: int = 20) -> Engine:
    """An engine for ``url`` (``sqlite:///…`` or ``postgresql+psycopg://…``)."""
    if url.startswith("sqlite"):
        _private_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_pragmas(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)


def _private_file(url: str) -> None:
    """Create a SQLite database file readable by its owner only (0600) before SQLite creates it with the umask's
    permissions (0644: every local user could read photos and contacts). SQLite gives its -wal and -shm files the
    database file's permissions."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.exists() and path.parent.is_dir():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


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


T = TypeVar("T")
Row = Mapping[Any, Any]


class DirectQuery:
    """A one-row Core SELECT that a hot path runs on every request, executed without SQLAlchemy's machinery.

    On PostgreSQL the statement is compiled once, here, to asyncpg's SQL, and ``Runner.fetch_one`` hands it
    straight to a connection from asyncpg's own pool: SQLAlchemy's per-execution work (cache key, execution
    context, cursor adaptation, result processing) cost more than asyncpg's own (measured with both services under
    the same load: a status read cost a third less service CPU). SQLite runs the statement through SQLAlchemy.

    So no SQLAlchemy type processing happens on PostgreSQL: bind parameters are limited to strings, integers and
    booleans (checked here), which both paths send alike, and callers read results through a pydantic model, which
    takes an enum's value or its member, and a timestamp from either driver.
    """

    _PLAIN_BINDS = (String, Integer, Boolean)

    def __init__(self, statement: Select[Any]) -> None:
        compiled = statement.compile(dialect=asyncpg_dialect())  # type: ignore[no-untyped-call]
        for name, bind in compiled.binds.items():
            if not isinstance(bind.type, self._PLAIN_BINDS):
                raise TypeError(f"bind parameter {name!r} is {bind.type!r}: DirectQuery takes strings and numbers")
        self.statement = statement
        self.sql = str(compiled)
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        return [params[name] for name in self.names]


class Runner:
    """Runs a handler's synchronous database code, ``fn(session)``, without blocking the event loop.

    On PostgreSQL the code runs on the event loop itself through SQLAlchemy's asyncio bridge (greenlets over
    asyncpg connections): a worker process then serves all its concurrent requests from one thread.
    Measured on this project's 2-core machine with 16 concurrent transactions of 8 statements, that costs about
    half the CPU of handing each transaction to a thread-pool thread (threads contend for the GIL around every
    round trip). Handlers that do heavy CPU work inside their transaction (PIN-reset face matching, renewal photo
    checks) pass ``cpu_heavy=True`` and keep a pool thread, so they never stall other requests. (Staff login, with
    its argon2 check, is a plain ``def`` endpoint with its own transaction: FastAPI runs it on a pool thread.)

    On SQLite (the embedded and demo service) every call runs on a pool thread with the synchronous engine.
    Either way ``write`` commits when ``fn`` returns and rolls back when it raises, like ``transaction``.
    """

    def __init__(self, engine: Engine, *, pool_size: int = 32, read_pool_size: int = 16) -> None:
        self.sessions = session_factory(engine)
        self.reads = read_session_factory(engine)
        self._async: AsyncEngine | None = None
        self._direct: asyncpg.Pool | None = None  # for DirectQuery, opened by the first one
        self._direct_lock = asyncio.Lock()
        self._direct_size = read_pool_size
        self._dsn = ""  # asyncpg's form of the URL, on PostgreSQL (see ``_asyncpg_engine``)
        if engine.dialect.name == "postgresql":
            self._dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            # No overflow: a request beyond the pool waits for a connection instead of opening one that is closed
            # again on return (a PostgreSQL backend fork per request under sustained load).
            self._async = _asyncpg_engine(self._dsn, pool_size=pool_size)
            self._async_sessions = async_sessionmaker(self._async, expire_on_commit=False)
            # Reads get their own pool of connections that stay in autocommit: switching a shared connection's
            # isolation level on every checkout and back on return cost more than the status read itself.
            self._async_read_engine = _asyncpg_engine(self._dsn, pool_size=read_pool_size, autocommit=True)
            self._async_reads = async_sessionmaker(self._async_read_engine, expire_on_commit=False)

    async def write(self, fn: Callable[[Session], T], *, cpu_heavy: bool = False) -> T:
        if self._async is None or cpu_heavy:
            return await run_in_threadpool(_in_transaction, self.sessions, fn)
        async with self._async_sessions() as session, session.begin():
            return await session.run_sync(fn)

    async def read(self, fn: Callable[[Session], T]) -> T:
        if self._async is None:
            return await run_in_threadpool(_in_session, self.reads, fn)
        async with self._async_reads() as session:
            return await session.run_sync(fn)

    async def fetch_one(self, query: DirectQuery, params: Mapping[str, Any]) -> Row | None:
        """The one row ``query`` selects with ``params``, or ``None`` (reads in autocommit, like ``read``)."""
        if self._async is None:
            return await run_in_threadpool(_fetch_one, self.reads, query, params)
        pool = self._direct or await self._open_direct_pool()
        record: Row | None = await pool.fetchrow(query.sql, *query.args(params))
        return record

    async def _open_direct_pool(self) -> asyncpg.Pool:
        """asyncpg's own pool, in autocommit: checking a connection out of SQLAlchemy's pool and back cost about a
        tenth of a status read's CPU (paired: 0.89-0.90)."""
        async with self._direct_lock:
            if self._direct is None:
                self._direct = await asyncpg.create_pool(
                    self._dsn, min_size=0, max_size=self._direct_size, reset=_nothing_to_reset
                )
            return self._direct

    async def close(self) -> None:
        if self._async is not None:
            await self._async.dispose()
            await self._async_read_engine.dispose()
        if self._direct is not None:
            await self._direct.close()


def _asyncpg_engine(dsn: str, *, pool_size: int, autocommit: bool = False) -> AsyncEngine:
    """An async engine on asyncpg for the PostgreSQL database at ``dsn`` (the synchronous engine's URL, in libpq's
    form).

    asyncpg rather than psycopg's async mode: measured with both services under the same load at the same time,
    card authentication cost 16 % and a status read 9 % less service CPU. asyncpg parses the URL itself, in libpq's
    form, so the one ``--db`` URL reaches both drivers alike for what asyncpg knows of libpq (host, port, a socket
    directory as ``host``, ``sslmode`` and the ``ssl*`` files, ``passfile``, ``target_session_attrs``); SQLAlchemy
    would hand the query parameters to asyncpg as keyword arguments it refuses. asyncpg sends any other parameter
    as a server setting: ``application_name`` works, a libpq-only option such as ``connect_timeout`` is refused by
    the server.
    """

    async def connect() -> Any:
        return await asyncpg.connect(dsn)

    return create_async_engine(
        "postgresql+asyncpg://",
        async_creator=connect,
        pool_size=pool_size,
        max_overflow=0,
        pool_recycle=1800,
        **({"isolation_level": "AUTOCOMMIT"} if autocommit else {}),
    )


async def _nothing_to_reset(_connection: asyncpg.Connection) -> None:
    """asyncpg resets every connection it takes back (a round trip of four statements: unlock advisory locks, close
    cursors, unlisten, reset settings). A DirectQuery is one SELECT in autocommit, which leaves none of those."""


def _in_transaction(factory: sessionmaker[Session], fn: Callable[[Session], T]) -> T:
    with transaction(factory) as session:
        return fn(session)


def _in_session(factory: sessionmaker[Session], fn: Callable[[Session], T]) -> T:
    with factory() as session:
        return fn(session)


def _fetch_one(factory: sessionmaker[Session], query: DirectQuery, params: Mapping[str, Any]) -> Row | None:
    with factory() as session:
        return session.connection().execute(query.statement, dict(params)).mappings().one_or_none()
