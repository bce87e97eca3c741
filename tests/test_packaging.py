"""packaging/: the systemd units verify, their command lines run against the real CLI, the example config loads."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest

from kiosk.site_config import load
from mynakiosk.commands.backend import backend

from .site_files import write_site

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
UNITS = sorted((PACKAGING / "systemd").iterdir())
INSTALLED = "/opt/mynakiosk"
BUNDLE = f"{INSTALLED}/kiosk/mynakiosk"  # the kiosk's unit runs the bundle the .deb installs (scripts/build-deb)
VENV_CLI = f"{INSTALLED}/.venv/bin/mynakiosk"  # the backend's units run the checkout's virtual environment


def _here(text: str) -> str:
    """A unit's text with the installed programs replaced by this checkout's (the bundle runs the same CLI)."""
    return text.replace(BUNDLE, str(ROOT / ".venv" / "bin" / "mynakiosk")).replace(INSTALLED, str(ROOT))


def _lines(unit: Path, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in unit.read_text().splitlines() if line.startswith(f"{key}=")]


def test_the_units_verify_with_systemd(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "scripts/bootstrap installs systemd (systemd-analyze)"
    for unit in UNITS:
        # Installed, the units run the bundle or /opt/mynakiosk/.venv/bin/mynakiosk, and /usr/bin/cage: here, this
        # checkout's, and a stand-in for cage (a kiosk package, not on the build machine).
        text = _here(unit.read_text()).replace("/usr/bin/cage", shutil.which("true") or "")
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(
        [analyze, "verify", *[str(tmp_path / u.name) for u in UNITS]],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_every_unit_runs_the_installed_cli() -> None:
    for unit in UNITS:
        program = BUNDLE if unit.name == "mynakiosk-kiosk.service" else VENV_CLI
        for key in ("ExecStartPre", "ExecStart"):
            for line in _lines(unit, key):
                assert f"{program} " in line, f"{unit.name} {key}"


def test_the_kiosk_unit_is_watched() -> None:
    """systemd restarts a hung kiosk: it waits for READY=1 and expects WATCHDOG=1 from the kiosk, cage's child."""
    unit = PACKAGING / "systemd" / "mynakiosk-kiosk.service"
    assert _lines(unit, "Type") == ["notify"]
    assert _lines(unit, "NotifyAccess") == ["all"]
    (watchdog,) = _lines(unit, "WatchdogSec")
    assert 5 <= int(watchdog) <= 60
    assert _lines(unit, "Restart") == ["always"]


def test_the_kiosk_units_check_accepts_a_good_configuration(tmp_path: Path) -> None:
    config = write_site(tmp_path)
    (check,) = _lines(PACKAGING / "systemd" / "mynakiosk-kiosk.service", "ExecStartPre")
    argv = shlex.split(_here(check).replace("/etc/mynakiosk/kiosk.toml", str(config)))
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "configuration OK" in result.stdout
    (start,) = _lines(PACKAGING / "systemd" / "mynakiosk-kiosk.service", "ExecStart")
    assert start.endswith(check.removesuffix(" --check")), "the check reads the file the kiosk then runs with"


@pytest.mark.parametrize("unit", ["mynakiosk-backend.service", "mynakiosk-backend-purge.service"])
def test_the_backend_command_lines_parse(unit: str, tmp_path: Path) -> None:
    (tmp_path / "backend-keys").mkdir()  # click checks that the key directory exists
    for key in ("ExecStartPre", "ExecStart"):
        for line in _lines(PACKAGING / "systemd" / unit, key):
            argv = shlex.split(line.replace("/etc/mynakiosk/", f"{tmp_path}/"))
            assert argv[:2] == [f"{INSTALLED}/.venv/bin/mynakiosk", "backend"]
            command = backend.get_command(click.Context(backend), argv[2])
            assert command is not None, line
            with click.Context(backend) as parent:
                command.make_context(argv[2], argv[3:], parent=parent)  # raises on an unknown option or value


def test_the_example_configuration_loads_once_its_files_exist(tmp_path: Path) -> None:
    write_site(tmp_path)  # the keys and anchors, under the names the example uses
    text = (PACKAGING / "kiosk.toml.example").read_text()
    text = text.replace("/etc/mynakiosk/", f"{tmp_path}/").replace("/var/lib/mynakiosk/", f"{tmp_path}/state/")
    (tmp_path / "example.toml").write_text(text)
    config = load(tmp_path / "example.toml")
    assert config.identity.kiosk_id == "kiosk-0001" and config.reader_uri == "pcsc"
    assert config.receipts == tmp_path / "state" / "receipts"
