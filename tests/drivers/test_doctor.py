"""``mynakiosk doctor`` against a real (private) pcscd with the virtual card, in the states a technician meets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drivers.cards.pcsc import PcscReader
from drivers.doctor.checks import Check, Status
from drivers.doctor.host import (
    check_nfc_reader,
    check_sound_output,
    check_virtual_reader,
    check_voices,
    nfc_findings,
    run_checks,
)
from mynakiosk.commands.doctor import doctor
from tests.pcsc_harness import PcscSession

pytestmark = pytest.mark.pcsc


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def test_healthy_kiosk_reports_every_check_ok_as_json(pcsc: PcscSession) -> None:
    result = CliRunner().invoke(doctor, ["--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] is True
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["pcscd"]["status"] == "ok"
    assert f"{pcsc.reader_name} (card)" in checks["readers"]["detail"]
    card = checks[f"card in {pcsc.reader_name}"]
    assert card["status"] == "ok"
    assert card["detail"] == "applications answering: jpki, kenkaku, kenhojo, juki"
    assert all(c["fix"] is None for c in report["checks"] if c["status"] == "ok")


def test_pcscd_down_fails_with_a_fix(pcsc: PcscSession) -> None:
    pcsc.pcscd.stop()
    checks = by_name(run_checks())
    assert checks["pcscd"].status is Status.FAIL
    assert "systemctl start pcscd" in (checks["pcscd"].fix or "")
    assert "readers" not in checks
    result = CliRunner().invoke(doctor, [])
    assert result.exit_code == 1
    assert "fix:" in result.output


def test_empty_reader_is_a_warning_not_a_failure(pcsc: PcscSession) -> None:
    pcsc.card.remove()
    checks = by_name(run_checks())
    assert checks["card"].status is Status.WARN
    assert "insert" in (checks["card"].fix or "")
    assert CliRunner().invoke(doctor, []).exit_code == 0


def test_reader_held_by_the_kiosk_is_reported_not_broken(pcsc: PcscSession) -> None:
    held = PcscReader(pcsc.reader_name).connect()
    try:
        check = by_name(run_checks())[f"card in {pcsc.reader_name}"]
    finally:
        held.close()
    assert check.status is Status.WARN
    assert check.detail == "reader in use"


def test_virtual_reader_in_the_system_pcscd_is_flagged(tmp_path: Path) -> None:
    conf = tmp_path / "vpcd"
    assert check_virtual_reader(conf).status is Status.OK
    conf.write_text('FRIENDLYNAME "Virtual PCD"\n')
    flagged = check_virtual_reader(conf)
    assert flagged.status is Status.WARN
    assert "35963" in flagged.detail


RCS380 = (0x054C, 0x06C3)


def test_rcs380_on_usb_is_found_and_port100_is_flagged() -> None:
    known = {RCS380: "rcs380"}
    assert nfc_findings([(0x1D6B, 0x0002)], known, port100_loaded=False).status is Status.OK
    usable = nfc_findings([RCS380], known, port100_loaded=False)
    assert usable.status is Status.OK and "054c:06c3" in usable.detail and "nfc:usb" in usable.detail
    held = nfc_findings([RCS380], known, port100_loaded=True)
    assert held.status is Status.WARN and "port100" in (held.fix or "")


def test_nfc_check_on_this_machine_does_not_open_any_device() -> None:
    assert check_nfc_reader().status in (Status.OK, Status.WARN)


def test_voices_are_found_after_bootstrap() -> None:
    checks = by_name(check_voices())
    assert checks["voice ja"].status is Status.OK and "open_jtalk" in checks["voice ja"].detail
    assert checks["voice en"].status is Status.OK


def test_a_missing_voice_is_a_warning_with_a_fix(tmp_path: Path) -> None:
    checks = by_name(check_voices(voices_dir=tmp_path))  # no Mei voice file here
    assert checks["voice ja"].status is Status.WARN
    assert checks["voice ja"].fix == "run scripts/bootstrap"


def test_sound_output_without_aplay_is_a_warning() -> None:
    check = check_sound_output(aplay="aplay-that-does-not-exist")
    assert check.status is Status.WARN and check.fix


def test_sound_output_reports_what_alsa_lists() -> None:
    # this machine (and CI) has no sound card; a kiosk has one: either way the check answers, never fails
    check = check_sound_output()
    assert check.status in (Status.OK, Status.WARN)
    if check.status is Status.WARN:
        assert "no sound card" in check.detail
