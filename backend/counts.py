"""Cheap cumulative counters by day × site × channel × event (B4, B8).

``bump`` inserts one ``count_events`` row in the caller's transaction, so an event is counted exactly when it
commits, and takes no lock: every renewal at one site on one day used to update the same counter row and hold its
lock to the commit, and under load nearly every renewal transaction was waiting for it (50 of 64 in
``pg_stat_activity``). ``fold`` adds committed events to ``daily_counts`` and deletes them, in one transaction,
a few times a second in every service process (next to the audit sealer). Reports read ``daily_counts`` and the
few events not folded yet in one statement, so they are exact whenever they run, and sum a few rows per day
instead of scanning applications: a monthly report reads at most 31 × sites × channels × events rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, literal, select, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backend.db import is_postgres
from backend.models import CountEvent, DailyCount, table

JST = dt.timezone(dt.timedelta(hours=9), "JST")
"""Counting days follow the offices' calendar (Japan), not UTC."""

FOLD_BATCH = 5000

_EVENTS, _DAILY = table(CountEvent), table(DailyCount)
_INSERT_EVENT = insert(_EVENTS)
_OLDEST_EVENTS = (
    select(_EVENTS.c.id, _EVENTS.c.day, _EVENTS.c.site_id, _EVENTS.c.channel, _EVENTS.c.event)
    .order_by(_EVENTS.c.id)
    .limit(FOLD_BATCH)
    # Two processes folding at once take disjoint events (PostgreSQL; SQLite has one writer at a time).
    .with_for_update(skip_locked=True)
)
_ANY_EVENT = select(_EVENTS.c.id).limit(1)


def office_day(at: dt.datetime) -> dt.date:
    return at.astimezone(JST).date()


def bump(session: Session, at: dt.datetime, site_id: str, channel: str, event: str) -> None:
    """Count one ``event`` (committed with the caller's transaction)."""
    row = {"day": office_day(at), "site_id": site_id, "channel": channel, "event": event}
    session.connection().execute(_INSERT_EVENT, row)


def has_events(session: Session) -> bool:
    """Whether anything waits to be folded: a read, so an idle folder never opens a write transaction."""
    return session.connection().execute(_ANY_EVENT).first() is not None


def fold(session: Session) -> int:
    """Add up to ``FOLD_BATCH`` committed events to ``daily_counts`` and delete them, in the caller's transaction;
    return how many. Each event is counted exactly once: it leaves ``count_events`` in the transaction that adds it
    to its counter."""
    conn = session.connection()
    rows = conn.execute(_OLDEST_EVENTS).all()
    if not rows:
        return 0
    sums = Counter((row.day, row.site_id, row.channel, row.event) for row in rows)
    upsert = pg_insert(_DAILY) if is_postgres(session) else sqlite_insert(_DAILY)
    statement = upsert.on_conflict_do_update(
        index_elements=["day", "site_id", "channel", "event"],
        set_={"count": _DAILY.c.count + upsert.excluded.count},
    )
    # In key order, so two folders updating the same counters lock them in the same order (no deadlock).
    for (day, site_id, channel, event), n in sorted(sums.items()):
        conn.execute(statement, {"day": day, "site_id": site_id, "channel": channel, "event": event, "count": n})
    conn.execute(delete(_EVENTS).where(_EVENTS.c.id.in_([row.id for row in rows])))
    return len(rows)


def totals(
    session: Session, first: dt.date, last: dt.date, site_ids: Sequence[str] | None = None
) -> list[tuple[str, str, str, int]]:
    """``(site_id, channel, event, count)`` summed over ``first``..``last`` inclusive, folded or not (one statement,
    so a fold committing meanwhile is seen entirely or not at all)."""
    folded = select(_DAILY.c.site_id, _DAILY.c.channel, _DAILY.c.event, _DAILY.c.count.label("n")).where(
        _DAILY.c.day >= first, _DAILY.c.day <= last
    )
    pending = select(_EVENTS.c.site_id, _EVENTS.c.channel, _EVENTS.c.event, literal(1).label("n")).where(
        _EVENTS.c.day >= first, _EVENTS.c.day <= last
    )
    if site_ids is not None:
        folded = folded.where(_DAILY.c.site_id.in_(site_ids))
        pending = pending.where(_EVENTS.c.site_id.in_(site_ids))
    both = union_all(folded, pending).subquery()
    q = (
        select(both.c.site_id, both.c.channel, both.c.event, func.sum(both.c.n))
        .group_by(both.c.site_id, both.c.channel, both.c.event)
        .order_by(both.c.site_id, both.c.channel, both.c.event)
    )
    return [(s, c, e, int(n)) for s, c, e, n in session.execute(q).all()]
