"""The machine-wide checks of ``mynakiosk doctor``: software, voices and sound, pcscd, readers, the card.

None of them changes the card: it is opened, asked which applications answer SELECT, and disconnected with a reset
(no PIN is ever presented).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from drivers.audio.player import AUDIO_DEVICE_ENV
from drivers.audio.speech import discover
from drivers.doctor.checks import Check, Status
from kiosk.card.errors import CardError, ReaderBusy, ReaderGone

# distribution name -> what it is for (shown when it is missing)
LIBRARIES: dict[str, str] = {
    "pyscard": "PC/SC card readers",
    "nfcpy": "the RC-S380 NFC reader",
    "cryptography": "chip verification",
    "click": "the command line",
    "PySide6-Essentials": "the kiosk screen",
    "opencv-python-headless": "the camera and face matching",
    "mediapipe": "liveness checks",
}
VPCD_SYSTEM_CONF = Path("/etc/reader.conf.d/vpcd")


def check_python() -> Check:
    return Check("python", Status.OK, f"Python {platform.python_version()} ({sys.executable})")


def check_libraries() -> list[Check]:
    checks = []
    for dist, purpose in LIBRARIES.items():
        try:
            checks.append(Check(f"library {dist}", Status.OK, metadata.version(dist)))
        except metadata.PackageNotFoundError:
            checks.append(
                Check(f"library {dist}", Status.FAIL, f"not installed (needed for {purpose})", "run scripts/bootstrap")
            )
    return checks


def check_pcscd() -> tuple[Check, list[tuple[str, bool]] | None]:
    """Whether pcscd answers; with the readers it lists (None when it does not answer)."""
    from drivers.cards.pcsc import list_readers

    try:
        readers = list_readers()
    except ReaderGone:
        installed = shutil.which("pcscd") is not None
        fix = (
            "start it: systemctl start pcscd.socket (for the virtual card: scripts/pcscd-vpcd)"
            if installed
            else "install it: apt install pcscd libccid (scripts/bootstrap does this)"
        )
        return Check("pcscd", Status.FAIL, "not running (PC/SC clients get SCARD_E_NO_SERVICE)", fix), None
    return Check("pcscd", Status.OK, "running"), readers


def check_readers(readers: list[tuple[str, bool]]) -> Check:
    if not readers:
        return Check(
            "readers",
            Status.FAIL,
            "pcscd lists no reader",
            "plug the reader in (lsusb should show it); for the virtual card run scripts/pcscd-vpcd",
        )
    listing = ", ".join(f"{name} ({'card' if card else 'empty'})" for name, card in readers)
    return Check("readers", Status.OK, listing)


def check_cards(readers: list[tuple[str, bool]]) -> list[Check]:
    """For each reader holding a card: which of the four applications answer."""
    from drivers.cards.pcsc import PcscConnection
    from kiosk.card.card import MyNumberCard

    with_card = [name for name, card in readers if card]
    if not with_card:
        return [Check("card", Status.WARN, "no card in any reader", "insert a My Number Card to test the chip")]
    checks = []
    for name in with_card:
        try:
            card = MyNumberCard(PcscConnection(name))
        except ReaderBusy:
            checks.append(
                Check(f"card in {name}", Status.WARN, "reader in use", "stop the kiosk (or other program) first")
            )
            continue
        except CardError as exc:
            checks.append(Check(f"card in {name}", Status.FAIL, str(exc), "re-seat the card or try another one"))
            continue
        try:
            apps = card.applications()
        except CardError as exc:
            checks.append(Check(f"card in {name}", Status.FAIL, str(exc), "re-seat the card or try another one"))
            continue
        finally:
            card.close(reset=True)
        answering = [label for label, ok in apps.items() if ok]
        detail = "applications answering: " + (", ".join(answering) or "none")
        if apps.get("jpki"):
            checks.append(Check(f"card in {name}", Status.OK, detail))
        else:
            checks.append(
                Check(f"card in {name}", Status.FAIL, detail, "this is not a My Number Card (no JPKI application)")
            )
    return checks


def check_virtual_reader(conf: Path = VPCD_SYSTEM_CONF) -> Check:
    """The vsmartcard-vpcd package makes the system pcscd accept virtual cards from the network."""
    if conf.exists():
        return Check(
            "virtual reader",
            Status.WARN,
            f"{conf} is installed: pcscd accepts a virtual card from any host on TCP port 35963",
            "on a production kiosk remove it (apt remove vsmartcard-vpcd) or firewall the port",
        )
    return Check("virtual reader", Status.OK, "not configured in the system pcscd")


def nfc_findings(devices: list[tuple[int, int]], known: dict[tuple[int, int], str], port100_loaded: bool) -> Check:
    """What the USB ids on the bus say about readers nfcpy could drive (``nfc:usb``)."""
    found = [f"{known[d]} ({d[0]:04x}:{d[1]:04x})" for d in devices if d in known]
    if not found:
        return Check("nfc reader", Status.OK, "no nfcpy USB reader (fine when the readers go through pcscd)")
    if port100_loaded:
        return Check(
            "nfc reader",
            Status.WARN,
            f"{', '.join(found)} on USB, but the port100 kernel module is loaded and will hold it",
            "blacklist port100 (see docs/readers.md), then re-plug the reader",
        )
    return Check("nfc reader", Status.OK, f"{', '.join(found)} on USB: usable as nfc:usb")


def check_nfc_reader() -> Check:
    """Looks at USB ids only: opening the device would take it away from a running kiosk."""
    try:
        import usb1
        from nfc.clf.device import usb_device_map
    except ImportError as exc:
        return Check("nfc reader", Status.WARN, f"nfcpy or libusb1 missing ({exc.name})", "run scripts/bootstrap")
    try:
        with usb1.USBContext() as context:
            devices = [(d.getVendorID(), d.getProductID()) for d in context.getDeviceIterator(skip_on_error=True)]
    except (OSError, usb1.USBError) as exc:
        return Check("nfc reader", Status.WARN, f"cannot list USB devices ({exc})", "install libusb-1.0-0")
    return nfc_findings(devices, dict(usb_device_map), Path("/sys/module/port100").exists())


def check_voices(voices_dir: Path | None = None) -> list[Check]:
    """Spoken guidance: which offline voice each screen language has (a missing one is a warning: cues and
    the screen still work)."""
    found = discover(voices_dir)
    checks = []
    for language, label in (("ja", "Japanese"), ("en", "English")):
        voice = found.voices.get(language)
        if voice is not None:
            checks.append(Check(f"voice {language}", Status.OK, f"{label}: {voice.name}"))
        else:
            reason = found.missing.get(language, "no engine")
            detail = f"{label} guidance is silent: {reason}"
            checks.append(Check(f"voice {language}", Status.WARN, detail, "run scripts/bootstrap"))
    return checks


def check_sound_output(aplay: str = "aplay") -> Check:
    """Lists ALSA playback devices with ``aplay -l``; plays nothing."""
    binary = shutil.which(aplay)
    if binary is None:
        detail = "aplay is missing: no cues or spoken guidance"
        return Check("sound output", Status.WARN, detail, "run scripts/bootstrap")
    try:
        listing = subprocess.run([binary, "-l"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("sound output", Status.WARN, f"aplay -l failed ({exc})", "check the sound card and its driver")
    cards = [line for line in listing.stdout.splitlines() if line.startswith("card ")]
    if not cards:
        return Check(
            "sound output",
            Status.WARN,
            "no sound card: cues and spoken guidance are off",
            "connect the speaker or handset and check that the kernel sees the sound card",
        )
    device = os.environ.get(AUDIO_DEVICE_ENV)
    detail = cards[0] + (f"; {AUDIO_DEVICE_ENV}={device}" if device else "")
    return Check("sound output", Status.OK, detail)


def time_sync_findings(properties: Mapping[str, str] | None, why: str = "") -> Check:
    """What ``timedatectl show`` (systemd-timedated, ``org.freedesktop.timedate1``) says about time synchronisation;
    ``properties`` None: it could not be asked (``why``)."""
    name = "time sync"
    fix_service = "install systemd-timesyncd or chrony (the kiosk package depends on one); timedatectl set-ntp true"
    if properties is None:
        return Check(name, Status.WARN, f"cannot tell whether the clock is synchronised ({why})", fix_service)
    if properties.get("NTPSynchronized") == "yes":
        return Check(name, Status.OK, f"clock synchronised (NTP={properties.get('NTP', '?')})")
    if properties.get("NTP") != "yes":
        return Check(name, Status.WARN, "no time synchronisation service is active", fix_service)
    return Check(
        name,
        Status.WARN,
        "a time service runs but the clock is not synchronised yet",
        "check that the NTP servers are reachable: timedatectl timesync-status (or chronyc tracking)",
    )


def check_time_sync(timedatectl: str = "timedatectl") -> Check:
    """Whether the clock is synchronised: the kiosk's clock signs every request (the backend refuses one more than
    5 minutes off) and dates what the outbox stores."""
    binary = shutil.which(timedatectl)
    if binary is None:
        return time_sync_findings(None, "timedatectl is missing")
    try:
        shown = subprocess.run([binary, "show"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return time_sync_findings(None, f"timedatectl show failed: {exc}")
    if shown.returncode != 0:
        first = (shown.stderr.strip().splitlines() or ["no output"])[0]
        return time_sync_findings(None, f"timedatectl show: {first}")
    properties = dict(line.split("=", 1) for line in shown.stdout.splitlines() if "=" in line)
    return time_sync_findings(properties)


def run_checks() -> list[Check]:
    checks = [check_python(), *check_libraries(), check_virtual_reader(), check_nfc_reader(), check_time_sync()]
    checks += [*check_voices(), check_sound_output()]
    pcscd, readers = check_pcscd()
    checks.append(pcscd)
    if readers is not None:
        checks.append(check_readers(readers))
        checks.extend(check_cards(readers))
    return checks
