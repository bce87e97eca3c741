"""A complete, valid site configuration on disk for tests: TEST keys and anchors, a kiosk key, a TOML file."""

from __future__ import annotations

from pathlib import Path

import cv2
from cryptography.hazmat.primitives import serialization

from sim.faces import face_for
from sim.pki import TestPki
from sim.pki.kiosk import TestKioskPki
from ui.camera import sway_frames


def write_site(
    directory: Path,
    *,
    kiosk_id: str = "kiosk-0001",
    backend_url: str = "https://kiosk-api.example.jp",
    reader: str = "pcsc",
    camera: str | int = 0,
    extra: str = "",
) -> Path:
    """Write the key, anchors and ``kiosk.toml`` into ``directory``; return the TOML's path. ``extra`` is appended
    to the file (a later table or key overrides nothing: TOML refuses duplicates, so tests add what is missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    key = TestKioskPki().kiosk(kiosk_id).key
    (directory / "kiosk-key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    pki = TestPki.load()
    (directory / "jpki-roots.pem").write_bytes(pki.root_cert_pem)
    (directory / "card-ap-roots.pem").write_bytes(pki.card_ap_root_public_pem)
    device = f'"{camera}"' if isinstance(camera, str) else str(camera)
    path = directory / "kiosk.toml"
    path.write_text(
        f"""
[kiosk]
id = "{kiosk_id}"
signing_key = "kiosk-key.pem"
municipality = "452017"

[backend]
url = "{backend_url}"

[trust]
jpki_roots = "jpki-roots.pem"
card_ap_roots = "card-ap-roots.pem"

[reader]
uri = "{reader}"

[camera]
device = {device}
width = 640
height = 480
fps = 15

[storage]
outbox = "state/outbox.sqlite3"
outbox_key = "state/outbox.key"
{extra}
""",
        encoding="utf-8",
    )
    return path


def write_video(path: Path, *, persona: str = "tanaka", frames: int = 30, size: tuple[int, int] = (640, 480)) -> Path:
    """A short MJPEG video of the persona's face swaying a few pixels (``ui.camera.sway_frames``): what a camera
    would film, for OpenCV to read through the same driver code as a V4L2 device."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 15, size)
    try:
        for frame in sway_frames(face_for(persona).path, count=frames, size=size):
            writer.write(frame)
    finally:
        writer.release()
    return path
