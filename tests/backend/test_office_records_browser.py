"""The official's records in a real browser (Playwright, Debian's chromium): a pop-up application attested before
approval, a minor's legal representative recorded; screenshots of the pages (``$MYNAKIOSK_SCREENSHOTS``)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from backend.card_registry import register_from_card_files
from backend.clock import Clock
from backend.db import make_engine, session_factory, transaction
from backend.keys import test_key_material
from backend.office.holders import record_holder
from sim.apps import jpki, kenhojo, kenkaku
from sim.personalise import new_card
from sim.personas import get_persona
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import PASSWORD
from tests.backend.office_support import kiosk_application
from tests.backend.support import MUNICIPALITY, CardAtKiosk, SignedClient, open_card_session, renewal_body
from tests.backend.test_office_browser import ARGS, CHROMIUM, _shots, server

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap)"),
]
__all__ = ["server"]  # the fixture, shared with the office's main browser test


def _popup_application(base: str, pki: TestKioskPki, card: CardAtKiosk) -> str:
    with httpx.Client(base_url=base) as http:
        desk = SignedClient(http, pki.kiosk("k-popup"))  # type: ignore[arg-type]
        desk.login("official", PASSWORD)
        sid = open_card_session(desk, card)["card_session_id"]
        body = renewal_body(sid, channel="staffed_popup", collection_method="restricted_post", reservation_slot=None)
        r = desk.post("/v1/renewals", body)
        assert r.status_code == 201, r.text
        number: str = r.json()["application_number"]
        return number


def _register_minor(db: Path) -> CardAtKiosk:
    image = new_card(get_persona("takahashi"), seed=7)
    keys = test_key_material()
    engine = make_engine(f"sqlite:///{db}")
    with transaction(session_factory(engine)) as session:
        register_from_card_files(
            session,
            Clock(),
            serial=image.serial,
            municipality=MUNICIPALITY,
            auth_cert_der=image.file(jpki.APP, 0x000A) or b"",
            sign_cert_der=image.file(jpki.APP, 0x0001),
            front_face=image.file(kenkaku.APP, 0x0002) or b"",
            keys=keys,
        )
        session.flush()
        record_holder(session, Clock(), keys, image.serial, image.file(kenhojo.APP, 0x0002) or b"")
    engine.dispose()
    return CardAtKiosk(image)


def test_an_official_attests_a_popup_application_and_records_a_minors_representative(
    server: tuple[str, SignedClient, CardAtKiosk], kiosk_pki: TestKioskPki, tmp_path: Path
) -> None:
    base, kiosk, card = server
    popup = _popup_application(base, kiosk_pki, card)
    minor = kiosk_application(kiosk, _register_minor(tmp_path / "backend.sqlite3"))
    shots = _shots(tmp_path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(f"{base}/office/login")
        page.fill("#username", "official")
        page.fill("#password", PASSWORD)
        page.click("#login-button")
        page.wait_for_url("**/office/applications")

        page.goto(f"{base}/office/applications/{popup}")
        assert page.locator("#attestation-missing").is_visible()
        page.screenshot(path=str(shots / "office-attestation-form.png"), full_page=True)
        page.click("#do-approve")
        assert "本人確認が記録されていない" in page.get_by_role("alert").inner_text()
        page.screenshot(path=str(shots / "office-approval-waits.png"), full_page=True)
        page.go_back()
        form = page.locator("#form-attest")
        form.get_by_label("運転免許証").check()
        form.get_by_label("顔写真と本人の顔を照合した").check()
        page.click("#do-attest")
        assert "運転免許証" in page.locator("#attestation").inner_text()
        page.click("#do-approve")
        assert page.locator("#state").inner_text() == "J-LIS送付承認済"
        page.screenshot(path=str(shots / "office-attested.png"), full_page=True)

        page.goto(f"{base}/office/applications/{minor}")
        assert page.locator("#representative-missing").is_visible()
        form = page.locator("#form-represent")
        form.get_by_label("法定代理人の氏名").fill("髙橋 由美")
        form.get_by_label("親権者").check()
        form.get_by_label("マイナンバーカード").check()
        page.screenshot(path=str(shots / "office-representative-form.png"), full_page=True)
        page.click("#do-represent")
        assert "髙橋 由美" in page.locator("#representative").inner_text()
        page.goto(f"{base}/office/lang/en?next=/office/applications/{minor}")
        assert "Parent" in page.locator("#representative").inner_text()
        page.screenshot(path=str(shots / "office-representative-en.png"), full_page=True)
        browser.close()
