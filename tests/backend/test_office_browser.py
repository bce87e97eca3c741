"""The back office in a real browser: Playwright for Python driving Debian's chromium against a real server on
loopback (http there, so the office's dev override for ``Secure`` cookies is on). Screenshots of the main pages go
to ``$MYNAKIOSK_SCREENSHOTS`` (default: the test's temporary directory)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from backend.app import create_app
from backend.clock import Clock
from backend.keys import test_key_material
from backend.settings import FacePolicy, Settings
from sim.image import CardImage
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import PASSWORD, seed_database
from tests.backend.office_support import kiosk_application
from tests.backend.support import CardAtKiosk, SignedClient

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap)"),
]


@pytest.fixture
def server(
    tmp_path: Path, sqlite_template: Path, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]
) -> Iterator[tuple[str, SignedClient, CardAtKiosk]]:
    db = tmp_path / "backend.sqlite3"
    shutil.copy(sqlite_template, db)
    url = f"sqlite:///{db}"
    keys = test_key_material()
    seed_database(url, Clock(), kiosk_pki, card_images, keys)
    settings = Settings(database_url=url, keys=keys, face=FacePolicy(required=False), office_insecure_cookies=True)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    port = srv.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base) as http:
        kiosk = SignedClient(http, kiosk_pki.kiosk("k-store"))  # type: ignore[arg-type]
        yield base, kiosk, CardAtKiosk(card_images["tanaka"])
    srv.should_exit = True
    thread.join(timeout=10)


def _shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("MYNAKIOSK_SCREENSHOTS", tmp_path / "shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


def test_an_official_works_a_kiosk_application_in_the_browser(
    server: tuple[str, SignedClient, CardAtKiosk], tmp_path: Path
) -> None:
    base, kiosk, card = server
    number = kiosk_application(kiosk, card)
    shots = _shots(tmp_path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(f"{base}/office/")
        assert page.url.endswith("/office/login")
        page.screenshot(path=str(shots / "office-login.png"), full_page=True)
        # Keyboard only: the username field has the focus; Tab goes to the password, then to the button.
        focused = [page.evaluate("document.activeElement.id")]
        for _ in range(8):
            page.keyboard.press("Tab")
            focused.append(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
            if focused[-1] == "login-button":
                break
        assert "username" in focused and "password" in focused and focused[-1] == "login-button"
        page.fill("#username", "official")
        page.fill("#password", PASSWORD)
        page.focus("#login-button")
        page.keyboard.press("Enter")
        page.wait_for_url("**/office/applications")
        assert page.locator("#total").inner_text() == "1"
        page.screenshot(path=str(shots / "office-worklist.png"), full_page=True)
        page.get_by_role("link", name=number).click()
        page.wait_for_url(f"**/office/applications/{number}")
        assert page.get_by_role("img", name="申請者の新しい顔写真").evaluate("i => i.naturalWidth") > 0
        page.screenshot(path=str(shots / "office-detail.png"), full_page=True)

        page.get_by_label("写真が不適合").check()
        page.get_by_label("メモ").first.fill("背景に影")
        page.click("#do-incomplete")
        assert page.locator("#state").inner_text() == "不備"
        page.click("#do-resume")
        assert page.locator("#state").inner_text() == "審査中"
        page.click("#do-approve")
        assert page.locator("#state").inner_text() == "J-LIS送付承認済"

        # A forged form (wrong CSRF token) is refused and changes nothing.
        page.evaluate("document.querySelector('#form-cancel input[name=csrf]').value = 'forged'")
        page.get_by_label("転出").check()
        page.click("#do-cancel")
        assert page.get_by_role("alert").inner_text().startswith("フォームの確認コード")
        page.goto(f"{base}/office/lang/en?next=/office/applications/{number}")
        assert page.locator("#state").inner_text() == "Approved for J-LIS"
        page.screenshot(path=str(shots / "office-detail-en.png"), full_page=True)
        page.click("button:has-text('Sign out')")
        page.wait_for_url("**/office/login")

        # A technician sees counts, not the application.
        page.fill("#username", "technician")
        page.fill("#password", PASSWORD)
        page.click("#login-button")
        page.wait_for_url("**/office/applications")
        assert number not in page.content()
        response = page.goto(f"{base}/office/applications/{number}")
        assert response is not None and response.status == 403
        assert "Your role may not" in page.get_by_role("alert").inner_text()
        page.screenshot(path=str(shots / "office-refused.png"), full_page=True)
        browser.close()
