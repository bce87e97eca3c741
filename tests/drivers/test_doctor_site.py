"""``mynakiosk doctor --config``: one installed kiosk checked against a real backend, a real pcscd and OpenCV."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend import embedded
from drivers.doctor import site as doctor_site
from drivers.doctor.checks import Check, Status
from mynakiosk.commands.doctor import doctor
from tests.pcsc_harness import PcscSession
from tests.site_files import write_site, write_video


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[embedded.EmbeddedBackend]:
    service = embedded.start(tmp_path / "backend")
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def site(tmp_path: Path, backend: embedded.EmbeddedBackend, pcsc: PcscSession) -> Callable[..., Path]:
    """``site(**changes)``: the kiosk's TOML: the embedded backend, the card in the private pcscd, a video camera."""
    video = write_video(tmp_path / "camera.avi")

    def make(**changes: object) -> Path:
        settings: dict[str, object] = {
            "kiosk_id": backend.kiosk_id,
            "backend_url": backend.url,
            "reader": pcsc.uri,
            "camera": str(video),
        }
        return write_site(tmp_path / "etc", **{**settings, **changes})  # type: ignore[arg-type]

    return make


@pytest.mark.pcsc
def test_an_installed_kiosk_passes_every_site_check(site: Callable[..., Path], pcsc: PcscSession) -> None:
    checks = by_name(doctor_site.check_site(site()))
    assert {name: c.status for name, c in checks.items()} == {
        "site configuration": Status.OK,
        "backend": Status.OK,
        "clock": Status.OK,
        "configured reader": Status.OK,
        "camera": Status.OK,
        "printer": Status.OK,
        "outbox": Status.OK,
        "disk": Status.OK,
    }, checks
    assert "offers " in checks["backend"].detail and "renewal" in checks["backend"].detail
    assert checks["configured reader"].detail == f"{pcsc.uri} answers; a card in it"
    assert "640x480" in checks["camera"].detail


@pytest.mark.pcsc
def test_a_kiosk_the_backend_does_not_know_is_told_to_register(site: Callable[..., Path]) -> None:
    check = by_name(doctor_site.check_site(site(kiosk_id="kiosk-unknown")))["backend"]
    assert check.status is Status.FAIL and "401" in check.detail
    assert check.fix is not None and "add-kiosk" in check.fix


@pytest.mark.pcsc
def test_a_backend_that_does_not_answer(site: Callable[..., Path]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    check = by_name(doctor_site.check_site(site(backend_url=f"http://127.0.0.1:{port}")))["backend"]
    assert check.status is Status.FAIL and "did not answer" in check.detail and check.fix


@pytest.mark.pcsc
def test_a_reader_name_pcscd_does_not_have(site: Callable[..., Path]) -> None:
    check = by_name(doctor_site.check_site(site(reader="pcsc:No Such Reader")))["configured reader"]
    assert check.status is Status.FAIL and "no reader matching" in check.detail


@pytest.mark.pcsc
def test_a_camera_that_is_not_there(site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor_site, "CAMERA_BUDGET_S", 0.2)
    check = by_name(doctor_site.check_site(site(camera="/nonexistent/camera.avi")))["camera"]
    assert check.status is Status.FAIL and "/nonexistent/camera.avi" in check.detail and check.fix


def test_a_bad_configuration_stops_at_its_setting(tmp_path: Path) -> None:
    path = write_site(tmp_path)
    path.write_text(path.read_text().replace('municipality = "452017"', 'municipality = "4520"'))
    (check,) = doctor_site.check_site(path)
    assert check.status is Status.FAIL and "kiosk.municipality" in check.detail


@pytest.mark.pcsc
def test_doctor_reports_the_site_checks_with_the_machine_checks(site: Callable[..., Path]) -> None:
    result = CliRunner().invoke(doctor, ["--json", "--config", str(site())])
    report = json.loads(result.output)
    names = [c["name"] for c in report["checks"]]
    site_checks = ["site configuration", "backend", "clock", "configured reader", "camera", "printer", "outbox", "disk"]
    assert names[-8:] == site_checks
    assert "pcscd" in names


def test_a_printer_queue_cups_does_not_have_fails(site: Callable[..., Path]) -> None:
    check = by_name(doctor_site.check_site(site(extra='\n[printer]\nqueue = "no-such-queue"\n')))["printer"]
    assert check.status is Status.FAIL and check.fix


def test_free_space_is_reported_where_the_outbox_lives(tmp_path: Path) -> None:
    check = doctor_site.check_disk(tmp_path / "not" / "made" / "yet")
    assert check.status is Status.OK and "GiB free on" in check.detail
