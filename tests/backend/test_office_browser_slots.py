"""The pick-up calendars and the reports in a real browser (Playwright driving Debian's chromium, as the office's
other browser test): an official sets a calendar, a kiosk books a slot, the bookings and the charts show.
Screenshots go to ``$MYNAKIOSK_SCREENSHOTS`` (default: the test's temporary directory)."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from backend.app import create_app
from backend.card_registry import register_from_card_files
from backend.clock import Clock
from backend.db import make_engine, session_factory, transaction
from backend.keys import test_key_material
from backend.settings import FacePolicy, Settings
from sim.apps import jpki, kenkaku
from sim.image import CardImage
from sim.personalise import new_card
from sim.personas import get_persona
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import PASSWORD, seed_database
from tests.backend.support import MUNICIPALITY, CardAtKiosk, SignedClient, open_card_session, renewal_body
from tests.backend.test_office_browser import ARGS, CHROMIUM, _shots

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap)"),
]
# A registry with cards issued over the years, so the forecast has something to show (persona, issue date).
REGISTRY = [
    ("tanaka", dt.date(2017, 5, 1)), ("suzuki", dt.date(2018, 2, 1)), ("watanabe", dt.date(2019, 10, 1)),
    ("sato", dt.date(2021, 8, 1)), ("takahashi", dt.date(2023, 2, 1)), ("nguyen", dt.date(2020, 7, 1)),
]  # fmt: skip


def _register_more(url: str) -> None:
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        for i, (persona, issued) in enumerate(REGISTRY):
            image = new_card(get_persona(persona), seed=200 + i, issued=issued)
            register_from_card_files(
                session, Clock(), serial=image.serial, municipality=MUNICIPALITY,
                auth_cert_der=image.file(jpki.APP, 0x000A) or b"", sign_cert_der=image.file(jpki.APP, 0x0001),
                front_face=image.file(kenkaku.APP, 0x0002) or b"", keys=test_key_material(),
            )  # fmt: skip
    engine.dispose()


@pytest.fixture
def server(
    tmp_path: Path, sqlite_template: Path, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]
) -> Iterator[tuple[str, SignedClient, CardAtKiosk]]:
    db = tmp_path / "backend.sqlite3"
    shutil.copy(sqlite_template, db)
    url = f"sqlite:///{db}"
    keys = test_key_material()
    seed_database(url, Clock(), kiosk_pki, card_images, keys)
    _register_more(url)
    settings = Settings(database_url=url, keys=keys, face=FacePolicy(required=False), office_insecure_cookies=True)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    base = f"http://127.0.0.1:{srv.servers[0].sockets[0].getsockname()[1]}"
    with httpx.Client(base_url=base) as http:
        yield base, SignedClient(http, kiosk_pki.kiosk("k-store")), CardAtKiosk(card_images["tanaka"])  # type: ignore[arg-type]
    srv.should_exit = True
    thread.join(timeout=10)


def test_an_official_sets_a_calendar_a_kiosk_books_and_the_reports_chart_it(
    server: tuple[str, SignedClient, CardAtKiosk], tmp_path: Path
) -> None:
    base, kiosk, card = server
    shots = _shots(tmp_path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(f"{base}/office/login")
        page.fill("#username", "official")
        page.fill("#password", PASSWORD)
        page.click("#login-button")
        page.wait_for_url("**/office/applications")
        page.get_by_role("link", name="受取予約枠").click()
        page.wait_for_url("**/office/slots")
        page.fill("#new-id", "honcho")
        page.fill("#new-name", "宮崎市役所 本庁舎 カードセンター")
        page.click("#add-office")
        page.wait_for_url("**/office/slots?done=honcho*")
        page.fill("#cap-honcho", "2")
        page.fill("#lead-honcho", "3")
        page.get_by_label("土 開始").fill("09:00")
        page.get_by_label("土 終了").fill("12:00")
        page.fill("#hol-honcho", (dt.date.today() + dt.timedelta(days=5)).isoformat())
        page.focus("#save-honcho")
        page.keyboard.press("Enter")
        page.wait_for_url("**/office/slots?done=honcho*")
        assert page.get_by_role("status").inner_text() == "処理しました。"

        # A kiosk is offered the new calendar's slots and books the first.
        sid = open_card_session(kiosk, card)["card_session_id"]
        offered = kiosk.get(f"/v1/pickup-slots?card_session_id={sid}").json()["slots"]
        first = offered[0]
        body = renewal_body(sid, reservation_slot=first["starts_at"], pickup_office_id="honcho")
        assert kiosk.post("/v1/renewals", body).json()["reservation_slot"] is not None
        page.reload()
        booked_day = dt.datetime.fromisoformat(first["starts_at"]).date().isoformat()
        row = page.locator(f"#load-honcho tr:has(time[datetime='{booked_day}'])")
        assert row.locator("td").nth(1).inner_text() == "1"
        page.screenshot(path=str(shots / "office-slots.png"), full_page=True)

        page.get_by_role("link", name="統計").click()
        page.wait_for_url("**/office/reports")
        assert page.get_by_role("img", name="年度別の更新見込み").is_visible()
        assert page.locator("#report-table tbody tr").count() >= 5
        page.screenshot(path=str(shots / "office-report-forecast.png"), full_page=True)
        page.get_by_role("link", name="申請月別の進捗").click()
        assert page.locator("#report-table tbody tr").count() == 1
        page.screenshot(path=str(shots / "office-report-cohort.png"), full_page=True)
        page.get_by_role("link", name="日別件数").click()
        assert page.get_by_role("img", name="受付件数（申請経路別）").is_visible()
        page.screenshot(path=str(shots / "office-report-daily.png"), full_page=True)
        page.goto(f"{base}/office/lang/en?next=/office/reports")
        assert page.get_by_role("img", name="Renewals due per fiscal year").is_visible()
        page.screenshot(path=str(shots / "office-report-forecast-en.png"), full_page=True)
        with page.expect_download() as download:
            page.click("#csv-link")
        assert download.value.suggested_filename == f"forecast-{MUNICIPALITY}.csv"

        # A contractor reads the reports but not the calendars (no link, and the page refuses).
        page.click("button:has-text('Sign out')")
        page.fill("#username", "contractor")
        page.fill("#password", PASSWORD)
        page.click("#login-button")
        page.wait_for_url("**/office/applications")
        assert page.get_by_role("link", name="Pick-up slots").count() == 0
        response = page.goto(f"{base}/office/slots")
        assert response is not None and response.status == 403
        browser.close()
