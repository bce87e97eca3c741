"""``mynakiosk doctor --config FILE``: the checks of one installed kiosk, from its site configuration.

Beyond the machine-wide checks of :mod:`drivers.doctor.host`: the configuration loads; the backend answers and accepts
this kiosk's signature (it asks which services the site's municipality may use, a read that changes nothing); the
configured reader answers; the configured camera delivers a frame; the receipt printer's queue is ready; the
outbox opens with the kiosk's key and its backlog (pending, refused, set aside, lost) is reported; the disk holding
the outbox has room; the clock agrees with the backend's (signed requests carry the time). Nothing here touches a
card's PINs or keeps a frame.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from drivers.cameras.opencv import OpenCVCamera
from drivers.cards.pcsc import PNP_NOTIFICATION, PcscReader
from drivers.cards.uri import open_reader
from drivers.doctor.checks import Check, Status
from drivers.printer import CupsPrinter, PrinterError
from kiosk.backend_client import (
    BackendClient,
    BackendError,
    BackendRefused,
    BackendUnavailable,
    ClockOffset,
    RetryPolicy,
)
from kiosk.card.errors import CardError
from kiosk.face.camera import CameraError
from kiosk.outbox import Outbox, OutboxError
from kiosk.site_config import SiteConfig, SiteConfigError, load

CLOCK_WARN_S = 10.0  # a kiosk clock further off than this from the backend's is worth a look
CLOCK_FAIL_S = 120.0  # the backend refuses request signatures 300 s off; well before that, fail
CAMERA_BUDGET_S = 3.0  # how long an unanswering camera is given before it fails the check
BACKLOG_WARN_S = 3600.0  # a pending item older than this means deliveries are not getting through
DISK_WARN_BYTES = 1 << 30  # under 1 GiB free: the outbox and the journal will soon have nowhere to go
DISK_FAIL_BYTES = 100 << 20


def check_site(path: Path) -> list[Check]:
    try:
        config = load(path)
    except SiteConfigError as exc:
        return [Check("site configuration", Status.FAIL, str(exc), "correct that setting and run again")]
    checks = [Check("site configuration", Status.OK, config.summary())]
    outbox = check_outbox(config.outbox_path, config.outbox_key)
    return [
        *checks,
        check_backend(config),
        check_clock(config),
        check_site_reader(config),
        check_camera(config),
        check_printer(config),
        outbox,
        check_disk(config.outbox_path.parent),
    ]


def check_printer(config: SiteConfig) -> Check:
    """The receipt printer's CUPS queue: there, enabled, accepting, with paper. No queue configured is fine."""
    if config.printer_queue is None:
        return Check("printer", Status.OK, "no receipt printer configured (receipts are not printed)")
    try:
        state = CupsPrinter(config.printer_queue, timeout=5.0).state()
    except PrinterError as exc:
        return Check("printer", Status.FAIL, str(exc), "check the printer's cable and power, and `lpstat -p`")
    if not state.enabled or not state.accepting:
        fix = f"`cupsenable {config.printer_queue}` and `cupsaccept {config.printer_queue}` once the printer is fixed"
        return Check("printer", Status.FAIL, f"queue {config.printer_queue!r} is stopped or not accepting", fix)
    if state.out_of_paper:
        return Check(
            "printer", Status.WARN, f"queue {config.printer_queue!r}: {', '.join(state.reasons)}", "load paper"
        )
    return Check("printer", Status.OK, f"queue {config.printer_queue!r} ready")


def check_disk(folder: Path) -> Check:
    """Free space where the outbox lives."""
    where = next((p for p in (folder, *folder.parents) if p.exists()), Path("/"))
    free = shutil.disk_usage(where).free
    detail = f"{free / (1 << 30):.1f} GiB free on {where}"
    if free < DISK_FAIL_BYTES:
        return Check("disk", Status.FAIL, detail, "free space now: the outbox cannot take another application")
    if free < DISK_WARN_BYTES:
        return Check("disk", Status.WARN, detail, "free some space (old journals, packages) before it runs out")
    return Check("disk", Status.OK, detail)


def _client(config: SiteConfig, clock: Callable[[], float] = time.time) -> BackendClient:
    return BackendClient(
        config.backend_url,
        config.identity,
        retry=RetryPolicy(attempts=1),
        client_cert=config.client_cert,
        verify_tls=config.verify_tls,
        clock=clock,
    )


def clock_findings(offset: ClockOffset) -> Check:
    """How far this kiosk's clock is from the backend's, and whether that matters."""
    seconds = offset.seconds
    way = "ahead of" if seconds > 0 else "behind"
    detail = f"{abs(seconds):.1f} s {way} the backend's clock (±{offset.uncertainty_s:.1f} s)"
    off = abs(seconds) - offset.uncertainty_s
    fix = "check the time service: timedatectl status (the package runs systemd-timesyncd or chrony)"
    if off > CLOCK_FAIL_S:
        return Check("clock", Status.FAIL, detail + "; the backend refuses signatures 300 s off", fix)
    if off > CLOCK_WARN_S:
        return Check("clock", Status.WARN, detail, fix)
    return Check("clock", Status.OK, detail)


