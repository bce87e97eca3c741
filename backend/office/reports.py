"""``/office/reports``: the reports of ``backend.reports`` as a page (a chart drawn on the server and the table)
and as CSV, for the staff member's own municipality. Counts only, so every role may read them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend import reports
from backend.counts import JST
from backend.domain import Channel, RenewalStatus
from backend.errors import Unprocessable
from backend.office.charts import Chart, Series, stacked_bars
from backend.office.i18n import TEXTS, translator
from backend.office.router import SECURITY_HEADERS, _ctx, _lang, _page, _refusal, _staff, _to_login, templates
from backend.reports import ReportKind, Table

router = APIRouter(include_in_schema=False)
templates.env.globals["col_known"] = {k for k in TEXTS if k.startswith(("col_", "status_", "channel_"))}
RECEIVED = "renewal:received"
STOPPED = frozenset({RenewalStatus.REJECTED, RenewalStatus.WITHDRAWN, RenewalStatus.CANCELLED})


def _kind(raw: str | None) -> ReportKind:
    return ReportKind(raw) if raw in {k.value for k in ReportKind} else ReportKind.FORECAST


def _day(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _table(request: Request, municipality: str) -> Table:
    ctx = _ctx(request)
    q = request.query_params
    with ctx.reads() as session:
        return reports.build(
            session, _kind(q.get("kind")), municipality, _day(q.get("from")), _day(q.get("to")),
            ctx.clock.now().astimezone(JST).date(),
        )  # fmt: skip


def _by_channel(table: Table, t: Callable[..., str]) -> Chart:
    """Applications received per day or month, stacked by channel."""
    periods = sorted({str(row[0]) for row in table.rows})
    first, last = table.first_day, table.last_day
    if first is not None and last is not None:  # every day (month) of the period, with a count or not
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        periods = (
            [d.isoformat() for d in days] if table.kind is ReportKind.DAILY else sorted({f"{d:%Y-%m}" for d in days})
        )
    sums: Counter[tuple[str, str]] = Counter()
    for period, _site, channel, event, count in table.rows:
        if event == RECEIVED:
            sums[(str(period), str(channel))] += int(count)
    series = tuple(Series(t(f"channel_{c.value}"), tuple(sums[(p, c.value)] for p in periods)) for c in Channel)
    labels = tuple(p[5:] if table.kind is ReportKind.DAILY else p for p in periods)
    return Chart(t("chart_received"), labels, series)


def _cohort(table: Table, t: Callable[..., str]) -> Chart:
    index = {name: i for i, name in enumerate(table.columns)}
    done = [int(r[index[RenewalStatus.HANDED_OVER.value]]) for r in table.rows]
    stopped = [sum(int(r[index[s.value]]) for s in STOPPED) for r in table.rows]
    going = [int(r[1]) - d - s for r, d, s in zip(table.rows, done, stopped, strict=True)]
    series = (
        Series(t("cohort_in_progress"), tuple(going)),
        Series(t("status_handed_over"), tuple(done)),
        Series(t("cohort_stopped"), tuple(stopped)),
    )
    return Chart(t("chart_cohort"), tuple(str(r[0]) for r in table.rows), series)


def _forecast(table: Table, t: Callable[..., str]) -> Chart:
    series = (
        Series(t("forecast_adult_cards"), tuple(int(r[2]) - int(r[3]) for r in table.rows)),
        Series(t("forecast_minor_cards"), tuple(int(r[3]) for r in table.rows)),
        Series(t("forecast_certificates"), tuple(int(r[4]) for r in table.rows)),
    )
    return Chart(t("chart_forecast"), tuple(t("fiscal_year", r[0]) for r in table.rows), series)


def chart_of(table: Table, t: Callable[..., str]) -> Chart:
    if table.kind is ReportKind.COHORT:
        return _cohort(table, t)
    if table.kind is ReportKind.FORECAST:
        return _forecast(table, t)
    return _by_channel(table, t)


@router.get("/office/reports")
def report_page(request: Request) -> Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    try:
        table = _table(request, staff.municipality_code)
    except reports.ReportError as exc:
        return _refusal(request, staff, Unprocessable(str(exc)), "/office/reports")
    t = translator(_lang(request))
    chart = chart_of(table, t)
    return _page(
        request, "reports.html", staff=staff, table=table, kinds=list(ReportKind), chart=chart,
        svg=stacked_bars(chart, "chart"), query=request.url.query,
    )  # fmt: skip


@router.get("/office/reports.csv")
def report_csv(request: Request) -> Response:
    staff = _staff(request)
    if staff is None:
        return _to_login()
    try:
        table = _table(request, staff.municipality_code)
    except reports.ReportError as exc:
        return _refusal(request, staff, Unprocessable(str(exc)), "/office/reports")
    name = f"{table.kind.value}-{table.municipality_code}.csv"
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(table.csv(), media_type="text/csv; charset=utf-8", headers=headers)
