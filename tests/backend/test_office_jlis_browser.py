"""The chain in a real browser (Playwright driving Debian's chromium): a kiosk's application approved, sent to the
simulated J-LIS, its answer imported, the card received, counted, stored and handed over — by keyboard where a
counter clerk would. Screenshots of the J-LIS and custody pages go to ``$MYNAKIOSK_SCREENSHOTS``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.jlis import SimulatedJlis
from tests.backend.conftest import PASSWORD
from tests.backend.office_support import kiosk_application
from tests.backend.support import CardAtKiosk, SignedClient
from tests.backend.test_office_browser import ARGS, CHROMIUM, _shots, server

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap)"),
]
__all__ = ["server"]  # the fixture, shared with the office's first browser test


def test_an_application_goes_from_the_kiosk_through_jlis_to_the_counter_in_the_browser(
    server: tuple[str, SignedClient, CardAtKiosk], tmp_path: Path
) -> None:
    base, kiosk, card = server
    number = kiosk_application(kiosk, card)
    shots = _shots(tmp_path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 900}, accept_downloads=True)
        page.goto(f"{base}/office/login")
        page.fill("#username", "official")
        page.fill("#password", PASSWORD)
        page.click("#login-button")
        page.wait_for_url("**/office/applications")
        page.goto(f"{base}/office/applications/{number}")
        page.click("#do-approve")
        assert page.locator("#state").inner_text() == "J-LIS送付承認済"

        page.get_by_role("navigation", name="メニュー").get_by_role("link", name="J-LIS連携").click()
        page.wait_for_url("**/office/jlis")
        page.click("#do-export")
        assert "1件" in page.locator("#jlis-result").inner_text()
        with page.expect_download() as download:
            page.get_by_role("link", name="送付ファイル").first.click()
        batch = Path(download.value.path()).read_bytes()
        jlis = SimulatedJlis.with_test_keys()
        feed = tmp_path / "feed.json"
        feed.write_bytes(jlis.answer(jlis.receive(batch), dt.datetime.now(dt.UTC)))
        page.get_by_label("状態通知ファイル").set_input_files(str(feed))
        page.click("#do-import")
        assert "反映 5件" in page.locator("#jlis-result").inner_text()
        assert page.locator("[data-jlis-state='5']").count() == 1
        page.screenshot(path=str(shots / "office-jlis.png"), full_page=True)

        page.get_by_role("link", name="カード保管").click()
        page.wait_for_url("**/office/custody")
        page.screenshot(path=str(shots / "office-custody-delivery.png"), full_page=True)
        page.get_by_role("button", name="この窓口で受領").click()  # its accessible name holds the delivery id
        assert page.locator("#custody-result").inner_text() == "1枚を受領しました。"
        page.get_by_label("数えたカードの申請番号").fill(number)
        page.click("#do-count")
        assert page.locator("#count-difference").inner_text() == "0"
        page.get_by_role("link", name=number).click()
        page.wait_for_url(f"**/office/custody/cards/{number}")

        # At the counter, by keyboard: the location, then the identity check and the hand-over.
        page.focus("#location")
        page.keyboard.type("金庫A-3")
        page.keyboard.press("Enter")
        page.wait_for_url("**done=store")
        assert page.locator("#custody-state").inner_text() == "保管中"
        assert page.locator("#app-status").inner_text() == "交付準備完了"
        page.screenshot(path=str(shots / "office-custody-card.png"), full_page=True)
        page.goto(f"{base}/office/custody?site=hall-1")
        assert page.locator("[data-custody='stored']").count() == 1
        page.screenshot(path=str(shots / "office-custody-held.png"), full_page=True)
        page.get_by_role("link", name=number).click()
        page.get_by_label("現在のマイナンバーカード").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        assert page.locator("#face-compared").is_checked()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "do-hand-over"
        page.keyboard.press("Enter")
        page.wait_for_url("**done=hand-over")
        assert page.locator("#custody-state").inner_text() == "交付済"
        assert page.locator("#app-status").inner_text() == "交付済"

        page.goto(f"{base}/office/lang/en?next=/office/custody")
        assert page.get_by_role("heading", name="Card custody").count() == 1
        page.screenshot(path=str(shots / "office-custody-en.png"), full_page=True)
        page.goto(f"{base}/office/jlis")
        page.screenshot(path=str(shots / "office-jlis-en.png"), full_page=True)
        browser.close()
