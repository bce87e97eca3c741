"""Which V4L2 device a camera really is, and whether the kiosk may use it.

A virtual camera (v4l2loopback, akvcam, vivid, OBS's virtual camera) lets any program feed frames into the
camera path: a replayed video or a deepfake would reach liveness and matching as if filmed. Such devices are
refused before a single frame is read. The identity comes from sysfs (``/sys/class/video4linux/videoN``: a virtual
device lives under ``/sys/devices/virtual``, a real one under its bus, a USB camera with ``idVendor``/``idProduct``)
and, for an open device node, from ``VIDIOC_QUERYCAP`` (driver name and bus information). A deployment can further
restrict the camera to an allow-list of USB ``vendor:product`` ids (the kiosk's own camera model).

What this does not stop: a USB device that *claims* an allowed id (a gadget or a capture dongle fed by a
computer), or a compromised kiosk OS. Those need the camera wired inside the locked enclosure; see
docs/face-liveness.md.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.face.camera import CameraError

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

SYSFS = Path("/sys")
# Driver names (sysfs driver link, VIDIOC_QUERYCAP driver field) of virtual video devices.
VIRTUAL_DRIVERS = frozenset({"v4l2 loopback", "v4l2loopback", "akvcam", "vivid", "vcam", "obs-virtualcam"})
_VIRTUAL_BUS = re.compile(r"^platform:(v4l2loopback|vivid|akvcam)", re.IGNORECASE)
_USB_ID = re.compile(r"^[0-9a-f]{4}:[0-9a-f]{4}$")
# struct v4l2_capability: driver[16], card[32], bus_info[32], version, capabilities, device_caps, reserved[3].
_CAPABILITY_SIZE = 104
VIDIOC_QUERYCAP = (2 << 30) | (_CAPABILITY_SIZE << 16) | (ord("V") << 8) | 0


class CameraRefused(CameraError):
    """The device is a virtual camera, or not one of the allowed camera models; it is never read from."""

    code = "camera_refused"


@dataclass(frozen=True)
class DeviceIdentity:
    """What sysfs and the driver say about one ``/dev/videoN``."""

    node: str
    name: str
    driver: str
    bus_info: str
    usb_id: str | None
    virtual_path: bool

    @property
    def virtual(self) -> bool:
        """A software device rather than hardware on a bus."""
        return self.virtual_path or self.driver.lower() in VIRTUAL_DRIVERS or bool(_VIRTUAL_BUS.match(self.bus_info))


def normalise_usb_id(value: str) -> str:
    """``"046D:085C"`` → ``"046d:085c"``; raises ValueError for anything that is not ``vvvv:pppp`` in hex."""
    lowered = value.strip().lower()
    if not _USB_ID.match(lowered):
        raise ValueError(f"USB id {value!r} is not vendor:product in hex (e.g. 046d:085c)")
    return lowered


def video_node(device: int | str) -> str | None:
    """``videoN`` for a device index or a ``/dev`` path (symlinks such as ``/dev/v4l/by-id/…`` are followed);
    None for anything else (a video file played through OpenCV in tests)."""
    if isinstance(device, int):
        return f"video{device}"
    if not device.startswith("/dev/"):
        return None
    return Path(os.path.realpath(device)).name


def identify(node: str, sysfs: Path = SYSFS, capability: tuple[str, str, str] | None = None) -> DeviceIdentity | None:
    """The identity of ``node`` (``videoN``) from ``sysfs``, None when sysfs does not know it. ``capability``
    is ``(driver, card, bus_info)`` from :func:`query_capability` when the device node could be queried."""
    entry = sysfs / "class" / "video4linux" / node
    if not entry.exists():
        return None
    real = entry.resolve()
    device = entry / "device"
    driver, usb_id = "", None
    if device.exists():
        bound = device / "driver"
        driver = bound.resolve().name if bound.exists() else ""
        usb_id = _usb_id(device.resolve())
    name = _read(entry / "name")
    cap_driver, _card, bus_info = capability or ("", "", "")
    return DeviceIdentity(
        node=node,
        name=name,
        driver=cap_driver or driver,
        bus_info=bus_info,
        usb_id=usb_id,
        virtual_path="virtual" in real.parts or not device.exists(),
    )


def check_device(
    device: int | str,
    allowed_usb_ids: Collection[str] | None = None,
    sysfs: Path = SYSFS,
    capability: Callable[[str], tuple[str, str, str] | None] | None = None,
) -> DeviceIdentity | None:
    """Refuse (:class:`CameraRefused`) a virtual camera, and with ``allowed_usb_ids`` any device that is not one
    of those USB models. Returns the identity (None for a non-device source, or when sysfs does not know the node
    and no allow-list is configured: on a system without sysfs nothing can be checked).

    ``capability`` answers ``VIDIOC_QUERYCAP`` for a device path (default :func:`query_capability`)."""
    node = video_node(device)
    if node is None:
        return None
    identity = identify(node, sysfs, (capability or query_capability)(f"/dev/{node}"))
    allowed = None if allowed_usb_ids is None else {normalise_usb_id(value) for value in allowed_usb_ids}
    if identity is None:
        if allowed is not None:
            raise CameraRefused(f"camera {device!r} cannot be identified (no {node} in sysfs); the allow-list needs it")
        return None
    if identity.virtual:
        raise CameraRefused(
            f"camera {device!r} is a virtual video device (driver {identity.driver or '?'}, "
            f"bus {identity.bus_info or '?'}, name {identity.name!r}): refused"
        )
    if allowed is not None and identity.usb_id not in allowed:
        raise CameraRefused(
            f"camera {device!r} (USB id {identity.usb_id or 'none'}) is not in the allowed camera models "
            f"{', '.join(sorted(allowed))}"
        )
    return identity


def parse_capability(raw: bytes) -> tuple[str, str, str]:
    """``(driver, card, bus_info)`` from a ``struct v4l2_capability``."""

    def text(start: int, end: int) -> str:
        return raw[start:end].split(b"\0", 1)[0].decode("utf-8", "replace")

    return text(0, 16), text(16, 48), text(48, 80)


def query_capability(path: str) -> tuple[str, str, str] | None:
    """``VIDIOC_QUERYCAP`` on a device node; None when it cannot be opened or is not a V4L2 device."""
    import fcntl

    buffer = bytearray(_CAPABILITY_SIZE)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        fcntl.ioctl(handle, VIDIOC_QUERYCAP, buffer)
    except OSError:
        return None
    finally:
        os.close(handle)
    return parse_capability(bytes(buffer))


def _usb_id(device: Path) -> str | None:
    """``vendor:product`` of the USB device above an interface directory (a few levels up at most)."""
    for folder in (device, *list(device.parents)[:3]):
        vendor, product = folder / "idVendor", folder / "idProduct"
        if vendor.is_file() and product.is_file():
            return f"{_read(vendor).lower()}:{_read(product).lower()}"
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
