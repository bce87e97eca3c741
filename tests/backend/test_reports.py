"""The office's reports: counts by day and month, cohorts by application month, and the renewal forecast per
fiscal year from the card registry's dates (the rules of ``kiosk.eligibility``), as CSV, on the command line and
as a page with a chart drawn on the server."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from click.testing import CliRunner

from backend import reports
from backend.card_registry import register_from_card_files
from backend.counts import JST
from backend.db import transaction
from backend.keys import test_key_material
from backend.models import Card
from backend.office.charts import Chart, Series, nice_top, stacked_bars
from mynakiosk.commands.backend import backend as backend_cli
from sim.apps import jpki, kenkaku
from sim.personalise import new_card
from sim.personas import get_persona
from tests.backend.conftest import PASSWORD, Env
from tests.backend.office_support import kiosk_application, login, office_client
from tests.backend.support import MUNICIPALITY, OTHER_MUNICIPALITY

# persona, issue date → (card expiry, certificate expiry, minor's card): the rules of kiosk/eligibility.py
REGISTRY = {
    "tanaka": dt.date(2017, 5, 1),  # adult: card to the 10th birthday, certificates to the 5th
    "sato": dt.date(2021, 8, 1),  # a child: a 5-birthday card, certificates with it
    "ito": dt.date(2019, 10, 1),  # adult
}


def _register(env: Env, municipality: str = MUNICIPALITY) -> dict[str, Card]:
    keys = test_key_material()
    out = {}
    with transaction(env.ctx.sessions) as session:
        for i, (persona, issued) in enumerate(REGISTRY.items()):
            image = new_card(get_persona(persona), seed=100 + i, issued=issued)
            register_from_card_files(
                session, env.clock, serial=image.serial, municipality=municipality,
                auth_cert_der=image.file(jpki.APP, 0x000A) or b"", sign_cert_der=image.file(jpki.APP, 0x0001),
                front_face=image.file(kenkaku.APP, 0x0002) or b"", keys=keys,
            )  # fmt: skip
            session.flush()
            card = session.get(Card, image.serial)
            assert card is not None
            out[persona] = card
        session.expunge_all()
    return out


def test_registration_records_the_dates_the_forecast_needs(env: Env) -> None:
    cards = _register(env)
    tanaka, sato = cards["tanaka"], cards["sato"]
    assert tanaka.issued_on == dt.date(2017, 5, 1) and tanaka.minor_card is False
    assert tanaka.card_expires_on is not None and tanaka.certificates_expire_on is not None
    assert (tanaka.card_expires_on.year - 2017, tanaka.certificates_expire_on.year - 2017) in {(9, 4), (10, 5)}
    assert tanaka.certificates_expire_on < tanaka.card_expires_on
    assert sato.minor_card is True and sato.certificates_expire_on == sato.card_expires_on


def test_forecast_counts_renewals_due_per_fiscal_year(env: Env) -> None:
    _register(env)
    with env.ctx.reads() as session:
        cards = session.query(Card).where(Card.municipality_code == MUNICIPALITY).all()  # with the fixture's card
        table = reports.forecast(session, MUNICIPALITY)
    expected: dict[int, list[int]] = {}
    for card in cards:
        assert card.card_expires_on and card.certificates_expire_on
        fy = reports.fiscal_year(card.card_expires_on)
        row = expected.setdefault(fy, [0, 0, 0, 0])
        row[0], row[1], row[2] = row[0] + 1, row[1] + 1, row[2] + bool(card.minor_card)
        if card.certificates_expire_on < card.card_expires_on:
            row = expected.setdefault(reports.fiscal_year(card.certificates_expire_on), [0, 0, 0, 0])
            row[0], row[3] = row[0] + 1, row[3] + 1
    rows = {int(r[0]): [int(v) for v in r[1:]] for r in table.rows}
    assert {y: v for y, v in rows.items() if any(v)} == expected
    assert list(rows) == list(range(min(rows), max(rows) + 1))  # no year left out between the first and last
    assert sum(v[2] for v in rows.values()) == 1  # sato's card: issued to a child, 5 birthdays
    with env.ctx.reads() as session:
        assert reports.forecast(session, OTHER_MUNICIPALITY).rows == ()


def test_fiscal_years_run_from_april_to_march() -> None:
    assert reports.fiscal_year(dt.date(2027, 3, 31)) == 2026
    assert reports.fiscal_year(dt.date(2027, 4, 1)) == 2027


def test_report_forecast_csv_prints_renewals_due_per_fiscal_year(env: Env) -> None:
    cards = _register(env)
    result = CliRunner().invoke(
        backend_cli, ["report", "forecast", "--municipality", MUNICIPALITY, "--csv", "--db", env.db_url]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == list(reports.FORECAST_COLUMNS)
    by_year = {int(r["fiscal_year"]): r for r in rows}
    tanaka = cards["tanaka"]
    assert tanaka.card_expires_on and tanaka.certificates_expire_on
    assert int(by_year[reports.fiscal_year(tanaka.card_expires_on)]["cards_expiring"]) >= 1
    assert int(by_year[reports.fiscal_year(tanaka.certificates_expire_on)]["certificates_only"]) >= 1
    bad = CliRunner().invoke(backend_cli, ["report", "forecast", "--municipality", "12", "--db", env.db_url])
    assert bad.exit_code != 0


def test_daily_monthly_and_cohort_count_the_municipalitys_applications(env: Env) -> None:
    kiosk_application(env.client(), env.card())
    kiosk_application(env.client(), env.card())
    today = env.clock.now().astimezone(JST).date()
    runner = CliRunner()
    out = {}
    for kind in ("daily", "monthly", "cohort"):
        result = runner.invoke(
            backend_cli, ["report", kind, "--municipality", MUNICIPALITY, "--csv", "--db", env.db_url]
        )
        assert result.exit_code == 0, result.output
        out[kind] = list(csv.DictReader(io.StringIO(result.output)))
    received = [r for r in out["daily"] if r["event"] == "renewal:received"]
    assert received == [
        {"day": today.isoformat(), "site_id": "store-1", "channel": "kiosk", "event": "renewal:received", "count": "2"}
    ]
    assert [(r["month"], r["count"]) for r in out["monthly"] if r["event"] == "renewal:received"] == [
        (f"{today:%Y-%m}", "2")
    ]
    statuses = {s: "0" for s in list(out["cohort"][0])[2:]} | {"received": "2"}
    assert out["cohort"] == [{"month": f"{today:%Y-%m}", "applications": "2", **statuses}]
    other = runner.invoke(backend_cli, ["report", "cohort", "--municipality", OTHER_MUNICIPALITY, "--db", env.db_url])
    assert other.exit_code == 0 and len(other.output.splitlines()) == 1  # the header only


def test_the_report_page_draws_its_chart_on_the_server_and_offers_the_csv(env: Env) -> None:
    _register(env)
    http = office_client(env.app)
    login(http, "contractor", PASSWORD)  # counts only: every role may read them
    page = http.get("/office/reports?kind=forecast")
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page.text and "<script" not in page.text
    assert "年度別の更新見込み" in page.text and 'id="report-table"' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    download = http.get("/office/reports.csv?kind=forecast")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert download.text.splitlines()[0] == ",".join(reports.FORECAST_COLUMNS)
    for kind in ("daily", "monthly", "cohort"):
        assert http.get(f"/office/reports?kind={kind}").status_code == 200
    assert http.get("/office/reports?kind=daily&from=2026-01-01&to=2025-01-01").status_code == 422
    assert office_client(env.app).get("/office/reports").headers["location"] == "/office/login"


def test_chart_text_is_escaped_and_bars_scale_to_a_round_top() -> None:
    assert [nice_top(v) for v in (0, 1, 3, 7, 10, 11, 260)] == [1, 1, 5, 10, 10, 20, 500]
    svg = str(stacked_bars(Chart("<b>", ("a&b",), (Series("<i>", (3,)),)), "c"))
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "a&amp;b" in svg
    assert len(re.findall(r"<rect ", svg)) == 1
    two = str(stacked_bars(Chart("t", ("x",), (Series("s", (2,)),)), "d"))
    assert re.findall(r'text-anchor="end">(\d+)</text>', two) == ["0", "1", "2"]  # no repeated gridline label


def test_a_report_period_is_bounded(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(reports.ReportError):
        reports._period(dt.date(2026, 1, 2), dt.date(2026, 1, 1), 10)
    with pytest.raises(reports.ReportError):
        reports._period(dt.date(2020, 1, 1), dt.date(2026, 1, 1), reports.MAX_DAYS)
