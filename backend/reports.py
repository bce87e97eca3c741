"""The issuing office's reports, each one table a CSV, the command line and the office page share.

* ``daily`` / ``monthly``: counted events (an application received, a status change, a PIN reset…) by office day
  or month, site and channel, for the sites of one municipality, from the cumulative counters (``backend.counts``:
  never a scan of applications).
* ``cohort``: the applications of the municipality's residents by the month they were made (JST), with where they
  stand now, status by status.
* ``forecast``: renewals due per fiscal year (April to March) from the card registry's dates: cards expiring (the
  10th birthday after issue, the 5th for a minor's card) and certificates expiring alone (the 5th birthday after
  issue, while the card goes on). Revoked cards are left out; cards registered before their dates were recorded
  are counted apart (``unknown``).

No report holds personal data: counts only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from backend.counts import JST
from backend.domain import CardStatus, RenewalStatus
from backend.models import Card, CountEvent, DailyCount, Renewal, Site, table

MAX_DAYS = 366
MAX_MONTHS = 120


class ReportKind(StrEnum):
    DAILY = "daily"
    MONTHLY = "monthly"
    COHORT = "cohort"
    FORECAST = "forecast"


class ReportError(ValueError):
    """A report asked for a period it cannot cover (reversed, or too long)."""


Cell = str | int


@dataclass(frozen=True)
class Table:
    kind: ReportKind
    municipality_code: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    """What the rows leave out (e.g. cards without recorded dates), for the reader."""
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    """The period a daily or monthly report covers (rows exist only for days with counts)."""

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def fiscal_year(day: dt.date) -> int:
    """Japan's fiscal year of ``day``: FY N runs from 1 April N to 31 March N+1."""
    return day.year if day.month >= 4 else day.year - 1


def month_of(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def _sites(session: Session, municipality_code: str) -> list[str]:
    return list(
        session.execute(select(Site.site_id).where(Site.municipality_code == municipality_code)).scalars().all()
    )


PerDay = tuple[dt.date, str, str, str, int]


def _per_day(session: Session, first: dt.date, last: dt.date, sites: list[str]) -> list[PerDay]:
    """``(day, site, channel, event, count)``, folded counters and events not folded yet, in one statement."""
    daily, events = table(DailyCount), table(CountEvent)
    folded = select(daily.c.day, daily.c.site_id, daily.c.channel, daily.c.event, daily.c.count.label("n")).where(
        daily.c.day >= first, daily.c.day <= last, daily.c.site_id.in_(sites)
    )
    pending = select(events.c.day, events.c.site_id, events.c.channel, events.c.event, literal(1).label("n")).where(
        events.c.day >= first, events.c.day <= last, events.c.site_id.in_(sites)
    )
    both = union_all(folded, pending).subquery()
    q = (
        select(both.c.day, both.c.site_id, both.c.channel, both.c.event, func.sum(both.c.n))
        .group_by(both.c.day, both.c.site_id, both.c.channel, both.c.event)
        .order_by(both.c.day, both.c.site_id, both.c.channel, both.c.event)
    )
    return [(d, s, c, e, int(n)) for d, s, c, e, n in session.execute(q).all()]


def _period(first: dt.date, last: dt.date, limit_days: int) -> None:
    if last < first:
        raise ReportError("the period ends before it starts")
    if (last - first).days >= limit_days:
        raise ReportError(f"a report covers at most {limit_days} days")


def daily(session: Session, municipality_code: str, first: dt.date, last: dt.date) -> Table:
    _period(first, last, MAX_DAYS)
    sites = _sites(session, municipality_code)
    rows = [(d.isoformat(), s, c, e, n) for d, s, c, e, n in _per_day(session, first, last, sites)] if sites else []
    columns = ("day", "site_id", "channel", "event", "count")
    return Table(ReportKind.DAILY, municipality_code, columns, tuple(rows), first_day=first, last_day=last)


def monthly(session: Session, municipality_code: str, first: dt.date, last: dt.date) -> Table:
    """Months ``first``..``last`` (any day of each; whole months are counted)."""
    first, last = first.replace(day=1), _month_end(last)
    _period(first, last, MAX_MONTHS * 31)
    sites = _sites(session, municipality_code)
    sums: Counter[tuple[str, str, str, str]] = Counter()
    for d, s, c, e, n in _per_day(session, first, last, sites) if sites else []:
        sums[(month_of(d), s, c, e)] += n
    rows = tuple((*key, n) for key, n in sorted(sums.items()))
    columns = ("month", "site_id", "channel", "event", "count")
    return Table(ReportKind.MONTHLY, municipality_code, columns, rows, first_day=first, last_day=last)


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


_WORKFLOW = (
    RenewalStatus.RECEIVED, RenewalStatus.UNDER_REVIEW, RenewalStatus.INCOMPLETE, RenewalStatus.APPROVED,
    RenewalStatus.CARD_PRODUCED, RenewalStatus.PRE_ISSUANCE_SETUP, RenewalStatus.SHIPPED,
    RenewalStatus.READY_FOR_PICKUP, RenewalStatus.HANDED_OVER, RenewalStatus.REJECTED, RenewalStatus.WITHDRAWN,
    RenewalStatus.CANCELLED,
)  # fmt: skip
COHORT_STATUSES = (*_WORKFLOW, *(s for s in RenewalStatus if s not in _WORKFLOW))
"""The cohort's status columns in the order an application moves (statuses added later go last)."""


def cohort(session: Session, municipality_code: str) -> Table:
    """Applications by the month they were made, and how many of them are in each status now."""
    tally: Counter[tuple[str, RenewalStatus]] = Counter()
    made: Counter[str] = Counter()
    for created, status in session.execute(
        select(Renewal.created_at, Renewal.status).where(Renewal.municipality_code == municipality_code)
    ).all():
        month = month_of(created.astimezone(JST).date())
        made[month] += 1
        tally[(month, RenewalStatus(status))] += 1
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (m, made[m], *(tally[(m, s)] for s in COHORT_STATUSES)) for m in sorted(made)
    )
    columns = ("month", "applications", *(s.value for s in COHORT_STATUSES))
    return Table(ReportKind.COHORT, municipality_code, columns, rows)


