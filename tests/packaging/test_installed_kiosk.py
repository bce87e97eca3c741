"""The kiosk as a city installs it: the Debian package, installed into a scratch root, run from its bundle.

Builds the bundle and the package with the repository's scripts (skipped by them when nothing changed: the build
lives in ``$MYNAKIOSK_BUILD_CACHE``, by default ``~/.cache/mynakiosk-build``, which outlives the test run), installs
the package with ``dpkg --root`` running the maintainer scripts against that root (``--force-script-chrootless``,
which sets ``DPKG_ROOT``), and runs the installed program with no virtual environment on PATH and nothing of the
checkout in reach. Then upgrade, remove and purge, and what each leaves behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.outbox import Outbox
from kiosk.site_config import load
from sim.personalise import new_card
from sim.personas import get_persona
from tests.site_files import write_site, write_video

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("MYNAKIOSK_BUILD_CACHE", str(Path.home() / ".cache" / "mynakiosk-build")))
PROGRAM = "opt/mynakiosk/kiosk/mynakiosk"
DEPENDS = [
    "pcscd", "libccid", "cage", "open-jtalk", "open-jtalk-mecab-naist-jdic", "espeak-ng", "alsa-utils",
    "tesseract-ocr-jpn", "fonts-noto-cjk", "cups-client", "systemd-timesyncd | time-daemon",
]  # fmt: skip


@pytest.fixture(scope="module")
def deb() -> Path:
    for tool in ("dpkg", "dpkg-deb"):
        assert shutil.which(tool), f"{tool}: scripts/bootstrap installs dpkg-dev"
    env = {**os.environ, "MYNAKIOSK_BUILD_DIR": str(CACHE)}
    result = subprocess.run(
        [ROOT / "scripts" / "build-deb"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (package,) = CACHE.glob("mynakiosk-kiosk_*_amd64.deb")
    return package


def dpkg(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    argv = ["dpkg", f"--root={root}", "--force-script-chrootless", "--force-depends", "--force-not-root", *args]
    if os.geteuid() != 0:
        argv = ["fakeroot", *argv]
    env = {**os.environ, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    result = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def scratch(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty system root with dpkg's database and the host's accounts, the package installed into it."""
    root = tmp_path_factory.mktemp("root")
    admin = root / "var" / "lib" / "dpkg"
    for sub in ("info", "updates", "triggers"):
        (admin / sub).mkdir(parents=True)
    (admin / "status").touch()
    (admin / "available").touch()
    (root / "etc").mkdir()
    for name in ("passwd", "group", "shadow", "gshadow", "login.defs"):
        if Path("/etc", name).exists():
            shutil.copy(Path("/etc", name), root / "etc" / name)
    dpkg(root, "-i", str(deb))
    yield root


