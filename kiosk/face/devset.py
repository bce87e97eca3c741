"""Building a chip-degraded development set for calibration: chip photos, simulated live frames, a pairs CSV.

For each identity the chip photo is made from its first image (card-geometry crop, 210x270, gray, JPEG 2000 of
about 3.6 KB) and the live frames from its other images; an identity with a single image gets simulated live
frames from that same image (random placement in a 640x480 frame, rotation, lighting, blur, noise, JPEG), which
makes its genuine pairs easier than real ones — ``docs/face-calibration.md`` says how much that matters.
Every chip is paired with every other identity's live frames as impostor pairs.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kiosk.face.chip import chip_photo_bytes
from kiosk.face.engine import DetectedFace
from kiosk.face.errors import FaceError
from kiosk.face.image import Image, decode_image

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kiosk.face.engine import FaceEngine

FRAME_SIZE = (640, 480)


@dataclass(frozen=True)
class Identity:
    """One person's source images (at least one).

    ``group``: identities of one group are never paired as impostors (for unlabelled data whose groups may
    hold the same person twice); by default every identity is its own group.
    """

    id: str
    files: tuple[Path, ...]
    group: str = ""


def identities_from_manifest(manifest: Path) -> list[Identity]:
    """The identities of ``assets/faces/manifest.json`` (or a file of the same shape)."""
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    return [
        Identity(str(entry["id"]), tuple(manifest.parent / name for name in entry["files"]))
        for entry in entries
        if entry.get("files")
    ]


def identities_from_folder(folder: Path) -> list[Identity]:
    """Every image file in ``folder`` as its own identity (for unlabelled extra faces: impostors only)."""
    suffixes = {".jpg", ".jpeg", ".png", ".jp2", ".bmp"}
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes)
    return [Identity(f"extra-{p.stem}", (p,)) for p in files]


def simulate_live(image: Image, rng: np.random.Generator, face: DetectedFace | None = None) -> Image:
    """A plausible kiosk-camera frame of the face in ``image``: placed in a 640x480 frame at a random size and
    position, rotated a little, with changed exposure and colour, blur, sensor noise and JPEG compression.
    With ``face``, the frame is first cut around that face (head and shoulders, as a kiosk camera sees them)."""
    import cv2

    cv: Any = cv2
    if face is not None:
        image = _head_and_shoulders(image, face, rng)
    width, height = FRAME_SIZE
    scale = rng.uniform(0.55, 0.95) * min(width / image.shape[1], height / image.shape[0])
    angle = rng.uniform(-8.0, 8.0)
    centre = (image.shape[1] / 2, image.shape[0] / 2)
    matrix = cv.getRotationMatrix2D(centre, angle, scale)
    matrix[0, 2] += width / 2 - centre[0] + rng.uniform(-40, 40)
    matrix[1, 2] += height / 2 - centre[1] + rng.uniform(-20, 20)
    frame = cv.warpAffine(image, matrix, (width, height), borderMode=cv.BORDER_REPLICATE)
    gain = rng.uniform(0.7, 1.25, size=3) * rng.uniform(0.8, 1.15)
    gamma = rng.uniform(0.8, 1.25)
    frame = np.clip(((frame / 255.0) ** gamma) * gain * 255.0, 0, 255).astype(np.uint8)
    sigma = rng.uniform(0.0, 1.4)
    if sigma > 0.3:
        frame = cv.GaussianBlur(frame, (0, 0), sigma)
    noise = rng.normal(0.0, rng.uniform(1.0, 5.0), frame.shape)
    frame = np.clip(frame + noise, 0, 255).astype(np.uint8)
    ok, encoded = cv.imencode(".jpg", frame, [cv.IMWRITE_JPEG_QUALITY, int(rng.integers(70, 95))])
    if not ok:
        raise FaceError("JPEG encoding of a simulated frame failed")
    decoded: Image = cv.imdecode(encoded, cv.IMREAD_COLOR)
    return decoded


def _head_and_shoulders(image: Image, face: DetectedFace, rng: np.random.Generator) -> Image:
    import cv2

    cv: Any = cv2
    side = face.height * rng.uniform(2.0, 2.8)
    cx, cy = face.x + face.width / 2, face.y + face.height * 0.6
    box_w, box_h = side * 4 / 3, side
    matrix = np.array([[1.0, 0.0, box_w / 2 - cx], [0.0, 1.0, box_h / 2 - cy]])
    cut: Image = cv.warpAffine(image, matrix, (round(box_w), round(box_h)), borderMode=cv.BORDER_REPLICATE)
    return cut


def build_devset(
    engine: FaceEngine,
    identities: Sequence[Identity],
    out_dir: Path,
    *,
    lives_per_identity: int = 3,
    seed: int = 5,
    same_source_genuine: bool = True,
    min_eye_distance: float = 0.0,
) -> tuple[Path, int]:
    """Write chips, live frames and ``pairs.csv`` into ``out_dir``; return the CSV path and the number of
    source images skipped (no single face, or eyes closer than ``min_eye_distance`` px).

    With ``same_source_genuine=False`` an identity with a single usable image gives impostor pairs only, so the
    genuine pairs all compare two different photographs."""
    import cv2

    cv: Any = cv2
    rng = np.random.default_rng(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    groups = {identity.id: identity.group or identity.id for identity in identities}
    chips: dict[str, str] = {}
    lives: dict[str, list[str]] = {}
    skipped = 0
    single_source: set[str] = set()
    for identity in identities:
        usable = []
        for path in identity.files:
            try:
                image = decode_image(path.read_bytes())
                face = engine.single_face(image)
            except FaceError:
                skipped += 1
                continue
            if face.eye_distance < min_eye_distance:
                skipped += 1
                continue
            usable.append((image, face))
        if not usable:
            continue
        first, face = usable[0]
        chip_name = f"{identity.id}_chip.jp2"
        (out_dir / chip_name).write_bytes(chip_photo_bytes(first, face))
        chips[identity.id] = chip_name
        sources = usable[1:] or usable
        if len(usable) == 1:
            single_source.add(identity.id)
        names = []
        count = lives_per_identity if len(usable) == 1 else min(lives_per_identity, len(sources))
        for k in range(count):
            image, live_face = sources[k % len(sources)]
            frame = simulate_live(image, rng, live_face)
            name = f"{identity.id}_live{k}.jpg"
            cv.imwrite(str(out_dir / name), frame)
            names.append(name)
        lives[identity.id] = names
    csv_path = out_dir / "pairs.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["chip", "live", "same"])
        for chip_id, chip_name in chips.items():
            for live_id, names in lives.items():
                same = chip_id == live_id
                if not same and groups[chip_id] == groups[live_id]:
                    continue
                if same and not same_source_genuine and chip_id in single_source:
                    continue
                for name in names:
                    writer.writerow([chip_name, name, int(same)])
    return csv_path, skipped


def impostor_pairs_needed(target_far: float) -> int:
    """How many impostor pairs a FAR target needs before it is more than a bound (rule of three, 95%)."""
    return math.ceil(3 / target_far)