FORECAST_COLUMNS = ("fiscal_year", "renewals_due", "cards_expiring", "of_which_minors_cards", "certificates_only")


def forecast(session: Session, municipality_code: str) -> Table:
    """Renewals due per fiscal year: cards expiring (of which minors' cards), and certificates expiring while
    their card goes on (a certificate-only renewal)."""
    cards: Counter[int] = Counter()
    minors: Counter[int] = Counter()
    certificates: Counter[int] = Counter()
    unknown = 0
    for card_end, cert_end, minor in session.execute(
        select(Card.card_expires_on, Card.certificates_expire_on, Card.minor_card).where(
            Card.municipality_code == municipality_code, Card.status != CardStatus.REVOKED
        )
    ).all():
        if card_end is None or cert_end is None:
            unknown += 1
            continue
        cards[fiscal_year(card_end)] += 1
        minors[fiscal_year(card_end)] += bool(minor)
        if cert_end < card_end:
            certificates[fiscal_year(cert_end)] += 1
    years = sorted({*cards, *certificates})
    span = range(years[0], years[-1] + 1) if years else range(0)
    rows = tuple((y, cards[y] + certificates[y], cards[y], minors[y], certificates[y]) for y in span)
    note = f"{unknown} registered cards have no recorded issue date and are not counted" if unknown else ""
    return Table(ReportKind.FORECAST, municipality_code, FORECAST_COLUMNS, rows, note)


def build(
    session: Session,
    kind: ReportKind,
    municipality_code: str,
    first: dt.date | None,
    last: dt.date | None,
    today: dt.date,
) -> Table:
    """One report with the command line's and the page's defaults: the last 31 days, the last 12 months."""
    if kind is ReportKind.DAILY:
        return daily(session, municipality_code, first or today - dt.timedelta(days=30), last or today)
    if kind is ReportKind.MONTHLY:
        start = first or dt.date(today.year - (today.month <= 11), (today.month % 12) + 1, 1)
        return monthly(session, municipality_code, start, last or today)
    if kind is ReportKind.COHORT:
        return cohort(session, municipality_code)
    return forecast(session, municipality_code)