def check_clock(config: SiteConfig, clock: Callable[[], float] = time.time) -> Check:
    """The kiosk's clock against the backend's (``GET /v1/time``, which needs no signature: a clock too far off
    for signed requests is still measured). ``clock``: the kiosk's wall clock (tests move it)."""
    try:
        offset = _client(config, clock).clock_offset()
    except BackendError as exc:
        detail = f"cannot compare with the backend's clock ({type(exc).__name__})"
        return Check("clock", Status.WARN, detail, "see the backend check above")
    return clock_findings(offset)


def check_backend(config: SiteConfig) -> Check:
    client = _client(config)
    try:
        offered = client.services(config.municipality)
    except BackendRefused as exc:
        fix = (
            "register this kiosk's certificate on the backend (`mynakiosk backend add-kiosk`), or check kiosk.id "
            "and kiosk.signing_key"
            if exc.status in (401, 403)
            else "see the backend's log for this request"
        )
        return Check("backend", Status.FAIL, f"{config.backend_url} refused this kiosk: {exc.status} {exc.title}", fix)
    except BackendUnavailable as exc:
        return Check(
            "backend",
            Status.FAIL,
            f"{config.backend_url} did not answer ({type(exc).__name__})",
            "check backend.url, the network, the TLS settings and that the service runs",
        )
    names = ", ".join(name for name, on in sorted(dataclasses.asdict(offered).items()) if on) or "nothing"
    return Check("backend", Status.OK, f"{config.backend_url} accepts kiosk {config.identity.kiosk_id}; offers {names}")


def check_site_reader(config: SiteConfig) -> Check:
    fix = "plug the reader in and check pcscd (`systemctl status pcscd`); `mynakiosk doctor` lists the readers"
    try:
        reader = open_reader(config.reader_uri)
        present = reader.card_present()
        # A PC/SC name that matches no reader is not "a reader with no card": pcscd lists what it has.
        if isinstance(reader, PcscReader) and not set(reader.states_now()) - {PNP_NOTIFICATION}:
            return Check("configured reader", Status.FAIL, f"pcscd has no reader matching {config.reader_uri}", fix)
    except CardError as exc:
        detail = f"{config.reader_uri} does not answer ({type(exc).__name__})"
        return Check("configured reader", Status.FAIL, detail, fix)
    return Check("configured reader", Status.OK, f"{config.reader_uri} answers; {'a' if present else 'no'} card in it")


def check_camera(config: SiteConfig) -> Check:
    wanted = config.camera
    camera = OpenCVCamera(
        wanted.device,
        width=wanted.width,
        height=wanted.height,
        fps=wanted.fps,
        reopen_budget_s=CAMERA_BUDGET_S,
        allowed_usb_ids=wanted.usb_ids or None,
    )
    try:
        camera.read()
        width, height = camera.resolution
        granted = f"{width}x{height}@{camera.fps:g}"
    except CameraError as exc:
        return Check("camera", Status.FAIL, str(exc), "check the cable and camera.device (`v4l2-ctl --list-devices`)")
    finally:
        camera.close()
    status = Status.OK if (width, height) == (wanted.width, wanted.height) else Status.WARN
    fix = None if status is Status.OK else f"it gives {width}x{height}: set camera.width/height to a mode it has"
    return Check("camera", status, f"{wanted.device!r} delivers frames, {granted}", fix)


def check_outbox(path: Path, key: bytes, *, now: float | None = None) -> Check:
    """The outbox opens with this key and holds no loss; its backlog, refusals and set-aside items are reported."""
    if not path.exists():
        return Check("outbox", Status.OK, f"{path} not made yet (nothing stored)")
    try:
        box = Outbox(path, key)
    except OutboxError as exc:
        return Check("outbox", Status.FAIL, str(exc), "see docs/reliability.md, 'the outbox file'")
    try:
        counts, oldest, losses = box.counts(), box.oldest_pending(), box.losses()
    finally:
        box.close()
    age_s = 0.0 if oldest is None else (now if now is not None else time.time()) - oldest
    detail = (
        f"{counts['pending']} pending (oldest {age_s / 3600:.1f} h), {counts['delivered']} delivered, "
        f"{counts['refused']} refused, {counts['set_aside']} set aside"
    )
    if losses:
        lost = sum(loss.count for loss in losses)
        detail += f"; {lost} item(s) LOST from the file ({losses[-1].how})"
        return Check("outbox", Status.FAIL, detail, "see docs/reliability.md: restore from backup, tell the city")
    if counts["set_aside"]:
        return Check("outbox", Status.FAIL, detail, "items do not open with this kiosk's key: was the key replaced?")
    if counts["refused"] or age_s > BACKLOG_WARN_S:
        return Check("outbox", Status.WARN, detail, "staff: review refusals; check the network if items wait")
    return Check("outbox", Status.OK, detail)
