"""Cheap cumulative counters by day × site × channel × event (B4, B8).

``bump`` runs in the caller's transaction, so a counter moves exactly when its event commits. Reports sum a few
rows per day instead of scanning applications; a monthly report reads at most 31 × sites × channels × events rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backend.db import is_postgres
from backend.models import DailyCount

JST = dt.timezone(dt.timedelta(hours=9), "JST")
"""Counting days follow the offices' calendar (Japan), not UTC."""


def office_day(at: dt.datetime) -> dt.date:
    return at.astimezone(JST).date()


def bump(session: Session, at: dt.datetime, site_id: str, channel: str, event: str) -> None:
    values = {"day": office_day(at), "site_id": site_id, "channel": channel, "event": event, "count": 1}
    keys = ["day", "site_id", "channel", "event"]
    if is_postgres(session):
        pg = pg_insert(DailyCount).values(**values)
        session.execute(pg.on_conflict_do_update(index_elements=keys, set_={"count": DailyCount.count + 1}))
    else:
        lite = sqlite_insert(DailyCount).values(**values)
        session.execute(lite.on_conflict_do_update(index_elements=keys, set_={"count": DailyCount.count + 1}))


def totals(
    session: Session, first: dt.date, last: dt.date, site_ids: Sequence[str] | None = None
) -> list[tuple[str, str, str, int]]:
    """``(site_id, channel, event, count)`` summed over ``first``..``last`` inclusive."""
    q = (
        select(DailyCount.site_id, DailyCount.channel, DailyCount.event, func.sum(DailyCount.count))
        .where(DailyCount.day >= first, DailyCount.day <= last)
        .group_by(DailyCount.site_id, DailyCount.channel, DailyCount.event)
        .order_by(DailyCount.site_id, DailyCount.channel, DailyCount.event)
    )
    if site_ids is not None:
        q = q.where(DailyCount.site_id.in_(site_ids))
    return [(s, c, e, int(n)) for s, c, e, n in session.execute(q).all()]
