"""Technician mode on the real QML: PIN first, then persona, card in/out, faults, trace and doctor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.card.trace import TraceEntry
from kiosk.flows.events import CardInserted, CardRemoved
from mynakiosk.demo.bench import SimCardDesk
from ui.app import KioskUi, build_ui
from ui.driver import SampleDriver
from ui.render import grab
from ui.technician import SimBench, summarise_doctor

from ..site_files import write_site
from .qml_tree import named, one, text_of

PIN = "97531"


@pytest.fixture
def tech_ui(qapp: QApplication) -> Iterator[tuple[KioskUi, SampleDriver, SimBench]]:
    driver = SampleDriver()
    bench = SimBench(cards=SimCardDesk())
    bench.send = driver.send
    ui = build_ui(driver, bench=bench, tech_pin=PIN)
    try:
        yield ui, driver, bench
    finally:
        ui.close()


def test_technician_mode_needs_its_pin(tech_ui: tuple[KioskUi, SampleDriver, SimBench]) -> None:
    ui, _, _ = tech_ui
    tech = ui.technician
    tech.requestAccess()
    grab(ui)
    assert one(ui, "technician").isVisible() and named(ui, "tech_key_OK")
    assert not named(ui, "tech_insert"), "nothing of the bench before the PIN"
    tech.unlock("00000")
    grab(ui)
    assert text_of(one(ui, "techMessage")) == "技術者用暗証番号が違います"
    tech.unlock(PIN)
    grab(ui)
    assert named(ui, "tech_insert") and one(ui, "languageSwitch")
    tech.close()
    grab(ui)
    assert not named(ui, "technician")


def test_without_a_configured_pin_technician_mode_stays_shut(qapp: QApplication) -> None:
    ui = build_ui(SampleDriver(), tech_pin="")
    try:
        ui.technician.requestAccess()
        assert not ui.technician.property("active")
    finally:
        ui.close()


def test_persona_card_in_and_out_reach_the_flow(tech_ui: tuple[KioskUi, SampleDriver, SimBench]) -> None:
    ui, driver, bench = tech_ui
    tech = ui.technician
    tech.requestAccess()
    tech.unlock(PIN)
    tech.choosePersona("watanabe")
    assert isinstance(bench.cards, SimCardDesk)
    reader = bench.cards.reader
    assert reader is not None and not reader.card_present()
    assert "渡邊" in reader.card.card.image.holder.name
    tech.insertCard()
    assert reader.card_present() and tech.property("cardPresent")
    tech.removeCard()
    assert not reader.card_present()
    assert [e for e in driver.events if isinstance(e, CardInserted | CardRemoved)] == [CardInserted(), CardRemoved()]


def test_faults_are_parsed_and_applied_or_refused_with_the_reason(
    tech_ui: tuple[KioskUi, SampleDriver, SimBench],
) -> None:
    ui, _, bench = tech_ui
    tech = ui.technician
    tech.requestAccess()
    tech.unlock(PIN)
    tech.choosePersona("tanaka")
    tech.applyFaults("remove@3")
    assert isinstance(bench.cards, SimCardDesk) and bench.cards.reader is not None
    assert tech.property("faults") == "remove@3"
    assert str(bench.cards.reader.card._plan) == "remove@3"
    tech.applyFaults("explode@1")
    assert "unknown fault" in tech.property("message")


def test_the_trace_shows_recorded_entries(qtbot: QtBot, tech_ui: tuple[KioskUi, SampleDriver, SimBench]) -> None:
    ui, _, bench = tech_ui
    tech = ui.technician
    tech.requestAccess()
    tech.unlock(PIN)
    bench.recorder(TraceEntry(0.0, "00 20 00 80 [secret]", "VERIFY", None, 0, "9000"))
    qtbot.waitUntil(lambda: len(tech.property("trace")) == 1, timeout=3000)
    assert tech.property("trace") == ["00 20 00 80 [secret] -> 0 B, SW 9000"]


@pytest.mark.slow
def test_doctor_runs_and_its_checks_are_shown(qtbot: QtBot, tech_ui: tuple[KioskUi, SampleDriver, SimBench]) -> None:
    ui, _, _ = tech_ui
    tech = ui.technician
    tech.requestAccess()
    tech.unlock(PIN)
    tech.runDoctor()
    qtbot.waitUntil(lambda: not tech.property("doctorRunning"), timeout=60_000)
    assert "[ok] python:" in tech.property("doctorOutput")


def test_doctor_summary_keeps_the_fix() -> None:
    raw = '{"ok": false, "checks": [{"name": "pcscd", "status": "fail", "detail": "not running", "fix": "start it"}]}'
    assert summarise_doctor(raw) == "[fail] pcscd: not running -> start it"
    assert summarise_doctor("not json") == "not json"


@pytest.mark.slow
def test_a_kiosk_in_service_shows_its_technician_the_doctor_with_the_site_checks_and_no_bench(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    config = write_site(tmp_path, reader="pcsc:No Such Reader", backend_url="http://127.0.0.1:9")
    ui = build_ui(SampleDriver(), tech_pin=PIN, site_config=config)
    try:
        tech = ui.technician
        tech.requestAccess()
        tech.unlock(PIN)
        grab(ui)
        assert tech.property("simulator") is False
        assert tech.property("doctorRunning"), "in service the doctor starts when the mode opens"
        for bench_part in ("persona_tanaka", "tech_insert", "faultsField", "traceView"):
            assert not named(ui, bench_part), f"{bench_part}: a kiosk in service has no simulator bench"
        assert one(ui, "tech_doctor") and one(ui, "tech_close")
        tech.runDoctor()
        qtbot.waitUntil(lambda: not tech.property("doctorRunning"), timeout=60_000)
        grab(ui).save(str(tmp_path / "technician-in-service.png"))
        output = tech.property("doctorOutput")
        assert "[ok] site configuration: kiosk kiosk-0001" in output
        assert "[fail] backend: http://127.0.0.1:9 did not answer" in output
        grab(ui)
        assert one(ui, "maintenance").isVisible(), "the maintenance list by area, not a log"
        assert one(ui, "check_network_fail").isVisible() and one(ui, "check_disk_ok").isVisible()
    finally:
        ui.close()


def test_the_doctor_becomes_a_maintenance_list_by_area() -> None:
    from ui.samples import sample_doctor_json
    from ui.technician import MAINTENANCE_AREAS, maintenance_rows

    rows = maintenance_rows(sample_doctor_json())
    areas = [row["area"] for row in rows]
    order = [area for area, _ in MAINTENANCE_AREAS]
    assert areas == sorted(areas, key=order.index), "grouped in the order a technician walks the kiosk"
    assert {"reader", "camera", "printer", "network", "outbox", "disk", "clock"} <= set(areas)
    printer = next(row for row in rows if row["area"] == "printer")
    assert printer["status"] == "warn" and printer["fix"] == "load paper"
    assert maintenance_rows("not json") == []


def test_the_maintenance_screen_shows_each_area_with_its_state(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    from ui.render import show_technician

    ui, _ = sample_kiosk
    show_technician(ui, "technician-maintenance")
    grab(ui)
    try:
        assert one(ui, "maintenance").isVisible()
        assert one(ui, "check_printer_warn").isVisible() and one(ui, "check_clock_ok").isVisible()
    finally:
        ui.technician.close()
