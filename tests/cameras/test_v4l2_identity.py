"""Virtual cameras are refused before a frame is read; an allow-list pins the kiosk's camera model.

The sysfs trees are built in a temporary folder with the layout the kernel uses (class symlinks into
/sys/devices, a USB interface under its device with idVendor/idProduct, v4l2loopback under devices/virtual).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from drivers.cameras.opencv import OpenCVCamera
from drivers.cameras.v4l2_identity import (
    VIDIOC_QUERYCAP,
    CameraRefused,
    check_device,
    identify,
    normalise_usb_id,
    parse_capability,
    query_capability,
    video_node,
)
from kiosk.face.camera import CameraError, CameraUnavailable

LOOPBACK_CAP = ("v4l2 loopback", "Dummy video device (0x0000)", "platform:v4l2loopback-000")
UVC_CAP = ("uvcvideo", "HD Pro Webcam C920", "usb-0000:00:14.0-2")


def link(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(os.path.relpath(target, path.parent))


@pytest.fixture
def sysfs(tmp_path: Path) -> Path:
    root = tmp_path / "sys"
    # A USB webcam: video0 under interface 1-2:1.0 of USB device 1-2 (046d:082d), bound to uvcvideo.
    usb = root / "devices" / "pci0000:00" / "0000:00:14.0" / "usb1" / "1-2"
    usb.mkdir(parents=True)
    (usb / "idVendor").write_text("046d\n")
    (usb / "idProduct").write_text("082D\n")
    interface = usb / "1-2:1.0"
    uvc = root / "bus" / "usb" / "drivers" / "uvcvideo"
    uvc.mkdir(parents=True)
    link(interface / "driver", uvc)
    video0 = interface / "video4linux" / "video0"
    video0.mkdir(parents=True)
    (video0 / "name").write_text("HD Pro Webcam C920\n")
    link(video0 / "device", interface)
    link(root / "class" / "video4linux" / "video0", video0)
    # v4l2loopback: video7 under devices/virtual, no device link.
    video7 = root / "devices" / "virtual" / "video4linux" / "video7"
    video7.mkdir(parents=True)
    (video7 / "name").write_text("Dummy video device (0x0000)\n")
    link(root / "class" / "video4linux" / "video7", video7)
    return root


def test_a_usb_webcam_is_identified(sysfs: Path) -> None:
    identity = identify("video0", sysfs, UVC_CAP)
    assert identity is not None and not identity.virtual
    assert (identity.usb_id, identity.driver, identity.name) == ("046d:082d", "uvcvideo", "HD Pro Webcam C920")
    assert check_device(0, sysfs=sysfs, capability=lambda _: UVC_CAP) == identity
    assert check_device("/dev/video0", ["046D:082D"], sysfs=sysfs, capability=lambda _: UVC_CAP) == identity


def test_a_v4l2loopback_device_is_refused(sysfs: Path) -> None:
    identity = identify("video7", sysfs)
    assert identity is not None and identity.virtual and identity.usb_id is None
    with pytest.raises(CameraRefused, match="virtual video device"):
        check_device(7, sysfs=sysfs, capability=lambda _: LOOPBACK_CAP)
    with pytest.raises(CameraRefused):  # from sysfs alone, when the node cannot be queried
        check_device("/dev/video7", sysfs=sysfs, capability=lambda _: None)


def test_a_loopback_driver_is_refused_even_on_a_bus(sysfs: Path) -> None:
    """A virtual driver that registers a platform device: the driver and bus information give it away."""
    with pytest.raises(CameraRefused, match="v4l2 loopback"):
        check_device(0, sysfs=sysfs, capability=lambda _: LOOPBACK_CAP)


def test_the_camera_driver_refuses_a_loopback_device_before_opening_it(sysfs: Path) -> None:
    camera = OpenCVCamera(7, sysfs=sysfs, reopen_budget_s=0.0)
    with pytest.raises(CameraRefused) as refused:
        camera.open()
    assert isinstance(refused.value, CameraError) and not isinstance(refused.value, CameraUnavailable)
    assert refused.value.code == "camera_refused"


def test_the_allow_list_refuses_other_models(sysfs: Path) -> None:
    with pytest.raises(CameraRefused, match="not in the allowed camera models 0c45:6366"):
        check_device(0, ["0c45:6366"], sysfs=sysfs, capability=lambda _: UVC_CAP)
    with pytest.raises(CameraRefused, match="cannot be identified"):
        check_device(3, ["046d:082d"], sysfs=sysfs, capability=lambda _: None)
    with pytest.raises(ValueError, match="vendor:product"):
        normalise_usb_id("logitech")


def test_sources_that_are_not_device_nodes_are_not_checked(sysfs: Path, tmp_path: Path) -> None:
    assert video_node(str(tmp_path / "clip.avi")) is None
    assert check_device(str(tmp_path / "clip.avi"), ["046d:082d"], sysfs=sysfs) is None
    assert check_device(3, sysfs=sysfs, capability=lambda _: None) is None  # unknown node, no allow-list


def test_querycap_layout_and_a_node_that_is_not_a_camera(tmp_path: Path) -> None:
    assert VIDIOC_QUERYCAP == 0x80685600
    raw = struct.pack("16s32s32sIII12x", *(s.encode() for s in LOOPBACK_CAP), 0, 0, 0)
    assert len(raw) == 104 and parse_capability(raw) == LOOPBACK_CAP
    plain = tmp_path / "not-a-device"
    plain.write_bytes(b"")
    assert query_capability(str(plain)) is None
    assert query_capability(str(tmp_path / "missing")) is None