def installed(root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed program, as the unit runs it: no virtual environment, no checkout on any path."""
    env = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": str(cwd),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "MYNAKIOSK_AUDIO": "off",
    }
    return subprocess.run(
        [str(root / PROGRAM), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_package_declares_what_the_kiosk_needs_from_debian(deb: Path) -> None:
    info = subprocess.run(["dpkg-deb", "--info", str(deb)], capture_output=True, text=True, check=True).stdout
    (depends,) = [line for line in info.splitlines() if line.strip().startswith("Depends:")]
    assert [d.strip() for d in depends.split(":", 1)[1].split(",")] == DEPENDS
    assert "Package: mynakiosk-kiosk" in info and "Architecture: amd64" in info


def test_the_installed_bundle_runs_its_commands(scratch: Path, tmp_path: Path) -> None:
    version = installed(scratch, "--version", cwd=tmp_path)
    assert version.returncode == 0 and "version" in version.stdout, version.stderr

    doctor = installed(scratch, "doctor", "--json", cwd=tmp_path)
    assert doctor.returncode in (0, 1), doctor.stderr  # 1: this build machine has no pcscd running, no readers
    checks = {check["name"]: check for check in json.loads(doctor.stdout)["checks"]}
    libraries = {name: check["status"] for name, check in checks.items() if name.startswith("library ")}
    assert libraries and set(libraries.values()) == {"ok"}, libraries
    assert str(scratch / PROGRAM) in checks["python"]["detail"]

    demo = installed(scratch, "demo", "--headless", "--flow", "sign-pin-reset", cwd=tmp_path)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]

    config = write_site(tmp_path / "site")
    check = installed(scratch, "run", "--config", str(config), "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "configuration OK" in check.stdout


def test_postinst_makes_the_user_and_directories_and_runs_again_unchanged(scratch: Path) -> None:
    passwd = (scratch / "etc" / "passwd").read_text()
    assert sum(line.startswith("mynakiosk:") for line in passwd.splitlines()) == 1
    assert "/usr/sbin/nologin" in next(line for line in passwd.splitlines() if line.startswith("mynakiosk:"))
    config, state = scratch / "etc" / "mynakiosk", scratch / "var" / "lib" / "mynakiosk"
    assert stat.S_IMODE(config.stat().st_mode) == 0o750 and config.stat().st_uid == 0
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert (config / "kiosk.toml.example").is_file()
    postinst = scratch / "var" / "lib" / "dpkg" / "info" / "mynakiosk-kiosk.postinst"
    for _ in range(2):
        again = subprocess.run(
            ["sh", str(postinst), "configure", "0.1.0"], env={**os.environ, "DPKG_ROOT": str(scratch)},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
    assert (scratch / "etc" / "passwd").read_text() == passwd


def test_the_readers_are_reachable_by_group_only(scratch: Path) -> None:
    rules = (scratch / "lib" / "udev" / "rules.d" / "60-mynakiosk-readers.rules").read_text()
    modes = [part for line in rules.splitlines() if not line.startswith("#") for part in line.split(", ")
             if part.startswith("MODE=")]  # fmt: skip
    assert modes and all(mode == 'MODE="0660"' for mode in modes)
    assert 'ATTR{idVendor}=="054c", ATTR{idProduct}=="06c1"' in rules  # the RC-S380
    assert os.readlink(scratch / "usr" / "bin" / "mynakiosk") == "/" + PROGRAM


def test_an_upgraded_kiosk_starts_watched_on_the_outbox_the_previous_version_wrote(
    deb: Path, scratch: Path, tmp_path: Path
) -> None:
    """The outbox (what residents submitted offline) and the site's configuration survive an upgrade, the new
    bundle opens the outbox the current version wrote, tells systemd it is ready and pings the watchdog; remove
    keeps both, purge deletes them."""
    state = scratch / "var" / "lib" / "mynakiosk"
    card = tmp_path / "card.json"
    new_card(get_persona("tanaka")).save(card)
    config = write_site(
        scratch / "etc" / "mynakiosk", reader=f"sim:{card}", camera=str(write_video(tmp_path / "c.avi"))
    )
    text = config.read_text().replace('"state/outbox', f'"{state}/outbox')
    config.write_text(text)
    site = load(config)  # makes the outbox key, as the first start does
    outbox = Outbox(site.outbox_path, site.outbox_key)
    queued = outbox.put("renewal", {"fixture": "written by the version before the upgrade"})
    outbox.close()

    dpkg(scratch, "-i", str(deb))  # the same version again: dpkg's upgrade path (prerm upgrade, postinst configure)
    assert config.read_text() == text

    messages = run_notified(scratch, config, tmp_path)
    assert messages[0].startswith("READY=1") and "WATCHDOG=1" in messages[1:]
    outbox = Outbox(site.outbox_path, site.outbox_key)
    assert [item.idempotency_key for item in outbox.pending()] == [queued], "still queued, readable by the new one"
    outbox.close()

    dpkg(scratch, "-r", "mynakiosk-kiosk")
    assert not (scratch / PROGRAM).exists()
    assert config.exists() and site.outbox_path.exists() and site.outbox_key == load(config).outbox_key

    dpkg(scratch, "-P", "mynakiosk-kiosk")
    assert not (scratch / "etc" / "mynakiosk").exists()
    assert not state.exists()


def run_notified(root: Path, config: Path, workdir: Path) -> list[str]:
    """``mynakiosk run`` from the installed bundle with a notify socket and a 1 s watchdog, as the unit starts
    it; what it sent until its first watchdog ping (then SIGTERM, which must end it cleanly)."""
    address = workdir / "notify"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    server.settimeout(120)
    env = {
        "PATH": "/usr/bin:/bin", "HOME": str(workdir), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
        "MYNAKIOSK_AUDIO": "off", "NOTIFY_SOCKET": str(address), "WATCHDOG_USEC": "1000000",
    }  # fmt: skip
    process = subprocess.Popen([str(root / PROGRAM), "run", "--config", str(config)], env=env, cwd=workdir,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    messages: list[str] = []
    try:
        while "WATCHDOG=1" not in messages:
            messages.append(server.recv(4096).decode())
    except TimeoutError:
        process.kill()
        pytest.fail(f"no READY=1 / WATCHDOG=1 from the installed kiosk: {process.communicate()[1][-3000:]}")
    finally:
        server.close()
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err[-3000:]
    return messages
